/** Shared helpers of the benchmark programs. @module */

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Waits `seconds`; when `spin` is set the main thread busy-loops 50 ms of
 * every 60 ms meanwhile (10 ms timer between spins).
 */
export async function waitMaybeSpinning(
  seconds: number,
  spin: boolean,
): Promise<void> {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (spin) {
      const stop = performance.now() + 50;
      while (performance.now() < stop) { /* spin */ }
      await sleep(10);
    } else {
      await sleep(10);
    }
  }
}

/** Resident set size in KiB, from /proc/self/statm. */
export function rssKiB(): number {
  const pages = Number(Deno.readTextFileSync("/proc/self/statm").split(" ")[1]);
  return pages * 4;
}
