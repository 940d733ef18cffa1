// deno-lint-ignore-file no-console
/**
 * Mixer.events() when the sound server behind the mixer dies: the iterator
 * must end with an error that says so, never by just finishing. Runs its
 * own PulseAudio server in a private runtime folder (the shared one is
 * never touched) and a child process whose mixer is on it.
 *
 * Run: deno test -A tests/mixer_events_test.ts -- --hardware
 */

import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";

const MOD = new URL("../mixer/mod.ts", import.meta.url).href;

const CHILD = `
import { Mixer } from ${JSON.stringify(MOD)};
const m = new Mixer("Master");
console.log("ready");
let t0 = 0;
Deno.addSignalListener("SIGUSR1", () => { t0 = performance.now(); });
let how = "ended", message = "", name = "";
try {
  for await (const _ of m.events()) { /* changes before the death */ }
} catch (e) {
  how = "threw";
  message = String((e as Error).message);
  name = (e as Error).name;
}
console.log(JSON.stringify({ how, name, message, ms: performance.now() - t0 }));
Deno.exit(0);
`;

/** Starts a PulseAudio server with a null sink in a new runtime folder. */
async function privateServer(): Promise<{ dir: string; pid: number }> {
  const dir = await Deno.makeTempDir({ prefix: "audiodev-pulse-death-" });
  await Deno.chmod(dir, 0o700);
  const env = { XDG_RUNTIME_DIR: dir };
  const start = await new Deno.Command("pulseaudio", {
    args: [
      "--daemonize=yes",
      "--exit-idle-time=-1",
      "-n",
      "--load=module-native-protocol-unix",
      "--load=module-null-sink sink_name=virt",
      "--load=module-always-sink",
    ],
    env,
    stdout: "null",
    stderr: "null",
  }).output();
  assert.ok(start.success, "pulseaudio started");
  for (let i = 0; i < 50; i++) {
    const info = await new Deno.Command("pactl", {
      args: ["info"],
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    if (info.success) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = Number((await Deno.readTextFile(`${dir}/pulse/pid`)).trim());
  return { dir, pid };
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  hwTest(
    `events() rejects with an AlsaError when the sound server dies (${signal})`,
    async () => {
      const server = await privateServer();
      const dir = await Deno.makeTempDir({ prefix: "audiodev-events-" });
      try {
        await Deno.writeTextFile(`${dir}/child.ts`, CHILD);
        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", `${dir}/child.ts`],
          env: { XDG_RUNTIME_DIR: server.dir },
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const lines: string[] = [];
        const reading = (async () => {
          const dec = new TextDecoder();
          let buf = "";
          for await (const c of child.stdout) {
            buf += dec.decode(c);
            lines.push(...buf.split("\n").slice(0, -1));
            buf = buf.slice(buf.lastIndexOf("\n") + 1);
          }
        })();
        const until = performance.now() + 10_000;
        while (!lines.includes("ready") && performance.now() < until) {
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.ok(lines.includes("ready"), "the child opened the mixer");
        await new Promise((r) => setTimeout(r, 300)); // waiting in poll
        child.kill("SIGUSR1");
        await new Promise((r) => setTimeout(r, 20));
        Deno.kill(server.pid, signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        const status = await child.status;
        clearTimeout(timer);
        await reading;
        await child.stderr.cancel();
        assert.equal(status.code, 0, `child: ${lines.join("\n")}`);
        const r = JSON.parse(lines.at(-1)!);
        console.log(
          `${signal}: ${r.how} after ${
            r.ms.toFixed(0)
          } ms: ${r.name}: ${r.message}`,
        );
        assert.equal(r.how, "threw", "the iterator did not just end");
        assert.equal(r.name, "AlsaError");
        assert.match(r.message, /Mixer 'Master',0 \[default\]/);
        assert.ok(r.ms < 3000, `noticed after ${r.ms} ms`);
      } finally {
        try {
          Deno.kill(server.pid, "SIGKILL");
        } catch { /* gone */ }
        await Deno.remove(dir, { recursive: true });
        await Deno.remove(server.dir, { recursive: true }).catch(() => {});
      }
    },
  );
}
