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
 * const s = new OutputStream({ channels: 1, callback: (outdata) => {
 *   outdata.fill(0.1);
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
 * const s = new InputStream({ channels: 1, callback: (indata) => {
 *   if (indata[0] > 0.9) throw new CallbackAbort();
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
 * The callback of an {@linkcode OutputStream} / `RawOutputStream`
 * (python-sounddevice's `callback(outdata, frames, time, status)`).
 *
 * `outdata` is an interleaved zero-copy view of PortAudio's output buffer
 * (`frames * channels` samples), valid only during the call. It holds
 * silence when the callback starts (unless the stream was opened with
 * `prefillSilence: false`), so a callback that writes only part of it, or
 * nothing, plays silence there.
 *
 * Throw {@linkcode CallbackStop} to end the stream after this block has
 * been played, {@linkcode CallbackAbort} to end it at once; any other
 * exception aborts the stream too (this block plays as silence), is kept in
 * `callbackError`, dispatched as an `"error"` event, printed to stderr when
 * no `"error"` listener is registered, and rejects `finished`.
 */
export type OutputCallback<T = Float32Array> = (
  outdata: T,
  frames: number,
  time: StreamTime,
  status: CallbackFlags,
) => void;

/**
 * The callback of an {@linkcode InputStream} / `RawInputStream`
 * (python-sounddevice's `callback(indata, frames, time, status)`).
 *
 * `indata` is an interleaved zero-copy view of PortAudio's input buffer,
 * valid only during the call: copy what you keep. Exceptions end the stream
 * as described for {@linkcode OutputCallback}.
 */
export type InputCallback<T = Float32Array> = (
  indata: T,
  frames: number,
  time: StreamTime,
  status: CallbackFlags,
) => void;

/**
 * The callback of a duplex {@linkcode Stream} / `RawStream`
 * (python-sounddevice's `callback(indata, outdata, frames, time, status)`).
 *
 * Both arrays are always given: when PortAudio passes no input (priming the
 * output) `indata` holds silence, and when it passes no output (an
 * input-only block with `neverDropInput`) `outdata` is a scratch buffer that
 * is not played. `outdata` starts as silence, as for
 * {@linkcode OutputCallback}.
 */
export type DuplexCallback<I = Float32Array, O = I> = (
  indata: I,
  outdata: O,
  frames: number,
  time: StreamTime,
  status: CallbackFlags,
) => void;

/** The duplex callback type with one sample type for both directions. */
export type StreamCallback<T = TypedSamples> = DuplexCallback<T, T>;
