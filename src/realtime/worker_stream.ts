/**
 * `WorkerStream`: a PortAudio callback stream whose callback runs in a
 * `Worker`, an isolate that does nothing else, so main-thread work cannot
 * starve it. Control goes by message; status counters and audio data go
 * through shared memory.
 *
 * @module
 */

import { SharedRingBuffer } from "./ringbuffer.ts";
import type { RingDType, RingSamples } from "./ringbuffer.ts";
import { F, FLOAT_SLOTS, INT_WORDS, S, STATE, STATUS_BYTES } from "./status.ts";
import type {
  ErrorInfo,
  HostMessage,
  StreamInfo,
  WorkerReply,
  WorkerStreamKind,
} from "./messages.ts";
import { type FrameEndpoint, ringEndpoint } from "./io.ts";

export type { WorkerStreamKind } from "./messages.ts";

/** Options of a {@linkcode WorkerStream}. */
export interface WorkerStreamOptions {
  /**
   * The worker module holding the callback (it calls `registerCallback()` or
   * default-exports the function). Without it, the worker plays what the
   * main thread writes and passes input to the main thread.
   */
  module?: URL | string;
  /** Stream class opened in the worker (default `"output"`). */
  kind?: WorkerStreamKind;
  /** Sample rate (default: the device's). */
  samplerate?: number;
  /** Frames per callback (default 0: PortAudio chooses). */
  blocksize?: number;
  /** Device index or name (pair for duplex). */
  device?:
    | number
    | string
    | readonly [number | string | null, number | string | null];
  /** Channels (pair for duplex; default 1). */
  channels?: number | readonly [number, number];
  /** Sample type (pair for duplex; default `"float32"`). */
  dtype?: RingDType | readonly [RingDType, RingDType];
  /** Latency (`"low"`, `"high"` or seconds; pair for duplex). */
  latency?:
    | "low"
    | "high"
    | number
    | readonly ["low" | "high" | number, "low" | "high" | number];
  /** Other stream options passed through unchanged (must be structured-cloneable). */
  extra?: Record<string, unknown>;
  /**
   * Capacity of each main⇄worker ring in frames (default: 8192, at least
   * 4 blocks); rounded up to a power of two.
   */
  ringFrames?: number;
  /** Anything structured-cloneable, read in the worker with `workerContext().data`. */
  workerData?: unknown;
}

/** State of a {@linkcode WorkerStream}. */
export type WorkerStreamState =
  | "opening"
  | "stopped"
  | "active"
  | "finished"
  | "closed"
  | "failed";

/** Properties of the stream the worker opened. */
export type WorkerStreamInfo = StreamInfo;

/** A snapshot of a {@linkcode WorkerStream}'s shared counters. */
export interface WorkerStreamStatus {
  /** `"opening"`, `"stopped"`, `"active"`, `"finished"`, `"closed"` or `"failed"`. */
  state: WorkerStreamState;
  /** Callbacks delivered. */
  callbacks: number;
  /** Frames processed by callbacks. */
  frames: number;
  /** Callbacks PortAudio flagged with input underflow. */
  inputUnderflows: number;
  /** Callbacks flagged with input overflow. */
  inputOverflows: number;
  /** Callbacks flagged with output underflow. */
  outputUnderflows: number;
  /** Callbacks flagged with output overflow. */
  outputOverflows: number;
  /** Callbacks flagged as priming output. */
  primingOutputs: number;
  /** Callbacks that found fewer frames from the main thread than they needed. */
  ringUnderruns: number;
  /** Callbacks whose input did not fit in the ring to the main thread. */
  ringOverruns: number;
  /** `Pa_GetStreamCpuLoad`, sampled by the worker every 64 callbacks. */
  cpuLoad: number;
}

const STATE_NAMES = Object.fromEntries(
  Object.entries(STATE).map(([k, v]) => [v, k]),
) as Record<number, WorkerStreamState>;

function toError(info: ErrorInfo, call: string): Error {
  const e = new Error(`${call}: ${info.name}: ${info.message}`);
  e.name = info.name === "TypeError" || info.name === "RangeError"
    ? info.name
    : "WorkerStreamError";
  return e;
}

const BYTES: Record<RingDType, number> = {
  float32: 4,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
};

function pairOf<T>(
  v: T | readonly [T, T] | undefined,
  i: 0 | 1,
): T | undefined {
  return Array.isArray(v) ? v[i] : v as T | undefined;
}

// Safety net for a WorkerStream dropped without close(): ask the worker to
// close its stream and exit by itself. Terminating it outright could leave
// PortAudio's audio thread calling into a dead isolate.
const registry = new FinalizationRegistry<Worker>((w) => {
  w.postMessage({ op: "close", id: -1, exit: true } satisfies HostMessage);
});

