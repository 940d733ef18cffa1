// Bit-exact checks of every stream dtype through ALSA's `file` plugin: the outside
// oracle is the file the plugin writes (playback) or reads (capture). PortAudio
// opens the plugin PCMs by ALSA name (AlsaSettings.device); libasound reads its
// configuration once per process, so each check runs in a child `deno eval` with
// HOME pointed at a temp dir holding the .asoundrc. The slave is ALSA's `null`
// PCM: no sound server is involved, and it does not pace, so these run fast.
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;
const FRAMES = 4800;
const CHANNELS = 2;
const SIZES = {
  float32: 4,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  int24: 3,
} as const;
type AnyDType = keyof typeof SIZES;
const TYPED = ["float32", "int32", "int16", "int8", "uint8"] as const;

/** Bytes that use every bit pattern; float32 gets finite, varied samples. */
function pattern(dtype: AnyDType): Uint8Array {
  const bytes = new Uint8Array(SIZES[dtype] * CHANNELS * FRAMES);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = (i * 7 + (i >> 8) + 1) & 0xff;
  }
  if (dtype === "float32") {
    const f = new Float32Array(bytes.buffer);
    for (let i = 0; i < f.length; i++) {
      f[i] = 0.9 * Math.sin(i * 0.01) + (i % 7) * 1e-6;
    }
  }
  return bytes;
}

