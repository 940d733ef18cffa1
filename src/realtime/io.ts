/**
 * Async I/O that never blocks the event loop and costs close to C: move what
 * fits synchronously, and await only when the device buffer is full
 * (playback) or empty (capture).
 *
 * Works on three kinds of endpoint:
 * - a PortAudio blocking stream (`InputStream`/`OutputStream`/`Stream`
 *   without a callback): `writeAll` checks `writeAvailable` and hands what
 *   fits to one synchronous `Pa_WriteStream` that does not wait; once the
 *   buffer is full it queues blocks (two slices of `wakeFrames`, 0.2 s by
 *   default) and a helper thread hands a slice at a time to `Pa_WriteStream`,
 *   which waits inside PortAudio as C does: one event-loop wake-up per slice.
 *   `stop()` plays the queue out, `abort()`/`close()` discard it. Reads go
 *   through the stream's `read()`, which reads what is there synchronously
 *   and awaits one nonblocking call per 100 ms for the rest;
 * - an ALSA `PCM` (`@audiodev/audiodev/alsa`, see {@linkcode AlsaPcmLike}):
 *   `avail()`, then `writeSync` of what fits, and the same queue (slices
 *   written by `pcm.write()`, a helper-thread `snd_pcm_writei`) in normal
 *   mode; `drain()`/`close()` play it out, `drop()`/`closeSync()` discard it.
 *   Capture: `readInto` of what is ready; reads of a whole buffer or more go
 *   to `pcm.readFull()` (helper-thread reads that wait inside ALSA); a
 *   running PCM that is empty is slept on until half of its buffer is
 *   ready; one not running yet is
 *   awaited on its poll descriptors (`pcm.wait()`, off the event loop); an
 *   xrun is counted (`takeXruns`, `pcm.xruns`) and the PCM prepared again;
 * - a `WorkerStream` (its shared rings) or a {@linkcode FrameEndpoint} of
 *   your own: while full (empty), sleep until half of the buffer is free
 *   (ready).
 *
 * @module
 */

import type { RingSamples as Samples } from "./ringbuffer.ts";
import {
  type AlsaPcmLike,
  checkTarget,
  type EndpointProvider,
  type FrameEndpoint,
  framesToMs,
  type IoTarget,
  isEndpoint,
  maxWritable,
  overflowSeen,
  PA_BAD_STREAM_PTR,
  type PaBlockingStreamLike,
  ringEndpoint,
  sleep,
  toEndpoint,
  underflowSeen,
  writeEndpoints,
} from "./endpoints.ts";
import { discardQueued, registerQueued } from "./queued.ts";
import { checkSignal, onAbort, raceSignal } from "../abort.ts";
import { checkOptions, describeValue } from "../options.ts";

// Largest block a helper allocates: 2^24 frames (about 6 minutes at 48 kHz).
const MAX_BLOCKSIZE = 2 ** 24;

/** Checks that `samples` is a live numeric typed array. */
function checkSamples(where: string, samples: unknown): Samples {
  if (
    !ArrayBuffer.isView(samples) || samples instanceof DataView ||
    samples instanceof BigInt64Array || samples instanceof BigUint64Array
  ) {
    throw new TypeError(
      `${where} must be a typed array of samples (Float32Array, Int32Array, Int16Array, Int8Array or Uint8Array), got ${
        describeValue(samples)
      }`,
    );
  }
  if ((samples.buffer as ArrayBuffer).detached) {
    throw new TypeError(`${where} is a detached ${samples.constructor.name}`);
  }
  return samples as Samples;
}

/** Checks a block size in frames: an integer in 1..2^24. */
function checkBlocksize(where: string, blocksize: unknown): number {
  if (typeof blocksize !== "number") {
    throw new TypeError(
      `${where} must be a number of frames, got ${describeValue(blocksize)}`,
    );
  }
  if (
    !Number.isInteger(blocksize) || blocksize < 1 || blocksize > MAX_BLOCKSIZE
  ) {
    throw new RangeError(
      `${where} must be an integer in 1..${MAX_BLOCKSIZE} frames, got ${
        describeValue(blocksize)
      }`,
    );
  }
  return blocksize;
}