/**
 * A PortAudio callback stream hosted in a `Worker`.
 *
 * Moving a callback off the main thread:
 * ```diff
 * - const s = new OutputStream({ samplerate: 48000, blocksize: 64, callback });
 * + // callback moved to dsp_worker.ts, which calls registerCallback(callback)
 * + const s = new WorkerStream({
 * +   module: new URL("./dsp_worker.ts", import.meta.url),
 * +   samplerate: 48000, blocksize: 64,
 * + });
 *   await s.start();
 * ```
 * The main thread keeps `start()`, `stop()`, `abort()`, `close()`, reads
 * {@linkcode WorkerStream.status} without messages, and may exchange audio
 * with the worker through shared rings ({@linkcode WorkerStream.write},
 * {@linkcode WorkerStream.read}, or `inputBlocks()`/`captureStream()`/
 * `playbackStream()` on the stream).
 *
 * @example Play a tone computed in a worker
 * ```ts ignore
 * import { WorkerStream } from "@audiodev/audiodev";
 * await using s = new WorkerStream({
 *   module: new URL("./dsp_worker.ts", import.meta.url),
 *   samplerate: 48000,
 *   blocksize: 128,
 * });
 * await s.start();
 * await new Promise((r) => setTimeout(r, 2000));
 * console.log(s.status.callbacks, s.status.outputUnderflows);
 * ```
 */
