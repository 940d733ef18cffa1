// deno-lint-ignore-file no-console
/**
 * Table (f): callback delivery on JACK. For each JACK period (32, 64, 128,
 * 256 frames) a private JACK server with the dummy backend runs at 48 kHz
 * with that period, and each contestant plays a 440 Hz sine from a
 * callback of the same size on its `system` device, main thread idle and
 * busy (50 ms spin of every 60 ms): C (`Pa_OpenStream` callback,
 * benchmarks/c/pa_callback.c), the main-isolate callback and a
 * `WorkerStream` (benchmarks/callback_delivery.ts) and PyAudio (Debian's
 * python3-pyaudio, benchmarks/pa_callback_pyaudio.py). Each cell: callbacks
 * delivered (% of the period count), callbacks PortAudio flagged with output
 * underflow, and xruns jackd logged for a late client, all counted over the
 * same window after a warm-up. Run through scripts/bench.sh (`--only f`).
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    cdir: { type: "string" },
    quick: { type: "boolean", default: false },
    seconds: { type: "string" },
    warmup: { type: "string", default: "2" },
    blocksizes: { type: "string", default: "32,64,128,256" },
    contestants: {
      type: "string",
      default:
        "floor,c,main,worker,worker-unpinned,pyaudio,c-duplex,worker-duplex",
    },
    json: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || !values.cdir) {
  console.log(
    `usage: deno run -A benchmarks/jack_bench.ts --cdir DIR [--quick] [--seconds N]
  [--blocksizes 32,64,128,256] [--json FILE]
  [--contestants floor,c,main,worker,worker-normal,worker-unpinned,pyaudio,
                 c-duplex,main-duplex,worker-duplex,worker-unpinned-duplex,
                 writeall,worker-write]
  DIR holds the compiled C programs (scripts/bench.sh builds them).
  Window per cell: --seconds, else 5 s with --quick, 60 s without.`,
  );
  Deno.exit(values.help ? 0 : 2);
}
const cdir = values.cdir;
const seconds = Number(values.seconds ?? (values.quick ? 5 : 60));
const warmup = Number(values.warmup);
const blocksizes = values.blocksizes.split(",").map(Number);
const contestants = values.contestants.split(",");
const here = new URL(".", import.meta.url).pathname;
const NAMES: Record<string, string> = {
  floor:
    "the machine alone: a C thread at SCHED_FIFO 10 sleeping to each period boundary (no audio; late = woke a period or more late)",
  c: "C (`Pa_OpenStream` callback)",
  main: "audiodev callback on the main isolate",
  worker:
    "audiodev `WorkerStream` (the default: real-time worker, on JACK pinned with JACK's thread)",
  "worker-normal": "audiodev `WorkerStream` with `realtime: false`",
  "worker-unpinned": "audiodev `WorkerStream` with `realtime: { cpu: null }`",
  "worker-unpinned-duplex":
    "audiodev duplex `WorkerStream` with `realtime: { cpu: null }`",
  pyaudio: "PyAudio (Debian)",
  "c-duplex": "C, duplex (input copied to output)",
  "main-duplex": "audiodev duplex callback on the main isolate",
  "worker-duplex": "audiodev duplex `WorkerStream` (the default)",
  writeall:
    "audiodev `writeAll()` blocks (stereo `OutputStream`, 100 ms latency)",
  "worker-write":
    "audiodev `WorkerStream.write()` blocks (no module, 100 ms latency)",
};

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** xruns jackd has logged so far (see {@link startJack}). */
interface XrunCount {
  /** A client that did not finish its period in time. */
  client: number;
  /** A period the server itself started late (the machine was busy). */
  driver: number;
}

/**
 * A private jackd with the dummy backend. Its output is read here, line by
 * line, as it comes: PortAudio flags output underflow after either kind of
 * xrun, and `count` says how many of each jackd has logged so far.
 */
