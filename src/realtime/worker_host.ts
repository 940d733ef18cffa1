/**
 * The worker entry point of a `WorkerStream` (internal). It raises its
 * thread to real-time scheduling when asked, loads the user's DSP module,
 * opens the PortAudio stream on this isolate (so the thread-safe callback
 * belongs to it), updates the shared status block from the callback and
 * obeys control messages from the main thread.
 *
 * Before this isolate ends, PortAudio must be terminated here: PortAudio's
 * JACK host API keeps a JACK client (with its own real-time thread running
 * PortAudio's code) from `Pa_Initialize` to `Pa_Terminate`, and a worker
 * torn down under it crashed the process. A `"close"` request therefore
 * closes the stream, terminates PortAudio and only then answers.
 *
 * @module
 */

import { InputStream, OutputStream, Stream } from "../portaudio/stream.ts";
import { CallbackAbort, CallbackStop } from "../portaudio/callback.ts";
import {
  adoptPortAudioLock,
  isInitialized,
  terminate,
  unterminatable,
} from "../portaudio/library.ts";
import { SharedRingBuffer } from "./ringbuffer.ts";
import {
  type AnyWorkerCallback,
  type CallbackSamples,
  type CallbackStatus,
  type CallbackTime,
  registeredCallback,
  setWorkerContext,
} from "./worker_api.ts";
import { F, INT_WORDS, S, STATE } from "./status.ts";
import type {
  EndReason,
  HostMessage,
  InitMessage,
  WorkerReply,
  WorkerStreamKind,
} from "./messages.ts";
import { describeError } from "./worker_errors.ts";
import { settingsFromWorkerData } from "./worker_options.ts";
import { describeValue } from "../options.ts";
import { queryDevices, queryHostapis } from "../portaudio/devices.ts";
import type { DeviceKind, DeviceSpec } from "../portaudio/devices.ts";
import { onJack } from "../portaudio/jack_server.ts";
import {
  allowedCpus,
  normalThisThread,
  raiseThisThread,
  type RealtimeState,
  unpinThisThread,
} from "./thread_priority.ts";

type AnyStream = Stream | InputStream | OutputStream;

/** This worker's global scope, typed for messaging. */
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: MessageEvent<HostMessage>) => void) | null;
  addEventListener(
    type: "error" | "unhandledrejection",
    listener: (e: Event) => void,
  ): void;
};

let stream: AnyStream | undefined;
let ints: Int32Array;
let rings: SharedRingBuffer[] = [];
let floats: Float64Array;
/** stop()/abort()/close() asked for since the last start. */
let requested: "stop" | "abort" | "close" | null = null;
/** The callback threw CallbackStop/CallbackAbort in this run. */
let endedByCallback: "callbackStop" | "callbackAbort" | null = null;
/** A start() succeeded and no stop()/abort() followed yet: a run will report its end. */
let runStarted = false;

/** Ends the main thread's waits on the rings (the stream will not run them again). */
function closeRings(): void {
  for (const r of rings) r.close();
}

function post(msg: WorkerReply): void {
  scope.postMessage(msg);
}

function setState(value: number): void {
  Atomics.store(ints, S.state, value);
  Atomics.notify(ints, S.state);
}

// An exception in the user's module outside the callback (a timer, a
// rejected promise) must not end this isolate under a running stream: it is
// reported to the main thread instead.
scope.addEventListener("error", (e) => {
  e.preventDefault();
  post({ op: "workerError", error: describeError((e as ErrorEvent).error) });
});
scope.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  post({
    op: "workerError",
    error: describeError((e as PromiseRejectionEvent).reason),
  });
});

/** The default callbacks: play what the main thread wrote, pass input to it. */
function passThrough(
  kind: WorkerStreamKind,
  toWorker: SharedRingBuffer | null,
  fromWorker: SharedRingBuffer | null,
): AnyWorkerCallback {
  const play = (outdata: CallbackSamples): void => {
    if (toWorker === null) return;
    const n = toWorker.read(outdata) * toWorker.channels;
    if (n < outdata.length) Atomics.add(ints, S.ringUnderruns, 1); // rest is silence
  };
  const pass = (indata: CallbackSamples): void => {
    if (fromWorker === null) return;
    const n = fromWorker.write(indata) * fromWorker.channels;
    if (n < indata.length) Atomics.add(ints, S.ringOverruns, 1);
  };
  if (kind === "output") return play;
  if (kind === "input") return pass;
  return (indata: CallbackSamples, outdata: CallbackSamples): void => {
    pass(indata);
    play(outdata);
  };
}

/**
 * The function given to the PortAudio stream: counts into the status block,
 * fills `outdata` with silence, then calls the user's callback with
 * python-sounddevice's arguments for the stream kind. It accepts both forms
 * a stream class may call it with: `(indata, outdata, frames, time, status)`
 * and the one-way `(data, frames, time, status)`.
 */
