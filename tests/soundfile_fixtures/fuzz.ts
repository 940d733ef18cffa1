/**
 * A seeded random driver over the soundfile entry point: hostile arguments
 * (wrong types, NaN, huge numbers, BigInt, Symbol, detached arrays, NUL
 * bytes) and misuse sequences (close while async calls run, calls after
 * close, calls not awaited). Run in a child process by
 * tests/soundfile_safety_test.ts: a crash kills only this process.
 *
 * Usage: deno run -A child fuzz.ts SEED CALLS DIR
 * Prints one JSON line: calls made, errors by class, unclear errors
 * (messages that do not say what was wrong), calls that did not settle.
 */

// deno-lint-ignore-file no-console no-explicit-any
import * as sf from "../../soundfile.ts";

const [seedText, callsText, dir] = Deno.args;
let state = Number(seedText) >>> 0 || 1;
function random(): number {
  // xorshift32
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 2 ** 32;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function detached(): Float32Array {
  const a = new Float32Array(16);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

const paths = [
  ...["wav", "flac", "ogg", "raw", "xyz", "au"].flatMap((e) =>
    [0, 1].map((i) => `${dir}/f${i}.${e}`)
  ),
  `${dir}/nul.wav\0.flac`,
  `${dir}/missing/deeper.wav`,
  dir,
  "",
];

function value(): unknown {
  return pick<() => unknown>([
    () => undefined,
    () => null,
    () => NaN,
    () => Infinity,
    () => -1,
    () => 0,
    () => 1,
    () => 2,
    () => 1.5,
    () => 8000,
    () => 48000,
    () => 1_000_000,
    () => 2 ** 53 + 2,
    () => 1e12,
    () => -1e12,
    () => 10n,
    () => Symbol("s"),
    () => "x",
    () => "",
    () => "a\0b",
    () => "float32",
    () => "int16",
    () => "WAV",
    () => "flac",
    () => "PCM_24",
    () => "w",
    () => "x",
    () => "r+",
    () => ({}),
    () => [],
    () => [1, 2],
    () => detached(),
    () => new Float32Array(0),
    () => new Float32Array(64).fill(0.5),
    () => new Int16Array(7),
    () => new Float64Array(4096),
    () => new Int32Array(2 * 48000),
    () => new Uint8Array(4),
    () => () => 1,
    () => AbortSignal.abort(new Error("aborted before")),
    () => pick(paths),
    () => options(),
  ])();
}

function goodOptions(): Record<string, unknown> {
  return {
    mode: pick(["r", "r", "r", "r", "w", "w", "w", "w+", "r+", "x"]),
    samplerate: pick([8000, 44100, 48000]),
    channels: pick([1, 2]),
  };
}

function options(): Record<string, unknown> {
  if (random() < 0.4) return goodOptions();
  const keys = [
    "mode",
    "samplerate",
    "channels",
    "format",
    "subtype",
    "endian",
    "dtype",
    "frames",
    "start",
    "stop",
    "fillValue",
    "signal",
    "out",
    "blocksize",
    "overlap",
    "mod",
    "chanels",
  ];
  const o: Record<string, unknown> = {};
  const n = Math.floor(random() * 4);
  for (let i = 0; i < n; i++) o[pick(keys)] = value();
  if (random() < 0.3) o.samplerate = pick([8000, 44100, 48000]);
  if (random() < 0.3) o.channels = pick([1, 2]);
  if (random() < 0.1) o.signal = AbortSignal.timeout(Math.floor(random() * 20));
  return o;
}

const files: any[] = [];
const pending = new Set<Promise<unknown>>();
const counts: Record<string, number> = {};
const succeeded: Record<string, number> = {};
const messages: Record<string, number> = {};
const unclear: string[] = [];
const unsettled: string[] = [];
let calls = 0;

const UNCLEAR =
  /is not a function|Invalid FFI|Cannot convert a|is not iterable|Cannot read properties|Cannot destructure|Maximum call stack|Array buffer allocation failed|Invalid typed array length/;

function record(what: string, e: unknown): void {
  const name = e instanceof Error ? e.constructor.name : typeof e;
  counts[name] = (counts[name] ?? 0) + 1;
  const message = e instanceof Error ? e.message : String(e);
  const shape = `${what}: ${name}: ${message}`.replace(/"[^"]*"/g, "S")
    .replace(/\d+/g, "N").slice(0, 90);
  messages[shape] = (messages[shape] ?? 0) + 1;
  const known = e instanceof TypeError || e instanceof RangeError ||
    e instanceof sf.SoundFileError || e instanceof Deno.errors.NotCapable ||
    (e instanceof Error && /aborted before|signal timed out/.test(message)) ||
    (e instanceof DOMException &&
      (e.name === "TimeoutError" || e.name === "AbortError"));
  if (!known || UNCLEAR.test(message)) {
    unclear.push(`${what}: ${name}: ${message}`.slice(0, 300));
  }
}

function track(what: string, p: unknown): void {
  if (!(p instanceof Promise)) return;
  const timer = setTimeout(() => unsettled.push(what), 10_000);
  const q = p.then(
    () => {
      succeeded[what] = (succeeded[what] ?? 0) + 1;
    },
    (e) => record(what, e),
  ).finally(() => {
    clearTimeout(timer);
    pending.delete(q);
  });
  pending.add(q);
}

function call(what: string, fn: () => unknown): void {
  calls++;
  try {
    const r = fn();
    if (!(r instanceof Promise)) succeeded[what] = (succeeded[what] ?? 0) + 1;
    track(what, r);
    // Iterate what blocks() gives, a little.
    if (
      r && typeof r === "object" && Symbol.iterator in r &&
      !ArrayBuffer.isView(r)
    ) {
      let n = 0;
      for (const _ of r as Iterable<unknown>) if (++n > 3) break;
    }
  } catch (e) {
    record(what, e);
  }
}

// Start with real files to read.
for (const e of ["wav", "flac", "ogg", "au"]) {
  for (const i of [0, 1]) {
    await sf.writeFile(`${dir}/f${i}.${e}`, new Float32Array(2 * 8000), 8000, {
      channels: 2,
    });
  }
}
const good = (): unknown =>
  pick([
    new Float32Array(2 * 4000),
    new Int16Array(2 * 100),
    new Float64Array(2 * 48000),
    new Int32Array(4),
  ]);

const total = Number(callsText);
for (let i = 0; i < total; i++) {
  const f = files.length > 0 && random() < 0.7 ? pick(files) : undefined;
  // Closing is rarer than the other calls, so that open files get used.
  let op = Math.floor(random() * 20);
  if ((op === 12 || op === 13) && random() < 0.6) op = 5;
  if (f === undefined || op < 3) {
    call("new SoundFile", () => {
      const args: unknown[] = random() < 0.8 ? [pick(paths)] : [value()];
      const r = random();
      if (r < 0.6) args.push(goodOptions());
      else if (r < 0.85) args.push(options());
      else if (r < 0.95) args.push(value());
      const made = new (sf.SoundFile as any)(...args);
      files.push(made);
      if (files.length > 8) files.shift().close?.();
    });
    continue;
  }
  switch (op) {
    case 3:
    case 4:
      call("read", () =>
        f.read(
          random() < 0.5 ? pick([-1, 100, 1e12]) : value(),
          random() < 0.5 ? options() : value(),
        ));
      break;
    case 5:
    case 6:
      call(
        "readAsync",
        () =>
          f.readAsync(
            random() < 0.6 ? pick([-1, 100, 5000, 1e12]) : value(),
            random() < 0.6 ? { signal: options().signal } : value(),
          ),
      );
      break;
    case 7:
      call("write", () => f.write(random() < 0.5 ? good() : value()));
      break;
    case 8:
      call(
        "writeAsync",
        () =>
          f.writeAsync(
            random() < 0.7 ? good() : value(),
            random() < 0.7 ? { signal: options().signal } : value(),
          ),
      );
      break;
    case 9:
      call("seek", () => f.seek(value(), value()));
      break;
    case 10:
      call("tell", () => f.tell());
      break;
    case 11:
      call("blocks", () => f.blocks(random() < 0.5 ? options() : value()));
      break;
    case 12:
      call("close", () => f.close());
      break;
    case 13:
      call("closeAsync", () => f.closeAsync());
      break;
    case 14:
      call("flush", () => f.flush());
      break;
    case 15:
      call(
        "readFile",
        () =>
          sf.readFile(
            pick(paths),
            (random() < 0.5 ? options() : value()) as sf.ReadFileOptions,
          ),
      );
      break;
    case 16:
      call("writeFile", () =>
        sf.writeFile(
          random() < 0.9 ? pick(paths) : value() as string,
          (random() < 0.5 ? good() : value()) as Float32Array,
          (random() < 0.5 ? 8000 : value()) as number,
          (random() < 0.5 ? options() : value()) as sf.WriteFileOptions,
        ));
      break;
    case 17:
      call(
        "info",
        () => sf.info(random() < 0.8 ? pick(paths) : value() as string),
      );
      break;
    case 18:
      call(
        "checkFormat",
        () =>
          sf.checkFormat(
            value() as "WAV",
            value() as "PCM_16",
            value() as "FILE",
          ),
      );
      break;
    default:
      call(
        "availableSubtypes/defaultSubtype",
        () =>
          random() < 0.5
            ? sf.availableSubtypes(value() as "WAV")
            : sf.defaultSubtype(value() as "WAV"),
      );
  }
  // Now and then let pending calls run; mostly keep piling them up.
  if (random() < 0.2) await new Promise((r) => setTimeout(r, 0));
}
for (const f of files) call("close", () => f.close());
await Promise.all([...pending]);
const verbose = Deno.args.includes("--verbose");
console.log(JSON.stringify({
  calls,
  counts,
  succeeded,
  unclear,
  unsettled,
  ...(verbose ? { messages } : {}),
}));
