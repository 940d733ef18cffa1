// deno-lint-ignore-file no-console
/**
 * Benchmark driver (run through scripts/bench.sh, which builds the C
 * programs first). Runs each Deno measurement and the C program doing the
 * same work in the same run, and prints a Markdown table.
 *
 * (a) callback delivery at 48 kHz, blocksizes 32-512, main thread idle and
 *     spinning 50 ms of every 60 ms: C, main-isolate callback, worker callback;
 * (b) CPU per second of audio and per write for blocking-style writes on a
 *     paced device: C `Pa_WriteStream` vs `writeAll()`;
 * (c) process start to device list: C vs Deno;
 * (d) heap and RSS before and after a long stream;
 * (e) ALSA PCM: playback vs `aplay` and capture vs `arecord`, same device,
 *     format and period/buffer sizes: CPU per second of audio, xruns.
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    cdir: { type: "string" },
    quick: { type: "boolean", default: false },
    device: { type: "string", default: "pulse" },
    "alsa-device": { type: "string", default: "pulse" },
    json: { type: "string" },
    only: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || !values.cdir) {
  console.log(
    `usage: deno run -A benchmarks/run.ts --cdir DIR [--quick] [--device NAME]
  [--only a,b,c,d,e] [--alsa-device NAME] [--json FILE]
  DIR holds the compiled C programs (scripts/bench.sh builds them).`,
  );
  Deno.exit(values.help ? 0 : 2);
}
const cdir = values.cdir;
const quick = values.quick;
const device = values.device;
const only = new Set((values.only ?? "a,b,c,d,e").split(","));
const here = new URL(".", import.meta.url).pathname;
const deno = Deno.execPath();
const TICK = 100; // USER_HZ on Linux

type Json = Record<string, number>;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command to completion; returns its last JSON stdout line. */
async function runJson(cmd: string, args: string[]): Promise<Json> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1);
  if (!out.success || !text?.startsWith("{")) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed: ${
        new TextDecoder().decode(out.stderr).slice(-800)
      }`,
    );
  }
  return JSON.parse(text);
}

/** CPU seconds used so far by a process: from /proc/PID/stat (all threads, incl. exited). */
function cpuTicks(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime
}

/** CPU seconds of the live threads, from schedstat (ns resolution). */
function cpuSched(pid: number): number {
  let ns = 0;
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(
        Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/schedstat`).split(
          " ",
        )[0],
      );
    } catch {
      // thread ended meanwhile
    }
  }
  return ns / 1e9;
}

/**
 * Spawns a process, waits `warmup` s, samples its CPU, waits `window` s,
 * samples again, then waits for it to end. Returns CPU seconds per wall
 * second over the window, and its JSON output.
 */
async function cpuWindow(
  cmd: string,
  args: string[],
  warmup: number,
  window: number,
): Promise<
  { cpu: number; cpuTicks: number; wall: number; out: Json; stderr: string }
> {
  const child = new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await sleep(warmup * 1000);
  const s0 = cpuSched(child.pid);
  const k0 = cpuTicks(child.pid);
  const t0 = performance.now();
  await sleep(window * 1000);
  const s1 = cpuSched(child.pid);
  const k1 = cpuTicks(child.pid);
  const wall = (performance.now() - t0) / 1000;
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1);
  return {
    cpu: (s1 - s0) / wall,
    cpuTicks: (k1 - k0) / wall,
    wall,
    out: text?.startsWith("{") ? JSON.parse(text) : {},
    stderr: new TextDecoder().decode(out.stderr),
  };
}

const results: Record<string, unknown> = {
  machine: {
    cpu: (Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)
      ?.[1]) ?? "?",
    cores: navigator.hardwareConcurrency,
    os: Deno.readTextFileSync("/etc/os-release").match(/PRETTY_NAME="(.*)"/)
      ?.[1] ?? "?",
    deno: Deno.version.deno,
    device,
  },
  quick,
};
const lines: string[] = [];
const m = results.machine as Record<string, unknown>;
lines.push(
  `Machine: ${m.cpu}, ${m.cores} cores, ${m.os}, Deno ${m.deno}, PortAudio device "${device}" (PulseAudio null sink)${
    quick ? " — QUICK run" : ""
  }`,
  "",
);

