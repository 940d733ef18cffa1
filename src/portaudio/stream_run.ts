/**
 * What a stream's run leaves behind: how it ended ({@linkcode StreamEnd}),
 * the one print of an error nobody handles, and the safety net that closes
 * blocking streams a program dropped.
 *
 * @module
 */

import { describeValue } from "../options.ts";
import { paSymbols } from "./library.ts";

/** How a stream ended: the value `finished` resolves with. */
export interface StreamEnd {
  /**
   * `"stop"` / `"abort"` / `"close"`: a call of that method;
   * `"callbackStop"` / `"callbackAbort"`: the callback threw
   * `CallbackStop` / `CallbackAbort`.
   */
  readonly reason:
    | "stop"
    | "abort"
    | "close"
    | "callbackStop"
    | "callbackAbort";
}

/** Result of a blocking read. */
export interface ReadResult<T> {
  /** The frames read, interleaved. */
  data: T;
  /** `true` if input was lost before this read (an overrun). */
  overflowed: boolean;
}

export const registry = new FinalizationRegistry<
  { handle: Deno.PointerObject; closed: { value: boolean } }
>(
  (held) => {
    // Safety net for blocking streams the program dropped without close():
    // no JavaScript callback exists, so a synchronous close cannot deadlock.
    if (!held.closed.value) {
      held.closed.value = true;
      paSymbols().Pa_CloseStream(held.handle);
    }
  },
);

const stderrEncoder = new TextEncoder();

/** Writes an error nobody handles to stderr, as Python prints a callback's traceback. */
function printUnhandled(heading: string, error: unknown): void {
  const text = error instanceof Error
    ? (error.stack ?? `${error.name}: ${error.message}`)
    : describeValue(error);
  const bytes = stderrEncoder.encode(`${heading}\n${text}\n`);
  try {
    for (let o = 0; o < bytes.length;) {
      o += Deno.stderr.writeSync(bytes.subarray(o));
    }
  } catch {
    // stderr is gone: nowhere left to say it
  }
}

/** The error that ended a run, and where it came from. */
export interface EndError {
  error: unknown;
  source: "callback" | "finishedCallback" | "device";
}

/** The `"error"` listeners of a stream, so an unhandled error can be printed. */
export class ErrorListeners {
  #all = new Set<unknown>();
  #once = new Set<unknown>();

  /** Records a listener (with EventTarget's `once` and `signal`). */
  add(
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (listener === null) return;
    this.#all.add(listener);
    if (typeof options === "object") {
      if (options.once) this.#once.add(listener);
      options.signal?.addEventListener("abort", () => this.remove(listener), {
        once: true,
      });
    }
  }

  /** Forgets a listener. */
  remove(listener: unknown): void {
    this.#all.delete(listener);
    this.#once.delete(listener);
  }

  /** Whether any listener is registered. */
  get any(): boolean {
    return this.#all.size > 0;
  }

  /** After an error event: `once` listeners are gone. */
  dispatched(): void {
    for (const l of this.#once) this.#all.delete(l);
    this.#once.clear();
  }
}

/**
 * Dispatches the end of a run: `"error"` (an `ErrorEvent`) when it ended
 * badly, printed to stderr when no listener handles it, then `"finished"`.
 *
 * @param target The stream.
 * @param listeners Its error listeners.
 * @param name Its class name, for the print.
 * @param ended The error, if any.
 */
export function dispatchEnd(
  target: EventTarget,
  listeners: ErrorListeners,
  name: string,
  ended: EndError | null,
): void {
  if (ended) {
    const handled = listeners.any;
    target.dispatchEvent(
      new ErrorEvent("error", {
        error: ended.error,
        message: ended.error instanceof Error
          ? ended.error.message
          : describeValue(ended.error),
      }),
    );
    listeners.dispatched();
    if (!handled) {
      printUnhandled(
        ended.source === "device"
          ? `${name} ended:`
          : ended.source === "callback"
          ? `Exception in the callback of ${name} (the stream was aborted):`
          : `Exception in the finishedCallback of ${name}:`,
        ended.error,
      );
    }
  }
  target.dispatchEvent(new Event("finished"));
}

/**
 * A promise that calls `onThen` whenever something attaches to it (`await`,
 * `.then()`, `.catch()`, `Promise.race()`): `finished` keeps the program
 * alive only once somebody waits for it, not when it is merely read.
 * Promises derived from it are plain promises.
 */
export class AwaitedPromise<T> extends Promise<T> {
  /** Called on every `then()`. */
  onThen: (() => void) | null = null;

  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.onThen?.();
    return super.then(onFulfilled, onRejected);
  }
}
