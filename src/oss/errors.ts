/**
 * Errors of the OSS layer. ossaudiodev raises `OSSAudioError` (alias
 * `error`) for failed system calls and for some bad arguments, `ValueError`
 * for use of a closed device, and `TypeError`/`OverflowError` for arguments
 * of the wrong type or size. Here:
 *
 * - a failed system call is an {@linkcode OSSAudioError} with `errno`;
 * - a bad argument is an {@linkcode OSSRangeError} or {@linkcode OSSTypeError}:
 *   a real `RangeError`/`TypeError` that `instanceof OSSAudioError` also
 *   accepts, so both a catch written from Python (`except OSSAudioError`) and
 *   one written for JavaScript's argument errors keep working;
 * - use of a closed device (Python's `ValueError`) is an
 *   {@linkcode OSSTypeError} (JavaScript's error for an operation on an object
 *   in the wrong state, as a closed stream writer throws) with the same
 *   message, "Operation on closed OSS device.".
 *
 * @module
 */

import { errno, strerror } from "../../ffi/libc.ts";

const brand: unique symbol = Symbol("OSSAudioError");

function branded(x: unknown): boolean {
  return typeof x === "object" && x !== null && brand in x;
}

/**
 * An error of the OSS layer (ossaudiodev's `OSSAudioError`): a failed system
 * call (with `errno` and its text) or, through its subclasses of
 * `RangeError`/`TypeError`, a bad argument or a closed device.
 *
 * @example Catch a failed open
 * ```ts ignore
 * import { open, OSSAudioError } from "@audiodev/audiodev/oss";
 * try {
 *   open("/dev/nonexistent", "w");
 * } catch (e) {
 *   if (e instanceof OSSAudioError) console.log(e.errno, e.message);
 * }
 * ```
 */
export class OSSAudioError extends Error {
  /** The system call's errno (0 for the module's own checks, or unknown). */
  readonly errno: number;
  /** The failing call, e.g. `"ioctl(SNDCTL_DSP_SPEED)"`. */
  readonly call: string;
  /** @internal */
  readonly [brand] = true;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param options errno and the failing call.
   */
  constructor(
    message: string,
    options: { errno?: number; call?: string } = {},
  ) {
    super(message);
    this.name = "OSSAudioError";
    this.errno = options.errno ?? 0;
    this.call = options.call ?? "";
  }

  /**
   * `e instanceof OSSAudioError` holds for this class, its subclasses and
   * the argument errors {@linkcode OSSRangeError} / {@linkcode OSSTypeError}.
   *
   * @param x Anything.
   * @returns Whether `x` is an error of the OSS layer.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    if (this === OSSAudioError) return branded(x);
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }
}

/**
 * A bad argument value (out of range, unknown mode): a `RangeError` that is
 * also an {@linkcode OSSAudioError} (`errno` 0).
 *
 * @example Catch it either way
 * ```ts ignore
 * import { openMixer, OSSAudioError } from "@audiodev/audiodev/oss";
 * using mixer = openMixer();
 * try {
 *   mixer.set(4, [120, 0]);
 * } catch (e) {
 *   console.log(e instanceof RangeError, e instanceof OSSAudioError); // true true
 * }
 * ```
 */
export class OSSRangeError extends RangeError {
  /** Always 0: no system call failed. */
  readonly errno = 0;
  /** The call that refused the argument, e.g. `"set"`. */
  readonly call: string;
  /** @internal */
  readonly [brand] = true;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param call The refusing call.
   */
  constructor(message: string, call = "") {
    super(message);
    this.name = "OSSRangeError";
    this.call = call;
  }
}

/**
 * An argument of the wrong type, or use of a closed device: a `TypeError`
 * that is also an {@linkcode OSSAudioError} (`errno` 0).
 *
 * @example Use after close
 * ```ts ignore
 * import { open } from "@audiodev/audiodev/oss";
 * const dsp = open("w");
 * await dsp.close();
 * try {
 *   dsp.bufsize();
 * } catch (e) {
 *   console.log(e instanceof TypeError, (e as Error).message);
 *   // true "Operation on closed OSS device."
 * }
 * ```
 */
export class OSSTypeError extends TypeError {
  /** Always 0: no system call failed. */
  readonly errno = 0;
  /** The call that refused, e.g. `"bufsize"`. */
  readonly call: string;
  /** @internal */
  readonly [brand] = true;