/** Runs `body` in a child process with the plugin PCMs defined; returns the temp dir's path to `check`. */
async function withFilePlugin(
  body: string,
  input: Uint8Array,
  check: (home: string) => Promise<void>,
): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "audiodev_fileplugin_" });
  try {
    await Deno.writeTextFile(
      `${home}/.asoundrc`,
      `pcm.adtofile { type file; slave.pcm "null"; file "${home}/out.raw"; format "raw" }\n` +
        `pcm.adfromfile { type file; slave.pcm "null"; file "/dev/null"; infile "${home}/in.raw"; format "raw" }\n`,
    );
    await Deno.writeFile(`${home}/in.raw`, input);
    const script = `
import * as ad from "${MOD}";
const HOME = ${JSON.stringify(home)};
const toFile = new ad.AlsaSettings({ device: "adtofile" });
const fromFile = new ad.AlsaSettings({ device: "adfromfile" });
const input = await Deno.readFile(HOME + "/in.raw");
${body}`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    await check(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Asserts `got` starts with exactly `want`, naming the first differing byte. */
function assertPrefix(got: Uint8Array, want: Uint8Array, what: string): void {
  assert.ok(
    got.length >= want.length,
    `${what}: ${got.length} of ${want.length} bytes`,
  );
  const i = want.findIndex((v, k) => got[k] !== v);
  assert.equal(i, -1, `${what}: first difference at byte ${i}`);
}

for (const dtype of Object.keys(SIZES) as AnyDType[]) {
  hwTest(
    `RawOutputStream plays ${dtype} bit-exactly (ALSA file plugin)`,
    async () => {
      const data = pattern(dtype);
      await withFilePlugin(
        `const s = new ad.RawOutputStream({ channels: ${CHANNELS}, dtype: "${dtype}",
  samplerate: 48000, extraSettings: toFile });
await s.start(); await s.write(input); await s.stop(); await s.close();`,
        data,
        async (home) =>
          assertPrefix(await Deno.readFile(`${home}/out.raw`), data, dtype),
      );
    },
  );

  hwTest(
    `RawInputStream captures ${dtype} bit-exactly (ALSA file plugin)`,
    async () => {
      const data = pattern(dtype);
      await withFilePlugin(
        `const s = new ad.RawInputStream({ channels: ${CHANNELS}, dtype: "${dtype}",
  samplerate: 48000, extraSettings: fromFile });
await s.start(); const { data } = await s.read(${FRAMES}); await s.close();
if (!(data instanceof Uint8Array)) throw new Error("not a Uint8Array");
await Deno.writeFile(HOME + "/got.raw", data);`,
        data,
        async (home) => {
          const got = await Deno.readFile(`${home}/got.raw`);
          assert.equal(got.length, data.length);
          assertPrefix(got, data, dtype);
        },
      );
    },
  );
}

hwTest(
  "OutputStream.write() and InputStream.read() round-trip every typed dtype bit-exactly (ALSA file plugin)",
  async () => {
    // One child: each dtype is played from a typed array, then captured into one.
    const data = pattern("float32"); // 4 bytes per sample: enough for every dtype
    const ctors = {
      float32: "Float32Array",
      int32: "Int32Array",
      int16: "Int16Array",
      int8: "Int8Array",
      uint8: "Uint8Array",
    };
    const body = TYPED.map((dt) => `
{
  const bytes = input.slice(0, ${SIZES[dt] * CHANNELS * FRAMES});
  const typed = new ${ctors[dt]}(bytes.buffer);
  const o = new ad.OutputStream({ channels: ${CHANNELS}, dtype: "${dt}", samplerate: 48000, extraSettings: toFile });
  await o.start(); await o.write(typed); await o.stop(); await o.close();
  await Deno.rename(HOME + "/out.raw", HOME + "/out_${dt}.raw");
  await Deno.writeFile(HOME + "/in.raw", bytes);
  const i = new ad.InputStream({ channels: ${CHANNELS}, dtype: "${dt}", samplerate: 48000, extraSettings: fromFile });
  await i.start(); const { data } = await i.read(${FRAMES}); await i.close();
  if (!(data instanceof ${
      ctors[dt]
    })) throw new Error("${dt}: read() gave " + data.constructor.name);
  await Deno.writeFile(HOME + "/got_${dt}.raw", new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  await Deno.writeFile(HOME + "/in.raw", input);
}`).join("");
    await withFilePlugin(body, data, async (home) => {
      for (const dt of TYPED) {
        const want = data.subarray(0, SIZES[dt] * CHANNELS * FRAMES);
        assertPrefix(
          await Deno.readFile(`${home}/out_${dt}.raw`),
          want,
          `${dt} played`,
        );
        const got = await Deno.readFile(`${home}/got_${dt}.raw`);
        assert.equal(got.length, want.length, `${dt} captured length`);
        assertPrefix(got, want, `${dt} captured`);
      }
    });
  },
);

hwTest(
  "a duplex callback Stream passes input to output bit-exactly, after whole blocks of silence (ALSA file plugin)",
  async () => {
    const data = pattern("int16");
    const blocksize = 480;
    await withFilePlugin(
      `let pos = 0;
const s = new ad.Stream({ channels: ${CHANNELS}, dtype: "int16", samplerate: 48000,
  blocksize: ${blocksize}, extraSettings: [fromFile, toFile],
  callback: (i, o, n) => {
    o.set(i);
    pos += n;
    if (pos >= ${FRAMES}) throw new ad.CallbackStop();
  } });
await s.start(); await s.finished; await s.close();
if (s.callbackError !== undefined) throw s.callbackError;`,
      data,
      async (home) => {
        const got = await Deno.readFile(`${home}/out.raw`);
        // Output leads input by the priming blocks: find where the input starts.
        let offset = -1;
        for (let k = 0; k + data.length <= got.length; k++) {
          if (got[k] === data[0] && got[k + 1] === data[1]) {
            offset = k;
            break;
          }
        }
        assert.ok(offset >= 0, "the input never appears in the output");
        const bytesPerBlock = 2 * CHANNELS * blocksize;
        assert.equal(offset % bytesPerBlock, 0, `offset ${offset} bytes`);
        assert.ok(
          got.subarray(0, offset).every((v) => v === 0),
          "only silence before the input",
        );
        assertPrefix(got.subarray(offset), data, "duplex");
      },
    );
  },
);

hwTest(
  "writeAll() writes in order and bit-exactly, also right after an unawaited write() (ALSA file plugin)",
  async () => {
    // The null slave never fills, so writeAll() takes its synchronous path
    // (one Pa_WriteStream per piece) unless a write() is still queued.
    const data = pattern("int16");
    await withFilePlugin(
      `const { writeAll } = await import("${MOD}");
const s = new ad.OutputStream({ channels: ${CHANNELS}, dtype: "int16", samplerate: 48000, extraSettings: toFile });
await s.start();
const all = new Int16Array(input.buffer);
const piece = 100 * ${CHANNELS};
const first = s.write(all.subarray(0, piece)); // queued, not awaited
let n = await writeAll(s, all.subarray(piece, 2 * piece));
await first;
for (let k = 2 * piece; k < all.length; k += piece) {
  n += await writeAll(s, all.subarray(k, Math.min(all.length, k + piece)));
}
if (n !== all.length / ${CHANNELS} - 100) throw new Error("writeAll() returned " + n);
await s.stop(); await s.close();`,
      data,
      async (home) => {
        const got = await Deno.readFile(`${home}/out.raw`);
        assertPrefix(got, data, "writeAll");
      },
    );
  },
);
