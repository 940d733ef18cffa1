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
export function printUnhandled(heading: string, error: unknown): void {
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
