/**
 * Records scenarios in a real browser: the same command as `corsim record` (packages/recorder/src/command.ts).
 *   tsx --conditions=source scripts/record.ts <scenario files or dirs…> --browser chromium|firefox --out DIR
 */
import { recordCommand } from '@corsim/recorder';

process.exitCode = await recordCommand(process.argv.slice(2));
