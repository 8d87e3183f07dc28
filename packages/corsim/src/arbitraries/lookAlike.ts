/**
 * Hostile look-alike origins built deterministically: what CORS scanners probe servers with. The arbitrary
 * `hostileOrigin()` draws the choices; the audit uses fixed ones. No fast-check here, so browser code can use it.
 */
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

/** The choices a look-alike is built from: a DNS label, a position in the host, a character, a port. */
export interface LookAlikeChoice {
  /** A DNS label (`suffix`, `prefix`, `subdomain`). */
  readonly label?: string;
  /** `unescaped-dot`: the index of a `.` in the host; `substring`: where the host's tail starts. */
  readonly at?: number;
  /** `unescaped-dot`: the character that replaces the dot. */
  readonly char?: string;
  /** `other-port`. */
  readonly port?: number;
}

/** The kinds {@link lookAlike} builds from a target and a choice. */
export type LookAlikeKind = Exclude<HostileOriginKind, 'case' | 'third-party'>;

/**
 * The look-alike of `kind` for `target` (a serialized origin) made from `choice`, deterministically; `null` when
 * the kind cannot apply to the target with that choice (an unescaped dot in `localhost`, a suffix of an IPv6
 * literal). Never byte-equal to `target`.
 *
 * @example
 * ```ts
 * lookAlike('https://api.example.test', 'suffix', { label: 'evil' }); // { kind: 'suffix', value: 'https://api.example.test.evil.test', isOrigin: true }
 * lookAlike('https://api.example.test', 'unescaped-dot', { at: 3, char: 'x' }); // { …, value: 'https://apixexample.test' }
 * ```
 */
export function lookAlike(target: string, kind: LookAlikeKind, choice: LookAlikeChoice = {}): HostileOrigin | null {
  const t = new URL(target);
  const scheme = t.protocol.slice(0, -1);
  const host = t.hostname;
  const port = t.port;
  const ipv6 = host.startsWith('[');
  const at = (s: string, h: string, p: string): string => `${s}://${h}${p === '' ? '' : `:${p}`}`;
  const asOrigin = (value: string): HostileOrigin | null => {
    const c = canonical(value);
    return c !== null && c !== target ? { kind, value: c, isOrigin: true } : null;
  };
  const label = choice.label ?? 'evil';
  switch (kind) {
    case 'suffix':
      return ipv6 ? null : asOrigin(at(scheme, `${host}.${label}.test`, port));
    case 'prefix':
      return asOrigin(at(scheme, `${label}${host}`, port));
    case 'unescaped-dot': {
      const i = choice.at ?? host.indexOf('.');
      if (ipv6 || host[i] !== '.') return null;
      return asOrigin(at(scheme, `${host.slice(0, i)}${choice.char ?? 'x'}${host.slice(i + 1)}`, port));
    }
    case 'substring': {
      const k = choice.at ?? 1;
      const tail = host.slice(k);
      return ipv6 || k < 1 || k >= host.length || !/^[a-z0-9]/.test(tail) ? null : asOrigin(at(scheme, tail, port));
    }
    case 'null':
      return { kind, value: 'null', isOrigin: false };
    case 'other-scheme':
      return asOrigin(at(scheme === 'https' ? 'http' : 'https', host, port));
    case 'subdomain':
      return asOrigin(at(scheme, `${label}.${host}`, port));
    case 'other-port':
      return asOrigin(at(scheme, host, String(choice.port ?? 8443)));
    case 'trailing-slash':
      return { kind, value: `${target}/`, isOrigin: false };
  }
}

