/**
 * Block-by-block reading (`SoundFile.blocks()`): block size,
 * overlap with the previous block, padding of the last one.
 *
 * @module
 */

import { checkOptions, describeValue } from "../options.ts";
import {
  allocSamples,
  checkDType,
  checkFillValue,
  checkFrames,
  checkPositiveInt,
  type SoundFileDType,
  type SoundFileSamples,
} from "./samples.ts";

/** Options of `SoundFile.blocks()`. */
export interface BlocksOptions {
  /** Frames per block (default 1024). */
  blocksize?: number;
  /** Frames each block shares with the previous one (default 0). */
  overlap?: number;
  /** Sample type (default `"float64"`). */
  dtype?: SoundFileDType;
  /** Read at most this many frames (default: to the end; negative: to the end). */
  frames?: number;
  /** Pad the last block to `blocksize` with this value (default: a shorter last block). */
  fillValue?: number;
}

/** Checked block settings. */
export interface BlockSettings {
  /** Frames per block. */
  blocksize: number;
  /** Frames shared with the previous block. */
  overlap: number;
  /** Sample type. */
  dtype: SoundFileDType;
  /** Frames to read in all (Infinity: to the end). */
  frames: number;
  /** Padding of the last block, if any. */
  fill: number | undefined;
}

/** Checks the options of `blocks()` (a number is the block size). */
export function checkBlocksOptions(
  options: BlocksOptions | number,
): BlockSettings {
  const o: BlocksOptions = typeof options === "number"
    ? { blocksize: options }
    : options ?? {};
  checkOptions("blocks", o, [
    "blocksize",
    "overlap",
    "dtype",
    "frames",
    "fillValue",
  ]);
  const blocksize = checkPositiveInt(
    o.blocksize ?? 1024,
    "blocks: blocksize",
    "a block size in frames",
    Number.MAX_SAFE_INTEGER,
  );
  const overlap = o.overlap ?? 0;
  if (typeof overlap !== "number") {
    throw new TypeError(
      `blocks: overlap must be a number of frames, got ${
        describeValue(overlap)
      }`,
    );
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= blocksize) {
    throw new RangeError(
      `blocks: overlap must be an integer from 0 to blocksize - 1, got ${overlap}`,
    );
  }
  const frames = checkFrames(o.frames ?? -1, "blocks: frames");
  return {
    blocksize,
    overlap,
    dtype: checkDType(o.dtype ?? "float64", "blocks: dtype"),
    frames: frames < 0 ? Infinity : frames,
    fill: checkFillValue(o.fillValue, "blocks: fillValue"),
  };
}

/**
 * An iterator (sync and async) over blocks read by `read(out, frames)`,
 * which fills `out` and returns the frames read (and throws when the file
 * is closed or busy). Each block is a fresh array.
 */
export function blockIterator(
  s: BlockSettings,
  channels: number,
  read: (out: SoundFileSamples, frames: number) => number,
): IterableIterator<SoundFileSamples> & AsyncIterable<SoundFileSamples> {
  const ch = channels;
  let left = s.frames;
  let carry: SoundFileSamples | null = null;
  const next = (): IteratorResult<SoundFileSamples> => {
    if (left <= 0) return { done: true, value: undefined };
    const keep = carry ? carry.length / ch : 0;
    const want = Math.min(s.blocksize - keep, left);
    const block = allocSamples(s.dtype, s.blocksize, ch, "blocks: blocksize");
    if (carry) block.set(carry);
    const got = read(block.subarray(keep * ch) as SoundFileSamples, want);
    left -= got;
    if (got === 0) return { done: true, value: undefined };
    let frames = keep + got;
    if (frames < s.blocksize) {
      if (s.fill !== undefined) {
        block.fill(s.fill, frames * ch);
        frames = s.blocksize;
      }
      left = 0;
    }
    const result = block.subarray(0, frames * ch) as SoundFileSamples;
    carry = s.overlap > 0
      ? result.slice((frames - s.overlap) * ch) as SoundFileSamples
      : null;
    return { done: false, value: result };
  };
  const it = {
    next,
    [Symbol.iterator](): IterableIterator<SoundFileSamples> {
      return it;
    },
    [Symbol.asyncIterator](): AsyncIterator<SoundFileSamples> {
      return {
        next: (): Promise<IteratorResult<SoundFileSamples>> => {
          try {
            return Promise.resolve(next());
          } catch (e) {
            return Promise.reject(e);
          }
        },
      };
    },
  };
  return it as
    & IterableIterator<SoundFileSamples>
    & AsyncIterable<SoundFileSamples>;
}
