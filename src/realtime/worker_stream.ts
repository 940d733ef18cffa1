/**
 * `WorkerStream`: a PortAudio callback stream whose callback runs in a
 * `Worker`, an isolate that does nothing else, so main-thread work cannot
 * starve it. Control goes by message; status counters and audio data go
 * through shared memory.
 *
 * ## Real-time priority
 *
 * By default the worker raises its own thread to `SCHED_FIFO` priority 5
 * where the process may (root, or an `RLIMIT_RTPRIO` of 5 or more, which
 * Debian gives the `audio` group through `/etc/security/limits.d/audio.conf`),
 * as JACK does for its clients' process threads; where it may not, the
 * stream runs at normal priority and {@linkcode WorkerStream.realtime} says
 * why (`realtime: { required: true }` makes that an error instead, and
 * `realtime: false` leaves the thread alone). On JACK, which gives a
 * callback one period and no more, a worker at normal priority missed
 * periods whenever the machine was busy; at real-time priority it kept up
 * like C.
 *
 * Where the process may run on one CPU only, the worker stays at normal
 * priority and `realtime.reason` says so: PortAudio's ALSA thread polls
 * while it waits for the sound server's client thread, and at the
 * worker's priority on a shared CPU that poll starves the client.
 *
 * On JACK the worker also pins its thread to the CPU it starts on
 * (`realtime.cpu`, default `"auto"`), with JACK's process thread when the
 * worker is the first in the process to use PortAudio (a main isolate that
 * listed devices first has already started it): that thread hands each
 * block to the worker and waits for it, so on one CPU a period costs two
 * context switches instead of two wake-ups across CPUs. On other host
 * APIs the worker is not pinned, for the reason above, and an explicit
 * `cpu` is refused; `cpu: null` never pins.
 *
 * Code that runs at real-time priority must follow the callback rules
 * strictly, because nothing else on its CPU runs while it does: no busy
 * loops or waits (`Atomics.wait`, spinning on a flag), bounded work per
 * call (a fraction of `blocksize / samplerate`), no allocation per call (a
 * GC pause runs at that priority too), no I/O, no `postMessage` per block.
 * A runaway loop at `SCHED_FIFO` can freeze a core until the process is
 * killed.
 *
 * @module
 */

import { SharedRingBuffer } from "./ringbuffer.ts";
import type { RingSamples } from "./ringbuffer.ts";
import { F, FLOAT_SLOTS, INT_WORDS, S, STATE, STATUS_BYTES } from "./status.ts";
import type {
  EndReason,
  ErrorInfo,
  HostMessage,
  StreamInfo,
  WorkerReply,
  WorkerStreamKind,
} from "./messages.ts";
import type { FrameEndpoint } from "./endpoints.ts";
import { WorkerIo } from "./worker_io.ts";
import { checkWorkerOptions } from "./worker_options.ts";
import { WorkerLink } from "./worker_link.ts";
import { rebuildError } from "./worker_errors.ts";
import type { RealtimeState } from "./thread_priority.ts";
import { DEVICE_LOST_HINT, PortAudioError } from "../portaudio/errors.ts";
import { ErrorListeners } from "../portaudio/stream_run.ts";
import { portAudioLockBuffer } from "../portaudio/library.ts";
import { PaErrorCode } from "../../ffi/portaudio_constants.ts";

export type { EndReason, WorkerStreamKind } from "./messages.ts";
export type {
  WorkerStreamEnd,
  WorkerStreamInfo,
  WorkerStreamOptions,
  WorkerStreamState,
  WorkerStreamStatus,
} from "./worker_types.ts";
import type {
  WorkerStreamEnd,
  WorkerStreamInfo,
  WorkerStreamOptions,
  WorkerStreamState,
  WorkerStreamStatus,
} from "./worker_types.ts";
export type {
  RealtimeOptions,
  RealtimePolicy,
  RealtimeState,
} from "./thread_priority.ts";

const STATE_NAMES = Object.fromEntries(
  Object.entries(STATE).map(([k, v]) => [v, k]),
) as Record<number, WorkerStreamState>;

// Safety net for a WorkerStream dropped without close(): its worker is told
// to close the stream and release PortAudio, then ends.
const registry = new FinalizationRegistry<WorkerLink>((link) => {
  link.requestClose();
});

