/**
 * The order in which Chromium's network service meets a request's header names when it checks them against a
 * preflight's `Access-Control-Allow-Headers`, which decides the name a failure reports. Blink hands the request to
 * the network service through `HTTPHeaderMap`, a `WTF::HashMap` keyed case-insensitively (`CaseFoldingHash`), filled
 * from the Fetch header list in name order (FetchManager: `HeaderList()->List()` → `AddHttpHeaderField`) and then
 * given the User-Agent; the network request's header vector follows that table's bucket order
 * (request_conversion.cc: `for (const auto& item : src.HttpHeaderFields()) dest->headers.SetHeader(…)`). So the
 * name reported depends on the set of names, not on the order script gave them — recorded in Chromium 156:
 * spec-tests/recordings/chromium/hdr-order-*.
 *
 * The model: WTF's CaseFoldingHash (rapidhash, the hash Blink's StringHasher uses, over the case-folded name as
 * UTF-16 code units, top 8 bits masked) into a WTF::HashTable: 8 buckets at first (`kMinimumTableSize`), the start
 * bucket `hash & mask`, triangular probing on a collision (`i = (i + ++probe_count) & mask`), doubling once an insert
 * fills half the table (`ShouldExpand`, checked after the insert), a rehash walking the old buckets from 0 upward.
 * It names what Chromium named in all 26 recorded failures that had two or more disallowed names, and it orders the
 * Blink-set headers of 45 of the 47 recorded Chromium requests with two or more of them as they went on the wire
 * (the other two carry a Cache-Control that the network stack places itself).
 * Sources: third_party/blink/renderer/platform/wtf/text/{string_hasher.h,case_folding_hash.h},
 * third_party/rapidhash/rapidhash.h, wtf/hash_table.h, wtf/hash_traits.h.
 */

import { boundedMemo } from './memo.js';

const MIN_TABLE_SIZE = 8;
const M64 = (1n << 64n) - 1n;
const SECRET = [0x2d358dccaa6c78a5n, 0x8bb84b93962eacc9n, 0x4b33a62ed433d4a3n] as const;
const SEED = 0xbdd89aa982704029n;

/** rapidhash's 64 × 64 → 128-bit multiply, folded: the low half xor the high half. */
function mix(a: bigint, b: bigint): bigint {
  const product = a * b;
  return (product & M64) ^ (product >> 64n);
}

function read32(bytes: Uint8Array, at: number): bigint {
  return BigInt(((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24)) >>> 0);
}

function read64(bytes: Uint8Array, at: number): bigint {
  return read32(bytes, at) | (read32(bytes, at + 4) << 32n);
}

/** rapidhash (Nicolas De Carli, after wyhash) of `p` with its default seed and secrets. */
function rapidhash(p: Uint8Array): bigint {
  const len = BigInt(p.length);
  let seed = SEED ^ mix(SEED ^ SECRET[0], SECRET[1]) ^ len;
  let a: bigint;
  let b: bigint;
  if (p.length <= 16) {
    if (p.length >= 4) {
      const last = p.length - 4;
      const delta = (p.length & 24) >> (p.length >> 3);
      a = (read32(p, 0) << 32n) | read32(p, last);
      b = (read32(p, delta) << 32n) | read32(p, last - delta);
    } else if (p.length > 0) {
      a = (BigInt(p[0] as number) << 56n) | (BigInt(p[p.length >> 1] as number) << 32n) | BigInt(p[p.length - 1] as number);
      b = 0n;
    } else {
      a = 0n;
      b = 0n;
    }
  } else {
    let i = p.length;
    let at = 0;
    if (i > 48) {
      let see1 = seed;
      let see2 = seed;
      do {
        seed = mix(read64(p, at) ^ SECRET[0], read64(p, at + 8) ^ seed);
        see1 = mix(read64(p, at + 16) ^ SECRET[1], read64(p, at + 24) ^ see1);
        see2 = mix(read64(p, at + 32) ^ SECRET[2], read64(p, at + 40) ^ see2);
        at += 48;
        i -= 48;
      } while (i >= 48);
      seed ^= see1 ^ see2;
    }
    if (i > 16) {
      seed = mix(read64(p, at) ^ SECRET[2], read64(p, at + 8) ^ seed ^ SECRET[1]);
      if (i > 32) seed = mix(read64(p, at + 16) ^ SECRET[2], read64(p, at + 24) ^ seed);
    }
    a = read64(p, at + i - 16);
    b = read64(p, at + i - 8);
  }
  const product = (a ^ SECRET[1]) * (b ^ seed);
  return mix((product & M64) ^ SECRET[0] ^ len, (product >> 64n) ^ SECRET[1]);
}

/** CaseFoldingHash of a lower-cased name, remembered for the last few hundred names. */
const caseFoldingHash = boundedMemo(computeCaseFoldingHash);

/** rapidhash of the name's UTF-16 code units, 24 bits, never 0. */
function computeCaseFoldingHash(lower: string): number {
  const bytes = new Uint8Array(lower.length * 2);
  for (let i = 0; i < lower.length; i++) {
    const unit = lower.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  const masked = Number(rapidhash(bytes) & 0xffffffn);
  return masked === 0 ? 0x800000 : masked;
}

/** Puts `name` in the first empty bucket of its triangular probe sequence. */
function place(table: Array<string | undefined>, name: string): void {
  const mask = table.length - 1;
  let index = caseFoldingHash(name) & mask;
  for (let probe = 1; table[index] !== undefined; probe++) index = (index + probe) & mask;
  table[index] = name;
}

/**
 * The bucket order of a HTTPHeaderMap filled with `names` (lower case) in code-unit order and then with the
 * User-Agent Blink sets on every request (kept where it is when the header list already had one).
 */
export function blinkHeaderMapOrder(names: readonly string[]): string[] {
  let table = new Array<string | undefined>(MIN_TABLE_SIZE);
  let count = 0;
  const filled = [...new Set(names)].sort();
  if (!filled.includes('user-agent')) filled.push('user-agent');
  for (const name of filled) {
    place(table, name);
    count++;
    if (count * 2 >= table.length) {
      const kept = table.filter((n): n is string => n !== undefined);
      table = new Array<string | undefined>(table.length * 2);
      for (const n of kept) place(table, n);
    }
  }
  return table.filter((n): n is string => n !== undefined);
}
