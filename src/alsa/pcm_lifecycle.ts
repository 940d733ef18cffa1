/**
 * How a PCM stops: drain (playback plays out what was written; capture
 * stops and keeps what was captured for the next reads, as ALSA's
 * `snd_pcm_drain` documents), resuming a paused PCM first (as the kernel's
 * drain does), and closing without freeing the handle under a helper thread.
 *
 * @module
 */

import { SND_PCM_STATE } from "../../ffi/alsa_constants.ts";
import { alsaLib, checkAlsa } from "./errors.ts";
import { PCM_NONBLOCK, PCM_PLAYBACK } from "./constants.ts";
import { EAGAIN, EPIPE, type PcmCore } from "./pcm_core.ts";

const S = SND_PCM_STATE;

/**
 * Resumes a paused PCM, so that writes waiting for room and a drain go on.
 *
 * @param h The handle.
 */
export function unpause(h: Deno.PointerObject): void {
  const a = alsaLib();
  if (a.snd_pcm_state(h) === S.SND_PCM_STATE_PAUSED) a.snd_pcm_pause(h, 0);
}

/**
 * Stops a capture PCM and keeps the frames it had captured for the next
 * reads (`snd_pcm_drain` for capture). ALSA's pulse plugin never returns
 * from a capture drain, so the frames are read here and the stream dropped:
 * it is then set up (`PCM_STATE_SETUP`), and the next read starts it again.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @returns 0.
 */
export function stopCapture(c: PcmCore, h: Deno.PointerObject): number {
  const a = alsaLib();
  const s = a.snd_pcm_state(h);
  if (s === S.SND_PCM_STATE_RUNNING || s === S.SND_PCM_STATE_PAUSED) {
    const avail = Number(a.snd_pcm_avail(h));
    if (avail > 0) {
      const buf = new Uint8Array(avail * c.cfg.frameBytes);
      const n = Number(a.snd_pcm_readi(h, buf, BigInt(avail)));
      if (n > 0) {
        const kept = buf.subarray(0, n * c.cfg.frameBytes);
        const old = c.residual;
        if (old === null) c.residual = kept;
        else {
          const both = new Uint8Array(old.byteLength + kept.byteLength);
          both.set(old);
          both.set(kept, old.byteLength);
          c.residual = both;
        }
      }
    }
  }
  return checkAlsa(a.snd_pcm_drop(h), "snd_pcm_drop");
}

/** Whether a playback drain has anything to wait for. */
function drainable(h: Deno.PointerObject): boolean {
  const s = alsaLib().snd_pcm_state(h);
  return s === S.SND_PCM_STATE_PREPARED || s === S.SND_PCM_STATE_RUNNING ||
    s === S.SND_PCM_STATE_DRAINING;
}

function drainResult(h: Deno.PointerObject, code: number): number {
  if (code === -EPIPE || code === -EAGAIN) {
    // an underrun ended it; leave the stream set up, as a drain does
    alsaLib().snd_pcm_drop(h);
    return 0;
  }
  return checkAlsa(code, "snd_pcm_drain");
}

/**
 * Plays out what a playback PCM holds, on a helper thread, in every mode
 * (a nonblock PCM is switched to blocking for it); the stream is then set
 * up (`PCM_STATE_SETUP`), as after pyalsaaudio's drain().
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @returns 0.
 * @throws {AlsaError} When ALSA fails.
 */
export async function drainPlayback(
  c: PcmCore,
  h: Deno.PointerObject,
): Promise<number> {
  const a = alsaLib();
  unpause(h);
  if (!drainable(h)) {
    a.snd_pcm_drop(h); // an xrun: stop it, as snd_pcm_drain would
    return 0;
  }
  const nonblock = c.mode === PCM_NONBLOCK;
  if (nonblock) a.snd_pcm_nonblock(h, 0);
  let code: number;
  try {
    code = await c.nb(a.snd_pcm_drain_nb(h));
  } finally {
    // closeSync() during the drain frees the handle once it returned
    if (nonblock && c.h !== null) a.snd_pcm_nonblock(h, 1);
  }
  if (c.h === null) return 0;
  return drainResult(h, code);
}

/**
 * {@linkcode drainPlayback} blocking the calling thread.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @returns 0.
 * @throws {AlsaError} When ALSA fails.
 */
export function drainPlaybackSync(c: PcmCore, h: Deno.PointerObject): number {
  const a = alsaLib();
  unpause(h);
  if (!drainable(h)) {
    a.snd_pcm_drop(h);
    return 0;
  }
  const nonblock = c.mode === PCM_NONBLOCK;
  if (nonblock) a.snd_pcm_nonblock(h, 0);
  try {
    return drainResult(h, a.snd_pcm_drain(h));
  } finally {
    if (nonblock) a.snd_pcm_nonblock(h, 1);
  }
}

/**
 * close(): resumes a paused PCM, lets queued writes finish, plays out a
 * playback PCM in every mode (off the event loop), then closes.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @param freed Called when the handle is gone (unregisters the finalizer).
 * @throws {AlsaError} When ALSA reports an error while closing.
 */
export async function closeAsync(
  c: PcmCore,
  h: Deno.PointerObject,
  freed: () => void,
): Promise<void> {
  unpause(h); // a write waiting for room on a paused PCM would never end
  try {
    await c.pending; // writes finish (their frames get played)
  } catch {
    // a failed read/write does not prevent closing
  }
  await c.whenIdle(); // a wait()/read() returns within 100 ms
  const a = alsaLib();
  if (c.h !== null && c.type === PCM_PLAYBACK) {
    try {
      await drainPlayback(c, h);
    } catch {
      // closing goes on: the handle must not leak
    }
  }
  c.h = null;
  freed();
  checkAlsa(a.snd_pcm_close(h), "snd_pcm_close");
}

/**
 * closeSync(): plays out a playback PCM blocking (every mode) and closes;
 * when a helper thread holds the handle (a write/read/drain/wait in
 * progress) use is refused at once, a paused PCM is resumed so that the
 * call returns, and the handle is freed when it has returned.
 *
 * @param c The PCM's state.
 * @param h The handle.
 * @throws {AlsaError} When ALSA reports an error while closing.
 */
export function closeNow(c: PcmCore, h: Deno.PointerObject): void {
  const a = alsaLib();
  c.h = null;
  if (c.inFlight > 0) {
    // Those calls end with "PCM closed during ...()" when they return
    // (a write within its slice, a wait within 100 ms, a drain when played
    // out); a write waiting on a paused PCM would wait for ever, so a paused
    // PCM is resumed. (Dropping the stream instead made the pulse plugin's
    // drain in progress return only after 30 s.)
    unpause(h);
    c.closing = c.whenIdle().then(() => {
      a.snd_pcm_close(h);
    });
    return;
  }
  c.closing = Promise.resolve();
  if (c.type === PCM_PLAYBACK) {
    try {
      drainPlaybackSync(c, h);
    } catch {
      // closing goes on
    }
  }
  checkAlsa(a.snd_pcm_close(h), "snd_pcm_close");
}