/**
 * Streams with a call in flight, held strongly: a stream awaited inside a
 * function must not be collected before its call settles (its worker's
 * handlers hold it only weakly).
 */
const inFlight = new Map<WorkerStream, number>();

/**
 * An error from the worker, rebuilt as its class, its message naming
 * `WorkerStream` (and the call) unless it says what it is about already.
 */
function workerError(info: ErrorInfo, where: string): Error {
  // a device query's error says what it looked for and how to list devices
  const named = info.message.startsWith("WorkerStream") ||
    info.name === "DeviceSelectionError";
  return rebuildError(info, named ? undefined : where);
}

/** The error of a call after close(), as a main-isolate stream gives it. */
function closedError(call: string): PortAudioError {
  return new PortAudioError(
    `WorkerStream is closed: ${call}() is not allowed after close()`,
    { code: PaErrorCode.paBadStreamPtr, call: `WorkerStream.${call}` },
  );
}

function writeStderr(text: string): void {
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));
  } catch {
    // no stderr: nothing else can be done
  }
}

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
 * The callback gets python-sounddevice's arguments for the stream's kind
 * (`(outdata, frames, time, status)` for output, `(indata, frames, time,
 * status)` for input, `(indata, outdata, frames, time, status)` for
 * duplex), and `outdata` holds silence when it starts. The main thread
 * keeps `start()`, `stop()`, `abort()`, `close()`, reads
 * {@linkcode WorkerStream.status} without messages, and may exchange audio
 * with the worker through shared rings ({@linkcode WorkerStream.write},
 * {@linkcode WorkerStream.read}, or `inputBlocks()`/`captureStream()`/
 * `playbackStream()` on the stream).
 *
 * Errors thrown in the worker (opening, start/stop, the callback) arrive
 * as instances of the same class (`DeviceSelectionError`,
 * `PortAudioError` with its `code`, `TypeError`, ...). Events, as on the
 * other streams: `"error"` (an `ErrorEvent`) when the callback threw or
 * the stream ended because its device or sound server went away, and
 * `"finished"`. An error that no `"error"` listener receives is printed to
 * stderr. A stream left open does not keep the program alive; when the
 * program ends, the worker closes it first.
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
 * console.log(s.status.callbacks, s.status.outputUnderflows, s.realtime);
 * ```
 */
export class WorkerStream extends EventTarget {
  readonly #link: WorkerLink;
  readonly #kind: WorkerStreamKind;
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #toWorker: SharedRingBuffer | null;
  readonly #fromWorker: SharedRingBuffer | null;
  readonly #io: WorkerIo;
  /** No module: the worker's callback moves the rings at the device's rate. */
  readonly #passThrough: boolean;
  readonly #ready: Promise<StreamInfo>;
  #finished!: Promise<WorkerStreamEnd>;
  #resolveFinished!: (end: WorkerStreamEnd) => void;
  #rejectFinished!: (error: Error) => void;
  #finishedDone = false;
  #finishedHeld = false;
  #info: StreamInfo | undefined;
  #realtime: RealtimeState | undefined;
  #pending = new Map<
    number,
    { op: string; resolve: () => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #closing: Promise<void> | null = null;
  /** start/stop/abort run one after another, in the order called. */
  #order: Promise<unknown> = Promise.resolve();
  #callbackError: Error | undefined;
  #endReason: EndReason | undefined;
  readonly #errorListeners = new ErrorListeners();

  /**
   * Starts the worker and opens the stream in it (asynchronously: await
   * {@linkcode WorkerStream.ready} or just call `start()`).
   *
   * Every option is checked here, before the worker starts, as the
   * main-isolate stream classes check theirs: what the worker's stream would
   * refuse later throws now.
   *
   * @param options Module, stream kind, stream parameters, ring size,
   *   real-time scheduling.
   * @throws {TypeError} For an unknown option (also inside `extra`), a value
   *   of the wrong type, a pair on a one-way stream, an unsupported `kind`,
   *   `dtype` or `latency`, a `module` that is not an absolute URL or names
   *   a file that does not exist, or `workerData`/`extra` that cannot be
   *   sent to a worker. Messages name `WorkerStream` and the option.
   * @throws {RangeError} When `samplerate`, `channels`, `blocksize`,
   *   `ringFrames` (1 to 2^24 frames, at least one block, at most 1 GiB per
   *   ring) or `realtime.priority` is out of range.
   */
  constructor(options: WorkerStreamOptions = {}) {
    super();
    const o = checkWorkerOptions(options);
    const kind = o.kind;
    this.#kind = kind;
    this.#passThrough = o.module === undefined;
    const status = new SharedArrayBuffer(STATUS_BYTES);
    this.#ints = new Int32Array(status, 0, INT_WORDS);
    this.#floats = new Float64Array(status, INT_WORDS * 4, FLOAT_SLOTS);
    this.#toWorker = kind === "input" ? null : SharedRingBuffer.create({
      frames: o.ringFrames,
      channels: o.outCh,
      dtype: o.outType,
    });
    this.#fromWorker = kind === "output" ? null : SharedRingBuffer.create({
      frames: o.ringFrames,
      channels: o.inCh,
      dtype: o.inType,
    });
    this.#io = WorkerStream.#makeIo(this, this.#toWorker, this.#fromWorker);
    const init: HostMessage = {
      op: "init",
      kind,
      module: o.module,
      options: o.streamOptions,
      status,
      toWorker: this.#toWorker?.shared,
      fromWorker: this.#fromWorker?.shared,
      data: options?.workerData,
      paLock: portAudioLockBuffer(),
      realtime: o.realtime,
    };
    // A DataCloneError here, not in the worker, naming the option.
    for (const key of ["workerData", "extra"] as const) {
      try {
        structuredClone(options?.[key]);
      } catch (e) {
        throw new TypeError(
          `WorkerStream: ${key} cannot be sent to the worker (it must be structured-cloneable: no functions, class instances keep only their data): ${
            (e as Error)?.message
          }`,
          { cause: e },
        );
      }
    }

    this.#newFinished();
    const link = new WorkerLink(
      new URL("./worker_host.ts", import.meta.url),
      this.#ints,
    );
    this.#link = link;
    registry.register(this, link, this);
    let readyResolve!: (i: StreamInfo) => void;
    let readyReject!: (e: Error) => void;
    this.#ready = new Promise<StreamInfo>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.#ready.catch(() => {}); // reported through start()/ready
    link.hold(); // until opened (or failed)
    this.#ready.then(() => link.release(), () => link.release());
    WorkerStream.#listen(link, new WeakRef(this), readyResolve, readyReject);
    link.post(init);
  }

  /** The I/O over the rings (made here, not in the constructor: see #listen). */
  static #makeIo(
    stream: WorkerStream,
    toWorker: SharedRingBuffer | null,
    fromWorker: SharedRingBuffer | null,
  ): WorkerIo {
    return new WorkerIo(
      {
        kind: stream.#kind,
        closed: () => stream.#closing !== null,
        state: () => stream.status.state,
        samplerate: () => stream.#info?.samplerate ?? 48000,
        hold: () => stream.#hold(),
        unhold: () => stream.#unhold(),
      },
      toWorker,
      fromWorker,
    );
  }

  /**
   * Installs the worker's handlers. They hold the stream weakly (and are
   * made outside the constructor, whose closures share a context that holds
   * `this`), so a stream dropped without close() can be collected and its
   * worker told to close (see `registry`).
   */
  static #listen(
    link: WorkerLink,
    weak: WeakRef<WorkerStream>,
    readyResolve: (i: StreamInfo) => void,
    readyReject: (e: Error) => void,
  ): void {
    link.onReply = (m: WorkerReply) => {
      if (m.op === "ready") readyResolve(m.info);
      if (m.op === "failed") readyReject(workerError(m.error, "WorkerStream"));
      const stream = weak.deref();
      if (stream !== undefined) stream.#onReply(m);
    };
    link.onFailure = (err: Error) => {
      readyReject(err);
      const stream = weak.deref();
      if (stream !== undefined) stream.#onWorkerFailure(err);
    };
  }

  #onReply(m: WorkerReply): void {
    switch (m.op) {
      case "ready":
        this.#info = m.info;
        this.#realtime = m.realtime;
        break;
      case "failed":
        this.#finish("close", workerError(m.error, "WorkerStream"));
        break;
      case "done": {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (m.error) {
          p?.reject(workerError(m.error, `WorkerStream.${p.op}()`));
        } else p?.resolve();
        break;
      }
      case "finished":
        this.#onStreamFinished(m.reason, m.error);
        break;
      case "workerError":
        this.#reportError(
          rebuildError(m.error),
          "Exception in the worker module of a WorkerStream (outside the callback):",
        );
        break;
    }
  }

  #onStreamFinished(reason: EndReason, info: ErrorInfo | undefined): void {
    this.#endReason = reason;
    let err: Error | undefined;
    if (info !== undefined) {
      err = rebuildError(info);
    } else if (reason === "device") {
      err = new PortAudioError(
        "WorkerStream ended by itself: its device stopped working " +
          `(device ${JSON.stringify(this.#info?.device)}; ${DEVICE_LOST_HINT})`,
        { code: PaErrorCode.paDeviceUnavailable, call: "PaStreamCallback" },
      );
    }
    // stop(), abort() and close() ended the run themselves
    if (reason !== "stop" && reason !== "abort" && reason !== "close") {
      this.#io.end("ended", err);
    }
    if (err !== undefined) {
      this.#callbackError = err;
      this.#reportError(
        err,
        reason === "device"
          ? "WorkerStream ended:"
          : "Exception in the callback of a WorkerStream (the stream was aborted):",
      );
    }
    this.#finish(reason, err);
  }

  /**
   * Dispatches an `"error"` event, or prints the error to stderr when no
   * `"error"` listener is registered (an error nobody sees is a bug).
   */
  #reportError(err: Error, heading: string): void {
    const handled = this.#errorListeners.any;
    this.dispatchEvent(
      new ErrorEvent("error", { error: err, message: err.message }),
    );
    this.#errorListeners.dispatched();
    if (!handled) writeStderr(`${heading}\n${err.stack ?? String(err)}`);
  }

  #onWorkerFailure(err: Error): void {
    this.#io.end("ended", err);
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    if (this.#closing === null) {
      Atomics.store(this.#ints, S.state, STATE.failed);
      this.#reportError(err, "The worker of a WorkerStream failed:");
    }
    this.#finish("close", err);
  }

  #newFinished(): void {
    this.#finishedDone = false;
    this.#finished = new Promise<WorkerStreamEnd>((resolve, reject) => {
      this.#resolveFinished = resolve;
      this.#rejectFinished = reject;
    });
    // A rejection nobody awaits is reported through "error" and stderr,
    // never as an unhandled rejection.
    this.#finished.catch(() => {});
  }

  #finish(reason: EndReason, error?: Error): void {
    if (this.#finishedDone) return;
    this.#finishedDone = true;
    if (error !== undefined) this.#rejectFinished(error);
    else this.#resolveFinished({ reason: reason as WorkerStreamEnd["reason"] });
    if (this.#finishedHeld) {
      this.#finishedHeld = false;
      this.#link.release();
    }
    this.dispatchEvent(new Event("finished"));
  }

  /**
   * Registers an event listener (`"error"`, `"finished"`); an `"error"`
   * listener takes over reporting of errors from stderr.
   *
   * @param type The event type.
   * @param listener The listener.
   * @param options `EventTarget` options.
   */
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (type === "error") this.#errorListeners.add(listener, options);
  }

  /**
   * Removes an event listener.
   *
   * @param type The event type.
   * @param listener The listener.
   * @param options `EventTarget` options.
   */
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
    if (type === "error") this.#errorListeners.remove(listener);
  }

  /** Resolves when the worker opened the stream; rejects with the reason it could not. */
  get ready(): Promise<void> {
    return this.#ready.then(() => {});
  }

  /** The opened stream's properties (after {@linkcode ready}). */
  get info(): WorkerStreamInfo {
    if (this.#info === undefined) {
      throw new Error(
        "WorkerStream is not open yet: await its ready promise (or start()) first",
      );
    }
    return this.#info;
  }

  /**
   * How the worker's thread is scheduled (after {@linkcode ready}):
   * `enabled`, `policy`, `priority`, what was `requested`, and the `reason`
   * when it is not real-time as requested.
   */
  get realtime(): RealtimeState {
    if (this.#realtime === undefined) {
      throw new Error(
        "WorkerStream is not open yet: await its ready promise (or start()) first",
      );
    }
    return this.#realtime;
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

  /**
   * Settles when the run of the stream ended: resolves with how
   * (`{ reason }`: `"stop"`, `"abort"`, `"close"`, `"callbackStop"`,
   * `"callbackAbort"`), or rejects with the callback's error, or with a
   * `PortAudioError` (`paDeviceUnavailable`) when the device or sound server
   * went away. Awaiting it keeps the program alive until then.
   */
  get finished(): Promise<WorkerStreamEnd> {
    if (!this.#finishedDone && !this.#finishedHeld) {
      this.#finishedHeld = true;
      this.#link.hold();
    }
    return this.#finished;
  }

  /**
   * How the last run ended (see {@linkcode EndReason}); `undefined` while
   * it runs or before it ran.
   */
  get endReason(): EndReason | undefined {
    return this.#endReason;
  }

  /** The error that ended the callback in the worker (or the device loss that did), if any. */
  get callbackError(): Error | undefined {
    return this.#callbackError;
  }

  /** Keeps this stream and the program alive while a call is in flight. */
  #hold(): void {
    inFlight.set(this, (inFlight.get(this) ?? 0) + 1);
    this.#link.hold();
  }

  #unhold(): void {
    const n = (inFlight.get(this) ?? 1) - 1;
    if (n === 0) inFlight.delete(this);
    else inFlight.set(this, n);
    this.#link.release();
  }

  /** Sends a control request and waits for its answer. */
  #send(op: "start" | "stop" | "abort" | "close"): Promise<void> {
    if (this.#link.ended) {
      return Promise.reject(
        new Error(`WorkerStream: its worker has ended; ${op}() cannot run`),
      );
    }
    const id = this.#nextId++;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { op, resolve, reject });
    });
    this.#link.post({ op, id } satisfies HostMessage);
    return done;
  }

  async #control(op: "start" | "stop" | "abort"): Promise<void> {
    this.#hold();
    try {
      await this.#ready;
      if (this.#closing !== null) throw closedError(op);
      if (op === "start") {
        this.#endReason = undefined;
        this.#callbackError = undefined;
        if (this.#finishedDone) this.#newFinished();
      }
      await this.#send(op);
    } finally {
      this.#unhold();
    }
  }

  /** Runs `job` after every start/stop/abort called before it. */
  #inOrder(job: () => Promise<void>): Promise<void> {
    const p = this.#order.then(job);
    this.#order = p.catch(() => {});
    return p;
  }

  #assertOpen(op: string): void {
    if (this.#closing !== null) throw closedError(op);
  }

  /**
   * Starts the stream (waits for the worker to open it first).
   *
   * @returns When PortAudio started the stream.
   * @throws {Error} When the stream is closed; the worker's error (same
   *   class: `PortAudioError`, `DeviceSelectionError`, ...) when the stream
   *   could not be opened or started.
   */
  async start(): Promise<void> {
    this.#assertOpen("start");
    await this.#inOrder(async () => {
      await this.#control("start");
      if (this.#closing === null) this.#io.started(); // audio moves from now on
    });
  }

  /**
   * Stops the stream after pending buffers played. On a stream without a
   * `module` (the pass-through callback), a `read()` or `write()` still
   * pending finishes first, and every frame written is played, as on a
   * main-isolate stream; with a module, a pending call settles at once (a
   * write resolves with the frames it handed over, a read rejects with a
   * `PortAudioError` saying how many frames it got).
   *
   * @returns When stopped.
   * @throws {Error} When the stream is closed or PortAudio failed.
   */
  async stop(): Promise<void> {
    this.#assertOpen("stop");
    await this.#inOrder(async () => {
      if (this.#passThrough) await this.#io.finishPending();
      this.#io.end("stopped");
      if (this.#closing !== null) return; // close() began: it stops the stream
      await this.#control("stop");
    });
  }

  /**
   * Stops the stream at once, dropping pending buffers. A `read()` or
   * `write()` still pending settles at once (a write resolves with the
   * frames it handed over, a read rejects with a `PortAudioError` saying how
   * many frames it got).
   *
   * @returns When stopped.
   * @throws {Error} When the stream is closed or PortAudio failed.
   */
  async abort(): Promise<void> {
    this.#assertOpen("abort");
    this.#io.end("aborted"); // at once, also under a stop() still waiting
    await this.#inOrder(async () => {
      this.#io.end("aborted");
      if (this.#closing !== null) return; // close() began: it stops the stream
      await this.#control("abort");
    });
  }

  /**
   * Closes the stream in the worker, releases PortAudio there, then ends
   * the worker. Idempotent.
   *
   * @returns When the worker is gone.
   */
  close(): Promise<void> {
    if (this.#closing === null) {
      this.#closing = (async () => {
        this.#hold();
        this.#io.end("closed");
        this.#toWorker?.close();
        this.#fromWorker?.close();
        try {
          await this.#ready.catch(() => {});
          await this.#send("close");
        } catch {
          // the worker is gone already: nothing is left to close
        } finally {
          this.#link.terminate();
          registry.unregister(this);
          Atomics.store(this.#ints, S.state, STATE.closed);
          if (this.#endReason === undefined) this.#endReason = "close";
          this.#finish("close");
          this.#unhold();
        }
      })();
    }
    return this.#closing;
  }

  /**
   * `await using stream = ...`: at the end of the block, stops the stream
   * (playing out what was written) and closes it, like the end of Python's
   * `with` block.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closing === null && this.active) {
      try {
        await this.stop();
      } catch {
        // a failed stop does not keep the stream open (as on the other streams)
      }
    }
    await this.close();
  }

  /**
   * Sends interleaved samples to the worker's ring (the pass-through callback
   * plays them; a custom callback reads them with `workerContext().toWorker`).
   * Awaits only while the ring is full. The stream must be running, as a
   * main-isolate stream's `write()` needs it.
   *
   * @param data Samples of the output dtype (its typed array), whole frames.
   * @returns Frames written: all of them, unless `stop()`, `abort()`,
   *   `close()` or the stream's own end cut the write short (then those
   *   handed over before).
   * @throws {TypeError} For an input-only stream, or `data` of another type.
   * @throws {RangeError} When `data` does not hold whole frames.
   * @throws {PortAudioError} `paStreamIsStopped` when the stream is not
   *   running (never started, stopped, aborted, ended), `paBadStreamPtr`
   *   after `close()`; at once, without waiting.
   */
  async write(data: RingSamples): Promise<number> {
    return await this.#io.write(data);
  }

  /**
   * Reads `frames` frames passed up by the worker (input or duplex stream),
   * awaiting data only while the ring is empty. The stream must be running,
   * as a main-isolate stream's `read()` needs it.
   *
   * @param frames How many frames (an integer from 0 to 2^24).
   * @returns The samples, all `frames` of them.
   * @throws {TypeError} For an output-only stream.
   * @throws {RangeError} When `frames` is out of range.
   * @throws {PortAudioError} `paStreamIsStopped` when the stream is not
   *   running, `paBadStreamPtr` after `close()` (at once); when the run ends
   *   while the read waits, a rejection saying how many frames it got.
   */
  async read(frames: number): Promise<RingSamples> {
    return await this.#io.read(frames);
  }

  /**
   * The main-thread side of the rings as a frame endpoint, for
   * `writeAll()`, `readFull()`, `inputBlocks()`, `captureStream()` and
   * `playbackStream()`. Moving frames through it needs a running stream:
   * on one that is not, they reject with the `PortAudioError` of
   * {@linkcode WorkerStream.read}/{@linkcode WorkerStream.write}; a write
   * waiting when the run ends returns the frames handed over, a read
   * waiting then rejects; after `close()` they end.
   *
   * @param direction `"read"` (from the worker) or `"write"` (to it).
   * @returns The endpoint.
   * @throws {TypeError} When `direction` is neither, or the stream has no
   *   ring in that direction.
   */
  endpoint(direction: "read" | "write"): FrameEndpoint {
    return this.#io.endpoint(direction);
  }
}
