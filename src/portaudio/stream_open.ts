/**
 * Opening a PortAudio stream for `BaseStream`: the directions resolved
 * against the defaults and the device, the native callbacks, and the
 * `Pa_OpenStream` call with the ALSA extras around it.
 *
 * @module
 */

import {
  type PA_STREAM_CALLBACK,
  PA_STREAM_FINISHED_CALLBACK,
} from "../../ffi/portaudio.ts";
import { PaErrorCode } from "../../ffi/portaudio_constants.ts";
import { describeValue } from "../options.ts";
import { PortAudioError } from "./errors.ts";
import { defaults } from "./defaults.ts";
import { check, paSymbols } from "./library.ts";
import { type CallbackHooks, makeStreamCallback } from "./stream_callback.ts";
import {
  alsaSettingsOf,
  type AnyStreamOptions,
  buildDirection,
  checkNeverDropInput,
  type Direction,
  isFormatSupported,
  resolveSamplerate,
  streamFlags,
} from "./stream_options.ts";
import { onJack } from "./jack_server.ts";

/**
 * Largest block size: 2^24 frames (about six minutes at 48 kHz). PortAudio's
 * pulse host never started a stream of 2^31 frames (start() did not return).
 */
export const MAX_BLOCKSIZE = 2 ** 24;

/** Which directions a stream has. */
export type Kind = "input" | "output" | "duplex";

/** What the stream's settings resolved to, before anything is opened. */
export interface StreamSettings {
  readonly input: Direction | null;
  readonly output: Direction | null;
  readonly samplerate: number;
  readonly blocksize: number;
  /** The stream is on PortAudio's JACK host API. */
  readonly jack: boolean;
}

/**
 * Resolves a stream's directions, sample rate and block size, and asks
 * PortAudio whether the device supports them.
 *
 * @param kind The stream's directions.
 * @param raw Raw (bytes) or typed samples.
 * @param options The (already key-checked) options.
 * @returns The resolved settings.
 * @throws {RangeError} For a block size that is not an integer from 0 to 2^24.
 * @throws {PortAudioError} When the device refuses the settings.
 */
export function resolveSettings(
  kind: Kind,
  raw: boolean,
  options: AnyStreamOptions,
): StreamSettings {
  const blocksize = options.blocksize ?? defaults.blocksize;
  if (
    !Number.isInteger(blocksize) || blocksize < 0 || blocksize > MAX_BLOCKSIZE
  ) {
    throw new RangeError(
      `blocksize: ${
        describeValue(blocksize)
      } is not a block size (an integer from 0 to 2^24 = ${MAX_BLOCKSIZE}; 0 lets the host choose)`,
    );
  }
  const input = kind !== "output"
    ? buildDirection("input", 0, options, raw)
    : null;
  const output = kind !== "input"
    ? buildDirection("output", 1, options, raw)
    : null;
  const samplerate = resolveSamplerate(
    options,
    [input, output].filter((d): d is Direction => !!d),
  );
  if (kind === "duplex") checkNeverDropInput(options, [input!, output!]);
  isFormatSupported(input, output, samplerate);
  const jack = [input, output].some((d) => d !== null && onJack(d.device));
  return { input, output, samplerate, blocksize, jack };
}

/**
 * Refuses a blocking (callback-less) stream on JACK whose frames are not
 * 8 bytes long. PortAudio's JACK host API emulates `read()`/`write()` with
 * ring buffers that assume 8-byte frames (two float32 samples) whatever the
 * stream's channels and sample format: any other frame size overruns the
 * buffers it copies (a mono float32 `Pa_ReadStream` crashed a C program in
 * 3 of 3 runs, valgrind shows the invalid accesses for mono int16).
 */
