import assert from "node:assert/strict";
import { hardware, hwTest } from "./_hw.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("tone");

const TONE = new URL("../examples/tone.ts", import.meta.url).pathname;

Deno.test("examples/tone.ts prints its usage with --help and refuses a bad amplitude", async () => {
  const help = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TONE, "--help"],
    stdout: "piped",
  }).output();
  assert.equal(help.code, 0);
  assert.match(
    new TextDecoder().decode(help.stdout),
    /^Usage: deno run -A examples\/tone\.ts/,
  );
  const bad = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TONE, "-a", "3"],
    stderr: "piped",
  }).output();
  assert.equal(bad.code, 2);
  assert.equal(
    new TextDecoder().decode(bad.stderr),
    `tone.ts: --amplitude "3": must be 0 to 1\ntry 'tone.ts --help'\n`,
  );
  // -d is the device, as in every other program (it was the duration).
  const device = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TONE, "-d", "no-such-device-xyz"],
    stderr: "piped",
  }).output();
  assert.equal(device.code, 1);
  assert.match(
    new TextDecoder().decode(device.stderr),
    /^tone\.ts: no output device matching "no-such-device-xyz"; tone\.ts --list-devices lists them\n$/,
  );
});

hwTest(
  "examples/tone.ts (the README's main job) is heard at its frequency and amplitude, and exits by itself",
  async () => {
    const rec = await recordMonitor();
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        TONE,
        "--frequency",
        "523",
        "--amplitude",
        "0.4",
        "--duration",
        "1",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const elapsed = performance.now() - t0;
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stderr), "", "nothing on stderr");
    assert.match(
      new TextDecoder().decode(out.stdout),
      /^Playing 523 Hz at amplitude 0\.4 for 1 s on device \d+/,
    );
    assert.ok(elapsed < 8000, `exited after ${elapsed.toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 200));
    const a = analyseTone(await rec.stop());
    assert.ok(
      Math.abs(a.frequency - 523) < 523 * 0.02,
      `frequency ${a.frequency}`,
    );
    assert.ok(Math.abs(a.peak - 0.4) < 0.04, `peak ${a.peak}`);
    assert.ok(a.duration > 0.8 && a.duration < 1.2, `duration ${a.duration}`);
    assert.equal(a.gaps, 0);
  },
);
