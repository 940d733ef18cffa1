/**
 * The public types of a `WorkerStream`: its options, states, status
 * snapshot and how a run ended.
 *
 * @module
 */

import type { RingDType } from "./ringbuffer.ts";
import type { EndReason, StreamInfo, WorkerStreamKind } from "./messages.ts";
import type { RealtimeOptions } from "./thread_priority.ts";

/** Options of a `WorkerStream`. */
export interface WorkerStreamOptions {
  /**
   * The worker module holding the callback (it calls `registerCallback()` or
   * default-exports the function): a `URL` or an absolute URL string, such
   * as `new URL("./dsp_worker.ts", import.meta.url)`. Without it, the worker
   * plays what the main thread writes and passes input to the main thread.
   */
  module?: URL | string;
  /** Stream class opened in the worker (default `"output"`). */
  kind?: WorkerStreamKind;
  /** Sample rate (default: the device's). */
  samplerate?: number;
  /** Frames per callback (default 0: PortAudio chooses). */
  blocksize?: number;
  /** Device index or name (pair for duplex). */
  device?:
    | number
    | string
    | readonly [number | string | null, number | string | null];
  /** Channels (pair for duplex; default 1). */
  channels?: number | readonly [number, number];
  /** Sample type (pair for duplex; default `"float32"`). */
  dtype?: RingDType | readonly [RingDType, RingDType];
  /** Latency (`"low"`, `"high"` or seconds; pair for duplex). */
  latency?:
    | "low"
    | "high"
    | number
    | readonly ["low" | "high" | number, "low" | "high" | number];
  /**
   * Further options of the stream classes, for the worker's stream:
   * `clipOff`, `ditherOff`, `neverDropInput`,
   * `primeOutputBuffersUsingStreamCallback`, `prefillSilence` and
   * `extraSettings` (`AlsaSettings`, or a pair for duplex).
   */
  extra?: Record<string, unknown>;
  /**
   * Capacity of each main⇄worker ring in frames (default: 8192, at least
   * 4 blocks); rounded up to a power of two.
   */
  ringFrames?: number;
  /** Anything structured-cloneable, read in the worker with `workerContext().data`. */
  workerData?: unknown;
  /**
   * Real-time scheduling of the worker's thread: `true` (default:
   * `SCHED_FIFO` priority 5 where permitted, normal priority otherwise;
   * on JACK devices pinned with JACK's process thread to one CPU), `false`,
   * or `{ policy, priority, required, cpu }`. See the module doc for the
   * rules code at real-time priority must follow.
   */
  realtime?: boolean | RealtimeOptions;
}

/** How a run of a `WorkerStream` ended without an error (what `finished` resolves with). */
export interface WorkerStreamEnd {
  /** `"stop"`, `"abort"`, `"close"`, `"callbackStop"` or `"callbackAbort"`. */
  readonly reason: Exclude<EndReason, "error" | "device">;
}

/** State of a `WorkerStream`. */
export type WorkerStreamState =
  | "opening"
  | "stopped"
  | "active"
  | "finished"
  | "closed"
  | "failed";

/** Properties of the stream the worker opened. */
export type WorkerStreamInfo = StreamInfo;

/** A snapshot of a `WorkerStream`'s shared counters. */
export interface WorkerStreamStatus {
  /** `"opening"`, `"stopped"`, `"active"`, `"finished"`, `"closed"` or `"failed"`. */
  state: WorkerStreamState;
  /** Callbacks delivered. */
  callbacks: number;
  /** Frames processed by callbacks. */
  frames: number;
  /** Callbacks PortAudio flagged with input underflow. */
  inputUnderflows: number;
  /** Callbacks flagged with input overflow. */
  inputOverflows: number;
  /** Callbacks flagged with output underflow. */
  outputUnderflows: number;
  /** Callbacks flagged with output overflow. */
  outputOverflows: number;
  /** Callbacks flagged as priming output. */
  primingOutputs: number;
  /** Callbacks that found fewer frames from the main thread than they needed. */
  ringUnderruns: number;
  /** Callbacks whose input did not fit in the ring to the main thread. */
  ringOverruns: number;
  /** `Pa_GetStreamCpuLoad`, sampled by the worker every 64 callbacks. */
  cpuLoad: number;
}
