/**
 * The audit's severities and its default probe bound, apart from the audit itself so that `corsim --help` can
 * name them without loading the engine.
 */
export type Severity = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** The default bound on probes: origins × paths × methods × 2 request shapes × 2 credentials modes. */
export const DEFAULT_MAX_PROBES = 2000;