export class WorkerStream {
  #worker: Worker | null;
  readonly #kind: WorkerStreamKind;
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #toWorker: SharedRingBuffer | null;
  readonly #fromWorker: SharedRingBuffer | null;
  readonly #ready: Promise<StreamInfo>;
  readonly #finished: Promise<void>;
  #resolveFinished!: () => void;
  #info: StreamInfo | undefined;
  #pending = new Map<
    number,
    { resolve: () => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #closing: Promise<void> | null = null;
  #callbackError: Error | undefined;

  /**
   * Starts the worker and opens the stream in it (asynchronously: await
   * {@linkcode WorkerStream.ready} or just call `start()`).
   *
   * @param options Module, stream kind, stream parameters, ring size.
   * @throws {TypeError} When `kind` or `dtype` is not supported.
   * @throws {RangeError} When `channels`, `blocksize` or `ringFrames` is out
   *   of range.
   */
  constructor(options: WorkerStreamOptions = {}) {
    const kind = options.kind ?? "output";
    if (kind !== "output" && kind !== "input" && kind !== "duplex") {
      throw new TypeError(
        `kind must be "output", "input" or "duplex", got ${String(kind)}`,
      );
    }
    const blocksize = options.blocksize ?? 0;
    if (!Number.isInteger(blocksize) || blocksize < 0) {
      throw new RangeError(
        `blocksize must be a non-negative integer, got ${blocksize}`,
      );
    }
    const inCh = pairOf(options.channels, 0) ?? 1;
    const outCh = pairOf(options.channels, 1) ?? 1;
    for (const c of [inCh, outCh]) {
      if (!Number.isInteger(c) || c < 1) {
        throw new RangeError(`channels must be positive integers, got ${c}`);
      }
    }
    const inType = pairOf(options.dtype, 0) ?? "float32";
    const outType = pairOf(options.dtype, 1) ?? "float32";
    for (const t of [inType, outType]) {
      if (!Object.hasOwn(BYTES, t)) {
        throw new TypeError(
          `dtype must be one of ${Object.keys(BYTES).join(", ")}, got ${t}`,
        );
      }
    }
    const ringFrames = options.ringFrames ??
      Math.max(8192, 4 * blocksize);
    if (!Number.isInteger(ringFrames) || ringFrames < 1) {
      throw new RangeError(
        `ringFrames must be a positive integer, got ${ringFrames}`,
      );
    }
    this.#kind = kind;
    const status = new SharedArrayBuffer(STATUS_BYTES);
    this.#ints = new Int32Array(status, 0, INT_WORDS);
    this.#floats = new Float64Array(status, INT_WORDS * 4, FLOAT_SLOTS);
    this.#toWorker = kind === "input" ? null : SharedRingBuffer.create({
      frames: ringFrames,
      channels: outCh,
      dtype: outType,
    });
    this.#fromWorker = kind === "output" ? null : SharedRingBuffer.create({
      frames: ringFrames,
      channels: inCh,
      dtype: inType,
    });

    const streamOptions: Record<string, unknown> = { ...options.extra };
    if (options.samplerate !== undefined) {
      streamOptions.samplerate = options.samplerate;
    }
    if (blocksize) streamOptions.blocksize = blocksize;
    if (options.device !== undefined) streamOptions.device = options.device;
    if (options.latency !== undefined) streamOptions.latency = options.latency;
    streamOptions.channels = kind === "duplex"
      ? [inCh, outCh]
      : kind === "input"
      ? inCh
      : outCh;
    streamOptions.dtype = kind === "duplex"
      ? [inType, outType]
      : kind === "input"
      ? inType
      : outType;

    this.#finished = new Promise((r) => this.#resolveFinished = r);
    const worker = new Worker(
      new URL("./worker_host.ts", import.meta.url),
      { type: "module" },
    );
    this.#worker = worker;
    registry.register(this, worker, this);
    let readyResolve!: (i: StreamInfo) => void;
    let readyReject!: (e: Error) => void;
    this.#ready = new Promise<StreamInfo>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.#ready.catch(() => {}); // reported through start()/ready
    WorkerStream.#listen(worker, new WeakRef(this), readyResolve, readyReject);
    const init: HostMessage = {
      op: "init",
      kind,
      module: options.module === undefined ? undefined : String(options.module),
      options: streamOptions,
      status,
      toWorker: this.#toWorker?.shared,
      fromWorker: this.#fromWorker?.shared,
      data: options.workerData,
    };
    worker.postMessage(init);
  }

  /**
   * Installs the worker's handlers. They hold the stream weakly (and are
   * made outside the constructor, whose closures share a context that holds
   * `this`), so a stream dropped without close() can be collected and its
   * worker told to close (see `registry`).
   */
  static #listen(
    worker: Worker,
    weak: WeakRef<WorkerStream>,
    readyResolve: (i: StreamInfo) => void,
    readyReject: (e: Error) => void,
  ): void {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.op === "ready") readyResolve(m.info);
      if (m.op === "failed") {
        readyReject(toError(m.error, "opening the stream in the worker"));
      }
      const stream = weak.deref();
      if (stream !== undefined) stream.#onReply(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const err = new Error(`WorkerStream worker failed: ${e.message}`);
      readyReject(err);
      const stream = weak.deref();
      if (stream !== undefined) stream.#onWorkerError(err);
    };
  }

  #onReply(m: WorkerReply): void {
    switch (m.op) {
      case "ready":
        this.#info = m.info;
        break;
      case "failed":
        this.#resolveFinished();
        break;
      case "done": {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (m.error) p?.reject(toError(m.error, "worker stream control"));
        else p?.resolve();
        break;
      }
      case "finished":
        if (m.error) this.#callbackError = toError(m.error, "callback");
        this.#resolveFinished();
        break;
    }
  }

  #onWorkerError(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    Atomics.store(this.#ints, S.state, STATE.failed);
    this.#resolveFinished();
  }

  /** Resolves when the worker opened the stream; rejects with the reason it could not. */
  get ready(): Promise<void> {
    return this.#ready.then(() => {});
  }

  /** The opened stream's properties (after {@linkcode ready}). */
  get info(): WorkerStreamInfo {
    if (this.#info === undefined) {
      throw new Error("the worker stream is not open yet; await ready first");
    }
    return this.#info;
  }

  /** Sample rate of the opened stream (after {@linkcode ready}). */
  get samplerate(): number {
    return this.info.samplerate;
  }

  /** Channels of the side the main thread reads or writes (output for duplex writes). */
  get channels(): number | readonly [number, number] {
    return this.info.channels;
  }

  /** A snapshot of the shared counters, read without messaging the worker. */
  get status(): WorkerStreamStatus {
    const i = this.#ints;
    return {
      state: STATE_NAMES[Atomics.load(i, S.state)] ?? "failed",
      callbacks: Atomics.load(i, S.callbacks),
      frames: this.#floats[F.frames],
      inputUnderflows: Atomics.load(i, S.inputUnderflows),
      inputOverflows: Atomics.load(i, S.inputOverflows),
      outputUnderflows: Atomics.load(i, S.outputUnderflows),
      outputOverflows: Atomics.load(i, S.outputOverflows),
      primingOutputs: Atomics.load(i, S.primingOutputs),
      ringUnderruns: Atomics.load(i, S.ringUnderruns),
      ringOverruns: Atomics.load(i, S.ringOverruns),
      cpuLoad: this.#floats[F.cpuLoad],
    };
  }

  /** `true` while the stream runs. */
  get active(): boolean {
    return Atomics.load(this.#ints, S.state) === STATE.active;
  }

  /** `true` once {@linkcode close} was called. */
  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Resolves when the callback stream finished (CallbackStop/Abort, error, stop, close). */
  get finished(): Promise<void> {
    return this.#finished;
  }

  /** The error that ended the callback in the worker, if any. */
  get callbackError(): Error | undefined {
    return this.#callbackError;
  }

  async #control(op: "start" | "stop" | "abort" | "close"): Promise<void> {
    await this.#ready;
    const worker = this.#worker;
    if (worker === null) throw new Error("the worker stream is closed");
    const id = this.#nextId++;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    worker.postMessage({ op, id } satisfies HostMessage);
    await done;
  }

  #assertOpen(): void {
    if (this.#closing !== null) {
      throw new Error("the worker stream is closed");
    }
  }

  /**
   * Starts the stream (waits for the worker to open it first).
   *
   * @returns When PortAudio started the stream.
   * @throws {Error} When the stream could not be opened or started, or is closed.
   */
  async start(): Promise<void> {
    this.#assertOpen();
    await this.#control("start");
  }

  /**
   * Stops the stream after pending buffers played.
   *
   * @returns When stopped.
   * @throws {Error} When the stream is closed or PortAudio failed.
   */
  async stop(): Promise<void> {
    this.#assertOpen();
    await this.#control("stop");
  }

  /**
   * Stops the stream at once, dropping pending buffers.
   *
   * @returns When stopped.
   * @throws {Error} When the stream is closed or PortAudio failed.
   */
  async abort(): Promise<void> {
    this.#assertOpen();
    await this.#control("abort");
  }

  /**
   * Closes the stream in the worker, then ends the worker. Idempotent.
   *
   * @returns When the worker is gone.
   */
  close(): Promise<void> {
    if (this.#closing === null) {
      this.#closing = (async () => {
        this.#toWorker?.close();
        this.#fromWorker?.close();
        try {
          await this.#control("close");
        } catch {
          // a stream that never opened has nothing to close
        } finally {
          this.#worker?.terminate();
          this.#worker = null;
          registry.unregister(this);
          Atomics.store(this.#ints, S.state, STATE.closed);
          this.#resolveFinished();
        }
      })();
    }
    return this.#closing;
  }

  /** Stops and closes, like python's `with stream:`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Sends interleaved samples to the worker's ring (the pass-through callback
   * plays them; a custom callback reads them with `workerContext().toWorker`).
   * Awaits only while the ring is full.
   *
   * @param data Samples of the output dtype, whole frames.
   * @returns Frames written (fewer only if the stream closed).
   * @throws {Error} For an input-only stream.
   * @throws {RangeError} When `data` does not hold whole frames.
   */
  async write(data: RingSamples): Promise<number> {
    if (this.#toWorker === null) {
      throw new Error("write() needs an output or duplex WorkerStream");
    }
    return await this.#toWorker.writeAll(data);
  }

  /**
   * Reads `frames` frames passed up by the worker (input or duplex stream),
   * awaiting data only while the ring is empty.
   *
   * @param frames How many frames.
   * @returns The samples (fewer frames only if the stream closed).
   * @throws {Error} For an output-only stream.
   * @throws {RangeError} When `frames` is not a positive integer.
   */
  async read(frames: number): Promise<RingSamples> {
    const ring = this.#fromWorker;
    if (ring === null) {
      throw new Error("read() needs an input or duplex WorkerStream");
    }
    if (!Number.isInteger(frames) || frames < 1) {
      throw new RangeError(`frames must be a positive integer, got ${frames}`);
    }
    const buf = allocate(ring.dtype, frames * ring.channels);
    const n = await ring.readFull(buf);
    return n === frames ? buf : buf.subarray(0, n * ring.channels);
  }

  /**
   * The main-thread side of the rings as a frame endpoint, for
   * `writeAll()`, `inputBlocks()`, `captureStream()` and `playbackStream()`.
   *
   * @param direction `"read"` (from the worker) or `"write"` (to it).
   * @returns The endpoint.
   * @throws {Error} When the stream has no ring in that direction.
   */
  endpoint(direction: "read" | "write"): FrameEndpoint {
    const ring = direction === "read" ? this.#fromWorker : this.#toWorker;
    if (ring === null) {
      throw new Error(
        `this ${this.#kind} WorkerStream has no ${direction} direction`,
      );
    }
    return ringEndpoint(
      ring,
      this.#info?.samplerate ?? 48000,
      () => this.closed,
    );
  }
}

function allocate(dtype: RingDType, n: number): RingSamples {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "int32":
      return new Int32Array(n);
    case "int16":
      return new Int16Array(n);
    case "int8":
      return new Int8Array(n);
    case "uint8":
      return new Uint8Array(n);
  }
}
