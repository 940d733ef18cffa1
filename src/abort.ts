/**
 * `AbortSignal` support shared by every async call of the package, with the
 * platform's semantics (`fetch`, `ReadableStream.pipeTo`): a call given an
 * aborted signal rejects with `signal.reason` before touching C, and a call
 * in progress rejects with `signal.reason` as soon as the signal aborts,
 * even while a helper-thread call waits inside PortAudio or ALSA (that call
 * returns on its own, within its slice of at most 250 ms, and the next call
 * on the same stream or PCM runs after it).
 *
 * @module
 */

import { checkOptions, describeValue } from "./options.ts";

/**
 * Checks an optional `signal` option: `undefined` or an `AbortSignal`.
 *
 * @param where The call and option, for the message (`"writeAll: signal"`).
 * @param signal What the caller passed.
 * @returns The signal, or `undefined`.
 * @throws {TypeError} When `signal` is neither.
 * @example Accept a signal option
 * ```ts
 * import { checkSignal } from "./abort.ts";
 * const s = checkSignal("read: signal", AbortSignal.timeout(1000));
 * console.assert(s instanceof AbortSignal);
 * ```
 */
export function checkSignal(
  where: string,
  signal: unknown,
): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (signal instanceof AbortSignal) return signal;
  throw new TypeError(
    `${where} must be an AbortSignal (from an AbortController or AbortSignal.timeout()), got ${
      describeValue(signal)
    }`,
  );
}

/**
 * Throws `signal.reason` when the signal has aborted.
 *
 * @param signal The signal, or `undefined` (never aborted).
 * @throws {unknown} `signal.reason` when aborted.
 * @example Stop a loop between steps
 * ```ts
 * import { throwIfAborted } from "./abort.ts";
 * throwIfAborted(new AbortController().signal); // not aborted: returns
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/**
 * Settles like `task`, or rejects with `signal.reason` as soon as the signal
 * aborts, whichever comes first. `task` keeps running; what it settles with
 * after an abort is dropped (a rejection is not reported as unhandled).
 * `onAbort` runs once on abort, before the rejection (to stop the work that
 * `task` waits for, when that can be done at once).
 *
 * @param task The call in progress.
 * @param signal The signal, or `undefined` (then `task` is returned).
 * @param onAbort Runs when the signal aborts before `task` settled.
 * @returns A promise of `task`'s value.
 * @throws {unknown} `signal.reason` (rejection) when aborted first.
 * @example Give up a wait when aborted
 * ```ts
 * import { raceSignal } from "./abort.ts";
 * const ac = new AbortController();
 * const slow = new Promise<number>((r) => setTimeout(() => r(1), 50));
 * const p = raceSignal(slow, ac.signal);
 * ac.abort(new Error("stop"));
 * await p.catch((e) => console.assert(e.message === "stop"));
 * await slow;
 * ```
 */
export function raceSignal<T>(
  task: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort?: () => void,
): Promise<T> {
  if (signal === undefined) return task;
  if (signal.aborted) {
    task.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      task.catch(() => {});
      try {
        onAbort?.();
      } finally {
        reject(signal.reason);
      }
    };
    signal.addEventListener("abort", abort, { once: true });
    task.then(resolve, reject).finally(() =>
      signal.removeEventListener("abort", abort)
    );
  });
}

/**
 * Runs `fn` once when the signal aborts (at once when it has already).
 *
 * @param signal The signal, or `undefined` (never).
 * @param fn What to run.
 * @returns A function that removes the listener.
 * @example Stop something on abort
 * ```ts
 * import { onAbort } from "./abort.ts";
 * const ac = new AbortController();
 * let stopped = false;
 * const off = onAbort(ac.signal, () => stopped = true);
 * ac.abort();
 * console.assert(stopped);
 * off();
 * ```
 */
export function onAbort(
  signal: AbortSignal | undefined,
  fn: () => void,
): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
}

/**
 * Checks an options object that holds only `signal` (or the keys given):
 * unknown keys throw as everywhere else, and `signal` must be an
 * `AbortSignal`.
 *
 * @param where The call, for the messages (`"PCM.write"`).
 * @param options What the caller passed (`undefined` is fine).
 * @param allowed The valid keys.
 * @returns The signal, or `undefined`.
 * @throws {TypeError} When a key is unknown or `signal` is not an
 *   `AbortSignal`.
 * @example Check `{ signal }`
 * ```ts
 * import { signalOption } from "./abort.ts";
 * signalOption("read", { signal: AbortSignal.timeout(100) });
 * ```
 */
export function signalOption(
  where: string,
  options: unknown,
  allowed: readonly string[] = ["signal"],
): AbortSignal | undefined {
  checkOptions(where, options, allowed);
  return checkSignal(
    `${where}: signal`,
    (options as { signal?: unknown } | null | undefined)?.signal,
  );
}

/**
 * Runs `start` unless the signal has aborted (then rejects with its reason
 * without running it), and races the call it starts against the signal.
 *
 * @param signal The signal, or `undefined`.
 * @param start Starts the call.
 * @returns The call's promise, raced against the signal.
 * @throws {unknown} `signal.reason` (rejection) when aborted.
 * @example Run a call unless aborted
 * ```ts
 * import { abortable } from "./abort.ts";
 * const n = await abortable(undefined, () => Promise.resolve(3)); // 3
 * ```
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  start: () => Promise<T>,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return raceSignal(start(), signal);
}
