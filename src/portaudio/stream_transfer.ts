/**
 * The blocking transfer of `read()`/`write()`: what fits now with a
 * synchronous call that does not wait, the rest in awaited chunks on a
 * helper thread, stopping as soon as `close()` begins.
 *
 * @module
 */

import { PaErrorCode } from "../../ffi/portaudio_constants.ts";
import { describeValue } from "../options.ts";
import type { TypedSamples } from "./callback.ts";
import type { DType } from "./defaults.ts";
import { PortAudioError } from "./errors.ts";
import { check, paSymbols } from "./library.ts";
import { CTORS, type Direction } from "./stream_options.ts";
import type { ReadResult } from "./stream_run.ts";

/**
 * Checks data for a write and returns its frame count.
 *
 * @param data What the caller passed.
 * @param dir The output direction.
 * @param raw Whether the stream takes bytes.
 * @param call The method, for messages.
 * @returns Frames in `data`.
 * @throws {TypeError|RangeError} Wrong type or not whole frames.
 */
export function checkFrames(
  data: ArrayBufferView,
  dir: Direction,
  raw: boolean,
  call: string,
): number {
  if (!raw) {
    const ctor = CTORS[dir.dtype as DType];
    if (!(data instanceof ctor)) {
      throw new TypeError(
        `${call}: data must be a ${ctor.name} for dtype "${dir.dtype}", got ${
          describeValue(data)
        }`,
      );
    }
  } else if (!ArrayBuffer.isView(data)) {
    throw new TypeError(
      `${call}: data must be a Uint8Array or another ArrayBufferView of bytes, got ${
        describeValue(data)
      }`,
    );
  }
  if ((data.buffer as ArrayBuffer).detached) {
    throw new TypeError(
      `${call}: data is ${
        describeValue(data)
      }: its memory was transferred, there is nothing to write`,
    );
  }
  if (data.byteLength % dir.frameBytes !== 0) {
    const unit = raw ? "bytes" : "samples";
    const per = raw ? dir.frameBytes : dir.channels;
    const have = raw ? data.byteLength : (data as TypedSamples).length;
    throw new RangeError(
      `${call}: data of ${have} ${unit} is not a whole number of frames of ${per} ${unit} (${dir.channels} channels)`,
    );
  }
  return data.byteLength / dir.frameBytes;
}

// Largest read: Pa_ReadStream takes the frame count as an unsigned long,
// and a buffer of more than 2^31 frames is beyond any recording in memory.
const MAX_READ_FRAMES = 2 ** 31 - 1;

/**
 * Checks the frame count of a read and allocates its buffer.
 *
 * @param frames What the caller passed.
 * @param frameBytes Bytes per frame.
 * @param call The method, for messages (`"InputStream.read"`).
 * @returns A zeroed buffer of `frames` frames.
 * @throws {TypeError} When `frames` is not a number.
 * @throws {RangeError} When it is not an integer in 0..2^31-1, or its
 *   buffer cannot be allocated.
 */
export function readBuffer(
  frames: unknown,
  frameBytes: number,
  call: string,
): Uint8Array {
  if (typeof frames !== "number") {
    throw new TypeError(
      `${call}(frames) must be a number of frames (an integer >= 0), got ${
        describeValue(frames)
      }`,
    );
  }
  if (!Number.isInteger(frames) || frames < 0 || frames > MAX_READ_FRAMES) {
    throw new RangeError(
      `${call}(frames) must be an integer in 0..${MAX_READ_FRAMES}, got ${
        describeValue(frames)
      }`,
    );
  }
  try {
    return new Uint8Array(frames * frameBytes);
  } catch (e) {
    throw new RangeError(
      `${call}(frames): ${frames} frames of ${frameBytes} bytes need ${
        frames * frameBytes
      } bytes, more than can be allocated; read fewer frames at a time`,
      { cause: e },
    );
  }
}

/** One blocking transfer. */
export interface Transfer {
  write: boolean;
  handle: Deno.PointerObject;
  bytes: Uint8Array;
  frames: number;
  frameBytes: number;
  samplerate: number;
  /** `true` once close() has begun. */
  closing: () => boolean;
  /** The class name, for messages. */
  what: string;
  /** The method that moves the frames, for messages (default read/write). */
  method?: string;
  /** See {@linkcode BlockingStream.lost}. */
  lost?: () => Error | null;
}

