/**
 * Child of tests/jack_loss_test.ts: opens a stream on JACK's `system`
 * device (the server named by JACK_DEFAULT_SERVER), kills the server (its
 * pid is the second argument) while the stream runs, then stops and closes
 * it. Prints one JSON line of what happened, with times in ms.
 *
 *   deno run -A jack_loss_child.ts MODE PID
 *
 * MODE: callback | write | read | worker | left-open | mono-read |
 * mono-write | stereo-read
 *
 * @module
 */
import {
  InputStream,
  OutputStream,
  terminate,
  WorkerStream,
} from "../../mod.ts";

const [mode, pidText] = Deno.args;
const pid = Number(pidText);
const t0 = performance.now();
const out: Record<string, unknown> = { mode };
const at = () => Math.round(performance.now() - t0);
const message = (e: unknown) =>
  e instanceof Error ? `${e.name}: ${e.message}` : String(e);
const DEVICE = "system, JACK Audio Connection Kit";

function kill(afterMs: number): void {
  setTimeout(() => {
    Deno.kill(pid, "SIGKILL");
    out.killedAt = at();
  }, afterMs);
}

async function stopAndClose(
  s: { stop(): Promise<void>; close(): Promise<void> },
): Promise<void> {
  try {
    await s.stop();
    out.stop = "resolved";
  } catch (e) {
    out.stop = message(e);
  }
  await s.close();
  out.closedAt = at();
}

if (mode === "mono-read" || mode === "mono-write") {
  try {
    const s = mode === "mono-read"
      ? new InputStream({ device: DEVICE, channels: 1 })
      : new OutputStream({ device: DEVICE, channels: 1, dtype: "int16" });
    out.opened = true;
    await s.close();
  } catch (e) {
    out.open = message(e);
  }
} else if (mode === "stereo-read") {
  const s = new InputStream({ device: DEVICE, channels: 2, blocksize: 256 });
  await s.start();
  let frames = 0;
  for (let i = 0; i < 100; i++) frames += (await s.read(256)).data.length / 2;
  out.frames = frames;
  await stopAndClose(s);
} else if (mode === "worker") {
  const s = new WorkerStream({
    module: new URL("./tone_worker.ts", import.meta.url),
    device: DEVICE,
    channels: 1,
    samplerate: 48000,
    workerData: { frequency: 440, samplerate: 48000 },
  });
  s.addEventListener("error", (e) => {
    out.errorEvent = (e as ErrorEvent).message;
    out.errorAt = at();
  });
  await s.start();
  kill(300);
  await new Promise((r) => setTimeout(r, 1300));
  out.active = s.active;
  await stopAndClose(s);
} else {
  const s = mode === "read"
    ? new InputStream({ device: DEVICE, channels: 2, blocksize: 256 })
    : mode === "write"
    ? new OutputStream({ device: DEVICE, channels: 2, blocksize: 256 })
    : new OutputStream({
      device: DEVICE,
      channels: 1,
      callback: (o: Float32Array) => o.fill(0.1),
    });
  s.addEventListener("error", (e) => {
    out.errorEvent = (e as ErrorEvent).message;
    out.errorAt = at();
  });
  s.finished.catch((e) => out.finished = message(e));
  await s.start();
  kill(300);
  if (mode === "read" || mode === "write") {
    const block = new Float32Array(512).fill(0.1);
    try {
      for (let i = 0; i < 1000; i++) {
        if (s instanceof InputStream) await s.read(256);
        else await (s as OutputStream).write(block);
      }
      out.io = "all done";
    } catch (e) {
      out.io = message(e);
      out.ioAt = at();
    }
  } else {
    await new Promise((r) => setTimeout(r, 1000));
  }
  out.active = s.active;
  if (mode === "left-open") {
    try {
      await terminate({ closeStreams: true });
      out.terminate = "resolved";
    } catch (e) {
      out.terminate = message(e);
    }
  } else {
    await stopAndClose(s);
  }
}
// deno-lint-ignore no-console
console.log(JSON.stringify(out));
