/**
 * The CORS audit: hostile origins (any origin, `null`, look-alikes of each allowed origin, `http:` of an
 * `https:` one, subdomains) × credentials omit/include × a safelisted and a preflighted request × the paths, each
 * run through the browser model against a server, and what a page on that origin could read reported as classed,
 * severity-ranked findings with the fix. Only what a browser lets page script read counts: every probe is a real
 * fetch() of the model, so a server's answer to a request no browser sends is never a finding. Browser-safe.
 */
import {
  chromium, corsFetch, firefox, getHeader, getProfile, isCorsSafelistedMethod, PreflightCache, sortAndCombine, webkit,
  type BrowserProfile, type FetchOutcome, type Fix, type HeaderPairs, type Transport, type WireExchange,
} from '@corsim/engine';
import { lookAlike, type HostileOriginKind } from '../arbitraries/lookAlike.js';
import { DEFAULT_MAX_PROBES, type Severity } from './limits.js';

export { DEFAULT_MAX_PROBES, SEVERITIES, type Severity } from './limits.js';

export type FindingClass =
  /** Any origin is echoed in Access-Control-Allow-Origin. */
  | 'reflects-any-origin'
  /** `null` (sandboxed iframes, `data:` pages, redirected requests) is allowed. */
  | 'null-origin-allowed'
  /** `https://app.example.evil.test` passes: the check is not anchored at the end. */
  | 'unanchored-suffix'
  /** `https://evilapp.example` passes: the check is not anchored at the start (or lacks a dot boundary). */
  | 'unanchored-prefix'
  /** `https://appxexample.com` passes: a regular expression with an unescaped `.`. */
  | 'unescaped-dot'
  /** A tail of the allowed host passes: an `endsWith` / `includes` check the wrong way round. */
  | 'substring-match'
  /** The `http:` twin of an `https:` origin passes: anyone on the network path can be that origin. */
  | 'insecure-scheme-trusted'
  /** An arbitrary subdomain passes: one taken-over or user-controlled subdomain reads the API. */
  | 'any-subdomain-trusted'
  /** `Access-Control-Allow-Origin: *` on a resource the allow list says is not public. */
  | 'wildcard-origin'
  /** An echoed Access-Control-Allow-Origin without `Vary: Origin`: shared caches can serve one origin's answer to another. */
  | 'missing-vary-origin'
  /** A preflight Max-Age longer than browsers keep it. */
  | 'max-age-over-browser-cap'
  /** `*` with `Access-Control-Allow-Credentials: true`, which browsers refuse for credentialed requests. */
  | 'wildcard-with-credentials';

export interface AuditFinding {
  readonly class: FindingClass;
  readonly severity: Severity;
  /** The URL probed. */
  readonly url: string;
  /** The origins that showed it (hostile ones for reads). */
  readonly origins: readonly string[];
  /** Whether the read worked with cookies (credentials 'include'). */
  readonly credentialed: boolean;
  /** What a page on the origin could read, for reads. */
  readonly read?: { readonly method: string; readonly status: number; readonly bodyBytes: number; readonly exposedHeaders: readonly string[] };
  readonly why: string;
  readonly fix: Fix;
}

export interface AuditOptions {
  /** The server's base URL; paths are resolved against it. */
  readonly url: string;
  /** The origins that may read the server (serialized). `*` says the resources are public for uncredentialed reads. */
  readonly allow: readonly string[];
  /** Paths to probe (default: the URL's own path). */
  readonly paths?: readonly string[];
  /** Methods to probe (default GET). A safelisted method is probed plain and with a preflight-forcing header. */
  readonly methods?: readonly string[];
  /** The browser to behave as (default chromium); Max-Age is checked against every profile's cap. */
  readonly browser?: string | BrowserProfile;
  /**
   * At most this many probes (one fetch() each: a preflight, the request, its redirects); more is a TypeError
   * before anything is sent. Default {@link DEFAULT_MAX_PROBES}.
   */
  readonly maxProbes?: number;
  /** Called after each probe. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly origin: string; readonly url: string }) => void;
}

export interface AuditReport {
  readonly url: string;
  /** Findings, most severe first. */
  readonly findings: readonly AuditFinding[];
  /** Fetches made. */
  readonly probes: number;
  /** Probes that failed below HTTP (refused, timeout, DNS). */
  readonly networkErrors: number;
  /** Requests from an allowed origin that the browser blocked: not a security finding, but the allow list does not work. */
  readonly allowedBlocked: ReadonlyArray<{ readonly origin: string; readonly url: string; readonly method: string; readonly code: string }>;
}

