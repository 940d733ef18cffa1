// deno-lint-ignore-file no-console
/**
 * Child process for the WorkerStream lifecycle tests (each case in its own
 * process, so that a crash shows as the exit code): opens a WorkerStream on
 * the default output (JACK's `system` when JACK_DEFAULT_SERVER names a
 * running server, else what the environment's PortAudio picks) and ends in
 * the way `Deno.args[0]` names:
 *
 * - `close`: start, play 0.5 s, stop, close, exit normally;
 * - `open`: start and let the program end with the stream running;
 * - `exit`: start, then `Deno.exit(3)` with the stream running;
 * - `throw`: start, then an uncaught exception (exit code 1);
 * - `gc-cycles N`: N open/start/stop/close cycles inside a helper function
 *   while `gc()` runs every 2 ms (needs --v8-flags=--expose-gc);
 * - `rt`: print `ws.realtime`, this process's real-time threads (`ps`) and
 *   the CPUs each thread may run on, then close (`AUDIODEV_TEST_REALTIME`
 *   holds the `realtime` option as JSON).
 *
 * - `input` / `output`: 0.8 s of a pass-through WorkerStream on the
 *   "pulse" device; prints the frames captured or the callbacks run;
 * - `unheard-error`: a callback that throws, with no "error" listener
 *   (the error must appear on stderr, once);
 * - `main-throw`: a main-isolate OutputStream started, stopped and closed,
 *   then an uncaught exception (exit code 1);
 * - `device-loss`: start, print `{"started":true}`, then wait (at most 8 s)
 *   for the stream to end while the parent kills the sound server.
 *
 * The stream's blocksize is 256 frames, or `AUDIODEV_TEST_BLOCKSIZE`.
 *
 * Prints one JSON line with what it saw on stdout.
 *
 * @module
 */
import { inputBlocks, OutputStream, WorkerStream } from "../../mod.ts";

const [mode, arg] = Deno.args;
const device = Deno.env.get("AUDIODEV_TEST_DEVICE") || undefined;

function open(): WorkerStream {
  return new WorkerStream({
    module: new URL("./tone_worker.ts", import.meta.url),
    samplerate: 48000,
    blocksize: Number(Deno.env.get("AUDIODEV_TEST_BLOCKSIZE") ?? 256),
    device,
    workerData: { frequency: 440, samplerate: 48000 },
    realtime: JSON.parse(Deno.env.get("AUDIODEV_TEST_REALTIME") ?? "true"),
  });
}

/** This process's threads as `ps` lists them: tid, class, rtprio ("-"), name. */
function threads(): {
  tid: string;
  cls: string;
  rtprio: string;
  comm: string;
}[] {
  const out = new Deno.Command("ps", {
    args: ["-L", "-o", "tid=,cls=,rtprio=,comm=", "-p", String(Deno.pid)],
    stdout: "piped",
  }).outputSync();
  return new TextDecoder().decode(out.stdout).split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([tid, cls, rtprio, ...comm]) => ({
      tid,
      cls,
      rtprio,
      comm: comm.join(" "),
    }));
}

/** The threads with a real-time policy, as "FF 5 worker-1". */
function realtimeThreads(
  list: ReturnType<typeof threads>,
): string[] {
  return list.filter((t) => t.cls === "FF" || t.cls === "RR")
    .map((t) => `${t.cls} ${t.rtprio} ${t.comm}`);
}

/**
 * Every thread as "cls comm cpus" (Cpus_allowed_list); cpus is "?" for a
 * thread that ended meanwhile.
 */
function threadCpus(list: ReturnType<typeof threads>): string[] {
  return list.map((t) => {
    let cpus = "?";
    try {
      const status = Deno.readTextFileSync(`/proc/self/task/${t.tid}/status`);
      cpus = /Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? "?";
    } catch {
      // the thread ended meanwhile
    }
    return `${t.cls} ${t.comm} ${cpus}`;
  });
}

