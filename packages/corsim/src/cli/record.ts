/**
 * `corsim record`'s engine room: the real-browser recorder is the separate package `@corsim/recorder` (it alone
 * carries playwright-core and puppeteer-core), loaded only when the command runs.
 */
const RECORDER = '@corsim/recorder';

/** What `corsim record` uses of `@corsim/recorder` (structural: corsim is built before the recorder). */
export interface RecorderModule {
  collectScenarioFiles(paths: readonly string[]): Promise<string[]>;
  recordFiles(options: {
    readonly browser: 'chromium' | 'firefox' | 'webkit';
    readonly files: readonly string[];
    readonly outDir: string;
    readonly freshBrowser?: boolean;
    readonly executablePath?: string;
    readonly stepTimeoutMs?: number;
    readonly log?: (line: string) => void;
  }): Promise<{
    readonly recorded: readonly string[];
    readonly skipped: readonly string[];
    readonly failed: ReadonlyArray<{ readonly file: string; readonly error: string }>;
    readonly browser: string | undefined;
  }>;
}

/** The message printed when the recorder is not installed. */
export const RECORDER_MISSING =
  'corsim record: the real-browser recorder is a separate package; add it to your project with\n' +
  `  npm install --save-dev ${RECORDER}`;

function isRecorderMissing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Only the recorder itself missing; a dependency missing inside it is a different fault.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error.message.includes(`'${RECORDER}'`);
}

/** Loads `@corsim/recorder`; `null` when it is not installed. */
export async function loadRecorder(load: () => Promise<unknown> = () => import(RECORDER)): Promise<RecorderModule | null> {
  try {
    return (await load()) as RecorderModule;
  } catch (error) {
    if (isRecorderMissing(error)) return null;
    throw error;
  }
}
