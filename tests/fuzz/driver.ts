/**
 * The fuzz driver: for a seed, makes `--calls` random calls across every
 * public entry point (`.`, `./alsa`, `./mixer`, `./oss`, `./soundfile`) with
 * hostile arguments and misuse sequences (use after close, close during a
 * pending call, double close, stop before start, calls not awaited), and
 * reports each outcome on stdout, one line per event:
 *
 *     @call <i> [nowait] <TypeScript of the call>
 *     @r <i> ok|expected|unclear|accepted|lost <ms>
 *     @finding {"kind": "unclear"|"accepted"|"lost"|"stall"|"late"|"unhandled", ...}
 *     @summary {...}
 *
 * A call not settled within `--timeout` ms (default 10000) is reported as a
 * stall (and awaited no longer). The process should exit by itself after the
 * summary: tests/fuzz/runner.ts treats a signal exit as a crash, silence on
 * stdout as a blocked main thread and a late exit as a hang.
 *
 * Safety: devices are the run's private PulseAudio sink, ALSA `null` and
 * file-plugin PCMs writing into the run's temp dir; files only in that temp
 * dir; mixer writes only on the private sink's ctl, OSS mixer volumes
 * restored after each write.
 *
 * Run one seed: `deno run -A --v8-flags=--expose-gc tests/fuzz/driver.ts --seed 1 --calls 300`
 * (`--keep 3,17,40` runs only those calls, `--only alsa,oss` only those entry points).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { pointPulseAt, privateSinks } from "../_sinks.ts";
import { Rng } from "./prng.ts";
import { type Action, type Call, type Ctx, Pools } from "./context.ts";
import { describe, unclearReason } from "./classify.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: "1" },
    calls: { type: "string", default: "300" },
    keep: { type: "string" },
    only: { type: "string" },
    skip: { type: "string" },
    timeout: { type: "string", default: "10000" },
  },
});
const SEED = Number(args.seed);
const CALLS = Number(args.calls);
const TIMEOUT = Number(args.timeout);
const KEEP = args.keep ? new Set(args.keep.split(",").map(Number)) : null;
const ONLY = args.only ? new Set(args.only.split(",")) : null;
const SKIP = new Set(args.skip ? args.skip.split(",") : []);

const enc = new TextEncoder();
function out(line: string): void {
  // One write per line, synchronous: the runner reads them even if we crash.
  const bytes = enc.encode(line.replaceAll("\n", "\\n") + "\n");
  let off = 0;
  while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
}

// ---- environment: temp dir, private sink, ALSA config -----------------------

out(`@phase setup`);
const tmp = Deno.makeTempDirSync({ prefix: "audiodev_fuzz_" });
out(`@tmp ${tmp}`); // the runner removes it if this process dies
// Hostile strings become relative file names ("fuzz", "", ...): they must
// land in the temporary directory, not where the campaign was started.
const startDir = Deno.cwd();
Deno.chdir(tmp);
const sinks = privateSinks("audiodev_fuzz");
const sink = sinks.names[0];
pointPulseAt(sink);
Deno.writeTextFileSync(
  `${tmp}/.asoundrc`,
  [
    `pcm.fuzzfile { type file; slave.pcm "null"; file "${tmp}/out.raw"; format "raw" }`,
    `pcm.fuzzin { type file; slave.pcm "null"; file "/dev/null"; infile "${tmp}/in.raw"; format "raw" }`,
    `ctl.fuzzmix { type pulse; sink "${sink}"; source "${sink}.monitor" }`,
    "",
  ].join("\n"),
);
// ALSA reads ~/.asoundrc at its first use, which comes after this line.
Deno.env.set("HOME", tmp);
Deno.writeFileSync(
  `${tmp}/in.raw`,
  new Uint8Array(1 << 20).map((_, i) => (i * 37) & 0xff),
);
Deno.writeTextFileSync(`${tmp}/plain_file`, "not a sound file\n");

const [
  { portaudioActions },
  { alsaActions },
  { mixerActions },
  { ossActions },
  { soundfileActions },
  sf,
  oss,
  { raceActions },
] = await Promise.all([
  import("./gen_portaudio.ts"),
  import("./gen_alsa.ts"),
  import("./gen_mixer.ts"),
  import("./gen_oss.ts"),
  import("./gen_soundfile.ts"),
  import("../../soundfile.ts"),
  import("../../oss.ts"),
  import("./gen_races.ts"),
]);

await sf.writeFile(
  `${tmp}/keep.wav`,
  new Float32Array(2000).map((_, i) => Math.sin(i / 9) * 0.1),
  8000,
  { channels: 1 },
);

const ctx: Ctx = {
  pools: new Pools(),
  tmp,
  sink,
  mixerDevice: "fuzzmix",
  filePcm: "fuzzfile",
  fileCapturePcm: "fuzzin",
  workerModule: new URL("./worker_fixture.ts", import.meta.url),
  ossVolumes: new Map(),
  ossRecsrc: null,
};

// OSS mixer volumes before the run, restored after every write and at the end.
function readOssMixer(): void {
  try {
    const m = oss.openMixer("/dev/mixer");
    try {
      const mask = m.controls();
      for (let c = 0; c < oss.SOUND_MIXER_NRDEVICES; c++) {
        if (mask & (1 << c)) ctx.ossVolumes.set(c, m.get(c));
      }
      try {
        ctx.ossRecsrc = m.getRecsrc();
      } catch { /* no record source */ }
    } finally {
      m.close();
    }
  } catch { /* no OSS mixer: nothing to restore */ }
}
function restoreOssMixer(): void {
  try {
    const m = oss.openMixer("/dev/mixer");
    try {
      for (const [c, v] of ctx.ossVolumes) m.set(c, v);
    } finally {
      m.close();
    }
  } catch { /* reported by the calls themselves */ }
}
out(`@phase setup: OSS mixer volumes`);
readOssMixer();