interface Candidate {
  readonly origin: string;
  readonly kind: HostileOriginKind | 'allowed';
}

const KIND_CLASS: Partial<Record<HostileOriginKind, FindingClass>> = {
  'third-party': 'reflects-any-origin', null: 'null-origin-allowed', suffix: 'unanchored-suffix', prefix: 'unanchored-prefix',
  'unescaped-dot': 'unescaped-dot', substring: 'substring-match', 'other-scheme': 'insecure-scheme-trusted', subdomain: 'any-subdomain-trusted',
};

const ATTACKER = 'https://attacker.example';

/** The hostile origins for the allowed ones, deterministic and without duplicates or allowed values. */
export function hostileOrigins(allow: readonly string[]): Candidate[] {
  const out = new Map<string, Candidate>([[ATTACKER, { origin: ATTACKER, kind: 'third-party' }], ['null', { origin: 'null', kind: 'null' }]]);
  for (const target of allow.filter((a) => a !== '*')) {
    const host = new URL(target).hostname;
    const looks = [
      lookAlike(target, 'suffix', { label: 'attacker' }),
      lookAlike(target, 'prefix', { label: 'attacker' }),
      ...[...host].flatMap((ch, i) => (ch === '.' ? [lookAlike(target, 'unescaped-dot', { at: i, char: 'x' })] : [])),
      lookAlike(target, 'substring', { at: 1 }),
      target.startsWith('https:') ? lookAlike(target, 'other-scheme') : null,
      lookAlike(target, 'subdomain', { label: 'attacker' }),
    ];
    for (const h of looks) if (h && h.isOrigin && !out.has(h.value)) out.set(h.value, { origin: h.value, kind: h.kind });
  }
  for (const a of allow) out.delete(a);
  return [...out.values()];
}

interface Probe {
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderPairs;
  readonly body: string | null;
  readonly credentials: 'omit' | 'include';
}

function probesFor(base: string, paths: readonly string[], methods: readonly string[]): Probe[] {
  const out: Probe[] = [];
  for (const p of paths) {
    const url = new URL(p, base).href;
    for (const method of methods) {
      const body = method === 'GET' || method === 'HEAD' ? null : '{}';
      const variants: HeaderPairs[] = isCorsSafelistedMethod(method) ? [[], [['Content-Type', 'application/json']]] : [[['Content-Type', 'application/json']]];
      for (const headers of variants) {
        for (const credentials of ['omit', 'include'] as const) out.push({ url, method, headers, body: headers.length ? body : null, credentials });
      }
    }
  }
  return out;
}

const NOW = { now: () => 0 };

async function run(transport: Transport, profile: BrowserProfile, origin: string, probe: Probe): Promise<FetchOutcome> {
  // `null` is what a page with an opaque origin sends: a data: document stands for a sandboxed page.
  const page = new URL(origin === 'null' ? 'data:text/html,corsim-audit' : `${origin}/`);
  return corsFetch(probe.url, { method: probe.method, headers: probe.headers, body: probe.body, mode: 'cors', credentials: probe.credentials },
    { page, profile, transport, clock: NOW, cache: new PreflightCache(profile.preflightCache) });
}

interface Observed {
  readonly candidate: Candidate;
  readonly probe: Probe;
  readonly outcome: FetchOutcome;
}

