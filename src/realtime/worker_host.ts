/**
 * The worker entry point of a `WorkerStream` (internal). It loads the user's
 * DSP module, opens the PortAudio stream on this isolate (so the
 * thread-safe callback belongs to it), updates the shared status block from
 * the callback and obeys control messages from the main thread.
 *
 * @module
 */

import { InputStream, OutputStream, Stream } from "../portaudio/stream.ts";
import { SharedRingBuffer } from "./ringbuffer.ts";
import {
  type CallbackSamples,
  type CallbackStatus,
  type CallbackTime,
  registeredCallback,
  setWorkerContext,
  type WorkerCallback,
} from "./worker_api.ts";
import { F, INT_WORDS, S, STATE } from "./status.ts";
import type { HostMessage, InitMessage, WorkerReply } from "./messages.ts";

type AnyStream = Stream | InputStream | OutputStream;

/** This worker's global scope, typed for messaging. */
const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: MessageEvent<HostMessage>) => void) | null;
  close(): void;
};

let stream: AnyStream | undefined;
let ints: Int32Array;
let floats: Float64Array;

function post(msg: WorkerReply): void {
  scope.postMessage(msg);
}

function errorInfo(e: unknown): { name: string; message: string } {
  return e instanceof Error
    ? { name: e.name, message: e.message }
    : { name: "Error", message: String(e) };
}

/** The default callback: plays what the main thread wrote, passes input to it. */
function passThrough(
  toWorker: SharedRingBuffer | null,
  fromWorker: SharedRingBuffer | null,
): WorkerCallback {
  return (indata, outdata) => {
    if (outdata !== null && toWorker !== null) {
      const n = toWorker.read(outdata) * toWorker.channels;
      if (n < outdata.length) {
        outdata.fill(0, n);
        Atomics.add(ints, S.ringUnderruns, 1);
      }
    }
    if (indata !== null && fromWorker !== null) {
      const n = fromWorker.write(indata) * fromWorker.channels;
      if (n < indata.length) Atomics.add(ints, S.ringOverruns, 1);
    }
  };
}

async function init(msg: InitMessage): Promise<void> {
  ints = new Int32Array(msg.status, 0, INT_WORDS);
  floats = new Float64Array(msg.status, INT_WORDS * 4);
  const toWorker = msg.toWorker ? SharedRingBuffer.from(msg.toWorker) : null;
  const fromWorker = msg.fromWorker
    ? SharedRingBuffer.from(msg.fromWorker)
    : null;
  setWorkerContext({ toWorker, fromWorker, data: msg.data });
  let user: WorkerCallback | undefined;
  if (msg.module !== undefined) {
    const mod = await import(msg.module);
    user = registeredCallback() ??
      (typeof mod.default === "function" ? mod.default : undefined);
    if (user === undefined) {
      throw new TypeError(
        `the worker module ${msg.module} neither called registerCallback() nor has a default export function`,
      );
    }
  }
  const cb: WorkerCallback = user ?? passThrough(toWorker, fromWorker);
  const callback = (
    indata: CallbackSamples | null,
    outdata: CallbackSamples | null,
    frames: number,
    time: CallbackTime,
    status: CallbackStatus,
  ): void => {
    const n = Atomics.add(ints, S.callbacks, 1);
    if ((n & 63) === 0 && stream !== undefined) {
      floats[F.cpuLoad] = stream.cpuLoad; // a synchronous, non-waiting call
    }
    floats[F.frames] += frames;
    if (status.inputUnderflow) Atomics.add(ints, S.inputUnderflows, 1);
    if (status.inputOverflow) Atomics.add(ints, S.inputOverflows, 1);
    if (status.outputUnderflow) Atomics.add(ints, S.outputUnderflows, 1);
    if (status.outputOverflow) Atomics.add(ints, S.outputOverflows, 1);
    if (status.primingOutput) Atomics.add(ints, S.primingOutputs, 1);
    cb(indata, outdata, frames, time, status);
  };
  const options = {
    ...msg.options,
    callback,
    finishedCallback: () => {
      Atomics.store(ints, S.state, STATE.finished);
    },
  };
  // deno-lint-ignore no-explicit-any
  const opts = options as any;
  stream = msg.kind === "input"
    ? new InputStream(opts)
    : msg.kind === "output"
    ? new OutputStream(opts)
    : new Stream(opts);
  const s = stream;
  s.finished.then(() => {
    toWorker?.close();
    fromWorker?.close();
    post({
      op: "finished",
      error: s.callbackError === undefined || s.callbackError === null
        ? undefined
        : errorInfo(s.callbackError),
    });
  }, () => {});
  Atomics.store(ints, S.state, STATE.stopped);
  post({
    op: "ready",
    info: {
      samplerate: s.samplerate,
      blocksize: s.blocksize,
      channels: s.channels,
      dtype: s.dtype,
      latency: s.latency,
      device: s.device,
    },
  });
}

async function control(
  op: "start" | "stop" | "abort" | "close",
): Promise<void> {
  const s = stream;
  if (s === undefined) throw new Error("the stream is not open");
  switch (op) {
    case "start":
      await s.start();
      Atomics.store(ints, S.state, STATE.active);
      break;
    case "stop":
      await s.stop();
      Atomics.store(ints, S.state, STATE.stopped);
      break;
    case "abort":
      await s.abort();
      Atomics.store(ints, S.state, STATE.stopped);
      break;
    case "close":
      await s.close();
      Atomics.store(ints, S.state, STATE.closed);
      break;
  }
  try {
    if (op !== "close") floats[F.cpuLoad] = s.cpuLoad;
  } catch {
    // cpu load is informative only
  }
}

scope.onmessage = async (e: MessageEvent<HostMessage>) => {
  const msg = e.data;
  if (msg.op === "init") {
    try {
      await init(msg);
    } catch (err) {
      if (ints !== undefined) Atomics.store(ints, S.state, STATE.failed);
      post({ op: "failed", error: errorInfo(err) });
    }
    return;
  }
  try {
    await control(msg.op);
    post({ op: "done", id: msg.id });
  } catch (err) {
    post({ op: "done", id: msg.id, error: errorInfo(err) });
  }
  if (msg.exit) scope.close();
};
