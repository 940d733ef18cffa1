/**
 * `PCM`: direct ALSA playback and capture, at pyalsaaudio 0.11 parity.
 *
 * Calls that can wait have an async form that never freezes the event loop
 * (what fits in the device buffer moves synchronously; only a full/empty
 * buffer is awaited, on a helper thread) and a `...Sync` form that blocks
 * like pyalsaaudio. The pieces: opening and parameters (`pcm_base.ts`,
 * with `pcm_args.ts`, `pcm_hw.ts`, `pcm_sw.ts`), transfers (`pcm_io.ts`),
 * drain and close (`pcm_lifecycle.ts`), shared state (`pcm_core.ts`).
 *
 * @module
 */

import { pollfd } from "../../ffi/alsa.ts";
import { SND_PCM_STATE } from "../../ffi/alsa_constants.ts";
import { describeValue } from "../options.ts";
import { discardQueued, flushQueued, hasQueued } from "../realtime/queued.ts";
import { AlsaError, alsaLib, checkAlsa } from "./errors.ts";
import { PCM_CAPTURE, PCM_PLAYBACK } from "./constants.ts";
import { formatValue, type PCMOptions } from "./pcm_args.ts";
import { PCMBase } from "./pcm_base.ts";
import {
  cores,
  EAGAIN,
  EPIPE,
  ESTRPIPE,
  type PcmCore,
  pcmRegistry,
} from "./pcm_core.ts";
import type { PCMInfo } from "./pcm_hw.ts";
import { move, readNow, readPeriod, readReady } from "./pcm_io.ts";
import {
  closeAsync,
  closeNow,
  drainPlayback,
  drainPlaybackSync,
  stopCapture,
  unpause,
} from "./pcm_lifecycle.ts";
import { checkPollPairs, toPollfds } from "./poll.ts";
import { abortable, signalOption } from "../abort.ts";

export { formatValue, PCMBase, type PCMInfo, type PCMOptions };

/**
 * An ALSA PCM device, for playback or capture (pyalsaaudio's `alsaaudio.PCM`).
 *
 * @example Play a second of a tone (CD quality)
 * ```ts ignore
 * import { PCM } from "@audiodev/audiodev/alsa";
 * const pcm = new PCM({ rate: 44100, channels: 1, format: "S16_LE", periodsize: 1024 });
 * const tone = Int16Array.from({ length: 44100 }, (_, i) => 8000 * Math.sin(2 * Math.PI * 440 * i / 44100));
 * await pcm.write(new Uint8Array(tone.buffer));
 * await pcm.close(); // plays out what was written first
 * ```
 */
export class PCM extends PCMBase {
  /** close() waiting for writeAll()'s queue before it begins. */
  #flushing: Promise<void> | null = null;

