/**
 * The step trace: what the engine decided and why, in order, each step linked to the spec. CLIs, test
 * matchers and the playground render it; nothing in the engine reads it back.
 */
import type { SpecAnchor } from './spec.js';

export type TraceKind =
  | 'request'
  | 'header-dropped'
  | 'preflight-decision'
  | 'cache'
  | 'send'
  | 'receive'
  | 'network-error'
  | 'check'
  | 'redirect'
  | 'cookies'
  | 'filter'
  | 'result';

export interface TraceEvent {
  readonly kind: TraceKind;
  /** The algorithm or concept, in the spec's words. */
  readonly step: string;
  readonly anchor: SpecAnchor;
  /** What happened, in one sentence. */
  readonly detail: string;
  /** Whether this step passed, for checks. */
  readonly ok?: boolean;
}

/** Collects trace events. */
export class Trace {
  readonly events: TraceEvent[] = [];
  add(kind: TraceKind, step: string, anchor: SpecAnchor, detail: string, ok?: boolean): void {
    this.events.push(ok === undefined ? { kind, step, anchor, detail } : { kind, step, anchor, detail, ok });
  }
}
