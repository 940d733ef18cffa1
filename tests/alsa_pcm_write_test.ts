// pcm.write() one period at a time (pyalsaaudio's habit) on a paced device:
// everything reaches the device bit-exactly, and a write that finds the
// buffer full sleeps until half of it is free, so that the event loop wakes
// about once per half buffer instead of once per period. The device is
// ALSA's file plugin over the pulse PCM (paced by a private null sink);
// the test runs in a child process that counts its timed waits.
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { privateSinks, PULSE_ENV } from "./_sinks.ts";

const ALSA = new URL("../alsa.ts", import.meta.url).href;

hwTest(
  "period-sized pcm.write() calls on a paced PCM arrive bit-exactly, with about one timer wake-up per half buffer",
  async () => {
    const sinks = privateSinks("audiodev_pcmwrite");
    await sinks.ready();
    const home = await Deno.makeTempDir({ prefix: "audiodev_pcmwrite_" });
    try {
      await Deno.writeTextFile(
        `${home}/.asoundrc`,
        `pcm.paced { type file; slave.pcm "pulse"; file "${home}/out.raw"; format "raw" }\n`,
      );
      const script = `
let timers = 0;
const original = globalThis.setTimeout;
globalThis.setTimeout = (f, ms, ...a) => { timers++; return original(f, ms, ...a); };
const waitAsync = Atomics.waitAsync;
Atomics.waitAsync = (...a) => { timers++; return waitAsync(...a); };
const alsa = await import(${JSON.stringify(ALSA)});
const pcm = new alsa.PCM({ device: "paced", rate: 48000, channels: 1, format: "S16_LE", periodsize: 256, periods: 4 });
const data = new Int16Array(48000 * 2);
for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 65536 - 32768;
let writes = 0;
let retries = 0;
for (let at = 0; at < data.length; at += 256) {
  const block = data.subarray(at, at + 256);
  while ((await pcm.write(block)) < 0) retries++; // an underrun: write it again
  writes++;
}
const before = timers;
await pcm.close();
await Deno.writeFile(${
        JSON.stringify(home + "/in.raw")
      }, new Uint8Array(data.buffer));
console.log(JSON.stringify({ writes, retries, timers: before, xruns: pcm.xruns }));`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", script],
        env: { ...PULSE_ENV, HOME: home, PULSE_SINK: sinks.names[0] },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, err);
      const r = JSON.parse(new TextDecoder().decode(out.stdout));
      const input = await Deno.readFile(`${home}/in.raw`);
      const played = await Deno.readFile(`${home}/out.raw`);
      assert.ok(played.length >= input.length, `${played.length} bytes`);
      const i = input.findIndex((v, k) => played[k] !== v);
      assert.equal(i, -1, `first difference at byte ${i}`);
      assert.equal(r.writes, 375);
      // a half buffer is two periods: about one sleep per two writes (the
      // buffer starts empty); one helper-thread call per write made none
      assert.ok(
        r.timers >= r.writes / 4 && r.timers <= r.writes / 2 + 20,
        `${r.timers} timers for ${r.writes} writes (${r.xruns} xruns)`,
      );
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);