const gcAction: Action = {
  name: "gc",
  weight: 0.6,
  make: () => ({
    src: "gc()",
    names: ["gc"],
    bad: false,
    run: () => (globalThis as { gc?: () => void }).gc?.(),
  }),
};
const sleepAction: Action = {
  name: "sleep",
  weight: 0.8,
  make: (_c, r) => {
    const ms = r.pick([1, 20, 100]);
    return {
      src: `await sleep(${ms})`,
      names: ["sleep"],
      bad: false,
      mustAwait: true,
      run: () => new Promise((res) => setTimeout(res, ms)),
    };
  },
};
const groups: Record<string, Action[]> = {
  pa: portaudioActions,
  alsa: alsaActions,
  mixer: mixerActions,
  oss: ossActions,
  sf: soundfileActions,
  race: raceActions,
  misc: [gcAction, sleepAction],
};
const actions = Object.entries(groups).filter(([k]) =>
  !ONLY || ONLY.has(k) || k === "misc"
).flatMap(([, a]) => a).filter((a) => !SKIP.has(a.name));

// ---- outcomes ---------------------------------------------------------------

const counts = {
  calls: 0,
  ok: 0,
  expected: 0,
  unclear: 0,
  accepted: 0,
  lost: 0,
  stalls: 0,
  late: 0,
  unhandled: 0,
};
const byAction = new Map<string, number>();
let current = "(setup)";

function finding(
  kind: string,
  i: number,
  src: string,
  extra: Record<string, unknown>,
): void {
  out(`@finding ${JSON.stringify({ kind, i, call: src, ...extra })}`);
}

function settle(
  i: number,
  call: Call,
  ok: boolean,
  value: unknown,
  t0: number,
): void {
  const ms = Math.round(performance.now() - t0);
  let kind: string;
  let lost: string | null = null;
  try {
    lost = call.verify?.(ok, value) ?? null;
  } catch (e) {
    lost = `verify failed: ${describe(e)}`;
  }
  if (lost) {
    kind = "lost";
    finding("lost", i, call.src, {
      what: lost,
      error: ok ? undefined : describe(value),
    });
  } else if (ok) {
    kind = call.bad ? "accepted" : "ok";
    if (call.bad) finding("accepted", i, call.src, { value: describe(value) });
    try {
      call.done?.(value);
    } catch (e) {
      finding("unclear", i, call.src, {
        message: `(after success) ${describe(e)}`,
        reason: "getter threw after a successful call",
      });
      counts.unclear++;
    }
  } else {
    const why = unclearReason(value, call.names);
    if (why) {
      kind = "unclear";
      const e = value as Error;
      finding("unclear", i, call.src, {
        reason: why,
        error: value instanceof Error ? e.constructor.name : typeof value,
        message: value instanceof Error ? e.message : describe(value),
      });
    } else kind = "expected";
  }
  counts[kind as "ok"]++;
  out(`@r ${i} ${kind} ${ms}`);
}

const pending = new Map<number, { src: string; t0: number }>();

