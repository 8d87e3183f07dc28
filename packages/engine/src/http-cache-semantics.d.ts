/**
 * The part of http-cache-semantics 4.3.0 (RFC 9111 rules, CommonJS, no types of its own) that http-cache.ts
 * uses. Header records have lower-case names, one combined value each.
 */
declare module 'http-cache-semantics' {
  interface CacheRequest {
    url?: string;
    method?: string;
    headers: Record<string, string>;
  }
  interface CacheResponse {
    status?: number;
    headers: Record<string, string>;
  }
  interface Options {
    shared?: boolean;
    cacheHeuristic?: number;
    immutableMinTimeToLive?: number;
  }
  interface Evaluation {
    response?: CacheResponse;
    revalidation?: { headers: Record<string, string>; synchronous: boolean };
  }
  class CachePolicy {
    constructor(request: CacheRequest, response: CacheResponse, options?: Options);
    static fromObject<T extends typeof CachePolicy>(this: T, object: object): InstanceType<T>;
    toObject(): object;
    now(): number;
    storable(): boolean;
    evaluateRequest(request: CacheRequest): Evaluation;
    revalidationHeaders(request: CacheRequest): Record<string, string>;
    revalidatedPolicy(request: CacheRequest, response: CacheResponse): { policy: CachePolicy; modified: boolean; matches: boolean };
    /** The response's date (its `Date`, else when it was received), ms. */
    date(): number;
    /** Seconds. */
    age(): number;
    /** The freshness lifetime, seconds. */
    maxAge(): number;
    stale(): boolean;
  }
  export default CachePolicy;
}
