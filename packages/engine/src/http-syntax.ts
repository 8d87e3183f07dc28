/**
 * Lexical rules from HTTP (RFC 9110) that the Fetch Standard relies on.
 */

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 `token`: one or more tchar. */
export function isToken(value: string): boolean {
  return TCHAR.test(value);
}

/** [HTTP whitespace](https://fetch.spec.whatwg.org/#http-whitespace): TAB, LF, CR, SPACE. */
export function isHttpWhitespace(ch: string): boolean {
  return ch === '\t' || ch === '\n' || ch === '\r' || ch === ' ';
}

/** [HTTP tab or space](https://fetch.spec.whatwg.org/#http-tab-or-space). */
export function isHttpTabOrSpace(ch: string): boolean {
  return ch === '\t' || ch === ' ';
}

/**
 * Strip leading and trailing HTTP whitespace ([normalize](https://fetch.spec.whatwg.org/#concept-header-value-normalize)
 * a header value).
 */
export function normalizeHeaderValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value[start] as string)) start++;
  while (end > start && isHttpWhitespace(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

/** Strip leading and trailing HTTP tab or space, as HTTP parsers do to field values. */
export function trimTabOrSpace(value: string): string {
  if (value === '' || (!isHttpTabOrSpace(value[0] as string) && !isHttpTabOrSpace(value[value.length - 1] as string))) return value;
  let start = 0;
  let end = value.length;
  while (start < end && isHttpTabOrSpace(value[start] as string)) start++;
  while (end > start && isHttpTabOrSpace(value[end - 1] as string)) end--;
  return value.slice(start, end);
}

/** A [header name](https://fetch.spec.whatwg.org/#header-name) is a `token`. */
export function isHeaderName(name: string): boolean {
  return isToken(name);
}

/**
 * A [header value](https://fetch.spec.whatwg.org/#header-value): no leading or trailing HTTP tab or space,
 * no NUL, CR or LF, and (as a JS string) only code units that are bytes.
 */
export function isHeaderValue(value: string): boolean {
  if (value !== trimTabOrSpace(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x00 || c === 0x0a || c === 0x0d || c > 0xff) return false;
  }
  return true;
}

/** The length in bytes of an isomorphic-encoded string (each code unit is one byte). */
export function byteLength(value: string): number {
  return value.length;
}
