/**
 * Human-readable rendering of outcomes for the terminal.
 */
import { describeTraceEvent, type FetchOutcome } from '@corsim/engine';
import type { ScenarioStep } from '../scenario/types.js';

const useColor = (): boolean => typeof process !== 'undefined' && process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number, text: string): string => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);
export const green = (t: string): string => paint(32, t);
export const red = (t: string): string => paint(31, t);
export const dim = (t: string): string => paint(2, t);
export const bold = (t: string): string => paint(1, t);

/** The verdict of one step, its console line, and (with `trace`) every step of the engine's reasoning. */
export function renderStep(step: ScenarioStep, outcome: FetchOutcome, index: number, trace: boolean): string {
  const f = step.fetch;
  const lines: string[] = [];
  const head = `step ${index}${step.at ? ` (at ${step.at} s)` : ''}: ${f.method} ${f.url} [mode ${f.mode}, credentials ${f.credentials}${f.redirect !== 'follow' ? `, redirect ${f.redirect}` : ''}]`;
  lines.push(bold(head));
  if (outcome.ok) {
    const r = outcome.response;
    lines.push(`  ${green('ALLOWED')}: fetch() resolves with a ${r.type} response, status ${r.status}.`);
  } else {
    const where = { request: 'before anything was sent', preflight: 'on the preflight', actual: 'on the actual response', redirect: 'on a redirect' }[outcome.reason.leg];
    lines.push(`  ${red('BLOCKED')} ${where}: ${outcome.reason.code}${outcome.reason.parameter ? ` (${outcome.reason.parameter})` : ''}`);
    lines.push(`  ${outcome.reason.explanation}`);
    lines.push(`  script sees: ${outcome.exception}`);
    for (const c of outcome.console) lines.push(`  console: ${c}`);
    lines.push(`  ${dim(`spec: ${outcome.reason.anchor}`)}`);
  }
  const sent = outcome.wire.map((x) => `${x.request.method} ${x.request.url}${x.response ? ` → ${x.response.status}` : x.netError ? ` → net::${x.netError.name}` : ''}`);
  lines.push(`  wire: ${sent.length ? sent.join(' | ') : 'nothing was sent'}`);
  if (trace) {
    for (const e of outcome.trace) {
      const mark = e.ok === undefined ? '·' : e.ok ? green('✓') : red('✗');
      lines.push(`    ${mark} ${e.algorithm}: ${describeTraceEvent(e)} ${dim(e.anchor)}`);
    }
  }
  return lines.join('\n');
}
