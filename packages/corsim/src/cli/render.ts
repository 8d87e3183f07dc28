/**
 * Terminal styling: colour only when the io says so (a TTY without `NO_COLOR`).
 */
let enabled = false;

/** Turns colour on or off for the rest of the run. */
export function setColour(on: boolean): void {
  enabled = on;
}

const paint = (code: number, text: string): string => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
export const green = (t: string): string => paint(32, t);
export const red = (t: string): string => paint(31, t);
export const yellow = (t: string): string => paint(33, t);
export const dim = (t: string): string => paint(2, t);
export const bold = (t: string): string => paint(1, t);
