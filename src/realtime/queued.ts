/**
 * Frames that `writeAll` accepted but has not yet handed to the device, per
 * stream or PCM. A stream's `stop()` and a PCM's `drain()`/`close()` play
 * them out first ({@linkcode flushQueued}); `abort()` and `drop()` discard
 * them ({@linkcode discardQueued}). Kept apart from `io.ts` so that the
 * device classes need not import the helpers.
 *
 * @module
 */

/** What a queue registers for its device object. */
export interface QueuedFrames {
  /** Resolves once every accepted frame was handed to the device. */
  flush(): Promise<void>;
  /** Forgets accepted frames not yet handed over (a call in progress ends normally). */
  discard(): void;
  /** Whether frames are queued or being handed over. */
  busy(): boolean;
}

const queues = new WeakMap<object, QueuedFrames>();

/**
 * Registers the queue of a device object (one per object).
 *
 * @param target The stream or PCM.
 * @param queue Its queue.
 */
export function registerQueued(target: object, queue: QueuedFrames): void {
  queues.set(target, queue);
}

/**
 * Waits until the frames queued for `target` were handed to the device
 * (resolves at once when none are).
 *
 * @param target The stream or PCM.
 */
export async function flushQueued(target: object): Promise<void> {
  await queues.get(target)?.flush();
}

/**
 * Drops the frames queued for `target` that were not handed over yet.
 *
 * @param target The stream or PCM.
 */
export function discardQueued(target: object): void {
  queues.get(target)?.discard();
}

/**
 * Whether frames are queued for `target` (or being handed over).
 *
 * @param target The stream or PCM.
 * @returns `true` while writeAll's queue is not empty.
 */
export function hasQueued(target: object): boolean {
  return queues.get(target)?.busy() ?? false;
}
