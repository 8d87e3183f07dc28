/**
 * Records scenarios in a real browser: the same command as `corsim record` (packages/corsim/src/cli/record.ts).
 *   tsx --conditions=source scripts/record.ts <scenario files or dirs…> --browser chromium|firefox --out DIR
 */
import { recordCommand } from '../packages/corsim/src/cli/record.js';

process.exitCode = await recordCommand(process.argv.slice(2));
