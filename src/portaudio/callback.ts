/**
 * Signals a stream callback throws to end its stream, and the types of
 * callback arguments.
 *
 * @module
 */

import type { CallbackFlags } from "./flags.ts";

/**
 * Throw from a stream callback to stop the stream after the current block:
 * pending output is played to its last frame, then the stream finishes.
 *
 * @example
 * ```ts ignore
 * import { CallbackStop, OutputStream } from "@audiodev/audiodev";
 * let n = 0;
 * const s = new OutputStream({ channels: 1, callback: (_i, out) => {
 *   out!.fill(0);
 *   if (++n === 100) throw new CallbackStop();
 * } });
 * await s.start();
 * await s.finished;
 * await s.close();
 * ```
 */
export class CallbackStop extends Error {
  /**
   * Creates the signal.
   *
   * @param message Optional text.
   */
  constructor(message = "CallbackStop") {
    super(message);
    this.name = "CallbackStop";
  }
}

/**
 * Throw from a stream callback to end the stream at once; pending output is
 * discarded.
 *
 * @example
 * ```ts ignore
 * import { CallbackAbort, InputStream } from "@audiodev/audiodev";
 * const s = new InputStream({ channels: 1, callback: (input) => {
 *   if (input![0] > 0.9) throw new CallbackAbort();
 * } });
 * ```
 */
export class CallbackAbort extends Error {
  /**
   * Creates the signal.
   *
   * @param message Optional text.
   */
  constructor(message = "CallbackAbort") {
    super(message);
    this.name = "CallbackAbort";
  }
}

/** Timestamps of a callback, in seconds on the stream's clock ({@linkcode BaseStream.time}). */
export interface StreamTime {
  /** When the first input sample of this block was captured at the ADC. */
  inputBufferAdcTime: number;
  /** When the first output sample of this block will reach the DAC. */
  outputBufferDacTime: number;
  /** When the callback was invoked. */
  currentTime: number;
}

/** Samples of typed streams: interleaved, of the stream's dtype. */
export type TypedSamples =
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/**
 * A stream callback. `indata`/`outdata` are interleaved zero-copy views of
 * PortAudio's buffers, valid only during the call (`null` for a direction
 * the stream does not have); fill all of `outdata`.
 *
 * Throw {@linkcode CallbackStop} or {@linkcode CallbackAbort} to end the
 * stream; any other exception ends it too and is kept in
 * `stream.callbackError`.
 */
export type StreamCallback<T = TypedSamples> = (
  indata: T | null,
  outdata: T | null,
  frames: number,
  time: StreamTime,
  status: CallbackFlags,
) => void;
