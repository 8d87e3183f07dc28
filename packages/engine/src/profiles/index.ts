import type { BrowserName, BrowserProfile } from './profile.js';
import { chromium } from './chromium.js';

/** The profiles corsim ships, by browser name. */
export const profiles: Readonly<Partial<Record<BrowserName, BrowserProfile>>> = { chromium };

/** The profile for `name`, or undefined when corsim has none. */
export function getProfile(name: string): BrowserProfile | undefined {
  return (profiles as Record<string, BrowserProfile | undefined>)[name];
}
