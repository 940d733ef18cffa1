/**
 * The main thread's blocking-style I/O of a `WorkerStream` (internal):
 * `read()`, `write()` and the frame endpoints the async I/O helpers drive,
 * over the shared rings.
 *
 * As on a main-isolate stream, audio moves only while the stream runs: a
 * call on a stream that was never started, or was stopped, aborted or
 * closed, rejects at once with the `PortAudioError` a main-isolate stream
 * gives for it (`paStreamIsStopped`, or `paBadStreamPtr` after close()),
 * instead of waiting for a callback that will never come. A call pending
 * when the run ends settles then: a write resolves with the frames it
 * handed over, a read rejects saying how many of its frames it got (as a
 * main-isolate stream's read cut short by close() does).
 *
 * @module
 */

import type { RingDType, RingSamples, SharedRingBuffer } from "./ringbuffer.ts";
import type { FrameEndpoint } from "./endpoints.ts";
import type { WorkerStreamKind } from "./messages.ts";
import { describeValue } from "../options.ts";
import { PortAudioError } from "../portaudio/errors.ts";
import { PaErrorCode } from "../../ffi/portaudio_constants.ts";

/** How a run ended, as the messages say it. */
export type RunEnd = "stopped" | "aborted" | "closed" | "ended";

/** Longest single wait on a ring before the run's state is looked at again. */
const SLICE_MS = 250;

/** Largest read: 2^24 frames (about 6 minutes at 48 kHz). */
const MAX_READ_FRAMES = 2 ** 24;

const ARRAYS: Record<RingDType, new (n: number) => RingSamples> = {
  float32: Float32Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
};

/** One run of the stream, from a start() to its end. */
class Run {
  ended: RunEnd | null = null;
  /** stop() of a pass-through stream waits for pending calls: refuse new ones. */
  stopping = false;
  cause: Error | undefined;
  readonly done: Promise<void>;
  #resolve!: () => void;

