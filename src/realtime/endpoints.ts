/**
 * The endpoints the async I/O helpers drive: one {@linkcode FrameEndpoint}
 * interface over PortAudio blocking streams, ALSA PCMs, shared ring buffers
 * and endpoints of your own (what can move now, moving it without waiting,
 * awaiting a change), and the cheap sleep the waits use.
 *
 * @module
 */

import type { RingSamples as Samples, SharedRingBuffer } from "./ringbuffer.ts";
import { describeValue } from "../options.ts";

/**
 * A frame endpoint the functions of this module drive: report what can move
 * now, move it without waiting, and await a change.
 */
export interface FrameEndpoint {
  /** Frames per second (sizes the waits). */
  readonly samplerate: number;
  /** Samples per frame in the direction used. */
  readonly channels: number;
  /** `true` once closed: reads end, writes fail. */
  readonly closed: boolean;
  /** Frames that can be written now without waiting (playback). */
  writable?(): number;
  /** Writes whole frames (at most `writable()`) without waiting; returns frames written. */
  writeNow?(src: Samples): number | Promise<number>;
  /** Frames that can be read now without waiting (capture). */
  readable?(): number;
  /**
   * Fills `dst`, waiting as needed (instead of `readable()`/`readNow()`);
   * returns frames read (fewer only when the endpoint closed).
   */
  readAll?(dst: Samples): Promise<number>;
  /** Reads whole frames (at most `readable()`) into `dst` without waiting; returns frames read. */
  readNow?(dst: Samples): number | Promise<number>;
  /**
   * Awaits until about `frames` frames can move (optional; default: a timer
   * sized to `frames` at `samplerate`). Returns `false` when the endpoint
   * ended and will never have them.
   */
  wait?(frames: number, direction: "read" | "write"): Promise<boolean>;
  /**
   * Writes all of `src`, waiting off the event loop in the device library
   * itself (a helper-thread call that waits as C does), and resolves to the
   * frames written (optional). When present, `writeAll` queues blocks and
   * hands them over in large slices: one event-loop wake-up per slice.
   */
  writeBehind?(src: Samples): Promise<number>;
  /** The stream or PCM behind the endpoint: its stop/drain/close play out what `writeAll` queued. */
  readonly owner?: object;
  /**
   * Fills `dst`, waiting off the event loop in the device library itself (a
   * helper-thread call that waits as C does); resolves to the frames read,
   * fewer only when the endpoint closed (optional). Used for reads of at
   * least `readBehindFrames` frames: one wake-up per large read.
   */
  readBehind?(dst: Samples): Promise<number>;
  /** Reads this large or larger go to `readBehind` (default: never). */
  readonly readBehindFrames?: number;
  /** Creates an empty sample array of `samples` samples of the endpoint's type. */
  allocate(samples: number): Samples;
  /**
   * When nothing is ready, wait until at least this many frames are before
   * reading (optional; default: what the read needs). Reading half a device
   * buffer per wake-up instead of one block costs fewer event-loop wake-ups.
   */
  readonly readAhead?: number;
}

/**
 * The subset of the PortAudio stream API these helpers use (see
 * `src/portaudio/stream.ts`).
 */
export interface PaBlockingStreamLike {
  /** Frames per second. */
  readonly samplerate: number;
  /** Channels, or `[input, output]` for duplex. */
  readonly channels: number | readonly [number, number];
  /** Sample type name(s). */
  readonly dtype: string | readonly [string, string];
  /** `true` once closed. */
  readonly closed: boolean;
  /** `Pa_GetStreamWriteAvailable`. */
  readonly writeAvailable?: number;
  /** `Pa_GetStreamReadAvailable`. */
  readonly readAvailable?: number;
  /** The stream's write (called for frames that fit); resolves to "underflowed". */
  write?(data: Samples): Promise<boolean>;
  /**
   * Writes at once when that cannot wait (at most `available` frames, a
   * `writeAvailable` read in the same turn); `null` means "use write()".
   */
  tryWriteNow?(data: Samples, available: number): boolean | null;
  /** The stream's read. */
  read?(frames: number): Promise<{ data: Samples; overflowed: boolean }>;
}

/**
 * The part of an ALSA `PCM` (`@audiodev/audiodev/alsa`) these
 * helpers use. Frames move with synchronous calls that do not wait
 * (`writeSync` of at most `avail()` frames, `readInto`); waits go to the
 * PCM's poll descriptors (`wait`, off the event loop).
 */
