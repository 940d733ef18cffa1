/**
 * The callback adapter of PortAudio callback streams: turns PortAudio's
 * `PaStreamCallback` into python-sounddevice's calling convention
 * (`(outdata, frames, time, status)` for output streams,
 * `(indata, frames, time, status)` for input streams,
 * `(indata, outdata, frames, time, status)` for duplex streams), with
 * zero-copy views of PortAudio's buffers, silence in `outdata` before the
 * user's code runs, and the callback signals translated into PortAudio's
 * callback results.
 *
 * @module
 */

import {
  PA_STREAM_CALLBACK,
  PaStreamCallbackTimeInfo,
} from "../../ffi/portaudio.ts";
import { PaStreamCallbackResult } from "../../ffi/portaudio_constants.ts";
import { CallbackAbort, CallbackStop, type StreamTime } from "./callback.ts";
import { CallbackFlags } from "./flags.ts";
import { CTORS, type Direction } from "./stream_options.ts";
import type { DType } from "./defaults.ts";

/** What the adapter asks of the stream that owns it. */
export interface CallbackHooks {
  /**
   * Called first in every callback: when the stream is playing out (after
   * `stop()` or CallbackStop), the PortAudio result to return without calling
   * the user (the output is silence); otherwise `-1`.
   */
  playout(frames: number, hasOutput: boolean): number;
  /** The user threw CallbackStop: the PortAudio result to return. */
  stop(hasOutput: boolean): number;
  /** The user threw CallbackAbort. */
  abort(): void;
  /** The user threw something else. */
  fail(error: unknown): void;
}

/**
 * How a callback stream with output ends after `stop()` or CallbackStop:
 * it keeps sending silence, without calling the user, until what was
 * queued before has reached the speaker (the output latency plus 50 ms),
 * then completes.
 */
export class Playout {
  /** Frames of silence still to send; -1 while not playing out. */
  #drainFrames = -1;
  /** `stop()` (or abort/close) asked the stream to end. */
  stopRequested = false;

  /**
   * @param latency The stream's output latency in seconds (0 once closing).
   * @param samplerate Frames per second.
   * @param duplex Whether the stream also has input.
   */
  constructor(
    readonly latency: () => number,
    readonly samplerate: number,
    readonly duplex: boolean,
  ) {}

  /** Forgets a previous run's play-out (at start). */
  reset(): void {
    this.#drainFrames = -1;
    this.stopRequested = false;
  }

  /** Starts playing out (CallbackStop). */
  begin(): void {
    this.#drainFrames = this.#frames();
  }

  /**
   * The callback's first question: the PortAudio result to return without
   * calling the user while playing out, otherwise -1.
   *
   * @param frames Frames of this block.
   * @param hasOutput Whether PortAudio passed an output buffer.
   * @returns `paContinue`/`paComplete`, or -1 to call the user.
   */
  next(frames: number, hasOutput: boolean): number {
    if (this.#drainFrames < 0 && !this.stopRequested) return -1;
    if (!hasOutput) {
      // An input-only block (neverDropInput) while playing out: PortAudio
      // still has output to deliver, so keep going until an output block.
      return this.duplex
        ? PaStreamCallbackResult.paContinue
        : PaStreamCallbackResult.paComplete;
    }
    if (this.#drainFrames < 0) this.#drainFrames = this.#frames();
    this.#drainFrames -= frames;
    return this.#drainFrames <= 0
      ? PaStreamCallbackResult.paComplete
      : PaStreamCallbackResult.paContinue;
  }

  /** Frames of silence that cover the output latency (what is queued downstream). */
  #frames(): number {
    return Math.ceil((this.latency() + 0.05) * this.samplerate);
  }
}

/** The adapter's view of the stream. */
export interface CallbackSpec {
  kind: "input" | "output" | "duplex";
  raw: boolean;
  input: Direction | null;
  output: Direction | null;
  /** Fill `outdata` with silence before each call. */
  prefillSilence: boolean;
}

type View = ArrayBufferView & { fill(value: number): unknown };
type ViewCtor = new (buffer: ArrayBuffer | number) => View;

/** Zero-copy views of one direction's buffers, re-made only when PortAudio hands another one. */
class Views {
  readonly #ctor: ViewCtor;
  readonly #frameBytes: number;
  readonly #samplesPerFrame: number;
  readonly silence: number;
  #ptr: Deno.PointerObject | null = null;
  #frames = -1;
  #view: View | null = null;
  #scratch: View | null = null;