  constructor() {
    this.done = new Promise((r) => (this.#resolve = r));
  }

  end(how: RunEnd, cause?: Error): void {
    if (this.ended !== null) return;
    this.ended = how;
    this.cause = cause;
    this.#resolve();
  }
}

/** What the I/O needs of its stream. */
export interface WorkerIoHost {
  readonly kind: WorkerStreamKind;
  /** `true` once close() began. */
  closed(): boolean;
  /** The state for messages (`"stopped"`, `"opening"`, ...). */
  state(): string;
  /** The stream's sample rate (or a guess before it opened). */
  samplerate(): number;
  /** Keeps the stream and the program alive while a call is pending. */
  hold(): void;
  /** Undoes one hold(). */
  unhold(): void;
}

/** The rings' main-thread side and the runs of one `WorkerStream`. */
export class WorkerIo {
  readonly #host: WorkerIoHost;
  readonly #toWorker: SharedRingBuffer | null;
  readonly #fromWorker: SharedRingBuffer | null;
  #run: Run | null = null;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #endpoints = new Map<string, FrameEndpoint>();

  /**
   * @param host The stream.
   * @param toWorker Main → worker ring (output and duplex).
   * @param fromWorker Worker → main ring (input and duplex).
   */
  constructor(
    host: WorkerIoHost,
    toWorker: SharedRingBuffer | null,
    fromWorker: SharedRingBuffer | null,
  ) {
    this.#host = host;
    this.#toWorker = toWorker;
    this.#fromWorker = fromWorker;
  }

  /** The worker started the stream: audio moves from now on. */
  started(): void {
    const run = this.#run;
    if (run !== null && run.ended === null && !run.stopping) return; // running
    run?.end("stopped");
    this.#run = new Run();
  }

  /**
   * The run ends (stop/abort/close called, or the stream ended by itself):
   * pending calls settle, new ones are refused.
   */
  end(how: RunEnd, cause?: Error): void {
    this.#run?.end(how, cause);
  }

  /**
   * For stop() of a pass-through stream, which plays what was written as a
   * main-isolate stream's stop() does: refuses new calls, waits until the
   * pending ones finished, then until the callback took every frame written
   * (the pass-through callback moves the rings at the device's rate while
   * the stream runs; a run that ends meanwhile ends the wait).
   */
  async finishPending(): Promise<void> {
    const run = this.#run;
    if (run === null || run.ended !== null) return;
    run.stopping = true;
    await Promise.allSettled([...this.#pending]);
    // what was written is still in the ring: let the callback take it all
    const ring = this.#toWorker;
    if (ring === null) return;
    while (run.ended === null && !ring.closed && ring.availableRead > 0) {
      await Promise.race([
        ring.waitWritable(ring.capacity, SLICE_MS),
        run.done,
      ]);
    }
  }

  #closedError(call: string): PortAudioError {
    return new PortAudioError(
      `WorkerStream is closed: ${call}() is not allowed after close()`,
      { code: PaErrorCode.paBadStreamPtr, call: `WorkerStream.${call}` },
    );
  }

  #stoppedError(call: string, write: boolean, run: Run | null): PortAudioError {
    const how = run?.ended === "ended"
      ? "it ended by itself"
      : run?.ended
      ? `it was ${run.ended}`
      : run?.stopping
      ? "it is stopping"
      : this.#host.state() === "opening"
      ? "it is still opening"
      : this.#host.state() === "failed"
      ? "it could not be opened (see its ready promise)"
      : "it was never started";
    return new PortAudioError(
      `WorkerStream: Error ${
        write ? "writing to" : "reading from"
      } stream: Stream is stopped (${call}() needs a running WorkerStream; ${how}: call start() first)`,
      {
        code: PaErrorCode.paStreamIsStopped,
        call: `WorkerStream.${call}`,
        cause: run?.cause,
      },
    );
  }

  /** The current run, or the error a call on a stream not running gets. */
  #running(call: string, write: boolean): Run {
    if (this.#host.closed()) throw this.#closedError(call);
    const run = this.#run;
    if (run === null || run.ended !== null || run.stopping) {
      throw this.#stoppedError(call, write, run);
    }
    return run;
  }

  async #track<T>(job: () => Promise<T>): Promise<T> {
    this.#host.hold();
    const p = job();
    this.#pending.add(p);
    try {
      return await p;
    } finally {
      this.#pending.delete(p);
      this.#host.unhold();
    }
  }

  /** Checks samples: the ring's typed array, live, whole frames. */
  #checkData(
    where: string,
    data: unknown,
    ring: SharedRingBuffer,
  ): RingSamples {
    const Ctor = ARRAYS[ring.dtype];
    if (!(data instanceof Ctor)) {
      throw new TypeError(
        `${where} must be a ${Ctor.name} for dtype "${ring.dtype}", got ${
          describeValue(data)
        }`,
      );
    }
    if ((data.buffer as ArrayBuffer).detached) {
      throw new TypeError(`${where} is a detached ${Ctor.name}`);
    }
    if (data.length % ring.channels !== 0) {
      throw new RangeError(
        `${where}: ${data.length} samples is not a whole number of frames of ${ring.channels} samples (${ring.channels} channels)`,
      );
    }
    return data;
  }

  /**
   * Hands `data` to the worker, awaiting only while the ring is full.
   *
   * @param data Samples of the output dtype, whole frames.
   * @returns Frames written: all of them unless the run ended first.
   */
  async write(data: RingSamples): Promise<number> {
    const ring = this.#toWorker;
    if (ring === null) {
      throw new TypeError(
        `WorkerStream.write: this ${this.#host.kind} WorkerStream has no output (write() needs kind "output" or "duplex")`,
      );
    }
    if (this.#host.closed()) throw this.#closedError("write");
    const src = this.#checkData("WorkerStream.write: data", data, ring);
    // nothing to move moves nothing, running or not (as PortAudio's 0 frames)
    if (src.length === 0) return 0;
    const run = this.#running("write", true);
    const ch = ring.channels;
    const total = src.length / ch;
    let done = ring.write(src);
    if (done === total) return done;
    return await this.#track(async () => {
      while (done < total) {
        const want = Math.min(total - done, ring.capacity >>> 1 || 1);
        await Promise.race([ring.waitWritable(want, SLICE_MS), run.done]);
        // (a closed ring, too: the worker ended the stream's I/O)
        if (run.ended !== null || this.#host.closed() || ring.closed) break;
        done += ring.write(src.subarray(done * ch));
      }
      return done;
    });
  }