export interface AlsaPcmLike {
  /** Frames per second. */
  readonly rate: number;
  /** Channels. */
  readonly channels: number;
  /** Sample format, a `PCM_FORMAT_*` value. */
  readonly format: number;
  /** Bytes per frame. */
  readonly framesize: number;
  /** Frames per period (with `periods` and `state`: sleep to half a buffer instead of polling each period). */
  readonly periodsize?: number;
  /** Periods per buffer. */
  readonly periods?: number;
  /** `snd_pcm_state()`: a `PCM_STATE_*` value. */
  state?(): number;
  /** Over/underruns seen so far. */
  xruns: number;
  /** `true` once close() has begun. */
  readonly closed: boolean;
  /** Frames that can move now (`snd_pcm_avail`), or a negative error code. */
  avail(): number;
  /** Writes frames (it does not wait when they fit); `-EPIPE` after an underrun. */
  writeSync?(data: ArrayBufferView): number;
  /**
   * Writes all frames, waiting off the event loop; resolves to the frames
   * written or `-EPIPE` after an underrun (the PCM is prepared again).
   */
  write?(data: ArrayBufferView): Promise<number>;
  /** `PCM_NORMAL` (0), `PCM_NONBLOCK` (1) or `PCM_ASYNC` (2): queued writes need a blocking mode. */
  pcmmode?(): number;
  /**
   * Fills `dst`, waiting off the event loop inside ALSA; resolves to the
   * frames read, or `-EPIPE` after an overrun (the PCM is prepared again).
   */
  readFull?(dst: ArrayBufferView): Promise<number>;
  /** Reads the frames that are ready, up to what fits; `-EPIPE` after an overrun. */
  readInto?(dst: ArrayBufferView): number;
  /** Drops pending frames (the stream is then set up, not prepared). */
  drop(): number;
  /** Prepares the stream (after an xrun); without it, `drop()` is used. */
  prepare?(): number;
  /** Awaits readiness (poll descriptors); rejects on an xrun or close. */
  wait(timeoutMs?: number): Promise<boolean>;
}

