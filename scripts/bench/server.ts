/**
 * The workload's loopback server in its own process, so that its CPU is not charged to the client being measured:
 * prints `{"port":N}` and serves until stdin closes.
 */
import http from 'node:http';
import { handler } from './workload.js';

const server = http.createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port })));
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
