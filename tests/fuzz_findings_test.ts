/**
 * Regression tests for what the fuzz campaign (scripts/fuzz.sh) found:
 * arguments that reached C or JavaScript's own conversions and came back
 * as messages naming neither the function nor the argument.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import {
  defaults,
  DeviceSelectionError,
  flush,
  hostApiTypeName,
  OutputStream,
  queryDevices,
  RawInputStream,
  SharedRingBuffer,
  takeXruns,
  writeAll,
} from "../mod.ts";
import { AlsaError, cardName, checkAlsa } from "../alsa.ts";
import { SoundFile, SoundFileError } from "../soundfile.ts";

Deno.test("cardName(-0) is cardName(0), not an FFI type error", () => {
  let zero: unknown;
  let minusZero: unknown;
  try {
    zero = cardName(0);
  } catch (e) {
    zero = (e as Error).message;
  }
  try {
    minusZero = cardName(-0);
  } catch (e) {
    minusZero = (e as Error).message;
    assert.ok(e instanceof AlsaError, String(e));
  }
  assert.deepEqual(minusZero, zero);
});

hwTest("queryDevices(-0) is device 0, not an FFI type error", () => {
  assert.deepEqual(queryDevices(-0), queryDevices(0));
});

Deno.test("queryDevices(device, kind) names kind for a BigInt or a Symbol", () => {
  for (const kind of [10n, Symbol("k")]) {
    assert.throws(
      () => queryDevices("default", kind as unknown as "input"),
      (e: unknown) =>
        e instanceof TypeError &&
        /^queryDevices\(kind\) must be "input" or "output", got /.test(
          e.message,
        ),
    );
  }
});

Deno.test("hostApiTypeName() refuses a non-number, naming itself", () => {
  for (const v of [Symbol("x"), "ALSA", {}]) {
    assert.throws(
      () => hostApiTypeName(v as unknown as number),
      /^TypeError: hostApiTypeName\(type\) must be a PaHostApiTypeId number/,
    );
  }
  assert.equal(hostApiTypeName(8), "ALSA");
});

Deno.test("writeAll() checks wakeFrames before anything else", async () => {
  for (const wakeFrames of [{}, "8", 0, -1, 1.5, NaN]) {
    await assert.rejects(
      writeAll(
        {} as unknown as OutputStream,
        new Float32Array(2),
        { wakeFrames: wakeFrames as number },
      ),
      (e: unknown) =>
        (e instanceof TypeError || e instanceof RangeError) &&
        /^writeAll: wakeFrames must be /.test(e.message),
    );
  }
});

hwTest(
  "writeAll() of a callback stream says it needs one without a callback",
  async () => {
    const s = new OutputStream({
      channels: 1,
      callback: (o: Float32Array) => o.fill(0),
    });
    try {
      await assert.rejects(
        writeAll(s, new Float32Array(64)),
        /writeAll\(target\) needs a stream without a callback/,
      );
    } finally {
      await s.close();
    }
  },
);

Deno.test("checkAlsa(code, call) refuses an empty C function name", () => {
  assert.throws(
    () => checkAlsa(-2, ""),
    /^TypeError: checkAlsa\(code, call\) needs an integer code and the C function's name/,
  );
  assert.throws(() => checkAlsa(-2, "snd_pcm_open"), AlsaError);
});

Deno.test("reading a SoundFile opened for writing names the method and the mode", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const mode of ["w", "x"] as const) {
      using f = new SoundFile(`${dir}/${mode}.wav`, {
        mode,
        samplerate: 8000,
        channels: 1,
      });
      const expected = (call: string) => (e: unknown) =>
        e instanceof SoundFileError &&
        e.message.startsWith(
          `${call}: "${dir}/${mode}.wav" is open for writing only (mode "${mode}")`,
        );
      assert.throws(() => f.read(10), expected("read"));
      assert.throws(() => f.blocks(64), expected("blocks"));
      await assert.rejects(f.readAsync(10), expected("readAsync"));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

hwTest(
  "a defaults.device that is no device index is named when it is used",
  () => {
    const saved = [...defaults.device];
    try {
      for (const bad of [99, 2 ** 31]) {
        defaults.device = [bad, bad];
        assert.throws(
          () => queryDevices(undefined, "output"),
          (e: unknown) =>
            e instanceof DeviceSelectionError &&
            /^defaults\.device \(output\) is \d+: not a device index/.test(
              e.message,
            ),
        );
      }
      defaults.device = [-0, -0];
      assert.deepEqual(queryDevices(undefined, "output"), queryDevices(0));
    } finally {
      defaults.device = saved as [number, number];
    }
  },
);

Deno.test("flush() and takeXruns() refuse what is not a stream, PCM or endpoint", async () => {
  for (const v of [{}, { samplerate: 1, channels: 1, closed: false }, []]) {
    await assert.rejects(
      flush(v as unknown as OutputStream),
      /^TypeError: flush\(target\): expected a PortAudio blocking stream/,
    );
    assert.throws(
      () => takeXruns(v),
      /^TypeError: takeXruns\(stream\): expected a PortAudio blocking stream/,
    );
  }
});

Deno.test("options given as an ArrayBuffer, a typed array, a Map or a Promise are refused", () => {
  for (
    const v of [
      new ArrayBuffer(8),
      new Float32Array(2),
      new Map(),
      Promise.resolve(),
    ]
  ) {
    assert.throws(
      () => new RawInputStream(v as unknown as Record<string, never>),
      /^TypeError: RawInputStream: options must be an object of named settings/,
    );
  }
});

Deno.test("a stream's blocksize and defaults.blocksize stop at 2^24 frames", () => {
  assert.throws(
    () => new OutputStream({ blocksize: 2 ** 31, callback: () => {} }),
    /^RangeError: blocksize: 2147483648 is not a block size \(an integer from 0 to 2\^24/,
  );
  assert.throws(
    () => defaults.blocksize = 2 ** 31,
    /^TypeError: defaults\.blocksize: expected an integer from 0 \(host-chosen\) to 2\^24/,
  );
  assert.equal(defaults.blocksize, 0);
});

Deno.test("SharedRingBuffer's whole-frame errors name the method called", async () => {
  const ring = SharedRingBuffer.create({ frames: 64, channels: 2 });
  assert.throws(
    () => ring.write(new Float32Array(3)),
    /^RangeError: SharedRingBuffer\.write\(src\) needs whole frames: 3 samples/,
  );
  await assert.rejects(
    ring.readFull(new Float32Array(33)),
    /^RangeError: SharedRingBuffer\.readFull\(dst\) needs whole frames: 33 samples/,
  );
  await assert.rejects(
    ring.writeAll(new Float32Array(5)),
    /^RangeError: SharedRingBuffer\.writeAll\(src\) needs whole frames/,
  );
});
