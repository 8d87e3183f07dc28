/**
 * corsim/node: the Node-only pieces — transports over sockets and for `(req, res)` handlers, the raw
 * HTTP/1.1 client, and the loopback servers that play a scenario's rules (what `replay --transport http`
 * and the real-browser recorder listen with).
 */
export { undiciTransport, netErrorFor, sendsRawHttp, undiciRefusesHeaderValue, type ConnectTarget, type HostResolver, type UndiciTransport, type UndiciTransportOptions } from './undici.js';
export { rawHttpExchange, type RawHttpOptions } from './raw-http.js';
export { nodeHandlerTransport, fastifyTransport, type NodeRequestHandler, type InProcessOptions, type FastifyLike } from './node-handler.js';
export { startScenarioServers, scenarioOrigins, type LoggedRequest, type ScenarioServers, type ScenarioServersOptions } from './http-servers.js';
export { Http1Error, RequestReader, requestErrorStatus, requestFraming, serializeHead, type Http1Failure, type Http1Limits, type RequestEvent, type RequestHead } from './http1.js';
