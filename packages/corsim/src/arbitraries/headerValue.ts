import fc from 'fast-check';

export interface HeaderValueConstraints {
  /** @defaultValue 40 */
  readonly maxLength?: number;
  /**
   * `ascii`: printable ASCII and TAB inside; `latin1`: any byte but NUL, CR, LF (as isomorphic-decoded code units
   * up to U+00FF).
   * @defaultValue `'ascii'`
   */
  readonly charset?: 'ascii' | 'latin1';
}

const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\t';
const LATIN1 = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\0' && c !== '\n' && c !== '\r').join('');

/**
 * A valid [header value](https://fetch.spec.whatwg.org/#header-value): no leading or trailing tab or space, no NUL,
 * CR or LF, only code units up to U+00FF. `Headers` accepts it as it is (normalizing changes nothing).
 *
 * @example
 * ```ts
 * fc.sample(headerValue({ maxLength: 8 }), 3); // ['', 'a b', '{"x":1}']
 * ```
 */
export function headerValue(constraints: HeaderValueConstraints = {}): fc.Arbitrary<string> {
  const chars = constraints.charset === 'latin1' ? LATIN1 : ASCII;
  return fc.string({ unit: fc.constantFrom(...chars), maxLength: constraints.maxLength ?? 40 })
    .map((s) => s.replace(/^[\t ]+|[\t ]+$/g, ''));
}
