// deno-lint-ignore-file no-console
/**
 * Live waveform of the input: a local web page served by Deno draws the last
 * `--window` milliseconds of each channel on a canvas, in real time (like
 * python-sounddevice's `plot_input.py`, with a browser instead of
 * matplotlib). `--text` draws it in the terminal instead.
 *
 * Run: `deno run -A examples/plot_input.ts` and open the printed address.
 *
 * @module
 */
import { InputStream } from "../mod.ts";
import {
  aborted,
  interruptController,
  intList,
  num,
  parseDevice,
  parseExampleArgs,
} from "./_util.ts";

const usage = `usage: plot_input.ts [options]

Shows the input signal live, on a web page (default) or in the terminal.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     input device (numeric ID or name substring)
  -c, --channels LIST     input channels to plot, from 1 (default: 1)
  -w, --window MS         visible time slot in ms (default: 200)
  -i, --interval MS       minimum time between plot updates in ms (default: 30)
  -b, --blocksize N       block size in frames
  -r, --samplerate HZ     sampling rate of the audio device
  -n, --downsample N      display every Nth sample (default: 10)
  -p, --port N            HTTP port on 127.0.0.1 (default: 0 = any free port)
  -t, --text              draw in the terminal instead of serving a page
      --seconds N         stop after N seconds (default: until Ctrl-C)`;

const { values } = parseExampleArgs({
  device: { type: "string", short: "d" },
  channels: { type: "string", short: "c", default: "1" },
  window: { type: "string", short: "w", default: "200" },
  interval: { type: "string", short: "i", default: "30" },
  blocksize: { type: "string", short: "b" },
  samplerate: { type: "string", short: "r" },
  downsample: { type: "string", short: "n", default: "10" },
  port: { type: "string", short: "p", default: "0" },
  text: { type: "boolean", short: "t" },
  seconds: { type: "string" },
}, usage);

const mapping = intList(values.channels) ?? [1];
if (mapping.some((c) => c < 1)) {
  console.error("--channels: channel numbers start at 1");
  Deno.exit(2);
}
const downsample = Math.max(1, Math.round(num(values, "downsample", 10)));
const interval = num(values, "interval", 30);
const { controller, dispose } = interruptController();

const stream = new InputStream({
  device: parseDevice(values.device),
  channels: Math.max(...mapping),
  samplerate: num(values, "samplerate"),
  blocksize: num(values, "blocksize"),
  callback: (indata, frames, _time, status) => {
    if (status.value !== 0) console.error(status.toString());
    const data = indata as Float32Array;
    const ch = stream.channels as number;
    for (let i = phase; i < frames; i += downsample) {
      for (let k = 0; k < mapping.length; k++) {
        rings[k][head] = data[i * ch + mapping[k] - 1];
      }
      head = (head + 1) % length;
    }
    phase = (phase - frames) % downsample;
    if (phase < 0) phase += downsample;
  },
});
const length = Math.max(
  2,
  Math.ceil(
    num(values, "window", 200) * stream.samplerate / (1000 * downsample),
  ),
);
const rings = mapping.map(() => new Float32Array(length));
let head = 0;
let phase = 0;

/** The plotted window, oldest first: `[channels, length, samples...]`. */
function snapshot(): Float32Array<ArrayBuffer> {
  const out = new Float32Array(2 + rings.length * length);
  out[0] = rings.length;
  out[1] = length;
  for (let k = 0; k < rings.length; k++) {
    const dst = 2 + k * length;
    out.set(rings[k].subarray(head), dst);
    out.set(rings[k].subarray(0, head), dst + length - head);
  }
  return out;
}

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>audiodev: input</title>
<style>html,body{margin:0;height:100%;background:#111;color:#ccc;font:14px sans-serif;overflow:hidden}
canvas{display:block;width:100vw;height:100vh}#label{position:fixed;left:8px;top:6px}</style></head>
<body><div id="label">input channels ${mapping.join(", ")} &middot; ${
  num(values, "window", 200)
} ms</div><canvas id="plot"></canvas>
<script>
const colors = ["#4fc3f7", "#ffb74d", "#81c784", "#e57373", "#ba68c8", "#fff176"];
const canvas = document.getElementById("plot");
const ctx = canvas.getContext("2d");
let latest = null;
function draw() {
  const w = canvas.width = canvas.clientWidth * devicePixelRatio;
  const h = canvas.height = canvas.clientHeight * devicePixelRatio;
  ctx.fillStyle = "#111"; ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = "#333"; ctx.lineWidth = 1;
  for (const y of [0.25, 0.5, 0.75]) { ctx.beginPath(); ctx.moveTo(0, y * h); ctx.lineTo(w, y * h); ctx.stroke(); }
  if (!latest) return;
  const channels = latest[0], n = latest[1];
  ctx.lineWidth = 2 * devicePixelRatio;
  for (let c = 0; c < channels; c++) {
    ctx.strokeStyle = colors[c % colors.length];
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = i * w / (n - 1), y = h / 2 - latest[2 + c * n + i] * h / 2;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}
async function poll() {
  try {
    const r = await fetch("/data", { cache: "no-store" });
    latest = new Float32Array(await r.arrayBuffer());
    draw();
  } catch (_) { /* server gone: keep the last picture */ }
  setTimeout(poll, ${interval});
}
addEventListener("resize", draw);
draw();
poll();
</script></body></html>`;

await stream.start();
let server: Deno.HttpServer | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
if (values.text) {
  const rows = 15;
  const cols = Math.min(120, length);
  timer = setInterval(() => {
    const snap = snapshot();
    let out = "\x1b[H\x1b[2J";
    for (let k = 0; k < rings.length; k++) {
      const grid = Array.from(
        { length: rows },
        () => new Array(cols).fill(" "),
      );
      grid[(rows - 1) / 2].fill("-");
      for (let x = 0; x < cols; x++) {
        const v = snap[2 + k * length + Math.floor(x * length / cols)];
        const y = Math.round(
          (1 - Math.max(-1, Math.min(1, v))) * (rows - 1) / 2,
        );
        grid[y][x] = "*";
      }
      out += `channel ${mapping[k]}\n` + grid.map((r) =>
        r.join("")
      ).join("\n") +
        "\n";
    }
    Deno.stdout.writeSync(new TextEncoder().encode(out));
  }, Math.max(interval, 50));
} else {
  server = Deno.serve({
    hostname: "127.0.0.1",
    port: num(values, "port", 0),
    onListen: ({ port }) =>
      console.log(`Serving the live plot on http://127.0.0.1:${port}/`),
  }, (req) => {
    const { pathname } = new URL(req.url);
    if (pathname === "/data") {
      return new Response(snapshot(), {
        headers: {
          "content-type": "application/octet-stream",
          "cache-control": "no-store",
        },
      });
    }
    if (pathname === "/") {
      return new Response(page, {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
    return new Response("not found", { status: 404 });
  });
}

const seconds = num(values, "seconds");
const deadline = seconds === undefined
  ? null
  : setTimeout(() => controller.abort(), seconds * 1000);
await aborted(controller.signal);
if (deadline !== null) clearTimeout(deadline);
if (timer !== undefined) clearInterval(timer);
await server?.shutdown();
await stream.close();
dispose();
console.log("\nstopped");
