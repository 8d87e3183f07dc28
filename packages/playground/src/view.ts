/**
 * The right side: what happens. A verdict grid (the test hooks), the caches at the chosen time, and for
 * each step the console line of every browser side by side, then the selected browser's wire diagram,
 * what script sees, the fix and the trace.
 */
import type { FetchOutcome } from '@corsim/engine';
import { fixOf, type Scenario } from 'corsim/scenario';
import { h } from './dom.js';
import { sequenceDiagram } from './diagram.js';
import { BROWSERS, type BrowserId } from './fragment.js';
import type { CacheRow } from './caches.js';
import { cachesAt, type BrowserRun, type Runs, type StepRun } from './simulate.js';
import { traceText } from './trace-text.js';

const NAMES: Record<BrowserId, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

function stepTitle(run: StepRun): string {
  const f = run.step.fetch;
  return `Step ${run.index}${run.step.at ? ` at ${run.step.at} s` : ''}: ${f.method} ${f.url}`;
}

function verdictWords(outcome: FetchOutcome): string {
  return outcome.ok ? `Allowed: ${outcome.response.type} ${outcome.response.status}` : `Blocked: ${outcome.reason.code}`;
}

/** `text` with a line-break opportunity before each inner capital, so long CamelCase codes wrap in narrow cells. */
function breakable(text: string): (string | HTMLElement)[] {
  return text.split(/(?=[A-Z])/).flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), part]));
}

function verdictCell(run: StepRun, browser: BrowserId, later: boolean): HTMLElement {
  const o = run.outcome;
  return h('td', {
    class: `verdict ${o.ok ? 'ok' : 'blocked'}${later ? ' later' : ''}`,
    'data-step': run.index, 'data-browser': browser, 'data-outcome': run.result.outcome,
    'data-code': o.ok ? undefined : o.reason.code,
  }, h('span', { class: 'mark', 'aria-hidden': 'true' }, o.ok ? '✓ ' : '✗ '), ...breakable(verdictWords(o)));
}