/** Resolves when `p` settles or after TIMEOUT (then reports a stall). */
function watch(
  i: number,
  call: Call,
  p: Promise<unknown>,
  t0: number,
): Promise<void> {
  pending.set(i, { src: call.src, t0 });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = p.then(
    (v) => settle(i, call, true, v, t0),
    (e) => settle(i, call, false, e, t0),
  ).finally(() => {
    clearTimeout(timer);
    pending.delete(i);
    if (stalled) {
      counts.late++;
      finding("late", i, call.src, { ms: Math.round(performance.now() - t0) });
    }
  });
  const timeout = new Promise<void>((res) => {
    // A call that may rightly wait (see Call.mayWait) is only required to
    // settle by the end of cleanup.
    if (call.mayWait) return res();
    timer = setTimeout(() => {
      stalled = true;
      counts.stalls++;
      finding("stall", i, call.src, { ms: TIMEOUT });
      res();
    }, TIMEOUT);
  });
  return Promise.race([settled, timeout]);
}

globalThis.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  counts.unhandled++;
  finding("unhandled", -1, current, { message: describe(e.reason) });
});
globalThis.addEventListener("error", (e) => {
  e.preventDefault();
  counts.unhandled++;
  finding("unhandled", -1, current, {
    message: describe(e.error ?? e.message),
  });
});

async function perform(i: number, call: Call, noAwait: boolean): Promise<void> {
  current = call.src;
  counts.calls++;
  out(`@call ${i} ${noAwait ? "nowait " : ""}${call.src}`);
  const t0 = performance.now();
  let v: unknown;
  try {
    v = call.run();
  } catch (e) {
    settle(i, call, false, e, t0);
    return;
  }
  if (
    v !== null && typeof v === "object" &&
    typeof (v as { then?: unknown }).then === "function"
  ) {
    const w = watch(i, call, Promise.resolve(v), t0);
    if (!noAwait) await w;
  } else settle(i, call, true, v, t0);
}

// ---- the run ------------------------------------------------------------------

out(`@phase setup: sink ready`);
await sinks.ready();
out(`@phase calls`);
const started = performance.now();
for (let i = 0; i < CALLS; i++) {
  if (KEEP && !KEEP.has(i)) continue;
  const r = new Rng(SEED, `call ${i}`);
  let call: Call | null = null;
  let action: Action | null = null;
  for (let tries = 0; tries < 12 && !call; tries++) {
    action = r.weighted(actions, (a) => a.weight);
    try {
      call = action.make(ctx, r);
    } catch (e) {
      // a generator reading a property of a broken object: report, go on
      finding("unclear", i, `(drawing ${action.name})`, {
        reason: `property read threw${
          e instanceof Error
            ? ` at ${e.stack?.split("\n").slice(1, 5).join(" ").trim()}`
            : ""
        }`,
        message: describe(e),
      });
      counts.unclear++;
    }
  }
  if (!call || !action) continue;
  byAction.set(action.name, (byAction.get(action.name) ?? 0) + 1);
  const noAwait = call.mayWait === true ||
    (!call.mustAwait && pending.size < 4 && r.chance(0.12));
  await perform(i, call, noAwait);
}

// ---- cleanup: close what is left, wait for calls still running -------------------

out(`@phase cleanup`);
let k = CALLS;
for (const [kind, i, s] of [...ctx.pools.all()]) {
  const o = s.obj as { close?: () => unknown };
  if (typeof o?.close !== "function") continue;
  await perform(k++, {
    src: `${kind}[${i}].close() /* cleanup */`,
    names: ["close"],
    bad: false,
    run: () => o.close!(),
  }, false);
}
ctx.pools.clear();
if (pending.size > 0) {
  const t = performance.now();
  while (pending.size > 0 && performance.now() - t < TIMEOUT + 500) {
    await new Promise((res) => setTimeout(res, 50));
  }
}
// What is still pending now never settled, not even after its object was
// closed (calls that may rightly wait included).
for (const [i, p] of pending) {
  counts.stalls++;
  finding("stall", i, `${p.src} /* still pending after cleanup */`, {
    ms: Math.round(performance.now() - p.t0),
  });
}
restoreOssMixer();
Deno.chdir(startDir); // what still ends after this (a pactl) needs a cwd
try {
  Deno.removeSync(tmp, { recursive: true });
} catch { /* a PCM may still hold a file */ }

out(`@summary ${
  JSON.stringify({
    seed: SEED,
    ...counts,
    dropped: ctx.pools.dropped,
    pendingAtEnd: [...pending.values()].map((p) => p.src),
    ms: Math.round(performance.now() - started),
    actions: Object.fromEntries(byAction),
  })
}`);
// Nothing more: the process must now exit by itself.
