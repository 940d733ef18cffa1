/**
 * A single-producer, single-consumer ring buffer of audio frames over
 * `SharedArrayBuffer`, for moving samples between the main thread and a
 * worker without a message per block.
 *
 * Indices are frame counters kept in a shared `Int32Array` and updated with
 * `Atomics`; they wrap modulo 2^32, so the capacity is a power of two. The
 * consumer awaits data, and the producer awaits space, with
 * `Atomics.waitAsync` (no polling, never blocks the event loop).
 *
 * @module
 */

import { checkOptions, describeValue } from "../options.ts";

/** Name of a ring buffer's sample type. */
export type RingDType = "float32" | "int32" | "int16" | "int8" | "uint8";

const RING_DTYPES: Record<
  RingDType,
  { new (b: SharedArrayBuffer): RingSamples; BYTES_PER_ELEMENT: number }
> = {
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** Any typed array a ring buffer can hold. */
export type RingSamples =
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/**
 * The shareable description of a ring buffer: post it to a worker and
 * rebuild the same buffer there with {@linkcode SharedRingBuffer.from}.
 */
export interface SharedRingBufferInit {
  /** Control words (indices, closed flag, counters). */
  readonly header: SharedArrayBuffer;
  /** The samples, `capacity * channels` elements. */
  readonly data: SharedArrayBuffer;
  /** Sample type. */
  readonly dtype: RingDType;
  /** Samples per frame. */
  readonly channels: number;
  /** Capacity in frames (a power of two). */
  readonly capacity: number;
}

/** Options of {@linkcode SharedRingBuffer.create}. */
export interface SharedRingBufferOptions {
  /** Minimum capacity in frames; rounded up to a power of two. */
  frames: number;
  /** Samples per frame (default 1). */
  channels?: number;
  /** Sample type (default `"float32"`). */
  dtype?: RingDType;
}

const WRITE = 0; // frames written so far (mod 2^32)
const READ = 1; // frames read so far (mod 2^32)
const CLOSED = 2; // 1 once closed by either side
const HEADER_WORDS = 8;
const MAX_CAPACITY = 1 << 28;
// Longest single wait: covers a close() that lands between a check and the
// wait it would otherwise have woken.
const WAIT_SLICE_MS = 50;
// Largest data buffer create() allocates (1 GiB).
const MAX_DATA_BYTES = 2 ** 30;

/** Checks the `frames` argument of a wait method: a non-negative number. */
function checkWaitFrames(where: string, frames: unknown): number {
  if (typeof frames !== "number") {
    throw new TypeError(
      `${where}(frames) must be a number, got ${describeValue(frames)}`,
    );
  }
  if (Number.isNaN(frames) || frames < 0) {
    throw new RangeError(
      `${where}(frames) must be a number >= 0, got ${describeValue(frames)}`,
    );
  }
  return frames;
}

/** Checks a timeout in milliseconds: a number >= 0 (Infinity allowed). */
function checkTimeout(where: string, timeoutMs: unknown): number {
  if (typeof timeoutMs !== "number") {
    throw new TypeError(
      `${where}(timeoutMs) must be a number of milliseconds, got ${
        describeValue(timeoutMs)
      }`,
    );
  }
  if (Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new RangeError(
      `${where}(timeoutMs) must be >= 0 (Infinity to wait forever), got ${
        describeValue(timeoutMs)
      }`,
    );
  }
  return timeoutMs;
}

/**
 * Awaits a change of `h[i]` away from `v`, at most `ms` milliseconds.
 * `Atomics.waitAsync` alone neither keeps Deno's event loop alive nor reliably
 * times out, so a timer of the same length races it.
 */
async function waitWord(
  h: Int32Array,
  i: number,
  v: number,
  ms: number,
): Promise<void> {
  const res = Atomics.waitAsync(h, i, v, ms);
  if (!res.async) return;
  const value = res.value;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    value.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * A single-producer, single-consumer ring buffer of interleaved frames in
 * shared memory. One side only writes, the other only reads; both sides may
 * run on different threads (main thread and a `Worker`).
 *
 * `write()` and `read()` never wait: they move what fits and return the
 * number of frames moved. `writeAll()`/`readFull()` and the `wait*()`
 * methods await space or data with `Atomics.waitAsync`.
 *
 * @example Move frames through a ring buffer
 * ```ts
 * import { SharedRingBuffer } from "./ringbuffer.ts";
 * const ring = SharedRingBuffer.create({ frames: 256, channels: 2 });
 * ring.write(new Float32Array([0.1, 0.2, 0.3, 0.4])); // two frames
 * const out = new Float32Array(4);
 * console.log(ring.read(out)); // 2
 * ```
 */
export class SharedRingBuffer {
  readonly #header: Int32Array;
  readonly #data: RingSamples;
  readonly #init: SharedRingBufferInit;
  readonly #mask: number;

  private constructor(init: SharedRingBufferInit) {
    this.#init = init;
    this.#header = new Int32Array(init.header);
    this.#data = new RING_DTYPES[init.dtype](init.data);
    this.#mask = init.capacity - 1;
  }

  /**
   * Allocates a new ring buffer.
   *
   * @param options Capacity (frames, rounded up to a power of two), channels
   *   and sample type.
   * @returns The ring buffer; pass its {@linkcode shared} to a worker.
   * @throws {RangeError} When `frames` or `channels` is not a positive
   *   integer, the capacity exceeds 2^28 frames or the data would exceed
   *   1 GiB.
   * @throws {TypeError} When `options` is missing or has an unknown key, or
   *   `dtype` is not a known sample type.
   */
  static create(options: SharedRingBufferOptions): SharedRingBuffer {
    if (options === undefined || options === null) {
      throw new TypeError(
        `SharedRingBuffer.create(options) needs an object with frames, got ${
          describeValue(options)
        }`,
      );
    }
    checkOptions("SharedRingBuffer.create", options, [
      "frames",
      "channels",
      "dtype",
    ]);
    const { frames, channels = 1, dtype = "float32" } = options;
    if (!Number.isInteger(frames) || frames < 1 || frames > MAX_CAPACITY) {
      throw new RangeError(
        `SharedRingBuffer.create: frames must be an integer in 1..${MAX_CAPACITY}, got ${
          describeValue(frames)
        }`,
      );
    }
    if (!Number.isInteger(channels) || channels < 1) {
      throw new RangeError(
        `SharedRingBuffer.create: channels must be a positive integer, got ${
          describeValue(channels)
        }`,
      );
    }
    if (typeof dtype !== "string" || !Object.hasOwn(RING_DTYPES, dtype)) {
      throw new TypeError(
        `SharedRingBuffer.create: dtype must be one of ${
          Object.keys(RING_DTYPES).join(", ")
        }, got ${describeValue(dtype)}`,
      );
    }
    const capacity = nextPowerOfTwo(frames);
    const bytes = RING_DTYPES[dtype].BYTES_PER_ELEMENT;
    if (capacity * channels * bytes > MAX_DATA_BYTES) {
      throw new RangeError(
        `SharedRingBuffer.create: ${capacity} frames x ${channels} channels x ${bytes} bytes exceeds the ${MAX_DATA_BYTES}-byte limit; use fewer frames or channels`,
      );
    }
    return new SharedRingBuffer({
      header: new SharedArrayBuffer(HEADER_WORDS * 4),
      data: new SharedArrayBuffer(capacity * channels * bytes),
      dtype,
      channels,
      capacity,
    });
  }

  /**
   * Rebuilds a ring buffer from its shared description (in a worker).
   *
   * @param init The {@linkcode SharedRingBuffer.shared} of the other side.
   * @returns A view of the same shared ring.
   * @throws {TypeError} When `init` does not describe a ring buffer.
   */
  static from(init: SharedRingBufferInit): SharedRingBuffer {
    if (
      !(init?.header instanceof SharedArrayBuffer) ||
      !(init.data instanceof SharedArrayBuffer) ||
      !Object.hasOwn(RING_DTYPES, init.dtype) ||
      !Number.isInteger(init.capacity) || init.capacity < 1 ||
      (init.capacity & (init.capacity - 1)) !== 0 ||
      init.data.byteLength !==
        init.capacity * init.channels *
          RING_DTYPES[init.dtype].BYTES_PER_ELEMENT
    ) {
      throw new TypeError("not a SharedRingBufferInit");
    }
    return new SharedRingBuffer(init);
  }

  /** The shareable description; post it to the other thread. */
  get shared(): SharedRingBufferInit {
    return this.#init;
  }

  /** Capacity in frames. */
  get capacity(): number {
    return this.#init.capacity;
  }

  /** Samples per frame. */
  get channels(): number {
    return this.#init.channels;
  }

  /** Sample type name. */
  get dtype(): RingDType {
    return this.#init.dtype;
  }

  /** `true` once either side called {@linkcode close}. */
  get closed(): boolean {
    return Atomics.load(this.#header, CLOSED) !== 0;
  }

  /** Frames ready to read. */
  get availableRead(): number {
    return (Atomics.load(this.#header, WRITE) -
      Atomics.load(this.#header, READ)) >>> 0;
  }

  /** Frames that can be written without waiting. */
  get availableWrite(): number {
    return this.#init.capacity - this.availableRead;
  }

  /**
   * Writes as many whole frames of `src` as fit, without waiting.
   *
   * @param src Interleaved samples of the ring's type; its length must be a
   *   multiple of `channels`.
   * @returns The number of frames written (0 when full or closed).
   * @throws {RangeError} When `src.length` is not a multiple of `channels`.
   * @throws {TypeError} When `src` is not a live numeric typed array.
   */
  write(src: RingSamples): number {
    this.#checkFrames("write(src)", src);
    const ch = this.#init.channels;
    if (this.closed) return 0;
    const h = this.#header;
    const w = Atomics.load(h, WRITE);
    const free = this.#init.capacity - ((w - Atomics.load(h, READ)) >>> 0);
    const frames = Math.min(free, src.length / ch);
    if (frames === 0) return 0;
    const start = (w >>> 0) & this.#mask;
    const first = Math.min(frames, this.#init.capacity - start);
    const data = this.#data;
    if (first === src.length / ch) {
      data.set(src, start * ch);
    } else {
      data.set(src.subarray(0, first * ch), start * ch);
      if (frames > first) {
        data.set(src.subarray(first * ch, frames * ch), 0);
      }
    }
    Atomics.store(h, WRITE, (w + frames) | 0);
    Atomics.notify(h, WRITE);
    return frames;
  }

  /**
   * Reads up to `dst.length / channels` frames into `dst`, without waiting.
   *
   * @param dst Where to put interleaved samples; its length must be a
   *   multiple of `channels`.
   * @returns The number of frames read (0 when empty).
   * @throws {RangeError} When `dst.length` is not a multiple of `channels`.
   * @throws {TypeError} When `dst` is not a live numeric typed array.
   */
  read(dst: RingSamples): number {
    this.#checkFrames("read(dst)", dst);
    const ch = this.#init.channels;
    const h = this.#header;
    const r = Atomics.load(h, READ);
    const avail = (Atomics.load(h, WRITE) - r) >>> 0;
    const frames = Math.min(avail, dst.length / ch);
    if (frames === 0) return 0;
    const start = (r >>> 0) & this.#mask;
    const first = Math.min(frames, this.#init.capacity - start);
    const data = this.#data;
    dst.set(data.subarray(start * ch, (start + first) * ch));
    if (frames > first) {
      dst.set(data.subarray(0, (frames - first) * ch), first * ch);
    }
    Atomics.store(h, READ, (r + frames) | 0);
    Atomics.notify(h, READ);
    return frames;
  }

  /**
   * Waits until at least `frames` frames can be read, or the ring is closed.
   *
   * @param frames Frames wanted (capped at the capacity).
   * @param timeoutMs Give up after this many milliseconds (default: never).
   * @returns `true` when the frames are there; `false` on close or timeout
   *   with fewer available.
   * @throws {TypeError} When `frames` or `timeoutMs` is not a number.
   * @throws {RangeError} When either is NaN or negative.
   */
  async waitReadable(frames = 1, timeoutMs = Infinity): Promise<boolean> {
    checkWaitFrames("waitReadable", frames);
    checkTimeout("waitReadable", timeoutMs);
    const want = Math.min(frames, this.#init.capacity);
    const h = this.#header;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const w = Atomics.load(h, WRITE);
      if (((w - Atomics.load(h, READ)) >>> 0) >= want) return true;
      if (this.closed) return false;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await waitWord(h, WRITE, w, Math.min(left, WAIT_SLICE_MS));
    }
  }

  /**
   * Waits until at least `frames` frames can be written, or the ring is
   * closed.
   *
   * @param frames Frames of space wanted (capped at the capacity).
   * @param timeoutMs Give up after this many milliseconds (default: never).
   * @returns `true` when the space is there; `false` on close or timeout.
   * @throws {TypeError} When `frames` or `timeoutMs` is not a number.
   * @throws {RangeError} When either is NaN or negative.
   */
  async waitWritable(frames = 1, timeoutMs = Infinity): Promise<boolean> {
    checkWaitFrames("waitWritable", frames);
    checkTimeout("waitWritable", timeoutMs);
    const want = Math.min(frames, this.#init.capacity);
    const h = this.#header;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.closed) return false;
      const r = Atomics.load(h, READ);
      const free = this.#init.capacity -
        ((Atomics.load(h, WRITE) - r) >>> 0);
      if (free >= want) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await waitWord(h, READ, r, Math.min(left, WAIT_SLICE_MS));
    }
  }

  /**
   * Writes all of `src`, awaiting space whenever the ring is full.
   *
   * @param src Interleaved samples (whole frames).
   * @returns The frames written: all of them unless the ring was closed.
   * @throws {RangeError} When `src.length` is not a multiple of `channels`.
   */
  async writeAll(src: RingSamples): Promise<number> {
    this.#checkFrames("writeAll(src)", src);
    const ch = this.#init.channels;
    let done = this.write(src);
    const total = src.length / ch;
    while (done < total) {
      const want = Math.min(total - done, this.#init.capacity >>> 1 || 1);
      if (!await this.waitWritable(want)) break;
      done += this.write(src.subarray(done * ch));
    }
    return done;
  }

  /**
   * Fills `dst` completely, awaiting data whenever the ring is empty.
   *
   * @param dst Where to put interleaved samples (whole frames).
   * @returns The frames read: all of them unless the ring was closed first
   *   (then whatever was left).
   * @throws {RangeError} When `dst.length` is not a multiple of `channels`.
   */
  async readFull(dst: RingSamples): Promise<number> {
    this.#checkFrames("readFull(dst)", dst);
    const ch = this.#init.channels;
    let done = this.read(dst);
    const total = dst.length / ch;
    while (done < total) {
      const want = Math.min(total - done, this.#init.capacity);
      if (!await this.waitReadable(want)) {
        done += this.read(dst.subarray(done * ch));
        break;
      }
      done += this.read(dst.subarray(done * ch));
    }
    return done;
  }

  /** Checks that `samples` is a live numeric typed array of whole frames. */
  #checkFrames(where: string, samples: unknown): void {
    this.#checkSamples(where, samples);
    const n = (samples as RingSamples).length;
    const ch = this.#init.channels;
    if (n % ch !== 0) {
      throw new RangeError(
        `SharedRingBuffer.${where} needs whole frames: ${n} samples is not a multiple of ${ch} channels`,
      );
    }
  }

  /** Checks that `samples` is a live numeric typed array. */
  #checkSamples(where: string, samples: unknown): void {
    if (
      !ArrayBuffer.isView(samples) || samples instanceof DataView ||
      samples instanceof BigInt64Array || samples instanceof BigUint64Array
    ) {
      throw new TypeError(
        `SharedRingBuffer.${where} must be a typed array of samples (${this.#init.dtype}), got ${
          describeValue(samples)
        }`,
      );
    }
    if (samples.byteLength === 0 && samples.buffer.byteLength === 0) {
      // A zero-length view of an empty buffer is fine; a detached one is not.
      if ((samples.buffer as ArrayBuffer).detached) {
        throw new TypeError(
          `SharedRingBuffer.${where} is a detached ${samples.constructor.name}`,
        );
      }
    }
  }

  /**
   * Marks the ring closed and wakes every waiter. Frames already written
   * stay readable; further writes return 0.
   */
  close(): void {
    Atomics.store(this.#header, CLOSED, 1);
    Atomics.notify(this.#header, WRITE);
    Atomics.notify(this.#header, READ);
  }
}