async function cycle(): Promise<number> {
  const ws = open();
  await ws.start();
  await new Promise((r) => setTimeout(r, 20));
  await ws.stop();
  const callbacks = ws.status.callbacks;
  await ws.close();
  return callbacks;
}

if (mode === "main-throw") {
  const s = new OutputStream({
    samplerate: 48000,
    blocksize: 256,
    channels: 1,
    device,
    callback: (out) => out.fill(0.1),
  });
  await s.start();
  await new Promise((r) => setTimeout(r, 300));
  await s.stop();
  await s.close();
  console.log(JSON.stringify({ closed: s.closed }));
  throw new Error("uncaught, on purpose");
} else if (mode === "device-loss") {
  const ws = open();
  const events: string[] = [];
  ws.addEventListener("error", (e) => {
    const err = (e as ErrorEvent).error as { name: string; code?: number };
    events.push(`${err.name} ${err.code}`);
  });
  await ws.start();
  console.log(JSON.stringify({ started: true }));
  const outcome = await Promise.race([
    ws.finished.then(
      (end) => ({ resolved: end.reason }),
      (e: Error & { code?: number }) => ({
        rejected: e.name,
        code: e.code,
        message: e.message,
      }),
    ),
    new Promise((r) => setTimeout(() => r({ timeout: true }), 8000)),
  ]);
  const state = ws.status.state;
  await ws.close();
  console.log(
    JSON.stringify({ outcome, events, state, reason: ws.endReason }),
  );
} else if (mode === "unheard-error") {
  const ws = new WorkerStream({
    module: new URL("./throwing_worker.ts", import.meta.url),
    device,
    workerData: { throwAt: "callback" },
  });
  await ws.start();
  const error = await ws.finished.then(() => null, (e: Error) => e.name);
  await ws.close();
  console.log(JSON.stringify({ error, reason: ws.endReason }));
} else if (mode === "input" || mode === "output") {
  // 0.8 s of a pass-through stream on the "pulse" device at real-time
  // priority: frames the worker captured, or callbacks it ran.
  const ws = new WorkerStream({
    kind: mode,
    samplerate: 44100,
    blocksize: 441,
    channels: 1,
    device: "pulse",
    realtime: JSON.parse(Deno.env.get("AUDIODEV_TEST_REALTIME") ?? "true"),
  });
  await ws.start();
  let frames = 0;
  if (mode === "input") {
    setTimeout(() => ws.close(), 800);
    for await (const block of inputBlocks(ws, { blocksize: 2205 })) {
      frames += block.length;
    }
  } else {
    await new Promise((r) => setTimeout(r, 800));
  }
  const callbacks = ws.status.callbacks;
  await ws.close();
  console.log(JSON.stringify({ frames, callbacks, realtime: ws.realtime }));
} else if (mode === "gc-cycles") {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");
  const timer = setInterval(gc, 2);
  let done = 0;
  let callbacks = 0;
  try {
    for (let i = 0; i < Number(arg); i++) {
      callbacks += await cycle();
      done++;
    }
  } finally {
    clearInterval(timer);
  }
  console.log(JSON.stringify({ cycles: done, callbacks }));
} else {
  const ws = open();
  await ws.start();
  await new Promise((r) => setTimeout(r, 500));
  const callbacks = ws.status.callbacks;
  if (mode === "close") {
    await ws.stop();
    await ws.close();
    console.log(JSON.stringify({ callbacks, state: ws.status.state }));
  } else if (mode === "rt") {
    const list = threads();
    const realtime = realtimeThreads(list);
    const cpus = threadCpus(list);
    console.log(
      JSON.stringify({
        callbacks,
        realtime: ws.realtime,
        threads: realtime,
        cpus,
      }),
    );
    await ws.close();
  } else {
    console.log(JSON.stringify({ callbacks }));
    if (mode === "exit") Deno.exit(3);
    if (mode === "throw") throw new Error("uncaught, on purpose");
    // "open": the program ends here with the stream running.
  }
}
