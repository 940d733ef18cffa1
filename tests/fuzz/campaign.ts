/**
 * A fuzz campaign: many seeds, each in its own child process under the
 * runner's watchdog, `--parallel` at a time; prints a summary table (seed,
 * calls, crashes, stalls, hangs, unclear errors, top messages) and the
 * details of every crash, stall and hang with the calls before it.
 *
 *     deno run -A tests/fuzz/campaign.ts --seeds 1-8 --calls 10000 --parallel 2 [--json out.json]
 *
 * Exits 1 when any seed failed.
 *
 * @module
 */
// deno-lint-ignore-file no-console -- a command-line tool: its output is the report
import { parseArgs } from "node:util";
import {
  failed,
  normalise,
  runSeed,
  type SeedResult,
  tally,
} from "./runner.ts";
import { type PrivateServer, startPrivateServer } from "./server.ts";

const { values: a } = parseArgs({
  args: Deno.args,
  options: {
    seeds: { type: "string", default: "1-8" },
    calls: { type: "string", default: "10000" },
    parallel: { type: "string", default: "2" },
    json: { type: "string" },
    only: { type: "string" },
    skip: { type: "string" },
    timeout: { type: "string", default: "10000" },
    logdir: { type: "string" },
    "shared-server": { type: "boolean", default: false },
  },
});

function parseSeeds(s: string): number[] {
  const out: number[] = [];
  for (const part of s.split(",")) {
    const m = part.match(/^(\d+)-(\d+)$/);
    if (m) { for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(i); }
    else if (part) out.push(Number(part));
  }
  return out;
}

const seeds = parseSeeds(a.seeds!);
const calls = Number(a.calls);
const parallel = Math.max(1, Number(a.parallel));
const results: SeedResult[] = [];
const queue = [...seeds];
// The campaign's own sound server: nothing it does can disturb the shared one.
let server: PrivateServer | null = a["shared-server"]
  ? null
  : startPrivateServer();
const serverDeaths: number[] = [];
if (!a["shared-server"] && !server) {
  console.error(
    "could not start a private PulseAudio server: using the shared one",
  );
}
const t0 = performance.now();

async function worker(): Promise<void> {
  while (queue.length > 0) {
    const seed = queue.shift()!;
    const r = await runSeed(seed, calls, {
      callTimeoutMs: Number(a.timeout),
      only: a.only ? a.only.split(",") : undefined,
      skip: a.skip ? a.skip.split(",") : undefined,
      logFile: a.logdir ? `${a.logdir}/seed${seed}.log` : undefined,
      env: server?.env,
    });
    results.push(r);
    if (server && !server.alive()) {
      // The fuzz killed its sound server: a finding of its own; start a new one.
      serverDeaths.push(seed);
      server.stop();
      server = startPrivateServer();
    }
    const c = tally(r);
    console.error(
      `seed ${seed}: ${r.calls}/${calls} calls in ${
        (r.ms / 1000).toFixed(1)
      } s, crash ${r.crash ? 1 : 0}, ` +
        `blocked ${r.blocked ? 1 : 0}, stalls ${c.stall}, hang ${
          r.hang ? 1 : 0
        }, unclear ${c.unclear}, lost ${c.lost}`,
    );
  }
}
await Promise.all(Array.from({ length: parallel }, worker));
server?.stop();
results.sort((x, y) => x.seed - y.seed);

function topMessages(
  rs: SeedResult[],
  kinds: string[],
  n: number,
): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rs) {
    for (const f of r.findings) {
      if (!kinds.includes(f.kind)) continue;
      const key = normalise(f.message ?? f.what ?? f.call);
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, n);
}

const rows = results.map((r) => {
  const c = tally(r);
  const top = topMessages([r], ["unclear"], 2).map(([k, n]) =>
    `${n}x ${k.slice(0, 50)}`
  ).join(" | ");
  return [
    String(r.seed),
    String(r.calls),
    r.crash ? `1 (${r.crash.signal ?? "exit " + r.crash.code})` : "0",
    String(c.stall + (r.blocked ? 1 : 0)),
    r.hang ? "1" : "0",
    String(c.unclear),
    String(c.accepted),
    String(c.lost),
    String(c.unhandled),
    (r.ms / 1000).toFixed(0),
    top,
  ];
});
const head = [
  "seed",
  "calls",
  "crashes",
  "stalls",
  "hangs",
  "unclear",
  "accepted",
  "lost",
  "unhandled",
  "s",
  "top unclear messages",
];
const widths = head.map((h, i) =>
  Math.max(
    h.length,
    ...rows.map((r) => i === head.length - 1 ? 0 : r[i].length),
  )
);
const fmt = (r: string[]) =>
  r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
console.log(fmt(head));
for (const r of rows) console.log(fmt(r));
const sum = (f: (r: SeedResult) => number) =>
  results.reduce((s, r) => s + f(r), 0);
console.log(
  `total: ${sum((r) => r.calls)} calls over ${results.length} seeds in ${
    ((performance.now() - t0) / 1000).toFixed(0)
  } s; ` +
    `crashes ${sum((r) => (r.crash ? 1 : 0))}, stalls ${
      sum((r) => tally(r).stall + (r.blocked ? 1 : 0))
    }, ` +
    `hangs ${sum((r) => (r.hang ? 1 : 0))}, unclear ${
      sum((r) => tally(r).unclear)
    }, ` +
    `accepted ${sum((r) => tally(r).accepted)}, lost ${
      sum((r) => tally(r).lost)
    }, unhandled ${sum((r) => tally(r).unhandled)}`,
);

if (serverDeaths.length) {
  console.log(
    `the sound server died during seed(s) ${
      serverDeaths.join(", ")
    } (restarted after each)`,
  );
}
console.log("\nTop unclear messages:");
for (const [k, n] of topMessages(results, ["unclear"], 15)) {
  console.log(`  ${String(n).padStart(5)}  ${k}`);
}
console.log("\nTop silently accepted calls:");
for (const [k, n] of topMessages(results, ["accepted"], 10)) {
  console.log(`  ${String(n).padStart(5)}  ${k}`);
}

for (const r of results) {
  if (r.crash) {
    console.log(
      `\nseed ${r.seed} CRASH (${r.crash.signal ?? "exit " + r.crash.code}): ${
        r.crash.stderr.split("\n").slice(-3).join(" / ")
      }`,
    );
    console.log("  last calls:\n    " + r.crash.lastCalls.join("\n    "));
    if (r.crash.pending.length) {
      console.log("  still pending:\n    " + r.crash.pending.join("\n    "));
    }
  }
  if (r.blocked) {
    console.log(
      `\nseed ${r.seed} BLOCKED (no progress for the silence limit) at ${r.blocked.call}`,
    );
    if (r.blocked.pending.length) {
      console.log("  still pending:\n    " + r.blocked.pending.join("\n    "));
    }
  }
  if (r.hang) {
    console.log(`\nseed ${r.seed} HANG (did not exit after its summary)`);
    if (r.hang.pending.length) {
      console.log("  still pending:\n    " + r.hang.pending.join("\n    "));
    }
  }
  for (const f of r.findings) {
    if (f.kind === "stall" || f.kind === "lost" || f.kind === "unhandled") {
      console.log(
        `\nseed ${r.seed} ${f.kind.toUpperCase()} at call ${f.i}: ${f.call}${
          f.what ? " -- " + f.what : ""
        }${f.message ? " -- " + f.message : ""}`,
      );
    }
  }
}
if (a.json) Deno.writeTextFileSync(a.json, JSON.stringify(results, null, 1));
if (results.some(failed) || serverDeaths.length) Deno.exitCode = 1;
