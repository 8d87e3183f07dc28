import fc from 'fast-check';

/**
 * How far to move a virtual clock, in milliseconds: nothing, a little, around whole seconds, around the given
 * `Access-Control-Max-Age` values (one millisecond before, at, after their expiry), around the default 5 s and the
 * Chromium cap (7200 s), or a long time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * fc.assert(fc.property(clockAdvance({ maxAges: [600] }), (ms) => { clock.advance(ms); … }));
 * ```
 */
export function clockAdvance(constraints: { readonly maxAges?: readonly number[] } = {}): fc.Arbitrary<number> {
  const boundaries = [...(constraints.maxAges ?? []), 5, 7200].flatMap((s) => [s * 1000 - 1, s * 1000, s * 1000 + 1]).filter((ms) => ms >= 0);
  return fc.oneof(
    fc.constantFrom(0, 1, 999, 1000, 1001),
    fc.constantFrom(...boundaries),
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 8_000_000 }),
  );
}

/**
 * A schedule of clock moves: a list of {@link clockAdvance} steps.
 *
 * @example
 * ```ts
 * fc.sample(clockSchedule({ maxLength: 3 }), 1); // [[0, 5001, 999]]
 * ```
 */
export function clockSchedule(constraints: { readonly maxAges?: readonly number[]; readonly maxLength?: number } = {}): fc.Arbitrary<number[]> {
  return fc.array(clockAdvance(constraints), { maxLength: constraints.maxLength ?? 5 });
}
