/**
 * Convenience functions to play and record typed arrays (python-sounddevice's
 * `play()`, `rec()`, `playrec()`, `wait()`, `stop()`, `get_status()`,
 * `get_stream()` and `sleep()`).
 *
 * ## Data shapes
 *
 * python-sounddevice takes 2-D NumPy arrays (frames × channels). Here audio
 * data is one of:
 * - a 1-D typed array holding **mono** data (one sample per frame);
 * - an **interleaved** typed array (frame 0 channel 0, frame 0 channel 1, ...)
 *   together with an explicit channel count (`channels` for `play()` and for
 *   `rec()`'s `out`, `dataChannels` for `playrec()`); its length must be a
 *   whole number of frames;
 * - an array of **per-channel** typed arrays (`Float32Array[]`, planar), all
 *   of the same type and length.
 *
 * Sample types: `Float32Array`, `Int32Array`, `Int16Array`, `Int8Array`,
 * `Uint8Array` go to PortAudio as they are; `Float64Array` is converted to
 * `float32` (PortAudio has no 64-bit format), like python-sounddevice does.
 * Recordings come back interleaved unless `out` is a per-channel array.
 *
 * ## Semantics (as in python-sounddevice)
 *
 * - `mapping` lists channel numbers counted from 1, each at most once; mono
 *   data is played on every mapped channel; unmapped channels get silence.
 * - A new `play()`/`rec()`/`playrec()` stops the previous one.
 * - `wait()` resolves when it is done and returns the accumulated
 *   {@linkcode CallbackFlags} if an over- or underflow happened, else `null`.
 *
 * The callbacks of these functions run on the main isolate: keep it idle
 * (await `wait()` or `sleep()`) while they run. For callbacks that must not
 * miss a period on a busy main thread use a `WorkerStream`.
 *
 * @module
 */

import { CallbackAbort, CallbackStop } from "./callback.ts";
import { CallbackFlags } from "./flags.ts";
import { InputStream, OutputStream, Stream } from "./stream.ts";
import {
  defaults,
  type DeviceSpec,
  type DType,
  type ExtraSettings,
  type Latency,
  type PairInput,
} from "./defaults.ts";
import { queryDevices, selectDevice } from "./devices.ts";

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

/** Audio data: a mono or interleaved typed array, or one typed array per channel. */
export type AudioData = SampleArray | readonly SampleArray[];

/** A channel mapping: channel numbers counted from 1 (one number or a list). */
export type ChannelMapping = number | readonly number[];

/** Stream settings shared by the convenience functions (see `StreamOptions`). */
export interface ConvenienceStreamOptions {
  /** Sample rate in Hz (default: `defaults.samplerate`, else the device's). */
  samplerate?: number;
  /** Frames per callback (default: `defaults.blocksize`). */
  blocksize?: number;
  /** Disable clipping of out-of-range float samples. */
  clipOff?: boolean;
  /** Disable dithering. */
  ditherOff?: boolean;
}

/** Options of {@linkcode play}. */
export interface PlayOptions extends ConvenienceStreamOptions {
  /** Output device by index or name query (default: `defaults.device`). */
  device?: DeviceSpec;
  /** Output latency (default: `defaults.latency`). */
  latency?: Latency;
  /** Host-API specific settings. */
  extraSettings?: ExtraSettings;
  /**
   * Channels of interleaved `data` (default 1: a 1-D array is mono). Not
   * needed for per-channel arrays (it must then equal their number).
   */
  channels?: number;
  /**
   * Output channels (from 1) the data channels are played on, each at most
   * once; as many as data channels, or any number for mono data.
   */
  mapping?: ChannelMapping;
  /** Resolve only when playback finished (default `false`: once it started). */
  blocking?: boolean;
  /** Play the data in a loop until {@linkcode stop} (default `false`). */
  loop?: boolean;
}

