/**
 * Scenarios run in a child process by tests/soundfile_safety_test.ts, so
 * that a crash fails a test instead of killing the runner, and so that a
 * scenario can run with restricted permissions.
 *
 * Usage: deno run [flags] child.ts SCENARIO DIR
 * The import is static: a dynamic import would need read permission.
 * Prints one JSON line with the results; exits 0 unless something crashed.
 */

// deno-lint-ignore-file no-console
import * as sf from "../../soundfile.ts";
const [scenario, dir] = Deno.args;

function ramp(frames: number, channels: number): Float32Array {
  const a = new Float32Array(frames * channels);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 2001) / 1000 - 1;
  return a;
}

function describe(e: unknown): { name: string; message: string } {
  return e instanceof Error
    ? { name: e.name, message: e.message }
    : { name: typeof e, message: String(e) };
}

async function attempt(fn: () => unknown): Promise<unknown> {
  try {
    const v = await fn();
    return { ok: true, value: v === undefined ? null : v };
  } catch (e) {
    return { ok: false, ...describe(e) };
  }
}

const out: Record<string, unknown> = {};

if (scenario === "close-race") {
  // close() while readAsync()/writeAsync() run, five times each.
  const path = `${dir}/race.flac`;
  const frames = 48000 * 20;
  const data = ramp(frames, 2);
  const quantized: { close(): void } = new sf.SoundFile(`${dir}/q.wav`, {
    mode: "w",
    samplerate: 48000,
    channels: 2,
    subtype: "PCM_16",
  });
  quantized.close();
  await sf.writeFile(path, data, 48000, { channels: 2 });
  const reference = await sf.readFile(path, { dtype: "int16" });
  const reads: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const f = new sf.SoundFile(path);
    const p = f.readAsync(-1, { dtype: "int16" });
    await new Promise((r) => setTimeout(r, 1 + i * 3));
    f.close();
    let outcome: unknown;
    try {
      const got = await p;
      // A read that finished must hold exactly the file's samples.
      let same = got.length === reference.data.length;
      for (let j = 0; same && j < got.length; j++) {
        same = got[j] === reference.data[j];
      }
      outcome = { resolved: true, same };
    } catch (e) {
      outcome = { resolved: false, ...describe(e) };
    }
    const after = await attempt(() => f.read(10));
    reads.push({ outcome, after });
  }
  out.reads = reads;
  const writes: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const f = new sf.SoundFile(`${dir}/w${i}.flac`, {
      mode: "w",
      samplerate: 48000,
      channels: 2,
    });
    const p = f.writeAsync(data);
    await new Promise((r) => setTimeout(r, 1 + i * 3));
    f.close();
    let outcome: unknown;
    try {
      await p;
      outcome = { resolved: true };
    } catch (e) {
      outcome = { resolved: false, ...describe(e) };
    }
    if (typeof f.closeAsync === "function") await f.closeAsync();
    const after = await attempt(() => f.write(new Float32Array(2)));
    const written = sf.info(`${dir}/w${i}.flac`).frames;
    writes.push({ outcome, after, written, frames });
  }
  out.writes = writes;
} else if (scenario === "gc") {
  // A pending call keeps its file alive: nothing but the promise is kept.
  const path = `${dir}/gc.wav`;
  const frames = 48000 * 30;
  const data = ramp(frames, 2);
  await sf.writeFile(path, data, 48000, { channels: 2, subtype: "FLOAT" });
  const gc = (globalThis as unknown as { gc: () => void }).gc;
  const results: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    const p = (() =>
      new sf.SoundFile(path).readAsync(-1, { dtype: "float32" }))();
    const timer = setInterval(() => gc(), 1);
    try {
      const got = await p;
      let same = got.length === data.length;
      for (let j = 0; same && j < got.length; j++) same = got[j] === data[j];
      results.push({ length: got.length, same });
    } catch (e) {
      results.push(describe(e));
    } finally {
      clearInterval(timer);
    }
  }
  out.results = results;
} else if (scenario === "gc-write") {
  // A pending write keeps the samples it writes alive: the caller keeps
  // nothing, the collector runs every millisecond.
  const gc = (globalThis as unknown as { gc: () => void }).gc;
  const frames = 48000 * 30;
  const make = (): Int32Array => {
    const a = new Int32Array(frames * 2);
    for (let i = 0; i < a.length; i++) {
      a[i] = (((i * 2654435761) >>> 0) & 0xffffff00) | 0;
    }
    return a;
  };
  const results: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    const path = `${dir}/gcw${i}.flac`;
    const f = new sf.SoundFile(path, {
      mode: "w",
      samplerate: 48000,
      channels: 2,
      subtype: "PCM_24",
    });
    const timer = setInterval(() => gc(), 1);
    try {
      await f.writeAsync(make());
    } finally {
      clearInterval(timer);
    }
    f.close();
    const back = (await sf.readFile(path, { dtype: "int32" })).data;
    const expected = make();
    let same = back.length === expected.length;
    for (let j = 0; same && j < back.length; j++) {
      same = back[j] === expected[j];
    }
    results.push({ frames: back.length / 2, same });
  }
  out.results = results;
} else if (scenario === "vorbis-large") {
  // One large write to Ogg/Vorbis, synchronous and on a helper thread.
  const data = ramp(48000 * 60, 2);
  const sync = new sf.SoundFile(`${dir}/sync.ogg`, {
    mode: "w",
    samplerate: 48000,
    channels: 2,
  });
  sync.write(data);
  sync.close();
  const async = new sf.SoundFile(`${dir}/async.ogg`, {
    mode: "w",
    samplerate: 48000,
    channels: 2,
  });
  await async.writeAsync(data.subarray(0, 48000 * 30 * 2));
  async.close();
  out.frames = [
    sf.info(`${dir}/sync.ogg`).frames,
    sf.info(`${dir}/async.ogg`).frames,
  ];
} else if (scenario === "permissions") {
  // What a process with restricted permissions may open.
  const [, , readable, other] = Deno.args;
  out.readAllowed = await attempt(async () =>
    (await sf.readFile(`${readable}/a.wav`)).frames
  );
  out.readOther = await attempt(async () =>
    (await sf.readFile(`${other}/a.wav`)).frames
  );
  out.info = await attempt(() => sf.info(`${other}/a.wav`).frames);
  out.soundFileRead = await attempt(() => {
    const f = new sf.SoundFile(`${other}/a.wav`);
    f.close();
  });
  out.writeOther = await attempt(() =>
    sf.writeFile(`${other}/a.wav`, new Float32Array(10), 8000)
  );
  out.writeReadable = await attempt(() =>
    sf.writeFile(`${readable}/new.wav`, new Float32Array(10), 8000)
  );
  out.readWriteMode = await attempt(() => {
    const f = new sf.SoundFile(`${readable}/a.wav`, "r+");
    f.close();
  });
  out.exclusive = await attempt(() => {
    const f = new sf.SoundFile(`${readable}/a.wav`, {
      mode: "x",
      samplerate: 8000,
      channels: 1,
    });
    f.close();
  });
} else if (scenario === "exclusive") {
  // Mode "x" on an existing file, with write permission only.
  out.exclusive = await attempt(() => {
    const f = new sf.SoundFile(`${dir}/a.wav`, {
      mode: "x",
      samplerate: 8000,
      channels: 1,
    });
    f.write(new Float32Array(3));
    f.close();
  });
} else if (scenario === "exclusive-race") {
  // Many processes create the same file with mode "x" at the same moment.
  const [, , path, startAt] = Deno.args;
  while (Date.now() < Number(startAt)) { /* spin to the common start */ }
  out.created = await attempt(() => {
    const f = new sf.SoundFile(path, {
      mode: "x",
      samplerate: 8000,
      channels: 1,
    });
    f.write(new Float32Array(100));
    f.close();
  });
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
console.log(JSON.stringify(out));
