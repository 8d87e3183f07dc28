/**
 * The fix to suggest for a failure. `@corsim/engine` is getting a fix table (`fixFor`); until it is
 * exported this module falls back to the reason's own explanation. The only place the page asks for fixes.
 */
import * as engine from '@corsim/engine';
import type { FailureReason } from '@corsim/engine';

export interface FixContext {
  readonly url: string;
  readonly method: string;
  readonly origin: string;
  readonly credentials: string;
  readonly requestHeaderNames?: readonly string[];
}

export interface Fix {
  readonly summary: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly notes?: readonly string[];
}

type FixFor = (reason: FailureReason, context: FixContext) => Fix | null;

export function fixFor(reason: FailureReason, context: FixContext): Fix | null {
  // Looked up by name so the page builds whether or not the engine exports it yet.
  const table: unknown = Reflect.get(engine, 'fixFor');
  if (typeof table === 'function') return (table as FixFor)(reason, context);
  return { summary: reason.explanation };
}
