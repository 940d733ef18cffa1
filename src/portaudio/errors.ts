/**
 * PortAudio errors: one class, one checker every PortAudio call goes through.
 *
 * @module
 */

import { PaErrorCode, PaHostApiTypeId } from "../../ffi/portaudio_constants.ts";
import { describeValue } from "../options.ts";

/** Names of `PaErrorCode` values (e.g. `"paInvalidChannelCount"`). */
export type PaErrorName = keyof typeof PaErrorCode;

const NAMES = new Map<number, PaErrorName>(
  Object.entries(PaErrorCode).map(([k, v]) => [v, k as PaErrorName]),
);
const HOSTAPI_NAMES = new Map<number, string>(
  Object.entries(PaHostApiTypeId).map(([k, v]) => [v, k.slice(2)]),
);

/** Host-API specific error details (`PaHostErrorInfo`). */
export interface HostErrorInfo {
  /** Host API type name, e.g. `"ALSA"`. */
  readonly hostApi: string;
  /** The host API's own error code (e.g. a negative ALSA errno). */
  readonly errorCode: number;
  /** The host API's error text, possibly empty. */
  readonly errorText: string;
}

/**
 * Returns the `PaErrorCode` name of a numeric code.
 *
 * @param code A PortAudio error code.
 * @returns The C enumerator name, or `"unknown"`.
 * @example
 * ```ts
 * import { paErrorName } from "@audiodev/audiodev";
 * console.assert(paErrorName(-9998) === "paInvalidChannelCount");
 * ```
 */
export function paErrorName(code: number): PaErrorName | "unknown" {
  return NAMES.get(code) ?? "unknown";
}

/**
 * Returns the host API type name for a `PaHostApiTypeId`.
 *
 * @param type The numeric type id.
 * @returns e.g. `"ALSA"`, `"JACK"`, `"OSS"`; `"type N"` when unknown.
 * @throws {TypeError} When `type` is not a number.
 */
export function hostApiTypeName(type: number): string {
  if (typeof type !== "number") {
    throw new TypeError(
      `hostApiTypeName(type) must be a PaHostApiTypeId number, got ${
        describeValue(type)
      }`,
    );
  }
  return HOSTAPI_NAMES.get(type) ?? `type ${type}`;
}

/** Options of {@linkcode PortAudioError}. */
export interface PortAudioErrorOptions {
  /** The numeric `PaError`. */
  readonly code?: number;
  /** The C function that failed, e.g. `"Pa_OpenStream"`. */
  readonly call?: string;
  /** Host-API details when the code is `paUnanticipatedHostError`. */
  readonly hostError?: HostErrorInfo;
  /** Underlying cause. */
  readonly cause?: unknown;
}

/**
 * An error reported by PortAudio (python-sounddevice's `PortAudioError`).
 *
 * @example Inspect a failure
 * ```ts ignore
 * import { OutputStream, PortAudioError } from "@audiodev/audiodev";
 * try {
 *   new OutputStream({ samplerate: 1 });
 * } catch (e) {
 *   if (e instanceof PortAudioError) console.log(e.code, e.codeName, e.call);
 * }
 * ```
 */
export class PortAudioError extends Error {
  /** The numeric `PaError` (0 when the error did not come from a PortAudio call). */
  readonly code: number;
  /** The `PaErrorCode` name, e.g. `"paInvalidSampleRate"`. */
  readonly codeName: PaErrorName | "unknown";
  /** The failing C call, e.g. `"Pa_OpenStream"`. */
  readonly call: string;
  /** Host-API error details, when PortAudio reported `paUnanticipatedHostError`. */
  readonly hostError: HostErrorInfo | undefined;

  /**
   * Creates an error.
   *
   * @param message What went wrong.
   * @param options Code, call, host error, cause.
   */
  constructor(message: string, options: PortAudioErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "PortAudioError";
    this.code = options.code ?? 0;
    this.codeName = this.code === 0 ? "paNoError" : paErrorName(this.code);
    this.call = options.call ?? "";
    this.hostError = options.hostError;
  }
}