  get #c(): PcmCore {
    return cores.get(this)!;
  }

  /**
   * Writes frames and waits, off the event loop, until they are buffered.
   * What fits moves at once with a synchronous call; the rest goes to one
   * helper-thread `snd_pcm_writei` per 250 ms of audio that waits inside
   * ALSA, as `aplay` does. Nonblock mode writes what fits and returns at
   * once. On a paused PCM the write waits until it is resumed (or closed).
   *
   * With `options.signal`, the data is copied first (the caller's array is
   * free as soon as the promise settles), and an abort rejects the promise
   * with `signal.reason` within a few milliseconds: the frames written
   * before stay in the device buffer (`drop()` discards them), the
   * helper-thread call in flight (at most 250 ms of audio) ends on its own,
   * and no further frames are written.
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @param options `signal`: aborts the write.
   * @returns Frames written (fewer than given only when an underrun ended
   *   the write part-way); 0 in nonblock mode when the buffer is full;
   *   `-EPIPE` (-32) after an underrun when nothing was written: the stream
   *   is prepared again, write the same data again.
   * @throws {TypeError} When `data` is not bytes.
   * @throws {AlsaRangeError} When it is not whole frames (also an AlsaError,
   *   as pyalsaaudio's ALSAAudioError).
   * @throws {AlsaError} When closed, a capture PCM, or on other ALSA errors.
   * @throws {unknown} `signal.reason` (rejection) when the signal aborts, at
   *   once when it already has (nothing is written then).
   *
   * @example Play half a second of silence without blocking the event loop
   * ```ts ignore
   * import { PCM } from "@audiodev/audiodev/alsa";
   * const pcm = new PCM({ rate: 48000, channels: 2, format: "S16_LE" });
   * await pcm.write(new Int16Array(48000)); // 24000 frames
   * await pcm.close();
   * ```
   */
  write(
    data: ArrayBufferView | ArrayBuffer,
    options?: { signal?: AbortSignal },
  ): Promise<number> {
    const c = this.#c;
    const signal = signalOption("write", options);
    const h = c.handle("write");
    c.checkDir(PCM_PLAYBACK, "write");
    let bytes = c.bytes(data, "write");
    const frames = bytes.byteLength / c.cfg.frameBytes;
    // frames per helper-thread call: bounds how long close() waits for it
    const slice = Math.max(c.cfg.periodsize, Math.ceil(c.cfg.rate / 4));
    const drops = c.drops; // a drop() before the job runs cancels it
    // a short write may sleep to half a buffer when the device is full; the
    // slices of writeAll()'s queue are topped up by the helper thread
    const nap = !hasQueued(this);
    if (signal === undefined) {
      return c.queue(() =>
        move(c, false, h, bytes, frames, slice, drops, undefined, nap)
      );
    }
    return abortable(signal, () => {
      bytes = bytes.slice(); // the call may outlive the abort
      return c.queue(() =>
        move(c, false, h, bytes, frames, slice, drops, signal, nap)
      );
    });
  }

  /**
   * Writes frames, blocking the calling thread (pyalsaaudio's `write`).
   *
   * @param data Whole frames, interleaved, in the PCM's format.
   * @returns Frames written; 0 in nonblock mode when full; `-EPIPE` after an underrun.
   * @throws {TypeError} When `data` is not bytes.
   * @throws {AlsaRangeError} When it is not whole frames.
   * @throws {AlsaError} When closed, a capture PCM, paused with no room (it
   *   would wait for ever), or on other ALSA errors.
   */
  writeSync(data: ArrayBufferView | ArrayBuffer): number {
    const c = this.#c;
    const h = c.handle("writeSync");
    c.checkDir(PCM_PLAYBACK, "writeSync");
    const bytes = c.bytes(data, "writeSync");
    c.ready(h);
    const frames = bytes.byteLength / c.cfg.frameBytes;
    c.assertNoPausedWait("writeSync", h, frames);
    const n = Number(
      alsaLib().snd_pcm_writei(
        h,
        bytes,
        BigInt(bytes.byteLength / c.cfg.frameBytes),
      ),
    );
    if (n === -EAGAIN) return 0;
    if (n === -EPIPE || n === -ESTRPIPE) return c.xrun(n, h);
    return checkAlsa(n, "snd_pcm_writei");
  }

  /**
   * Reads one period. Normal mode waits (off the event loop) for a full
   * period; nonblock mode returns `[0, empty]` when none is ready.
   *
   * @param options `signal`: when it aborts, the promise rejects with
   *   `signal.reason` within a few milliseconds and nothing is read.
   * @returns `[frames, data]`; `[-EPIPE, empty]` after an overrun (the
   *   stream is prepared again: just read again).
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   * @throws {TypeError} When an option is unknown or `signal` is not an
   *   `AbortSignal`.
   * @throws {unknown} `signal.reason` (rejection) when the signal aborts, at
   *   once when it already has.
   */
  read(options?: { signal?: AbortSignal }): Promise<[number, Uint8Array]> {
    const c = this.#c;
    const signal = signalOption("read", options);
    const h = c.handle("read");
    c.checkDir(PCM_CAPTURE, "read");
    return abortable(signal, () => c.queue(() => readPeriod(c, h, signal)));
  }

  /**
   * Reads one period, blocking the calling thread (pyalsaaudio's `read`).
   *
   * @returns `[frames, data]`, `[0, empty]` in nonblock mode when nothing is
   *   ready, `[-EPIPE, empty]` after an overrun.
   * @throws {AlsaError} When closed, a playback PCM, paused with less than a
   *   period ready (it would wait for ever), or on other ALSA errors.
   */
  readSync(): [number, Uint8Array] {
    const c = this.#c;
    const h = c.handle("readSync");
    c.checkDir(PCM_CAPTURE, "readSync");
    if (c.residual === null) {
      c.assertNoPausedWait("readSync", h, c.cfg.periodsize);
    }
    return readNow(c, h, c.cfg.periodsize);
  }

  /**
   * Reads the whole frames that are ready now, up to what fits in `dst`,
   * without waiting (also in normal mode), into the caller's buffer: no
   * allocation. Starts a capture stream that is only prepared. What
   * `readFull`/`inputBlocks` use; pair it with {@linkcode PCM.wait}.
   *
   * @param dst Where the interleaved frames go (any typed array or bytes).
   * @returns Frames read (0 when none is ready), or `-EPIPE` (-32) after an
   *   overrun (the stream is prepared again: read again).
   * @throws {TypeError} When `dst` is not bytes.
   * @throws {RangeError} When `dst` holds less than one frame's bytes.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   *
   * @example Read what the device has captured so far
   * ```ts ignore
   * import { PCM, PCM_CAPTURE } from "@audiodev/audiodev/alsa";
   * const pcm = new PCM({ type: PCM_CAPTURE, channels: 1, rate: 16000 });
   * const buf = new Int16Array(1600);
   * await pcm.wait(200);
   * const frames = pcm.readInto(buf); // at most 1600
   * ```
   */
  readInto(dst: ArrayBufferView): number {
    const c = this.#c;
    const h = c.handle("readInto");
    c.checkDir(PCM_CAPTURE, "readInto");
    return readReady(c, h, this.#room(dst, "readInto"));
  }

  #room(dst: unknown, call: string): Uint8Array {
    const bytes = this.#c.bytes(dst, call, false);
    if (bytes.byteLength < this.#c.cfg.frameBytes) {
      throw new RangeError(
        `${call}: dst has ${bytes.byteLength} bytes, less than one frame of ${this.#c.cfg.frameBytes}`,
      );
    }
    return bytes;
  }

  /**
   * Fills `dst` with captured frames, waiting off the event loop: what is
   * ready moves at once with a synchronous call; the rest comes from one
   * helper-thread `snd_pcm_readi` per device buffer (at most 250 ms) that
   * waits inside ALSA as `arecord` does. Starts a capture stream that is
   * only prepared. Nonblock mode reads what is ready and returns.
   *
   * With `options.signal`, the frames are read into memory of the call's
   * own and copied to `dst` at the end; an abort rejects the promise with
   * `signal.reason` within a few milliseconds and leaves `dst` untouched
   * (the frames captured by then are dropped; the helper-thread call in
   * flight, at most 250 ms, ends on its own).
   *
   * @param dst Where the interleaved frames go (any typed array or bytes;
   *   its whole frames are filled).
   * @param options `signal`: aborts the read.
   * @returns Frames read: all that fit, fewer when the PCM was closed or
   *   dropped, or an overrun ended the read part-way (then the next call
   *   reports it); `-EPIPE` (-32) after an overrun when nothing was read
   *   (the stream is prepared again: read again).
   * @throws {TypeError} When `dst` is not bytes.
   * @throws {RangeError} When `dst` holds less than one frame's bytes.
   * @throws {AlsaError} When closed, a playback PCM, or on other ALSA errors.
   * @throws {unknown} `signal.reason` (rejection) when the signal aborts, at
   *   once when it already has (nothing is read then).
   *
   * @example Record one second in one call
   * ```ts ignore
   * import { PCM } from "@audiodev/audiodev/alsa";
   * const mic = new PCM({ type: "capture", rate: 16000, channels: 1 });
   * const buf = new Int16Array(16000);
   * const frames = await mic.readFull(buf); // 16000
   * await mic.close();
   * ```
   */
  readFull(
    dst: ArrayBufferView,
    options?: { signal?: AbortSignal },
  ): Promise<number> {
    const c = this.#c;
    const signal = signalOption("readFull", options);
    const h = c.handle("readFull");
    c.checkDir(PCM_CAPTURE, "readFull");
    const bytes = this.#room(dst, "readFull");
    const frames = Math.floor(bytes.byteLength / c.cfg.frameBytes);
    // Frames per helper-thread call: at most one device buffer (ALSA's file
    // plugin skipped its input file for larger reads: zeros came back) and at
    // most 250 ms (bounds how long close() waits for it).
    const slice = Math.max(
      c.cfg.periodsize,
      Math.min(this.#c.bufferFrames, Math.ceil(c.cfg.rate / 4)),
    );
    const drops = c.drops;
    if (signal === undefined) {
      return c.queue(() => move(c, true, h, bytes, frames, slice, drops));
    }
    return abortable(signal, () => {
      const own = new Uint8Array(bytes.byteLength); // may outlive the abort
      return c.queue(async () => {
        const n = await move(c, true, h, own, frames, slice, drops, signal);
        signal.throwIfAborted(); // rejected already: dst stays untouched
        if (n > 0) bytes.set(own.subarray(0, n * c.cfg.frameBytes));
        return n;
      });
    });
  }

  /**
   * Captured periods as an async iterator; ends when the PCM is closed.
   * Overruns are counted in {@linkcode PCM.xruns} and skipped.
   *
   * @returns An async iterator of period buffers.
   * @throws {AlsaError} When this is not a capture PCM.
   */
  async *periodsIterator(): AsyncGenerator<Uint8Array, void, unknown> {
    this.#c.checkDir(PCM_CAPTURE, "periodsIterator");
    while (!this.#c.isClosed) {
      let r: [number, Uint8Array];
      try {
        r = await this.read();
      } catch (e) {
        if (this.#c.isClosed) return;
        throw e;
      }
      if (r[0] > 0) yield r[1];
    }
  }

  /** `for await (const period of pcm)`: see {@linkcode PCM.periodsIterator}. */
  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, unknown> {
    return this.periodsIterator();
  }

  /**
   * Pauses (`true`, default) or resumes (`false`) the stream. A write that
   * waits for room on a paused PCM goes on when it is resumed; close()
   * and drain() resume it first (as the kernel's drain does).
   *
   * @param enable Pause or resume (a boolean, or 1/0 as in pyalsaaudio).
   * @returns 0.
   * @throws {TypeError} When `enable` is not a boolean or an integer.
   * @throws {AlsaError} When the device cannot pause, or is closed.
   */
  pause(enable: boolean | number = true): number {
    if (
      typeof enable !== "boolean" &&
      (typeof enable !== "number" || !Number.isInteger(enable))
    ) {
      throw new TypeError(
        `pause(enable) must be true/false or 1/0, got ${describeValue(enable)}`,
      );
    }
    return checkAlsa(
      alsaLib().snd_pcm_pause(this.#c.handle("pause"), enable ? 1 : 0),
      "snd_pcm_pause",
      enable ? "Cannot pause" : "Cannot resume",
    );
  }

  /**
   * Stops the stream and drops pending frames (also what `writeAll()`
   * queued). The stream is then set up (`PCM_STATE_SETUP`, as in
   * pyalsaaudio); the next read or write prepares it again.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drop(): number {
    const c = this.#c;
    const h = c.handle("drop");
    c.drops++;
    c.residual = null;
    discardQueued(this);
    return checkAlsa(alsaLib().snd_pcm_drop(h), "snd_pcm_drop");
  }

  /**
   * Playback: plays out what was written (waiting off the event loop, in
   * every mode; a paused PCM is resumed), then stops. Capture: stops and
   * keeps what was captured for the next reads (ALSA's drain for capture).
   * The stream is then set up (`PCM_STATE_SETUP`, as in pyalsaaudio); the
   * next read or write prepares it again.
   *
   * @returns 0.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  drain(): Promise<number> {
    const c = this.#c;
    const h = c.handle("drain");
    // A paused PCM is resumed now, not when the drain's turn comes: a write
    // queued before it may be waiting for room on the paused stream.
    unpause(h);
    if (hasQueued(this)) {
      // frames writeAll() accepted go to the device first, then the drain
      return flushQueued(this).then(() => this.drain());
    }
    return c.queue(() => {
      if (c.h === null) {
        throw new AlsaError("PCM closed during drain()", { call: "drain" });
      }
      if (c.type === PCM_CAPTURE) return Promise.resolve(stopCapture(c, h));
      return drainPlayback(c, h).then((code) => {
        if (c.h === null) {
          throw new AlsaError("PCM closed during drain()", { call: "drain" });
        }
        return code;
      });
    });
  }

  /**
   * Drains, blocking the calling thread (pyalsaaudio's `drain`); see
   * {@linkcode PCM.drain}.
   *
   * @returns 0.
   * @throws {AlsaError} When closed, busy with a queued call, or ALSA fails.
   */
  drainSync(): number {
    const c = this.#c;
    const h = c.handle("drainSync");
    this.#c.assertIdle("drainSync", hasQueued(this));
    if (c.type === PCM_CAPTURE) return stopCapture(c, h);
    return drainPlaybackSync(c, h);
  }

  /**
   * `(fd, events)` pairs to wait on with `poll` (pyalsaaudio's `polldescriptors`).
   *
   * @returns The descriptors.
   * @throws {AlsaError} When closed.
   */
  polldescriptors(): [number, number][] {
    const h = this.#c.handle("polldescriptors");
    const a = alsaLib();
    const n = checkAlsa(
      a.snd_pcm_poll_descriptors_count(h),
      "snd_pcm_poll_descriptors_count",
    );
    const buf = new Uint8Array(Math.max(1, n) * pollfd.size);
    const got = checkAlsa(
      a.snd_pcm_poll_descriptors(h, buf, n),
      "snd_pcm_poll_descriptors",
    );
    const dv = new DataView(buf.buffer);
    return Array.from({ length: got }, (_, i) => [
      dv.getInt32(i * pollfd.size + pollfd.offsets.fd, true),
      dv.getInt16(i * pollfd.size + pollfd.offsets.events, true),
    ]);
  }

  /**
   * Turns `(fd, revents)` pairs returned by `poll` into one event mask
   * (`POLLIN`/`POLLOUT`/...) telling whether to read or write now
   * (pyalsaaudio's `polldescriptors_revents`).
   *
   * @param descriptors The pairs, with the `revents` poll reported.
   * @returns The demangled event mask.
   * @throws {TypeError} When `descriptors` is not a list of `[fd, revents]`
   *   pairs of integers (as pyalsaaudio's own tests require).
   * @throws {RangeError} When a number does not fit a `struct pollfd`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  polldescriptorsRevents(
    descriptors: readonly (readonly [number, number])[],
  ): number {
    checkPollPairs(
      "polldescriptorsRevents(descriptors)",
      descriptors,
      "revents",
    );
    const h = this.#c.handle("polldescriptorsRevents");
    const buf = toPollfds(descriptors, "revents");
    const out = new Uint16Array(1);
    checkAlsa(
      alsaLib().snd_pcm_poll_descriptors_revents(
        h,
        buf,
        descriptors.length,
        out,
      ),
      "snd_pcm_poll_descriptors_revents",
    );
    return out[0];
  }

  /**
   * Waits, off the event loop, until the PCM is ready for I/O (its poll
   * descriptors, through `snd_pcm_wait` on a helper thread, in slices of at
   * most 100 ms so that close() never waits long for it). Starts a capture
   * stream that is only prepared.
   *
   * @param timeoutMs Milliseconds (negative: forever).
   * @returns `true` when ready, `false` on timeout.
   * @throws {TypeError} When `timeoutMs` is not a number.
   * @throws {AlsaError} When closed (also while waiting) or on an xrun
   *   (`-EPIPE`).
   */
  async wait(timeoutMs: number = -1): Promise<boolean> {
    if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs)) {
      throw new TypeError(
        `wait(timeoutMs) must be a number of milliseconds (negative: forever), got ${
          describeValue(timeoutMs)
        }`,
      );
    }
    const c = this.#c;
    const h = c.handle("wait");
    const a = alsaLib();
    c.ready(h);
    if (c.type === PCM_CAPTURE && c.residual !== null) return true;
    if (
      c.type === PCM_CAPTURE &&
      a.snd_pcm_state(h) === SND_PCM_STATE.SND_PCM_STATE_PREPARED
    ) {
      // a prepared capture stream never becomes ready by itself
      checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
    }
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      const slice = Math.max(
        0,
        Math.ceil(Math.min(100, deadline - performance.now())),
      );
      const r = await c.nb(a.snd_pcm_wait_nb(h, slice));
      c.stillOpen("wait");
      if (checkAlsa(r, "snd_pcm_wait") === 1) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  /**
   * Closes the PCM. A playback PCM plays out what was written first, in
   * every mode (as pyalsaaudio does), off the event loop; a paused one is
   * resumed for it. Use {@linkcode PCM.drop} first to discard instead.
   * Idempotent; other methods throw afterwards.
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  close(): Promise<void> {
    const c = this.#c;
    if (c.closing) return c.closing;
    const h = c.h;
    if (h === null) return Promise.resolve();
    if (this.#flushing) return this.#flushing;
    if (c.type === PCM_PLAYBACK && hasQueued(this)) {
      // Frames writeAll() accepted are played first (close drains, as in
      // pyalsaaudio); the PCM stays usable until they are handed over.
      unpause(h);
      this.#flushing = flushQueued(this).catch(() => {}).then(() => {
        this.#flushing = null;
        return this.close();
      });
      return this.#flushing;
    }
    c.closing = closeAsync(c, h, () => pcmRegistry.unregister(this));
    return c.closing;
  }

  /**
   * Closes synchronously: a playback PCM plays out what was written first,
   * blocking, in every mode. What `writeAll()` queued is discarded; while a
   * helper-thread call is in progress (a write, read, drain or wait) use is
   * refused at once, a paused PCM is resumed so that the call returns, and
   * the handle is freed when it has returned.
   *
   * @throws {AlsaError} When ALSA reports an error while closing.
   */
  closeSync(): void {
    const c = this.#c;
    const h = c.h;
    if (h === null || c.closing !== null) return; // close() owns it
    discardQueued(this); // cannot wait for writeAll()'s queue
    pcmRegistry.unregister(this);
    closeNow(c, h);
  }

  /** `await using pcm = new PCM(...)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** `using pcm = new PCM(...)` (closes synchronously). */
  [Symbol.dispose](): void {
    this.closeSync();
  }
}
