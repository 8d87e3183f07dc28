/**
 * The engine's browser profiles by the names `--browser` accepts.
 */
import { getProfile, type BrowserProfile } from '@corsim/engine';
import { str, UsageError, type OptionValues } from './args.js';
import { BROWSER_NAMES } from './specs/options.js';

/** The profile of a browser name the option table accepted. */
export function profileNamed(name: string): BrowserProfile {
  const profile = getProfile(name);
  if (!profile) throw new UsageError(`unknown browser '${name}'`);
  return profile;
}

/** The profiles `--browser` names. */
export function browsersOf(values: OptionValues): BrowserProfile[] {
  const name = str(values, 'browser') ?? 'chromium';
  return (name === 'all' ? BROWSER_NAMES : [name]).map(profileNamed);
}
