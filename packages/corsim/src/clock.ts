/**
 * Clocks for the engine's Clock port.
 */
import type { Clock } from '@corsim/engine';

/** A clock that moves only when told to: scenario steps jump to their `at` instantly. */
export class VirtualClock implements Clock {
  #now: number;
  constructor(startMs = 0) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  /** Moves forward by `ms` (never backward). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.#now += ms;
  }
  /** Moves to `ms` if that is later than now. */
  advanceTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}

/** Real time, for live use against real servers. */
export const systemClock: Clock = { now: () => performance.now() };
