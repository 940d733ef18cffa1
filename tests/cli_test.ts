import assert from "node:assert/strict";
import { queryDevices } from "../mod.ts";
import { hwTest } from "./_hw.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;

async function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("cli --help prints usage and exits 0", async () => {
  const r = await runCli(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: deno run -A cli\.ts/);
});

Deno.test("cli rejects an unknown option with exit code 2 and the usage", async () => {
  const r = await runCli(["--bogus"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown option '--bogus'/);
  assert.match(r.stderr, /Usage:/);
});

hwTest(
  "cli lists the same devices as queryDevices() and prints nothing on stderr",
  async () => {
    const r = await runCli([]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trimEnd(), queryDevices().toString());
    assert.equal(r.stderr, "", "JACK/ALSA probe noise must not reach stderr");
  },
);

hwTest(
  "the stderr oracle is live: AUDIODEV_SHOW_STDERR=1 lets PortAudio's probe noise through",
  async () => {
    // Shows that the empty-stderr assertion above can fail: without our
    // silencing, Pa_Initialize prints ALSA/JACK probe lines on this machine.
    const r = await runCli([], { AUDIODEV_SHOW_STDERR: "1" });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /ALSA lib|jack|JACK/i);
  },
);
