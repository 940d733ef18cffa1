/**
 * A PCM's transfers: what can move now goes with a synchronous call that
 * does not wait; when nothing can, one helper-thread `snd_pcm_writei` /
 * `snd_pcm_readi` waits inside ALSA (as `aplay`/`arecord` do), so the event
 * loop is never blocked and a long transfer costs one wake-up per slice.
 *
 * @module
 */

import { SND_PCM_STATE } from "../../ffi/alsa_constants.ts";
import { sleep } from "../realtime/endpoints.ts";
import { AlsaError, alsaLib, checkAlsa } from "./errors.ts";
import { PCM_NONBLOCK } from "./constants.ts";
import { EAGAIN, EPIPE, ESTRPIPE, type PcmCore } from "./pcm_core.ts";

const PREPARED = SND_PCM_STATE.SND_PCM_STATE_PREPARED;
const RUNNING = SND_PCM_STATE.SND_PCM_STATE_RUNNING;

/** Half a buffer shorter than this is too little to sleep on. */
const SLEEP_MARGIN_MS = 8;

/**
 * Moves `frames` frames between `bytes` and the device (`write()` /
 * `readFull()`). Ends early on drop(), on close (a write throws, a read
 * returns what it has), in nonblock mode when nothing can move, and on an
 * xrun (`-EPIPE` when nothing moved yet).
 *
 * @param c The PCM's state.
 * @param capture Read (`true`) or write.
 * @param h The handle.
 * @param bytes Whole frames.
 * @param frames How many.
 * @param slice Most frames per helper-thread call (bounds close()'s wait).
 * @param drops `c.drops` when the call was made: a drop() since cancels it.
 * @param signal Stops the transfer between helper-thread calls (throwing
 *   `signal.reason`) when it aborts.
 * @param nap A playback write of at most half a buffer may sleep until
 *   half of a full buffer is free instead of a helper-thread call.
 * @returns Frames moved, or `-EPIPE`.
 */
export async function move(
  c: PcmCore,
  capture: boolean,
  h: Deno.PointerObject,
  bytes: Uint8Array,
  frames: number,
  slice: number,
  drops: number,
  signal?: AbortSignal,
  nap = false,
): Promise<number> {
  const a = alsaLib();
  const fb = c.cfg.frameBytes;
  const call = capture ? "readFull" : "write";
  signal?.throwIfAborted(); // queued behind other calls: nothing moves
  let done = capture ? c.takeResidual(bytes) : 0;
  if (done < frames && drops === c.drops && c.h !== null) c.ready(h);
  while (done < frames && drops === c.drops) {
    signal?.throwIfAborted();
    if (capture ? c.isClosed : c.h === null) {
      if (capture) break;
      throw new AlsaError(`PCM closed during ${call}()`, { call });
    }
    const avail = Number(a.snd_pcm_avail(h));
    if (avail === -EPIPE || avail === -ESTRPIPE) {
      return done > 0 ? done : c.xrun(avail, h);
    }
    checkAlsa(avail, "snd_pcm_avail");
    const left = frames - done;
    const half = c.bufferFrames >> 1;
    if (
      nap && !capture && avail < left && frames <= half &&
      c.mode !== PCM_NONBLOCK &&
      half * 1000 >= SLEEP_MARGIN_MS * c.cfg.rate &&
      a.snd_pcm_state(h) === RUNNING
    ) {
      // A short write (a period, as pyalsaaudio programs write; not the
      // large slices of writeAll's queue, which a helper thread tops up
      // continuously) to a running PCM without room: sleep until half of the
      // buffer is free, then write
      // at once, so that the next write finds room too: one event-loop
      // wake-up per half buffer instead of one helper-thread call per period
      // (pulse, 48 kHz, 256-frame periods: 1.5x aplay's CPU instead of 2.3-
      // 2.7x). The half left must outlast a late timer, so small buffers
      // keep the helper-thread call (64-frame periods: 14 underruns in 5 s
      // with the sleep, none without).
      await sleep(
        Math.max(1, Math.floor(((half - avail) * 1000) / c.cfg.rate)),
      );
      continue;
    }
    let n: number;
    if (avail > 0) {
      // what can move now: a synchronous call that does not wait
      const view = bytes.subarray(done * fb);
      const count = BigInt(Math.min(avail, frames - done));
      n = Number(
        capture
          ? a.snd_pcm_readi(h, view, count)
          : a.snd_pcm_writei(h, view, count),
      );
    } else {
      // A prepared PCM is started: a capture delivers nothing before, a
      // full playback buffer below its start threshold would wait for ever.
      if (
        (capture || c.mode !== PCM_NONBLOCK) &&
        a.snd_pcm_state(h) === PREPARED
      ) {
        checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
      }
      if (c.mode === PCM_NONBLOCK) return done;
      const count = Math.min(slice, frames - done);
      const view = bytes.subarray(done * fb, (done + count) * fb);
      n = Number(
        await c.nb(
          capture
            ? a.snd_pcm_readi_nb(h, view, BigInt(count))
            : a.snd_pcm_writei_nb(h, view, BigInt(count)),
        ),
      );
      if (c.h === null) {
        if (capture) return done + Math.max(0, n);
        throw new AlsaError(`PCM closed during ${call}()`, { call });
      }
      // drop() during the call ended it (ALSA may say EBADFD)
      if (drops !== c.drops) return done + Math.max(0, n);
    }
    if (n === -EAGAIN) {
      if (c.mode === PCM_NONBLOCK) return done;
      continue;
    }
    if (n === -EPIPE || n === -ESTRPIPE) {
      return done > 0 ? done : c.xrun(n, h);
    }
    checkAlsa(n, capture ? "snd_pcm_readi" : "snd_pcm_writei");
    done += n;
  }
  return done;
}

