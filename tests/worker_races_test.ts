/**
 * Races between a WorkerStream's worker and the main thread over
 * PortAudio's process-global state, run in child processes so that a crash
 * fails the test instead of ending the runner.
 */
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";

const mod = new URL("../mod.ts", import.meta.url).href;

/** Runs `code` (a module body) in a child process; returns exit code and output. */
async function child(
  code: string,
): Promise<{ code: number; signal: string | null; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { code: out.code, signal: out.signal, text };
}

const REPEATS = 10;

for (
  const [name, mainCall] of [
    ["queryHostapis()", "m.queryHostapis();"],
    [
      "play()",
      "await m.play(new Float32Array(4800), { samplerate: 48000 });",
    ],
  ]
) {
  hwTest(
    `a WorkerStream opening while the main thread runs ${name} does not crash the process (${REPEATS} runs)`,
    async () => {
      const results = [];
      for (let i = 0; i < REPEATS; i++) {
        results.push(
          await child(`
            const m = await import(${JSON.stringify(mod)});
            const w = new m.WorkerStream({ kind: "duplex", blocksize: 256, device: "pulse" });
            ${mainCall}
            await w.ready;
            await w.close();
            console.log("done");
          `),
        );
      }
      const bad = results.filter((r) => r.code !== 0 || !/done/.test(r.text));
      assert.equal(
        bad.length,
        0,
        `${bad.length} of ${REPEATS} runs failed: ` +
          bad.map((r) =>
            `exit ${r.code} ${r.signal ?? ""} ${r.text.slice(-200)}`
          )
            .join(" | "),
      );
    },
  );
}
