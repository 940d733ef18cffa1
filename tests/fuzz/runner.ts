/**
 * Runs one fuzz seed in a child process under a watchdog and turns what it
 * printed into a {@linkcode SeedResult}:
 *
 * - crash: the child died by a signal, or exited non-zero, or printed a
 *   crash report (segfault, abort, panic, heap corruption, failed assertion);
 * - blocked: no line on stdout for `silenceMs` (a call holds the main thread,
 *   so even the driver's own 10 s stall timer cannot fire); the child is killed;
 * - stall: a call the driver saw unsettled after its timeout;
 * - hang: the child did not exit within `exitGraceMs` after its summary;
 * - unclear / accepted / lost / unhandled: as the driver classified them.
 *
 * @module
 */

/** One finding the driver printed. */
export interface Finding {
  kind: string;
  i: number;
  call: string;
  message?: string;
  reason?: string;
  error?: string;
  what?: string;
  value?: string;
  ms?: number;
}

/** Everything known about one seed's run. */
export interface SeedResult {
  seed: number;
  callsAsked: number;
  calls: number;
  ok: number;
  expected: number;
  findings: Finding[];
  crash: {
    signal: string | null;
    code: number;
    stderr: string;
    lastCalls: string[];
    pending: string[];
  } | null;
  blocked: { call: string; pending: string[] } | null;
  hang: { pending: string[] } | null;
  summary: Record<string, unknown> | null;
  ms: number;
}

/** Options of {@linkcode runSeed}. */
export interface RunOptions {
  /** Per-call timeout inside the driver (default 10000 ms). */
  callTimeoutMs?: number;
  /** Silence on stdout that counts as a blocked main thread (default callTimeout + 15 s). */
  silenceMs?: number;
  /** Time to exit after the summary (default 5000 ms). */
  exitGraceMs?: number;
  /** Run only these call indices. */
  keep?: readonly number[];
  /** Only these entry points (pa, alsa, mixer, oss, sf). */
  only?: readonly string[];
  /** Leave out these actions (e.g. `pa.newWorker`). */
  skip?: readonly string[];
  /** Environment for the child (added to this process's). */
  env?: Record<string, string>;
  /**
   * Kills the run after this long (reported as blocked at the call then
   * running), so that a bounded test stays bounded. Default: no limit.
   */
  maxMs?: number;
  /** Writes every line the driver printed to this file. */
  logFile?: string;
}