const pct = (a: number, b: number): string => `${(100 * a / b).toFixed(1)}%`;

// (a) callback delivery
if (only.has("a")) {
  const blocksizes = quick ? [64, 256] : [32, 64, 128, 256, 512];
  const seconds = quick ? 3 : 5;
  const warmup = 3; // the null sink stalls a new stream ~2 s (PLATFORM.md)
  const rows: unknown[] = [];
  lines.push(
    `### (a) Callback delivery, 48 kHz mono float32, ${seconds} s counted after ${warmup} s warm-up`,
    "",
    "| blocksize | main thread | C (PortAudio) | Deno main-isolate callback | Deno worker callback |",
    "|---:|---|---|---|---|",
  );
  for (const bs of blocksizes) {
    for (const spin of [false, true]) {
      const c = await runJson(`${cdir}/pa_callback`, [
        String(bs),
        String(seconds),
        String(warmup),
        spin ? "1" : "0",
        device,
      ]);
      const deno3 = async (host: string): Promise<Json> =>
        await runJson(deno, [
          "run",
          "-A",
          `${here}callback_delivery.ts`,
          "--host",
          host,
          "--blocksize",
          String(bs),
          "--seconds",
          String(seconds),
          "--warmup",
          String(warmup),
          "--device",
          device,
          ...(spin ? ["--spin"] : []),
        ]);
      const main = await deno3("main");
      const worker = await deno3("worker");
      rows.push({ blocksize: bs, spin, c, main, worker });
      const cell = (r: Json): string =>
        `${pct(r.callbacks, r.expected)} (${r.callbacks}/${
          Math.round(r.expected)
        }), ${r.underflows} underflows`;
      lines.push(
        `| ${bs} | ${spin ? "spinning 50/60 ms" : "idle"} | ${cell(c)} | ${
          cell(main)
        } | ${cell(worker)} |`,
      );
      console.error(`(a) blocksize ${bs} ${spin ? "spin" : "idle"} done`);
    }
  }
  lines.push("");
  results.callbackDelivery = rows;
}

// (b) write cost on a paced device
if (only.has("b")) {
  const blocksizes = [64, 256];
  const window = quick ? 4 : 8;
  const warmup = 3;
  const total = warmup + window + 1.5;
  const rows: unknown[] = [];
  lines.push(
    `### (b) Blocking-style writes on the paced device, 48 kHz mono float32, CPU over ${window} s after ${warmup} s`,
    "",
    "| blocksize | C Pa_WriteStream: CPU s per audio s | Deno writeAll(): CPU s per audio s | ratio Deno/C | C µs CPU per write | Deno µs CPU per write |",
    "|---:|---:|---:|---:|---:|---:|",
  );
  for (const bs of blocksizes) {
    const c = await cpuWindow(
      `${cdir}/pa_write`,
      [
        String(bs),
        String(total),
        device,
      ],
      warmup,
      window,
    );
    const d = await cpuWindow(
      deno,
      [
        "run",
        "-A",
        `${here}write_paced.ts`,
        "--blocksize",
        String(bs),
        "--seconds",
        String(total),
        "--device",
        device,
      ],
      warmup,
      window,
    );
    const writesPerSecond = 48000 / bs;
    rows.push({ blocksize: bs, c, deno: d });
    lines.push(
      `| ${bs} | ${c.cpu.toFixed(4)} (ticks ${c.cpuTicks.toFixed(3)}) | ${
        d.cpu.toFixed(4)
      } (ticks ${d.cpuTicks.toFixed(3)}) | ${(d.cpu / c.cpu).toFixed(2)}x | ${
        (1e6 * c.cpu / writesPerSecond).toFixed(1)
      } | ${(1e6 * d.cpu / writesPerSecond).toFixed(1)} |`,
    );
    console.error(`(b) blocksize ${bs} done`);
  }
  lines.push("");
  results.pacedWrites = rows;
}

