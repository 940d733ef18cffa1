/**
 * Audio data of the convenience functions: the accepted shapes (mono,
 * interleaved with a channel count, one array per channel, or a plain
 * `number[]` of mono samples), their checks, channel mappings, and the
 * conversion into a stream's sample type.
 *
 * @module
 */

import { describeValue } from "../options.ts";
import type { DType } from "./defaults.ts";

/** A typed array of samples accepted by the convenience functions. */
export type SampleArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** Sample types of the convenience functions: the stream types plus `"float64"`. */
export type ConvenienceDType = DType | "float64";

/** The array type `rec()` allocates for each `dtype`. */
export interface SampleArrayByDType {
  /** Recorded as `float32`, stored as 64-bit floats. */
  float64: Float64Array;
  /** 32-bit floats in -1..1. */
  float32: Float32Array;
  /** 32-bit signed integers. */
  int32: Int32Array;
  /** 16-bit signed integers. */
  int16: Int16Array;
  /** 8-bit signed integers. */
  int8: Int8Array;
  /** 8-bit unsigned integers (silence is 128). */
  uint8: Uint8Array;
}

/**
 * Audio data: a mono or interleaved typed array, one typed array per
 * channel, or a plain array of numbers (mono samples, taken as `float64`
 * and played as `float32`, as NumPy makes of a Python list).
 */
export type AudioData =
  | SampleArray
  | readonly SampleArray[]
  | readonly number[];

/** A channel mapping: channel numbers counted from 1 (one number or a list). */
export type ChannelMapping = number | readonly number[];

/**
 * The array a recording resolves to: `out` when given, else the array type
 * of a literal `dtype`, else any {@linkcode SampleArray}.
 */
export type RecordingOf<O> = O extends { out: infer B } ? B
  : O extends { dtype: infer D }
    ? D extends keyof SampleArrayByDType ? SampleArrayByDType[D] : SampleArray
  : SampleArray;

type TypedCtor =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor;

export const CTORS: Record<ConvenienceDType, TypedCtor> = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** The `dtype` of a typed array, or `null` when it is not a sample array. */
export function dtypeOf(a: unknown): ConvenienceDType | null {
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Int16Array) return "int16";
  if (a instanceof Int8Array) return "int8";
  if (a instanceof Uint8Array && !(a instanceof Uint8ClampedArray)) {
    return "uint8";
  }
  return null;
}

/** The PortAudio sample type used for `d` (`float64` goes as `float32`). */
export function streamDType(d: ConvenienceDType): DType {
  return d === "float64" ? "float32" : d;
}

const describe = describeValue;

const ALLOWED =
  "a Float32Array, Float64Array, Int32Array, Int16Array, Int8Array or Uint8Array (mono or interleaved), an array of them (one per channel), or an array of numbers (mono)";

/** Whether the memory of `a` was transferred (a SharedArrayBuffer never is). */
function isDetached(a: SampleArray): boolean {
  return (a.buffer as ArrayBuffer).detached === true;
}

/** Throws unless `n` is a channel count. */
export function assertChannelCount(
  where: string,
  n: unknown,
  option: string,
): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `${where}: ${option} must be a channel count (an integer >= 1), got ${
        describeValue(n)
      }`,
    );
  }
}

/** Audio data in one validated shape. */
export interface Shaped {
  /** Interleaved samples, or one array per channel. */
  interleaved: SampleArray | null;
  planar: readonly SampleArray[] | null;
  frames: number;
  channels: number;
  dtype: ConvenienceDType;
}

/**
 * Checks audio data and its channel count.
 *
 * @param where The function, for messages (`"play"`).
 * @param data Audio data in one of the documented shapes.
 * @param channels Channels of interleaved data, if given.
 * @param what Name of the argument for messages.
 * @param channelsOption Name of the channels option for messages.
 */
