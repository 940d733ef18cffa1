// The async I/O helpers (writeAll, readFull, inputBlocks, playbackStream,
// captureStream, takeXruns) on real ALSA PCMs. Outside oracles: ALSA's `file`
// plugin (the bytes that reached the device; paced by the real `default`
// device behind it), and the private null sink's monitor recorded by parec.
// File-plugin checks run in a child with HOME pointed at a temp dir holding
// the .asoundrc, because libasound reads its configuration once per process.
import assert from "node:assert/strict";
import { PCM, PCM_CAPTURE, PCM_FORMAT_FLOAT_LE } from "../alsa.ts";
import { flush, inputBlocks, takeXruns, writeAll } from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";
import {
  analyseTone,
  recordMonitor,
  usePrivateSink,
} from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("alsa_realtime");

const ALSA = new URL("../alsa.ts", import.meta.url).href;
const MOD = new URL("../mod.ts", import.meta.url).href;

/** Bytes that use every bit pattern. */
function pattern(bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  for (let i = 0; i < b.length; i++) b[i] = (i * 7 + (i >> 8) + 1) & 0xff;
  return b;
}

/** Runs `body` in a child that knows `adtofile` (file plugin → default) and `adfromfile` (in.raw → capture). */
async function withFilePlugin(
  body: string,
  input: Uint8Array,
): Promise<{ out: Uint8Array; printed: string }> {
  const home = await Deno.makeTempDir({ prefix: "audiodev_alsart_" });
  try {
    await Deno.writeTextFile(
      `${home}/.asoundrc`,
      `pcm.adtofile { type file; slave.pcm "default"; file "${home}/out.raw"; format "raw" }\n` +
        `pcm.adfromfile { type file; slave.pcm "null"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n` +
        // paced by the sound server: what the slave captures is replaced by in.raw
        `pcm.adfrompulse { type file; slave.pcm "default"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
    );
    await Deno.writeFile(`${home}/in.raw`, input);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import * as alsa from "${ALSA}";
import * as ad from "${MOD}";
const HOME = ${JSON.stringify(home)};
const input = await Deno.readFile(HOME + "/in.raw");
${body}`,
      ],
      env: { ...PULSE_ENV, HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    let played = new Uint8Array(0);
    try {
      played = await Deno.readFile(`${home}/out.raw`);
    } catch {
      // nothing played
    }
    return { out: played, printed: new TextDecoder().decode(out.stdout) };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

hwTest(
  "writeAll(pcm) plays 2 s bit-exactly at the device's pace while the event loop keeps ticking",
  async () => {
    const data = pattern(48000 * 4 * 2); // 2 s, S16_LE stereo
    const { out, printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ device: "adtofile", rate: 48000, channels: 2, periodsize: 1024, periods: 4 });
let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const t0 = performance.now();
const n = await ad.writeAll(pcm, new Int16Array(input.buffer));
await ad.flush(pcm); // writeAll queues up to 0.4 s once the buffer is full
const ms = performance.now() - t0;
clearInterval(timer);
await pcm.close();
console.log(JSON.stringify({ n, ms, ticks }));`,
      data,
    );
    const r = JSON.parse(printed);
    assert.equal(r.n, 96000, "frames writeAll() reported");
    assert.equal(out.length, data.length, "bytes that reached the device");
    const i = data.findIndex((v, k) => out[k] !== v);
    assert.equal(i, -1, `first difference at byte ${i}`);
    // paced by the device: 2 s of audio minus the 4 × 1024-frame buffer
    assert.ok(r.ms > 1700, `writeAll took ${r.ms} ms`);
    // a 10 ms timer kept firing: the event loop was never blocked for long
    assert.ok(r.ticks > r.ms / 10 * 0.7, `${r.ticks} ticks in ${r.ms} ms`);
  },
);

hwTest(
  "writeAll(pcm) in 256-frame periods: the monitor hears the whole tone without gaps, no xrun",
  async () => {
    // The path where writeAll sleeps to half a buffer between wake-ups
    // instead of polling every period: a late wake-up would be a gap here.
    // startThreshold "buffer" as aplay: with ALSA's default of 1 frame the
    // PCM starts on the first 256 frames and the pulse plugin reports an
    // underrun unless the second write follows within about 1 ms (measured:
    // 6 of 6 runs underran at the second write, which came 0.9-2 ms later).
    const rec = await recordMonitor();
    const pcm = new PCM({
      rate: 48000,
      channels: 1,
      format: PCM_FORMAT_FLOAT_LE,
      periodsize: 256,
      periods: 4,
      startThreshold: "buffer",
    });
    const tone = Float32Array.from(
      { length: 48000 * 2 },
      (_, i) => 0.5 * Math.sin(2 * Math.PI * 523 * i / 48000),
    );
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    for (let at = 0; at < tone.length; at += 256) {
      assert.equal(await writeAll(pcm, tone.subarray(at, at + 256)), 256);
    }
    await flush(pcm); // writeAll queues up to 0.4 s once the buffer is full
    const ms = performance.now() - t0;
    clearInterval(timer);
    await pcm.drain();
    const xruns = pcm.xruns;
    await pcm.close();
    await new Promise((r) => setTimeout(r, 200));
    const a = analyseTone(await rec.stop());
    assert.equal(xruns, 0, "xruns counted by writeAll");
    assert.equal(a.gaps, 0, `gaps heard: ${JSON.stringify(a)}`);
    assert.ok(Math.abs(a.frequency - 523) < 5, `frequency ${a.frequency}`);
    assert.ok(a.duration > 1.9, `duration ${a.duration}`);
    assert.ok(ms > 1800, `paced by the device: ${ms} ms`);
    assert.ok(ticks > ms / 10 * 0.7, `${ticks} ticks in ${ms} ms`);
  },
);

hwTest(
  "writeAll(pcm) in 256-frame blocks: the queue reaches the device bit-exactly and close() plays it out",
  async () => {
    // a reader on the sink's monitor keeps the null sink streaming steadily
    const rec = await recordMonitor();
    const data = pattern(Math.round(48000 * 1.5) * 4); // 1.5 s, S16_LE stereo
    const { out, printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ device: "adtofile", rate: 48000, channels: 2, periodsize: 256, periods: 4, startThreshold: "buffer" });
// 1 s of silence first: a new stream on the null sink stalls a while before it streams steadily
await ad.writeAll(pcm, new Int16Array(48000 * 2));
await ad.flush(pcm);
const all = new Int16Array(input.buffer);
const t0 = performance.now();
for (let at = 0; at < all.length; at += 512) await ad.writeAll(pcm, all.subarray(at, at + 512));
const ms = performance.now() - t0;
await pcm.close(); // drains: the queue first, then the device buffer
console.log(JSON.stringify({ ms }));`,
      data,
    ).finally(() => rec.stop());
    const r = JSON.parse(printed);
    const silence = 48000 * 4;
    assert.equal(
      out.length,
      silence + data.length,
      "bytes that reached the device",
    );
    assert.ok(out.subarray(0, silence).every((v) => v === 0), "the silence");
    const got = out.subarray(silence);
    const i = data.findIndex((v, k) => got[k] !== v);
    assert.equal(i, -1, `first difference at byte ${i}`);
    // paced, but the last slices were still queued when the loop ended
    assert.ok(r.ms > 700 && r.ms < 1500 - 150, `the loop took ${r.ms} ms`);
  },
);

hwTest(
  "drop() discards what writeAll(pcm) queued; the PCM then plays the next data bit-exactly",
  async () => {
    const rec = await recordMonitor();
    const first = pattern(48000 * 2 * 4); // 2 s
    const second = new Uint8Array(48000 / 2 * 4).fill(0x11); // 0.5 s
    const { out, printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ device: "adtofile", rate: 48000, channels: 2, periodsize: 256, periods: 4, startThreshold: "buffer" });
const all = new Int16Array(input.buffer);
// 1.2 s of it in 256-frame blocks: the queue is full when the loop ends
for (let at = 0; at < 48000 * 1.2 * 2; at += 512) {
  await ad.writeAll(pcm, all.subarray(at, at + 512));
}
pcm.drop();
await ad.writeAll(pcm, new Int16Array(48000).fill(0x1111));
await pcm.close();
console.log(JSON.stringify({ ok: true }));`,
      first,
    ).finally(() => rec.stop());
    assert.equal(JSON.parse(printed).ok, true);
    const head = out.length - second.length;
    assert.ok(head > 0, `${out.length} bytes`);
    // what reached the device before drop() is the start of the first data
    const i = first.subarray(0, head).findIndex((v, k) => out[k] !== v);
    assert.equal(i, -1, `first difference at byte ${i}`);
    // without the queue's discard all 1.2 s would have been played
    assert.ok(
      head <= (1.2 - 0.1) * 48000 * 4,
      `${head / 4 / 48000} s of the first 1.2 s reached the device`,
    );
    assert.deepEqual(out.subarray(head), second, "the data after drop()");
  },
);

hwTest(
  "playbackStream(pcm) applies back-pressure and plays every chunk in order (ALSA file plugin)",
  async () => {
    const data = pattern(48000 * 4); // 1 s
    const { out, printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ device: "adtofile", rate: 48000, channels: 2, periodsize: 1024, periods: 4 });
const writer = ad.playbackStream(pcm, { highWaterMark: 2048 }).getWriter();
const all = new Int16Array(input.buffer);
let waitedMs = 0;
for (let k = 0; k < all.length; k += 1000 * 2) {
  const t = performance.now();
  await writer.ready;
  waitedMs += performance.now() - t;
  writer.write(all.subarray(k, Math.min(all.length, k + 2000)));
}
await writer.close();
await pcm.close();
console.log(JSON.stringify({ waitedMs }));`,
      data,
    );
    const r = JSON.parse(printed);
    assert.equal(out.length, data.length);
    const i = data.findIndex((v, k) => out[k] !== v);
    assert.equal(i, -1, `first difference at byte ${i}`);
    // 1 s of audio through a 4096-frame buffer and a 2048-frame queue: the
    // writer must have waited for most of it
    assert.ok(r.waitedMs > 600, `writer.ready waited ${r.waitedMs} ms`);
  },
);