  /**
   * Reads `frames` frames from the worker, awaiting only while the ring is
   * empty.
   *
   * @param frames How many.
   * @returns The samples.
   */
  async read(frames: number): Promise<RingSamples> {
    const ring = this.#fromWorker;
    if (ring === null) {
      throw new TypeError(
        `WorkerStream.read: this ${this.#host.kind} WorkerStream has no input (read() needs kind "input" or "duplex")`,
      );
    }
    if (this.#host.closed()) throw this.#closedError("read");
    if (
      typeof frames !== "number" || !Number.isInteger(frames) || frames < 0 ||
      frames > MAX_READ_FRAMES
    ) {
      const Cls = typeof frames === "number" ? RangeError : TypeError;
      throw new Cls(
        `WorkerStream.read: frames must be an integer from 0 to ${MAX_READ_FRAMES}, got ${
          describeValue(frames)
        }`,
      );
    }
    if (frames === 0) return new ARRAYS[ring.dtype](0);
    const run = this.#running("read", false);
    const ch = ring.channels;
    const buf = new ARRAYS[ring.dtype](frames * ch);
    let done = ring.read(buf);
    if (done === frames) return buf;
    return await this.#track(async () => {
      while (done < frames) {
        const want = Math.min(frames - done, ring.capacity);
        await Promise.race([ring.waitReadable(want, SLICE_MS), run.done]);
        done += ring.read(buf.subarray(done * ch));
        if (done === frames) break;
        const how = this.#host.closed() || ring.closed ? "closed" : run.ended;
        if (how !== null) {
          throw new PortAudioError(
            `WorkerStream ${
              how === "ended" ? "ended" : `was ${how}`
            } during read(): ${done} of ${frames} frames read`,
            {
              code: how === "closed"
                ? PaErrorCode.paBadStreamPtr
                : PaErrorCode.paStreamIsStopped,
              call: "WorkerStream.read",
              cause: run.cause,
            },
          );
        }
      }
      return buf;
    });
  }

  /**
   * The main-thread side of a ring as a frame endpoint for `writeAll()`,
   * `readFull()`, `inputBlocks()`, `captureStream()` and `playbackStream()`:
   * moving frames needs a running stream, and a wait ends when the run does.
   *
   * @param direction `"read"` (from the worker) or `"write"` (to it).
   * @returns The endpoint (the same one for each call).
   */
  endpoint(direction: "read" | "write"): FrameEndpoint {
    if (direction !== "read" && direction !== "write") {
      throw new TypeError(
        `WorkerStream.endpoint(direction) must be "read" or "write", got ${
          describeValue(direction)
        }`,
      );
    }
    const ring = direction === "read" ? this.#fromWorker : this.#toWorker;
    if (ring === null) {
      throw new TypeError(
        `WorkerStream.endpoint: this ${this.#host.kind} WorkerStream has no ${direction} direction`,
      );
    }
    const cached = this.#endpoints.get(direction);
    if (cached !== undefined) return cached;
    const write = direction === "write";
    const call = write ? "write" : "read";
    const samples = `samples moved ${write ? "to" : "from"} a WorkerStream`;
    const host = this.#host;
    const Ctor = ARRAYS[ring.dtype];
    const closed = (): boolean => ring.closed || host.closed();
    const ep: FrameEndpoint = {
      get samplerate(): number {
        return host.samplerate();
      },
      channels: ring.channels,
      get closed(): boolean {
        return closed();
      },
      allocate: (n) => new Ctor(n),
      writable: () => {
        if (!closed()) this.#running(call, true);
        return ring.availableWrite;
      },
      writeNow: (src) => {
        if (closed()) return 0;
        this.#running(call, true);
        return ring.write(this.#checkData(samples, src, ring));
      },
      readable: () => {
        if (!closed()) this.#running(call, false);
        return ring.availableRead;
      },
      readNow: (dst) => {
        if (!closed()) this.#running(call, false);
        return ring.read(this.#checkData(samples, dst, ring));
      },
      wait: async (frames, dir) => {
        if (closed()) return false;
        const run = this.#running(call, write);
        const wait = dir === "read"
          ? ring.waitReadable(frames, SLICE_MS)
          : ring.waitWritable(frames, SLICE_MS);
        host.hold();
        try {
          await Promise.race([wait, run.done]);
        } finally {
          host.unhold();
        }
        if (closed()) return false;
        if (run.ended !== null) {
          // a write ends with the frames handed over; a read says it was cut
          if (write) return false;
          throw this.#stoppedError(call, write, run);
        }
        return true;
      },
    };
    this.#endpoints.set(direction, ep);
    return ep;
  }
}