function verdictGrid(runs: Runs, t: number): HTMLElement {
  const steps = runs.chromium.steps;
  return h('table', { class: 'verdicts' },
    h('caption', {}, 'Verdicts'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Step'), ...BROWSERS.map((b) => h('th', { scope: 'col' }, NAMES[b])))),
    h('tbody', {}, ...steps.map((s, i) => h('tr', {},
      h('th', { scope: 'row' }, `${i}`, h('span', { class: 'at' }, ` at ${s.step.at} s`)),
      ...BROWSERS.map((b) => verdictCell(runs[b].steps[i] as StepRun, b, s.step.at > t))))));
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${Math.round(ms / 100) / 10} s` : 'never';
}

/**
 * What a cache row says at `now`: a preflight entry's live tokens (an expired entry is gone), or a stored
 * response's freshness (a stale one stays stored, for revalidation).
 */
function cacheState(row: CacheRow, now: number): { state: 'live' | 'expired' | 'stale'; words: string } {
  const live = row.tokens.filter((k) => k.expiresAtMs > now);
  const until = Math.max(...row.tokens.map((k) => k.expiresAtMs));
  if (row.lane === 'http') {
    const what = row.tokens.map((k) => k.label).join(', ');
    return live.length
      ? { state: 'live', words: `${what}, fresh until ${seconds(until)} (for ${seconds(until - now)} more): served without asking the server` }
      : { state: 'stale', words: `${what}, stale since ${seconds(until)}: still stored, the next request asks the server (revalidates)` };
  }
  return live.length
    ? { state: 'live', words: `allows ${live.map((k) => k.label).join(', ')}; expires at ${seconds(until)} (in ${seconds(until - now)})` }
    : { state: 'expired', words: `expired at ${seconds(until)}` };
}

function cacheList(run: BrowserRun, t: number): HTMLElement {
  const now = t * 1000;
  const rows = cachesAt(run, t);
  const items = (['preflight', 'http'] as const).map((lane) => {
    const mine = rows.filter((row) => row.lane === lane).map((row) => {
      const { state, words } = cacheState(row, now);
      return h('li', { class: `cache-entry ${state}`, 'data-cache': row.lane, 'data-browser': run.browser, 'data-state': state }, row.key, h('br'), words);
    });
    return h('li', { class: 'cache-lane' }, h('strong', {}, lane === 'preflight' ? 'Preflight cache' : 'HTTP cache'),
      h('ul', {}, ...(mine.length ? mine : [h('li', { class: 'note' }, 'empty')])));
  });
  return h('div', { class: 'cache-col' }, h('h4', {}, NAMES[run.browser]), h('ul', {}, ...items));
}

/** What a browser did in a step, beyond its words: the verdict and the requests it sent. */
function behaviour(run: StepRun): { verdict: string; wire: string } {
  return { verdict: verdictWords(run.outcome), wire: run.outcome.wire.map((x) => `${x.request.method} ${x.request.url}`).join(' ') };
}

/** For each browser, what sets it apart from the others in this step (nothing when all agree). */
function differences(runs: Runs, i: number): Record<BrowserId, string[]> {
  const all = BROWSERS.map((b) => behaviour(runs[b].steps[i] as StepRun));
  const out = { chromium: [] as string[], firefox: [] as string[], webkit: [] as string[] };
  for (const key of ['verdict', 'wire'] as const) {
    const values = all.map((x) => x[key]);
    if (values.every((v) => v === values[0])) continue;
    BROWSERS.forEach((b, k) => {
      const mine = values[k];
      // The odd one out when two agree; every browser when all three differ.
      if (values.filter((v) => v === mine).length === 1) out[b].push(key === 'verdict' ? 'different verdict' : 'different requests');
    });
  }
  return out;
}

function consoleRow(runs: Runs, i: number): HTMLElement {
  const diff = differences(runs, i);
  return h('div', { class: 'consoles' }, ...BROWSERS.map((b) => {
    const own = (runs[b].steps[i] as StepRun).outcome.console;
    const differs = diff[b];
    return h('div', { class: `console${differs.length ? ' differs' : ''}`, 'data-console-step': i, 'data-console-browser': b },
      h('h5', {}, `${NAMES[b]} console`, ...differs.map((d) => h('span', { class: 'badge' }, d))),
      own.length ? h('ul', {}, ...own.map((line) => h('li', { class: 'console-line' }, line))) : h('p', { class: 'quiet' }, 'Nothing printed.'));
  }));
}

function scriptView(run: StepRun): HTMLElement {
  const { outcome, result } = run;
  if (!outcome.ok || !result.response) {
    return h('div', { class: 'script' }, h('h5', {}, 'What script sees'),
      h('p', {}, 'fetch() rejects: ', h('code', {}, outcome.ok ? '' : outcome.exception)),
      h('p', { class: 'quiet' }, 'Script cannot tell why: the reason is only in the console.'));
  }
  const r = result.response;
  const headers = r.headers.map(([n, v]) => h('li', {}, h('code', {}, `${n}: ${v}`)));
  return h('div', { class: 'script' }, h('h5', {}, 'What script sees'),
    h('p', {}, 'fetch() resolves: ', h('code', {}, `Response { type: "${r.type}", status: ${r.status}, redirected: ${r.redirected} }`)),
    h('p', {}, 'Readable headers:'), headers.length ? h('ul', {}, ...headers) : h('p', { class: 'quiet' }, 'none'),
    h('p', {}, 'Body: ', r.body ? h('code', {}, r.body.length > 200 ? `${r.body.slice(0, 200)}…` : r.body) : h('span', { class: 'quiet' }, 'empty')));
}

function fixView(run: StepRun, scenario: Scenario): HTMLElement | null {
  const fix = fixOf(run.outcome, run.step.fetch, new URL(scenario.page).origin);
  if (!fix) return null;
  return h('div', { class: 'fix', 'data-fix-step': run.index }, h('h5', {}, 'How to fix it'), h('p', {}, fix.summary),
    fix.headers?.length ? h('ul', {}, ...fix.headers.map(([n, v]) => h('li', {}, h('code', {}, `${n}: ${v}`)))) : null,
    ...(fix.notes ?? []).map((n) => h('p', { class: 'quiet' }, n)));
}

function traceView(outcome: FetchOutcome): HTMLElement {
  return h('details', { class: 'trace' }, h('summary', {}, `Trace (${outcome.trace.length} steps)`),
    h('ol', {}, ...outcome.trace.map((e) => h('li', { class: e.ok === undefined ? '' : e.ok ? 'pass' : 'fail' },
      h('span', { class: 'mark', 'aria-label': e.ok === undefined ? 'note' : e.ok ? 'passed' : 'failed' }, e.ok === undefined ? '·' : e.ok ? '✓' : '✗'), ' ',
      h('a', { href: e.anchor, target: '_blank', rel: 'noopener' }, e.algorithm), ': ', traceText(e)))));
}

function stepDetails(runs: Runs, i: number, browser: BrowserId, scenario: Scenario, t: number): HTMLElement {
  const run = runs[browser].steps[i] as StepRun;
  const later = run.step.at > t;
  const title = stepTitle(run);
  return h('section', { class: `step${later ? ' later' : ''}`, 'aria-labelledby': `step-${i}-title` },
    h('h3', { id: `step-${i}-title` }, title, later ? h('span', { class: 'badge' }, 'later than the time shown') : null),
    consoleRow(runs, i),
    h('h4', {}, `On the wire in ${NAMES[browser]}`),
    h('div', { class: 'diagram-box', tabindex: 0, role: 'region', 'aria-label': `Sequence diagram of step ${i}` }, sequenceDiagram(run.outcome, `${title}: ${run.outcome.wire.map((x) => `${x.request.method} ${x.request.url}`).join(', ') || 'nothing sent'}; ${verdictWords(run.outcome)}`)),
    h('div', { class: 'cols' }, scriptView(run), fixView(run, scenario)),
    traceView(run.outcome));
}

export function renderView(scenario: Scenario, runs: Runs, browser: BrowserId, t: number): HTMLElement {
  return h('div', { class: 'view' },
    verdictGrid(runs, t),
    h('section', { class: 'caches', 'aria-labelledby': 'caches-title' },
      h('h3', { id: 'caches-title' }, `Caches at ${t} s`),
      h('div', { class: 'cache-cols' }, ...BROWSERS.map((b) => cacheList(runs[b], t)))),
    ...runs[browser].steps.map((_, i) => stepDetails(runs, i, browser, scenario, t)));
}
