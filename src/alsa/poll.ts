/**
 * Waiting on poll descriptors (a PCM's or a mixer's `polldescriptors()`)
 * off the event loop, as Python programs do with `select.poll()`.
 *
 * @module
 */

import { pollfd } from "../../ffi/alsa.ts";
import { libc } from "../../ffi/libc.ts";
import { describeValue } from "../options.ts";

/** `POLLIN`: data to read. */
export const POLLIN = 0x001;
/** `POLLPRI`: urgent data. */
export const POLLPRI = 0x002;
/** `POLLOUT`: room to write. */
export const POLLOUT = 0x004;
/** `POLLERR`: an error (an xrun, for a PCM). */
export const POLLERR = 0x008;
/** `POLLHUP`: hung up. */
export const POLLHUP = 0x010;
/** `POLLNVAL`: not an open descriptor. */
export const POLLNVAL = 0x020;

/**
 * Checks a list of `[fd, events]` pairs (a PCM's or mixer's poll
 * descriptors, or pairs built from them).
 *
 * @param where The function and argument, for the message.
 * @param descriptors What the caller passed.
 * @param mask What the second number of a pair is, for the message.
 * @throws {TypeError} When it is not a list of pairs of integers.
 * @throws {RangeError} When a number does not fit a `struct pollfd`.
 */
export function checkPollPairs(
  where: string,
  descriptors: unknown,
  mask: "events" | "revents" = "events",
): void {
  if (!Array.isArray(descriptors)) {
    throw new TypeError(
      `${where} must be a list of [fd, ${mask}] pairs, got ${
        describeValue(descriptors)
      }`,
    );
  }
  descriptors.forEach((d: unknown, i) => {
    if (
      !Array.isArray(d) || d.length !== 2 || !Number.isInteger(d[0]) ||
      !Number.isInteger(d[1])
    ) {
      throw new TypeError(
        `${where}[${i}] must be a pair [fd, ${mask}] of integers, got ${
          Array.isArray(d)
            ? `[${d.map(describeValue).join(", ")}]`
            : describeValue(d)
        }`,
      );
    }
    if (d[0] < 0 || d[0] > 0x7fffffff || d[1] < -0x8000 || d[1] > 0xffff) {
      throw new RangeError(
        `${where}[${i}]: fd ${d[0]} or ${mask} ${
          d[1]
        } does not fit a struct pollfd (fd 0-2147483647, ${mask} 16 bits)`,
      );
    }
  });
}

/**
 * Fills `struct pollfd`s: each pair's second number goes to `events`
 * (`field: "events"`) or `revents`.
 *
 * @param pairs Checked `[fd, mask]` pairs.
 * @param field Where the mask goes.
 * @returns The array (at least one entry long: an empty buffer would reach
 *   C as NULL).
 */
export function toPollfds(
  pairs: readonly (readonly [number, number])[],
  field: "events" | "revents",
): Uint8Array {
  const buf = new Uint8Array(Math.max(1, pairs.length) * pollfd.size);
  const dv = new DataView(buf.buffer);
  pairs.forEach(([fd, mask], i) => {
    dv.setInt32(i * pollfd.size + pollfd.offsets.fd, fd, true);
    dv.setUint16(i * pollfd.size + pollfd.offsets[field], mask & 0xffff, true);
  });
  return buf;
}

/**
 * Waits until one of the descriptors is ready, on a helper thread (the
 * event loop runs meanwhile), in slices of at most 100 ms: Python's
 * `select.poll()` with `register(fd, events)` for each pair, then
 * `poll(timeout)`.
 *
 * @param descriptors `[fd, events]` pairs, e.g. `pcm.polldescriptors()`.
 * @param timeoutMs Milliseconds (negative: until one is ready).
 * @returns `[fd, revents]` for each ready descriptor (empty on timeout),
 *   to give to `pcm.polldescriptorsRevents()`.
 * @throws {TypeError|RangeError} For malformed pairs or timeout.
 * @throws {Error} When `poll()` itself fails.
 * @example Wait for a capture PCM's data
 * ```ts ignore
 * import { PCM, poll } from "@audiodev/audiodev/alsa";
 * const pcm = new PCM({ type: "capture" });
 * pcm.readInto(new Uint8Array(4)); // starts it
 * const ready = await poll(pcm.polldescriptors(), 500);
 * if (ready.length > 0) console.log(pcm.polldescriptorsRevents(ready));
 * ```
 */
export async function poll(
  descriptors: readonly (readonly [number, number])[],
  timeoutMs: number = -1,
): Promise<[number, number][]> {
  checkPollPairs("poll(descriptors)", descriptors);
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs)) {
    throw new TypeError(
      `poll(timeoutMs) must be a number of milliseconds (negative: forever), got ${
        describeValue(timeoutMs)
      }`,
    );
  }
  const buf = toPollfds(descriptors, "events");
  const dv = new DataView(buf.buffer);
  const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
  for (;;) {
    const slice = Math.max(
      0,
      Math.ceil(Math.min(100, deadline - performance.now())),
    );
    const n = await libc().poll_nb(buf, BigInt(descriptors.length), slice);
    if (n < 0) throw new Error(`poll() failed (returned ${n})`);
    if (n > 0) {
      const ready: [number, number][] = [];
      descriptors.forEach(([fd], i) => {
        const r = dv.getUint16(i * pollfd.size + pollfd.offsets.revents, true);
        if (r !== 0) ready.push([fd, r]);
      });
      return ready;
    }
    if (performance.now() >= deadline) return [];
  }
}
