/**
 * `defaults` against python-sounddevice's `default`: pair settings read as
 * the values in effect, items can be read and assigned on their own, bad
 * values and unknown names throw at assignment; `version` matches deno.json.
 * Device tests check what a stream opened afterwards really got, and use
 * PyAudio (Debian's python3-pyaudio, over the same PortAudio) as the oracle
 * of PortAudio's default devices.
 */
import assert from "node:assert/strict";
import {
  AlsaSettings,
  Defaults,
  defaults,
  InputOutputPair,
  OutputStream,
  version,
} from "../mod.ts";
import { hwTest } from "./_hw.ts";

/** Runs `fn` and restores the factory defaults afterwards. */
function withReset(fn: () => void | Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } finally {
      defaults.reset();
    }
  };
}

function typeError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) =>
      (e instanceof TypeError || e instanceof RangeError) &&
      pattern.test(e.message),
    `expected an error matching ${pattern}`,
  );
}

Deno.test(
  "defaults: pair settings read as values in effect, by [0]/[1] and .input/.output",
  withReset(() => {
    assert.ok(defaults.channels instanceof InputOutputPair);
    assert.deepEqual([...defaults.channels], [null, null]);
    assert.deepEqual([...defaults.dtype], ["float32", "float32"]);
    assert.deepEqual([...defaults.latency], ["high", "high"]);
    assert.deepEqual([...defaults.extraSettings], [null, null]);
    defaults.dtype = ["int16", null];
    assert.equal(defaults.dtype[0], "int16");
    assert.equal(defaults.dtype.input, "int16");
    assert.equal(defaults.dtype[1], "float32"); // factory default shows through
    assert.equal(defaults.dtype.output, "float32");
    defaults.latency = 0.1;
    assert.deepEqual([...defaults.latency], [0.1, 0.1]);
    assert.equal(String(defaults.dtype), '["int16", "float32"]');
    assert.equal(
      JSON.stringify({ d: defaults.dtype }),
      '{"d":["int16","float32"]}',
    );
    const [i, o] = defaults.latency;
    assert.deepEqual([i, o], [0.1, 0.1]);
    assert.equal(defaults.latency.length, 2);
  }),
);

Deno.test(
  "defaults: item assignment takes effect (defaults.channels[1] = 4)",
  withReset(() => {
    defaults.channels[1] = 4;
    assert.deepEqual([...defaults.channels], [null, 4]);
    defaults.channels.input = 2;
    assert.deepEqual([...defaults.channels], [2, 4]);
    defaults.channels[0] = null;
    assert.deepEqual([...defaults.channels], [null, 4]);
    // The pair object stays the same across whole assignments (Python's _pair[:] = ...).
    const pair = defaults.channels;
    defaults.channels = 3;
    assert.deepEqual([...pair], [3, 3]);
    // A pair can be assigned from another pair.
    defaults.dtype.output = "int32";
    const same = defaults.dtype;
    defaults.dtype = same;
    assert.deepEqual([...defaults.dtype], ["float32", "int32"]);
  }),
);

Deno.test(
  "defaults: bad values throw at assignment and change nothing",
  withReset(() => {
    defaults.channels = [1, 2];
    typeError(
      () => (defaults.channels = 0),
      /defaults\.channels: 0 is not a channel count/,
    );
    typeError(
      () => (defaults.channels[1] = 1.5),
      /defaults\.channels\[1\]: 1\.5/,
    );
    typeError(
      () => (defaults.channels = [1, 2, 3] as unknown as [number, number]),
      /only one value or an \[input, output\] pair/,
    );
    typeError(
      () => (defaults.channels = [3, "2"] as unknown as [number, number]),
      /expected a channel count or null, got "2"/,
    );
    assert.deepEqual([...defaults.channels], [1, 2]); // unchanged
    typeError(
      () => (defaults.dtype = "float64" as "float32"),
      /unsupported sample type "float64"/,
    );
    typeError(() => (defaults.latency = "medium" as "low"), /not a latency/);
    typeError(() => (defaults.device = 1.5), /1\.5 is not a device index/);
    typeError(() => (defaults.device = " "), /empty name query/);
    typeError(() => (defaults.device = "pul\0se"), /embedded null byte/);
    typeError(
      () => (defaults.device = {} as unknown as number),
      /expected a device index/,
    );
    typeError(
      () => (defaults.extraSettings = { hostApi: "ALSA" }),
      /expected an AlsaSettings object or null/,
    );
    typeError(() => (defaults.samplerate = 0), /defaults\.samplerate/);
    typeError(
      () => (defaults.samplerate = "44100" as unknown as number),
      /got "44100"/,
    );
    typeError(() => (defaults.blocksize = -1), /defaults\.blocksize/);
    typeError(() => (defaults.blocksize = 2.5), /defaults\.blocksize/);
    typeError(
      () => (defaults.clipOff = 1 as unknown as boolean),
      /true or false/,
    );
    typeError(
      () => (defaults.channels = undefined as unknown as number),
      /undefined/,
    );
    defaults.extraSettings = new AlsaSettings({ numPeriods: 4 });
    assert.ok(defaults.extraSettings[1] instanceof AlsaSettings);
  }),
);

