import fc from 'fast-check';
import { customHeaderName } from './headerName.js';
import { headerValue } from './headerValue.js';
import type { RequestHeader } from './safelistedRequestHeader.js';

/**
 * A custom request header: a {@link customHeaderName} with any valid header value. Always CORS-unsafe.
 *
 * @example
 * ```ts
 * fc.sample(customRequestHeader(), 2); // [['X-Api-Key', 'k1'], ['authorization', 'Bearer t']]
 * ```
 */
export function customRequestHeader(constraints: { readonly maxValueLength?: number } = {}): fc.Arbitrary<RequestHeader> {
  return fc.tuple(customHeaderName(), headerValue({ maxLength: constraints.maxValueLength ?? 24 }));
}
