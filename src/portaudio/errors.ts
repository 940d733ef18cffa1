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

/**
 * What the message of a stream that ended by itself says about why.
 * PortAudio's audio thread leaves no host error information behind, so
 * the causes cannot be told apart. The pulse case: with PortAudio 19.6 and
 * alsa-plugins 1.2.7, a duplex stream's playback PCM is re-prepared after an
 * early xrun and `snd_pcm_delay()` on the new PulseAudio stream fails with
 * EIO before its first timing update (19 of 20 C runs at 34.8 ms, 0 of 30 at
 * 0.1 s). @internal
 */
export const DEVICE_LOST_HINT =
  "PortAudio's audio thread ended after a host error: e.g. the sound server went away, " +
  "the device was unplugged, or an ALSA call failed; a duplex stream on ALSA's " +
  '"pulse" device fails so at start at the default latency, latency: 0.1 avoids it';

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
