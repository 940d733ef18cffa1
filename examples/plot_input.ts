// deno-lint-ignore-file no-console
/**
 * Live waveform of the input: a local web page served by Deno draws the last
 * `--window` milliseconds of each channel on a canvas, in real time (like
 * python-sounddevice's `plot_input.py`, with a browser instead of
 * matplotlib), with time and amplitude axes, the device and sampling rate,
 * each channel's peak and RMS level and whether the data is live. `--text`
 * draws it in the terminal instead.
 *
 * Run: `deno run -A examples/plot_input.ts 1 2` (channels 1 and 2) and open
 * the printed address.
 *
 * @module
 */
import { InputStream, queryDevices, queryHostapis } from "../mod.ts";
import {
  aborted,
  interruptController,
  intList,
  num,
  parseDevice,
  parseExampleArgs,
  UsageError,
} from "./_util.ts";

const usage = `usage: plot_input.ts [options] [CHANNEL ...]

Shows the input signal live, on a web page (default) or in the terminal: the
last WINDOW ms of each CHANNEL (counted from 1; default: the first), with time
and amplitude axes, the device and sampling rate, and each channel's peak and
RMS level.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     input device (numeric ID or name substring)
  -c, --channels LIST     the channels as one comma-separated list (instead of CHANNEL ...)
  -w, --window MS         visible time slot in ms (default: 200)
  -i, --interval MS       minimum time between plot updates in ms (default: 30)
  -b, --blocksize N       block size in frames
  -r, --samplerate HZ     sampling rate of the audio device
  -n, --downsample N      display every Nth sample (default: 10)
  -p, --port N            HTTP port on 127.0.0.1 (default: 0 = any free port)
  -t, --text              draw in the terminal instead of serving a page
      --seconds N         stop after N seconds (default: until Ctrl-C)`;

const { values, positionals } = parseExampleArgs({
  device: { type: "string", short: "d" },
  channels: { type: "string", short: "c" },
  window: { type: "string", short: "w", default: "200" },
  interval: { type: "string", short: "i", default: "30" },
  blocksize: { type: "string", short: "b" },
  samplerate: { type: "string", short: "r" },
  downsample: { type: "string", short: "n", default: "10" },
  port: { type: "string", short: "p", default: "0" },
  text: { type: "boolean", short: "t" },
  seconds: { type: "string" },
}, usage);

if (positionals.length > 0 && values.channels !== undefined) {
  throw new UsageError(
    "give the channels as CHANNEL ... or as --channels, not both",
  );
}
const mapping = positionals.length > 0
  ? intList(positionals.join(","))!
  : intList(values.channels) ?? [1];
if (mapping.some((c) => c < 1)) {
  throw new UsageError("channel numbers start at 1");
}
const downsample = Math.max(1, Math.round(num(values, "downsample", 10)));
const interval = num(values, "interval", 30);
const windowMs = num(values, "window", 200);
if (!(windowMs > 0)) throw new UsageError("--window must be above 0 ms");
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
    for (let i = 0; i < frames; i++) {
      for (let k = 0; k < mapping.length; k++) {
        rings[k][head] = data[i * ch + mapping[k] - 1];
      }
      head = (head + 1) % windowFrames;
    }
    framesSeen += frames;
  },
});
/** Frames in the window, at the full rate (peak and RMS are computed from them). */
const windowFrames = Math.max(
  2 * downsample,
  Math.ceil(windowMs * stream.samplerate / 1000),
);
const rings = mapping.map(() => new Float32Array(windowFrames));
let head = 0;
let framesSeen = 0;
const deviceName = queryDevices(stream.device as number).name;
const hostapiName = queryHostapis(queryDevices(stream.device as number).hostapi)
  .name;

/** What the page and the terminal view draw. */
interface Snapshot {
  /** Frames received since the start (tells the page the data is moving). */
  framesSeen: number;
  /** Peak absolute value per channel over the window. */
  peak: number[];
  /** RMS per channel over the window. */
  rms: number[];
  /** Every `downsample`th sample of each channel's window, oldest first. */
  samples: number[][];
}

