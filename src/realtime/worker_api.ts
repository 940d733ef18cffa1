/**
 * The worker side of a {@linkcode WorkerStream}: what a DSP module running
 * inside the worker calls. The callback it registers runs on the worker's
 * isolate, which does nothing else, so work on the main thread cannot delay
 * it.
 *
 * @module
 */

import type { SharedRingBuffer } from "./ringbuffer.ts";

/** Samples handed to a callback (zero-copy views of PortAudio's buffers). */
export type CallbackSamples =
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** Stream timing passed to a callback (seconds, PortAudio's clock). */
export interface CallbackTime {
  /** ADC time of the first input sample. */
  readonly inputBufferAdcTime: number;
  /** DAC time of the first output sample. */
  readonly outputBufferDacTime: number;
  /** Stream time when the callback was called. */
  readonly currentTime: number;
}

/** Status flags passed to a callback (the stream's `CallbackFlags`). */
export interface CallbackStatus {
  /** Input data was discarded/zero-filled before this block. */
  readonly inputUnderflow: boolean;
  /** Input data was lost before this block. */
  readonly inputOverflow: boolean;
  /** Output was missing before this block (a gap was heard). */
  readonly outputUnderflow: boolean;
  /** Output was dropped. */
  readonly outputOverflow: boolean;
  /** The output is priming. */
  readonly primingOutput: boolean;
}

/** The callback of an output `WorkerStream`: python-sounddevice's `(outdata, frames, time, status)`. */
export type OutputWorkerCallback<T extends CallbackSamples = Float32Array> = (
  outdata: T,
  frames: number,
  time: CallbackTime,
  status: CallbackStatus,
) => void;

/** The callback of an input `WorkerStream`: `(indata, frames, time, status)`. */
export type InputWorkerCallback<T extends CallbackSamples = Float32Array> = (
  indata: T,
  frames: number,
  time: CallbackTime,
  status: CallbackStatus,
) => void;

/** The callback of a duplex `WorkerStream`: `(indata, outdata, frames, time, status)`. */
export type DuplexWorkerCallback<
  I extends CallbackSamples = Float32Array,
  O extends CallbackSamples = I,
> = (
  indata: I,
  outdata: O,
  frames: number,
  time: CallbackTime,
  status: CallbackStatus,
) => void;

/**
 * The callback a worker module registers, by stream kind, with
 * python-sounddevice's arguments: `"output"` (the default)
 * `(outdata, frames, time, status)`, `"input"` `(indata, frames, time,
 * status)`, `"duplex"` `(indata, outdata, frames, time, status)`. `outdata`
 * holds silence when the callback starts; the arrays are typed by the
 * stream's `dtype` (`T`, default `Float32Array`).
 */
export type WorkerCallback<
  K extends "output" | "input" | "duplex" = "output",
  T extends CallbackSamples = Float32Array,
> = K extends "duplex" ? DuplexWorkerCallback<T>
  : K extends "input" ? InputWorkerCallback<T>
  : OutputWorkerCallback<T>;

/** Any registered callback (its arguments depend on the stream kind). */
// deno-lint-ignore no-explicit-any
export type AnyWorkerCallback = (...args: any[]) => void;

/** What a worker module can reach: rings shared with the main thread and user data. */
export interface WorkerContext {
  /** Main thread → worker samples (output and duplex streams). */
  readonly toWorker: SharedRingBuffer | null;
  /** Worker → main thread samples (input and duplex streams). */
  readonly fromWorker: SharedRingBuffer | null;
  /** The `workerData` option given to the `WorkerStream` (structured clone). */
  readonly data: unknown;
}

const CALLBACK_KEY = Symbol.for("audiodev.realtime.workerCallback");
const CONTEXT_KEY = Symbol.for("audiodev.realtime.workerContext");

type Slots = {
  [CALLBACK_KEY]?: AnyWorkerCallback;
  [CONTEXT_KEY]?: WorkerContext;
};

/**
 * Registers the stream callback of a worker module. Call it once, at the top
 * level of the module given as `WorkerStream`'s `module` option. (A default
 * export that is a function works too.) The callback gets
 * python-sounddevice's arguments for the stream's kind (see
 * {@linkcode WorkerCallback}); name the kind and sample type as type
 * arguments for a duplex or input stream or another dtype.
 *
 * @param callback The callback.
 * @throws {TypeError} When `callback` is not a function.
 *
 * @example A worker module that plays a 440 Hz sine
 * ```ts ignore
 * import { registerCallback } from "@audiodev/audiodev";
 * let phase = 0;
 * registerCallback((outdata, frames) => {
 *   for (let i = 0; i < frames; i++) {
 *     outdata[i] = 0.3 * Math.sin(phase);
 *     phase += 2 * Math.PI * 440 / 48000;
 *   }
 * });
 * ```
 *
 * @example A duplex worker module passing input through
 * ```ts ignore
 * import { registerCallback } from "@audiodev/audiodev";
 * registerCallback<"duplex">((indata, outdata) => outdata.set(indata));
 * ```
 */
export function registerCallback<
  K extends "output" | "input" | "duplex" = "output",
  T extends CallbackSamples = Float32Array,
>(callback: WorkerCallback<K, T>): void {
  if (typeof callback !== "function") {
    throw new TypeError(
      `registerCallback() needs a function, got ${typeof callback}`,
    );
  }
  (globalThis as Slots)[CALLBACK_KEY] = callback as AnyWorkerCallback;
}

/**
 * The registered callback, if any. @internal
 *
 * @returns The callback registered in this isolate.
 */
export function registeredCallback(): AnyWorkerCallback | undefined {
  return (globalThis as Slots)[CALLBACK_KEY];
}

/** Sets this worker's context (done by the host before the module loads). @internal */
export function setWorkerContext(ctx: WorkerContext): void {
  (globalThis as Slots)[CONTEXT_KEY] = ctx;
}

/**
 * The context of the `WorkerStream` this module runs in: the shared rings
 * and the `workerData` option.
 *
 * @returns The context.
 * @throws {Error} When called outside a `WorkerStream` worker.
 *
 * @example Read what the main thread sent, inside the callback
 * ```ts ignore
 * import { registerCallback, workerContext } from "@audiodev/audiodev";
 * const { toWorker } = workerContext();
 * registerCallback((outdata) => {
 *   toWorker!.read(outdata); // what is not there stays silent
 * });
 * ```
 */
export function workerContext(): WorkerContext {
  const ctx = (globalThis as Slots)[CONTEXT_KEY];
  if (ctx === undefined) {
    throw new Error(
      "workerContext() is only available inside a WorkerStream's worker module",
    );
  }
  return ctx;
}
