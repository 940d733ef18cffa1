// deno-lint-ignore-file no-console
/**
 * A small recording GUI (python-sounddevice's `rec_gui.py`): upstream's Tk
 * window becomes a web page served on localhost (`rec_gui.html`) with a
 * record/stop button, a settings dialog to choose the host API and input
 * device, the file name, the count of input overflows and a level meter.
 *
 * As upstream, three activities run side by side and none blocks another:
 * the page (polling `/state` every 100 ms, as Tk's `after(100)`), the input
 * callback (it only copies blocks into a queue and tracks the peak), and the
 * file writer (it drains the queue into a WAV file named
 * `delme_rec_gui_*.wav` in the current directory).
 *
 * Run: `deno run -A examples/rec_gui.ts`, then open the printed address.
 *
 * @module
 */
import {
  defaults,
  type DeviceSpec,
  InputStream,
  queryDevices,
  queryHostapis,
} from "../mod.ts";
import { SoundFile } from "../soundfile.ts";
import {
  aborted,
  interruptController,
  num,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: rec_gui.ts [options]

Serves a recording GUI on localhost: record into a WAV file, watch the level.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -p, --port PORT         TCP port on 127.0.0.1 (default: 0, any free port)`;

const { values, positionals } = parseExampleArgs({
  port: { type: "string", short: "p", default: "0" },
}, usage);
if (positionals.length > 0) {
  throw new UsageError(`unrecognized arguments: ${positionals.join(" ")}`);
}
const port = num(values, "port", 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new UsageError("--port must be an integer from 0 to 65535");
}

let stream: InputStream | null = null;
let inputOverflows = 0;
let recording = false;
let peak = 0;
let metered = true; // the page took the last peak
const audioQueue: Float32Array[] = [];
let wakeWriter: (() => void) | null = null;
let writer: { file: string; done: Promise<void> } | null = null;

/** Opens (and starts) the input stream; closes the previous one first. */
async function createStream(device?: DeviceSpec): Promise<void> {
  if (stream !== null) await stream.close();
  stream = null;
  const s = new InputStream({
    device,
    channels: 1,
    callback: (indata, _frames, _time, status) => {
      if (status.inputOverflow) inputOverflows++;
      if (recording) {
        audioQueue.push(indata.slice());
        wakeWriter?.();
      }
      let p = metered ? 0 : peak;
      for (let i = 0; i < indata.length; i++) {
        const a = Math.abs(indata[i]);
        if (a > p) p = a;
      }
      peak = p;
      metered = false;
    },
  });
  await s.start();
  stream = s;
}

/** Writes queued blocks to `file` until recording stops and the queue is empty. */
async function fileWriter(file: SoundFile): Promise<void> {
  try {
    for (;;) {
      while (audioQueue.length > 0) file.write(audioQueue.shift()!);
      if (!recording) break;
      await new Promise<void>((resolve) => wakeWriter = resolve);
      wakeWriter = null;
    }
  } finally {
    file.close();
  }
}

async function onRec(): Promise<{ file: string }> {
  if (stream === null) throw new Error("no input stream: choose a device");
  if (recording) throw new Error("already recording");
  const path = await Deno.makeTempFile({
    dir: Deno.cwd(),
    prefix: "delme_rec_gui_",
    suffix: ".wav",
  });
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (audioQueue.length !== 0) console.log("WARNING: Queue not empty!");
  const file = new SoundFile(path, {
    mode: "w",
    samplerate: stream.samplerate,
    channels: stream.channels as number,
  });
  recording = true;
  writer = { file: name, done: fileWriter(file) };
  return { file: name };
}

async function onStop(): Promise<{ file: string }> {
  if (!recording || writer === null) throw new Error("not recording");
  recording = false;
  wakeWriter?.();
  const { file, done } = writer;
  await done;
  writer = null;
  return { file };
}

function devices(): unknown {
  return {
    defaultHostapi: defaults.hostapi,
    hostapis: queryHostapis().map((h) => ({
      index: h.index,
      name: h.name,
      defaultInputDevice: h.defaultInputDevice,
      devices: h.devices
        .map((i) => queryDevices(i))
        .filter((d) => d.maxInputChannels > 0)
        .map((d) => ({ index: d.index, name: d.name })),
    })),
  };
}

const page = await Deno.readTextFile(new URL("rec_gui.html", import.meta.url));

async function handle(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  const json = (data: unknown, status = 200): Response =>
    new Response(JSON.stringify(data), {
      status,
      headers: { "content-type": "application/json" },
    });
  try {
    if (req.method === "GET" && path === "/") {
      return new Response(page, {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
    if (req.method === "GET" && path === "/state") {
      const p = metered ? null : peak;
      metered = true;
      return json({
        stream: stream !== null,
        recording,
        file: writer?.file ?? null,
        overflows: inputOverflows,
        peak: p,
      });
    }
    if (req.method === "GET" && path === "/devices") return json(devices());
    if (req.method === "POST" && path === "/record") return json(await onRec());
    if (req.method === "POST" && path === "/stop") return json(await onStop());
    if (req.method === "POST" && path === "/device") {
      if (recording) throw new Error("stop recording first");
      const { device } = await req.json() as { device: unknown };
      if (!Number.isInteger(device)) throw new Error("device: not an index");
      await createStream(device as number);
      return json({ device });
    }
    return json({ error: "not found" }, 404);
  } catch (e) {
    return json({ error: (e as Error).message }, 400);
  }
}

// As upstream: try the default device first; the page's settings can change it.
try {
  await createStream();
} catch (e) {
  console.error(
    `cannot open the default input device: ${(e as Error).message}`,
  );
}

const { controller, dispose } = interruptController();
const server = Deno.serve({
  hostname: "127.0.0.1",
  port,
  signal: controller.signal,
  onListen: ({ port }) =>
    console.log(`Recording GUI: http://127.0.0.1:${port}/ (Ctrl-C quits)`),
}, handle);

await aborted(controller.signal);
// As upstream's close_window(): a running recording is stopped and its file completed.
if (recording) console.log(`stopped recording ${(await onStop()).file}`);
await server.finished;
if (stream !== null) await (stream as InputStream).close();
dispose();