const SAFE_ALLOW_FIX: (allow: readonly string[]) => Fix = (allow) => ({
  summary: `compare the request's Origin with an exact list (${allow.filter((a) => a !== '*').join(', ') || 'your trusted origins'}) before echoing it; answer anything else without Access-Control-Allow-Origin`,
  headers: [['Access-Control-Allow-Origin', allow.find((a) => a !== '*') ?? '<the matching allowed origin>'], ['Vary', 'Origin']],
  notes: ['Use equality on the whole serialized origin (a Set of strings), not a RegExp, startsWith, endsWith or includes.'],
});

const KIND_NOTES: Partial<Record<FindingClass, string>> = {
  'reflects-any-origin': 'The server echoes whatever Origin it is sent (cors({ origin: true }), a hand-written `res.setHeader("Access-Control-Allow-Origin", req.headers.origin)`).',
  'null-origin-allowed': 'Never allow `null`: every sandboxed iframe and data: page sends it, so an attacker can too.',
  'unanchored-suffix': 'A pattern such as /^https:\\/\\/app\\.example\\.com/ lacks its `$`: anchor it, or better, compare exactly.',
  'unanchored-prefix': 'A check such as origin.endsWith("example.com") also accepts attackerexample.com: compare exactly, or require the dot.',
  'unescaped-dot': 'In a RegExp an unescaped `.` matches any character: write `\\.`, or compare exactly.',
  'substring-match': 'An `includes` / `indexOf` check accepts parts of the trusted host: compare exactly.',
  'insecure-scheme-trusted': 'Trusting the http: twin lets anyone on the network path (public Wi-Fi) act as the https: origin.',
  'any-subdomain-trusted': 'Trusting every subdomain makes one taken-over or user-content subdomain enough to read the API: list the ones you need.',
};

function exposed(outcome: FetchOutcome): { status: number; bodyBytes: number; exposedHeaders: string[] } {
  if (!outcome.ok) return { status: 0, bodyBytes: 0, exposedHeaders: [] };
  const r = outcome.response;
  return { status: r.status, bodyBytes: r.body.length, exposedHeaders: [...new Set(sortAndCombine(r.headers).map(([n]) => n))] };
}

function readFindings(observed: readonly Observed[], allow: readonly string[]): AuditFinding[] {
  const publicAllowed = allow.includes('*');
  const groups = new Map<string, { cls: FindingClass; url: string; origins: Set<string>; credentialed: boolean; first: Observed }>();
  for (const o of observed) {
    if (o.candidate.kind === 'allowed' || !o.outcome.ok) continue;
    const acao = getHeader(o.outcome.wire[o.outcome.wire.length - 1]?.response?.headers ?? [], 'Access-Control-Allow-Origin');
    const wildcard = acao?.trim() === '*';
    if (wildcard && publicAllowed) continue;
    const cls = wildcard ? 'wildcard-origin' : KIND_CLASS[o.candidate.kind as HostileOriginKind] ?? 'reflects-any-origin';
    const key = `${cls} ${o.probe.url}`;
    const g = groups.get(key) ?? { cls, url: o.probe.url, origins: new Set<string>(), credentialed: false, first: o };
    g.origins.add(o.candidate.origin);
    if (o.probe.credentials === 'include' && !g.credentialed) [g.credentialed, g.first] = [true, o];
    groups.set(key, g);
  }
  // Any origin read: the look-alikes say nothing more.
  const anyOrigin = new Set([...groups.values()].filter((g) => g.cls === 'reflects-any-origin').map((g) => g.url));
  return [...groups.values()].filter((g) => !(anyOrigin.has(g.url) && g.cls !== 'reflects-any-origin' && g.cls !== 'null-origin-allowed' && g.cls !== 'wildcard-origin'))
    .map((g): AuditFinding => {
      const read = { method: g.first.probe.method, ...exposed(g.first.outcome) };
      // The origin whose read `why` describes comes first.
      const shown = g.first.candidate.origin;
      const origins = [shown, ...[...g.origins].filter((o) => o !== shown)];
      const fix = g.cls === 'wildcard-origin'
        ? { summary: 'send `Access-Control-Allow-Origin: *` only on public resources; here, echo an allowed origin instead', headers: SAFE_ALLOW_FIX(allow).headers ?? [],
          notes: ["If the resource is public, audit it with --allow '*'."] }
        : { ...SAFE_ALLOW_FIX(allow), notes: [...(KIND_NOTES[g.cls] ? [KIND_NOTES[g.cls] as string] : []), ...(SAFE_ALLOW_FIX(allow).notes ?? [])] };
      return {
        class: g.cls, severity: g.credentialed ? 'high' : 'medium', url: g.url, origins, credentialed: g.credentialed, read,
        why: `A page at ${origins[0]}${origins.length > 1 ? ` (and ${origins.length - 1} more)` : ''} can read ${g.first.probe.method} ${g.url}: status ${read.status}, `
          + `${read.bodyBytes} bytes of body, headers [${read.exposedHeaders.join(', ')}], ${g.credentialed ? "with the user's cookies" : 'without cookies'}.`,
        fix,
      };
    });
}