const ARRAY_TYPES: Record<string, new (n: number) => Samples> = {
  float32: Float32Array,
  int32: Int32Array,
  int24: Uint8Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** How long to wait for `frames` frames to drain/arrive, in ms (at least 1). */
export function framesToMs(frames: number, samplerate: number): number {
  return Math.max(1, Math.ceil(frames * 1000 / samplerate));
}

/**
 * Never notified: waits on it only time out. `Atomics.waitAsync` with a
 * timeout wakes the event loop for less CPU than a `setTimeout` (measured on
 * the 2-core CI machine, 300 wake-ups 10 ms apart: 150-215 µs of process CPU
 * per wake-up against 190-310 µs), and an idle write loop is mostly wake-ups.
 */
const idleCell = new Int32Array(new SharedArrayBuffer(4));
/** Keeps the process alive while a wait is pending (a `waitAsync` timeout alone does not). */
let keepAlive: ReturnType<typeof setInterval> | undefined;
let sleepers = 0;

export function sleep(ms: number): Promise<void> {
  if (typeof Atomics.waitAsync !== "function") {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
  const k = keepAlive ?? (keepAlive = setInterval(() => {}, 2 ** 30));
  if (sleepers++ === 0) Deno.refTimer(k);
  const r = Atomics.waitAsync(idleCell, 0, 0, ms);
  const done = (): void => {
    if (--sleepers === 0) Deno.unrefTimer(k);
  };
  if (!r.async) {
    done();
    return Promise.resolve();
  }
  return r.value.then(done);
}

/**
 * A frame endpoint over one side of a {@linkcode SharedRingBuffer}: write to
 * it as the producer, read from it as the consumer. Waits use
 * `Atomics.waitAsync`.
 *
 * @param ring The ring buffer.
 * @param samplerate Frames per second of the audio it carries.
 * @param isClosed Extra closed condition (besides the ring's own).
 * @returns The endpoint.
 *
 * @example Play chunks into a ring with back-pressure
 * ```ts
 * import { SharedRingBuffer } from "./ringbuffer.ts";
 * import { playbackStream, ringEndpoint } from "./io.ts";
 * const ring = SharedRingBuffer.create({ frames: 1024 });
 * const writer = playbackStream(ringEndpoint(ring, 48000)).getWriter();
 * await writer.write(new Float32Array(256));
 * console.log(ring.availableRead); // 256
 * ```
 */
export function ringEndpoint(
  ring: SharedRingBuffer,
  samplerate: number,
  isClosed: () => boolean = () => false,
): FrameEndpoint {
  const ctor = ring.dtype;
  return {
    samplerate,
    channels: ring.channels,
    get closed(): boolean {
      return ring.closed || isClosed();
    },
    allocate: (n) => allocateSamples(ctor, n),
    writable: () => ring.availableWrite,
    writeNow: (src) => ring.write(src),
    readable: () => ring.availableRead,
    readNow: (dst) => ring.read(dst),
    wait: (frames, dir) =>
      dir === "read" ? ring.waitReadable(frames) : ring.waitWritable(frames),
  };
}

function allocateSamples(dtype: string, n: number): Samples {
  return new ARRAY_TYPES[dtype](n);
}

/** Something that hands out endpoints (a `WorkerStream`). */
export interface EndpointProvider {
  /** The endpoint for one direction. */
  endpoint(direction: "read" | "write"): FrameEndpoint;
}

export function isEndpoint(x: unknown): x is FrameEndpoint {
  return typeof (x as FrameEndpoint)?.allocate === "function";
}

function isAlsa(x: unknown): x is AlsaPcmLike {
  return typeof (x as AlsaPcmLike)?.avail === "function";
}

function paEndpoint(
  stream: PaBlockingStreamLike,
  direction: "read" | "write",
): FrameEndpoint {
  const pick = <T>(v: T | readonly [T, T]): T =>
    Array.isArray(v) ? (direction === "read" ? v[0] : v[1]) : v as T;
  const channels = pick(stream.channels);
  const dtype = pick(stream.dtype);
  const Ctor = ARRAY_TYPES[dtype];
  if (Ctor === undefined) {
    throw new TypeError(`unsupported stream dtype ${dtype}`);
  }
  const bytesPerFrame = dtype === "int24"
    ? 3 * channels
    : Ctor.prototype.BYTES_PER_ELEMENT * channels;
  // Everything goes through the stream's own methods: they write and read
  // what fits with synchronous calls, never touch a stream that is being
  // closed (close() waits for them), and write() remembers when the last
  // write ended so that stop() plays out what was written.
  // Free space last read by writable(), in this same synchronous turn when
  // writeAll() calls writeNow() right after it.
  let free = 0;
  return {
    get samplerate(): number {
      return stream.samplerate;
    },
    channels,
    get closed(): boolean {
      return stream.closed;
    },
    allocate: (n) => new Ctor(n),
    writable: () => (free = stream.writeAvailable ?? 0),
    writeNow(src): number | Promise<number> {
      const frames = src.byteLength / bytesPerFrame;
      // One synchronous Pa_WriteStream when nothing is queued before it.
      const now = stream.tryWriteNow?.(src, free) ?? null;
      free = 0;
      if (now !== null) {
        if (now) underflowSeen.add(stream);
        return frames;
      }
      return stream.write!(src).then((underflowed) => {
        if (underflowed) underflowSeen.add(stream);
        return frames;
      });
    },
    writeBehind: stream.write === undefined
      ? undefined
      : async (src): Promise<number> => {
        if (await stream.write!(src)) underflowSeen.add(stream);
        return src.byteLength / bytesPerFrame;
      },
    owner: stream,
    async readAll(dst): Promise<number> {
      const r = await stream.read!(dst.byteLength / bytesPerFrame);
      if (r.overflowed) overflowSeen.add(stream);
      dst.set(r.data as never);
      return r.data.byteLength / bytesPerFrame;
    },
  };
}

export const PA_BAD_STREAM_PTR = -9988;
export const underflowSeen = new WeakSet<object>();
export const overflowSeen = new WeakSet<object>();

const EPIPE = 32;
const PCM_STATE_RUNNING = 3; // SND_PCM_STATE_RUNNING
const PCM_NONBLOCK = 1; // alsaaudio.PCM_NONBLOCK
// Sample arrays per `PCM_FORMAT_*` value (S8, U8, S16_LE, S32_LE, FLOAT_LE);
// other formats move as bytes.
const ALSA_ARRAYS: Record<number, new (n: number) => Samples> = {
  0: Int8Array,
  1: Uint8Array,
  2: Int16Array,
  10: Int32Array,
  14: Float32Array,
};

/**
 * Moves all of `buf` with `pcm.write`/`pcm.readFull` (helper-thread calls
 * that wait inside ALSA), going on after an xrun (counted in `seen`; the PCM
 * was prepared again). Stops early when the PCM closes or a call is cut short
 * by drop(); returns the frames moved.
 */
async function untilMoved(
  pcm: AlsaPcmLike,
  buf: Samples,
  channels: number,
  move: (b: ArrayBufferView) => Promise<number>,
  seen: WeakSet<object>,
): Promise<number> {
  const total = buf.length / channels;
  let done = 0;
  while (done < total && !pcm.closed) {
    const n = await move.call(pcm, buf.subarray(done * channels));
    if (n === -EPIPE) {
      seen.add(pcm); // nothing moved: move it again
      continue;
    }
    if (n <= 0) break;
    done += n;
    // cut short by an xrun (the next call reports it): go on; by drop(): stop
    if (done < total && pcm.avail() !== -EPIPE) break;
  }
  return done;
}

function alsaEndpoint(pcm: AlsaPcmLike): FrameEndpoint {
  const Ctor = ALSA_ARRAYS[pcm.format];
  // helper-thread transfers need a PCM in normal (blocking) or async mode
  const normal = !pcm.closed && pcm.pcmmode !== undefined &&
    pcm.pcmmode() !== PCM_NONBLOCK;
  // Samples per frame: channels for the typed formats, bytes otherwise.
  const channels = Ctor ? pcm.channels : pcm.framesize;
  const buffer = pcm.periodsize && pcm.periods && pcm.state
    ? pcm.periodsize * pcm.periods
    : 0;
  const xrun = (seen: WeakSet<object>): void => {
    seen.add(pcm);
    pcm.xruns++;
    // prepare again; what writeAll() queued stays queued
    if (pcm.prepare) pcm.prepare();
    else pcm.drop();
  };
  // avail(), recovering from an xrun it reports
  const avail = (seen: WeakSet<object>): number => {
    let n = pcm.avail();
    if (n === -EPIPE) {
      xrun(seen);
      n = pcm.avail();
    }
    return Math.max(0, n);
  };
  return {
    get samplerate(): number {
      return pcm.rate;
    },
    channels,
    get closed(): boolean {
      return pcm.closed;
    },
    allocate: (n) => new (Ctor ?? Uint8Array)(n),
    writable: () => avail(underflowSeen),
    readable: () => avail(overflowSeen),
    writeNow(src): number {
      const n = pcm.writeSync!(src); // fits: does not wait
      if (n < 0) {
        underflowSeen.add(pcm); // writeSync prepared the stream again
        return 0;
      }
      return n;
    },
    readNow(dst): number {
      const n = pcm.readInto!(dst);
      if (n < 0) {
        overflowSeen.add(pcm); // readInto prepared the stream again
        return 0;
      }
      return n;
    },
    writeBehind: pcm.write === undefined || !normal
      ? undefined
      : (src) => untilMoved(pcm, src, channels, pcm.write!, underflowSeen),
    owner: pcm,
    readBehind: pcm.readFull === undefined || !normal
      ? undefined
      : (dst) => untilMoved(pcm, dst, channels, pcm.readFull!, overflowSeen),
    // reads of a whole device buffer or more wait inside ALSA
    readBehindFrames: buffer > 0 ? buffer : undefined,
    readAhead: buffer > 0 ? Math.floor(buffer / 2) : undefined,
    async wait(frames, direction): Promise<boolean> {
      if (pcm.closed) return false;
      const seen = direction === "write" ? underflowSeen : overflowSeen;
      if (buffer > 0 && pcm.state!() === PCM_STATE_RUNNING) {
        // Running: the frames come at the PCM's rate, so sleep until about
        // `frames` can move; one wake-up then serves several periods (a
        // poll would wake at every period, and each wake-up of the event
        // loop costs ~150-200 µs here against ~40 µs for C's poll()). The
        // caller checks avail() again and comes back if it is short.
        const n = pcm.avail();
        if (n === -EPIPE) {
          xrun(seen);
          return !pcm.closed;
        }
        const want = Math.min(frames, buffer);
        if (n >= 0 && n < want) {
          await sleep(framesToMs(want - n, pcm.rate));
          return !pcm.closed;
        }
        if (n >= 0) return true;
        // another error: let the poll below report it
      }
      // Not running (a capture PCM not yet started, playback below its start
      // threshold) or no buffer size known: wait on the poll descriptors.
      try {
        await pcm.wait(framesToMs(frames, pcm.rate) + 20);
      } catch (e) {
        if (pcm.closed) return false;
        if ((e as { code?: number }).code !== -EPIPE) throw e;
        xrun(seen);
      }
      return !pcm.closed;
    },
  };
}

/**
 * Turns a PortAudio blocking stream, an ALSA PCM or a custom endpoint into
 * the {@linkcode FrameEndpoint} the helpers drive.
 *
 * @param target The stream, PCM or endpoint.
 * @param direction Which side is used (for duplex streams).
 * @param where The function and argument, for error messages
 *   (`"readFull(source)"`).
 * @returns The endpoint.
 * @throws {TypeError} When `target` is none of these, `direction` is neither
 *   `"read"` nor `"write"`, or a PortAudio stream cannot move data that way
 *   (an output stream given to a reading function).
 */
export function toEndpoint(
  target: IoTarget,
  direction: "read" | "write",
  where = "toEndpoint(target)",
): FrameEndpoint {
  if (direction !== "read" && direction !== "write") {
    throw new TypeError(
      `toEndpoint(direction) must be "read" or "write", got ${
        describeValue(direction)
      }`,
    );
  }
  if (isEndpoint(target)) return target;
  if (target === null || typeof target !== "object") {
    throw notATarget(where, target);
  }
  const cache = direction === "read" ? readEndpoints : writeEndpoints;
  const cached = cache.get(target);
  if (cached !== undefined) return cached;
  const ep = makeEndpoint(target, direction, where);
  cache.set(target, ep);
  return ep;
}

/**
 * Throws unless `target` is something the I/O helpers accept: a FrameEndpoint,
 * an ALSA PCM, an endpoint provider (WorkerStream) or a PortAudio stream.
 *
 * @param where The function and argument, for the message.
 * @param target What the caller passed.
 * @throws {TypeError} Naming `where` and what is accepted.
 */
export function checkTarget(where: string, target: unknown): void {
  const t = target as Record<string, unknown> | null;
  if (
    isEndpoint(target) || isAlsa(target) ||
    typeof t?.endpoint === "function" ||
    (typeof target === "object" && target !== null && "samplerate" in t! &&
      (typeof t!.write === "function" || typeof t!.read === "function"))
  ) return;
  throw notATarget(where, target);
}

function notATarget(where: string, target: unknown): TypeError {
  return new TypeError(
    `${where}: expected a PortAudio blocking stream, an ALSA PCM (with avail()), a WorkerStream or a FrameEndpoint, got ${
      describeValue(target)
    }`,
  );
}

// One endpoint per target and direction: no allocation per call.
const readEndpoints = new WeakMap<object, FrameEndpoint>();
export const writeEndpoints = new WeakMap<object, FrameEndpoint>();
// Largest space seen free per endpoint: the device buffer size, roughly.
export const maxWritable = new WeakMap<FrameEndpoint, number>();

function makeEndpoint(
  target: IoTarget,
  direction: "read" | "write",
  where: string,
): FrameEndpoint {
  if (typeof (target as EndpointProvider)?.endpoint === "function") {
    return (target as EndpointProvider).endpoint(direction);
  }
  if (isAlsa(target)) return alsaEndpoint(target);
  const pa = target as PaBlockingStreamLike;
  if (
    target !== null && typeof target === "object" && "samplerate" in target &&
    (typeof pa.write === "function" || typeof pa.read === "function")
  ) {
    if (direction === "read" && typeof pa.read !== "function") {
      throw new TypeError(
        `${where} needs an input stream (InputStream, Stream or RawInputStream), got an output-only stream`,
      );
    }
    if (direction === "write" && typeof pa.write !== "function") {
      throw new TypeError(
        `${where} needs an output stream (OutputStream, Stream or RawOutputStream), got an input-only stream`,
      );
    }
    if ((target as { hasCallback?: unknown }).hasCallback === true) {
      throw new TypeError(
        `${where} needs a stream without a callback (its callback produces or consumes the audio); open the stream without the callback option`,
      );
    }
    return paEndpoint(pa, direction);
  }
  throw notATarget(where, target);
}

/** Anything the I/O helpers accept. */
export type IoTarget =
  | PaBlockingStreamLike
  | AlsaPcmLike
  | FrameEndpoint
  | EndpointProvider;