function adapter(
  kind: WorkerStreamKind,
  user: AnyWorkerCallback,
  silence: number,
): (
  a: CallbackSamples | null,
  b: CallbackSamples | null | number,
  c: number | CallbackTime,
  d: CallbackTime | CallbackStatus,
  e?: CallbackStatus,
) => void {
  return (a, b, c, d, e) => {
    let indata: CallbackSamples | null;
    let outdata: CallbackSamples | null;
    let frames: number;
    let time: CallbackTime;
    let status: CallbackStatus;
    if (typeof b === "number") {
      indata = kind === "output" ? null : a;
      outdata = kind === "output" ? a : null;
      frames = b;
      time = c as CallbackTime;
      status = d as CallbackStatus;
    } else {
      indata = a;
      outdata = b;
      frames = c as number;
      time = d as CallbackTime;
      status = e as CallbackStatus;
    }
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
    if (outdata !== null) outdata.fill(silence);
    try {
      if (kind === "output") user(outdata, frames, time, status);
      else if (kind === "input") user(indata, frames, time, status);
      else user(indata, outdata, frames, time, status);
    } catch (err) {
      if (err instanceof CallbackStop) {
        endedByCallback = "callbackStop";
      } else if (err instanceof CallbackAbort) {
        endedByCallback = "callbackAbort";
      } else if (outdata !== null) {
        outdata.fill(silence); // a failed callback leaves silence
      }
      throw err;
    }
  };
}

/**
 * The first device of the stream that is not on JACK, as "the output
 * device "pulse" is on ALSA", or `null` when all are on JACK.
 */
function deviceOffJack(msg: InitMessage): string | null {
  const device = msg.options.device as DeviceSpec | DeviceSpec[] | undefined;
  const kinds: DeviceKind[] = msg.kind === "duplex"
    ? ["input", "output"]
    : [msg.kind];
  for (const [i, kind] of kinds.entries()) {
    const spec = Array.isArray(device) ? device[i] : device;
    const info = queryDevices(spec ?? null, kind);
    if (!onJack(info.index)) {
      return `the ${kind} device ${JSON.stringify(info.name)} is on ${
        queryHostapis(info.hostapi).name
      }`;
    }
  }
  return null;
}

/**
 * `realtime.cpu` pins the worker and the audio threads it starts. Only
 * JACK's process thread waits for the worker without polling; elsewhere
 * (PortAudio's ALSA thread polls the pulse plugin while its sound server
 * client delivers) threads pinned with a real-time worker can starve each
 * other. Decided before the stream opens, so no such thread starts pinned:
 * `"auto"` unpins the worker there, an explicit CPU is refused.
 */
function pinOnJackOnly(
  msg: InitMessage,
  state: RealtimeState,
  before: readonly number[] | undefined,
): RealtimeState {
  const cpu = msg.realtime?.cpu;
  if (cpu === null || cpu === undefined || state.cpu === null) return state;
  const off = deviceOffJack(msg);
  if (off === null) return state;
  if (cpu !== "auto") {
    throw new TypeError(
      `WorkerStream: realtime.cpu pins the worker to a CPU on JACK devices only; ${off}. ` +
        'Leave cpu unset ("auto") or null there',
    );
  }
  if (before !== undefined) unpinThisThread(before);
  const cpus = allowedCpus();
  return { ...state, cpu: cpus?.length === 1 ? cpus[0] : null };
}

/** The CPUs this thread could use before `realtime.cpu` pinned it. */
let cpusBeforePin: number[] | undefined;

function applyRealtime(msg: InitMessage): RealtimeState {
  if (msg.realtime === null) return normalThisThread();
  cpusBeforePin = allowedCpus();
  const state = raiseThisThread(msg.realtime);
  if (msg.realtime.required && state.reason !== undefined) {
    throw new Deno.errors.PermissionDenied(
      `realtime.required: ${state.reason}`,
    );
  }
  return state;
}

/**
 * Imports the user's module. An error (the module is missing, does not
 * compile, or throws while it loads) keeps its class and says which module.
 */
