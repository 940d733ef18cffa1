// The fuzz's bounded run: a few seeds of random calls across every entry
// point (tests/fuzz/driver.ts), each seed in a child process under a
// watchdog. A crash, a call not settled in 10 s, a main thread blocked, a
// process that does not exit after its last call, a failed write that
// changed an existing file, an unhandled rejection or an error message that
// names neither the function nor the argument fails the test
// (scripts/fuzz.sh runs the long campaign with the same verdicts).
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { failed, runSeed, type SeedResult, tally } from "./fuzz/runner.ts";
import { startPrivateServer } from "./fuzz/server.ts";

/**
 * Seeds 3, 10 and 19: their 300 calls reach all 26 action groups of the five
 * entry points, misuse sequences included (measured from the drivers'
 * summaries). Seed 20 opens a WorkerStream while the main thread starts
 * PortAudio within its first calls.
 */
const SEEDS = [3, 10, 19, 20];
const CALLS = 300;

function report(r: SeedResult): string {
  const lines = [
    `seed ${r.seed}: ${r.calls} calls, ${JSON.stringify(tally(r))}`,
  ];
  if (r.crash) {
    lines.push(
      `crash (${r.crash.signal ?? "exit " + r.crash.code}): ${r.crash.stderr}`,
    );
    lines.push("last calls:", ...r.crash.lastCalls.map((c) => "  " + c));
  }
  if (r.blocked) lines.push(`main thread blocked at ${r.blocked.call}`);
  if (r.hang) {
    lines.push(
      `no exit after the last call; pending: ${r.hang.pending.join("; ")}`,
    );
  }
  for (const f of r.findings) {
    if (f.kind === "accepted" || f.kind === "late") continue;
    lines.push(
      `${f.kind} at ${f.i}: ${f.call}${f.message ? " -> " + f.message : ""}${
        f.what ? " -> " + f.what : ""
      }${f.reason ? ` (${f.reason})` : ""}`,
    );
  }
  return lines.slice(0, 60).join("\n");
}

hwTest(
  `fuzz: ${SEEDS.length} seeds x ${CALLS} calls across every entry point: no crash, stall, hang, lost file, unhandled rejection or unclear error`,
  async () => {
    // A sound server of its own: what the fuzz does to it cannot disturb
    // the other tests, and its death is seen.
    const server = startPrivateServer();
    assert.ok(server, "pulseaudio could not be started");
    const results: SeedResult[] = [];
    let serverAlive = true;
    try {
      // Two seeds at a time: the machine has two cores.
      const queue = [...SEEDS];
      await Promise.all([0, 1].map(async () => {
        while (queue.length) {
          results.push(
            await runSeed(queue.shift()!, CALLS, {
              env: server.env,
              maxMs: 40000,
            }),
          );
        }
      }));
      serverAlive = server.alive();
    } finally {
      server.stop();
    }
    assert.ok(serverAlive, "the fuzz's sound server died");
    results.sort((a, b) => a.seed - b.seed);
    // Every seed's report at once: one failing seed must not hide the others.
    const bad = results.filter((r) => failed(r) || r.calls < CALLS);
    assert.deepEqual(
      bad.map((r) => r.seed),
      [],
      bad.map((r) =>
        (r.calls < CALLS
          ? `seed ${r.seed} made only ${r.calls} of ${CALLS} calls\n`
          : "") + report(r)
      ).join("\n\n"),
    );
  },
);
