/**
 * corsim's transports: implementations of the engine's `Transport` port.
 *
 * - {@link undiciTransport}: real HTTP/1.1 over sockets.
 * - {@link nodeHandlerTransport} / {@link fastifyTransport}: Node `(req, res)` handlers in process.
 * - {@link fetchHandlerTransport}: fetch-style `(Request) => Response` handlers in process.
 * - {@link rulesTransport}: a scenario's declarative rules in process.
 *
 * Every transport resolves, never rejects: failures below HTTP are `{ ok: false, netError }`.
 */
export { undiciTransport, netErrorFor, sendsRawHttp, undiciRefusesHeaderValue, type ConnectTarget, type HostResolver, type UndiciTransport, type UndiciTransportOptions } from '../node/undici.js';
export { rawHttpExchange, type RawHttpOptions } from '../node/raw-http.js';
export { nodeHandlerTransport, fastifyTransport, type NodeRequestHandler, type InProcessOptions, type FastifyLike } from '../node/node-handler.js';
export { fetchHandlerTransport, type FetchHandler, type FetchHandlerOptions } from './fetch-handler.js';
export { rulesTransport, type RulesExchange, type RulesTransportOptions } from './rules.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from './common.js';
export { decodeContent, contentCodings, webContentDecoders, type ContentCoding, type ContentDecoders, type Inflate } from './content-coding.js';
export { zlibContentDecoders } from '../node/zlib-decoders.js';