Deno.test(
  "defaults: an unknown name throws a TypeError naming the nearest setting",
  withReset(() => {
    const d = defaults as unknown as Record<string, unknown>;
    typeError(
      () => (d.sampleRate = 48000),
      /no setting "sampleRate" \(did you mean "samplerate"\?\)/,
    );
    typeError(() => (d.clip_off = true), /did you mean "clipOff"\?/);
    typeError(
      () => (d.extra_settings = null),
      /did you mean "extraSettings"\?/,
    );
    typeError(
      () => (d.prime_output_buffers_using_stream_callback = true),
      /did you mean "primeOutputBuffersUsingStreamCallback"\?/,
    );
    typeError(() => d.blocksise, /did you mean "blocksize"\?/); // reading, too
    typeError(() => (d.hostapi = 1), /defaults\.hostapi is read-only/);
    typeError(() => (d.reset = null), /read-only/);
    typeError(() => delete d.samplerate, /cannot be deleted/);
    const pair = defaults.channels as unknown as Record<string, unknown>;
    typeError(
      () => (pair.inptu = 1),
      /no setting "inptu" \(did you mean "input"\?\)/,
    );
    typeError(() => (pair[2] = 1), /only items 0 \(input\) and 1 \(output\)/);
    typeError(() => pair[2], /only items 0/);
    assert.equal(defaults.samplerate, null); // nothing was stored
    // Awaiting or JSON-encoding the object still works (probes pass).
    assert.equal(typeof JSON.stringify(defaults.dtype), "string");
  }),
);

Deno.test(
  "defaults.reset() restores every factory default and gives new pairs",
  withReset(() => {
    const old = defaults.channels;
    defaults.channels = 2;
    defaults.samplerate = 48000;
    defaults.blocksize = 256;
    defaults.clipOff = true;
    defaults.ditherOff = true;
    defaults.neverDropInput = true;
    defaults.primeOutputBuffersUsingStreamCallback = true;
    defaults.dtype = "int16";
    defaults.latency = "low";
    defaults.reset();
    assert.deepEqual([...defaults.channels], [null, null]);
    assert.deepEqual([...defaults.dtype], ["float32", "float32"]);
    assert.deepEqual([...defaults.latency], ["high", "high"]);
    assert.equal(defaults.samplerate, null);
    assert.equal(defaults.blocksize, 0);
    assert.equal(defaults.clipOff, false);
    assert.equal(defaults.ditherOff, false);
    assert.equal(defaults.neverDropInput, false);
    assert.equal(defaults.primeOutputBuffersUsingStreamCallback, false);
    assert.notEqual(defaults.channels, old);
    assert.deepEqual([...old], [2, 2]); // as in Python, the old pair keeps its values
    assert.ok(defaults instanceof Defaults);
  }),
);

Deno.test("version is the package version in deno.json", async () => {
  const json = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  assert.equal(typeof version, "string");
  assert.equal(version, json.version);
});

/** PortAudio's default devices and host API, as PyAudio sees them. */
async function pyaudioDefaults(): Promise<
  { input: number; output: number; hostapi: number }
> {
  const script = `
import json, pyaudio
p = pyaudio.PyAudio()
print(json.dumps({"input": p.get_default_input_device_info()["index"],
                  "output": p.get_default_output_device_info()["index"],
                  "hostapi": p.get_default_host_api_info()["index"]}))
p.terminate()`;
  const out = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", script],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, "PyAudio (Debian python3-pyaudio) is the oracle here");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

hwTest(
  "defaults.device reads PortAudio's default devices and defaults.hostapi its default host API",
  withReset(async () => {
    const py = await pyaudioDefaults();
    assert.deepEqual([...defaults.device], [py.input, py.output]);
    assert.equal(defaults.device.input, py.input);
    assert.equal(defaults.device[1], py.output);
    assert.equal(String(defaults.device), `[${py.input}, ${py.output}]`);
    assert.equal(defaults.hostapi, py.hostapi);
    defaults.device = "pulse";
    assert.deepEqual([...defaults.device], ["pulse", "pulse"]);
    defaults.device = [null, 0];
    assert.deepEqual([...defaults.device], [py.input, 0]);
    assert.match(Deno.inspect(defaults), /device: \[\d+, 0\]/);
  }),
);

hwTest(
  "a stream opened after defaults.channels[1] = 4 and defaults.dtype.output = 'int16' has them",
  withReset(async () => {
    defaults.channels[1] = 4;
    defaults.dtype.output = "int16";
    defaults.samplerate = 22050;
    const s = new OutputStream();
    try {
      assert.equal(s.channels, 4);
      assert.equal(s.dtype, "int16");
      assert.equal(s.samplerate, 22050);
    } finally {
      await s.close();
    }
    defaults.device.output = "no such device anywhere";
    assert.throws(() => new OutputStream(), /No output device matching/);
  }),
);
