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

import type { CallbackFlags } from "./flags.ts";
import {
  InputStream,
  OutputStream,
  settledWithoutRef,
  Stream,
} from "./stream.ts";
import type {
  DeviceSpec,
  DType,
  ExtraSettings,
  Latency,
  PairInput,
} from "./defaults.ts";
import { checkOptions, describeValue } from "../options.ts";
import { checkSignal, onAbort, raceSignal } from "../abort.ts";
import {
  checkConvenienceOptions,
  pick,
  PLAY_KEYS,
  PLAYREC_KEYS,
  positional,
  REC_KEYS,
  startSignal,
  STREAM_KEYS,
} from "./convenience_options.ts";
import {
  type AudioData,
  type ChannelMapping,
  type ConvenienceDType,
  dtypeOf,
  type RecordingOf,
  type SampleArray,
} from "./convenience_data.ts";
import {
  CallbackContext,
  type ConvenienceStream,
} from "./convenience_context.ts";

export type {
  AudioData,
  ChannelMapping,
  ConvenienceDType,
  RecordingOf,
  SampleArray,
  SampleArrayByDType,
} from "./convenience_data.ts";
export type { ConvenienceStream } from "./convenience_context.ts";

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
  /** Full-duplex streams: never drop overflowed input. */
  neverDropInput?: boolean;
  /**
   * Stops this invocation when it aborts, as {@linkcode stop} does: a
   * pending promise of the call rejects with `signal.reason` within a few
   * milliseconds, and so does a later {@linkcode wait}; an aborted signal
   * rejects before a stream is opened.
   */
  signal?: AbortSignal;
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
  /** Input channels (from 1) to record; a channel may be recorded more than once. */
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

let last: CallbackContext | null = null;
/** Invocations stopped by their signal: their wait() rejects with the reason. */
const abortedBy = new WeakMap<CallbackContext, { reason: unknown }>();

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

async function startStream(
  ctx: CallbackContext,
  open: () => ConvenienceStream,
  blocking: boolean,
  keepAlive: boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const previous = last;
  last = ctx;
  const unlisten = onAbort(signal, () => {
    abortedBy.set(ctx, { reason: signal!.reason });
    void stopContext(ctx, true);
  });
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
    // Release the stream as soon as it finished, even if nobody waits. A
    // finite sound keeps the program alive until it has been played or
    // recorded (`finished` holds the event loop); an endless one must not.
    const end = keepAlive ? stream.finished : settledWithoutRef(stream);
    end.catch(() => {}).then(() => ctx.close(true)).catch(() => {})
      .finally(unlisten);
  })();
  ctx.started.catch(unlisten);
  await raceSignal(ctx.started, signal);
  if (blocking) await raceSignal(ctx.wait(true), signal);
}