/**
 * Moves `frames` frames between `bytes` and the device. Resolves to the
 * xrun flag (output underflow / input overflow).
 *
 * @param t The transfer.
 * @returns Whether an xrun was reported.
 * @throws {PortAudioError} On errors, and for a read cut short by close().
 */
export async function transferFrames(t: Transfer): Promise<boolean> {
  const { write, handle: h, bytes, frames, frameBytes } = t;
  const pa = paSymbols();
  const xrunCode = write
    ? PaErrorCode.paOutputUnderflowed
    : PaErrorCode.paInputOverflowed;
  // Frames per awaited helper-thread call once the buffer is full: a read
  // hands up to 100 ms to Pa_ReadStream; a write hands up to 250 ms to
  // Pa_WriteStream, which waits inside PortAudio as C does (one event-loop
  // wake-up per 250 ms, not one per period; close() waits for it).
  const chunk = Math.max(
    64,
    Math.ceil(t.samplerate * (write ? 0.25 : 0.1)),
  );
  let xrun = false;
  for (let done = 0; done < frames;) {
    // close() has begun: stop before touching the stream again. A write
    // ends quietly (close discards pending output anyway); a read cannot
    // deliver what was asked, so it says so.
    if (t.closing()) {
      if (write) break;
      throw new PortAudioError(
        `${t.what} was closed during read(): ${done} of ${frames} frames read`,
        { code: PaErrorCode.paBadStreamPtr, call: "Pa_ReadStream" },
      );
    }
    const avail = Number(
      write
        ? pa.Pa_GetStreamWriteAvailable(h)
        : pa.Pa_GetStreamReadAvailable(h),
    );
    if (avail <= 0 && t.lost) {
      // A stream on JACK: wait here for room or data, not inside PortAudio.
      const error = t.lost();
      if (error) throw error;
      await new Promise((r) => setTimeout(r, 2));
      continue;
    }
    const n = Math.min(frames - done, avail > 0 ? avail : chunk);
    const view = bytes.subarray(done * frameBytes, (done + n) * frameBytes);
    const count = BigInt(n);
    const code = avail > 0
      ? (write
        ? pa.Pa_WriteStream(h, view, count)
        : pa.Pa_ReadStream(h, view, count))
      : await (write
        ? pa.Pa_WriteStream_nb(h, view, count)
        : pa.Pa_ReadStream_nb(h, view, count));
    if (code === xrunCode) xrun = true;
    else {
      check(
        code,
        write ? "Pa_WriteStream" : "Pa_ReadStream",
        `${t.what}.${t.method ?? (write ? "write" : "read")}(): ${
          write ? "error writing to stream" : "error reading from stream"
        }`,
      );
    }
    done += n;
  }
  return xrun;
}

/** What {@linkcode BlockingIo} knows of its stream. */
export interface BlockingStream {
  /** The class name, for messages. */
  what: string;
  samplerate: number;
  raw: boolean;
  input: Direction | null;
  output: Direction | null;
  /** Whether the stream has a callback (then read/write are refused). */
  callback: boolean;
  /** `true` once close() has begun. */
  closing: () => boolean;
  /**
   * Set for streams on JACK, whose blocking emulation in PortAudio waits
   * for good once the server is gone: transfers then never wait inside
   * PortAudio, and fail with this error once the stream has one.
   */
  lost?: () => Error | null;
}

/**
 * The read/write queue of a blocking stream: calls run one after another on
 * `pending`, which stop()/abort()/close() wait for.
 */
export class BlockingIo {
  /** Settles when every queued read/write has. */
  pending: Promise<unknown> = Promise.resolve();
  /** Reads and writes queued on `pending` that have not settled yet. */
  queued = 0;
  /** `performance.now()` when the last write returned (0: none since stop). */
  lastWriteEnd = 0;
  readonly #s: BlockingStream;

  /** @param stream The stream's side of things. */
  constructor(stream: BlockingStream) {
    this.#s = stream;
  }

