/** The version `corsim --version` prints; kept equal to packages/corsim/package.json by a test. */
export const VERSION = '0.1.0';