function lowFindings(observed: readonly Observed[]): AuditFinding[] {
  const found = new Map<string, AuditFinding>();
  const add = (f: AuditFinding): void => void (found.has(`${f.class} ${f.url}`) || found.set(`${f.class} ${f.url}`, f));
  const all = [chromium, firefox, webkit];
  for (const o of observed) {
    for (const x of o.outcome.wire as readonly WireExchange[]) {
      const headers = x.response?.headers;
      if (!headers) continue;
      const origin = getHeader(x.request.headers, 'Origin');
      const acao = getHeader(headers, 'Access-Control-Allow-Origin');
      const vary = (getHeader(headers, 'Vary') ?? '').toLowerCase().split(',').map((s) => s.trim());
      if (x.leg === 'actual' && acao !== null && acao === origin && origin !== null && !vary.includes('origin') && !vary.includes('*')) {
        add({ class: 'missing-vary-origin', severity: 'low', url: o.probe.url, origins: [origin], credentialed: false,
          why: `${x.request.method} ${o.probe.url} echoes the Origin (${origin}) in Access-Control-Allow-Origin without \`Vary: Origin\`: a shared cache can hand this answer to a page of another origin, which the browser then blocks (or lets read the wrong data).`,
          fix: { summary: 'add `Vary: Origin` to every response whose Access-Control-Allow-Origin depends on the request', headers: [['Vary', 'Origin']] } });
      }
      const maxAge = getHeader(headers, 'Access-Control-Max-Age');
      if (x.leg === 'preflight' && maxAge !== null && /^\d+$/.test(maxAge.trim())) {
        const seconds = Number(maxAge.trim());
        const capped = all.filter((p) => p.preflightCache.parseMaxAge(maxAge) < seconds);
        if (capped.length) {
          const lowest = Math.min(...capped.map((p) => p.preflightCache.parseMaxAge(maxAge)));
          add({ class: 'max-age-over-browser-cap', severity: 'low', url: o.probe.url, origins: [origin ?? ''], credentialed: false,
            why: `The preflight for ${o.probe.url} says Access-Control-Max-Age: ${seconds}, longer than ${capped.map((p) => `${p.name} keeps it (${p.preflightCache.parseMaxAge(maxAge)} s)`).join(', ')}: the value promises caching that does not happen.`,
            fix: { summary: `lower Access-Control-Max-Age to at most ${lowest}`, headers: [['Access-Control-Max-Age', String(lowest)]] } });
        }
      }
      if (acao?.trim() === '*' && getHeader(headers, 'Access-Control-Allow-Credentials')?.trim() === 'true') {
        add({ class: 'wildcard-with-credentials', severity: 'low', url: o.probe.url, origins: [origin ?? ''], credentialed: false,
          why: `${x.request.method} ${o.probe.url} answers \`Access-Control-Allow-Origin: *\` with \`Access-Control-Allow-Credentials: true\`: browsers refuse that pair for credentialed requests, so the credentials flag only misleads.`,
          fix: { summary: "drop `Access-Control-Allow-Credentials: true`, or echo an allowed origin (with `Vary: Origin`) where cookies are needed", headers: [['Vary', 'Origin']] } });
      }
    }
  }
  return [...found.values()];
}

