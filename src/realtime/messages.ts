/**
 * Messages between a `WorkerStream` and its worker (internal).
 *
 * @module
 */

import type { SharedRingBufferInit } from "./ringbuffer.ts";

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
}

/** A control request. */
export interface ControlMessage {
  /** What to do. */
  op: "start" | "stop" | "abort" | "close";
  /** Request id echoed in the reply. */
  id: number;
  /** After a close: end the worker (the main side is gone). */
  exit?: boolean;
}

/** Main → worker. */
export type HostMessage = InitMessage | ControlMessage;

/** A serialized error. */
export interface ErrorInfo {
  /** Error class name. */
  name: string;
  /** Message. */
  message: string;
}

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
  | { op: "ready"; info: StreamInfo }
  | { op: "failed"; error: ErrorInfo }
  | { op: "done"; id: number; error?: ErrorInfo }
  | { op: "finished"; error?: ErrorInfo };
