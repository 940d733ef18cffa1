/**
 * The FinalizationRegistry safety net: Mixers dropped without close() give
 * their ALSA handles (and the sound server connections' file descriptors)
 * back once collected, counted in /proc/self/fd of a child process.
 *
 * Run: XDG_RUNTIME_DIR=/tmp/audiodev-xdg deno test -A tests/mixer_gc_test.ts -- --hardware
 */

import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";

const MOD = new URL("../mixer/mod.ts", import.meta.url).href;

const SCRIPT = `
import { Mixer } from ${JSON.stringify(MOD)};
const fds = () => [...Deno.readDirSync("/proc/self/fd")].length;
await new Mixer("Master").close(); // library and client set-up
const base = fds();
// (12: the shared PulseAudio server takes 64 clients at most, each mixer is one)
(() => { for (let i = 0; i < 12; i++) new Mixer("Master").getvolume(); })();
const open = fds();
for (let i = 0; i < 10; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 50));
}
console.log(JSON.stringify({ base, open, after: fds() }));
`;

hwTest(
  "Mixers dropped without close() release their handles when collected",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "audiodev-mixer-gc-" });
    try {
      const file = `${dir}/gc.js`;
      await Deno.writeTextFile(file, SCRIPT);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--v8-flags=--expose-gc", file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const { base, open, after } = JSON.parse(text);
      assert.ok(
        open >= base + 12,
        `12 open mixers hold descriptors (${base} -> ${open})`,
      );
      assert.ok(after <= base + 3, `after GC ${after} fds, before ${base}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