async function loadModule(
  url: string,
): Promise<{ default?: AnyWorkerCallback }> {
  try {
    return await import(url);
  } catch (e) {
    const context = `WorkerStream: the worker module ${url} failed to load`;
    if (!(e instanceof Error)) {
      throw new Error(`${context}: it threw ${describeValue(e)}`, {
        cause: e,
      });
    }
    try {
      e.message = `${context}: ${e.message}`;
    } catch {
      throw new Error(`${context}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

async function init(msg: InitMessage): Promise<void> {
  adoptPortAudioLock(msg.paLock);
  ints = new Int32Array(msg.status, 0, INT_WORDS);
  floats = new Float64Array(msg.status, INT_WORDS * 4);
  let realtime = applyRealtime(msg);
  const toWorker = msg.toWorker ? SharedRingBuffer.from(msg.toWorker) : null;
  const fromWorker = msg.fromWorker
    ? SharedRingBuffer.from(msg.fromWorker)
    : null;
  rings = [toWorker, fromWorker].filter((r) => r !== null);
  setWorkerContext({ toWorker, fromWorker, data: msg.data });
  let user: AnyWorkerCallback | undefined;
  if (msg.module !== undefined) {
    const mod = await loadModule(msg.module);
    user = registeredCallback() ??
      (typeof mod.default === "function" ? mod.default : undefined);
    if (user === undefined) {
      throw new TypeError(
        `WorkerStream: the worker module ${msg.module} neither calls registerCallback() nor default-exports a function; ` +
          "it must do one of them with the stream callback",
      );
    }
  }
  const outType = msg.kind === "duplex"
    ? (msg.options.dtype as string[])[1]
    : msg.options.dtype;
  const callback = adapter(
    msg.kind,
    user ?? passThrough(msg.kind, toWorker, fromWorker),
    outType === "uint8" ? 0x80 : 0,
  );
  const options = {
    ...msg.options,
    ...(msg.options.extraSettings === undefined ? {} : {
      extraSettings: settingsFromWorkerData(msg.options.extraSettings),
    }),
    callback,
    finishedCallback: () => {
      if (Atomics.load(ints, S.state) === STATE.active) {
        setState(STATE.finished);
      }
    },
  };
  // deno-lint-ignore no-explicit-any
  const opts = options as any;
  realtime = pinOnJackOnly(msg, realtime, cpusBeforePin);
  stream = msg.kind === "input"
    ? new InputStream(opts)
    : msg.kind === "output"
    ? new OutputStream(opts)
    : new Stream(opts);
  const s = stream;
  // This isolate reports callback errors to the main thread, which prints
  // them when nobody listens there.
  s.addEventListener("error", () => {});
  s.addEventListener("finished", () => {
    const err = s.callbackError;
    const reason: EndReason = err !== undefined && err !== null
      ? "error"
      : endedByCallback ?? requested ?? "device";
    if (requested === null) closeRings();
    post({
      op: "finished",
      reason,
      error: reason === "error" ? describeError(err) : undefined,
    });
  });
  setState(STATE.stopped);
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
    realtime,
  });
}

/** Closes the stream (if any) and terminates PortAudio in this isolate. */
async function release(): Promise<void> {
  try {
    requested = "close";
    if (stream !== undefined) await stream.close();
    setState(STATE.closed);
  } finally {
    closeRings();
    // (Not after a JACK server went away under the stream: PortAudio would
    // wait for it for good; its audio thread no longer calls this isolate.)
    if (isInitialized() && unterminatable() === null) {
      await terminate({ closeStreams: true });
    }
    Atomics.store(ints, S.released, 1);
    Atomics.notify(ints, S.released);
  }
}

/** Longest wait for PortAudio's finished callback after a stop or abort. */
const FINISHED_WAIT_MS = 2000;

/**
 * Waits until the stream reported the end of its run: PortAudio's finished
 * callback reaches this isolate as a queued call that may come after
 * `stop()` resolved, and were the next `start()` first, that late end would
 * be taken for the end of the new run (as a lost device).
 */
async function runEnded(s: AnyStream): Promise<void> {
  if (!runStarted) return; // never started, or its end was awaited already
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    s.finished.then(() => {}, () => {}),
    new Promise<void>((r) => (timer = setTimeout(r, FINISHED_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

async function control(
  op: "start" | "stop" | "abort" | "close",
): Promise<void> {
  if (op === "close") return await release();
  const s = stream;
  if (s === undefined) throw new Error("the stream is not open");
  switch (op) {
    case "start":
      requested = null;
      endedByCallback = null;
      await s.start();
      runStarted = true;
      setState(STATE.active);
      break;
    case "stop":
      requested = "stop";
      await s.stop();
      await runEnded(s);
      runStarted = false;
      setState(STATE.stopped);
      break;
    case "abort":
      requested = "abort";
      await s.abort();
      await runEnded(s);
      runStarted = false;
      setState(STATE.stopped);
      break;
  }
  try {
    floats[F.cpuLoad] = s.cpuLoad;
  } catch {
    // cpu load is informative only
  }
}

async function handle(msg: HostMessage): Promise<void> {
  if (msg.op === "init") {
    try {
      await init(msg);
    } catch (err) {
      if (ints !== undefined) setState(STATE.failed);
      post({ op: "failed", error: describeError(err) });
    }
    return;
  }
  try {
    await control(msg.op);
    post({ op: "done", id: msg.id });
  } catch (err) {
    post({ op: "done", id: msg.id, error: describeError(err) });
  }
}

/**
 * Messages are handled one after another, in the order sent: a stop must
 * not run alongside the start before it, nor a close alongside the opening
 * of the stream or a start still running.
 */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e: MessageEvent<HostMessage>) => {
  const msg = e.data;
  queue = queue.then(() => handle(msg));
};
