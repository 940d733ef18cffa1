/**
 * PortAudio streams: `Stream`, `InputStream`, `OutputStream` (typed arrays)
 * and `RawStream`, `RawInputStream`, `RawOutputStream` (bytes), with
 * python-sounddevice's options, callback arguments, properties and
 * lifecycle. The shared machinery lives in `stream_base.ts` (lifecycle,
 * blocking transfer), `stream_callback.ts` (the callback adapter) and
 * `stream_options.ts` (options and their checks).
 *
 * @module
 */

import type { DType } from "./defaults.ts";
import { describeValue } from "../options.ts";
import type { TypedSamples } from "./callback.ts";
import { BaseStream } from "./stream_base.ts";
import type { ReadResult } from "./stream_run.ts";
import type {
  InputStreamOptions,
  OutputStreamOptions,
  RawInputStreamOptions,
  RawOutputStreamOptions,
  RawStreamOptions,
  SamplesOf,
  StreamOptions,
} from "./stream_options.ts";

export { BaseStream, settledWithoutRef } from "./stream_base.ts";
export type { ReadResult, StreamEnd } from "./stream_run.ts";
export {
  checkInputSettings,
  checkOutputSettings,
  type CheckSettingsOptions,
  type CloseOptions,
  type InputStreamOptions,
  type OneWayStreamOptions,
  type OutputStreamOptions,
  type RawInputStreamOptions,
  type RawOneWayStreamOptions,
  type RawOutputStreamOptions,
  type RawStreamOptions,
  type SamplesByDType,
  type SamplesOf,
  type StreamOptions,
  type StreamOptionsBase,
} from "./stream_options.ts";

/** Starts a just-opened stream; closes it again if it cannot start. */
async function opened<S extends BaseStream>(stream: S): Promise<S> {
  try {
    await stream.start();
  } catch (e) {
    await stream.close({ ignoreErrors: true });
    throw e;
  }
  return stream;
}

/**
 * A duplex stream of typed arrays (python-sounddevice's `Stream`). The
 * callback is `callback(indata, outdata, frames, time, status)`; the array
 * types follow `dtype` (`Float32Array` by default).
 *
 * @example Pass input through to output for five seconds
 * ```ts ignore
 * import { Stream } from "@audiodev/audiodev";
 * await using s = await Stream.start({
 *   channels: 2,
 *   callback: (indata, outdata) => outdata.set(indata),
 * });
 * await new Promise((r) => setTimeout(r, 5000));
 * ```
 */
export class Stream<I extends DType = "float32", O extends DType = I>
  extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options; unset ones come from `defaults`.
   * @throws {RangeError|TypeError} For invalid or unknown options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: StreamOptions<I, O> = {}) {
    super("duplex", false, options);
  }

  /**
   * Opens and starts a stream in one step, as Python's `with Stream(...)`
   * does: `await using s = await Stream.start({...})` also stops and
   * closes it at the end of the block.
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start<I extends DType = "float32", O extends DType = I>(
    options: StreamOptions<I, O> = {},
  ): Promise<Stream<I, O>> {
    return await opened(new Stream<I, O>(options));
  }

  /**
   * Reads frames (blocking streams). Resolves when all have been read.
   *
   * @param frames Number of frames.
   * @returns Interleaved samples of the input dtype and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  async read(frames: number): Promise<ReadResult<SamplesOf<I>>> {
    const r = await this.readFrames(frames);
    return {
      data: new (this.inputCtor())(r.data.buffer as ArrayBuffer) as SamplesOf<
        I
      >,
      overflowed: r.overflowed,
    };
  }

  /**
   * Writes interleaved frames (blocking streams); what fits is written at
   * once, the rest waits off the event loop.
   *
   * @param data Interleaved samples of the output dtype.
   * @returns `true` if an output underflow happened before this write.
   * @throws {TypeError|RangeError} Wrong dtype or not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: SamplesOf<O> | TypedSamples): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * An input stream of typed arrays (python-sounddevice's `InputStream`). The
 * callback is `callback(indata, frames, time, status)`; `indata` follows
 * `dtype` (`Float32Array` by default).
 *
 * @example Record one second, blocking style
 * ```ts ignore
 * import { InputStream } from "@audiodev/audiodev";
 * await using s = await InputStream.start({ channels: 1, samplerate: 44100 });
 * const { data, overflowed } = await s.read(44100);
 * ```
 */
