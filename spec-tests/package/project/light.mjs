// A fetch-handler user (hono and the like) imports `corsim` and must not load undici or light-my-request.
import { createRequire } from 'node:module';
import { createBrowser, fetchHandlerTransport, nodeHandlerTransport } from 'corsim';

const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => /[\\/]node_modules[\\/](undici|light-my-request)[\\/]/.test(f)).map((f) => f.match(/node_modules[\\/](undici|light-my-request)/)[1]);
const api = fetchHandlerTransport(() => new Response('ok', { headers: { 'access-control-allow-origin': '*' } }));
const outcome = await createBrowser({ origin: 'https://app.example', transport: api }).outcome('https://api.example/x');
const before = [...new Set(loaded())];
// Control: a Node-handler transport does load light-my-request, so the check above can see it.
await createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport((_req, res) => res.end()) }).outcome('https://api.example/x');
const after = [...new Set(loaded())];
console.log(JSON.stringify({ ok: outcome.ok, before, after }));
