/**
 * corsim: a simulated browser page whose fetch() enforces CORS as Chromium, Firefox or WebKit does,
 * over real sockets or in-process servers.
 *
 * Everything in `corsim/web` plus the Node transports. undici and light-my-request load on the first
 * `undiciTransport()` / `nodeHandlerTransport()` call, not on import, so a suite that only uses
 * `fetchHandlerTransport` (hono, itty-router) never loads them.
 *
 * @example
 * const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
 * const res = await browser.fetch('https://api.example/data', { credentials: 'include' });
 */
export * from './web.js';
export {
  undiciTransport, nodeHandlerTransport, fastifyTransport, netErrorFor,
  type HostResolver, type UndiciTransport, type UndiciTransportOptions, type NodeRequestHandler, type InProcessOptions, type FastifyLike,
} from './node/index.js';