export class InputStream<D extends DType = "float32"> extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options; unset ones come from `defaults`.
   * @throws {RangeError|TypeError} For invalid or unknown options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: InputStreamOptions<D> = {}) {
    super("input", false, options);
  }

  /**
   * Opens and starts a stream in one step (Python's `with InputStream(...)`).
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start<D extends DType = "float32">(
    options: InputStreamOptions<D> = {},
  ): Promise<InputStream<D>> {
    return await opened(new InputStream<D>(options));
  }

  /**
   * Reads frames (blocking streams). Resolves when all have been read.
   *
   * @param frames Number of frames.
   * @returns Interleaved samples of the dtype and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  async read(frames: number): Promise<ReadResult<SamplesOf<D>>> {
    const r = await this.readFrames(frames);
    return {
      data: new (this.inputCtor())(r.data.buffer as ArrayBuffer) as SamplesOf<
        D
      >,
      overflowed: r.overflowed,
    };
  }
}

/**
 * An output stream of typed arrays (python-sounddevice's `OutputStream`).
 * The callback is `callback(outdata, frames, time, status)`; `outdata`
 * follows `dtype` (`Float32Array` by default) and holds silence when the
 * callback starts.
 *
 * @example Play a 440 Hz tone from a callback for two seconds
 * ```ts ignore
 * import { OutputStream } from "@audiodev/audiodev";
 * let t = 0;
 * await using s = await OutputStream.start({
 *   channels: 1,
 *   samplerate: 44100,
 *   callback: (outdata, frames) => {
 *     for (let i = 0; i < frames; i++) outdata[i] = 0.2 * Math.sin(2 * Math.PI * 440 * t++ / 44100);
 *   },
 * });
 * await new Promise((r) => setTimeout(r, 2000));
 * ```
 */
export class OutputStream<D extends DType = "float32"> extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options; unset ones come from `defaults`.
   * @throws {RangeError|TypeError} For invalid or unknown options, before PortAudio is called.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: OutputStreamOptions<D> = {}) {
    super("output", false, options);
  }

  /**
   * Opens and starts a stream in one step (Python's `with OutputStream(...)`).
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start<D extends DType = "float32">(
    options: OutputStreamOptions<D> = {},
  ): Promise<OutputStream<D>> {
    return await opened(new OutputStream<D>(options));
  }

  /**
   * Writes interleaved frames (blocking streams).
   *
   * @param data Interleaved samples of the dtype.
   * @returns `true` if an output underflow happened before this write.
   * @throws {TypeError|RangeError} Wrong dtype or not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: SamplesOf<D> | TypedSamples): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * A duplex stream of bytes (python-sounddevice's `RawStream`); supports
 * `"int24"`. The callback is `callback(indata, outdata, frames, time, status)`
 * with `Uint8Array` views.
 *
 * @example Pass packed 24-bit input through
 * ```ts ignore
 * import { RawStream } from "@audiodev/audiodev";
 * const s = new RawStream({ channels: 1, dtype: "int24", callback: (i, o) => o.set(i) });
 * ```
 */
export class RawStream extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawStreamOptions = {}) {
    super("duplex", true, options);
  }

  /**
   * Opens and starts a stream in one step (Python's `with RawStream(...)`).
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start(options: RawStreamOptions = {}): Promise<RawStream> {
    return await opened(new RawStream(options));
  }

  /**
   * Reads frames as bytes.
   *
   * @param frames Number of frames.
   * @returns The bytes and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  read(frames: number): Promise<ReadResult<Uint8Array>> {
    return this.readFrames(frames);
  }

  /**
   * Writes whole frames of bytes.
   *
   * @param data The bytes.
   * @returns `true` if an output underflow happened.
   * @throws {RangeError} Not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: ArrayBufferView): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/**
 * An input stream of bytes (python-sounddevice's `RawInputStream`). The
 * callback is `callback(indata, frames, time, status)` with a `Uint8Array`.
 *
 * @example Read 1024 frames of 16-bit stereo
 * ```ts ignore
 * import { RawInputStream } from "@audiodev/audiodev";
 * await using s = await RawInputStream.start({ channels: 2, dtype: "int16" });
 * const { data } = await s.read(1024); // 4096 bytes
 * ```
 */
export class RawInputStream extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawInputStreamOptions = {}) {
    super("input", true, options);
  }

  /**
   * Opens and starts a stream in one step (Python's `with RawInputStream(...)`).
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start(
    options: RawInputStreamOptions = {},
  ): Promise<RawInputStream> {
    return await opened(new RawInputStream(options));
  }

  /**
   * Reads frames as bytes.
   *
   * @param frames Number of frames.
   * @returns The bytes and the overflow flag.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  read(frames: number): Promise<ReadResult<Uint8Array>> {
    return this.readFrames(frames);
  }
}

/**
 * An output stream of bytes (python-sounddevice's `RawOutputStream`). The
 * callback is `callback(outdata, frames, time, status)` with a `Uint8Array`
 * that holds silence when the callback starts.
 *
 * @example Write one second of silence
 * ```ts ignore
 * import { RawOutputStream } from "@audiodev/audiodev";
 * await using s = await RawOutputStream.start({ channels: 2, dtype: "int16" });
 * await s.write(new Uint8Array(4 * 44100));
 * ```
 */