/**
 * Reads up to `want` frames with one synchronous `snd_pcm_readi` (it waits
 * in normal mode), frames a capture drain() kept first.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @param want Frames (one period).
 * @returns `[frames, data]`, `[0, empty]` when nonblock and none is ready,
 *   `[-EPIPE, empty]` after an overrun.
 */
export function readNow(
  c: PcmCore,
  h: Deno.PointerObject,
  want: number,
): [number, Uint8Array] {
  const buf = new Uint8Array(want * c.cfg.frameBytes);
  if (c.residual !== null) {
    const got = c.takeResidual(buf);
    return [got, buf.subarray(0, got * c.cfg.frameBytes)];
  }
  c.ready(h);
  const n = Number(alsaLib().snd_pcm_readi(h, buf, BigInt(want)));
  if (n === -EAGAIN) return [0, new Uint8Array(0)];
  if (n === -EPIPE || n === -ESTRPIPE) {
    return [c.xrun(n, h), new Uint8Array(0)];
  }
  checkAlsa(n, "snd_pcm_readi");
  return [n, buf.subarray(0, n * c.cfg.frameBytes)];
}

/**
 * Reads the whole frames that are ready now into `bytes`, without waiting
 * (frames a capture drain() kept first); starts a prepared capture.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @param bytes The destination (at least one frame).
 * @returns Frames read, or `-EPIPE` after an overrun.
 */
export function readReady(
  c: PcmCore,
  h: Deno.PointerObject,
  bytes: Uint8Array,
): number {
  const kept = c.takeResidual(bytes);
  if (kept > 0) return kept;
  const a = alsaLib();
  c.ready(h);
  if (a.snd_pcm_state(h) === PREPARED) {
    checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
  }
  const avail = Number(a.snd_pcm_avail(h));
  if (avail === -EPIPE || avail === -ESTRPIPE) return c.xrun(avail, h);
  checkAlsa(avail, "snd_pcm_avail");
  const n = Math.min(avail, Math.floor(bytes.byteLength / c.cfg.frameBytes));
  if (n === 0) return 0;
  const got = Number(a.snd_pcm_readi(h, bytes, BigInt(n)));
  if (got === -EAGAIN) return 0;
  if (got === -EPIPE || got === -ESTRPIPE) return c.xrun(got, h);
  return checkAlsa(got, "snd_pcm_readi");
}

/**
 * `read()`: waits off the event loop (100 ms `snd_pcm_wait` slices on a
 * helper thread) until a period is ready, then reads it.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @param signal Ends the wait (throwing `signal.reason`) when it aborts.
 * @returns As {@linkcode readNow}.
 */
export async function readPeriod(
  c: PcmCore,
  h: Deno.PointerObject,
  signal?: AbortSignal,
): Promise<[number, Uint8Array]> {
  const a = alsaLib();
  const want = c.cfg.periodsize;
  signal?.throwIfAborted(); // queued behind other calls: nothing is read
  if (c.residual !== null) return readNow(c, h, want);
  for (;;) {
    signal?.throwIfAborted();
    // A capture that delivers nothing must not keep close() waiting.
    c.stillOpen("read");
    c.ready(h);
    if (a.snd_pcm_state(h) === PREPARED) {
      checkAlsa(a.snd_pcm_start(h), "snd_pcm_start");
    }
    const avail = Number(a.snd_pcm_avail(h));
    if (avail === -EPIPE || avail === -ESTRPIPE) {
      return [c.xrun(avail, h), new Uint8Array(0)];
    }
    checkAlsa(avail, "snd_pcm_avail");
    if (avail >= want || c.mode === PCM_NONBLOCK) break;
    await c.nb(a.snd_pcm_wait_nb(h, 100));
    c.stillOpen("read");
  }
  return readNow(c, h, want);
}
