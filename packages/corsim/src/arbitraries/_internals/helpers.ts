/**
 * Small building blocks shared by the arbitraries.
 */
import fc from 'fast-check';

/** `s` with each letter independently upper- or lower-cased. */
export function randomCase(s: string): fc.Arbitrary<string> {
  if (!/[a-z]/i.test(s)) return fc.constant(s);
  return fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((flags) => [...s].map((ch, i) => (flags[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));
}

/** A name from `names`, in a random case. */
export function nameInRandomCase(names: readonly string[]): fc.Arbitrary<string> {
  return fc.constantFrom(...names).chain(randomCase);
}

/** A string of 1 to `maxLength` characters from `chars`. */
export function stringOf(chars: string, constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...chars), minLength: constraints.minLength ?? 1, maxLength: constraints.maxLength ?? 12 });
}

/** A DNS label: lower-case letters and digits, hyphens inside. */
export const dnsLabel: fc.Arbitrary<string> = fc.tuple(
  stringOf('abcdefghijklmnopqrstuvwxyz', { minLength: 1, maxLength: 1 }),
  stringOf('abcdefghijklmnopqrstuvwxyz0123456789-', { minLength: 0, maxLength: 10 }),
  stringOf('abcdefghijklmnopqrstuvwxyz0123456789', { minLength: 0, maxLength: 1 }),
).map(([a, b, c]) => `${a}${b}${c}`).filter((l) => !l.endsWith('-') && !/^xn--/.test(l));
