/**
 * ALSA errors: one class, one checker every libasound call goes through.
 *
 * @module
 */

import { asound } from "../../ffi/alsa.ts";
import { silenceAlsaErrors } from "../alsa_quiet.ts";

/**
 * An error reported by libasound (pyalsaaudio's `ALSAAudioError`), or a
 * misuse of a PCM/Mixer object (closed, wrong direction).
 *
 * @example
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
}

/**
 * `snd_strerror(code)`.
 *
 * @param code A negative ALSA error code.
 * @returns ALSA's text for it.
 */
export function alsaStrerror(code: number): string {
  const p = asound().snd_strerror(code);
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
 * @throws {AlsaError} When `code < 0`.
 */
export function checkAlsa(
  code: number | bigint,
  call: string,
  context?: string,
): number {
  const n = Number(code);
  if (n >= 0) return n;
  throw new AlsaError(
    `${context ? context + ": " : ""}${
      alsaStrerror(n)
    } (${call} returned ${n})`,
    { code: n, call },
  );
}
