// deno-lint-ignore-file no-console
/**
 * A text-mode spectrogram of the live input (python-sounddevice's
 * `spectrogram.py`): one line per block, one coloured cell per frequency
 * from `--range LOW HIGH`, brighter = louder. Press `+`/`-` to double/halve
 * the gain, Return on its own (as upstream), `q` or Ctrl-C to quit (keys
 * work at once on a terminal; from a pipe, send them followed by a newline).
 *
 * @module
 */
import { InputStream } from "../mod.ts";
import {
  aborted,
  GRADIENT,
  gradientLine,
  interruptController,
  num,
  parseDevice,
  parseExampleArgs,
  SpectrumAnalyzer,
  UsageError,
} from "./_util.ts";

const usage = `usage: spectrogram.ts [options]

Prints a live spectrogram of the input in the terminal.

options:
  -h, --help              show this help and exit
  -l, --list-devices      list audio devices and exit
  -d, --device DEVICE     input device (numeric ID or name substring)
  -b, --block-duration MS block size in milliseconds (default: 50)
  -c, --columns N         width of the spectrogram (default: terminal width)
  -g, --gain G            initial gain factor (default: 10)
  -r, --range LOW HIGH    frequency range in Hz (default: 100 2000; LOW,HIGH works too)
      --samplerate HZ     sampling rate (default: the device's)
      --seconds N         stop after N seconds (default: until q or Ctrl-C)

keys: + doubles the gain, - halves it, q or Return on its own quits`;

/**
 * `-r LOW HIGH` takes two values, as upstream's argparse `nargs=2`: they are
 * joined into one `LOW,HIGH` value before the options are parsed.
 */
function joinRange(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      out.push(...args.slice(i));
      break;
    }
    const isNumber = (t: string | undefined): boolean =>
      t !== undefined && t.trim() !== "" && Number.isFinite(Number(t));
    if (
      (a === "-r" || a === "--range") && isNumber(args[i + 1]) &&
      isNumber(args[i + 2])
    ) {
      out.push(a, `${args[i + 1]},${args[i + 2]}`);
      i += 2;
    } else out.push(a);
  }
  return out;
}

const { values, positionals } = parseExampleArgs(
  {
    device: { type: "string", short: "d" },
    "block-duration": { type: "string", short: "b", default: "50" },
    columns: { type: "string", short: "c" },
    gain: { type: "string", short: "g", default: "10" },
    range: { type: "string", short: "r", default: "100,2000" },
    samplerate: { type: "string" },
    seconds: { type: "string" },
  },
  usage,
  joinRange(Deno.args),
);
if (positionals.length > 0) {
  throw new UsageError(`unrecognized arguments: ${positionals.join(" ")}`);
}

const range = String(values.range).split(/[\s,]+/).map(Number);
if (range.length !== 2 || range.some((x) => !Number.isFinite(x))) {
  throw new UsageError("-r/--range: expected two numbers, LOW HIGH");
}
if (!(range[1] > range[0])) {
  throw new UsageError("HIGH must be greater than LOW");
}
if (!(range[0] >= 0)) throw new UsageError("LOW must not be negative");
const [low, high] = range;
let columns = num(values, "columns");
if (columns === undefined) {
  try {
    columns = Deno.consoleSize().columns;
  } catch {
    columns = 80;
  }
}
columns = Math.max(2, Math.floor(columns));
let gain = num(values, "gain", 10);
const blockMs = num(values, "block-duration", 50);
const { controller, dispose } = interruptController();
const encoder = new TextEncoder();

// A legend, like the Python example's.
const legend = GRADIENT.map((_, i) => i / (GRADIENT.length - 1));
console.log(
  `${gradientLine(legend)} gain ${gain}, ${low}-${high} Hz, ${columns} columns`,
);

let analyzer: SpectrumAnalyzer | null = null;
let block: Float32Array | null = null;
let fill = 0;
const stream = new InputStream({
  device: parseDevice(values.device),
  channels: 1,
  samplerate: num(values, "samplerate"),
  callback: (indata, frames, _time, status) => {
    if (status.any()) {
      Deno.stdout.writeSync(encoder.encode(`${status}\n`));
    }
    const data = indata;
    let i = 0;
    while (i < frames) {
      const n = Math.min(frames - i, block!.length - fill);
      block!.set(data.subarray(i, i + n), fill);
      fill += n;
      i += n;
      if (fill === block!.length) {
        fill = 0;
        const mags = analyzer!.analyze(block!, gain);
        Deno.stdout.writeSync(encoder.encode(gradientLine(mags) + "\n"));
      }
    }
  },
});
analyzer = new SpectrumAnalyzer(stream.samplerate, columns, low, high);
block = new Float32Array(
  Math.max(1, Math.round(stream.samplerate * blockMs / 1000)),
);

let lineEmpty = true; // nothing typed since the last Return
function key(k: string): void {
  if (k === "\r" || k === "\n") {
    // As upstream: Return on its own quits; "+<Return>" only changes the gain.
    if (lineEmpty) controller.abort();
    lineEmpty = true;
    return;
  }
  lineEmpty = false;
  if (k === "+") gain *= 2;
  else if (k === "-") gain /= 2;
  else if (k === "q" || k === "Q" || k === "\x03" || k === "\x04") {
    controller.abort();
    return;
  } else {
    console.log(`key ${JSON.stringify(k)}: press + or - or q`);
    return;
  }
  console.log(`gain ${gain}`);
}

async function readKeys(): Promise<void> {
  const raw = Deno.stdin.isTerminal();
  if (raw) Deno.stdin.setRaw(true);
  const buf = new Uint8Array(64);
  try {
    while (!controller.signal.aborted) {
      const n = await Deno.stdin.read(buf);
      if (n === null) return; // end of input: keep running until Ctrl-C
      for (const ch of new TextDecoder().decode(buf.subarray(0, n))) key(ch);
    }
  } finally {
    if (raw) Deno.stdin.setRaw(false);
  }
}

await stream.start();
readKeys().catch(() => {});
const seconds = num(values, "seconds");
const deadline = seconds === undefined
  ? null
  : setTimeout(() => controller.abort(), seconds * 1000);
await aborted(controller.signal);
if (deadline !== null) clearTimeout(deadline);
await stream.close();
dispose();
if (Deno.stdin.isTerminal()) Deno.stdin.setRaw(false);
Deno.exit(0); // the pending stdin read would keep the process alive
