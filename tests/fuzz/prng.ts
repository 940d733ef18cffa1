/**
 * A small deterministic PRNG (sfc32) for the fuzz driver. Every call of the
 * driver draws its arguments from its own generator, derived from the seed
 * and the call's index, so a subset of a run's calls (`--keep`) draws exactly
 * the arguments it drew in the full run.
 *
 * @module
 */

/** Hashes a seed and a label into a 32-bit value (FNV-1a, then mixed). */
function hash(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A seeded random source with the draws the generators need. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @param seed Any integer.
   * @param label Names the stream (e.g. `"call 12"`), so that streams with the
   *   same seed but different labels are independent.
   */
  constructor(seed: number, label = "") {
    this.#a = hash(seed, label + "a");
    this.#b = hash(seed, label + "b");
    this.#c = hash(seed, label + "c");
    this.#d = hash(seed, label + "d");
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** One element of `items`, each weighted by `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const it of items) total += weight(it);
    let r = this.float() * total;
    for (const it of items) {
      r -= weight(it);
      if (r < 0) return it;
    }
    return items[items.length - 1];
  }
}
