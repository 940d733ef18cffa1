/**
 * Waiting for mixer changes without blocking the event loop: a libc `poll`
 * on the mixer's descriptors runs on a helper thread, shared by every
 * waiter, and a read that handles events elsewhere wakes them too.
 *
 * @module
 */

import { pollfd } from "../ffi/alsa.ts";
import { libc } from "../ffi/libc.ts";
import { AlsaError } from "../src/alsa/errors.ts";
import { onAbort } from "../src/abort.ts";

/**
 * How long one wait blocks its helper thread before looking again, in ms.
 * A mixer frees its handle only after that wait returned, so this bounds
 * how late the handle is freed after close().
 */
export const POLL_TIMEOUT_MS = 100;
/** `POLLERR | POLLHUP | POLLNVAL`: the descriptor's other end is gone. */
const POLL_GONE = 0x8 | 0x10 | 0x20;

/** What a {@linkcode ChangeWatch} needs from its mixer. */
export interface WatchedMixer {
  /** The mixer's poll descriptors (`struct pollfd[]`); throws when closed. */
  pollfds(): Uint8Array;
  /** Whether the mixer is still open. */
  isOpen(): boolean;
  /** Handles pending events (throws ALSA's error when the device is gone). */
  handleEvents(): void;
  /** The control, for messages. */
  label(): string;
}

/** Counts handled changes and lets callers wait for the next one. */
export class ChangeWatch {
  /** Incremented whenever events were handled. */
  changes = 0;
  #wakers: (() => void)[] = [];
  #poll: Promise<number> | null = null;
  #mixer: WatchedMixer;

  /**
   * Creates the watch.
   *
   * @param mixer The mixer watched.
   */
  constructor(mixer: WatchedMixer) {
    this.#mixer = mixer;
  }

  /** The poll in flight on a helper thread, if any. */
  get inFlight(): Promise<number> | null {
    return this.#poll;
  }

  /**
   * Records that `n` events were handled, waking the waiters when any were.
   *
   * @param n What `snd_mixer_handle_events` returned.
   */
  handled(n: number): void {
    if (n > 0) {
      this.changes++;
      this.wake();
    }
  }

  /** Wakes every waiter (a change, or close()). */
  wake(): void {
    const w = this.#wakers;
    this.#wakers = [];
    for (const f of w) f();
  }

  /**
   * Waits until the descriptors report something, events were handled
   * elsewhere since `seen`, or the mixer was closed.
   *
   * @param seen The `changes` count already looked at.
   * @param stop Ends the wait at once when aborted.
   * @throws {AlsaError} When the wait fails or the descriptors report that
   *   their other end is gone (ALSA's own error when it has one).
   */
  async wait(seen: number, stop?: AbortSignal): Promise<void> {
    const m = this.#mixer;
    const stopped = new Promise<number>((r) =>
      stop?.addEventListener("abort", () => r(-2), { once: true })
    );
    while (m.isOpen() && this.changes === seen && !stop?.aborted) {
      if (this.#poll === null) {
        const buf = m.pollfds();
        const nfds = BigInt(buf.length / pollfd.size);
        this.#poll = libc().poll_nb(buf, nfds, POLL_TIMEOUT_MS).then((n) => {
          if (n > 0) checkGone(buf, m);
          return n;
        }).finally(() => {
          this.#poll = null;
        });
      }
      const woken = new Promise<number>((r) => this.#wakers.push(() => r(-2)));
      const n = await Promise.race([this.#poll, woken, stopped]);
      if (n === -1) {
        throw new AlsaError(
          `${m.label()}: waiting for mixer events failed (poll returned -1)`,
          { call: "poll" },
        );
      }
      if (n !== 0) return; // ready or woken: look at the state
    }
  }
}

/** Throws when a polled descriptor reports its other end gone. */
function checkGone(buf: Uint8Array, m: WatchedMixer): void {
  if (!m.isOpen()) return;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < buf.length / pollfd.size; i++) {
    const rev = dv.getInt16(i * pollfd.size + pollfd.offsets.revents, true);
    if (rev & POLL_GONE) {
      m.handleEvents(); // ALSA's own error, when it has one
      throw new AlsaError(
        `${m.label()}: the mixer's device went away (poll revents 0x${
          rev.toString(16)
        })`,
        { call: "poll" },
      );
    }
  }
}

/** What {@linkcode changeIterator} iterates over. */
export interface ChangeSource<T> {
  /** The watch whose changes to follow. */
  watch: ChangeWatch;
  /** Whether the mixer is still open. */
  isOpen(): boolean;
  /** The state now (handles pending events; throws when closed or gone). */
  snapshot(): T;
  /** Whether two states are the same. */
  same(a: T, b: T): boolean;
}

/**
 * An async iterator of states, one per change: ends when the mixer closes
 * or `return()` is called, at once even while a `next()` waits; `next()`
 * rejects with the error that ended it otherwise. `next()` calls run one
 * after the other, as an async generator's do. When `signal` aborts, the
 * waiting `next()` and every later one reject with `signal.reason`.
 *
 * @param src What to follow.
 * @param signal Aborts the iteration.
 * @returns The iterator.
 */
export function changeIterator<T>(
  src: ChangeSource<T>,
  signal?: AbortSignal,
): AsyncIterableIterator<T> {
  const stop = new AbortController();
  const unlisten = onAbort(signal, () => stop.abort());
  const done: IteratorResult<T> = { value: undefined, done: true };
  let last: { state: T } | null = null;
  let seen = 0;
  const step = async (): Promise<IteratorResult<T>> => {
    signal?.throwIfAborted();
    if (stop.signal.aborted) return done;
    if (last === null) {
      last = { state: src.snapshot() };
      seen = src.watch.changes;
    }
    while (src.isOpen() && !stop.signal.aborted) {
      await src.watch.wait(seen, stop.signal);
      signal?.throwIfAborted();
      if (!src.isOpen() || stop.signal.aborted) break;
      const now = src.snapshot();
      seen = src.watch.changes; // including events the snapshot handled
      if (!src.same(last.state, now)) {
        last = { state: now };
        return { value: now, done: false };
      }
    }
    stop.abort();
    unlisten();
    return done;
  };
  let queue: Promise<unknown> = Promise.resolve();
  const next = (): Promise<IteratorResult<T>> => {
    const r = queue.then(step).catch((e) => {
      stop.abort();
      unlisten();
      throw e;
    });
    queue = r.catch(() => {});
    return r;
  };
  const end = (): Promise<IteratorResult<T>> => {
    stop.abort();
    unlisten();
    return Promise.resolve(done);
  };
  const it: AsyncIterableIterator<T> = {
    next,
    return: end,
    throw: end,
    [Symbol.asyncIterator]: (): AsyncIterableIterator<T> => it,
  };
  return it;
}
