import assert from "node:assert/strict";
import {
  availableSubtypes,
  checkFormat,
  info,
  readFile,
  SF_FORMATS,
  SF_SUBTYPES,
  SoundFile,
  SoundFileError,
  writeFile,
} from "../soundfile.ts";
import { SF_FORMAT_INFO, SF_INFO, SNDFILE } from "../ffi/sndfile.ts";
import { LibraryLoadError, loadLibrary } from "../ffi/loader.ts";
import { cLayout, runC } from "./_c.ts";

const dir = await Deno.makeTempDir({ prefix: "audiodev-sf-" });
globalThis.addEventListener(
  "unload",
  () => Deno.removeSync(dir, { recursive: true }),
);

async function run(
  cmd: string,
  args: string[],
): Promise<{ stdout: Uint8Array; text: string }> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(
    out.success,
    `${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
  );
  return { stdout: out.stdout, text: new TextDecoder().decode(out.stdout) };
}

async function soxi(path: string): Promise<Record<string, string>> {
  const r: Record<string, string> = {};
  for (const flag of ["r", "c", "s", "b", "e", "t"]) {
    r[flag] = (await run("soxi", [`-${flag}`, path])).text.trim();
  }
  return r;
}

function ramp(frames: number, channels: number): Int16Array {
  const a = new Int16Array(frames * channels);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 65536) - 32768;
  return a;
}

Deno.test("SF_INFO and SF_FORMAT_INFO layouts match sndfile.h", async () => {
  const info = await cLayout(["sndfile.h"], "SF_INFO", {
    frames: "frames",
    samplerate: "samplerate",
    channels: "channels",
    format: "format",
    sections: "sections",
    seekable: "seekable",
  });
  assert.equal(SF_INFO.size, info.size);
  assert.deepEqual(SF_INFO.offsets, info.offsets);
  const fi = await cLayout(["sndfile.h"], "SF_FORMAT_INFO", {
    format: "format",
    name: "name",
    extension: "extension",
  });
  assert.equal(SF_FORMAT_INFO.size, fi.size);
  assert.deepEqual(SF_FORMAT_INFO.offsets, fi.offsets);
});

Deno.test("format and subtype constants match sndfile.h", async () => {
  const cName = (k: string): string =>
    k === "MP3" ? "SF_FORMAT_MPEG" : `SF_FORMAT_${k}`;
  const entries = [
    ...Object.entries(SF_FORMATS),
    ...Object.entries(SF_SUBTYPES),
  ];
  const lines = await runC(
    ["sndfile.h"],
    entries.map(([k]) => `printf("%d\\n", ${cName(k)});`).join("\n"),
  );
  assert.deepEqual(lines.map(Number), entries.map(([, v]) => v));
});

Deno.test("writeFile() PCM_16 WAV is bit-exact: sox reads back the same samples", async () => {
  const data = ramp(4800, 2);
  const path = `${dir}/pcm16.wav`;
  await writeFile(path, data, 48000, { channels: 2 });
  const s = await soxi(path);
  assert.deepEqual([s.r, s.c, s.s, s.b, s.e], [
    "48000",
    "2",
    "4800",
    "16",
    "Signed Integer PCM",
  ]);
  const raw = (await run("sox", [
    path,
    "-t",
    "raw",
    "-e",
    "signed",
    "-b",
    "16",
    "-L",
    "-",
  ])).stdout;
  assert.deepEqual(
    new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2),
    data,
  );
});

Deno.test("writeFile() WAV/FLAC/OGG subtypes are what soxi reports", async () => {
  const tone = Float32Array.from(
    { length: 44100 },
    (_, i) => 0.5 * Math.sin(2 * Math.PI * 441 * i / 44100),
  );
  const cases = [
    ["w24.wav", "WAV", "PCM_24", "24", "Signed Integer PCM"],
    ["w32.wav", "WAV", "PCM_32", "32", "Signed Integer PCM"],
    ["wf.wav", "WAV", "FLOAT", "32", "Floating Point PCM"],
    ["f16.flac", "FLAC", "PCM_16", "16", "FLAC"],
    ["f24.flac", "FLAC", "PCM_24", "24", "FLAC"],
    ["v.ogg", "OGG", "VORBIS", "0", "Vorbis"],
  ] as const;
  for (const [name, format, subtype, bits, encoding] of cases) {
    const path = `${dir}/${name}`;
    await writeFile(path, tone, 44100, { subtype });
    const s = await soxi(path);
    assert.equal(s.r, "44100", name);
    assert.equal(s.c, "1", name);
    assert.equal(s.e, encoding, name);
    if (bits !== "0") assert.equal(s.b, bits, name);
    const i = info(path);
    assert.equal(i.format, format);
    assert.equal(i.subtype, subtype);
    assert.ok(
      Math.abs(i.frames - 44100) <= (format === "OGG" ? 2048 : 0),
      `${name}: ${i.frames} frames`,
    );
  }
});

Deno.test("readFile() of a sox-made 24-bit stereo file matches sox's own float output", async () => {
  const path = `${dir}/sox24.wav`;
  await run("sox", [
    "-n",
    "-r",
    "48000",
    "-c",
    "2",
    "-b",
    "24",
    path,
    "synth",
    "0.5",
    "sine",
    "1000",
    "sine",
    "300",
    "vol",
    "0.8",
  ]);
  const r = await readFile(path, { dtype: "float32" });
  assert.equal(r.samplerate, 48000);
  assert.equal(r.channels, 2);
  assert.equal(r.frames, 24000);
  const raw = (await run("sox", [
    path,
    "-t",
    "raw",
    "-e",
    "signed",
    "-b",
    "32",
    "-L",
    "-",
  ])).stdout;
  const ref = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  assert.equal(ref.length, r.data.length);
  let maxErr = 0;
  for (let i = 0; i < ref.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(ref[i] / 2 ** 31 - r.data[i]));
  }
  assert.ok(maxErr < 2 ** -23, `max difference ${maxErr}`);
  const part = await readFile(path, { dtype: "int32", start: 100, frames: 10 });
  assert.deepEqual([...part.data], [...ref.subarray(200, 220)]);
});

Deno.test("SoundFile.blocks() reconstructs the whole file, sync and async, with overlap", async () => {
  const path = `${dir}/blocks.wav`;
  const data = ramp(10_000, 2);
  await writeFile(path, data, 8000, { channels: 2 });
  using f = new SoundFile(path);
  const parts: number[] = [];
  for (const b of f.blocks({ blocksize: 1024, dtype: "int16" })) {
    parts.push(...b);
  }
  assert.deepEqual(parts, [...data]);
  f.seek(0);
  let frames = 0;
  let count = 0;
  for await (
    const b of f.blocks({ blocksize: 1000, overlap: 100, dtype: "int16" })
  ) {
    count++;
    if (count === 2) {
      assert.deepEqual([...b.subarray(0, 200)], [
        ...data.subarray(2 * 900, 2 * 1000),
      ]);
    }
    frames += b.length / 2;
  }
  assert.equal(count, 11); // 1000 new frames, then 10 blocks of 900 new frames
  assert.equal(frames, 10_000 + 10 * 100);
});

Deno.test("SoundFile write mode: frames counts what was written; mode x refuses an existing file", () => {
  const path = `${dir}/rw.wav`;
  {
    using f = new SoundFile(path, { mode: "w", samplerate: 8000, channels: 1 });
    f.write(new Float32Array(100));
    f.write(new Int16Array(50));
    assert.equal(f.frames, 150);
  }
  assert.equal(info(path).frames, 150);
  assert.throws(
    () => new SoundFile(path, { mode: "x", samplerate: 8000, channels: 1 }),
    /file exists/,
  );
});

Deno.test("missing and corrupt files give a SoundFileError with the path and libsndfile's text", async () => {
  await assert.rejects(
    () => readFile(`${dir}/missing.wav`),
    (e: unknown) =>
      e instanceof SoundFileError && e.path.endsWith("missing.wav") &&
      e.call === "open" &&
      /No such file or directory/.test(e.message),
  );
  const bad = `${dir}/corrupt.wav`;
  await Deno.writeFile(bad, crypto.getRandomValues(new Uint8Array(4096)));
  await assert.rejects(
    () => readFile(bad),
    (e: unknown) =>
      e instanceof SoundFileError && e.code > 0 &&
      e.message.startsWith(`Error opening "${bad}": `),
  );
});

Deno.test("bad names and bad data are refused before libsndfile is called", async () => {
  await assert.rejects(
    () =>
      writeFile(`${dir}/x.wav`, new Float32Array(4), 8000, {
        subtype: "PCM_7" as "PCM_16",
      }),
    /unknown subtype "PCM_7"; use one of PCM_S8, PCM_16/,
  );
  await assert.rejects(
    () => writeFile(`${dir}/x.xyz`, new Float32Array(4), 8000),
    /cannot tell the format/,
  );
  await assert.rejects(
    () => writeFile(`${dir}/x.wav`, new Float32Array(5), 8000, { channels: 2 }),
    /5 samples is not a whole number of frames of 2 channels/,
  );
  await assert.rejects(
    () =>
      writeFile(
        `${dir}/x.wav`,
        new Uint8Array(4) as unknown as Int16Array,
        8000,
      ),
    /must be a Float64Array, Float32Array, Int32Array or Int16Array, got a Uint8Array of 4/,
  );
  await assert.rejects(
    () =>
      writeFile(`${dir}/x.flac`, new Float32Array(4), 8000, {
        subtype: "FLOAT",
      }),
    /FLAC with subtype FLOAT .* is not supported/,
  );
  assert.equal(checkFormat("FLAC", "FLOAT"), false);
  assert.deepEqual(Object.keys(availableSubtypes("FLAC")), [
    "PCM_S8",
    "PCM_16",
    "PCM_24",
  ]);
});

Deno.test("a closed SoundFile refuses use; close() twice is harmless", () => {
  const path = `${dir}/closed.wav`;
  const f = new SoundFile(path, { mode: "w", samplerate: 8000, channels: 1 });
  f.close();
  f.close();
  assert.equal(f.closed, true);
  assert.throws(
    () => f.write(new Float32Array(1)),
    /is closed: write\(\) is not allowed after close\(\)/,
  );
  assert.throws(() => f.read(1), /is closed: read\(\)/);
  assert.throws(() => f.tell(), /is closed: tell\(\)/);
});

Deno.test("writeFile() PCM_24/PCM_32/FLOAT samples are bit-exact when sox reads them back", async () => {
  // int32 samples with the low byte clear survive PCM_24 unchanged; sox
  // widens 24-bit samples to 32 bits the same way libsndfile does.
  const frames = 3000;
  const int32 = new Int32Array(frames * 2);
  for (let i = 0; i < int32.length; i++) {
    int32[i] = (((i * 2654435761) >>> 0) & 0xffffff00) | 0;
  }
  const cases = [
    ["p24.wav", "PCM_24", 0xffffff00],
    ["p32.wav", "PCM_32", 0xffffffff],
    ["p24.flac", "PCM_24", 0xffffff00],
  ] as const;
  for (const [name, subtype, mask] of cases) {
    const path = `${dir}/${name}`;
    const data = int32.map((v) => (v & mask) | 0);
    await writeFile(path, data, 48000, { channels: 2, subtype });
    const raw = (await run("sox", [
      path,
      ...["-t", "raw", "-e", "signed", "-b", "32", "-L", "-"],
    ])).stdout;
    assert.deepEqual(
      new Int32Array(raw.slice().buffer),
      data,
      `${name} ${subtype}`,
    );
  }
  const floats = Float32Array.from(
    { length: frames },
    (_, i) => 0.75 * Math.sin(i / 9),
  );
  const fpath = `${dir}/fl.wav`;
  await writeFile(fpath, floats, 48000, { subtype: "FLOAT" });
  const raw = (await run("sox", [fpath, "-t", "f32", "-L", "-"])).stdout;
  // sox converts through its internal 32-bit integer samples, so its f32
  // output is within one float32 step of what we wrote, not bit-exact.
  const back = new Float32Array(raw.slice().buffer);
  assert.equal(back.length, floats.length);
  for (let i = 0; i < floats.length; i++) {
    assert.ok(
      Math.abs(back[i] - floats[i]) <= 2 ** -23,
      `FLOAT sample ${i}: ${back[i]} vs ${floats[i]}`,
    );
  }
});

Deno.test("a missing libsndfile gives the loader's LibraryLoadError naming AUDIODEV_SNDFILE_PATH and libsndfile1", () => {
  const gone = "/nonexistent/audiodev-test/libsndfile.so.1";
  // A fresh name: the loader caches successes and failures by name.
  const spec = {
    ...SNDFILE,
    name: "libsndfile (missing, test)",
    candidates: { linux: [gone], darwin: [gone], windows: [gone] },
  };
  const saved = Deno.env.get(SNDFILE.envVar);
  Deno.env.delete(SNDFILE.envVar);
  try {
    assert.throws(() => loadLibrary(spec), (e: unknown) => {
      assert.ok(e instanceof LibraryLoadError);
      assert.deepEqual(e.triedPaths, [gone]);
      assert.match(e.message, /Set AUDIODEV_SNDFILE_PATH/);
      assert.match(e.message, /apt-get install libsndfile1/);
      return true;
    });
  } finally {
    if (saved !== undefined) Deno.env.set(SNDFILE.envVar, saved);
  }
});

Deno.test("readFile() start/stop/frames slice as python-soundfile does", async () => {
  const path = `${dir}/slice.wav`;
  const data = ramp(100, 1);
  await writeFile(path, data, 8000);
  const frames = async (
    o: Parameters<typeof readFile>[1],
  ): Promise<number[]> => [
    ...(await readFile(path, { dtype: "int16", ...o })).data,
  ];
  assert.deepEqual(await frames({ start: 10, stop: 20 }), [
    ...data.slice(10, 20),
  ]);
  assert.deepEqual(await frames({ start: -10 }), [...data.slice(90)]);
  assert.deepEqual(await frames({ start: 5, stop: -90 }), [
    ...data.slice(5, 10),
  ]);
  assert.deepEqual(await frames({ start: 95, frames: 10 }), [
    ...data.slice(95),
  ]);
  assert.deepEqual(await frames({ start: 200 }), []);
  assert.deepEqual(await frames({ start: 50, stop: 40 }), []);
  assert.deepEqual(await frames({ frames: -1, stop: 3 }), [
    ...data.slice(0, 3),
  ]);
  assert.deepEqual(
    await frames({ start: 98, frames: 4, fillValue: 7 }),
    [...data.slice(98), 7, 7],
  );
  await assert.rejects(
    () => readFile(path, { frames: 2, stop: 3 }),
    /give frames or stop, not both/,
  );
});

Deno.test("readFile() reads headerless RAW samples given format, samplerate, channels and subtype", async () => {
  const path = `${dir}/r.raw`;
  await writeFile(path, Int16Array.from([1, -2, 3, -4]), 8000, {
    subtype: "PCM_16",
  });
  assert.equal((await Deno.stat(path)).size, 8);
  const r = await readFile(path, {
    format: "RAW",
    samplerate: 8000,
    channels: 2,
    subtype: "PCM_16",
    dtype: "int16",
  });
  assert.deepEqual([...r.data], [1, -2, 3, -4]);
  assert.equal(r.frames, 2);
  await assert.rejects(
    () => readFile(path, { format: "raw" }),
    /readFile: format RAW needs a subtype/,
  );
});
