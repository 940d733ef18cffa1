/**
 * Messages between a `WorkerStream` and its worker (internal).
 *
 * @module
 */

import type { SharedRingBufferInit } from "./ringbuffer.ts";
import type { RealtimeRequest, RealtimeState } from "./thread_priority.ts";

/** Which PortAudio stream class the worker opens. */
export type WorkerStreamKind = "output" | "input" | "duplex";

/** First message: what to open. */
export interface InitMessage {
  /** Message tag. */
  op: "init";
  /** Stream class. */
  kind: WorkerStreamKind;
  /** The user's module URL (absent: pass-through callback). */
  module?: string;
  /** Stream options without callbacks. */
  options: Record<string, unknown>;
  /** The status block. */
  status: SharedArrayBuffer;
  /** Main → worker ring. */
  toWorker?: SharedRingBufferInit;
  /** Worker → main ring. */
  fromWorker?: SharedRingBufferInit;
  /** User data for `workerContext().data`. */
  data?: unknown;
  /** The process-wide PortAudio lock (shared with the main thread). */
  paLock: SharedArrayBuffer;
  /** Real-time scheduling for the worker's thread (`null`: leave it alone). */
  realtime: RealtimeRequest | null;
}

/** A control request. */
export interface ControlMessage {
  /** What to do. */
  op: "start" | "stop" | "abort" | "close";
  /** Request id echoed in the reply. */
  id: number;
  /** After a close: the main side is gone or the program ends. */
  exit?: boolean;
}

/** Main → worker. */
export type HostMessage = InitMessage | ControlMessage;

/** A serialized error (see `worker_errors.ts`). */
export interface ErrorInfo {
  /** Error class name. */
  name: string;
  /** Message. */
  message: string;
  /** The worker's stack trace. */
  stack?: string;
  /** Own structured-cloneable properties (`code`, `call`, `reason`, ...). */
  props?: Record<string, unknown>;
  /** The error's `cause`, described the same way. */
  cause?: ErrorInfo;
  /** `true` when what was thrown was not an `Error`. */
  nonError?: boolean;
}

/**
 * How a run of the stream ended: `"stop"`, `"abort"`, `"close"` (a call of
 * that method), `"callbackStop"`, `"callbackAbort"` (the callback threw
 * `CallbackStop`/`CallbackAbort`), `"error"` (the callback or the finished
 * callback threw), `"device"` (PortAudio ended the stream by itself: the
 * device or sound server went away).
 */
export type EndReason =
  | "stop"
  | "abort"
  | "close"
  | "callbackStop"
  | "callbackAbort"
  | "error"
  | "device";

/** Properties of the opened stream. */
export interface StreamInfo {
  /** Sample rate. */
  samplerate: number;
  /** Frames per callback (0: variable). */
  blocksize: number;
  /** Channels (pair for duplex). */
  channels: number | readonly [number, number];
  /** Sample type (pair for duplex). */
  dtype: string | readonly [string, string];
  /** Actual latency in seconds (pair for duplex). */
  latency: number | readonly [number, number];
  /** Device index (pair for duplex). */
  device: number | readonly [number, number];
}

/** Worker → main. */
export type WorkerReply =
  | { op: "ready"; info: StreamInfo; realtime: RealtimeState }
  | { op: "failed"; error: ErrorInfo }
  | { op: "done"; id: number; error?: ErrorInfo }
  | { op: "finished"; reason: EndReason; error?: ErrorInfo }
  /** An exception in the worker module outside the callback. */
  | { op: "workerError"; error: ErrorInfo };
