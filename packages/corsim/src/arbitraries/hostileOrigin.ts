import fc from 'fast-check';
import { dnsLabel } from './_internals/helpers.js';
import { origin } from './origin.js';

/** The probes a CORS scanner (Corsy, CORScanner) sends to find a server that trusts the wrong origin. */
export type HostileOriginKind =
  /** `https://api.example.test.evil.test`: the trusted host as a prefix of the attacker's (an unanchored `^…` check). */
  | 'suffix'
  /** `https://evilapi.example.test`: the trusted host as a suffix of the attacker's (an `…$` check without a dot). */
  | 'prefix'
  /** `https://apiXexample.test`: one dot replaced (a regular expression with an unescaped `.`). */
  | 'unescaped-dot'
  /** `https://ample.test`: a tail of the trusted host (a `contains` / `endsWith` check). */
  | 'substring'
  /** `null`: what sandboxed iframes, `data:` pages and redirect-tainted requests send. */
  | 'null'
  /** `http://api.example.test` for an `https:` origin (or the reverse): the same host on the other scheme. */
  | 'other-scheme'
  /** `https://evil.api.example.test`: any subdomain (a `*.example.test`-style check, or a subdomain takeover). */
  | 'subdomain'
  /** Another port on the same host. */
  | 'other-port'
  /** `https://api.example.test/`: the same origin with a trailing slash — not a serialized origin, never matches. */
  | 'trailing-slash'
  /** `https://API.example.test`: the same origin in another case — the CORS check compares bytes, never matches. */
  | 'case'
  /** An unrelated origin. */
  | 'third-party';

/** One hostile origin for a target. */
export interface HostileOrigin {
  readonly kind: HostileOriginKind;
  /** The value, never byte-equal to the target's serialization. */
  readonly value: string;
  /**
   * Whether `value` is the serialization of an origin other than the target (so it can be a page origin). `false` for
   * `null`, `trailing-slash` and `case`, which only make sense as `Origin` or `Access-Control-Allow-Origin` values.
   */
  readonly isOrigin: boolean;
}

export interface HostileOriginConstraints {
  /**
   * The kinds to draw from.
   * @defaultValue every kind
   */
  readonly kinds?: readonly HostileOriginKind[];
}

export const HOSTILE_ORIGIN_KINDS: readonly HostileOriginKind[] = [
  'suffix', 'prefix', 'unescaped-dot', 'substring', 'null', 'other-scheme', 'subdomain', 'other-port', 'trailing-slash', 'case', 'third-party',
];

function canonical(value: string): string | null {
  try {
    const u = new URL(value);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
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
  const t = new URL(target);
  const scheme = t.protocol.slice(0, -1);
  const host = t.hostname;
  const port = t.port;
  const at = (s: string, h: string, p: string): string => `${s}://${h}${p === '' ? '' : `:${p}`}`;
  const thirdParty = origin().filter((o) => o !== target).map((value): HostileOrigin => ({ kind: 'third-party', value, isOrigin: true }));
  // An IPv6 literal has no suffix form: an unrelated origin stands in.
  const suffix = host.startsWith('[') ? thirdParty
    : dnsLabel.map((l) => canonical(at(scheme, `${host}.${l}.test`, port))).chain((value) =>
      (value === null || value === target ? thirdParty : fc.constant<HostileOrigin>({ kind: 'suffix', value, isOrigin: true })));
  const kinds = constraints.kinds ?? HOSTILE_ORIGIN_KINDS;

  const make = (kind: HostileOriginKind): fc.Arbitrary<HostileOrigin> => {
    const asOrigin = (value: string): HostileOrigin | null => {
      const c = canonical(value);
      return c !== null && c !== target ? { kind, value: c, isOrigin: true } : null;
    };
    const orSuffix = (arb: fc.Arbitrary<HostileOrigin | null>): fc.Arbitrary<HostileOrigin> =>
      arb.chain((h) => (h === null ? suffix : fc.constant(h)));
    switch (kind) {
      case 'suffix':
        return suffix;
      case 'prefix':
        return orSuffix(dnsLabel.map((l) => asOrigin(at(scheme, `${l}${host}`, port))));
      case 'unescaped-dot': {
        const dots = [...host].flatMap((ch, i) => (ch === '.' ? [i] : []));
        if (dots.length === 0 || host.startsWith('[')) return suffix;
        return orSuffix(fc.tuple(fc.constantFrom(...dots), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'))
          .map(([i, ch]) => asOrigin(at(scheme, `${host.slice(0, i)}${ch}${host.slice(i + 1)}`, port))));
      }
      case 'substring':
        if (host.length < 2 || host.startsWith('[')) return suffix;
        return orSuffix(fc.integer({ min: 1, max: host.length - 1 })
          .map((k) => host.slice(k))
          .map((h) => (/^[a-z0-9]/.test(h) ? asOrigin(at(scheme, h, port)) : null)));
      case 'null':
        return fc.constant({ kind, value: 'null', isOrigin: false });
      case 'other-scheme':
        return orSuffix(fc.constant(asOrigin(at(scheme === 'https' ? 'http' : 'https', host, port))));
      case 'subdomain':
        return orSuffix(dnsLabel.map((l) => asOrigin(at(scheme, `${l}.${host}`, port))));
      case 'other-port':
        return orSuffix(fc.integer({ min: 1, max: 65535 }).map((p) => asOrigin(at(scheme, host, String(p)))));
      case 'trailing-slash':
        return fc.constant({ kind, value: `${target}/`, isOrigin: false });
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