  #transfer(
    write: boolean,
    h: Deno.PointerObject,
    bytes: Uint8Array,
    frames: number,
    frameBytes: number,
    method?: string,
  ): Promise<boolean> {
    return transferFrames({
      write,
      handle: h,
      bytes,
      frames,
      frameBytes,
      samplerate: this.#s.samplerate,
      closing: this.#s.closing,
      what: this.#s.what,
      method,
      lost: this.#s.lost,
    });
  }

  /** Queues a write of whole frames; resolves to the underflow flag. */
  write(h: Deno.PointerObject, data: ArrayBufferView): Promise<boolean> {
    const out = this.#s.output;
    const call = `${this.#s.what}.write`;
    if (!out) throw new TypeError(`${call}: this stream has no output`);
    if (this.#s.callback) {
      throw new PortAudioError(
        `${call}: not allowed on a callback stream (use the callback)`,
        {
          code: PaErrorCode.paCanNotWriteToACallbackStream,
          call: "Pa_WriteStream",
        },
      );
    }
    const frames = checkFrames(data, out, this.#s.raw, call);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.queued++;
    const job = this.pending.then(async () => {
      const underflowed = await this.#transfer(
        true,
        h,
        bytes,
        frames,
        out.frameBytes,
      );
      this.lastWriteEnd = performance.now();
      return underflowed;
    }).finally(() => this.queued--);
    this.pending = job.catch(() => {});
    return job;
  }

  /** One synchronous write when nothing is queued and it fits; else `null`. */
  tryWriteNow(
    h: Deno.PointerObject,
    data: ArrayBufferView,
    available: number,
  ): boolean | null {
    const out = this.#s.output;
    const call = `${this.#s.what}.tryWriteNow`;
    if (typeof available !== "number" || !(available >= 0)) {
      throw new TypeError(
        `${call}: available must be a number of frames >= 0 (writeAvailable), got ${
          describeValue(available)
        }`,
      );
    }
    if (out === null || this.#s.callback) {
      // Nothing can be written here; the arguments are checked all the same.
      if (!ArrayBuffer.isView(data)) {
        throw new TypeError(
          `${call}: data must be a typed array of samples, got ${
            describeValue(data)
          }`,
        );
      }
      return null;
    }
    const frames = checkFrames(data, out, this.#s.raw, call);
    if (this.queued > 0 || frames === 0 || frames > available) return null;
    const code = paSymbols().Pa_WriteStream(
      h,
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      BigInt(frames),
    );
    this.lastWriteEnd = performance.now();
    if (code === PaErrorCode.paOutputUnderflowed) return true;
    check(code, "Pa_WriteStream", `${call}(): error writing to stream`);
    return false;
  }

  /**
   * Before stop() waits out the output latency: a write of `frames` frames
   * of silence, so the last written frames leave any partly filled host
   * buffer (PipeWire's pulse device kept the final 203 frames of a write
   * otherwise).
   */
  async padSilence(h: Deno.PointerObject, frames: number): Promise<void> {
    const out = this.#s.output;
    if (out === null || this.#s.callback || frames <= 0) return;
    const silence = new Uint8Array(frames * out.frameBytes);
    if (out.dtype === "uint8") silence.fill(0x80);
    await this.#transfer(true, h, silence, frames, out.frameBytes, "stop");
    this.lastWriteEnd = performance.now();
  }

  /** Queues a read of `frames` frames into a new buffer. */
  read(
    h: Deno.PointerObject,
    frames: number,
  ): Promise<ReadResult<Uint8Array>> {
    const input = this.#s.input;
    const call = `${this.#s.what}.read`;
    if (!input) throw new TypeError(`${call}: this stream has no input`);
    if (this.#s.callback) {
      throw new PortAudioError(
        `${call}: not allowed on a callback stream (use the callback)`,
        {
          code: PaErrorCode.paCanNotReadFromACallbackStream,
          call: "Pa_ReadStream",
        },
      );
    }
    const bytes = readBuffer(frames, input.frameBytes, call);
    this.queued++;
    const job = this.pending.then(async () => {
      const overflowed = await this.#transfer(
        false,
        h,
        bytes,
        frames,
        input.frameBytes,
      );
      return { data: bytes, overflowed };
    }).finally(() => this.queued--);
    this.pending = job.catch(() => {});
    return job;
  }
}
