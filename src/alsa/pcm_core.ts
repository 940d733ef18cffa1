/**
 * The state a `PCM` shares with its I/O and lifecycle code: the handle, its
 * realized configuration, the queue that orders write/read/drain, and the
 * count of helper-thread calls that hold the handle (it is freed only when
 * none does). Internal: not exported from the package.
 *
 * @module
 */

import { SND_PCM_STATE } from "../../ffi/alsa_constants.ts";
import { describeValue } from "../options.ts";
import { AlsaError, alsaLib, AlsaRangeError, checkAlsa } from "./errors.ts";
import { PCM_NONBLOCK, PCM_PLAYBACK } from "./constants.ts";
import { formatName } from "./pcm_args.ts";
import type { HwConfig } from "./pcm_hw.ts";

/** `-EPIPE`: an over- or underrun. */
export const EPIPE = 32;
/** `-EAGAIN`: nonblock mode, nothing can move. */
export const EAGAIN = 11;
/** `-ESTRPIPE`: suspended. */
export const ESTRPIPE = 86;

/** Closes the handle of a PCM dropped without close() (a safety net). */
export const pcmRegistry: FinalizationRegistry<Deno.PointerObject> =
  new FinalizationRegistry<Deno.PointerObject>((h) =>
    alsaLib().snd_pcm_close(h)
  );

/** The state of each open PCM object (the class and its base share it). */
export const cores: WeakMap<object, PcmCore> = new WeakMap();

/** The shared state of one PCM. */
export class PcmCore {
  /** The handle; `null` once freed (or being freed). */
  h: Deno.PointerObject | null;
  /** Set when close()/closeSync() began. */
  closing: Promise<void> | null = null;
  /** `PCM_PLAYBACK` or `PCM_CAPTURE`. */
  readonly type: number;
  /** `PCM_NORMAL`, `PCM_NONBLOCK` or `PCM_ASYNC`. */
  readonly mode: number;
  /** The PCM name opened. */
  readonly device: string;
  /** What ALSA realized. */
  cfg: HwConfig = {
    rate: 0,
    channels: 0,
    format: 0,
    periodsize: 0,
    periods: 0,
    frameBytes: 1,
  };
  /** The last queued write/read/drain job. */
  pending: Promise<unknown> = Promise.resolve();
  /** Queued or running write/read/drain jobs. */
  queued = 0;
  /** Bumped by drop(): a transfer in progress stops. */
  drops = 0;
  /** Helper-thread calls holding the handle right now. */
  inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  /** Over/underruns seen by reads and writes. */
  xruns = 0;
  /** Captured frames a capture drain() kept for the next reads. */
  residual: Uint8Array | null = null;

  /**
   * @param h The open handle.
   * @param type Direction.
   * @param mode Mode.
   * @param device Name.
   */
  constructor(
    h: Deno.PointerObject,
    type: number,
    mode: number,
    device: string,
  ) {
    this.h = h;
    this.type = type;
    this.mode = mode;
    this.device = device;
  }

  /** Frames in the device buffer (`periodsize * periods`). */
  get bufferFrames(): number {
    return this.cfg.periodsize * this.cfg.periods;
  }

  /**
   * Throws when a transfer, drain or wait is in progress (helper thread,
   * queued job, or writeAll()'s queue): calls that change the setup or
   * block must not run under them.
   */
  assertIdle(call: string, writeAllQueued: boolean): void {
    if (this.inFlight > 0 || this.queued > 0 || writeAllQueued) {
      throw new AlsaError(
        `${call}() cannot run while a write/read/drain/wait of this PCM is in progress; await it first`,
        { call },
      );
    }
  }

  /** The handle, or an AlsaError when close() has begun. */
  handle(call: string): Deno.PointerObject {
    if (this.h === null || this.closing !== null) {
      throw new AlsaError(
        `PCM is closed: ${call}() is not allowed after close()`,
        { call },
      );
    }
    return this.h;
  }

  /** Whether close() has begun. */
  get isClosed(): boolean {
    return this.h === null || this.closing !== null;
  }

  /** Throws when close() has begun (checked after an await). */
  stillOpen(call: string): Deno.PointerObject {
    if (this.h === null || this.closing !== null) {
      throw new AlsaError(`PCM closed during ${call}()`, { call });
    }
    return this.h;
  }