function checkJackBlocking(
  name: string,
  directions: readonly (Direction | null)[],
): void {
  for (const d of directions) {
    if (d === null || d.frameBytes === 8) continue;
    throw new PortAudioError(
      `${name}: PortAudio's JACK host API can only read and write ` +
        `(a stream without a callback) frames of exactly 8 bytes, ` +
        `e.g. channels: 2 with dtype "float32" or "int32", or 4 channels of ` +
        `"int16"; this stream has ${d.channels} channel(s) of ${
          JSON.stringify(d.dtype)
        } (${d.frameBytes} bytes a frame), which would overrun its buffers. ` +
        `Use those settings, or a callback (the callback option, or a WorkerStream)`,
      { code: PaErrorCode.paInvalidChannelCount, call: "Pa_OpenStream" },
    );
  }
}

/** An open PortAudio stream and the native callbacks it calls. */
export interface OpenedStream {
  readonly handle: Deno.PointerObject;
  readonly callback: Deno.UnsafeCallback<typeof PA_STREAM_CALLBACK> | null;
  readonly finishedCb:
    | Deno.UnsafeCallback<typeof PA_STREAM_FINISHED_CALLBACK>
    | null;
}

/**
 * Opens the stream: builds the native callback (when `options.callback` is
 * a function), calls `Pa_OpenStream` and installs the finished callback.
 * Both native callbacks are unref'd: a running stream does not keep the
 * program alive by itself.
 *
 * @param name The class name, for messages.
 * @param kind The stream's directions.
 * @param raw Raw (bytes) or typed samples.
 * @param settings From {@linkcode resolveSettings}.
 * @param options The stream's options.
 * @param hooks The stream's state machine, for the callback.
 * @param onFinished Runs on this isolate when PortAudio's callback thread ends.
 * @returns The handle and the callbacks (the caller owns and closes them).
 * @throws {PortAudioError} When `Pa_OpenStream` fails.
 */
export function openPaStream(
  name: string,
  kind: Kind,
  raw: boolean,
  settings: StreamSettings,
  options: AnyStreamOptions,
  hooks: CallbackHooks,
  onFinished: () => void,
): OpenedStream {
  const pa = paSymbols();
  const { input, output, samplerate, blocksize } = settings;
  if (settings.jack && typeof options.callback !== "function") {
    checkJackBlocking(name, [input, output]);
  }
  const alsa = alsaSettingsOf(options);
  const numPeriods = alsa?.numPeriods;
  if (numPeriods !== undefined) {
    check(pa.PaAlsa_SetNumPeriods(numPeriods), "PaAlsa_SetNumPeriods");
  }
  const callback = typeof options.callback === "function"
    ? makeStreamCallback(
      {
        kind,
        raw,
        input,
        output,
        prefillSilence: options.prefillSilence ?? true,
      },
      options.callback as (...args: never[]) => void,
      hooks,
    )
    : null;
  const out = new BigUint64Array(1);
  const code = pa.Pa_OpenStream(
    out,
    input ? input.params : null,
    output ? output.params : null,
    samplerate,
    BigInt(blocksize),
    BigInt(streamFlags(options)),
    callback ? callback.pointer : null,
    null,
  );
  if (numPeriods !== undefined) pa.PaAlsa_SetNumPeriods(4); // restore PortAudio's default
  if (code < 0) {
    callback?.close();
    check(code, "Pa_OpenStream", `Error opening ${name}`);
  }
  const handle = Deno.UnsafePointer.create(out[0])!;
  let finishedCb = null;
  if (callback) {
    finishedCb = Deno.UnsafeCallback.threadSafe(
      PA_STREAM_FINISHED_CALLBACK,
      onFinished,
    );
    check(
      pa.Pa_SetStreamFinishedCallback(handle, finishedCb.pointer),
      "Pa_SetStreamFinishedCallback",
    );
    // A running stream must not keep the program alive by itself (Python
    // ends with its main thread too); awaiting `finished` does.
    callback.unref();
    finishedCb.unref();
  }
  if (alsa?.realtimeScheduling) {
    pa.PaAlsa_EnableRealtimeScheduling(handle, 1);
  }
  return { handle, callback, finishedCb };
}
