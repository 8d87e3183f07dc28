/** Where the browsers come from, and the error that says how to get one that is missing. */
import { accessSync, constants } from 'node:fs';
import type { BrowserName } from './types.js';

const DEBIAN_PACKAGE: Record<BrowserName, string> = {
  chromium: 'chromium',
  firefox: 'firefox-esr',
  // WebKitWebDriver, the X server it draws on, and WebKitGTK for Python (the recorder's own browser, see webkit.ts).
  webkit: 'webkit2gtk-driver xvfb python3-gi gir1.2-webkit2-4.1',
};

export class BrowserNotInstalledError extends Error {
  override readonly name = 'BrowserNotInstalledError';
  constructor(
    readonly browser: BrowserName,
    readonly executablePath: string,
  ) {
    super(
      `${browser} is not installed: ${executablePath} is missing or not executable. ` +
        `Install Debian's build with: apt-get update && apt-get install -y ${DEBIAN_PACKAGE[browser]} ` +
        `(or point the recorder at another binary with executablePath / --executable-path). ` +
        `Never let a test tool download its own browser here.`,
    );
  }
}

/** True when `executablePath` exists and is executable. */
export function isInstalled(executablePath: string): boolean {
  try {
    accessSync(executablePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Throws {@link BrowserNotInstalledError} unless `executablePath` is an executable file. */
export function assertInstalled(browser: BrowserName, executablePath: string): void {
  if (!isInstalled(executablePath)) throw new BrowserNotInstalledError(browser, executablePath);
}