// (c) process start to device list
if (only.has("c")) {
  const runs = quick ? 5 : 31;
  const time = async (
    cmd: string,
    args: string[],
    n = runs,
  ): Promise<number[]> => {
    const ts: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const out = await new Deno.Command(cmd, {
        args,
        stdout: "piped",
        stderr: "null",
      }).output();
      if (!out.success) throw new Error(`${cmd} failed`);
      ts.push(performance.now() - t0);
    }
    return ts.sort((a, b) => a - b);
  };
  const median = (a: number[]): number => a[Math.floor(a.length / 2)];
  // Round robin, so that a slow stretch of the machine hits every program.
  const progs: [string, string, string[]][] = [
    ["c", `${cdir}/pa_devices`, []],
    ["deno", deno, ["run", "-A", `${here}devices.ts`]],
    ["floor", deno, ["run", "-A", `${here}devices_floor.ts`]],
    ["empty", deno, ["run", "-A", `${here}empty.ts`]],
  ];
  const t: Record<string, number[]> = { c: [], deno: [], floor: [], empty: [] };
  for (let i = 0; i < runs; i++) {
    for (const [key, cmd, args] of progs) {
      t[key].push(...(await time(cmd, args, 1)));
    }
  }
  for (const k in t) t[k].sort((a, b) => a - b);
  const { c, deno: d, floor, empty } = t;
  results.startup = { c, deno: d, denoFloor: floor, denoEmpty: empty };
  const ratio = (x: number[]): string =>
    `${(median(x) / median(c)).toFixed(2)}x`;
  lines.push(
    `### (c) Process start to PortAudio device list (median of ${runs} runs, round robin)`,
    "",
    "| C (pa_devices) | Deno (import mod.ts, queryDevices()) | ratio | floor: Deno, 4 symbols, no library | ratio | Deno running an empty module |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${median(c).toFixed(1)} ms | ${median(d).toFixed(1)} ms | ${
      ratio(d)
    } | ${median(floor).toFixed(1)} ms | ${ratio(floor)} | ${
      median(empty).toFixed(1)
    } ms |`,
    "",
  );
  console.error("(c) done");
}

// (d) heap and RSS over a long stream (C and both Deno variants in parallel)
if (only.has("d")) {
  const seconds = quick ? 10 : 60;
  const [c, main, worker] = await Promise.all([
    runJson(`${cdir}/pa_callback`, [
      "256",
      String(seconds),
      "2",
      "0",
      device,
    ]),
    ...["main", "worker"].map((host) =>
      runJson(deno, [
        "run",
        "-A",
        "--v8-flags=--expose-gc",
        `${here}heap.ts`,
        "--host",
        host,
        "--seconds",
        String(seconds),
        "--device",
        device,
      ])
    ),
  ]);
  results.memory = { c, main, worker };
  lines.push(
    `### (d) Memory before and after a ${seconds} s callback stream (blocksize 256; heap after forced GC)`,
    "",
    "| program | heap before | heap after | RSS before | RSS after |",
    "|---|---:|---:|---:|---:|",
    `| C | - | - | ${c.rssBeforeKiB} KiB | ${c.rssAfterKiB} KiB |`,
    `| Deno main-isolate callback | ${main.heapBeforeKiB} KiB | ${main.heapAfterKiB} KiB | ${main.rssBeforeKiB} KiB | ${main.rssAfterKiB} KiB |`,
    `| Deno worker callback (main isolate heap) | ${worker.heapBeforeKiB} KiB | ${worker.heapAfterKiB} KiB | ${worker.rssBeforeKiB} KiB | ${worker.rssAfterKiB} KiB |`,
    "",
  );
  console.error("(d) done");
}

