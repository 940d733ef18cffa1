/**
 * Option checks of the convenience functions: the keys each accepts, the
 * ones python-sounddevice refuses there, the block size bound, booleans,
 * Python's positional samplerate, and the `signal` option.
 *
 * @module
 */

import { checkOptions, describeValue } from "../options.ts";
import { checkSignal } from "../abort.ts";
import { defaults } from "./defaults.ts";

/** The stream options every convenience function passes on. */
export const STREAM_KEYS = [
  "samplerate",
  "blocksize",
  "device",
  "latency",
  "extraSettings",
  "clipOff",
  "ditherOff",
  "neverDropInput",
] as const;

/** The keys play() accepts. */
export const PLAY_KEYS: readonly string[] = [
  ...STREAM_KEYS,
  "channels",
  "mapping",
  "blocking",
  "loop",
  "signal",
];
/** The keys rec() accepts. */
export const REC_KEYS: readonly string[] = [
  ...STREAM_KEYS,
  "signal",
  "channels",
  "dtype",
  "out",
  "mapping",
  "blocking",
];
/** The keys playrec() accepts. */
export const PLAYREC_KEYS: readonly string[] = [
  ...STREAM_KEYS,
  "signal",
  "dataChannels",
  "channels",
  "dtype",
  "out",
  "inputMapping",
  "outputMapping",
  "blocking",
];

/**
 * Checks the options of a convenience function: unknown keys throw (naming
 * the nearest valid one), and so do the stream options python-sounddevice
 * refuses there because the function sets them itself; the block size (or
 * `defaults.blocksize`) must be in 0..2^24, `blocking`/`loop` booleans.
 */
export function checkConvenienceOptions(
  where: "play" | "rec" | "playrec",
  options: unknown,
  allowed: readonly string[],
): void {
  if (options !== null && typeof options === "object") {
    const o = options as Record<string, unknown>;
    if (where === "play" && "dtype" in o) {
      throw new TypeError(
        "play: dtype is not an option: the data is played in its own sample type " +
          "(Float32Array as float32, Int16Array as int16, Float64Array and number[] as float32); convert the data to change it",
      );
    }
    for (const key of ["callback", "finishedCallback"]) {
      if (key in o) {
        throw new TypeError(
          `${where}: ${key} is not an option: ${where}() brings its own; open a stream to use yours`,
        );
      }
    }
    if (
      "primeOutputBuffersUsingStreamCallback" in o && where !== "rec"
    ) {
      throw new TypeError(
        `${where}: primeOutputBuffersUsingStreamCallback is not an option: ${where}() turns it off`,
      );
    }
  }
  checkOptions(where, options, allowed);
  const o = options as Record<string, unknown> | null | undefined;
  if (o?.blocksize !== undefined) {
    checkBlocksize(where, "blocksize", o.blocksize);
  } else checkBlocksize(where, "defaults.blocksize", defaults.blocksize);
  for (const key of ["blocking", "loop"]) {
    const v = o?.[key];
    if (v !== undefined && typeof v !== "boolean") {
      throw new TypeError(
        `${where}: ${key} must be true or false, got ${describeValue(v)}`,
      );
    }
  }
}

// Largest block a convenience function asks for: 2^24 frames (about six
// minutes at 48 kHz); PortAudio's pulse host never started a stream of 2^31.
const MAX_BLOCKSIZE = 2 ** 24;

/**
 * Checks the block size before any device is opened (the `blocksize` option,
 * else `defaults.blocksize`): an integer in 0..2^24 (0 lets the host choose,
 * as python-sounddevice's default).
 */
function checkBlocksize(where: string, name: string, blocksize: unknown): void {
  if (typeof blocksize !== "number") {
    throw new TypeError(
      `${where}: ${name} must be a number of frames, got ${
        describeValue(blocksize)
      }`,
    );
  }
  if (
    !Number.isInteger(blocksize) || blocksize < 0 || blocksize > MAX_BLOCKSIZE
  ) {
    throw new RangeError(
      `${where}: ${name} must be an integer in 0..${MAX_BLOCKSIZE} frames (0 lets the host choose), got ${
        describeValue(blocksize)
      }`,
    );
  }
}

/** The options of `keys` that are set, for the stream constructor. */
export function pick(
  o: object,
  keys: readonly string[],
): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) r[k] = v;
  }
  return r;
}

/**
 * Python's positional samplerate (`play(data, fs)`, `rec(frames, fs)`):
 * a number in the options' place is the samplerate, and the options follow.
 */
export function positional<O extends { samplerate?: number | null }>(
  where: string,
  second: O | number | undefined | null,
  third: O | undefined,
): O | undefined {
  if (typeof second !== "number") {
    if (third !== undefined) {
      throw new TypeError(
        `${where}: a third argument is only taken after a samplerate: ${where}(data, samplerate, options)`,
      );
    }
    return second ?? undefined;
  }
  if (
    third !== null && typeof third === "object" && "samplerate" in third &&
    third.samplerate !== undefined
  ) {
    throw new TypeError(
      `${where}: samplerate given twice (${second} as the second argument and ${
        describeValue(third.samplerate)
      } in the options)`,
    );
  }
  if (third !== undefined && (third === null || typeof third !== "object")) {
    checkOptions(where, third, []); // the usual message for a non-object
  }
  return { ...(third ?? {}), samplerate: second } as O;
}

/** The checked `signal` option; throws its reason when it has aborted. */
export function startSignal(
  where: string,
  options: unknown,
): AbortSignal | undefined {
  const signal = checkSignal(
    `${where}: signal`,
    (options as { signal?: unknown } | null | undefined)?.signal,
  );
  signal?.throwIfAborted();
  return signal;
}