async function startJack(
  period: number,
): Promise<{ name: string; count: XrunCount; stop(): Promise<void> }> {
  const name = `audiodev_bench_${Deno.pid}_${period}`;
  const count: XrunCount = { client: 0, driver: 0 };
  // stdbuf: jackd's output to a pipe is block-buffered, which would make
  // the count of a window lag and come in lumps.
  const child = new Deno.Command("stdbuf", {
    args: [
      "-oL",
      "-eL",
      "jackd",
      "-n",
      name,
      "-d",
      "dummy",
      "-r",
      "48000",
      "-p",
      String(period),
    ],
    env: { JACK_NO_AUDIO_RESERVATION: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const tally = async (stream: ReadableStream<Uint8Array>): Promise<void> => {
    const lines = stream.pipeThrough(new TextDecoderStream()).pipeThrough(
      new LineSplitter(),
    );
    for await (const line of lines) {
      if (line.includes("JackEngine::XRun")) count.client++;
      else if (line.includes("Driver::Process XRun")) count.driver++;
    }
  };
  const reading = Promise.all([tally(child.stdout), tally(child.stderr)]);
  for (let i = 0; i < 50; i++) {
    const ok = await new Deno.Command("jack_lsp", {
      env: { JACK_DEFAULT_SERVER: name },
      stdout: "null",
      stderr: "null",
    }).output();
    if (ok.success) break;
    await sleep(200);
  }
  return {
    name,
    count,
    async stop(): Promise<void> {
      child.kill("SIGTERM");
      await child.status;
      await reading;
    },
  };
}

/** Splits a text stream into lines. */
class LineSplitter extends TransformStream<string, string> {
  constructor() {
    let rest = "";
    super({
      transform(chunk, out): void {
        const parts = (rest + chunk).split("\n");
        rest = parts.pop() ?? "";
        for (const part of parts) out.enqueue(part);
      },
      flush(out): void {
        if (rest) out.enqueue(rest);
      },
    });
  }
}

interface Cell {
  delivered: number;
  /** `null` where the contestant cannot see underflows. */
  underflows: number | null;
  xruns: number;
  driverXruns: number;
}

async function runOne(
  who: string,
  period: number,
  busy: boolean,
  server: { name: string; count: XrunCount },
): Promise<Cell> {
  const spin = busy ? "1" : "0";
  const duplex = who.endsWith("-duplex");
  const host = who.replace(/-duplex$/, "");
  const [cmd, args] = who === "floor"
    ? [`${cdir}/rt_floor`, [
      String(period),
      String(seconds),
      String(warmup),
      spin,
    ]]
    : host === "c"
    ? [`${cdir}/pa_callback`, [
      String(period),
      String(seconds),
      String(warmup),
      spin,
      "system",
      ...(duplex ? ["duplex"] : []),
    ]]
    : who === "writeall" || who === "worker-write"
    ? [Deno.execPath(), [
      "run",
      "-A",
      `${here}jack_write.ts`,
      "--mode",
      who === "writeall" ? "writeall" : "worker",
      "--blocksize",
      String(period),
      "--seconds",
      String(seconds),
      "--warmup",
      String(warmup),
      "--device",
      "system",
      ...(busy ? ["--spin"] : []),
    ]]
    : who === "pyaudio"
    ? ["/usr/bin/python3", [
      `${here}pa_callback_pyaudio.py`,
      String(period),
      String(seconds),
      String(warmup),
      spin,
      "system",
    ]]
    : [Deno.execPath(), [
      "run",
      "-A",
      `${here}callback_delivery.ts`,
      "--host",
      host === "worker-normal" || host === "worker-unpinned" ? "worker" : host,
      ...(host === "worker-unpinned" ? ["--cpu", "null"] : []),
      "--kind",
      duplex ? "duplex" : "output",
      "--realtime",
      String(who !== "worker-normal"),
      "--blocksize",
      String(period),
      "--seconds",
      String(seconds),
      "--warmup",
      String(warmup),
      "--device",
      "system",
      ...(busy ? ["--spin"] : []),
    ]];
  const child = new Deno.Command(cmd, {
    args,
    env: { JACK_DEFAULT_SERVER: server.name },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // Count the xruns of the measured window only (start-up excluded); the
  // Deno programs need about 0.3 s more than C to open their stream.
  await sleep(warmup * 1000 + (host === "c" || who === "floor" ? 0 : 300));
  const x0 = { ...server.count };
  await sleep(seconds * 1000);
  const x1 = { ...server.count };
  const out = await child.output();
  const line = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1);
  if (!out.success || !line?.startsWith("{")) {
    throw new Error(`${who} at ${period} frames failed (exit ${out.code})`);
  }
  const r = JSON.parse(line) as {
    callbacks: number;
    expected: number;
    underflows: number | null;
  };
  return {
    delivered: 100 * r.callbacks / r.expected,
    underflows: r.underflows,
    xruns: x1.client - x0.client,
    driverXruns: x1.driver - x0.driver,
  };
}

const results: Record<string, Record<string, Cell>> = {};
const load = Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3);
for (const period of blocksizes) {
  const server = await startJack(period);
  try {
    for (const busy of [false, true]) {
      for (const who of contestants) {
        const key = `${who} ${busy ? "busy" : "idle"}`;
        results[key] ??= {};
        results[key][period] = await runOne(who, period, busy, server);
        console.error(
          `f: ${key} ${period}: ${JSON.stringify(results[key][period])}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

const cell = (c: Cell | undefined): string =>
  c === undefined
    ? "-"
    : `${c.delivered.toFixed(c.delivered >= 99.95 ? 0 : 1)} % / ${
      c.underflows ?? "n/a"
    } / ${c.xruns} (${c.driverXruns})`;
console.log(
  `\n### (f) Callbacks on JACK (dummy backend, 48 kHz, period = blocksize; ${seconds} s per cell; load average at start ${
    load.join(" ")
  })\n`,
);
console.log(
  "Cells: delivered / output-underflow flags / jackd `XRun` log lines for " +
    "a late client (in brackets: lines for periods the server itself " +
    "started late, which PortAudio flags too). The floor row has no audio: " +
    "wake-ups of a SCHED_FIFO thread a period or more late.\n",
);
console.log(
  `| contestant | main thread | ${
    blocksizes.map((b) => `${b} frames`).join(" | ")
  } |`,
);
console.log(`|---|---|${blocksizes.map(() => "---").join("|")}|`);
for (const who of contestants) {
  for (const busy of ["idle", "busy"]) {
    const row = results[`${who} ${busy}`] ?? {};
    console.log(
      `| ${NAMES[who] ?? who} | ${busy} | ${
        blocksizes.map((b) => cell(row[b])).join(" | ")
      } |`,
    );
  }
}
if (values.json) {
  Deno.writeTextFileSync(
    values.json,
    JSON.stringify({ seconds, load, results }, null, 2),
  );
}