/**
 * Plays audio data (python-sounddevice's `play()`).
 *
 * Resolves once playback started (or, with `blocking: true`, once it
 * finished); playback goes on in the background until the data ends,
 * {@linkcode stop} is called or another `play()`/`rec()`/`playrec()` starts;
 * then its stream is closed. Await {@linkcode wait} to know when it is done.
 *
 * When the program ends: unlike Python, where the sound stops as soon as
 * the main thread ends, a finite `play()` keeps the program running until
 * its data has been played (then it ends), even without `wait()`. A
 * `loop: true` playback never keeps the program alive: it plays while the
 * program has other work (timers, I/O, an awaited `wait()`/`sleep()`) and
 * ends with it, as in Python.
 *
 * @param data Mono or interleaved typed array (with `channels`), one typed
 *   array per channel, or a plain `number[]` of mono samples;
 *   `Float64Array` and `number[]` are played as `float32`.
 * @param options Playback options, or the samplerate as Python's positional
 *   `play(data, fs)` (then the options come third); the stream options `samplerate`,
 *   `blocksize`, `device`, `latency`, `extraSettings`, `clipOff`,
 *   `ditherOff`, `neverDropInput` too. `dtype` is refused (the data's type is
 *   played, as python-sounddevice's `play()` takes no `dtype`), and so are
 *   `callback`/`finishedCallback`; any unknown key throws.
 * @param more The options, when the second argument is the samplerate.
 * @returns A promise that resolves when playback started (`blocking: true`:
 *   ended).
 * @throws {TypeError} Data of an unsupported type or shape, an unknown or
 *   refused option.
 * @throws {RangeError} Interleaved data that is not a whole number of frames,
 *   per-channel arrays of different lengths, a mapping that repeats a channel,
 *   counts from 0, or does not match the data's channels.
 * @throws {PortAudioError} When the device refuses the stream.
 * @throws {unknown} `signal.reason` when the signal aborts before the
 *   promise settled (the playback is stopped).
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
  options: PlayOptions | number = {},
  more?: PlayOptions,
): Promise<void> {
  options = positional("play", options, more) ?? {};
  checkConvenienceOptions("play", options, PLAY_KEYS);
  const ctx = new CallbackContext(options.loop ?? false);
  ctx.frames = ctx.checkData(data, options.channels, options.mapping, {
    fn: "play",
    data: "data",
    channels: "channels",
    mapping: "mapping",
  });
  const signal = startSignal("play", options);
  ctx.widenSingleChannel(options.mapping, options.device);
  const rest = pick(options, STREAM_KEYS);
  await startStream(
    ctx,
    () =>
      new OutputStream<DType>({
        ...rest,
        channels: ctx.outputChannels,
        dtype: ctx.outputDType,
        primeOutputBuffersUsingStreamCallback: false,
        callback: (outdata, frames, _time, status) => {
          ctx.enter(status, frames);
          ctx.writeOutdata(outdata as SampleArray, frames);
          ctx.exit();
        },
      }),
    options.blocking ?? false,
    !ctx.loop,
    signal,
  );
}

/**
 * Records audio into a typed array (python-sounddevice's `rec()`).
 *
 * Resolves with the array as soon as recording started; the array is filled
 * while recording goes on in the background and is complete once
 * {@linkcode wait} resolved (with `blocking: true` the promise resolves only
 * then). `float64` is recorded as `float32` and stored as 64-bit floats.
 * As in Python the promise's array is not complete before `wait()`; unlike
 * Python, the program keeps running until the recording is complete, even
 * without `wait()`.
 *
 * The layout: frame by frame, channel after channel within a frame
 * (interleaved, `recording[frame * channels + channel]`), as a NumPy
 * array's memory in C order; `getChannel()` extracts one channel. A
 * per-channel `out` gets one array per channel instead.
 *
 * @param frames Frames to record (not needed with `out`).
 * @param options Recording options, or the samplerate as Python's positional
 *   `rec(frames, fs)` (then the options come third); the stream options `samplerate`,
 *   `blocksize`, `device`, `latency`, `extraSettings`, `clipOff`,
 *   `ditherOff`, `neverDropInput` too; any other key throws. `mapping` may
 *   repeat a channel (it is recorded into several channels of the result,
 *   as in Python).
 * @param more The options, when the second argument is the samplerate.
 * @returns The recording: interleaved (frame by frame) in an array of `dtype`,
 *   or `out`.
 * @throws {TypeError} No `frames` and no `out`, no channel count, or an
 *   unsupported `dtype` or `out` type.
 * @throws {RangeError} A bad mapping, or an `out` whose shape does not match.
 * @throws {PortAudioError} When the device refuses the stream.
 * @throws {unknown} `signal.reason` when the signal aborts before the
 *   promise settled (the recording is stopped).
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
  options?: O | number,
  more?: O,
): Promise<RecordingOf<O>> {
  const given = positional("rec", options, more);
  checkConvenienceOptions("rec", given, REC_KEYS);
  const o: RecOptions = given ?? {};
  const ctx = new CallbackContext(false);
  const checked = ctx.checkOut(o.out, frames, o.channels, o.dtype, o.mapping, {
    fn: "rec",
    channels: "channels",
    mapping: "mapping",
  });
  ctx.frames = checked.frames;
  const signal = startSignal("rec", o);
  const rest = pick(o, STREAM_KEYS);
  await startStream(
    ctx,
    () =>
      new InputStream<DType>({
        ...rest,
        channels: ctx.inputChannels,
        dtype: ctx.inputDType,
        callback: (indata, frames, _time, status) => {
          ctx.enter(status, frames);
          ctx.readIndata(indata);
          ctx.exit();
        },
      }),
    o.blocking ?? false,
    true,
    signal,
  );
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
 * @param options Options, or the samplerate as Python's positional
 *   `playrec(data, fs)` (then the options come third); `channels`, `dtype`, `out` and `inputMapping` are
 *   those of {@linkcode rec}, `dataChannels` and `outputMapping` those of
 *   {@linkcode play} (`channels`/`mapping` there). `dtype` defaults to the
 *   type of `data`.
 * @param more The options, when the second argument is the samplerate.
 * @returns The recording (interleaved, or `out`).
 * @throws {TypeError} Unsupported data, `out` or `dtype`, or no input channel
 *   count.
 * @throws {RangeError} Shapes that do not fit, a bad mapping, or an `out`
 *   whose frames differ from those of `data`.
 * @throws {PortAudioError} When the device refuses the stream.
 * @throws {unknown} `signal.reason` when the signal aborts before the
 *   promise settled (the stream is stopped).
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
  options?: O | number,
  more?: O,
): Promise<RecordingOf<O>> {
  const given = positional("playrec", options, more);
  checkConvenienceOptions("playrec", given, PLAYREC_KEYS);
  const o: PlayrecOptions = given ?? {};
  const ctx = new CallbackContext(false);
  const outputFrames = ctx.checkData(data, o.dataChannels, o.outputMapping, {
    fn: "playrec",
    data: "data",
    channels: "dataChannels",
    mapping: "outputMapping",
  });
  const first = Array.isArray(data) ? data[0] : data;
  const dtype = o.dtype ??
    (typeof first === "number" ? "float64" : dtypeOf(first)!);
  const checked = ctx.checkOut(
    o.out,
    o.out === undefined || o.out === null ? outputFrames : undefined,
    o.channels,
    dtype,
    o.inputMapping,
    { fn: "playrec", channels: "channels", mapping: "inputMapping" },
  );
  if (checked.frames !== outputFrames) {
    throw new RangeError(
      `playrec: out has ${checked.frames} frames but data has ${outputFrames}; they must be equal`,
    );
  }
  ctx.frames = outputFrames;
  const signal = startSignal("playrec", o);
  const outDevice = Array.isArray(o.device) ? o.device[1] : o.device;
  ctx.widenSingleChannel(o.outputMapping, outDevice);
  const rest = pick(o, STREAM_KEYS);
  await startStream(
    ctx,
    () =>
      new Stream<DType, DType>({
        ...rest,
        channels: [ctx.inputChannels, ctx.outputChannels],
        dtype: [ctx.inputDType, ctx.outputDType],
        primeOutputBuffersUsingStreamCallback: false,
        callback: (indata, outdata, frames, _time, status) => {
          ctx.enter(status, frames);
          ctx.readIndata(indata);
          ctx.writeOutdata(outdata as SampleArray, frames);
          ctx.exit();
        },
      }),
    o.blocking ?? false,
    true,
    signal,
  );
  return checked.out as RecordingOf<O>;
}

/**
 * Waits until the last `play()`/`rec()`/`playrec()` finished, then closes its
 * stream (python-sounddevice's `wait()`).
 *
 * Resolves at once when nothing was started. A stream ended by
 * {@linkcode stop} resolves too; one stopped by the `signal` of its call
 * rejects with that signal's reason.
 *
 * When `options.signal` aborts, the wait ends as an interrupted Python
 * `wait()` does: the stream is stopped and closed, and the promise rejects
 * with `signal.reason` within a few milliseconds. `wait({ signal })` is
 * `wait(true, { signal })`.
 *
 * @param ignoreErrors Ignore errors while closing the stream (default
 *   `true`), or the options.
 * @param options `signal`: ends the wait (see above).
 * @returns The accumulated {@linkcode CallbackFlags} when at least one over-
 *   or underflow happened, else `null`.
 * @throws The error that stopped the callback, or that opening/starting the
 *   stream threw.
 * @throws {TypeError} When `ignoreErrors` is not a boolean, an option is
 *   unknown or `signal` is not an `AbortSignal`.
 * @throws {unknown} `signal.reason` when a signal aborted (at once when it
 *   already has).
 * @example
 * ```ts ignore
 * import { play, wait } from "@audiodev/audiodev";
 * await play(new Float32Array(48000), { samplerate: 48000 });
 * const status = await wait();
 * if (status) console.error(status.toString());
 * ```
 */