/** Options of {@linkcode rec}. */
export interface RecOptions extends ConvenienceStreamOptions {
  /** Input device by index or name query (default: `defaults.device`). */
  device?: DeviceSpec;
  /** Input latency (default: `defaults.latency`). */
  latency?: Latency;
  /** Host-API specific settings. */
  extraSettings?: ExtraSettings;
  /**
   * Channels to record (default: `defaults.channels`); ignored when `mapping`
   * is given; with an interleaved `out`, the channels interleaved in it
   * (default: the length of `mapping`, else 1).
   */
  channels?: number;
  /** Sample type of the recording (default: `defaults.dtype`); ignored with `out`. */
  dtype?: ConvenienceDType;
  /**
   * Record into this array instead of a new one: interleaved (see `channels`)
   * or one array per channel. Its length sets the number of frames.
   */
  out?: AudioData;
  /** Input channels (from 1) to record, each at most once. */
  mapping?: ChannelMapping;
  /** Resolve only when recording finished (default `false`: once it started). */
  blocking?: boolean;
}

/** Options of {@linkcode playrec}. */
export interface PlayrecOptions extends ConvenienceStreamOptions {
  /** Devices by index or name query, one for both or `[input, output]`. */
  device?: PairInput<DeviceSpec>;
  /** Latencies, one for both or `[input, output]`. */
  latency?: PairInput<Latency>;
  /** Host-API specific settings, one for both or `[input, output]`. */
  extraSettings?: PairInput<ExtraSettings>;
  /** Full-duplex: never drop overflowed input. */
  neverDropInput?: boolean;
  /** Channels of interleaved `data` (default 1); see {@linkcode PlayOptions}. */
  dataChannels?: number;
  /** Input channels to record; see {@linkcode RecOptions}. */
  channels?: number;
  /** Sample type of the recording (default: the type of `data`). */
  dtype?: ConvenienceDType;
  /** Record into this array; its frames must equal those of `data`. */
  out?: AudioData;
  /** Input channels (from 1) to record. */
  inputMapping?: ChannelMapping;
  /** Output channels (from 1) to play the data channels on. */
  outputMapping?: ChannelMapping;
  /** Resolve only when finished (default `false`: once started). */
  blocking?: boolean;
}

/**
 * The array a recording resolves to: `out` when given, else the array type
 * of a literal `dtype`, else any {@linkcode SampleArray}.
 */
export type RecordingOf<O> = O extends { out: infer B } ? B
  : O extends { dtype: infer D }
    ? D extends keyof SampleArrayByDType ? SampleArrayByDType[D] : SampleArray
  : SampleArray;

/** A stream opened by the convenience functions. */
export type ConvenienceStream = OutputStream | InputStream | Stream;

type TypedCtor =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Int8ArrayConstructor
  | Uint8ArrayConstructor;

const CTORS: Record<ConvenienceDType, TypedCtor> = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** The `dtype` of a typed array, or `null` when it is not a sample array. */
function dtypeOf(a: unknown): ConvenienceDType | null {
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
function streamDType(d: ConvenienceDType): DType {
  return d === "float64" ? "float32" : d;
}

function describe(a: unknown): string {
  if (a === null) return "null";
  if (ArrayBuffer.isView(a)) return a.constructor.name;
  if (Array.isArray(a)) return "an Array";
  return typeof a;
}

const ALLOWED =
  "a Float32Array, Float64Array, Int32Array, Int16Array, Int8Array or Uint8Array (mono or interleaved), or an array of them (one per channel)";

function assertChannelCount(n: unknown, option: string): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `${option} must be a channel count (an integer >= 1), got ${String(n)}`,
    );
  }
}