  /**
   * Creates the error.
   *
   * @param message Text.
   * @param call The refusing call.
   */
  constructor(message: string, call = "") {
    super(message);
    this.name = "OSSTypeError";
    this.call = call;
  }
}

/** ossaudiodev's alias of {@linkcode OSSAudioError} (`ossaudiodev.error`). */
export const error: typeof OSSAudioError = OSSAudioError;

/** Python's message for use of a closed device. */
export const CLOSED_MESSAGE = "Operation on closed OSS device.";

/** What an errno means for an OSS device, in a few words. */
const MEANINGS: Readonly<Record<number, string>> = {
  1: "no permission for the device",
  2: "the path does not exist (OSS devices need a kernel driver or PulseAudio's emulation)",
  4: "a signal interrupted the call",
  5: "the device failed (I/O error)",
  6: "no such device (unplugged, or no driver behind the path)",
  9: "the descriptor is not open (it was closed)",
  11: "the device is in non-blocking mode and not ready; try again later",
  13: "no permission for the device",
  16: "the device is busy (another program has it open)",
  19: "no such device (unplugged, or no driver behind the path)",
  22: "the device refused the request or its value",
  25: "the path is not an OSS audio device (it does not know this request)",
  32:
    "the device's connection is gone: reset() or closeSync() tore it down during the call, or the sound server went away",
  111: "the sound server refused the connection (is it running?)",
};

/** Where a failed call came from, for the message. */
export interface SysErrorContext {
  /** The method of the device that made the call, e.g. `"writeall"`. */
  method?: string;
  /** More facts, e.g. `"4096 of 40000 bytes were written"`. */
  detail?: string;
}

/** `[Errno N] text: call on "name" (in method()): meaning; detail`. */
function sysMessage(
  e: number,
  text: string,
  call: string,
  name: string,
  ctx: SysErrorContext,
): string {
  const inMethod = ctx.method !== undefined && ctx.method !== call
    ? ` (in ${ctx.method}())`
    : "";
  const tail = [MEANINGS[e], ctx.detail].filter((x) => x !== undefined);
  return `[Errno ${e}] ${text}: ${call} on ${
    JSON.stringify(name)
  }${inMethod} failed${tail.length ? ": " + tail.join("; ") : ""}`;
}

/**
 * The error for a failed system call made on this thread: errno, its text,
 * the call and the device (Python's `[Errno N] text: 'name'`), the method
 * that made the call and what the errno means for a device.
 *
 * @param call The failing call, e.g. `"ioctl(SNDCTL_DSP_SPEED)"`.
 * @param name The device path.
 * @param ctx The method that made the call, and more facts.
 * @returns The error to throw.
 */
export function sysError(
  call: string,
  name: string,
  ctx: SysErrorContext = {},
): OSSAudioError {
  const e = errno();
  return new OSSAudioError(sysMessage(e, strerror(e), call, name, ctx), {
    errno: e,
    call,
  });
}

/**
 * The error for a system call that failed on a helper thread, whose errno
 * is that thread's and cannot be read here.
 *
 * @param call The failing call.
 * @param name The device path.
 * @param ctx The method that made the call, and more facts.
 * @returns The error to throw (`errno` 0: unknown).
 */
export function helperError(
  call: string,
  name: string,
  ctx: SysErrorContext = {},
): OSSAudioError {
  const inMethod = ctx.method !== undefined && ctx.method !== call
    ? ` (in ${ctx.method}())`
    : "";
  return new OSSAudioError(
    `${call} failed on ${
      JSON.stringify(name)
    }${inMethod}: it ran on a helper thread, whose errno is not known here; the device may have been reset or closed during the call, or the sound server went away${
      ctx.detail ? "; " + ctx.detail : ""
    }`,
    { call },
  );
}
