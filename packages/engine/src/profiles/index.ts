import type { BrowserName, BrowserProfile } from './profile.js';
import { chromium } from './chromium.js';
import { firefox } from './firefox.js';
import { webkit } from './webkit.js';

/** The profiles corsim ships, by browser name. */
export const profiles: Readonly<Partial<Record<BrowserName, BrowserProfile>>> = { chromium, firefox, webkit };

/** The profile for `name`, or undefined when corsim has none. */
export function getProfile(name: string): BrowserProfile | undefined {
  return Object.hasOwn(profiles, name) ? (profiles as Record<string, BrowserProfile | undefined>)[name] : undefined;
}