export async function wait(
  ignoreErrors: boolean | WaitOptions = true,
  options?: WaitOptions,
): Promise<CallbackFlags | null> {
  if (typeof ignoreErrors === "object" && ignoreErrors !== null) {
    options = ignoreErrors;
    ignoreErrors = true;
  }
  if (typeof ignoreErrors !== "boolean") {
    throw new TypeError(
      `wait: ignoreErrors must be true or false (or the options), got ${
        describeValue(ignoreErrors)
      }`,
    );
  }
  checkOptions("wait", options, ["signal"]);
  const signal = checkSignal("wait: signal", options?.signal);
  signal?.throwIfAborted();
  const ctx = last;
  if (!ctx) return null;
  const status = await raceSignal(
    ctx.wait(ignoreErrors),
    signal,
    () => void stopContext(ctx, true),
  );
  const aborted = abortedBy.get(ctx);
  if (aborted) throw aborted.reason;
  return status;
}

/** Options of {@linkcode wait}. */
export interface WaitOptions {
  /** Stops the stream and ends the wait with `signal.reason` when it aborts. */
  signal?: AbortSignal;
}

/**
 * Stops the last `play()`/`rec()`/`playrec()` at once and closes its stream
 * (python-sounddevice's `stop()`). Streams you opened yourself are not
 * touched. Unlike python-sounddevice (which calls `Pa_StopStream`), pending
 * output is dropped (`Pa_AbortStream`): stopping is meant to be immediate.
 *
 * @param ignoreErrors Ignore errors while stopping/closing (default `true`).
 * @returns A promise that resolves when the stream is closed.
 * @throws {TypeError} When `ignoreErrors` is not a boolean.
 * @example Stop a loop after two seconds
 * ```ts ignore
 * import { play, sleep, stop } from "@audiodev/audiodev";
 * await play(new Float32Array(4800).fill(0.1), { samplerate: 48000, loop: true });
 * await sleep(2000);
 * await stop();
 * ```
 */
export async function stop(ignoreErrors = true): Promise<void> {
  if (typeof ignoreErrors !== "boolean") {
    throw new TypeError(
      `stop: ignoreErrors must be true or false, got ${
        describeValue(ignoreErrors)
      }`,
    );
  }
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
 * @throws {TypeError} When `ms` is not a number.
 * @throws {RangeError} For a negative or non-finite `ms`.
 * @example
 * ```ts
 * import { sleep } from "@audiodev/audiodev";
 * await sleep(10);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  if (typeof ms !== "number") {
    return Promise.reject(
      new TypeError(
        `sleep(): ms must be a number of milliseconds, got ${
          describeValue(ms)
        }`,
      ),
    );
  }
  if (!Number.isFinite(ms) || ms < 0) {
    return Promise.reject(
      new RangeError(
        `sleep(): ms must be a number >= 0, got ${describeValue(ms)}`,
      ),
    );
  }
  return new Promise((resolve) => setTimeout(resolve, ms));
}
