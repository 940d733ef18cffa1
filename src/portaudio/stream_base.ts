/**
 * `BaseStream`: what every PortAudio stream class shares: opening, the
 * lifecycle (start, stop, abort, close, how a stream ended), properties, and
 * the blocking transfer of `read()`/`write()`.
 *
 * Threading rules (measured, see PLATFORM.md): PortAudio's audio thread
 * waits for this isolate while a callback runs, so every call that waits for
 * the audio thread (start, stop, abort, close, blocking read/write) is made
 * through a `nonblocking` FFI declaration and awaited. Start, stop, abort and
 * close run one at a time: `Pa_CloseStream` must never run while
 * `Pa_StartStream` (or a stop) is still busy with the same stream on another
 * thread.
 *
 * @module
 */

import {
  type PA_STREAM_CALLBACK,
  type PA_STREAM_FINISHED_CALLBACK,
  PaStreamInfo,
} from "../../ffi/portaudio.ts";
import {
  PaErrorCode,
  PaStreamCallbackResult,
} from "../../ffi/portaudio_constants.ts";
import { readField } from "../../ffi/struct.ts";
import { discardQueued, flushQueued } from "../realtime/queued.ts";
import type { DType, RawDType } from "./defaults.ts";
import { DEVICE_LOST_HINT, PortAudioError } from "./errors.ts";
import {
  check,
  markUnterminatable,
  paSymbols,
  registerResource,
  unregisterResource,
} from "./library.ts";
import { jackGoneError, ServerWatch } from "./jack_server.ts";
import { Playout } from "./stream_callback.ts";
import { type Kind, openPaStream, resolveSettings } from "./stream_open.ts";
import {
  type AnyStreamOptions,
  checkCloseOptions,
  checkStreamOptions,
  type CloseOptions,
  CTORS,
  type Direction,
  FORMATS,
  type TypedCtor,
} from "./stream_options.ts";
import {
  AwaitedPromise,
  dispatchEnd,
  type EndError,
  ErrorListeners,
  type ReadResult,
  registry,
  type StreamEnd,
} from "./stream_run.ts";
import { BlockingIo } from "./stream_transfer.ts";

type Reason = StreamEnd["reason"];

/** `finished` without keeping the event loop alive (for the convenience functions). @internal */
export let settledWithoutRef: (s: BaseStream) => Promise<StreamEnd>;

/**
 * What every stream class shares: options, properties, lifecycle.
 * Use `Stream`, `InputStream`, `OutputStream` or their raw variants; this
 * class is not constructed directly.
 *
 * Events: `"finished"` when a callback stream has finished or a running
 * blocking stream was stopped, aborted or closed; `"error"` (an `ErrorEvent`,
 * before `"finished"`) when its callback or `finishedCallback` threw, or the
 * stream ended because its device stopped working. Such an error is printed
 * to stderr once when no `"error"` listener is registered (as Python prints
 * a callback's traceback); registering one makes handling it the program's
 * business.
 */
export class BaseStream extends EventTarget {
  #handle: Deno.PointerObject | null;
  #closedFlag = { value: false };
  #kind: Kind;
  #raw: boolean;
  #in: Direction | null;
  #out: Direction | null;
  #samplerate: number;
  #blocksize: number;
  #callback: Deno.UnsafeCallback<typeof PA_STREAM_CALLBACK> | null = null;
  #finishedCb: Deno.UnsafeCallback<typeof PA_STREAM_FINISHED_CALLBACK> | null =
    null;
  #userFinished: (() => void) | undefined;
  /** What `finished` hands out; waiting for it keeps the program alive. */
  #finished!: AwaitedPromise<StreamEnd>;
  /** The same outcome, for the library's own listeners (never keeps it alive). */
  #settled!: Promise<StreamEnd>;
  #resolveFinished!: (end: StreamEnd) => void;
  #rejectFinished!: (error: unknown) => void;
  /** The current run has ended and `finished` is settled. */
  #finishedDone = false;
  /** Why the current run is ending, once known. */
  #reason: Reason | null = null;
  #callbackError: unknown = undefined;
  /** The error that ended the current run (callback, finishedCallback, device), if any. */
  #endError: EndError | null = null;
  /** The current run ended on its own: the device stopped working. */
  #deviceLost: PortAudioError | null = null;
  #closing: Promise<void> | null = null;
  #io!: BlockingIo;
  /** Start, stop, abort and close, one at a time. */
  #lifecycle: Promise<unknown> = Promise.resolve();
  /** Start/stop/abort calls running on a helper thread right now. */
  #busy = 0;
  #playout!: Playout;
  #started = false;
  /** Somebody waits for this run's `finished`. */
  #awaited = false;
  #errorListeners = new ErrorListeners();
  /** Watches a running stream on JACK for the end of its server. */
  #jack: ServerWatch | null = null;
  /**
   * The JACK server went away under this stream: PortAudio can no longer
   * stop or close it (both would wait for good), so neither is called.
   */
  #abandoned = false;

