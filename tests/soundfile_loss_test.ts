/**
 * A refused write never truncates an existing file: settings that an
 * encoder accepts at open and refuses only at the first write (Vorbis above
 * 655350 Hz, AIFF DWVW_12 mono), settings refused at open (FLAC above
 * 655350 Hz) and formats libsndfile cannot write through a descriptor (SD2)
 * all leave the old file byte for byte as it was, for writeFile() and for
 * SoundFile in the writing modes.
 */

import assert from "node:assert/strict";
import {
  availableFormats,
  availableSubtypes,
  info,
  SoundFile,
  SoundFileError,
  writeFile,
} from "../soundfile.ts";

const dir = await Deno.makeTempDir({ prefix: "audiodev-sfloss-" });
globalThis.addEventListener(
  "unload",
  () => Deno.removeSync(dir, { recursive: true }),
);

function sine(frames: number, channels: number): Float32Array {
  return Float32Array.from(
    { length: frames * channels },
    (_, i) => 0.5 * Math.sin(i / channels / 7),
  );
}

Deno.test("writeFile() at 1 MHz keeps an existing Ogg Vorbis file byte for byte", async () => {
  const path = `${dir}/c.ogg`;
  await writeFile(path, new Float32Array(8000), 8000, { channels: 1 });
  const before = await Deno.readFile(path);
  assert.ok(before.length > 1000, `${before.length} bytes`);
  await assert.rejects(
    () => writeFile(path, new Int16Array(177), 1_000_000, { channels: 1 }),
    (e: unknown) =>
      e instanceof SoundFileError && e.call === "sf_writef" &&
      /Error writing ".*c\.ogg": Format not recognised/.test(e.message),
  );
  assert.deepEqual(await Deno.readFile(path), before);
  assert.equal(info(path).frames, 8000);
  // The same file still takes a write libsndfile accepts.
  await writeFile(path, sine(4000, 2), 44100, { channels: 2 });
  assert.equal(info(path).frames, 4000);
  assert.equal(info(path).channels, 2);
});

Deno.test("SoundFile modes w, w+, x, x+ refuse Vorbis at 1 MHz before touching the disk", async () => {
  const path = `${dir}/mode.ogg`;
  await writeFile(path, sine(8000, 1), 8000);
  const before = await Deno.readFile(path);
  for (const mode of ["w", "w+"] as const) {
    assert.throws(
      () => new SoundFile(path, { mode, samplerate: 1_000_000, channels: 1 }),
      (e: unknown) =>
        e instanceof SoundFileError &&
        /Format not recognised|read\/write mode/.test(e.message),
      mode,
    );
    assert.deepEqual(await Deno.readFile(path), before, `mode ${mode}`);
  }
  for (const mode of ["x", "x+"] as const) {
    const fresh = `${dir}/fresh-${mode}.ogg`;
    assert.throws(
      () => new SoundFile(fresh, { mode, samplerate: 1_000_000, channels: 1 }),
      SoundFileError,
    );
    assert.throws(() => Deno.lstatSync(fresh), Deno.errors.NotFound, mode);
  }
});

Deno.test("writeFile() and mode w keep an existing FLAC file when 1 MHz is refused", async () => {
  const path = `${dir}/keep.flac`;
  await writeFile(path, sine(48000, 2), 48000, { channels: 2 });
  const before = await Deno.readFile(path);
  await assert.rejects(
    () => writeFile(path, new Int16Array(177), 1_000_000),
    (e: unknown) =>
      e instanceof SoundFileError && e.call === "sf_open" &&
      /sample rate/.test(e.message),
  );
  assert.deepEqual(await Deno.readFile(path), before);
  assert.throws(
    () =>
      new SoundFile(path, { mode: "w", samplerate: 1_000_000, channels: 1 }),
    /sample rate/,
  );
  assert.deepEqual(await Deno.readFile(path), before);
});

Deno.test("AIFF DWVW_12 mono (refused at the first write) and SD2 (not writable through a descriptor) keep the old file", async () => {
  const path = `${dir}/old.aiff`;
  await writeFile(path, sine(1000, 1), 8000);
  const before = await Deno.readFile(path);
  await assert.rejects(
    () => writeFile(path, sine(177, 1), 8000, { subtype: "DWVW_12" }),
    (e: unknown) =>
      e instanceof SoundFileError && e.call === "sf_writef" &&
      /unimplemented format/.test(e.message),
  );
  assert.deepEqual(await Deno.readFile(path), before);
  await assert.rejects(
    () => writeFile(path, sine(177, 1), 8000, { format: "SD2" }),
    (e: unknown) =>
      e instanceof TypeError &&
      /format SD2 cannot be written .*choose another format/.test(e.message),
  );
  assert.deepEqual(await Deno.readFile(path), before);
});

Deno.test("every format and subtype: a refused writeFile() leaves the existing file byte for byte", async () => {
  const path = `${dir}/sweep.bin`;
  const old = Uint8Array.from({ length: 2755 }, (_, i) => (i * 31) & 0xff);
  let written = 0;
  let refused = 0;
  const lost: string[] = [];
  for (const format of Object.keys(availableFormats()) as never[]) {
    for (const subtype of Object.keys(availableSubtypes(format)) as never[]) {
      for (const samplerate of [8000, 1_000_000]) {
        for (const channels of [1, 2]) {
          await Deno.writeFile(path, old);
          try {
            await writeFile(path, sine(176, channels), samplerate, {
              channels,
              format,
              subtype,
            });
            written++;
            continue;
          } catch (e) {
            if (!(e instanceof TypeError || e instanceof SoundFileError)) {
              throw e;
            }
            refused++;
          }
          const now = await Deno.readFile(path);
          if (
            now.length !== old.length || now.some((b, i) => b !== old[i])
          ) {
            lost.push(
              `${format}/${subtype} ${samplerate} Hz ${channels} ch: ${now.length} bytes left`,
            );
          }
        }
      }
    }
  }
  assert.deepEqual(lost, []);
  // Both outcomes occurred, so the sweep exercised refusals and writes.
  assert.ok(
    written > 100 && refused > 100,
    `${written} written, ${refused} refused`,
  );
});

Deno.test("writeFile() of an odd frame count to RAW VOX_ADPCM succeeds (libsndfile reports one frame more)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const p = `${dir}/odd.vox`;
    await writeFile(p, new Float32Array(4410), 8000, {
      channels: 1,
      format: "RAW",
      subtype: "VOX_ADPCM",
    });
    await writeFile(p, new Int16Array(177), 8000, {
      channels: 1,
      format: "RAW",
      subtype: "VOX_ADPCM",
    });
    // 177 4-bit samples take 89 bytes: the new data replaced the old.
    assert.equal((await Deno.stat(p)).size, 89);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