function snapshot(): Snapshot {
  const peak: number[] = [];
  const rms: number[] = [];
  const samples: number[][] = [];
  for (const ring of rings) {
    let p = 0;
    let sum = 0;
    for (let i = 0; i < windowFrames; i++) {
      const v = ring[i];
      const a = Math.abs(v);
      if (a > p) p = a;
      sum += v * v;
    }
    peak.push(p);
    rms.push(Math.sqrt(sum / windowFrames));
    const line: number[] = [];
    for (let j = 0; j < windowFrames; j += downsample) {
      line.push(ring[(head + j) % windowFrames]);
    }
    samples.push(line);
  }
  return { framesSeen, peak, rms, samples };
}

/** A level as text: the value and its dBFS. */
function level(v: number): string {
  const db = v > 0 ? 20 * Math.log10(v) : -Infinity;
  return `${v.toFixed(3)} (${
    Number.isFinite(db) ? db.toFixed(1) : "-inf"
  } dBFS)`;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const colors = [
  "#4fc3f7",
  "#ffb74d",
  "#81c784",
  "#e57373",
  "#ba68c8",
  "#fff176",
];
const title = `${deviceName}, ${hostapiName}`;

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>audiodev: ${escapeHtml(title)}</title>
<style>
html,body{margin:0;height:100%;background:#111;color:#ccc;font:14px sans-serif;overflow:hidden}
canvas{display:block;width:100vw;height:100vh}
#head{position:fixed;left:8px;top:6px;right:8px}
#live{font-weight:bold;color:#66bb6a}#live.stalled{color:#888}
.readout{font:13px monospace}
</style></head>
<body><div id="head">
<div><span id="live">&#9679; live</span> &middot;
<span id="device">${escapeHtml(title)}</span> &middot;
<span id="rate">${stream.samplerate} Hz</span> &middot;
channel${mapping.length > 1 ? "s" : ""} ${
  mapping.join(", ")
} &middot; window ${windowMs} ms</div>
<div id="readouts">${
  mapping.map((c, k) =>
    `<div class="readout" data-channel="${c}" style="color:${
      colors[k % colors.length]
    }">channel ${c}: peak <span class="peak">-</span> &middot; RMS <span class="rms">-</span></div>`
  ).join("")
}</div></div>
<canvas id="plot" role="img" aria-label="Waveform of input channel${
  mapping.length > 1 ? "s" : ""
} ${
  mapping.join(", ")
}: time from -${windowMs} ms to 0 ms (now), amplitude from -1 to 1 (full scale)"></canvas>
<script>
const colors = ${JSON.stringify(colors)};
const windowMs = ${windowMs};
const canvas = document.getElementById("plot");
const ctx = canvas.getContext("2d");
const live = document.getElementById("live");
let latest = null;
let lastFrames = -1;
let lastAdvance = 0;
function level(v) {
  const db = v > 0 ? 20 * Math.log10(v) : -Infinity;
  return v.toFixed(3) + " (" + (isFinite(db) ? db.toFixed(1) : "-inf") + " dBFS)";
}
function niceStep(span) {
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000]) {
    if (span / s <= 5) return s;
  }
  return span / 4;
}
function draw() {
  const dpr = devicePixelRatio;
  const w = canvas.width = canvas.clientWidth * dpr;
  const h = canvas.height = canvas.clientHeight * dpr;
  const top = Math.round((document.getElementById("head").getBoundingClientRect().bottom + 10) * dpr);
  // whole pixels, so the 1-pixel frame and grid lines are drawn sharp
  const plot = { left: Math.round(56 * dpr), right: Math.round(w - 16 * dpr), top, bottom: Math.round(h - 40 * dpr) };
  const pw = plot.right - plot.left, ph = plot.bottom - plot.top;
  ctx.fillStyle = "#111"; ctx.fillRect(0, 0, w, h);
  ctx.font = (12 * dpr) + "px sans-serif";
  ctx.lineWidth = 1;
  // amplitude axis
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const a of [1, 0.5, 0, -0.5, -1]) {
    const y = Math.round(plot.top + (1 - a) * ph / 2) + 0.5;
    ctx.strokeStyle = a === 0 ? "#555" : "#333";
    ctx.beginPath(); ctx.moveTo(plot.left, y); ctx.lineTo(plot.right, y); ctx.stroke();
    ctx.fillStyle = "#999"; ctx.fillText(String(a), plot.left - 6 * dpr, y);
  }
  // time axis: -window ms (left) to 0 ms (now, right)
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  const step = niceStep(windowMs);
  for (let t = 0; t <= windowMs + 1e-9; t += step) {
    const x = Math.round(plot.right - t * pw / windowMs) + 0.5;
    ctx.strokeStyle = "#333";
    ctx.beginPath(); ctx.moveTo(x, plot.top); ctx.lineTo(x, plot.bottom); ctx.stroke();
    ctx.fillStyle = "#999"; ctx.fillText(t === 0 ? "0" : "-" + t, x, plot.bottom + 4 * dpr);
  }
  ctx.strokeStyle = "#777";
  ctx.strokeRect(plot.left + 0.5, plot.top + 0.5, pw, ph);
  ctx.fillStyle = "#bbb";
  ctx.fillText("time (ms)", (plot.left + plot.right) / 2, plot.bottom + 20 * dpr);
  ctx.save();
  ctx.translate(14 * dpr, (plot.top + plot.bottom) / 2); ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle"; ctx.fillText("amplitude", 0, 0);
  ctx.restore();
  if (!latest) return;
  ctx.lineWidth = 2 * dpr;
  latest.samples.forEach((line, c) => {
    ctx.strokeStyle = colors[c % colors.length];
    ctx.beginPath();
    const n = line.length;
    for (let i = 0; i < n; i++) {
      const v = Math.max(-1, Math.min(1, line[i]));
      const x = plot.left + i * pw / (n - 1), y = plot.top + (1 - v) * ph / 2;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  });
}
function showLive() {
  const fresh = performance.now() - lastAdvance < 1000;
  live.textContent = fresh ? "\u25cf live" : "\u25cb stalled";
  live.className = fresh ? "" : "stalled";
}
async function poll() {
  try {
    const r = await fetch("/data", { cache: "no-store" });
    latest = await r.json();
    if (latest.framesSeen !== lastFrames) {
      lastFrames = latest.framesSeen;
      lastAdvance = performance.now();
    }
    document.querySelectorAll(".readout").forEach((el, c) => {
      el.querySelector(".peak").textContent = level(latest.peak[c]);
      el.querySelector(".rms").textContent = level(latest.rms[c]);
    });
    draw();
  } catch (_) { /* server gone: keep the last picture */ }
  showLive();
  setTimeout(poll, ${interval});
}
addEventListener("resize", draw);
draw();
poll();
setInterval(showLive, 250);
</script></body></html>`;

await stream.start();
let server: Deno.HttpServer | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
if (values.text) {
  const rows = 15;
  timer = setInterval(() => {
    const snap = snapshot();
    const cols = Math.min(120, snap.samples[0].length);
    let out = "\x1b[H\x1b[2J" +
      `${title}, ${stream.samplerate} Hz, last ${windowMs} ms (amplitude -1 to 1)\n`;
    snap.samples.forEach((line, k) => {
      const grid = Array.from(
        { length: rows },
        () => new Array(cols).fill(" "),
      );
      grid[(rows - 1) / 2].fill("-");
      for (let x = 0; x < cols; x++) {
        const v = line[Math.floor(x * line.length / cols)];
        const y = Math.round(
          (1 - Math.max(-1, Math.min(1, v))) * (rows - 1) / 2,
        );
        grid[y][x] = "*";
      }
      out +=
        `channel ${mapping[k]}: peak ${level(snap.peak[k])}, RMS ${
          level(snap.rms[k])
        }\n` + grid.map((r) => r.join("")).join("\n") + "\n";
    });
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
      return Response.json(snapshot(), {
        headers: { "cache-control": "no-store" },
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
