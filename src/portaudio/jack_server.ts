/**
 * Streams on JACK whose server went away.
 *
 * When the JACK server dies, PortAudio 19.6's JACK host API marks its
 * streams inactive (its `jack_on_shutdown` handler) but calls no finished
 * callback, and `Pa_StopStream`, `Pa_AbortStream` and `Pa_CloseStream`
 * then wait for a process callback that never comes (measured: a C program
 * doing the same was still waiting in `Pa_StopStream` after 12 s). A
 * {@linkcode ServerWatch} notices the condition PortAudio leaves behind
 * (inactive, not stopped, no finished callback) so that the stream can say
 * its device went away and skip the calls that would never return.
 *
 * @module
 */

import { PaDeviceInfo, PaHostApiInfo } from "../../ffi/portaudio.ts";
import { readField } from "../../ffi/struct.ts";
import { PaErrorCode, PaHostApiTypeId } from "../../ffi/portaudio_constants.ts";
import { PortAudioError } from "./errors.ts";
import { paSymbols } from "./library.ts";

/**
 * Whether `device` belongs to PortAudio's JACK host API.
 *
 * @param device A PortAudio device index.
 * @returns `true` for a JACK device.
 */
export function onJack(device: number): boolean {
  const pa = paSymbols();
  const d = pa.Pa_GetDeviceInfo(device);
  if (d === null) return false;
  const hostApi = readField(
    new Deno.UnsafePointerView(d),
    PaDeviceInfo,
    "hostApi",
  ) as number;
  const h = pa.Pa_GetHostApiInfo(hostApi);
  if (h === null) return false;
  return readField(new Deno.UnsafePointerView(h), PaHostApiInfo, "type") ===
    PaHostApiTypeId.paJACK;
}

/**
 * The error of a stream whose JACK server went away.
 *
 * @param name The stream's class name.
 * @param device Its device index (or pair).
 * @returns A `PortAudioError` with code `paDeviceUnavailable`.
 */
export function jackGoneError(
  name: string,
  device: number | [number, number],
): PortAudioError {
  return new PortAudioError(
    `${name} ended by itself: the JACK server went away (device ${
      JSON.stringify(device)
    }). PortAudio cannot stop or close a stream on JACK after that; ` +
      `stop() and close() only release it here`,
    { code: PaErrorCode.paDeviceUnavailable, call: "jack_on_shutdown" },
  );
}

/** How often a running JACK stream is looked at, in ms. */
const POLL_MS = 100;

/**
 * Watches a running stream on JACK for the end of its server. It reports
 * the loss after two looks in a row (at least 100 ms apart) found the
 * stream inactive, not stopped and without a finished callback: a callback
 * that completed by itself has had its finished callback delivered by then.
 * The timer does not keep the program alive.
 */
export class ServerWatch {
  #timer: ReturnType<typeof setInterval> | null = null;
  #seen = 0;

  /**
   * @param handle The `PaStream*`.
   * @param finished `true` once the stream's finished callback has run (or
   *   it was stopped, aborted or closed).
   * @param onGone Called once when the server is found gone.
   */
  constructor(
    readonly handle: Deno.PointerObject,
    readonly finished: () => boolean,
    readonly onGone: () => void,
  ) {}

  /** Starts watching (after a successful `Pa_StartStream`). */
  start(): void {
    this.stop();
    this.#seen = 0;
    const timer = setInterval(() => {
      if (this.gone()) {
        this.stop();
        this.onGone();
      }
    }, POLL_MS);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** Stops watching. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * One look: `true` once the server has been seen gone twice in a row.
   *
   * @returns Whether the stream lost its server.
   */
  gone(): boolean {
    if (this.finished()) {
      this.#seen = 0;
      return false;
    }
    const pa = paSymbols();
    const lost = pa.Pa_IsStreamActive(this.handle) === 0 &&
      pa.Pa_IsStreamStopped(this.handle) === 0;
    this.#seen = lost ? this.#seen + 1 : 0;
    return this.#seen >= 2;
  }

  /**
   * Looks until the question is settled: whether a stream that is inactive
   * and not stopped right now lost its server (waits up to two poll
   * periods for a finished callback still on its way).
   *
   * @returns Whether the stream lost its server.
   */
  async settle(): Promise<boolean> {
    this.#seen = 0;
    for (let i = 0; i < 3; i++) {
      if (this.gone()) return true;
      if (this.#seen === 0) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return false;
  }
}