export class RawOutputStream extends BaseStream {
  /**
   * Opens the stream (it does not start it).
   *
   * @param options Stream options.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses the settings.
   */
  constructor(options: RawOutputStreamOptions = {}) {
    super("output", true, options);
  }

  /**
   * Opens and starts a stream in one step (Python's `with RawOutputStream(...)`).
   *
   * @param options Stream options.
   * @returns The running stream.
   * @throws {RangeError|TypeError} For invalid or unknown options.
   * @throws {PortAudioError} When PortAudio refuses to open or start it.
   */
  static async start(
    options: RawOutputStreamOptions = {},
  ): Promise<RawOutputStream> {
    return await opened(new RawOutputStream(options));
  }

  /**
   * Writes whole frames of bytes.
   *
   * @param data The bytes.
   * @returns `true` if an output underflow happened.
   * @throws {RangeError} Not whole frames.
   * @throws {PortAudioError} On a callback stream, after close, or on PortAudio errors.
   */
  write(data: ArrayBufferView): Promise<boolean> {
    return this.writeFrames(data);
  }
}

/** Checks the arguments shared by getChannel() and setChannel(). */
function checkChannelArgs(
  where: string,
  data: unknown,
  channels: unknown,
  channel: unknown,
): void {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new TypeError(
      `${where}(data) must be a typed array, got ${describeValue(data)}`,
    );
  }
  if (data.byteLength === 0 && data.buffer.byteLength === 0) {
    throw new TypeError(
      `${where}(data) is a detached ${data.constructor.name}`,
    );
  }
  if (
    typeof channels !== "number" || !Number.isInteger(channels) || channels < 1
  ) {
    throw new RangeError(
      `${where}(channels) must be an integer >= 1, got ${
        describeValue(channels)
      }`,
    );
  }
  if (
    typeof channel !== "number" || !Number.isInteger(channel) || channel < 0 ||
    channel >= channels
  ) {
    throw new RangeError(
      `${where}(channel) must be an integer in 0..${channels - 1}, got ${
        describeValue(channel)
      }`,
    );
  }
}

/**
 * Copies one channel out of interleaved samples (allocation-free with `out`).
 *
 * @param data Interleaved samples.
 * @param channels Channels per frame.
 * @param channel Channel index, from 0.
 * @param out Optional destination of at least `data.length / channels` samples.
 * @returns The channel's samples.
 * @throws {RangeError} For a channel out of range.
 * @example
 * ```ts
 * import { getChannel } from "@audiodev/audiodev";
 * const left = getChannel(new Float32Array([1, 2, 3, 4]), 2, 0); // [1, 3]
 * ```
 */
export function getChannel<T extends TypedSamples>(
  data: T,
  channels: number,
  channel: number,
  out?: T,
): T {
  checkChannelArgs("getChannel", data, channels, channel);
  const frames = Math.floor(data.length / channels);
  if (
    out !== undefined && (!ArrayBuffer.isView(out) ||
      (out as TypedSamples).length < frames)
  ) {
    throw new TypeError(
      `getChannel(out) must be a typed array of at least ${frames} samples, got ${
        describeValue(out)
      }`,
    );
  }
  const dst = out ?? (new (data.constructor as new (n: number) => T)(frames));
  for (let i = 0, j = channel; i < frames; i++, j += channels) dst[i] = data[j];
  return dst;
}

/**
 * Writes one channel into interleaved samples (e.g. `outdata` in a callback).
 *
 * @param data Interleaved samples to fill.
 * @param channels Channels per frame.
 * @param channel Channel index, from 0.
 * @param src The channel's samples (one per frame), or a number for all frames.
 * @throws {RangeError} For a channel out of range.
 * @example
 * ```ts
 * import { setChannel } from "@audiodev/audiodev";
 * const frames = new Float32Array(4);
 * setChannel(frames, 2, 1, new Float32Array([0.5, 0.25])); // [0, 0.5, 0, 0.25]
 * ```
 */
export function setChannel<T extends TypedSamples>(
  data: T,
  channels: number,
  channel: number,
  src: ArrayLike<number> | number,
): void {
  checkChannelArgs("setChannel", data, channels, channel);
  const frames = Math.floor(data.length / channels);
  if (typeof src !== "number") {
    if (
      src === null || typeof src !== "object" ||
      typeof (src as ArrayLike<number>).length !== "number" ||
      (src as ArrayLike<number>).length < frames
    ) {
      throw new TypeError(
        `setChannel(src) must be a number or hold at least ${frames} samples, got ${
          describeValue(src)
        }`,
      );
    }
  }
  for (let i = 0, j = channel; i < frames; i++, j += channels) {
    data[j] = typeof src === "number" ? src : src[i];
  }
}
