/**
 * `corsim record`: plays cors-scenario/1 files in real browsers (Chromium over CDP with
 * playwright-core, Firefox over WebDriver BiDi with puppeteer-core,
 * WebKitGTK over classic WebDriver with WebKitWebDriver) and writes cors-result/1.
 */
export { recordCommand } from './command.js';
export { recordScenario, createRecorder, launchBrowser, scenarioHosts, RecordError, type RecordOptions, type Recorder } from './record.js';
export { parsePlayableScenario, looksLikeScenario, ScenarioFormatError } from './scenario-file.js';
export { BrowserNotInstalledError, isInstalled } from './install.js';
export { DEFAULT_CHROMIUM_PATH, CHROMIUM_SWITCHES } from './chromium.js';
export { DEFAULT_FIREFOX_PATH, FIREFOX_PREFS, localDomains } from './firefox.js';
export { DEFAULT_WEBKIT_DRIVER_PATH, DEFAULT_XVFB_PATH, DEFAULT_WEBKIT_PYTHON, missingWebKitPieces, startLoopbackProxy } from './webkit.js';
export { collectScenarioFiles, recordFiles, type RecordFilesOptions, type RecordFilesSummary } from './files.js';
export type { BrowserName, BrowserDriver, BrowserSession, LaunchOptions, StepOutcome } from './types.js';
export { BROWSER_NAMES } from './types.js';
