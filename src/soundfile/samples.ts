/**
 * Sample arrays and the argument checks shared by the file functions:
 * dtypes, frame counts, abort signals.
 *
 * @module
 */

import { describeValue } from "../options.ts";

/** Sample types for reading and writing. */
export type SoundFileDType = "float64" | "float32" | "int32" | "int16";
/** Sample arrays for reading and writing. */
export type SoundFileSamples =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array;

/** The array class of each dtype. */
export const CTOR = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
} as const;

/** The dtype of a sample array; throws a TypeError naming `where` otherwise. */
export function dtypeOf(data: unknown, where: string): SoundFileDType {
  const dtype = data instanceof Float64Array
    ? "float64"
    : data instanceof Float32Array
    ? "float32"
    : data instanceof Int32Array
    ? "int32"
    : data instanceof Int16Array
    ? "int16"
    : undefined;
  if (dtype === undefined) {
    throw new TypeError(
      `${where} must be a Float64Array, Float32Array, Int32Array or Int16Array, got ${
        describeValue(data)
      }`,
    );
  }
  if (isDetached(data as SoundFileSamples)) {
    throw new TypeError(
      `${where} is a detached ${dtype} array (its buffer was transferred)`,
    );
  }
  return dtype;
}

/** Whether a typed array's buffer was transferred away. */
export function isDetached(data: SoundFileSamples): boolean {
  const buffer = data.buffer as ArrayBuffer & { detached?: boolean };
  return buffer.detached === true;
}

/** Checks a dtype name. */
export function checkDType(d: unknown, where: string): SoundFileDType {
  if (d === "float64" || d === "float32" || d === "int32" || d === "int16") {
    return d;
  }
  throw new TypeError(
    `${where} must be "float64", "float32", "int32" or "int16", got ${
      describeValue(d)
    }`,
  );
}

/**
 * Checks a frame count: an integer; negative means "all" (as in
 * python-soundfile) when `negativeMeansAll`.
 */
export function checkFrames(
  value: unknown,
  where: string,
  negativeMeansAll = true,
): number {
  const min = negativeMeansAll ? -Number.MAX_SAFE_INTEGER : 0;
  if (typeof value !== "number") {
    throw new TypeError(
      `${where} must be a number of frames, got ${describeValue(value)}`,
    );
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${where} must be an integer from ${
        negativeMeansAll ? "-1 (all)" : "0"
      } to ${Number.MAX_SAFE_INTEGER}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Checks a positive integer setting (samplerate, channels, blocksize). */
export function checkPositiveInt(
  value: unknown,
  where: string,
  what: string,
  max = 0x7fffffff,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `${where} must be ${what} (a positive integer), got ${
        describeValue(value)
      }`,
    );
  }
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new RangeError(
      `${where}: ${
        describeValue(value)
      } is not ${what} (an integer from 1 to ${max})`,
    );
  }
  return value;
}

/** Checks an optional `signal` option. */
export function checkSignal(
  signal: unknown,
  where: string,
): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (signal instanceof AbortSignal) return signal;
  throw new TypeError(
    `${where} must be an AbortSignal, got ${describeValue(signal)}`,
  );
}

/**
 * A new sample array of `frames` frames; a RangeError naming `where` when
 * it cannot be allocated.
 */
export function allocSamples(
  dtype: SoundFileDType,
  frames: number,
  channels: number,
  where: string,
): SoundFileSamples {
  const Ctor = CTOR[dtype];
  const bytes = frames * channels * Ctor.BYTES_PER_ELEMENT;
  try {
    return new Ctor(frames * channels);
  } catch (cause) {
    throw new RangeError(
      `${where}: cannot allocate ${frames} frames of ${channels} channels of ${dtype} (${bytes} bytes); read fewer frames at a time`,
      { cause },
    );
  }
}

/** Checks an optional fill value. */
export function checkFillValue(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number") {
    throw new TypeError(`${where} must be a number, got ${describeValue(v)}`);
  }
  return v;
}
