/**
 * Frame I/O on libsndfile's helper threads: a large read or write is cut
 * into slices of about 10 ms of work each (the slice size adapts to the
 * measured speed of the format), each one a `nonblocking` FFI call, so that
 * a close or an abort takes effect between slices and the event loop stays
 * free.
 *
 * @module
 */

import { sndfile } from "../../ffi/sndfile.ts";
import { isDetached, type SoundFileSamples } from "./samples.ts";

/** Target duration of one helper-thread call, in milliseconds. */
const SLICE_MS = 10;
/** Frames of the first slice (the speed is not known yet). */
const FIRST_SLICE = 4096;
/** Largest slice, in bytes of samples. */
const MAX_SLICE_BYTES = 4 << 20;
/**
 * Most frames handed to libsndfile in one call, sync or async. libvorbis
 * puts a scratch buffer of 4 bytes per frame of the first large write on
 * the stack (`_preextrapolate_helper`'s `alloca`): a single write of 15 s
 * of 48 kHz audio overflowed a helper thread's stack, and 60 s the main
 * thread's 8 MB (SIGSEGV). 65536 frames keep that buffer at 256 KB.
 */
export const MAX_CALL_FRAMES = 65536;

/** What a transfer checks between slices. */
export interface TransferControl {
  /** Throws when the transfer must stop (file closed, call aborted). */
  checkpoint(): void;
  /** Holds the memory the helper thread uses until the call returns. */
  hold(buffer: SoundFileSamples | null): void;
}

function readSlice(
  h: Deno.PointerObject,
  out: SoundFileSamples,
  frames: number,
): Promise<number | bigint> {
  const lib = sndfile();
  const n = BigInt(frames);
  return out instanceof Float64Array
    ? lib.sf_readf_double_nb(h, out, n)
    : out instanceof Float32Array
    ? lib.sf_readf_float_nb(h, out, n)
    : out instanceof Int32Array
    ? lib.sf_readf_int_nb(h, out, n)
    : lib.sf_readf_short_nb(h, out, n);
}

function writeSlice(
  h: Deno.PointerObject,
  data: SoundFileSamples,
  frames: number,
): Promise<number | bigint> {
  const lib = sndfile();
  const n = BigInt(frames);
  return data instanceof Float64Array
    ? lib.sf_writef_double_nb(h, data, n)
    : data instanceof Float32Array
    ? lib.sf_writef_float_nb(h, data, n)
    : data instanceof Int32Array
    ? lib.sf_writef_int_nb(h, data, n)
    : lib.sf_writef_short_nb(h, data, n);
}

/**
 * The next slice size from how long the last one took (from the call to
 * its result, so the event loop's wake-up time counts too): doubled while a
 * slice takes less than SLICE_MS, cut back when it took over twice that.
 * Only slow slices shrink it, so a busy event loop does not make slices ever
 * smaller (and the transfer ever slower).
 */
function nextSlice(
  frames: number,
  ms: number,
  channels: number,
  bytes: number,
): number {
  const max = Math.max(
    FIRST_SLICE,
    Math.min(MAX_CALL_FRAMES, Math.floor(MAX_SLICE_BYTES / (channels * bytes))),
  );
  const next = ms < SLICE_MS
    ? frames * 2
    : ms > 2 * SLICE_MS
    ? Math.floor(frames * 1.5 * SLICE_MS / ms)
    : frames;
  return Math.max(FIRST_SLICE, Math.min(max, next));
}

/**
 * Reads up to `frames` frames into `out` (which nobody else holds) slice by
 * slice; returns the frames read (fewer at the end of the file).
 */
export async function readFrames(
  h: Deno.PointerObject,
  out: SoundFileSamples,
  frames: number,
  channels: number,
  control: TransferControl,
): Promise<number> {
  let done = 0;
  let slice = FIRST_SLICE;
  while (done < frames) {
    control.checkpoint();
    const want = Math.min(slice, frames - done);
    const part = out.subarray(
      done * channels,
      (done + want) * channels,
    ) as SoundFileSamples;
    control.hold(part);
    const t0 = performance.now();
    const got = Number(await readSlice(h, part, want));
    control.hold(null);
    done += Math.max(0, got);
    if (got < want) break;
    slice = nextSlice(
      slice,
      performance.now() - t0,
      channels,
      out.BYTES_PER_ELEMENT,
    );
  }
  return done;
}

/**
 * Writes `frames` frames of `data` slice by slice. Each slice is copied to
 * memory only this call holds first, so that the caller's array may change
 * or be transferred without the helper thread reading freed memory.
 * Reports each slice written to `onWritten`; returns the frames written
 * (fewer when libsndfile fails).
 */
export async function writeFrames(
  h: Deno.PointerObject,
  data: SoundFileSamples,
  frames: number,
  channels: number,
  control: TransferControl,
  where: string,
  onWritten: (frames: number) => void,
): Promise<number> {
  let done = 0;
  let slice = FIRST_SLICE;
  let scratch: SoundFileSamples | null = null;
  while (done < frames) {
    control.checkpoint();
    if (isDetached(data)) {
      throw new TypeError(
        `${where}: data was detached (its buffer transferred) while it was being written; ${done} of ${frames} frames were written`,
      );
    }
    const want = Math.min(slice, frames - done);
    const samples = want * channels;
    if (scratch === null || scratch.length < samples) {
      const Ctor = data.constructor as new (n: number) => SoundFileSamples;
      scratch = new Ctor(
        Math.max(samples, Math.min(frames - done, slice * 4) * channels),
      );
    }
    const part = scratch.subarray(0, samples) as SoundFileSamples;
    part.set(data.subarray(done * channels, done * channels + samples));
    control.hold(part);
    const t0 = performance.now();
    const wrote = Number(await writeSlice(h, part, want));
    control.hold(null);
    // VOX ADPCM reports one frame more than asked for an odd count: only a
    // short write ends the loop.
    const counted = Math.min(Math.max(0, wrote), want);
    done += counted;
    if (counted > 0) onWritten(counted);
    if (wrote < want) break;
    slice = nextSlice(
      slice,
      performance.now() - t0,
      channels,
      data.BYTES_PER_ELEMENT,
    );
  }
  return done;
}
