import fc from 'fast-check';
import { dnsLabel } from './_internals/helpers.js';
import { origin } from './origin.js';
import { HOSTILE_ORIGIN_KINDS, lookAlike, type HostileOrigin, type HostileOriginKind } from './lookAlike.js';

export { HOSTILE_ORIGIN_KINDS, lookAlike, type HostileOrigin, type HostileOriginKind, type LookAlikeChoice, type LookAlikeKind } from './lookAlike.js';

export interface HostileOriginConstraints {
  /**
   * The kinds to draw from.
   * @defaultValue every kind
   */
  readonly kinds?: readonly HostileOriginKind[];
}

/**
 * Look-alike origins for `target` (a serialized origin), as CORS scanners probe servers with: suffix, prefix,
 * unescaped-dot, substring, `null`, the other scheme, subdomain, another port, trailing slash, another case, or an
 * unrelated origin. The value is never byte-equal to `target`, so a correct CORS check never lets it pass for
 * `target`, and a server that allows it for `target`'s resources has a finding. When a kind cannot apply to the
 * target (an unescaped dot in `localhost`), a `suffix` origin is generated instead (a `third-party` one for an IPv6
 * literal, which has no suffix form).
 *
 * @example
 * ```ts
 * fc.sample(hostileOrigin('https://api.example.test'), 3);
 * // [{ kind: 'suffix', value: 'https://api.example.test.k.test', isOrigin: true },
 * //  { kind: 'null', value: 'null', isOrigin: false },
 * //  { kind: 'case', value: 'https://API.example.test', isOrigin: false }]
 * ```
 */
export function hostileOrigin(target: string, constraints: HostileOriginConstraints = {}): fc.Arbitrary<HostileOrigin> {
  const host = new URL(target).hostname;
  const thirdParty = origin().filter((o) => o !== target).map((value): HostileOrigin => ({ kind: 'third-party', value, isOrigin: true }));
  const suffix = dnsLabel.map((label) => lookAlike(target, 'suffix', { label })).chain((h) => (h === null ? thirdParty : fc.constant(h)));
  const kinds = constraints.kinds ?? HOSTILE_ORIGIN_KINDS;
  const orSuffix = (arb: fc.Arbitrary<HostileOrigin | null>): fc.Arbitrary<HostileOrigin> => arb.chain((h) => (h === null ? suffix : fc.constant(h)));

  const make = (kind: HostileOriginKind): fc.Arbitrary<HostileOrigin> => {
    switch (kind) {
      case 'suffix':
        return suffix;
      case 'prefix':
      case 'subdomain':
        return orSuffix(dnsLabel.map((label) => lookAlike(target, kind, { label })));
      case 'unescaped-dot': {
        const dots = [...host].flatMap((ch, i) => (ch === '.' ? [i] : []));
        if (dots.length === 0) return suffix;
        return orSuffix(fc.tuple(fc.constantFrom(...dots), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'))
          .map(([i, char]) => lookAlike(target, kind, { at: i, char })));
      }
      case 'substring':
        if (host.length < 2) return suffix;
        return orSuffix(fc.integer({ min: 1, max: host.length - 1 }).map((k) => lookAlike(target, kind, { at: k })));
      case 'other-port':
        return orSuffix(fc.integer({ min: 1, max: 65535 }).map((port) => lookAlike(target, kind, { port })));
      case 'null':
      case 'other-scheme':
      case 'trailing-slash':
        return orSuffix(fc.constant(lookAlike(target, kind)));
      case 'case': {
        const letters = [...target].flatMap((ch, i) => (/[a-z]/.test(ch) ? [i] : []));
        if (letters.length === 0) return fc.constant({ kind: 'trailing-slash', value: `${target}/`, isOrigin: false });
        return fc.subarray(letters, { minLength: 1 }).map((upper) => ({
          kind, value: [...target].map((ch, i) => (upper.includes(i) ? ch.toUpperCase() : ch)).join(''), isOrigin: false,
        }));
      }
      case 'third-party':
        return thirdParty;
    }
  };
  return fc.constantFrom(...kinds).chain(make);
}