  constructor(dir: Direction, raw: boolean) {
    this.#ctor = (raw ? Uint8Array : CTORS[dir.dtype as DType]) as ViewCtor;
    this.#frameBytes = dir.frameBytes;
    this.#samplesPerFrame = raw ? dir.frameBytes : dir.channels;
    // Silence: 0 for signed and float samples, the midpoint for uint8.
    this.silence = dir.dtype === "uint8" ? 0x80 : 0;
  }

  /** A view of PortAudio's buffer at `ptr`. */
  of(ptr: Deno.PointerObject, frames: number): View {
    if (
      this.#view === null || frames !== this.#frames ||
      !Deno.UnsafePointer.equals(ptr, this.#ptr)
    ) {
      this.#ptr = ptr;
      this.#frames = frames;
      this.#view = new this.#ctor(
        Deno.UnsafePointerView.getArrayBuffer(ptr, frames * this.#frameBytes),
      );
    }
    return this.#view;
  }

  /** A buffer of silence standing in for one PortAudio did not pass. */
  scratch(frames: number): View {
    const length = frames * this.#samplesPerFrame;
    const s = this.#scratch;
    if (s === null || (s as unknown as { length: number }).length !== length) {
      this.#scratch = new this.#ctor(length);
    }
    this.#scratch!.fill(this.silence);
    return this.#scratch!;
  }
}

/**
 * Creates the thread-safe native callback for a stream.
 *
 * @param spec The stream's directions and settings.
 * @param user The user's callback (argument order by `spec.kind`).
 * @param hooks The stream's state machine.
 * @returns The native callback (the caller owns and closes it).
 */
export function makeStreamCallback(
  spec: CallbackSpec,
  user: (...args: never[]) => void,
  hooks: CallbackHooks,
): Deno.UnsafeCallback<typeof PA_STREAM_CALLBACK> {
  const fn = user as unknown as (...args: unknown[]) => void;
  const inViews = spec.input ? new Views(spec.input, spec.raw) : null;
  const outViews = spec.output ? new Views(spec.output, spec.raw) : null;
  const prefill = spec.prefillSilence;
  const kind = spec.kind;
  const status = new CallbackFlags();
  const time: StreamTime = {
    inputBufferAdcTime: 0,
    outputBufferDacTime: 0,
    currentTime: 0,
  };
  let timePtr: Deno.PointerObject | null = null;
  let timeView: Deno.UnsafePointerView | null = null;
  const oT = PaStreamCallbackTimeInfo.offsets;
  const { paContinue, paAbort } = PaStreamCallbackResult;
  return Deno.UnsafeCallback.threadSafe(
    PA_STREAM_CALLBACK,
    (ip, op, frameCount, tp, flags): number => {
      const frames = Number(frameCount);
      // PortAudio passes no output buffer for input-only blocks of a
      // neverDropInput duplex stream, and may pass no input while priming:
      // the callback then gets a scratch buffer (silence, never played).
      const outdata = outViews === null
        ? null
        : op !== null
        ? outViews.of(op, frames)
        : null;
      const hasOutput = outdata !== null;
      const early = hooks.playout(frames, hasOutput);
      if (early >= 0) {
        outdata?.fill(outViews!.silence);
        return early;
      }
      if (prefill && outdata !== null) outdata.fill(outViews!.silence);
      const indata = inViews === null
        ? null
        : ip !== null
        ? inViews.of(ip, frames)
        : inViews.scratch(frames);
      if (tp !== null) {
        if (timePtr === null || !Deno.UnsafePointer.equals(tp, timePtr)) {
          timePtr = tp;
          timeView = new Deno.UnsafePointerView(tp);
        }
        time.inputBufferAdcTime = timeView!.getFloat64(oT.inputBufferAdcTime);
        time.outputBufferDacTime = timeView!.getFloat64(oT.outputBufferDacTime);
        time.currentTime = timeView!.getFloat64(oT.currentTime);
      }
      status.assign(Number(flags));
      try {
        if (kind === "output") fn(outdata, frames, time, status);
        else if (kind === "input") fn(indata, frames, time, status);
        else {
          fn(
            indata,
            outdata ?? outViews!.scratch(frames),
            frames,
            time,
            status,
          );
        }
        return paContinue;
      } catch (e) {
        if (e instanceof CallbackStop) return hooks.stop(hasOutput);
        // What a failed or aborted block left behind is never played.
        outdata?.fill(outViews!.silence);
        if (e instanceof CallbackAbort) hooks.abort();
        else hooks.fail(e);
        return paAbort;
      }
    },
  );
}