/** Audio data in one validated shape. */
interface Shaped {
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
 * @param data Audio data in one of the documented shapes.
 * @param channels Channels of interleaved data, if given.
 * @param what Name of the argument for messages.
 * @param channelsOption Name of the channels option for messages.
 */
function shape(
  data: unknown,
  channels: number | undefined,
  what: string,
  channelsOption: string,
): Shaped {
  if (channels !== undefined) assertChannelCount(channels, channelsOption);
  if (Array.isArray(data)) {
    if (data.length === 0) {
      throw new RangeError(
        `${what} is an empty array of channels; give at least one channel`,
      );
    }
    const dtype = dtypeOf(data[0]);
    if (dtype === null) {
      throw new TypeError(
        `${what}[0] is ${describe(data[0])}; ${what} must be ${ALLOWED}`,
      );
    }
    const frames = (data[0] as SampleArray).length;
    for (let c = 1; c < data.length; c++) {
      if (dtypeOf(data[c]) !== dtype) {
        throw new TypeError(
          `${what}[${c}] is ${describe(data[c])} but ${what}[0] is ${
            describe(data[0])
          }; all channels must have the same type`,
        );
      }
      if ((data[c] as SampleArray).length !== frames) {
        throw new RangeError(
          `${what}[${c}] has ${
            (data[c] as SampleArray).length
          } frames but ${what}[0] has ${frames}; all channels must have the same length`,
        );
      }
    }
    if (channels !== undefined && channels !== data.length) {
      throw new RangeError(
        `${channelsOption} is ${channels} but ${what} has ${data.length} per-channel arrays; leave ${channelsOption} out or make them agree`,
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
  if (dtype === null) {
    throw new TypeError(`${what} is ${describe(data)}; it must be ${ALLOWED}`);
  }
  const a = data as SampleArray;
  const ch = channels ?? 1;
  if (a.length % ch !== 0) {
    throw new RangeError(
      `${what} has ${a.length} samples, which is not a whole number of frames of ${ch} interleaved channels (${channelsOption}: ${ch})`,
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
 * Checks a mapping (channel numbers from 1, each once) and returns it counted
 * from 0 together with the stream channel count it needs.
 */
function checkMapping(
  mapping: ChannelMapping | undefined,
  channels: number,
  option: string,
): { mapping: Int32Array; channels: number } {
  if (mapping === undefined || mapping === null) {
    const m = new Int32Array(channels);
    for (let i = 0; i < channels; i++) m[i] = i;
    return { mapping: m, channels };
  }
  const list = typeof mapping === "number" ? [mapping] : mapping;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `${option} must be a channel number or a non-empty list of channel numbers (counted from 1)`,
    );
  }
  const seen = new Set<number>();
  const m = new Int32Array(list.length);
  let max = 0;
  list.forEach((c: unknown, i: number) => {
    if (typeof c !== "number" || !Number.isInteger(c) || c < 1) {
      throw new RangeError(
        `${option}[${i}] is ${
          String(c)
        }; channel numbers are integers counted from 1`,
      );
    }
    if (seen.has(c)) {
      throw new RangeError(
        `${option}: channel ${c} appears more than once; each channel may only appear once`,
      );
    }
    seen.add(c);
    m[i] = c - 1;
    if (c > max) max = c;
  });
  return { mapping: m, channels: max };
}

/** A planar/interleaved source converted for the stream's output buffer. */
function toStreamSamples(s: Shaped): SampleArray {
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

/** The state of one play()/rec()/playrec() (python's `_CallbackContext`). */
class CallbackContext {
  frames = 0;
  frame = 0;
  blocksize = 0;
  readonly loop: boolean;
  readonly status: CallbackFlags = new CallbackFlags();
  // Output side.
  data: SampleArray | null = null;
  dataChannels = 1;
  outputChannels = 0;
  outputDType: DType = "float32";
  outputMapping: Int32Array = new Int32Array(0);
  silentChannels: Int32Array = new Int32Array(0);
  silence = 0;
  // Input side.
  out: SampleArray | null = null;
  outPlanar: readonly SampleArray[] | null = null;
  outChannels = 0;
  inputChannels = 0;
  inputDType: DType = "float32";
  inputMapping: Int32Array = new Int32Array(0);
  // Lifetime.
  stream: ConvenienceStream | null = null;
  started: Promise<void> = Promise.resolve();
  #stopped!: () => void;
  readonly stoppedByUser: Promise<void> = new Promise((r) => this.#stopped = r);
  closed = false;
  #userStopped = false;
  #closing: Promise<void> | null = null;

  constructor(loop: boolean) {
    this.loop = loop;
  }

  checkData(
    data: unknown,
    channels: number | undefined,
    mapping: ChannelMapping | undefined,
    names: { data: string; channels: string; mapping: string },
  ): number {
    const s = shape(data, channels, names.data, names.channels);
    const m = checkMapping(mapping, s.channels, names.mapping);
    if (s.channels !== 1 && s.channels !== m.mapping.length) {
      throw new RangeError(
        `${names.data} has ${s.channels} channels but ${names.mapping} lists ${m.mapping.length}; give one channel number per data channel (only mono data may be mapped to several channels)`,
      );
    }
    this.data = toStreamSamples(s);
    this.dataChannels = s.channels;
    this.outputDType = streamDType(s.dtype);
    this.outputMapping = m.mapping;
    this.outputChannels = m.channels;
    this.silence = this.outputDType === "uint8" ? 128 : 0;
    return s.frames;
  }

  /** python-sounddevice plays silence on channel 2 for mapping [1] on stereo devices. */
  widenSingleChannel(
    mapping: ChannelMapping | undefined,
    device: unknown,
  ): void {
    const explicit = mapping !== undefined && mapping !== null;
    if (
      explicit && this.outputMapping.length === 1 &&
      this.outputMapping[0] === 0
    ) {
      const spec = (device ?? defaults.device[1]) as DeviceSpec | null;
      const index = selectDevice(spec, "output");
      if (queryDevices(index).maxOutputChannels >= 2) this.outputChannels = 2;
    }
    const mapped = new Set(this.outputMapping);
    const silent: number[] = [];
    for (let c = 0; c < this.outputChannels; c++) {
      if (!mapped.has(c)) silent.push(c);
    }
    this.silentChannels = Int32Array.from(silent);
  }

  checkOut(
    out: unknown,
    frames: number | null | undefined,
    channels: number | undefined,
    dtype: ConvenienceDType | undefined,
    mapping: ChannelMapping | undefined,
    names: { channels: string; mapping: string },
  ): { out: AudioData; frames: number } {
    let s: Shaped;
    if (out === undefined || out === null) {
      if (frames === undefined || frames === null) {
        throw new TypeError(
          "frames must be given (or an out array to record into)",
        );
      }
      if (!Number.isInteger(frames) || frames < 0) {
        throw new RangeError(
          `frames must be an integer >= 0, got ${String(frames)}`,
        );
      }
      let ch = mapping !== undefined && mapping !== null
        ? checkMapping(mapping, 1, names.mapping).mapping.length
        : channels ?? defaults.channels[0];
      if (ch === null || ch === undefined) {
        throw new TypeError(
          `Unable to determine the number of input channels: give ${names.channels} or ${names.mapping}, or set defaults.channels`,
        );
      }
      assertChannelCount(ch, names.channels);
      ch = ch as number;
      const d = dtype ?? defaults.dtype[0];
      if (!(d in CTORS)) {
        throw new TypeError(
          `dtype ${
            JSON.stringify(d)
          } cannot be recorded into an array; use float64, float32, int32, int16, int8 or uint8`,
        );
      }
      const arr = new CTORS[d as ConvenienceDType](frames * ch);
      s = shape(arr, ch, "out", names.channels);
    } else {
      const ch = channels ??
        (mapping !== undefined && mapping !== null && !Array.isArray(out)
          ? checkMapping(mapping, 1, names.mapping).mapping.length
          : undefined);
      s = shape(out, ch, "out", names.channels);
    }
    const m = checkMapping(mapping, s.channels, names.mapping);
    if (m.mapping.length !== s.channels) {
      throw new RangeError(
        `out has ${s.channels} channels but ${names.mapping} lists ${m.mapping.length}; they must agree`,
      );
    }
    this.out = s.interleaved;
    this.outPlanar = s.planar;
    this.outChannels = s.channels;
    this.inputChannels = m.channels;
    this.inputDType = streamDType(s.dtype);
    this.inputMapping = m.mapping;
    return { out: (s.interleaved ?? s.planar)!, frames: s.frames };
  }

  /** Accumulates the status and sizes this callback's share of the data. */
  enter(status: CallbackFlags, frames: number): void {
    this.status.or(status);
    this.blocksize = Math.min(this.frames - this.frame, frames);
  }

  readIndata(indata: ArrayLike<number>): void {
    const n = this.blocksize;
    const stride = this.inputChannels;
    const map = this.inputMapping;
    if (this.outPlanar) {
      for (let k = 0; k < map.length; k++) {
        const dst = this.outPlanar[k];
        const src = map[k];
        for (let i = 0, j = src; i < n; i++, j += stride) {
          dst[this.frame + i] = indata[j];
        }
      }
      return;
    }
    const out = this.out!;
    const oc = this.outChannels;
    for (let i = 0; i < n; i++) {
      const s = i * stride;
      const d = (this.frame + i) * oc;
      for (let k = 0; k < map.length; k++) out[d + k] = indata[s + map[k]];
    }
  }

  writeOutdata(outdata: SampleArray, frames: number): void {
    const data = this.data!;
    const dc = this.dataChannels;
    const oc = this.outputChannels;
    const map = this.outputMapping;
    const silent = this.silentChannels;
    const silence = this.silence;
    let offset = 0;
    for (;;) {
      const n = this.blocksize;
      for (let i = 0; i < n; i++) {
        const s = (this.frame + i) * dc;
        const d = (offset + i) * oc;
        if (dc === 1) {
          const v = data[s];
          for (let k = 0; k < map.length; k++) outdata[d + map[k]] = v;
        } else {
          for (let k = 0; k < map.length; k++) {
            outdata[d + map[k]] = data[s + k];
          }
        }
        for (let k = 0; k < silent.length; k++) {
          outdata[d + silent[k]] = silence;
        }
      }
      offset += n;
      if (this.loop && offset < frames && this.frames > 0) {
        this.frame = 0;
        this.blocksize = Math.min(this.frames, frames - offset);
        continue;
      }
      break;
    }
    outdata.fill(silence, offset * oc, frames * oc);
  }

  /** Advances; ends the stream after the last data (its buffers still play). */
  exit(): void {
    if (this.blocksize === 0) throw new CallbackAbort();
    this.frame += this.blocksize;
    if (!this.loop && this.frame >= this.frames) throw new CallbackStop();
  }

  markStopped(): void {
    this.#userStopped = true;
    this.#stopped();
  }

  /** Waits for the end, closes the stream, returns the status if any flag is set. */
  async wait(ignoreErrors: boolean): Promise<CallbackFlags | null> {
    await this.started;
    const stream = this.stream!;
    try {
      await Promise.race([stream.finished, this.stoppedByUser]);
    } finally {
      await this.close(ignoreErrors);
    }
    const err = stream.callbackError;
    if (
      err !== undefined && err !== null && !(err instanceof CallbackStop) &&
      !(err instanceof CallbackAbort)
    ) {
      throw err;
    }
    return this.status.value !== 0 ? this.status : null;
  }

  /**
   * Closes the stream once (later and concurrent calls share the first
   * call's promise); after stop() (`stoppedByUser`) it aborts first, so
   * nothing waits for pending output.
   */
  close(ignoreErrors: boolean): Promise<void> {
    this.#closing ??= this.#close(ignoreErrors);
    return this.#closing;
  }

  async #close(ignoreErrors: boolean): Promise<void> {
    const stream = this.stream;
    this.closed = true;
    if (!stream) return;
    try {
      if (this.#userStopped && !stream.closed) await stream.abort();
    } catch (e) {
      if (!ignoreErrors) throw e;
    }
    await stream.close({ ignoreErrors });
    // Drop the audio buffers (python does the same in finished_callback).
    this.data = null;
    this.out = null;
    this.outPlanar = null;
  }
}

let last: CallbackContext | null = null;

/** Stops a context's stream at once (abort, then close). */
async function stopContext(
  ctx: CallbackContext | null,
  ignoreErrors: boolean,
): Promise<void> {
  if (!ctx) return;
  ctx.markStopped();
  try {
    await ctx.started;
  } catch {
    return; // It never started; its caller got the error.
  }
  await ctx.close(ignoreErrors);
}

function pick<T extends object>(
  o: T,
  keys: readonly (keyof T)[],
): Partial<T> {
  const r: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
}

async function startStream(
  ctx: CallbackContext,
  open: () => ConvenienceStream,
  blocking: boolean,
): Promise<void> {
  const previous = last;
  last = ctx;
  ctx.started = (async () => {
    await stopContext(previous, true);
    const stream = open();
    ctx.stream = stream;
    try {
      await stream.start();
    } catch (e) {
      ctx.closed = true;
      await stream.close({ ignoreErrors: true });
      throw e;
    }
    // Release the stream as soon as it finished, even if nobody waits.
    stream.finished.then(() => ctx.close(true)).catch(() => {});
  })();
  ctx.started.catch(() => {});
  await ctx.started;
  if (blocking) await ctx.wait(true);
}

/**
 * Plays audio data (python-sounddevice's `play()`).
 *
 * Resolves once playback started (or, with `blocking: true`, once it
 * finished); playback goes on in the background until the data ends,
 * {@linkcode stop} is called or another `play()`/`rec()`/`playrec()` starts;
 * then its stream is closed. Await {@linkcode wait} to know when it is done
 * (a program that ends before that ends the sound too, as in Python).
 *
 * @param data Mono or interleaved typed array (with `channels`), or one typed
 *   array per channel; `Float64Array` is converted to `float32`.
 * @param options Playback options; any other stream option except
 *   `dtype`/`callback`/`finishedCallback` (`samplerate`, `device`, ...).
 * @returns A promise that resolves when playback started (`blocking: true`:
 *   ended).
 * @throws {TypeError} Data of an unsupported type or shape.
 * @throws {RangeError} Interleaved data that is not a whole number of frames,
 *   per-channel arrays of different lengths, a mapping that repeats a channel,
 *   counts from 0, or does not match the data's channels.
 * @throws {PortAudioError} When the device refuses the stream.
 * @example Play one second of a 440 Hz tone
 * ```ts ignore
 * import { play, wait } from "@audiodev/audiodev";
 * const fs = 48000;
 * const tone = new Float32Array(fs).map((_, i) => 0.2 * Math.sin(2 * Math.PI * 440 * i / fs));
 * await play(tone, { samplerate: fs });
 * await wait();
 * ```
 */
export async function play(
  data: AudioData,
  options: PlayOptions = {},
): Promise<void> {
  const ctx = new CallbackContext(options.loop ?? false);
  ctx.frames = ctx.checkData(data, options.channels, options.mapping, {
    data: "data",
    channels: "channels",
    mapping: "mapping",
  });
  ctx.widenSingleChannel(options.mapping, options.device);
  const rest = pick(options, [
    "samplerate",
    "blocksize",
    "device",
    "latency",
    "extraSettings",
    "clipOff",
    "ditherOff",
  ]);
  await startStream(ctx, () =>
    new OutputStream({
      ...rest,
      channels: ctx.outputChannels,
      dtype: ctx.outputDType,
      primeOutputBuffersUsingStreamCallback: false,
      callback: (_indata, outdata, frames, _time, status) => {
        ctx.enter(status, frames);
        ctx.writeOutdata(outdata as SampleArray, frames);
        ctx.exit();
      },
    }), options.blocking ?? false);
}

/**
 * Records audio into a typed array (python-sounddevice's `rec()`).
 *
 * Resolves with the array as soon as recording started; the array is filled
 * while recording goes on in the background and is complete once
 * {@linkcode wait} resolved (with `blocking: true` the promise resolves only
 * then). `float64` is recorded as `float32` and stored as 64-bit floats.
 *
 * @param frames Frames to record (not needed with `out`).
 * @param options Recording options; any other input stream option except
 *   `callback`/`finishedCallback`.
 * @returns The recording: interleaved (frame by frame) in an array of `dtype`,
 *   or `out`.
 * @throws {TypeError} No `frames` and no `out`, no channel count, or an
 *   unsupported `dtype` or `out` type.
 * @throws {RangeError} A bad mapping, or an `out` whose shape does not match.
 * @throws {PortAudioError} When the device refuses the stream.
 * @example Record two seconds of stereo
 * ```ts ignore
 * import { rec, wait } from "@audiodev/audiodev";
 * const fs = 48000;
 * const recording = await rec(2 * fs, { samplerate: fs, channels: 2, dtype: "float32" });
 * await wait();
 * console.log(recording.length); // 192000 samples, interleaved
 * ```
 */
export async function rec<O extends RecOptions = RecOptions>(
  frames?: number | null,
  options?: O,
): Promise<RecordingOf<O>> {
  const o: RecOptions = options ?? {};
  const ctx = new CallbackContext(false);
  const checked = ctx.checkOut(o.out, frames, o.channels, o.dtype, o.mapping, {
    channels: "channels",
    mapping: "mapping",
  });
  ctx.frames = checked.frames;
  const rest = pick(o, [
    "samplerate",
    "blocksize",
    "device",
    "latency",
    "extraSettings",
    "clipOff",
    "ditherOff",
  ]);
  await startStream(ctx, () =>
    new InputStream({
      ...rest,
      channels: ctx.inputChannels,
      dtype: ctx.inputDType,
      callback: (indata, _outdata, frames, _time, status) => {
        ctx.enter(status, frames);
        ctx.readIndata(indata as SampleArray);
        ctx.exit();
      },
    }), o.blocking ?? false);
  return checked.out as RecordingOf<O>;
}

/**
 * Plays and records at the same time on one full-duplex stream
 * (python-sounddevice's `playrec()`).
 *
 * The recording has as many frames as `data`. Resolves with it once the
 * stream started (`blocking: true`: once finished).
 *
 * @param data Audio to play; see {@linkcode play}.
 * @param options Options; `channels`, `dtype`, `out` and `inputMapping` are
 *   those of {@linkcode rec}, `dataChannels` and `outputMapping` those of
 *   {@linkcode play} (`channels`/`mapping` there). `dtype` defaults to the
 *   type of `data`.
 * @returns The recording (interleaved, or `out`).
 * @throws {TypeError} Unsupported data, `out` or `dtype`, or no input channel
 *   count.
 * @throws {RangeError} Shapes that do not fit, a bad mapping, or an `out`
 *   whose frames differ from those of `data`.
 * @throws {PortAudioError} When the device refuses the stream.
 * @example Play a tone and record it back
 * ```ts ignore
 * import { playrec, wait } from "@audiodev/audiodev";
 * const fs = 48000;
 * const tone = new Float32Array(fs).map((_, i) => 0.2 * Math.sin(2 * Math.PI * 1000 * i / fs));
 * const recording = await playrec(tone, { samplerate: fs, channels: 1 });
 * await wait();
 * ```
 */
export async function playrec<O extends PlayrecOptions = PlayrecOptions>(
  data: AudioData,
  options?: O,
): Promise<RecordingOf<O>> {
  const o: PlayrecOptions = options ?? {};
  const ctx = new CallbackContext(false);
  const outputFrames = ctx.checkData(data, o.dataChannels, o.outputMapping, {
    data: "data",
    channels: "dataChannels",
    mapping: "outputMapping",
  });
  const dtype = o.dtype ?? dtypeOf(Array.isArray(data) ? data[0] : data)!;
  const checked = ctx.checkOut(
    o.out,
    outputFrames,
    o.channels,
    dtype,
    o.inputMapping,
    { channels: "channels", mapping: "inputMapping" },
  );
  if (checked.frames !== outputFrames) {
    throw new RangeError(
      `out has ${checked.frames} frames but data has ${outputFrames}; they must be equal`,
    );
  }
  ctx.frames = outputFrames;
  const outDevice = Array.isArray(o.device) ? o.device[1] : o.device;
  ctx.widenSingleChannel(o.outputMapping, outDevice);
  const rest = pick(o, [
    "samplerate",
    "blocksize",
    "device",
    "latency",
    "extraSettings",
    "clipOff",
    "ditherOff",
    "neverDropInput",
  ]);
  await startStream(ctx, () =>
    new Stream({
      ...rest,
      channels: [ctx.inputChannels, ctx.outputChannels],
      dtype: [ctx.inputDType, ctx.outputDType],
      primeOutputBuffersUsingStreamCallback: false,
      callback: (indata, outdata, frames, _time, status) => {
        ctx.enter(status, frames);
        if (indata) ctx.readIndata(indata as SampleArray);
        if (outdata) ctx.writeOutdata(outdata as SampleArray, frames);
        ctx.exit();
      },
    }), o.blocking ?? false);
  return checked.out as RecordingOf<O>;
}

/**
 * Waits until the last `play()`/`rec()`/`playrec()` finished, then closes its
 * stream (python-sounddevice's `wait()`).
 *
 * Resolves at once when nothing was started. A stream ended by
 * {@linkcode stop} resolves too.
 *
 * @param ignoreErrors Ignore errors while closing the stream (default `true`).
 * @returns The accumulated {@linkcode CallbackFlags} when at least one over-
 *   or underflow happened, else `null`.
 * @throws The error that stopped the callback, or that opening/starting the
 *   stream threw.
 * @example
 * ```ts ignore
 * import { play, wait } from "@audiodev/audiodev";
 * await play(new Float32Array(48000), { samplerate: 48000 });
 * const status = await wait();
 * if (status) console.error(status.toString());
 * ```
 */
export async function wait(
  ignoreErrors = true,
): Promise<CallbackFlags | null> {
  if (!last) return null;
  return await last.wait(ignoreErrors);
}

/**
 * Stops the last `play()`/`rec()`/`playrec()` at once and closes its stream
 * (python-sounddevice's `stop()`). Streams you opened yourself are not
 * touched. Unlike python-sounddevice (which calls `Pa_StopStream`), pending
 * output is dropped (`Pa_AbortStream`): stopping is meant to be immediate.
 *
 * @param ignoreErrors Ignore errors while stopping/closing (default `true`).
 * @returns A promise that resolves when the stream is closed.
 * @example Stop a loop after two seconds
 * ```ts ignore
 * import { play, sleep, stop } from "@audiodev/audiodev";
 * await play(new Float32Array(4800).fill(0.1), { samplerate: 48000, loop: true });
 * await sleep(2000);
 * await stop();
 * ```
 */
export async function stop(ignoreErrors = true): Promise<void> {
  await stopContext(last, ignoreErrors);
}

/**
 * Over- and underflows seen by the last `play()`/`rec()`/`playrec()`
 * (python-sounddevice's `get_status()`).
 *
 * @returns The accumulated flags of the last invocation (live while it runs).
 * @throws {Error} When none of them was called yet.
 * @example
 * ```ts ignore
 * import { getStatus, play, wait } from "@audiodev/audiodev";
 * await play(new Float32Array(48000), { samplerate: 48000, blocking: true });
 * console.log(getStatus().toString() || "no xruns");
 * ```
 */
export function getStatus(): CallbackFlags {
  if (!last) {
    throw new Error("play()/rec()/playrec() was not called yet");
  }
  return last.status;
}

/**
 * The stream of the last `play()` (an `OutputStream`), `rec()` (an
 * `InputStream`) or `playrec()` (a `Stream`) (python-sounddevice's
 * `get_stream()`).
 *
 * @returns The stream (it may be closed already).
 * @throws {Error} When none of them was called yet, or its stream is still
 *   being opened (await the call first).
 * @example
 * ```ts ignore
 * import { getStream, play } from "@audiodev/audiodev";
 * await play(new Float32Array(48000), { samplerate: 48000 });
 * console.log(getStream().latency);
 * ```
 */
export function getStream(): ConvenienceStream {
  if (!last) {
    throw new Error("play()/rec()/playrec() was not called yet");
  }
  if (!last.stream) {
    throw new Error(
      "The stream of the last play()/rec()/playrec() is still being opened; await that call first",
    );
  }
  return last.stream;
}

/**
 * Waits `ms` milliseconds without blocking the event loop (python-sounddevice's
 * `sleep()`, which blocks; here it is a promise, so callbacks keep running).
 *
 * @param ms Milliseconds (>= 0).
 * @returns A promise that resolves after `ms` milliseconds.
 * @throws {RangeError} For a negative or non-finite `ms`.
 * @example
 * ```ts
 * import { sleep } from "@audiodev/audiodev";
 * await sleep(10);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    return Promise.reject(
      new RangeError(`sleep(): ms must be a number >= 0, got ${String(ms)}`),
    );
  }
  return new Promise((resolve) => setTimeout(resolve, ms));
}