hwTest(
  "inputBlocks(pcm) and readFull(pcm) capture the file plugin's input in whole blocks, bit-exactly",
  async () => {
    const data = pattern(8000 * 2 * 3); // 3 s, S16_LE mono at 8 kHz
    const { printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "adfromfile", rate: 8000, channels: 1, periodsize: 400 });
const first = new Int16Array(1000);
const n = await ad.readFull(pcm, first);
const got = [new Uint8Array(first.buffer.slice(0))];
const sizes = [];
for await (const block of ad.inputBlocks(pcm, { blocksize: 700 })) {
  sizes.push(block.length);
  got.push(new Uint8Array(block.buffer, block.byteOffset, block.byteLength).slice());
  if (sizes.length === 20) break;
}
await pcm.close();
const flat = new Uint8Array(got.reduce((s, g) => s + g.length, 0));
let o = 0; for (const g of got) { flat.set(g, o); o += g.length; }
console.log(JSON.stringify({ n, sizes, ctor: first.constructor.name, same: flat.every((v, k) => v === input[k]), bytes: flat.length }));`,
      data,
    );
    const r = JSON.parse(printed);
    assert.equal(r.n, 1000);
    assert.deepEqual(r.sizes, Array(20).fill(700));
    assert.equal(r.bytes, (1000 + 20 * 700) * 2);
    assert.equal(r.same, true, "captured bytes equal the file's");
  },
);

hwTest(
  "inputBlocks(pcm) with blocks larger than the device buffer (helper-thread reads) captures at the device's pace, bit-exactly",
  async () => {
    const rec = await recordMonitor(); // keeps the null sink streaming
    const data = pattern(48000 * 4 * 1.5); // 1.5 s, S16_LE stereo
    const { printed } = await withFilePlugin(
      `const pcm = new alsa.PCM({ type: "capture", device: "adfrompulse", rate: 48000, channels: 2, periodsize: 1024, periods: 4 });
const got = new Uint8Array(input.length);
let off = 0;
let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const t0 = performance.now();
for await (const b of ad.inputBlocks(pcm, { blocksize: 9600 })) {
  const u = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  got.set(u.subarray(0, Math.min(u.length, got.length - off)), off);
  off += u.length;
  if (off >= got.length) break;
}
const ms = performance.now() - t0;
clearInterval(timer);
const diff = input.findIndex((v, k) => got[k] !== v);
console.log(JSON.stringify({ ms, ticks, diff, xruns: pcm.xruns }));
await pcm.close();`,
      data,
    ).finally(() => rec.stop());
    const r = JSON.parse(printed);
    assert.equal(r.diff, -1, `first difference at byte ${r.diff}`);
    assert.equal(r.xruns, 0);
    // 7.5 blocks of 0.2 s came at the device's pace
    assert.ok(r.ms > 1300, `captured 1.6 s in ${r.ms} ms`);
    assert.ok(r.ticks > r.ms / 10 * 0.7, `${r.ticks} ticks in ${r.ms} ms`);
  },
);

hwTest(
  "a starved playback PCM reports an underrun through takeXruns and pcm.xruns, then plays on",
  async () => {
    const rate = 44100;
    const tone = (seconds: number): Float32Array =>
      Float32Array.from(
        { length: Math.round(seconds * rate) },
        (_, i) => 0.4 * Math.sin(2 * Math.PI * 880 * i / rate),
      );
    const rec = await recordMonitor();
    const pcm = new PCM({
      device: "default",
      rate,
      channels: 1,
      format: PCM_FORMAT_FLOAT_LE,
      periodsize: 441,
      periods: 4,
    });
    try {
      assert.equal(await writeAll(pcm, tone(0.5)), Math.round(0.5 * rate));
      await flush(pcm); // the queued part of it is in the device now
      assert.deepEqual(takeXruns(pcm), {
        underflowed: false,
        overflowed: false,
      });
      await new Promise((r) => setTimeout(r, 400)); // starve it
      assert.equal(await writeAll(pcm, tone(1)), rate);
      assert.equal(takeXruns(pcm).underflowed, true, "underrun reported");
      assert.ok(pcm.xruns >= 1, `pcm.xruns ${pcm.xruns}`);
      assert.equal(takeXruns(pcm).underflowed, false, "reported once");
    } finally {
      await pcm.close(); // drains
    }
    await new Promise((r) => setTimeout(r, 300));
    const samples = await rec.stop();
    // the last 1 s (after the gap) arrived as a whole tone
    const tail = samples.subarray(
      Math.max(0, samples.length - Math.round(1.6 * 44100)),
    );
    const a = analyseTone(tail);
    assert.ok(Math.abs(a.frequency - 880) < 880 * 0.02, `${a.frequency} Hz`);
    assert.ok(a.duration > 0.9, `${a.duration} s of tone after the gap`);
    assert.ok(a.peak > 0.3 && a.peak < 0.5, `peak ${a.peak}`);
  },
);

hwTest(
  "writeAll/readFull/inputBlocks on a closed PCM move nothing; closing during writeAll ends it early without a crash",
  async () => {
    const pb = new PCM({ device: "default", rate: 8000, channels: 1 });
    await pb.close();
    assert.equal(await writeAll(pb, new Int16Array(800)), 0);
    const cap = new PCM({
      type: PCM_CAPTURE,
      device: "default",
      rate: 8000,
      channels: 1,
    });
    await cap.close();
    const { readFull } = await import("../mod.ts");
    assert.equal(await readFull(cap, new Int16Array(800)), 0);
    const blocks = [];
    for await (const b of inputBlocks(cap, { blocksize: 80 })) blocks.push(b);
    assert.equal(blocks.length, 0);

    const live = new PCM({ device: "default", rate: 8000, channels: 1 });
    const writing = writeAll(live, new Int16Array(8000 * 3)); // 3 s
    await new Promise((r) => setTimeout(r, 300));
    live.closeSync();
    const n = await writing;
    assert.ok(n > 0 && n < 8000 * 3, `writeAll wrote ${n} frames`);
  },
);
