/**
 * examples/mixertest.ts run as a program, checked against `amixer`.
 *
 * Run: XDG_RUNTIME_DIR=/tmp/audiodev-xdg deno test -A tests/mixer_example_test.ts -- --hardware
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { hwTest } from "./_hw.ts";
import { cardIndexes, cardName } from "../alsa.ts";

const EXAMPLE = fileURLToPath(
  new URL("../examples/mixertest.ts", import.meta.url),
);

async function run(
  cmd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}
const example = (...args: string[]) =>
  run(Deno.execPath(), ["run", "-A", EXAMPLE, ...args]);
const amixer = async (...args: string[]): Promise<string> =>
  (await run("amixer", args)).out;

/** `[raw, percent, on]` per channel from `amixer sget`. */
async function channels(control: string): Promise<[number, number, boolean][]> {
  const text = await amixer("sget", control);
  return [
    ...text.matchAll(/: (?:Playback|Capture) (\d+) \[(\d+)%\] \[(on|off)\]/g),
  ]
    .map((m) => [+m[1], +m[2], m[3] === "on"]);
}

async function restoring(fn: () => Promise<void>): Promise<void> {
  const saved = {
    Master: await channels("Master"),
    Capture: await channels("Capture"),
  };
  try {
    await fn();
  } finally {
    for (const [name, ch] of Object.entries(saved)) {
      await amixer(
        "-q",
        "sset",
        name,
        ch.map((c) => c[0]).join(","),
        ch[0][2] ? "on" : "off",
      );
    }
  }
}

hwTest(
  "mixertest.ts --help exits 0; a bad control exits 1 listing the controls",
  async () => {
    const help = await example("--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage:/);
    const bad = await example("NoSuchControl");
    assert.equal(bad.code, 1);
    assert.match(bad.err, /'Master',0/);
  },
);

hwTest(
  "mixertest.ts without arguments lists what amixer scontrols lists",
  async () => {
    const r = await example();
    assert.equal(r.code, 0, r.err);
    const want = [...(await amixer("scontrols")).matchAll(/'(.*)',\d+/g)].map((
      m,
    ) => m[1]);
    // the card list first, as upstream's mixertest.py prints it
    const cards = cardIndexes().map((i) => {
      const [name, longname] = cardName(i);
      return `  ${i}: ${name} (${longname})\n`;
    });
    assert.ok(
      r.out.startsWith(
        `Available sound cards:\n${cards.join("")}Available mixer controls:\n`,
      ),
      r.out,
    );
    const got = [...r.out.matchAll(/^ {2}'(.*)'$/gm)].map((m) => m[1]);
    assert.deepEqual(got, want);
    const pulse = await example("-d", "pulse");
    assert.deepEqual(
      [...pulse.out.matchAll(/^ {2}'(.*)'$/gm)].map((m) => m[1]),
      want,
    );
  },
);

hwTest(
  "mixertest.ts sets volume per channel and mute, and shows what amixer shows",
  async () => {
    await restoring(async () => {
      assert.equal((await example("Master", "70")).code, 0);
      assert.equal((await example("Master", "1,40")).code, 0);
      assert.equal((await example("Master", "mute")).code, 0);
      const a = await channels("Master");
      assert.deepEqual(a.map((c) => c[1]), [70, 40]);
      assert.deepEqual(a.map((c) => c[2]), [false, false]);
      const show = await example("Master");
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /Capabilities: Playback Volume/);
      const vols = [...show.out.matchAll(/Channel (\d) volume: (\d+)%/g)].map((
        m,
      ) => +m[2]);
      assert.deepEqual(vols, a.map((c) => c[1]));
      assert.match(show.out, /Channel 0 is muted/);
      assert.equal((await example("Capture", "unrec")).code, 0);
      assert.deepEqual((await channels("Capture")).map((c) => c[2]), [
        false,
        false,
      ]);
      assert.equal((await example("Capture", "rec")).code, 0);
      assert.deepEqual((await channels("Capture")).map((c) => c[2]), [
        true,
        true,
      ]);
      const out = await example("Master", "101");
      assert.equal(out.code, 1);
      assert.match(out.err, /0-100/);
    });
  },
);
