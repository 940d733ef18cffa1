/**
 * The state of one `play()`/`rec()`/`playrec()` (python-sounddevice's
 * `_CallbackContext`): the checked data, the mapping of data channels to
 * stream channels, the callback's work per block, and waiting for the end.
 *
 * @module
 */

import { CallbackAbort, CallbackStop } from "./callback.ts";
import { CallbackFlags } from "./flags.ts";
import type { InputStream, OutputStream, Stream } from "./stream.ts";
import { defaults, type DeviceSpec, type DType } from "./defaults.ts";
import { queryDevices, selectDevice } from "./devices.ts";
import {
  assertChannelCount,
  type AudioData,
  type ChannelMapping,
  checkMapping,
  type ConvenienceDType,
  CTORS,
  type SampleArray,
  shape,
  type Shaped,
  streamDType,
  toStreamSamples,
} from "./convenience_data.ts";
import { describeValue } from "../options.ts";

/** A stream opened by the convenience functions. */
export type ConvenienceStream =
  | OutputStream<DType>
  | InputStream<DType>
  | Stream<DType, DType>;

/**
 * Checks the `frames` argument of `rec()`: an integer >= 0, required
 * unless `out` is given (then it may be left out).
 *
 * @returns The frame count, or `undefined` when left out.
 */
function checkFrames(
  fn: string,
  frames: unknown,
  out: unknown,
): number | undefined {
  const hasOut = out !== undefined && out !== null;
  if (frames === undefined || frames === null) {
    if (hasOut) return undefined;
    throw new TypeError(
      `${fn}: frames must be given (the number of frames to record), or an out array to record into`,
    );
  }
  if (typeof frames !== "number") {
    throw new TypeError(
      `${fn}(frames) must be a number of frames (an integer >= 0)${
        hasOut ? " or left out with out" : ""
      }, got ${describeValue(frames)}`,
    );
  }
  if (!Number.isSafeInteger(frames) || frames < 0) {
    throw new RangeError(
      `${fn}(frames) must be a whole number of frames in 0..2^53-1, got ${
        describeValue(frames)
      }`,
    );
  }
  return frames;
}

/** A new recording array, or a RangeError saying why it cannot be had. */
function allocate(
  fn: string,
  dtype: ConvenienceDType,
  frames: number,
  channels: number,
): SampleArray {
  const ctor = CTORS[dtype];
  const bytes = frames * channels * ctor.BYTES_PER_ELEMENT;
  try {
    return new ctor(frames * channels);
  } catch (e) {
    throw new RangeError(
      `${fn}(frames): ${frames} frames x ${channels} channels of ${dtype} need ${bytes} bytes, more than can be allocated; record fewer frames (or into several out arrays)`,
      { cause: e },
    );
  }
}

/** The state of one play()/rec()/playrec() (python's `_CallbackContext`). */
export class CallbackContext {
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
    names: { fn: string; data: string; channels: string; mapping: string },
  ): number {
    const s = shape(names.fn, data, channels, names.data, names.channels);
    const m = checkMapping(names.fn, mapping, s.channels, names.mapping);
    if (s.channels !== 1 && s.channels !== m.mapping.length) {
      throw new RangeError(
        `${names.fn}: ${names.data} has ${s.channels} channels but ${names.mapping} lists ${m.mapping.length}; give one channel number per data channel (only mono data may be mapped to several channels)`,
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

  /**
   * Checks what a recording goes into: a new array of `frames` frames, or
   * `out` (python-sounddevice's `check_out`), with the channels, dtype and
   * input mapping.
   */
  checkOut(
    out: unknown,
    frames: unknown,
    channels: number | undefined,
    dtype: ConvenienceDType | undefined,
    mapping: ChannelMapping | undefined,
    names: { fn: string; channels: string; mapping: string },
  ): { out: AudioData; frames: number } {
    const fn = names.fn;
    const given = checkFrames(fn, frames, out);
    // Refused even where mapping decides the count: never silently ignored.
    if (channels !== undefined && channels !== null) {
      assertChannelCount(fn, channels, names.channels);
    }
    let s: Shaped;
    if (out === undefined || out === null) {
      let ch = mapping !== undefined && mapping !== null
        ? checkMapping(fn, mapping, 1, names.mapping, true).mapping.length
        : channels ?? defaults.channels[0];
      if (ch === null || ch === undefined) {
        throw new TypeError(
          `${fn}: unable to determine the number of input channels: give ${names.channels} or ${names.mapping}, or set defaults.channels`,
        );
      }
      assertChannelCount(fn, ch, names.channels);
      ch = ch as number;
      const d = dtype ?? defaults.dtype[0];
      if (typeof d !== "string" || !Object.hasOwn(CTORS, d)) {
        throw new TypeError(
          `${fn}: dtype ${
            describeValue(d)
          } cannot be recorded into an array; use float64, float32, int32, int16, int8 or uint8`,
        );
      }
      const arr = allocate(fn, d as ConvenienceDType, given!, ch);
      s = shape(fn, arr, ch, "out", names.channels);
    } else {
      const ch = channels ??
        (mapping !== undefined && mapping !== null && !Array.isArray(out)
          ? checkMapping(fn, mapping, 1, names.mapping, true).mapping.length
          : undefined);
      s = shape(fn, out, ch, "out", names.channels);
      if (given !== undefined && given !== s.frames) {
        throw new RangeError(
          `${fn}: frames is ${given} but out holds ${s.frames} frames; give frames or out, or make them agree`,
        );
      }
    }
    const m = checkMapping(fn, mapping, s.channels, names.mapping, true);
    if (m.mapping.length !== s.channels) {
      throw new RangeError(
        `${fn}: out has ${s.channels} channels but ${names.mapping} lists ${m.mapping.length}; they must agree`,
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
    // The error (a lost device, say) reaches the caller as wait()'s
    // rejection: that is its report, so it is not printed as well.
    stream.addEventListener("error", () => {}, { once: true });
    let failure: { error: unknown } | null = null;
    try {
      // Reading `finished` keeps the program alive until the end: the
      // caller awaits it.
      await Promise.race([stream.finished, this.stoppedByUser]);
    } catch (e) {
      failure = { error: e };
    } finally {
      await this.close(ignoreErrors);
    }
    if (failure) throw failure.error;
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