function validate(options: AuditOptions): { profile: BrowserProfile; allow: string[]; maxProbes: number } {
  const maxProbes = options.maxProbes ?? DEFAULT_MAX_PROBES;
  if (!Number.isInteger(maxProbes) || maxProbes < 1) throw new TypeError(`corsim audit: the probe bound must be a positive integer, got ${String(options.maxProbes)}`);
  const profile = typeof options.browser === 'object' ? options.browser : getProfile(options.browser ?? 'chromium');
  if (!profile) throw new TypeError(`corsim audit: unknown browser '${String(options.browser)}'`);
  if (!options.allow.length) throw new TypeError('corsim audit: give at least one allowed origin (or * for a public resource)');
  const allow = options.allow.map((a) => {
    if (a === '*') return a;
    let u: URL;
    try {
      u = new URL(a);
    } catch {
      throw new TypeError(`corsim audit: the allowed origin '${a}' is not an origin such as https://app.example`);
    }
    if (u.origin === 'null' || u.origin !== a.replace(/\/$/, '')) throw new TypeError(`corsim audit: the allowed origin '${a}' is not a serialized origin such as ${u.origin}`);
    return u.origin;
  });
  return { profile, allow, maxProbes };
}

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Audits the server behind `transport` at `options.url`. Rejects (TypeError) only for bad options. */
export async function audit(transport: Transport, options: AuditOptions): Promise<AuditReport> {
  const { profile, allow, maxProbes } = validate(options);
  const base = new URL(options.url);
  const probes = probesFor(base.href, options.paths?.length ? options.paths : [`${base.pathname}${base.search}`], options.methods?.length ? options.methods : ['GET']);
  const candidates: Candidate[] = [...allow.filter((a) => a !== '*').map((origin): Candidate => ({ origin, kind: 'allowed' })), ...hostileOrigins(allow)];
  const observed: Observed[] = [];
  const total = candidates.length * probes.length;
  if (total > maxProbes) {
    throw new TypeError(`corsim audit: ${candidates.length} origins × ${probes.length} requests = ${total} probes, more than ${maxProbes}: `
      + 'probe fewer paths, methods or allowed origins, or raise the bound');
  }
  let networkErrors = 0;
  for (const candidate of candidates) {
    for (const probe of probes) {
      const outcome = await run(transport, profile, candidate.origin, probe);
      if (outcome.wire.some((x) => x.netError !== undefined)) networkErrors++;
      observed.push({ candidate, probe, outcome });
      options.onProgress?.({ done: observed.length, total, origin: candidate.origin, url: probe.url });
    }
  }
  const findings = [...readFindings(observed, allow), ...lowFindings(observed)].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const allowedBlocked = observed.filter((o) => o.candidate.kind === 'allowed' && !o.outcome.ok && o.probe.headers.length === 0 && o.probe.credentials === 'omit')
    .map((o) => ({ origin: o.candidate.origin, url: o.probe.url, method: o.probe.method, code: o.outcome.ok ? '' : o.outcome.reason.code }));
  return { url: base.href, findings, probes: observed.length, networkErrors, allowedBlocked };
}

/** The findings at or above `threshold`. */
export function findingsAtLeast(report: Pick<AuditReport, 'findings'>, threshold: Severity): AuditFinding[] {
  return report.findings.filter((f) => RANK[f.severity] <= RANK[threshold]);
}