  static {
    settledWithoutRef = (s) => s.#settled;
  }

  /** @internal */
  constructor(
    kind: Kind,
    raw: boolean,
    options: AnyStreamOptions | undefined | null,
  ) {
    super();
    checkStreamOptions(new.target.name, options, kind === "duplex");
    options ??= {};
    this.#kind = kind;
    this.#raw = raw;
    const settings = resolveSettings(kind, raw, options);
    this.#in = settings.input;
    this.#out = settings.output;
    this.#samplerate = settings.samplerate;
    this.#blocksize = settings.blocksize;
    this.#newRun();
    this.#io = new BlockingIo({
      what: new.target.name,
      samplerate: this.#samplerate,
      raw,
      input: this.#in,
      output: this.#out,
      callback: typeof options.callback === "function",
      closing: () => this.#handle === null || this.#closing !== null,
      lost: settings.jack
        ? () => this.#abandoned ? this.#deviceLost : null
        : undefined,
    });
    this.#userFinished = options.finishedCallback ?? undefined;
    const playout = this.#playout = new Playout(
      () => this.#handle && !this.#closing ? this.#info().outputLatency : 0,
      this.#samplerate,
      this.#out !== null && kind === "duplex",
    );
    const opened = openPaStream(
      new.target.name,
      kind,
      raw,
      settings,
      options,
      {
        playout: (frames, hasOutput) => playout.next(frames, hasOutput),
        stop: (hasOutput) => {
          this.#reason ??= "callbackStop";
          if (!hasOutput) return PaStreamCallbackResult.paComplete;
          playout.begin();
          return PaStreamCallbackResult.paContinue;
        },
        abort: () => {
          this.#reason ??= "callbackAbort";
        },
        fail: (e) => {
          // `throw undefined` must still count as an error.
          this.#callbackError = e === undefined || e === null
            ? new Error(
              `the callback threw ${e} (throw an Error that says what went wrong)`,
            )
            : e;
          this.#endError ??= { error: this.#callbackError, source: "callback" };
        },
      },
      () => this.#onFinished(),
    );
    this.#handle = opened.handle;
    this.#callback = opened.callback;
    this.#finishedCb = opened.finishedCb;
    if (settings.jack) {
      this.#jack = new ServerWatch(
        opened.handle,
        () => this.#finishedDone,
        () => this.#serverGone(),
      );
    }
    if (!this.#callback) {
      registry.register(this, {
        handle: this.#handle,
        closed: this.#closedFlag,
      }, this);
    }
    registerResource(this);
  }

  // --- how a run ends --------------------------------------------------------

  /** A fresh `finished` promise for a new run. */
  #newRun(): void {
    this.#finishedDone = false;
    this.#reason = null;
    this.#endError = null;
    this.#deviceLost = null;
    this.#awaited = false;
    let resolveSettled!: (end: StreamEnd) => void;
    let rejectSettled!: (error: unknown) => void;
    this.#settled = new Promise<StreamEnd>((resolve, reject) => {
      resolveSettled = resolve;
      rejectSettled = reject;
    });
    const finished = new AwaitedPromise<StreamEnd>((resolve, reject) => {
      this.#resolveFinished = (end) => {
        resolve(end);
        resolveSettled(end);
      };
      this.#rejectFinished = (error) => {
        reject(error);
        rejectSettled(error);
      };
    });
    // A rejection nobody awaits is reported through the "error" event and
    // stderr, never as an unhandled rejection that kills the program.
    finished.catch(() => {});
    this.#settled.catch(() => {});
    finished.onThen = () => {
      this.#awaited = true;
      if (this.#started && !this.#finishedDone) this.#callback?.ref();
    };
    this.#finished = finished;
  }

  /** PortAudio's finished callback (callback streams), run on this isolate. */
  #onFinished(): void {
    if (this.#finishedDone) return;
    this.#callback?.unref();
    this.#finishedCb?.unref();
    if (this.#reason === null && this.#endError === null) {
      // Nobody asked it to end: PortAudio's callback thread ended after a
      // host error (the sound server went away, a device was unplugged).
      this.#deviceLost = new PortAudioError(
        `${this.constructor.name} ended by itself: its device stopped working ` +
          `(device ${JSON.stringify(this.device)}; ${DEVICE_LOST_HINT})`,
        { code: PaErrorCode.paDeviceUnavailable, call: "PaStreamCallback" },
      );
      this.#endError = { error: this.#deviceLost, source: "device" };
    }
    this.#runUserFinished();
    this.#settle(this.#reason ?? "abort");
  }

  /** The JACK server went away under the running stream. */
  #serverGone(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    this.#jack?.stop();
    const name = this.constructor.name;
    markUnterminatable(
      `a ${name} on JACK lost its server, and PortAudio cannot close such a stream (it would wait for the server for good)`,
    );
    this.#deviceLost = jackGoneError(name, this.device);
    this.#endError ??= { error: this.#deviceLost, source: "device" };
    this.#onFinished();
  }

  /**
   * Whether this stream lost its JACK server (looking again if it is
   * inactive without having finished), so that stop/abort/close must not
   * call PortAudio.
   */
  async #lostServer(): Promise<boolean> {
    if (this.#abandoned) return true;
    if (this.#jack === null || !(await this.#jack.settle())) return false;
    this.#serverGone();
    return true;
  }

  /** Calls the user's `finishedCallback`; what it throws ends the run with an error. */
  #runUserFinished(): void {
    try {
      this.#userFinished?.();
    } catch (e) {
      const error = e === undefined || e === null
        ? new Error(`finishedCallback threw ${e}`)
        : e;
      if (this.#callbackError === undefined) this.#callbackError = error;
      this.#endError ??= { error, source: "finishedCallback" };
    }
  }

  /** Settles `finished`, then dispatches "error" (if any) and "finished". */
  #settle(reason: Reason): void {
    if (this.#finishedDone) return;
    this.#finishedDone = true;
    const ended = this.#endError;
    if (ended) this.#rejectFinished(ended.error);
    else this.#resolveFinished({ reason });
    dispatchEnd(this, this.#errorListeners, this.constructor.name, ended);
  }

  /**
   * Adds an event listener (EventTarget's). A listener for `"error"` takes
   * over the reporting of errors: they are then no longer printed to stderr.
   *
   * @param type `"finished"` or `"error"` (or any other event type).
   * @param listener The listener.
   * @param options EventTarget's options (`once`, `signal`, ...).
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
   * Removes an event listener (EventTarget's).
   *
   * @param type The event type.
   * @param listener The listener.
   * @param options EventTarget's options.
   */
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
    if (type === "error") this.#errorListeners.remove(listener);
  }

  /**
   * The handle for a call, refused once close() has begun: Pa_CloseStream runs
   * on another thread and frees the stream, so no call may race with it.
   */
  #h(call: string): Deno.PointerObject {
    if (this.#handle === null || this.#closing !== null) {
      throw new PortAudioError(
        `${this.constructor.name} is closed: ${call}() is not allowed after close()`,
        {
          code: PaErrorCode.paBadStreamPtr,
          call,
        },
      );
    }
    return this.#handle;
  }

  #info(): { inputLatency: number; outputLatency: number; sampleRate: number } {
    const p = paSymbols().Pa_GetStreamInfo(this.#h("info"));
    if (p === null) {
      return {
        inputLatency: 0,
        outputLatency: 0,
        sampleRate: this.#samplerate,
      };
    }
    const v = new Deno.UnsafePointerView(p);
    return {
      inputLatency: readField(v, PaStreamInfo, "inputLatency") as number,
      outputLatency: readField(v, PaStreamInfo, "outputLatency") as number,
      sampleRate: readField(v, PaStreamInfo, "sampleRate") as number,
    };
  }

  #pair<T>(i: T | undefined, o: T | undefined): T | [T, T] {
    if (this.#kind === "duplex") return [i!, o!];
    return (this.#kind === "input" ? i : o)!;
  }

  // --- properties --------------------------------------------------------------

  /** The raw `PaStream*`, for calls this package does not wrap. Unsafe: invalid after close(). */
  get unsafeHandle(): Deno.PointerObject {
    return this.#h("unsafeHandle");
  }

  /** `true` once close() has been called (the stream can no longer be used). */
  get closed(): boolean {
    return this.#handle === null || this.#closing !== null;
  }

  /** `true` while audio is being processed (started and not finished). */
  get active(): boolean {
    if (
      this.#handle === null || this.#closing !== null || this.#finishedDone
    ) return false;
    return check(
      paSymbols().Pa_IsStreamActive(this.#handle),
      "Pa_IsStreamActive",
    ) === 1;
  }

  /** `true` when the stream is stopped (never started, or stop/abort done). */
  get stopped(): boolean {
    if (this.#handle === null || this.#closing !== null) return true;
    return check(
      paSymbols().Pa_IsStreamStopped(this.#handle),
      "Pa_IsStreamStopped",
    ) === 1;
  }

  /** CPU load of the callback, 0.0-1.0 (0 for blocking streams). */
  get cpuLoad(): number {
    return paSymbols().Pa_GetStreamCpuLoad(this.#h("cpuLoad"));
  }

  /** The stream's clock in seconds (the clock of the callback's `time`). */
  get time(): number {
    return paSymbols().Pa_GetStreamTime(this.#h("time"));
  }

  /** Actual latency in seconds; `[input, output]` for duplex streams. */
  get latency(): number | [number, number] {
    const info = this.#info();
    return this.#pair(info.inputLatency, info.outputLatency);
  }

  /** Actual sampling rate in Hz. */
  get samplerate(): number {
    return this.#handle ? this.#info().sampleRate : this.#samplerate;
  }

  /** Frames per block as requested (0: host-chosen, variable). */
  get blocksize(): number {
    return this.#blocksize;
  }

  /** Channel count; `[input, output]` for duplex streams. */
  get channels(): number | [number, number] {
    return this.#pair(this.#in?.channels, this.#out?.channels);
  }

  /** Sample type; `[input, output]` for duplex streams. */
  get dtype(): RawDType | [RawDType, RawDType] {
    return this.#pair(this.#in?.dtype, this.#out?.dtype);
  }

  /** Bytes per sample; `[input, output]` for duplex streams. */
  get samplesize(): number | [number, number] {
    return this.#pair(
      this.#in ? FORMATS[this.#in.dtype].size : undefined,
      this.#out ? FORMATS[this.#out.dtype].size : undefined,
    );
  }

  /** Device index (-2 for an ALSA device string); `[input, output]` for duplex streams. */
  get device(): number | [number, number] {
    return this.#pair(this.#in?.device, this.#out?.device);
  }

  /** Frames that can be read without waiting (blocking input streams). */
  get readAvailable(): number {
    if (!this.#in) {
      throw new TypeError("readAvailable: this stream has no input");
    }
    return Number(
      check(
        Number(paSymbols().Pa_GetStreamReadAvailable(this.#h("readAvailable"))),
        "Pa_GetStreamReadAvailable",
      ),
    );
  }

  /** Frames that can be written without waiting (blocking output streams). */
  get writeAvailable(): number {
    if (!this.#out) {
      throw new TypeError("writeAvailable: this stream has no output");
    }
    return Number(
      check(
        Number(
          paSymbols().Pa_GetStreamWriteAvailable(this.#h("writeAvailable")),
        ),
        "Pa_GetStreamWriteAvailable",
      ),
    );
  }

  /**
   * The exception that ended a callback stream (not CallbackStop/CallbackAbort;
   * `throw undefined` is recorded as an Error saying so), else one thrown by
   * `finishedCallback`, or `undefined`. Reset by start().
   */
  get callbackError(): unknown {
    return this.#callbackError;
  }

  /**
   * Settles when the current run of the stream has ended.
   *
   * Resolves with a {@linkcode StreamEnd} saying how: `stop()`, `abort()`,
   * `close()`, or the callback's `CallbackStop`/`CallbackAbort`. Rejects with
   * the error when the run ended badly: the callback threw (the exception
   * itself), `finishedCallback` threw, or the device stopped working (a
   * `PortAudioError`, code `paDeviceUnavailable`). So `await s.finished`
   * throws where Python would have printed a traceback. A rejection nobody
   * awaits is not an unhandled rejection (it is reported as described for
   * the `"error"` event).
   *
   * Blocking streams settle it on stop, abort and close. Waiting for it
   * (`await`, `.then()`, `Promise.race()`) keeps the program alive until it
   * settles; merely reading it does not. A new `start()` after the end gives
   * a new promise.
   */
  get finished(): Promise<StreamEnd> {
    return this.#finished;
  }

  /** `true` for callback streams. */
  get hasCallback(): boolean {
    return this.#callback !== null;
  }

  // --- lifecycle ---------------------------------------------------------------

  /** Runs start/stop/abort one at a time (and never alongside close). */
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#lifecycle.then(step);
    this.#lifecycle = run.catch(() => {});
    return run;
  }

  /** Counts a start/stop/abort running on a helper thread until it returns. */
  async #whileBusy(call: Promise<number>): Promise<number> {
    this.#busy++;
    try {
      return await call;
    } finally {
      this.#busy--;
    }
  }

  /**
   * Starts audio processing. On a stream that is not stopped (running, or a
   * callback stream whose callback ended and that was not stopped since)
   * this does nothing, as in python-sounddevice; `stop()` first to restart.
   *
   * @returns A promise that resolves once PortAudio started the stream.
   * @throws {PortAudioError} When PortAudio cannot start the stream, or it is closed.
   */
  async start(): Promise<void> {
    this.#h("start");
    await this.#io.pending;
    await this.#serial(async () => {
      const h = this.#h("start"); // refused if close() began while we waited
      if (this.#abandoned) throw this.#deviceLost;
      const pa = paSymbols();
      if (pa.Pa_IsStreamStopped(h) === 0) return; // running: nothing to do
      if (this.#started || this.#finishedDone) this.#newRun();
      else {
        // The first run keeps the `finished` promise handed out before it.
        this.#reason = null;
        this.#endError = null;
        this.#deviceLost = null;
      }
      this.#playout.reset();
      this.#callbackError = undefined;
      if (this.#awaited && this.#callback) this.#callback.ref();
      const code = await this.#whileBusy(pa.Pa_StartStream_nb(h));
      if (code !== PaErrorCode.paStreamIsNotStopped) {
        check(code, "Pa_StartStream", "Error starting stream");
      }
      this.#started = true;
      this.#jack?.start();
    });
  }

  /**
   * Stops the stream after every pending output frame has been played
   * (callback streams stop calling the callback at once). Does nothing on a
   * stopped stream.
   *
   * @param options `ignoreErrors`.
   * @returns A promise that resolves once the stream is stopped.
   * @throws {PortAudioError} When PortAudio reports an error, or the stream
   *   had ended because its device stopped working (unless `ignoreErrors`).
   * @throws {TypeError} For an unknown option.
   */
  async stop(options: CloseOptions = {}): Promise<void> {
    const ignoreErrors = checkCloseOptions(
      `${this.constructor.name}.stop`,
      options,
    );
    const h = this.#h("stop");
    // frames writeAll() accepted reach the device first
    if (this.#out && !this.#callback) await flushQueued(this);
    await this.#io.pending;
    if (this.#closing !== null) return; // close() began: it stops the stream
    const pa = paSymbols();
    if (this.#callback && !this.#finishedDone) this.#reason ??= "stop";
    if (this.#callback && this.#out && this.active) {
      // Let the callback send silence until the queued audio is out, then complete.
      this.#playout.stopRequested = true;
      const deadline = Date.now() + 1000 * (this.#info().outputLatency + 1);
      while (this.active && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
    } else if (this.#out && !this.#callback && this.#io.lastWriteEnd > 0) {
      await this.#io.padSilence(h, Math.max(256, this.#blocksize));
      if (this.#closing !== null) return;
      const wait = this.#io.lastWriteEnd +
        1000 * (this.#info().outputLatency + 0.02) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const code = await this.#serial(async () => {
      // close() began while we waited: it stops the stream itself, and the
      // handle must not be used alongside Pa_CloseStream.
      if (this.#closing !== null) return 0;
      this.#jack?.stop();
      const wasRunning = pa.Pa_IsStreamStopped(h) !== 1 &&
        !(await this.#lostServer());
      const code = wasRunning
        ? await this.#whileBusy(pa.Pa_StopStream_nb(h))
        : 0;
      this.#afterStop(wasRunning, "stop");
      return code;
    });
    if (!ignoreErrors) {
      check(code, "Pa_StopStream", "Error stopping stream");
      if (this.#deviceLost) throw this.#deviceLost;
    }
  }

  /**
   * Stops the stream at once, discarding pending output.
   *
   * @param options `ignoreErrors`.
   * @returns A promise that resolves once the stream is stopped.
   * @throws {PortAudioError} When PortAudio reports an error, or the stream
   *   had ended because its device stopped working (unless `ignoreErrors`).
   * @throws {TypeError} For an unknown option.
   */
  async abort(options: CloseOptions = {}): Promise<void> {
    const ignoreErrors = checkCloseOptions(
      `${this.constructor.name}.abort`,
      options,
    );
    const h = this.#h("abort");
    const pa = paSymbols();
    if (this.#callback && !this.#finishedDone) this.#reason ??= "abort";
    this.#playout.stopRequested = true;
    discardQueued(this); // what writeAll() queued is not played
    await this.#io.pending;
    const code = await this.#serial(async () => {
      if (this.#closing !== null) return 0; // close() began: it aborts the stream
      this.#jack?.stop();
      const wasRunning = pa.Pa_IsStreamStopped(h) !== 1 &&
        !(await this.#lostServer());
      const code = wasRunning
        ? await this.#whileBusy(pa.Pa_AbortStream_nb(h))
        : 0;
      this.#afterStop(wasRunning, "abort");
      return code;
    });
    if (!ignoreErrors) {
      check(code, "Pa_AbortStream", "Error aborting stream");
      if (this.#deviceLost) throw this.#deviceLost;
    }
  }

  #afterStop(wasRunning: boolean, reason: Reason): void {
    this.#io.lastWriteEnd = 0;
    if (!this.#callback && wasRunning) this.#settle(reason);
  }

  /**
   * Closes the stream (discarding pending output of an active stream, as
   * python-sounddevice does) and frees it, after any start/stop/abort still
   * in progress has returned. Closing twice is harmless; every other method
   * throws afterwards.
   *
   * @param options `ignoreErrors`.
   * @returns A promise that resolves once PortAudio closed the stream.
   * @throws {PortAudioError} When PortAudio reports an error (unless ignored).
   * @throws {TypeError} For an unknown option.
   */
  close(options: CloseOptions = {}): Promise<void> {
    // Checked on every call: a typo throws after close() too, as in Python.
    const ignoreErrors = checkCloseOptions(
      `${this.constructor.name}.close`,
      options,
    );
    if (this.#closing) return this.#closing;
    discardQueued(this); // close discards pending output
    this.#closing = (async () => {
      const h = this.#handle;
      if (h === null) return;
      this.#playout.stopRequested = true;
      try {
        await this.#io.pending;
      } catch {
        // A failed read/write does not prevent closing.
      }
      // Pa_CloseStream must not race a Pa_StartStream/Pa_StopStream still
      // running on a helper thread (that aborted inside libpulse).
      await this.#lifecycle;
      const pa = paSymbols();
      this.#jack?.stop();
      const lost = await this.#lostServer();
      const wasRunning = pa.Pa_IsStreamStopped(h) === 0;
      if (this.#callback && this.#started && !this.#finishedDone) {
        this.#reason ??= "close";
      }
      // A stream whose JACK server went away is left to PortAudio (closing
      // it would wait for good); its audio thread no longer calls us.
      const code = lost ? 0 : await pa.Pa_CloseStream_nb(h);
      this.#handle = null;
      this.#closedFlag.value = true;
      registry.unregister(this);
      unregisterResource(this);
      // PortAudio no longer calls us: now the native callbacks can go.
      if (this.#callback && this.#started && !this.#finishedDone) {
        this.#onFinished();
      } else if (!this.#callback && wasRunning) this.#settle("close");
      else if (!this.#finishedDone) {
        // Never started: nothing ran, `finished` says it was closed.
        this.#finishedDone = true;
        this.#resolveFinished({ reason: "close" });
      }
      this.#callback?.close();
      this.#finishedCb?.close();
      this.#callback = null;
      this.#finishedCb = null;
      if (!ignoreErrors) {
        check(code, "Pa_CloseStream", "Error closing stream");
      }
    })();
    return this.#closing;
  }

  /**
   * `await using stream = ...`: at the end of the block, stops the stream
   * (playing out pending output) and closes it, like the end of Python's
   * `with` block. It does not start the stream: use the classes' static
   * `start()` for that (`await using s = await OutputStream.start({...})`).
   *
   * @returns A promise that resolves once the stream is closed.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#handle === null) return;
    try {
      if (!this.stopped) await this.stop({ ignoreErrors: true });
    } finally {
      await this.close();
    }
  }

  // --- blocking I/O ---------------------------------------------------------

  /** @internal Writes interleaved frames; resolves to `true` if an underflow happened. */
  protected writeFrames(data: ArrayBufferView): Promise<boolean> {
    return this.#io.write(this.#h("write"), data);
  }

  /**
   * @internal The I/O helpers' fast path: writes `data` with one synchronous
   * `Pa_WriteStream` when that cannot wait, i.e. nothing is queued before
   * it, the stream is open, and it holds at most `available` frames, a
   * `writeAvailable` the caller read in this same synchronous turn (the
   * device only frees more space meanwhile). Saves the second
   * `Pa_GetStreamWriteAvailable` and the promise chain of `write()`.
   *
   * @returns The underflow flag, or `null` when the write must go through
   *   `write()` instead.
   */
  tryWriteNow(data: ArrayBufferView, available: number): boolean | null {
    const h = this.#handle;
    if (h === null || this.#closing !== null || this.#busy > 0) return null;
    return this.#io.tryWriteNow(h, data, available);
  }

  /** @internal Reads `frames` interleaved frames into a new buffer. */
  protected readFrames(frames: number): Promise<ReadResult<Uint8Array>> {
    return this.#io.read(this.#h("read"), frames);
  }

  /** @internal The input direction's typed-array constructor. */
  protected inputCtor(): TypedCtor {
    return CTORS[this.#in!.dtype as DType];
  }
}
