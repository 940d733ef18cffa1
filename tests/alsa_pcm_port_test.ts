// pyalsaaudio 0.11 code ported line by line: the constructor's positional
// and keyword forms, info()'s keys, getrates()/getformats()/setformat()
// results, and the state after drop()/drain(). Oracles: aplay's
// --dump-hw-params for the device's formats and rates, pyalsaaudio's rules.
import assert from "node:assert/strict";
import {
  AlsaError,
  PCM,
  PCM_ASYNC,
  PCM_CAPTURE,
  PCM_FORMAT_GSM,
  PCM_FORMAT_S16_LE,
  PCM_FORMAT_U8,
  PCM_NONBLOCK,
  PCM_NORMAL,
  PCM_PLAYBACK,
  PCM_STATE_PREPARED,
  PCM_STATE_SETUP,
} from "../alsa.ts";
import { ratesFrom } from "../src/alsa/pcm_hw.ts";
import { hardware, hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";

Deno.test("getrates() follows pyalsaaudio 0.11: one rate, [min, max] for a continuous range, the standard rates (4000 Hz included) for discrete hardware", () => {
  assert.equal(ratesFrom(48000, 48000, () => true), 48000);
  assert.deepEqual(ratesFrom(1, 384000, () => true), [1, 384000]);
  const discrete = new Set([4000, 8000, 44100, 48000, 96000]);
  assert.deepEqual(
    ratesFrom(4000, 96000, (r) => discrete.has(r)),
    [4000, 8000, 44100, 48000, 96000],
  );
});

Deno.test("the constructor refuses what pyalsaaudio would refuse, naming the argument, before ALSA is called", () => {
  assert.throws(
    () => new PCM({} as never, 1 as never),
    /options object must be the only argument/,
  );
  assert.throws(
    () => new PCM(0, 0, 44100, 2, 2, 32, 4, "default", -1, 9 as never),
    /takes at most 9 positional arguments/,
  );
  assert.throws(
    () => new PCM(0, 0, 44100, { rate: 48000 }),
    /rate given twice, as positional argument 3 and as an option/,
  );
  assert.throws(
    () => new PCM("sideways" as "capture"),
    (e) => e instanceof AlsaError && e instanceof TypeError,
  );
  assert.throws(
    () => new PCM(2 as 0),
    (e) => e instanceof AlsaError && e instanceof RangeError,
  );
  assert.throws(
    () => new PCM({ periods: 2.5 }),
    /periods: 2.5 is not a positive integer/,
  );
  assert.throws(
    () => new PCM({ channels: "2" as unknown as number }),
    /channels must be an integer, got "2"/,
  );
  assert.throws(
    () => new PCM({ startThreshold: "full" as "buffer" }),
    /startThreshold must be a number of frames or "buffer"/,
  );
});

if (hardware) usePrivateSink("alsa_port");

hwTest(
  "new PCM(PCM_CAPTURE, PCM_NONBLOCK) opens a nonblocking capture PCM; the documented positional order, the C keyword order and a trailing options object all work",
  async () => {
    {
      const a = new PCM(PCM_CAPTURE, PCM_NONBLOCK);
      assert.equal(a.pcmtype(), PCM_CAPTURE);
      assert.equal(a.pcmmode(), PCM_NONBLOCK);
      const t0 = performance.now();
      const [n] = a.readSync(); // nonblock: returns at once
      assert.ok(n >= 0 && performance.now() - t0 < 20);
      await a.close();
      const b = new PCM(
        PCM_PLAYBACK,
        PCM_NORMAL,
        48000,
        1,
        PCM_FORMAT_U8,
        512,
        4,
        "default",
      );
      assert.deepEqual([b.rate, b.channels, b.format, b.cardname()], [
        48000,
        1,
        PCM_FORMAT_U8,
        "default",
      ]);
      b.closeSync();
      const c = new PCM(
        PCM_PLAYBACK,
        PCM_NORMAL,
        "default",
        -1,
        undefined,
        22050,
        1,
      );
      assert.deepEqual([c.rate, c.channels, c.cardname()], [
        22050,
        1,
        "default",
      ]);
      c.closeSync();
      const d = new PCM(PCM_CAPTURE, PCM_NORMAL, {
        channels: 1,
        rate: 16000,
        format: PCM_FORMAT_S16_LE,
        periodsize: 160,
      });
      assert.deepEqual([d.pcmtype(), d.rate, d.channels], [
        PCM_CAPTURE,
        16000,
        1,
      ]);
      assert.equal(d.info()[" (call value) type_name"], "CAPTURE");
      d.closeSync();
      const e = new PCM("capture", "nonblock");
      assert.equal(e.info()[" (call value) mode_name"], "PCM_NONBLOCK");
      e.closeSync();
      const none = new PCM({ type: null }); // Python's None: playback
      assert.equal(none.pcmtype(), PCM_PLAYBACK);
      none.closeSync();
      const f = new PCM({ mode: PCM_ASYNC, periodsize: 1024 });
      assert.equal(f.pcmmode(), PCM_ASYNC);
      assert.equal(f.info()[" (call value) mode_name"], "PCM_ASYNC");
      assert.equal(await f.write(new Uint8Array(4 * 1024)), 1024);
      await f.close();
    }
  },
);

hwTest(
  "PCM({ card }) opens default:CARD=<card> with a deprecation note on stderr",
  async () => {
    const script = `import { PCM, AlsaError } from ${
      JSON.stringify(new URL("../alsa.ts", import.meta.url).href)
    };
for (let i = 0; i < 2; i++) {
  try { new PCM({ card: "audiodevNoCard" }).closeSync(); console.log("opened"); }
  catch (e) { console.log(e instanceof AlsaError, e.message); }
}`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: PULSE_ENV,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.match(
      stdout,
      /^true Cannot open playback device "default:CARD=audiodevNoCard"/,
    );
    // once per process, as Python shows a warning once per place
    assert.equal(
      stderr.match(
        /DeprecationWarning: PCM: the card option is deprecated, use device instead \(opening "default:CARD=audiodevNoCard"\)/g,
      )?.length,
      1,
      stderr,
    );
  },
);

hwTest(
  "getformats() and getrates() agree with aplay --dump-hw-params; setformat() returns the format ALSA chose when the device lacks one",
  async () => {
    const dump = new TextDecoder().decode(
      (await new Deno.Command("aplay", {
        args: ["-D", "default", "--dump-hw-params", "-d", "1", "/dev/zero"],
        env: { ...PULSE_ENV, PULSE_SINK: Deno.env.get("PULSE_SINK") ?? "" },
        stdout: "piped",
        stderr: "piped",
      }).output()).stderr,
    );
    const formats = dump.match(/^FORMAT:\s+(.*)$/m)![1].trim().split(/\s+/);
    const [, lo, hi] = dump.match(/^RATE:\s+\[(\d+) (\d+)\]/m)!;
    const pcm = new PCM({ device: "default" });
    try {
      assert.deepEqual(Object.keys(pcm.getformats()).sort(), formats.sort());
      assert.deepEqual(pcm.getrates(), [Number(lo), Number(hi)]);
      assert.deepEqual(pcm.getratebounds(), [Number(lo), Number(hi)]);
      assert.ok(!formats.includes("GSM"));
      const chosen = pcm.setformat(PCM_FORMAT_GSM);
      assert.equal(chosen, pcm.format);
      assert.equal(chosen, pcm.info().format);
      assert.ok(Object.values(pcm.getformats()).includes(chosen));
      assert.equal(pcm.setformat(PCM_FORMAT_U8), PCM_FORMAT_U8);
      assert.equal(pcm.framesize, 2); // 2 channels of U8
    } finally {
      pcm.closeSync();
    }
  },
);

hwTest(
  "state() is PCM_STATE_SETUP after drop() and drain(), as pyalsaaudio 0.11 reports, and the next write works",
  async () => {
    const pcm = new PCM({ rate: 44100, channels: 1, periodsize: 1024 });
    try {
      assert.equal(pcm.state(), PCM_STATE_PREPARED);
      assert.equal(pcm.writeSync(new Int16Array(2048)), 2048);
      pcm.drop();
      assert.equal(pcm.state(), PCM_STATE_SETUP);
      assert.equal(pcm.writeSync(new Int16Array(2048)), 2048);
      assert.equal(await pcm.drain(), 0);
      assert.equal(pcm.state(), PCM_STATE_SETUP);
      assert.equal(await pcm.write(new Int16Array(2048)), 2048);
      assert.equal(pcm.drainSync(), 0);
      assert.equal(pcm.state(), PCM_STATE_SETUP);
      pcm.drop(); // drop() of a set-up PCM is fine too
      assert.equal(await pcm.write(new Int16Array(1024)), 1024);
    } finally {
      await pcm.close();
    }
  },
);
