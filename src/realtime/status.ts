/**
 * Layout of the shared status block of a `WorkerStream`: counters the worker
 * updates from its callback and the main thread reads without messages.
 *
 * @module
 */

/** Int32 words of the status block. */
export const S = {
  /** {@linkcode STATE} value. */
  state: 0,
  /** Callbacks delivered. */
  callbacks: 1,
  /** Callbacks flagged with input underflow. */
  inputUnderflows: 2,
  /** Callbacks flagged with input overflow. */
  inputOverflows: 3,
  /** Callbacks flagged with output underflow. */
  outputUnderflows: 4,
  /** Callbacks flagged with output overflow. */
  outputOverflows: 5,
  /** Callbacks flagged as priming output. */
  primingOutputs: 6,
  /** Callbacks that found fewer frames from the main thread than they needed. */
  ringUnderruns: 7,
  /** Callbacks that could not pass all input to the main thread (ring full). */
  ringOverruns: 8,
  /**
   * 1 once the worker closed its stream and released PortAudio (what the
   * main thread waits for, with `Atomics.wait`, when the program ends).
   */
  released: 9,
} as const;

/** Float64 slots (after the Int32 words). */
export const F = {
  /** Frames processed by callbacks. */
  frames: 0,
  /** `Pa_GetStreamCpuLoad`, sampled by the worker every 64 callbacks. */
  cpuLoad: 1,
} as const;

/** Stream states in `S.state`. */
export const STATE = {
  opening: 0,
  stopped: 1,
  active: 2,
  finished: 3,
  closed: 4,
  failed: -1,
} as const;

/** Int32 words in the block (Float64 slots start after them). */
export const INT_WORDS = 16;
/** Float64 slots. */
export const FLOAT_SLOTS = 4;
/** Total bytes of the status block. */
export const STATUS_BYTES = INT_WORDS * 4 + FLOAT_SLOTS * 8;
