/**
 * `corsim record`: the real-browser recorder is the separate package `@corsim/recorder` (it alone carries
 * playwright-core and puppeteer-core), loaded only when this command runs.
 */
const RECORDER = '@corsim/recorder';

interface RecorderModule {
  recordCommand(argv: readonly string[]): Promise<number>;
}

/** The line printed when the recorder is not installed. */
export const RECORDER_MISSING =
  'corsim record: the real-browser recorder is a separate package; add it to your project with\n' +
  `  npm install --save-dev ${RECORDER}\n`;

function isRecorderMissing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Only the recorder itself missing; a dependency missing inside it is a different fault.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error.message.includes(`'${RECORDER}'`);
}

/** Runs `corsim record`; exit status 2 (and how to install it) when `@corsim/recorder` is missing. */
export async function recordCommand(
  argv: readonly string[],
  load: () => Promise<unknown> = () => import(RECORDER),
): Promise<number> {
  let recorder: RecorderModule;
  try {
    recorder = (await load()) as RecorderModule;
  } catch (error) {
    if (!isRecorderMissing(error)) throw error;
    process.stderr.write(RECORDER_MISSING);
    return 2;
  }
  return recorder.recordCommand(argv);
}
