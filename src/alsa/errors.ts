/**
 * ALSA errors: one class, one checker every libasound call goes through.
 *
 * @module
 */

import { asound } from "../../ffi/alsa.ts";
import { silenceAlsaErrors } from "../alsa_quiet.ts";
import { describeValue } from "../options.ts";

/** Marks the argument errors that also count as {@linkcode AlsaError}. */
const ALSA_ARGUMENT = Symbol("audiodev.alsaArgumentError");

/** What the argument error classes carry besides their message. */
export interface AlsaErrorOptions {
  /** The negative errno, when ALSA reported one (usually 0: checked before C). */
  code?: number;
  /** The function or libasound call that refused the argument. */
  call?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A bad argument where pyalsaaudio raises `ALSAAudioError` (a PCM type or
 * mode out of range, a card number out of range, a mixer channel or unit
 * the control does not have): a real `TypeError` (`e instanceof TypeError`)
 * that also passes `e instanceof AlsaError`, so code ported from
 * `except alsaaudio.ALSAAudioError:` keeps catching it.
 *
 * @example Catch it either way
 * ```ts ignore
 * import { AlsaError, PCM } from "@audiodev/audiodev/alsa";
 * try {
 *   new PCM({ type: 5 as 0 });
 * } catch (e) {
 *   console.log(e instanceof AlsaError, e instanceof TypeError); // true true
 * }
 * ```
 */
export class AlsaTypeError extends TypeError {
  /** The negative errno ALSA returned, or 0 (checked before ALSA was called). */
  readonly code: number;
  /** The function that refused the argument, e.g. `"PCM"`. */
  readonly call: string;

  /**
   * Creates the error.
   *
   * @param message What was wrong and what is allowed.
   * @param options Code, refusing call and cause.
   */
  constructor(message: string, options: AlsaErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AlsaTypeError";
    this.code = options.code ?? 0;
    this.call = options.call ?? "";
    Object.defineProperty(this, ALSA_ARGUMENT, { value: true });
  }
}

/**
 * A value out of range where pyalsaaudio raises `ALSAAudioError` (a
 * partial-frame write, a volume out of range; see
 * {@linkcode AlsaTypeError}): a real `RangeError` that also passes
 * `e instanceof AlsaError`.
 *
 * @example Catch a partial-frame write as pyalsaaudio code does
 * ```ts ignore
 * import { AlsaError, PCM } from "@audiodev/audiodev/alsa";
 * const pcm = new PCM({ channels: 2 });
 * try {
 *   pcm.writeSync(new Uint8Array(3));
 * } catch (e) {
 *   if (e instanceof AlsaError) console.log(e.message); // also a RangeError
 * }
 * ```
 */
export class AlsaRangeError extends RangeError {
  /** The negative errno ALSA returned, or 0 (checked before ALSA was called). */
  readonly code: number;
  /** The function that refused the argument, e.g. `"write"`. */
  readonly call: string;

  /**
   * Creates the error.
   *
   * @param message What was wrong and what is allowed.
   * @param options Code, refusing call and cause.
   */
  constructor(message: string, options: AlsaErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AlsaRangeError";
    this.code = options.code ?? 0;
    this.call = options.call ?? "";
    Object.defineProperty(this, ALSA_ARGUMENT, { value: true });
  }
}

/**
 * An error reported by libasound (pyalsaaudio's `ALSAAudioError`), or a
 * misuse of a PCM/Mixer object (closed, wrong direction).
 *
 * @example Catch a failed open
 * ```ts ignore
 * import { AlsaError, PCM } from "@audiodev/audiodev/alsa";
 * try {
 *   new PCM({ device: "no-such-device" });
 * } catch (e) {
 *   if (e instanceof AlsaError) console.log(e.code, e.call, e.message);
 * }
 * ```
 */
export class AlsaError extends Error {
  /** The negative errno ALSA returned (e.g. -2 for ENOENT), or 0. */
  readonly code: number;
  /** The failing libasound call, e.g. `"snd_pcm_open"`. */
  readonly call: string;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param options Code and failing call.
   */
  constructor(
    message: string,
    options: { code?: number; call?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AlsaError";
    this.code = options.code ?? 0;
    this.call = options.call ?? "";
  }

  /**
   * `e instanceof AlsaError` holds for AlsaError and its subclasses, and for
   * {@linkcode AlsaTypeError}/{@linkcode AlsaRangeError} (argument errors
   * pyalsaaudio reports as `ALSAAudioError`). A subclass of AlsaError keeps
   * the ordinary prototype check.
   *
   * @param value Anything.
   * @returns Whether `value` counts as an instance.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === AlsaError && typeof value === "object" && value !== null &&
      (value as Record<symbol, unknown>)[ALSA_ARGUMENT] === true;
  }
}

/**
 * `snd_strerror(code)`.
 *
 * @param code A negative ALSA error code.
 * @returns ALSA's text for it.
 * @throws {TypeError} When `code` is not an integer.
 * @example Describe an error code
 * ```ts ignore
 * import { alsaStrerror } from "@audiodev/audiodev/alsa";
 * alsaStrerror(-2); // "No such file or directory"
 * ```
 */
export function alsaStrerror(code: number): string {
  if (
    typeof code !== "number" || !Number.isInteger(code) ||
    code < -0x80000000 || code > 0x7fffffff
  ) {
    throw new TypeError(
      `alsaStrerror(code) must be an integer error code such as -2, got ${
        describeValue(code)
      }`,
    );
  }
  const p = asound().snd_strerror(code | 0); // -0 is no i32 for FFI
  return p === null ? `error ${code}` : Deno.UnsafePointerView.getCString(p);
}

/**
 * Returns the symbols of libasound, with ALSA's own stderr printing silenced.
 *
 * @returns The libasound symbol table.
 */
export function alsaLib(): ReturnType<typeof asound> {
  silenceAlsaErrors();
  return asound();
}

/**
 * Throws an {@linkcode AlsaError} when `code` is negative; returns it otherwise.
 *
 * @param code A libasound return value.
 * @param call The C function's name.
 * @param context Text prepended to ALSA's message.
 * @returns `code` (as a number) when it is not an error.
 * @throws {TypeError} When `code` is not a number (or, negative, not an
 *   integer), or `call` not a string.
 * @throws {AlsaError} When `code < 0`.
 */
export function checkAlsa(
  code: number | bigint,
  call: string,
  context?: string,
): number {
  if (typeof code !== "number" && typeof code !== "bigint") {
    throw new TypeError(
      `checkAlsa(code) must be a libasound return value (a number), got ${
        describeValue(code)
      }`,
    );
  }
  const n = Number(code);
  if (n >= 0) return n;
  if (!Number.isInteger(n) || typeof call !== "string" || call === "") {
    throw new TypeError(
      `checkAlsa(code, call) needs an integer code and the C function's name, got ${
        describeValue(code)
      } and ${describeValue(call)}`,
    );
  }
  throw new AlsaError(
    `${context ? context + ": " : ""}${
      alsaStrerror(n)
    } (${call} returned ${n})`,
    { code: n, call },
  );
}
