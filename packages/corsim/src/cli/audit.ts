/**
 * `corsim audit <url> --allow <origin>…`: the CORS audit against a live server, with a progress line per origin,
 * findings most severe first, and an exit code by `--fail-on`.
 */
import { audit, DEFAULT_MAX_PROBES, findingsAtLeast, SEVERITIES, type AuditFinding, type Severity } from '../audit/index.js';
import { undiciTransport } from '../node/undici.js';
import { list, str, UsageError, type OptionValues } from './args.js';
import { absoluteUrl, networkOptions } from './check.js';
import { EXIT, type CliIo } from './io.js';
import { bold, dim, red, yellow } from './render.js';
import { renderFix } from './teach.js';

function renderFinding(f: AuditFinding): string[] {
  const tag = f.severity === 'high' ? red('HIGH') : f.severity === 'medium' ? yellow('MEDIUM') : dim('LOW');
  return [`${tag} ${bold(f.class)} ${f.url}`, `  ${f.why}`, ...(f.origins.length > 1 ? [`  origins: ${f.origins.join(', ')}`] : []), ...renderFix(f.fix).map((l) => `  ${l}`)];
}

export async function runAudit(values: OptionValues, positionals: readonly string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(`audit needs exactly one URL, got ${positionals.length}`);
  const url = absoluteUrl(positionals[0] as string, 'the URL');
  const allow = list(values, 'allow').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  if (allow.length === 0) throw new UsageError("audit needs --allow: the origins that may read the server ('*' for a public resource)");
  for (const a of allow) if (a !== '*') absoluteUrl(a, '--allow');
  const threshold = (str(values, 'fail-on') ?? 'low') as Severity;
  const maxProbes = Number(str(values, 'max-probes') ?? DEFAULT_MAX_PROBES);
  if (!Number.isInteger(maxProbes) || maxProbes < 1) throw new UsageError('--max-probes needs a positive whole number');
  const transport = undiciTransport(networkOptions(values));
  let lastOrigin = '';
  let report;
  try {
    report = await audit(transport, {
      url: url.href, allow, paths: list(values, 'path'), methods: list(values, 'method'), browser: str(values, 'browser') ?? 'chromium', maxProbes,
      onProgress: (p) => {
        if (values.quiet === true || p.origin === lastOrigin) return;
        lastOrigin = p.origin;
        io.err(`audit: ${p.origin} (${p.done}/${p.total} probes)…`);
      },
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^corsim audit: /, ''));
    throw error;
  } finally {
    await transport.close();
  }
  if (values.json === true) {
    for (const f of report.findings) io.out(JSON.stringify(f));
  } else {
    for (const f of report.findings) io.out(renderFinding(f).join('\n'));
    for (const b of report.allowedBlocked) io.out(`${yellow('note')}: the allowed origin ${b.origin} cannot read ${b.method} ${b.url} either (${b.code}): run 'corsim check ${b.url} --origin ${b.origin}' to see why.`);
    const counts = SEVERITIES.map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
    io.out(`${report.findings.length ? '' : 'no findings: '}${report.probes} probes of ${report.url}; findings: ${counts}`);
  }
  if (report.networkErrors > 0) {
    io.err(`corsim: ${report.networkErrors} of ${report.probes} probes failed on the network (refused, timeout or DNS): the audit is incomplete`);
    return EXIT.network;
  }
  return findingsAtLeast(report, threshold).length ? EXIT.failed : EXIT.ok;
}