export function shape(
  where: string,
  data: unknown,
  channels: number | undefined,
  what: string,
  channelsOption: string,
): Shaped {
  if (channels !== undefined) {
    assertChannelCount(where, channels, channelsOption);
  }
  if (Array.isArray(data)) {
    if (data.length === 0) {
      throw new RangeError(
        `${where}: ${what} is an empty array; give samples or at least one channel`,
      );
    }
    if (typeof data[0] === "number") {
      return shapeNumbers(where, data, channels, what, channelsOption);
    }
    if (Array.isArray(data[0])) {
      throw new TypeError(
        `${where}: ${what} is an array of arrays: in Python that is frames x channels, which this package does not guess; ` +
          `give one Float32Array (or another typed array) per channel, or an interleaved Float32Array with the channel count`,
      );
    }
    const dtype = dtypeOf(data[0]);
    if (dtype === null) {
      throw new TypeError(
        `${where}: ${what}[0] is ${
          describe(data[0])
        }; ${what} must be ${ALLOWED}`,
      );
    }
    const frames = (data[0] as SampleArray).length;
    for (let c = 0; c < data.length; c++) {
      if (dtypeOf(data[c]) !== dtype) {
        throw new TypeError(
          `${where}: ${what}[${c}] is ${describe(data[c])} but ${what}[0] is ${
            describe(data[0])
          }; all channels must have the same type`,
        );
      }
      if (isDetached(data[c] as SampleArray)) {
        throw new TypeError(
          `${where}: ${what}[${c}] is ${
            describe(data[c])
          }; its memory was transferred`,
        );
      }
      if ((data[c] as SampleArray).length !== frames) {
        throw new RangeError(
          `${where}: ${what}[${c}] has ${
            (data[c] as SampleArray).length
          } frames but ${what}[0] has ${frames}; all channels must have the same length`,
        );
      }
    }
    if (channels !== undefined && channels !== data.length) {
      throw new RangeError(
        `${where}: ${channelsOption} is ${channels} but ${what} has ${data.length} per-channel arrays; leave ${channelsOption} out or make them agree`,
      );
    }
    return {
      interleaved: null,
      planar: data as SampleArray[],
      frames,
      channels: data.length,
      dtype,
    };
  }
  const dtype = dtypeOf(data);
  if (dtype !== null && isDetached(data as SampleArray)) {
    throw new TypeError(
      `${where}: ${what} is ${describe(data)}; its memory was transferred`,
    );
  }
  if (dtype === null) {
    throw new TypeError(
      `${where}: ${what} is ${describe(data)}; it must be ${ALLOWED}`,
    );
  }
  const a = data as SampleArray;
  const ch = channels ?? 1;
  if (a.length % ch !== 0) {
    throw new RangeError(
      `${where}: ${what} has ${a.length} samples, which is not a whole number of frames of ${ch} interleaved channels (${channelsOption}: ${ch})`,
    );
  }
  return {
    interleaved: a,
    planar: null,
    frames: a.length / ch,
    channels: ch,
    dtype,
  };
}

/**
 * Checks a mapping (channel numbers from 1; each at most once unless
 * `allowRepeats`: python-sounddevice refuses repeats when playing, but
 * records one input channel into several columns) and returns it counted
 * from 0 together with the stream channel count it needs.
 */
export function checkMapping(
  where: string,
  mapping: ChannelMapping | undefined,
  channels: number,
  option: string,
  allowRepeats = false,
): { mapping: Int32Array; channels: number } {
  if (mapping === undefined || mapping === null) {
    const m = new Int32Array(channels);
    for (let i = 0; i < channels; i++) m[i] = i;
    return { mapping: m, channels };
  }
  const list = typeof mapping === "number" ? [mapping] : mapping;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `${where}: ${option} must be a channel number or a non-empty list of channel numbers (counted from 1), got ${
        describeValue(mapping)
      }`,
    );
  }
  const seen = new Set<number>();
  const m = new Int32Array(list.length);
  let max = 0;
  list.forEach((c: unknown, i: number) => {
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1) {
      throw new RangeError(
        `${where}: ${option}[${i}] is ${
          describeValue(c)
        }; channel numbers are integers counted from 1`,
      );
    }
    if (seen.has(c) && !allowRepeats) {
      throw new RangeError(
        `${where}: ${option}: channel ${c} appears more than once; each channel may only appear once`,
      );
    }
    seen.add(c);
    m[i] = c - 1;
    if (c > max) max = c;
  });
  return { mapping: m, channels: max };
}

/** A planar/interleaved source converted for the stream's output buffer. */
export function toStreamSamples(s: Shaped): SampleArray {
  const dtype = streamDType(s.dtype);
  if (s.interleaved && s.dtype === dtype) return s.interleaved;
  const out = new CTORS[dtype](s.frames * s.channels);
  if (s.interleaved) {
    out.set(s.interleaved);
  } else {
    const planar = s.planar!;
    for (let c = 0; c < s.channels; c++) {
      const src = planar[c];
      for (let f = 0, j = c; f < s.frames; f++, j += s.channels) {
        out[j] = src[f];
      }
    }
  }
  return out;
}

/** A plain array of numbers: mono samples (or interleaved with `channels`), as `float64`. */
function shapeNumbers(
  where: string,
  data: readonly unknown[],
  channels: number | undefined,
  what: string,
  channelsOption: string,
): Shaped {
  const a = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(
        `${where}: ${what}[${i}] is ${
          describeValue(v)
        }; an array of samples must hold finite numbers only`,
      );
    }
    a[i] = v;
  }
  return shape(where, a, channels, what, channelsOption);
}