  /** Counts a helper-thread call that holds the handle until it returns. */
  async nb<T>(call: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await call;
    } finally {
      if (--this.inFlight === 0) {
        const w = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const f of w) f();
      }
    }
  }

  /** Resolves when no helper-thread call holds the handle. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  /** Runs `job` after the jobs queued before it (write/read/drain order). */
  queue<T>(job: () => Promise<T>): Promise<T> {
    this.queued++;
    const p = this.pending.then(job).finally(() => this.queued--);
    this.pending = p.catch(() => {});
    return p;
  }

  /**
   * Prepares a stream that drop()/drain() left set up, or an xrun left
   * stopped, as pyalsaaudio's read() and write() do before transferring.
   */
  ready(h: Deno.PointerObject): void {
    const s = alsaLib().snd_pcm_state(h);
    if (
      s === SND_PCM_STATE.SND_PCM_STATE_SETUP ||
      s === SND_PCM_STATE.SND_PCM_STATE_XRUN
    ) {
      checkAlsa(alsaLib().snd_pcm_prepare(h), "snd_pcm_prepare");
    }
  }

  /**
   * A blocking transfer on a paused PCM waits until it is resumed, which
   * nothing can do while the calling thread is blocked in it: refuse one
   * that would wait (fewer than `frames` can move now).
   */
  assertNoPausedWait(
    call: string,
    h: Deno.PointerObject,
    frames: number,
  ): void {
    if (this.mode === PCM_NONBLOCK) return;
    const a = alsaLib();
    if (a.snd_pcm_state(h) !== SND_PCM_STATE.SND_PCM_STATE_PAUSED) return;
    if (Number(a.snd_pcm_avail(h)) >= frames) return;
    throw new AlsaError(
      `${call}() on a paused PCM would wait for ever (nothing can resume it while this thread waits); call pause(false) first, or use the async form`,
      { call },
    );
  }

  /** Counts an xrun, prepares the stream again, returns `-EPIPE`. */
  xrun(code: number, h: Deno.PointerObject): number {
    this.xruns++;
    const a = alsaLib();
    if (code === -ESTRPIPE) a.snd_pcm_recover(h, code, 1);
    else a.snd_pcm_prepare(h);
    return -EPIPE;
  }

  /** A byte view of `data`, checked (whole frames unless told). */
  bytes(data: unknown, call: string, wholeFrames = true): Uint8Array {
    const buffer = data instanceof ArrayBuffer
      ? data
      : ArrayBuffer.isView(data)
      ? data.buffer
      : null;
    if (buffer !== null && (buffer as { detached?: boolean }).detached) {
      throw new TypeError(
        `${call}: ${
          describeValue(data)
        }: its buffer was transferred or detached; pass a live one`,
      );
    }
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
    if (!bytes) {
      throw new TypeError(
        `${call}: data must be bytes (a Uint8Array, another typed array or an ArrayBuffer), got ${
          describeValue(data)
        }`,
      );
    }
    const fb = this.cfg.frameBytes;
    if (wholeFrames && bytes.byteLength % fb !== 0) {
      // pyalsaaudio raises ALSAAudioError here
      throw new AlsaRangeError(
        `${call}: ${bytes.byteLength} bytes is not a whole number of frames of ${fb} bytes ` +
          `(${this.cfg.channels} channels of ${formatName(this.cfg.format)})`,
        { call },
      );
    }
    return bytes;
  }

  /** Throws an AlsaError when the PCM's direction is not `want`. */
  checkDir(want: number, call: string): void {
    if (this.type !== want) {
      const [is, isnt] = want === PCM_PLAYBACK
        ? ["playback", "capture"]
        : ["capture", "playback"];
      throw new AlsaError(
        `${call}() is for ${is} PCMs; this one is for ${isnt}`,
        { call },
      );
    }
  }

  /**
   * Copies frames a capture drain() kept into `dst` (whole frames, at most
   * what fits) and returns how many.
   */
  takeResidual(dst: Uint8Array): number {
    const r = this.residual;
    if (r === null) return 0;
    const fb = this.cfg.frameBytes;
    const n = Math.min(r.byteLength, Math.floor(dst.byteLength / fb) * fb);
    dst.set(r.subarray(0, n));
    this.residual = n < r.byteLength ? r.subarray(n) : null;
    return n / fb;
  }
}