// What C, V8 and Rust print as they die (a stream's "was aborted" is not one).
const CRASH_TEXT =
  /Segmentation fault|double free|corrupted (size|double-linked)|malloc\(\): |free\(\): |Assertion `.*' failed|panicked at|stack smashing|Fatal (JavaScript|process|error)|FATAL ERROR/;

const DRIVER = new URL("./driver.ts", import.meta.url).pathname;

/**
 * Stops the silence keepers (pacat) and unloads the null sinks a killed
 * driver left behind (a normal exit does this itself).
 */
function cleanUpAfter(pid: number, env?: Record<string, string>): void {
  const tag = `audiodev_fuzz_${pid}`;
  try {
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`);
        if (cmd.startsWith("pacat") && cmd.includes(tag + "\0")) {
          Deno.kill(Number(e.name), "SIGTERM");
        }
      } catch { /* gone meanwhile */ }
    }
  } catch { /* no /proc */ }
  try {
    const list = new Deno.Command("pactl", {
      args: ["list", "short", "modules"],
      env,
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const text = new TextDecoder().decode(list.stdout);
    const re = new RegExp(
      `^(\\d+)\\s+module-null-sink\\s+sink_name=audiodev_fuzz_(?:[a-z]+_)?${pid}\\b`,
      "gm",
    );
    for (const m of text.matchAll(re)) {
      new Deno.Command("pactl", {
        args: ["unload-module", m[1]],
        env,
        stdout: "null",
        stderr: "null",
      }).outputSync();
    }
  } catch { /* no pactl: nothing loaded */ }
}

/**
 * Runs `deno run -A tests/fuzz/driver.ts --seed S --calls N` and watches it.
 *
 * @param seed The seed.
 * @param calls Calls to make.
 * @param o Timeouts and filters.
 * @returns What happened.
 */
export async function runSeed(
  seed: number,
  calls: number,
  o: RunOptions = {},
): Promise<SeedResult> {
  const callTimeout = o.callTimeoutMs ?? 10000;
  const silenceMs = o.silenceMs ?? callTimeout + 15000;
  const exitGrace = o.exitGraceMs ?? 5000;
  const args = [
    "run",
    "-A",
    "--no-check",
    "--v8-flags=--expose-gc",
    DRIVER,
    "--seed",
    String(seed),
    "--calls",
    String(calls),
    "--timeout",
    String(callTimeout),
  ];
  if (o.keep) args.push("--keep", o.keep.join(","));
  if (o.only) args.push("--only", o.only.join(","));
  if (o.skip) args.push("--skip", o.skip.join(","));
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: o.env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const res: SeedResult = {
    seed,
    callsAsked: calls,
    calls: 0,
    ok: 0,
    expected: 0,
    findings: [],
    crash: null,
    blocked: null,
    hang: null,
    summary: null,
    ms: 0,
  };
  const last: string[] = [];
  const pending = new Map<number, string>();
  let lastLine = performance.now();
  let summaryAt = 0;
  let killedBy: "blocked" | "hang" | null = null;
  let stderr = "";
  let tmpDir = "";

  const errDone = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) {
      stderr += dec.decode(chunk, { stream: true });
      if (stderr.length > 64000) stderr = stderr.slice(-32000);
    }
  })();

  const log = o.logFile
    ? Deno.openSync(o.logFile, { write: true, create: true, truncate: true })
    : null;
  const logEnc = new TextEncoder();
  const onLine = (line: string): void => {
    lastLine = performance.now();
    log?.writeSync(logEnc.encode(line + "\n"));
    if (line.startsWith("@call ")) {
      const sp = line.indexOf(" ", 6);
      const i = Number(line.slice(6, sp));
      const src = line.slice(sp + 1);
      res.calls++;
      pending.set(i, src);
      last.push(`${i}: ${src}`);
      if (last.length > 12) last.shift();
    } else if (line.startsWith("@r ")) {
      const [, i, kind] = line.split(" ");
      pending.delete(Number(i));
      if (kind === "ok") res.ok++;
      else if (kind === "expected") res.expected++;
    } else if (line.startsWith("@finding ")) {
      try {
        res.findings.push(JSON.parse(line.slice(9)));
      } catch { /* a cut line */ }
    } else if (line.startsWith("@tmp ")) {
      tmpDir = line.slice(5);
    } else if (line.startsWith("@summary ")) {
      try {
        res.summary = JSON.parse(line.slice(9));
      } catch { /* a cut line */ }
      summaryAt = performance.now();
    }
  };

  const outDone = (async () => {
    const dec = new TextDecoder();
    let buf = "";
    for await (const chunk of child.stdout) {
      buf += dec.decode(chunk, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    if (buf) onLine(buf);
  })();

  let exited = false;
  const status = child.status.finally(() => {
    exited = true;
  });
  const pendingList = (): string[] =>
    [...pending.entries()].map(([i, s]) => `${i}: ${s}`);
  while (!exited) {
    await Promise.race([status, new Promise((r) => setTimeout(r, 250))]);
    if (exited) break;
    const now = performance.now();
    if (summaryAt > 0 && now - summaryAt > exitGrace) {
      killedBy = "hang";
      res.hang = { pending: pendingList() };
    } else if (summaryAt === 0 && o.maxMs !== undefined && now - t0 > o.maxMs) {
      killedBy = "blocked";
      res.blocked = {
        call: `(time limit of ${o.maxMs} ms) ${last[last.length - 1] ?? ""}`,
        pending: pendingList(),
      };
    } else if (summaryAt === 0 && now - lastLine > silenceMs) {
      killedBy = "blocked";
      res.blocked = {
        call: last[last.length - 1] ?? "(none)",
        pending: pendingList(),
      };
    }
    if (killedBy) {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      break;
    }
  }
  const st = await status;
  await Promise.all([outDone, errDone]);
  if (log) {
    log.writeSync(
      logEnc.encode(
        `@stderr ${JSON.stringify(stderr.slice(-8000))}\n@exit ${st.code} ${
          st.signal ?? ""
        }\n`,
      ),
    );
    log.close();
  }
  res.ms = Math.round(performance.now() - t0);
  if (!killedBy) {
    const crashed = st.signal !== null || st.code !== 0 ||
      CRASH_TEXT.test(stderr) || res.summary === null;
    if (crashed) {
      res.crash = {
        signal: st.signal,
        code: st.code,
        stderr: stderr.split("\n").filter((l) =>
          CRASH_TEXT.test(l) || /error|Error/.test(l)
        ).slice(-12).join("\n") ||
          stderr.slice(-2000),
        lastCalls: [...last],
        pending: pendingList(),
      };
    }
  }
  if (killedBy || res.crash) {
    cleanUpAfter(child.pid, o.env);
    if (tmpDir.includes("audiodev_fuzz_")) {
      try {
        Deno.removeSync(tmpDir, { recursive: true });
      } catch { /* already gone */ }
    }
  }
  return res;
}

/** Counts of a result by kind. */
export function tally(r: SeedResult): Record<string, number> {
  const c: Record<string, number> = {
    unclear: 0,
    accepted: 0,
    lost: 0,
    stall: 0,
    late: 0,
    unhandled: 0,
  };
  for (const f of r.findings) c[f.kind] = (c[f.kind] ?? 0) + 1;
  return c;
}

/** Whether a seed's run failed (crash, blocked, stall, hang, unclear error, lost data, unhandled error). */
export function failed(r: SeedResult): boolean {
  const c = tally(r);
  return r.crash !== null || r.blocked !== null || r.hang !== null ||
    c.stall > 0 || c.unclear > 0 || c.lost > 0 ||
    c.unhandled > 0;
}

/** A message with numbers, paths and quoted values generalised, for grouping. */
export function normalise(msg: string): string {
  return msg
    .replace(/\/tmp\/[^\s"']+/g, "<path>")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?n?/gi, "N")
    .slice(0, 120);
}
