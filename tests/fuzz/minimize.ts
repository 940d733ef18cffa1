// deno-lint-ignore-file no-console -- a command-line tool: its output is the report
/**
 * Shrinks a failing fuzz seed to a few calls: finds a window of calls ending
 * at `--upto` that still fails the same way, then drops calls one at a time
 * while it keeps failing (each call draws its own arguments from the seed and
 * its index, so a kept call is the same call). Prints the calls left.
 *
 *     deno run -A tests/fuzz/minimize.ts --seed 5 --upto 4711 --kind crash [--repeat 2]
 *
 * `--kind`: crash, blocked, stall, hang, lost, unhandled, or unclear (with
 * `--match REGEX` on the finding's message).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runSeed, type SeedResult } from "./runner.ts";
import { startPrivateServer } from "./server.ts";

const { values: a } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string" },
    upto: { type: "string" },
    kind: { type: "string", default: "crash" },
    match: { type: "string" },
    repeat: { type: "string", default: "2" },
    budget: { type: "string", default: "40" },
  },
});
const seed = Number(a.seed);
const upto = Number(a.upto);
const kind = a.kind!;
const match = a.match ? new RegExp(a.match) : null;
const repeat = Number(a.repeat);
let budget = Number(a.budget);

function fails(r: SeedResult): boolean {
  switch (kind) {
    case "crash":
      // a signal or a crash report, not a failed start (e.g. a tree mid-edit)
      return r.crash !== null &&
        (r.crash.signal !== null ||
          /Assertion|corrupted|free\(\)|Segmentation|panicked/.test(
            r.crash.stderr,
          ));
    case "blocked":
      return r.blocked !== null;
    case "hang":
      return r.hang !== null;
    default:
      return r.findings.some((f) =>
        f.kind === kind && (!match || match.test(f.message ?? f.what ?? f.call))
      );
  }
}

const server = startPrivateServer();
globalThis.addEventListener("unload", () => server?.stop());
let last: SeedResult | null = null;
async function trial(keep: number[]): Promise<boolean> {
  for (let k = 0; k < repeat && budget > 0; k++) {
    budget--;
    const r = await runSeed(seed, upto + 1, {
      keep,
      silenceMs: 20000,
      env: server?.env,
    });
    if (fails(r)) {
      last = r;
      return true;
    }
  }
  return false;
}

let keep: number[] | null = null;
for (const w of [1, 3, 8, 20, 60, 200, 600, 2000, upto + 1]) {
  const cand = Array.from({ length: Math.min(w, upto + 1) }, (_, i) => upto - i)
    .reverse();
  console.error(`window of ${cand.length} calls...`);
  if (await trial(cand)) {
    keep = cand;
    break;
  }
  if (w > upto) break;
}
if (!keep) {
  console.log(
    `seed ${seed}: no window up to call ${upto} failed as "${kind}" (${repeat} tries each)`,
  );
  Deno.exit(1);
}
// Drop chunks, then single calls, while it still fails.
let kept: number[] = keep;
for (
  let chunk = Math.max(1, Math.floor(kept.length / 4));
  chunk >= 1 && budget > 0;
  chunk = Math.floor(chunk / 2)
) {
  for (let i = 0; i < kept.length - 1 && budget > 0;) {
    const cand: number[] = [...kept.slice(0, i), ...kept.slice(i + chunk)];
    if (cand.length > 0 && cand.includes(upto) && await trial(cand)) {
      kept = cand;
    } else i += chunk;
  }
  if (chunk === 1) break;
}
console.log(
  `seed ${seed}: ${kept.length} calls still fail as "${kind}": --keep ${
    kept.join(",")
  }`,
);
const r = last as SeedResult | null;
if (r?.crash) {
  console.log("crash: " + r.crash.stderr.split("\n").slice(-3).join(" / "));
}
const calls = r?.crash?.lastCalls ?? [];
for (const c of calls) console.log("  " + c);
for (const f of r?.findings ?? []) {
  if (f.kind === kind) {
    console.log(
      `  ${f.kind} at ${f.i}: ${f.call} ${f.message ?? f.what ?? ""}`,
    );
  }
}