/** Checks a Web stream's queue size in frames: a number >= 0. */
function checkHighWaterMark(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `${where} must be a number of frames >= 0, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Frames in a chunk, for a Web stream's queue (0 for a non-array). */
function chunkFrames(chunk: unknown, channels: number): number {
  return ArrayBuffer.isView(chunk) && "length" in chunk
    ? (chunk as Samples).length / channels
    : 0;
}

export {
  type AlsaPcmLike,
  type EndpointProvider,
  type FrameEndpoint,
  type IoTarget,
  type PaBlockingStreamLike,
  ringEndpoint,
  toEndpoint,
};

async function waitFor(
  ep: FrameEndpoint,
  frames: number,
  direction: "read" | "write",
  signal?: AbortSignal,
): Promise<boolean> {
  if (ep.wait) return await raceSignal(ep.wait(frames, direction), signal);
  await raceSignal(sleep(framesToMs(frames, ep.samplerate)), signal);
  return !ep.closed;
}

/** Options of {@linkcode writeAll}. */
export interface WriteAllOptions {
  /**
   * Frames per event-loop wake-up while the device buffer is full.
   *
   * PortAudio blocking streams and ALSA PCMs in normal mode: the size of
   * the slices queued blocks are handed over in (default: 0.2 s of audio;
   * at most two slices wait ahead of the device buffer, so this is also
   * the latency `writeAll` may add). A helper thread waits inside PortAudio
   * or ALSA and tops the device buffer up period by period, as C does, so
   * large slices cost fewer wake-ups without risking underflows.
   *
   * Other endpoints (a `WorkerStream`, your own): wait about as long as this
   * many frames take to play before trying again (default: half of the
   * device buffer); larger values risk underflows.
   */
  wakeFrames?: number;
  /**
   * Aborts the write: the promise rejects with `signal.reason` within a few
   * milliseconds, also while it waits for room. Frames handed over before
   * (in the device buffer or the queue) stay there: the stream's `stop()`
   * plays them, `abort()` (ALSA: `drop()`) discards them.
   */
  signal?: AbortSignal;
}

/**
 * Writes all of `data` to a playback endpoint: what fits goes synchronously
 * (no awaited FFI call), and the function awaits only while the device
 * buffer is full. Never blocks the event loop.
 *
 * On a PortAudio blocking stream or an ALSA PCM in normal mode, once the
 * device buffer is full, blocks are copied into a queue of two slices of
 * `wakeFrames` (0.2 s by default) that a helper thread hands to PortAudio or
 * ALSA, which wait as C does; the promise resolves when the data is in the
 * device or in that queue. The stream's `stop()` and the PCM's `drain()` and
 * `close()` play the queue out first, `abort()`/`drop()` discard it, and
 * {@linkcode flush} waits until it is empty. Do not mix `writeAll` with the
 * device's own `write()` while the queue holds frames: they would overtake
 * them.
 *
 * @param target A PortAudio blocking output stream, an ALSA playback PCM or
 *   a {@linkcode FrameEndpoint}.
 * @param data Interleaved samples of the stream's type (whole frames).
 * @param options Wake-up size and abort signal.
 * @returns The number of frames written (all of them unless the endpoint was
 *   closed).
 * @throws {RangeError} When `data` does not hold whole frames.
 * @throws {TypeError} When `target` is not a supported endpoint, an option
 *   is unknown or `signal` is not an `AbortSignal`.
 * @throws {unknown} `signal.reason` (rejection) when the signal aborts, at
 *   once when it already has (nothing is written then).
 *
 * @example Play one second of a tone without blocking the event loop
 * ```ts ignore
 * import { OutputStream, writeAll } from "@audiodev/audiodev";
 * const s = new OutputStream({ samplerate: 48000, channels: 1 });
 * await s.start();
 * const tone = Float32Array.from({ length: 48000 }, (_, i) => 0.3 * Math.sin(2 * Math.PI * 440 * i / 48000));
 * await writeAll(s, tone);
 * await s.stop();
 * await s.close();
 * ```
 */
export async function writeAll(
  target: IoTarget,
  data: Samples,
  options: WriteAllOptions = {},
): Promise<number> {
  checkOptions("writeAll", options, ["wakeFrames", "signal"]);
  options ??= {};
  if (options.wakeFrames !== undefined) {
    checkBlocksize("writeAll: wakeFrames", options.wakeFrames);
  }
  const signal = checkSignal("writeAll: signal", options.signal);
  const ep = toEndpoint(target, "write", "writeAll(target)");
  checkSamples("writeAll(data)", data);
  const ch = ep.channels;
  if (data.length % ch !== 0) {
    throw new RangeError(
      `writeAll(data) needs whole frames: ${data.length} samples is not a multiple of ${ch} channels`,
    );
  }
  signal?.throwIfAborted();
  const total = data.length / ch;
  if (ep.writeBehind !== undefined) {
    return await queueFrames(ep, data, options, signal);
  }
  let done = 0;
  let max = maxWritable.get(ep) ?? 0;
  while (done < total) {
    signal?.throwIfAborted();
    if (ep.closed) break;
    const free = ep.writable!();
    if (free > max) {
      max = free;
      maxWritable.set(ep, max);
    }
    if (free > 0) {
      const n = Math.min(free, total - done);
      const r = ep.writeNow!(data.subarray(done * ch, (done + n) * ch));
      done += typeof r === "number" ? r : await raceSignal(r, signal);
      continue;
    }
    // Full: sleep until half of the device buffer is free, even when this
    // call needs less, so the next writes find room without waiting: one
    // wake-up per several blocks, not one per block (each wake-up of the
    // event loop costs far more than a synchronous write). Waiting for more
    // than half gave audible gaps on PulseAudio, which drains in chunks.
    const wake = options.wakeFrames ??
      (max > 1 ? Math.floor(max / 2) : total - done);
    if (!await waitFor(ep, Math.max(1, wake), "write", signal)) break;
  }
  return done;
}

/** Frames `writeAll` accepted for one endpoint and hands over in slices. */
interface WriteQueue {
  /** Ring of `size` frames. */
  ring: Samples;
  size: number;
  /** Frames per slice handed to `writeBehind`. */
  slice: number;
  /** First queued frame (the one being written when `running`). */
  head: number;
  /** Queued frames, including the slice being written. */
  count: number;
  /** Frames of the slice being written (0: none). */
  inFlight: number;
  running: Promise<void> | null;
  /** A failed slice: thrown by the next writeAll/flush. */
  error: unknown;
  /** Resolved each time a slice ends. */
  waiters: (() => void)[];
}

const writeQueues = new WeakMap<FrameEndpoint, WriteQueue>();

function sliceFrames(ep: FrameEndpoint, options: WriteAllOptions): number {
  const f = options.wakeFrames ?? Math.ceil(ep.samplerate * 0.2);
  return Math.max(1, Math.floor(f));
}

function queueFor(ep: FrameEndpoint, slice: number): WriteQueue {
  let q = writeQueues.get(ep);
  if (
    q !== undefined &&
    (q.slice === slice || q.count > 0 || q.running !== null)
  ) {
    return q;
  }
  // new, or idle and asked for another slice size
  q = {
    ring: ep.allocate(2 * slice * ep.channels),
    size: 2 * slice,
    slice,
    head: 0,
    count: 0,
    inFlight: 0,
    running: null,
    error: undefined,
    waiters: [],
  };
  writeQueues.set(ep, q);
  const queue = q;
  if (ep.owner !== undefined) {
    registerQueued(ep.owner, {
      flush: () => flushQueue(queue),
      discard: () => {
        // the slice being written cannot be recalled: keep only it
        queue.count = queue.inFlight;
      },
      busy: () => queue.count > 0 || queue.running !== null,
    });
  }
  return q;
}

function wakeWaiters(q: WriteQueue): void {
  const w = q.waiters;
  q.waiters = [];
  for (const f of w) f();
}

/** Hands queued frames to the device, a slice at a time, until none is left. */
async function drainQueue(ep: FrameEndpoint, q: WriteQueue): Promise<void> {
  const ch = ep.channels;
  try {
    while (q.count > 0 && !ep.closed) {
      const n = Math.min(q.slice, q.count, q.size - q.head);
      q.inFlight = n;
      // It may write fewer than n: drop() or close() cut the slice short.
      // Its rest is gone either way; frames queued after a drop() play next.
      await ep.writeBehind!(q.ring.subarray(q.head * ch, (q.head + n) * ch));
      q.inFlight = 0;
      q.head = (q.head + n) % q.size;
      q.count = Math.max(0, q.count - n);
      wakeWaiters(q);
    }
  } catch (e) {
    // closed while a slice was written: writeAll ends early, as documented;
    // otherwise the error goes to the next writeAll/flush, and the queued
    // frames are dropped rather than retried after it
    if (!ep.closed) q.error = e;
    q.count = 0;
  } finally {
    q.inFlight = 0;
    if (ep.closed) q.count = 0;
    if (q.count === 0) q.head = 0;
    q.running = null;
    wakeWaiters(q);
  }
}

function takeError(q: WriteQueue): void {
  if (q.error !== undefined) {
    const e = q.error;
    q.error = undefined;
    throw e;
  }
}

async function flushQueue(q: WriteQueue): Promise<void> {
  while (q.running !== null) await q.running;
  takeError(q);
}

/**
 * `writeAll` on an endpoint with `writeBehind`: while nothing is queued and
 * the device has room, blocks go straight to it (synchronous calls); once
 * it is full, blocks are copied into a queue of two slices and the queue
 * hands them to the device a slice at a time, on a helper thread that waits
 * inside the device library. The caller awaits only while the queue is full:
 * one event-loop wake-up per slice.
 */
async function queueFrames(
  ep: FrameEndpoint,
  data: Samples,
  options: WriteAllOptions,
  signal: AbortSignal | undefined,
): Promise<number> {
  const ch = ep.channels;
  const total = data.length / ch;
  const q = queueFor(ep, sliceFrames(ep, options));
  takeError(q);
  if (Object.getPrototypeOf(data) !== Object.getPrototypeOf(q.ring)) {
    throw new TypeError(
      `writeAll() needs ${q.ring.constructor.name} samples for this device, got ${data.constructor.name}`,
    );
  }
  let done = 0;
  while (done < total) {
    signal?.throwIfAborted();
    if (ep.closed) break;
    if (q.count === 0 && q.running === null) {
      const free = ep.writable!();
      if (free > 0) {
        const n = Math.min(free, total - done);
        const r = ep.writeNow!(data.subarray(done * ch, (done + n) * ch));
        done += typeof r === "number" ? r : await raceSignal(r, signal);
        continue;
      }
    }
    const space = q.size - q.count;
    if (space === 0) {
      await raceSignal(
        new Promise<void>((r) => q.waiters.push(r)),
        signal,
      );
      takeError(q);
      continue;
    }
    // copy into the ring after the queued frames (in up to two pieces)
    const n = Math.min(space, total - done);
    const tail = (q.head + q.count) % q.size;
    const first = Math.min(n, q.size - tail);
    q.ring.set(
      data.subarray(done * ch, (done + first) * ch) as never,
      tail * ch,
    );
    if (first < n) {
      q.ring.set(
        data.subarray((done + first) * ch, (done + n) * ch) as never,
        0,
      );
    }
    q.count += n;
    done += n;
    if (q.running === null) q.running = drainQueue(ep, q);
  }
  return done;
}

/**
 * Waits until every frame {@linkcode writeAll} accepted for `target` was
 * handed to the device. `stop()` of a PortAudio stream and `drain()` /
 * `close()` of an ALSA PCM do this themselves; call it to know when the
 * queue is empty, e.g. before timing what comes out.
 *
 * @param target The stream, PCM or endpoint given to `writeAll`.
 * @returns Resolves when nothing is queued.
 * @throws {Error} The error of a queued write that failed.
 *
 * @example Queue a second of sound, then wait until it is in the device buffer
 * ```ts ignore
 * import { flush, OutputStream, writeAll } from "@audiodev/audiodev";
 * const s = new OutputStream({ samplerate: 48000, channels: 1 });
 * await s.start();
 * await writeAll(s, new Float32Array(48000));
 * await flush(s);
 * await s.stop();
 * ```
 */
export async function flush(target: IoTarget): Promise<void> {
  checkTarget("flush(target)", target);
  const ep = writeEndpoints.get(target) ??
    (isEndpoint(target) ? target : undefined);
  const q = ep && writeQueues.get(ep);
  if (q) await flushQueue(q);
}

/**
 * Fills `dst` from a capture endpoint: what is there is read synchronously,
 * and the function awaits only while the device buffer is empty.
 *
 * @param target A PortAudio blocking input stream, an ALSA capture PCM or a
 *   {@linkcode FrameEndpoint}.
 * @param dst Where to put interleaved samples (whole frames).
 * @param options `signal`: aborts the read; the promise rejects with
 *   `signal.reason` within a few milliseconds, also while it waits for the
 *   device. What was read before stays in `dst`; the frames of a device
 *   read in flight at that moment (at most 100 ms on a PortAudio stream,
 *   one device buffer on an ALSA PCM) are dropped.
 * @returns The frames read (all unless the endpoint closed).
 * @throws {RangeError} When `dst` does not hold whole frames.
 * @throws {TypeError} When `target` is not a supported endpoint, an option
 *   is unknown or `signal` is not an `AbortSignal`.
 * @throws {unknown} `signal.reason` (rejection) when the signal aborts, at
 *   once when it already has (nothing is read then).
 *
 * @example Record 4800 frames
 * ```ts ignore
 * import { InputStream, readFull } from "@audiodev/audiodev";
 * const s = new InputStream({ samplerate: 48000, channels: 1 });
 * await s.start();
 * const buf = new Float32Array(4800);
 * await readFull(s, buf);
 * await s.close();
 * ```
 */
export async function readFull(
  target: IoTarget,
  dst: Samples,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  checkOptions("readFull", options, ["signal"]);
  const signal = checkSignal("readFull: signal", options?.signal);
  const ep = toEndpoint(target, "read", "readFull(source)");
  checkSamples("readFull(dst)", dst);
  return await readFullFrom(ep, dst, signal, "readFull(dst)");
}

/**
 * One helper-thread read of `frames` frames under a signal: into memory of
 * its own (the call may outlive an abort), copied to `dst` unless aborted.
 */
async function readPiece(
  read: (dst: Samples) => Promise<number>,
  ep: FrameEndpoint,
  dst: Samples,
  signal: AbortSignal,
): Promise<number> {
  const scratch = ep.allocate(dst.length);
  const n = await raceSignal(read(scratch), signal);
  signal.throwIfAborted(); // the read ended as the signal aborted
  dst.set(scratch.subarray(0, n * ep.channels) as never);
  return n;
}

async function readFullFrom(
  ep: FrameEndpoint,
  dst: Samples,
  signal?: AbortSignal,
  where = "read",
): Promise<number> {
  const ch = ep.channels;
  if (dst.length % ch !== 0) {
    throw new RangeError(
      `${where} needs whole frames: ${dst.length} samples is not a multiple of ${ch} channels`,
    );
  }
  const total = dst.length / ch;
  signal?.throwIfAborted();
  if (ep.readAll !== undefined) {
    if (ep.closed) return 0;
    try {
      if (signal === undefined) return await ep.readAll(dst);
      // Under a signal: reads of at most 100 ms each, so an abort leaves
      // at most one running (its frames are dropped).
      const step = Math.max(1, Math.ceil(ep.samplerate / 10));
      let done = 0;
      while (done < total && !ep.closed) {
        signal.throwIfAborted();
        const n = Math.min(step, total - done);
        const part = dst.subarray(done * ch, (done + n) * ch);
        const got = await readPiece((d) => ep.readAll!(d), ep, part, signal);
        done += got;
        if (got < n) break;
      }
      return done;
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      // Closed while reading: PortAudio says paBadStreamPtr (-9988) when a
      // read meets a stream that close() is tearing down.
      if (ep.closed || (e as { code?: number })?.code === PA_BAD_STREAM_PTR) {
        return 0;
      }
      throw e;
    }
  }
  let done = 0;
  while (done < total) {
    signal?.throwIfAborted();
    if (
      ep.readBehind !== undefined && ep.readBehindFrames !== undefined &&
      total - done >= ep.readBehindFrames
    ) {
      // a large read: one helper-thread call that waits as C does (under a
      // signal, one device buffer per call: an abort leaves one running)
      if (ep.closed) break;
      const n = signal === undefined
        ? await ep.readBehind(dst.subarray(done * ch, total * ch))
        : await readPiece(
          (d) => ep.readBehind!(d),
          ep,
          dst.subarray(done * ch, (done + ep.readBehindFrames) * ch),
          signal,
        );
      done += n;
      if (done < total && ep.closed) break;
      continue;
    }
    let avail: number;
    try {
      avail = ep.readable!();
    } catch (e) {
      if (ep.closed) break; // a closed device has nothing left
      throw e;
    }
    if (avail > 0) {
      const n = Math.min(avail, total - done);
      const r = ep.readNow!(dst.subarray(done * ch, (done + n) * ch));
      done += typeof r === "number" ? r : await raceSignal(r, signal);
      continue;
    }
    if (ep.closed) break;
    // On `false` (ended) the next round takes what is left, then stops.
    await waitFor(
      ep,
      Math.max(total - done, ep.readAhead ?? 0),
      "read",
      signal,
    );
  }
  return done;
}

/** Options of {@linkcode inputBlocks}. */
export interface InputBlocksOptions {
  /** Frames per yielded block (default 1024). */
  blocksize?: number;
  /**
   * Yield the same buffer every time (valid until the next iteration) instead
   * of a fresh array per block: no allocation per block.
   */
  reuse?: boolean;
  /**
   * Aborts the iteration: the pending `next()` rejects with `signal.reason`
   * within a few milliseconds, whatever the block size, and the partial
   * block is not yielded.
   */
  signal?: AbortSignal;
}

/**
 * Async iterator of input blocks: `for await (const block of
 * inputBlocks(stream))`. Each block holds `blocksize` frames; the iteration
 * ends when the stream (or PCM, or endpoint) is closed, and rejects with
 * `signal.reason` when the signal aborts.
 *
 * @param target A PortAudio blocking input stream, an ALSA capture PCM or a
 *   {@linkcode FrameEndpoint} (a `WorkerStream` gives one).
 * @param options Block size, buffer reuse, abort signal.
 * @returns An async iterable of interleaved blocks.
 * @throws {RangeError} When `blocksize` is not a positive integer.
 * @throws {TypeError} When an option is unknown or `signal` is not an
 *   `AbortSignal`.
 * @throws {unknown} `signal.reason` (from `next()`) when the signal aborts.
 *
 * @example Print the level of each block
 * ```ts ignore
 * import { InputStream, inputBlocks } from "@audiodev/audiodev";
 * const s = new InputStream({ samplerate: 48000, channels: 1 });
 * await s.start();
 * setTimeout(() => s.close(), 2000);
 * for await (const block of inputBlocks(s, { blocksize: 4800 })) {
 *   console.log(Math.max(...block.map(Math.abs)));
 * }
 * ```
 */
export async function* inputBlocks(
  target: IoTarget,
  options: InputBlocksOptions = {},
): AsyncGenerator<Samples, void, undefined> {
  checkOptions("inputBlocks", options, ["blocksize", "reuse", "signal"]);
  options ??= {};
  const signal = checkSignal("inputBlocks: signal", options.signal);
  const blocksize = checkBlocksize(
    "inputBlocks: blocksize",
    options.blocksize ?? 1024,
  );
  const ep = toEndpoint(target, "read", "inputBlocks(source)");
  const samples = blocksize * ep.channels;
  let buf = ep.allocate(samples);
  for (;;) {
    let n: number;
    try {
      n = await readFullFrom(ep, buf, signal);
    } catch (e) {
      if (ep.closed) return; // closed while reading: end, not fail
      throw e;
    }
    if (n < blocksize) {
      if (n > 0) yield buf.subarray(0, n * ep.channels);
      return;
    }
    yield buf;
    if (!options.reuse) buf = ep.allocate(samples);
  }
}

/** Options of {@linkcode captureStream}. */
export interface CaptureStreamOptions {
  /** Frames per chunk (default 1024). */
  blocksize?: number;
  /** Frames queued before the reader applies back-pressure (default 4 blocks). */
  highWaterMark?: number;
  /**
   * Aborts the capture: the stream errors with `signal.reason` and a
   * pending read rejects with it within a few milliseconds.
   */
  signal?: AbortSignal;
}

/** Options of {@linkcode playbackStream}. */
export interface PlaybackStreamOptions {
  /** Frames queued before `writer.ready` waits (default 4096). */
  highWaterMark?: number;
  /**
   * Aborts the playback: the stream errors with `signal.reason`, a pending
   * write rejects with it within a few milliseconds, and what was queued
   * but not yet handed to the device is discarded (as `writer.abort()`).
   */
  signal?: AbortSignal;
}

/**
 * A Web `ReadableStream` of captured blocks. Reading pulls from the device;
 * an unread stream queues at most `highWaterMark` frames, then stops pulling
 * (the device then reports an input overflow, as it would in C).
 *
 * @param target A PortAudio blocking input stream, an ALSA capture PCM or a
 *   {@linkcode FrameEndpoint}.
 * @param options Chunk size and queue size in frames, abort signal.
 * @returns The readable stream; it closes when the source closes.
 * @throws {TypeError} When an option is unknown or `signal` is not an
 *   `AbortSignal`.
 *
 * @example Pipe capture to a file
 * ```ts ignore
 * import { captureStream, InputStream } from "@audiodev/audiodev";
 * const s = new InputStream({ samplerate: 48000, channels: 1, dtype: "int16" });
 * await s.start();
 * const file = await Deno.create("out.raw");
 * await captureStream(s).pipeThrough(new TransformStream({
 *   transform: (b, c) => c.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
 * })).pipeTo(file.writable);
 * ```
 */
export function captureStream(
  target: IoTarget,
  options: CaptureStreamOptions = {},
): ReadableStream<Samples> {
  checkOptions("captureStream", options, [
    "blocksize",
    "highWaterMark",
    "signal",
  ]);
  options ??= {};
  const user = checkSignal("captureStream: signal", options.signal);
  const blocksize = checkBlocksize(
    "captureStream: blocksize",
    options.blocksize ?? 1024,
  );
  const highWaterMark = checkHighWaterMark(
    "captureStream: highWaterMark",
    options.highWaterMark,
  );
  const ep = toEndpoint(target, "read", "captureStream(source)");
  const controller = new AbortController();
  const signal = user === undefined
    ? controller.signal
    : AbortSignal.any([user, controller.signal]);
  const it = inputBlocks(ep, { blocksize, signal });
  let unlisten = (): void => {};
  return new ReadableStream<Samples>({
    start(c): void {
      // an abort errors the stream also while nothing is being read
      unlisten = onAbort(user, () => c.error(user!.reason));
    },
    async pull(c): Promise<void> {
      const r = await it.next();
      if (r.done) {
        unlisten();
        c.close();
      } else c.enqueue(r.value);
    },
    async cancel(): Promise<void> {
      unlisten();
      controller.abort();
      await it.return();
    },
  }, {
    highWaterMark: highWaterMark ?? 4 * blocksize,
    size: (chunk) => chunkFrames(chunk, ep.channels),
  });
}

/**
 * A Web `WritableStream` that plays what is written, with back-pressure:
 * `writer.ready` stays pending while more than `highWaterMark` frames wait
 * for room in the device buffer.
 *
 * @param target A PortAudio blocking output stream, an ALSA playback PCM or
 *   a {@linkcode FrameEndpoint}.
 * @param options Queue size in frames, abort signal.
 * @returns The writable stream. Closing it does not close the device.
 * @throws {TypeError} When an option is unknown or `signal` is not an
 *   `AbortSignal`.
 *
 * @example Play chunks with back-pressure
 * ```ts ignore
 * import { OutputStream, playbackStream } from "@audiodev/audiodev";
 * const s = new OutputStream({ samplerate: 48000, channels: 1 });
 * await s.start();
 * const w = playbackStream(s).getWriter();
 * for (let i = 0; i < 100; i++) {
 *   await w.ready;
 *   w.write(new Float32Array(480));
 * }
 * await w.close();
 * ```
 */
export function playbackStream(
  target: IoTarget,
  options: PlaybackStreamOptions = {},
): WritableStream<Samples> {
  checkOptions("playbackStream", options, ["highWaterMark", "signal"]);
  options ??= {};
  const user = checkSignal("playbackStream: signal", options.signal);
  const highWaterMark = checkHighWaterMark(
    "playbackStream: highWaterMark",
    options.highWaterMark,
  );
  const ep = toEndpoint(target, "write", "playbackStream(target)");
  const controller = new AbortController();
  const signal = user === undefined
    ? controller.signal
    : AbortSignal.any([user, controller.signal]);
  let unlisten = (): void => {};
  return new WritableStream<Samples>({
    start(c): void {
      unlisten = onAbort(user, () => {
        c.error(user!.reason);
        if (ep.owner !== undefined) discardQueued(ep.owner);
      });
    },
    async write(chunk): Promise<void> {
      checkSamples("playbackStream: a written chunk", chunk);
      const frames = chunk.length / ep.channels;
      const n = await writeAll(ep, chunk, { signal });
      if (n < frames) {
        throw new Error(
          `playbackStream: its target was closed before the chunk was played (${n} of ${frames} frames written)`,
        );
      }
    },
    async close(): Promise<void> {
      unlisten();
      await flush(ep); // what was written reaches the device
    },
    abort(): void {
      unlisten();
      controller.abort();
      if (ep.owner !== undefined) discardQueued(ep.owner);
    },
  }, {
    highWaterMark: highWaterMark ?? 4096,
    size: (chunk) => chunkFrames(chunk, ep.channels),
  });
}

/**
 * Whether a PortAudio stream driven by these helpers reported an output
 * underflow (`paOutputUnderflowed`) or input overflow since the last call;
 * clears the flag.
 *
 * @param stream The PortAudio stream.
 * @returns `{ underflowed, overflowed }`.
 */
export function takeXruns(
  stream: object,
): { underflowed: boolean; overflowed: boolean } {
  checkTarget("takeXruns(stream)", stream);
  const r = {
    underflowed: underflowSeen.has(stream),
    overflowed: overflowSeen.has(stream),
  };
  underflowSeen.delete(stream);
  overflowSeen.delete(stream);
  return r;
}