// (e) ALSA PCM against aplay / arecord
if (only.has("e")) {
  const alsaDevice = values["alsa-device"];
  const periodsizes = [256, 1024];
  const window = quick ? 4 : 8;
  const warmup = 3;
  const seconds = warmup + window + 1.5;
  const rate = 48000;
  // the sound both players play: a 440 Hz sine, float32 mono, as a raw file
  const raw = await Deno.makeTempFile({ suffix: ".f32" });
  const sine = new Float32Array(Math.ceil(seconds * rate));
  for (let i = 0; i < sine.length; i++) {
    sine[i] = 0.2 * Math.sin(2 * Math.PI * 440 * i / rate);
  }
  await Deno.writeFile(raw, new Uint8Array(sine.buffer));
  const fmt = ["-t", "raw", "-f", "FLOAT_LE", "-r", String(rate), "-c", "1"];
  const underruns = (text: string): number =>
    (text.match(/underrun|overrun/g) ?? []).length;
  const rows: unknown[] = [];
  lines.push(
    `### (e) ALSA PCM "${alsaDevice}", 48 kHz mono FLOAT_LE, 4 periods; CPU over ${window} s after ${warmup} s`,
    "",
    "| work | period | C tool: CPU s per audio s | Deno: CPU s per audio s | ratio Deno/C | xruns C / Deno |",
    "|---|---:|---:|---:|---:|---:|",
  );
  try {
    for (const p of periodsizes) {
      const sizes = [`--period-size=${p}`, `--buffer-size=${4 * p}`];
      const play = await cpuWindow(
        "aplay",
        ["-D", alsaDevice, ...fmt, ...sizes, raw],
        warmup,
        window,
      );
      const variants: [string, string][] = [
        ["writeAll", "playback: `await writeAll(pcm, block)` vs aplay"],
        ["write", "playback: `await pcm.write(block)` vs aplay"],
      ];
      for (const [mode, label] of variants) {
        const d = await cpuWindow(
          deno,
          [
            "run",
            "-A",
            `${here}alsa_play.ts`,
            "--file",
            raw,
            "--periodsize",
            String(p),
            "--device",
            alsaDevice,
            "--mode",
            mode,
          ],
          warmup,
          window,
        );
        rows.push({ work: `play-${mode}`, periodsize: p, c: play, deno: d });
        lines.push(
          `| ${label} | ${p} | ${play.cpu.toFixed(4)} | ${d.cpu.toFixed(4)} | ${
            (d.cpu / play.cpu).toFixed(2)
          }x | ${underruns(play.stderr)} / ${d.out.xruns ?? "?"} |`,
        );
      }
      const rec = await cpuWindow(
        "arecord",
        [
          "-D",
          alsaDevice,
          ...fmt,
          ...sizes,
          "-d",
          String(Math.ceil(seconds)),
          "/dev/null",
        ],
        warmup,
        window,
      );
      // period-sized blocks, and 0.2 s blocks (read by helper-thread calls
      // that wait inside ALSA)
      for (const bs of [p, 9600]) {
        const d = await cpuWindow(
          deno,
          [
            "run",
            "-A",
            `${here}alsa_record.ts`,
            "--seconds",
            String(Math.ceil(seconds)),
            "--periodsize",
            String(p),
            "--blocksize",
            String(bs),
            "--device",
            alsaDevice,
          ],
          warmup,
          window,
        );
        rows.push({
          work: "record",
          periodsize: p,
          blocksize: bs,
          c: rec,
          deno: d,
        });
        lines.push(
          `| capture: \`inputBlocks(pcm, { blocksize: ${bs} })\` vs arecord | ${p} | ${
            rec.cpu.toFixed(4)
          } | ${d.cpu.toFixed(4)} | ${(d.cpu / rec.cpu).toFixed(2)}x | ${
            underruns(rec.stderr)
          } / ${d.out.xruns ?? "?"} |`,
        );
      }
      console.error(`(e) period ${p} done`);
    }
  } finally {
    await Deno.remove(raw);
  }
  lines.push("");
  results.alsa = rows;
}

console.log(lines.join("\n"));
if (values.json) {
  Deno.writeTextFileSync(values.json, JSON.stringify(results, null, 2));
}
