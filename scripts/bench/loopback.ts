/** Starts `server.ts` in a child process and resolves with its port and a function that stops it. */
import { spawn } from 'node:child_process';
import { benchModuleArgs, TSX } from './lib.js';

export async function startLoopbackServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(TSX, benchModuleArgs('server.ts'), { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  const stop = (): Promise<void> => new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin.end();
  });
  return { port, stop };
}
