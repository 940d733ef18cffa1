/**
 * SoundFile under misuse: close during helper-thread I/O, garbage
 * collection mid-call, failed writes over existing files, mode "x",
 * NUL bytes and hostile arguments, Deno permissions, AbortSignal.
 * Scenarios that could crash, or need restricted permissions, run in a
 * child process (tests/soundfile_fixtures/child.ts).
 */

import assert from "node:assert/strict";
import {
  availableSubtypes,
  checkFormat,
  info,
  readFile,
  SoundFile,
  SoundFileError,
  writeFile,
} from "../soundfile.ts";

const DENO = Deno.execPath();
const CHILD = new URL("./soundfile_fixtures/child.ts", import.meta.url)
  .pathname;

const dir = await Deno.makeTempDir({ prefix: "audiodev-sfsafe-" });
globalThis.addEventListener(
  "unload",
  () => Deno.removeSync(dir, { recursive: true }),
);

function ramp(frames: number, channels: number): Float32Array {
  const a = new Float32Array(frames * channels);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 2001) / 1000 - 1;
  return a;
}

interface ChildResult {
  code: number;
  signal: Deno.Signal | null;
  json: Record<string, unknown>;
  stderr: string;
}

async function child(
  flags: string[],
  args: string[],
): Promise<ChildResult> {
  const out = await new Deno.Command(DENO, {
    args: ["run", "--no-prompt", ...flags, CHILD, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(
    out.signal,
    null,
    `child ${args[0]} died of ${out.signal}: ${stderr}`,
  );
  assert.equal(out.code, 0, `child ${args[0]} exited ${out.code}: ${stderr}`);
  return {
    code: out.code,
    signal: out.signal,
    json: JSON.parse(stdout.split("\n").at(-1)!),
    stderr,
  };
}

async function fresh(name: string): Promise<string> {
  const d = await Deno.makeTempDir({ dir, prefix: name });
  return d;
}

interface Attempt {
  ok: boolean;
  value?: unknown;
  name?: string;
  message?: string;
}

Deno.test("SoundFile.close() during readAsync()/writeAsync() neither crashes nor returns wrong data (child process)", async () => {
  const d = await fresh("race");
  const { json } = await child(["-A"], ["close-race", d]);
  const reads = json.reads as {
    outcome: { resolved: boolean; same?: boolean; message?: string };
    after: Attempt;
  }[];
  assert.equal(reads.length, 5);
  for (const r of reads) {
    if (r.outcome.resolved) assert.equal(r.outcome.same, true);
    else {
      assert.match(
        r.outcome.message!,
        /readAsync\(\) stopped: ".*race\.flac" was closed while it ran/,
      );
    }
    assert.equal(r.after.ok, false);
    assert.match(r.after.message!, /is closed: read\(\) is not allowed/);
  }
  const writes = json.writes as {
    outcome: { resolved: boolean; message?: string };
    after: Attempt;
    written: number;
    frames: number;
  }[];
  assert.equal(writes.length, 5);
  for (const w of writes) {
    if (w.outcome.resolved) assert.equal(w.written, w.frames);
    else {
      assert.match(
        w.outcome.message!,
        /writeAsync\(\) stopped: .* was closed while it ran/,
      );
      // What was written before the close is in the file, and no more.
      assert.ok(w.written >= 0 && w.written < w.frames, `${w.written}`);
    }
    assert.match(w.after.message!, /is closed: write\(\) is not allowed/);
  }
});

Deno.test("a pending readAsync() keeps its SoundFile alive through garbage collection (child process)", async () => {
  const d = await fresh("gc");
  const { json } = await child(["-A", "--v8-flags=--expose-gc"], ["gc", d]);
  const results = json.results as { length: number; same: boolean }[];
  assert.equal(results.length, 5);
  for (const r of results) {
    assert.deepEqual(r, { length: 48000 * 30 * 2, same: true });
  }
});

Deno.test("a pending writeAsync() keeps the samples it writes alive through garbage collection (child process)", async () => {
  const d = await fresh("gcw");
  const { json } = await child(
    ["-A", "--v8-flags=--expose-gc"],
    ["gc-write", d],
  );
  assert.deepEqual(json.results, [
    { frames: 48000 * 30, same: true },
    { frames: 48000 * 30, same: true },
    { frames: 48000 * 30, same: true },
  ]);
});

Deno.test("a 60 s write() and a 30 s writeAsync() to Ogg/Vorbis complete (libvorbis's stack use is bounded; child process)", async () => {
  const d = await fresh("vorbis");
  const { json } = await child(["-A"], ["vorbis-large", d]);
  assert.deepEqual(json.frames, [48000 * 60, 48000 * 30]);
});

Deno.test("synchronous calls during readAsync() throw; async calls wait their turn", async () => {
  const path = `${dir}/queue.wav`;
  const data = ramp(100_000, 1);
  await writeFile(path, data, 8000, { subtype: "FLOAT" });
  await using f = new SoundFile(path);
  const first = f.readAsync(60_000, { dtype: "float32" });
  const second = f.readAsync(-1, { dtype: "float32" });
  assert.throws(
    () => f.read(1),
    (e: unknown) =>
      e instanceof SoundFileError &&
      /read\(\): readAsync\(\) on ".*queue\.wav" has not finished; await it/
        .test(e.message),
  );
  assert.throws(() => f.seek(0), /seek\(\): .* has not finished/);
  assert.throws(() => f.tell(), /tell\(\): .* has not finished/);
  assert.deepEqual(await first, data.subarray(0, 60_000));
  assert.deepEqual(await second, data.subarray(60_000));
  assert.equal(f.tell(), 100_000);
});

Deno.test("writeFile() and mode w leave an existing file as it was when libsndfile refuses the settings", async () => {
  const path = `${dir}/keep.flac`;
  await writeFile(path, ramp(48000, 2), 48000, { channels: 2 });
  const before = await Deno.readFile(path);
  assert.ok(before.length > 10_000);
  await assert.rejects(
    () => writeFile(path, ramp(1000, 1), 1_000_000),
    (e: unknown) =>
      e instanceof SoundFileError && e.call === "sf_open" &&
      /Error opening ".*keep\.flac": .*sample rate/.test(e.message),
  );
  assert.deepEqual(await Deno.readFile(path), before);
  assert.throws(
    () =>
      new SoundFile(path, { mode: "w", samplerate: 1_000_000, channels: 1 }),
    /sample rate/,
  );
  assert.deepEqual(await Deno.readFile(path), before);
  // FLAC cannot be opened read-write: refused before truncation too.
  assert.throws(
    () => new SoundFile(path, { mode: "w+", samplerate: 48000, channels: 1 }),
    /does not support read\/write mode/,
  );
  assert.deepEqual(await Deno.readFile(path), before);
  assert.equal(info(path).frames, 48000);
});

Deno.test("mode w+ truncates an existing file as python-soundfile does", async () => {
  const path = `${dir}/wplus.wav`;
  await writeFile(path, ramp(1000, 1), 8000);
  {
    using f = new SoundFile(path, {
      mode: "w+",
      samplerate: 8000,
      channels: 1,
    });
    assert.equal(f.frames, 0);
    f.write(new Float32Array(10));
    assert.equal(f.frames, 10);
  }
  assert.equal(info(path).frames, 10);
});

Deno.test("mode x refuses an existing file without --allow-read and leaves it unchanged (child process)", async () => {
  const d = await fresh("excl");
  await writeFile(`${d}/a.wav`, ramp(100, 1), 8000);
  const before = await Deno.readFile(`${d}/a.wav`);
  const { json } = await child(
    ["--allow-ffi", `--allow-write=${d}`],
    ["exclusive", d],
  );
  const r = json.exclusive as Attempt;
  assert.equal(r.ok, false);
  assert.equal(r.name, "SoundFileError");
  assert.match(
    r.message!,
    /Cannot create ".*a\.wav": file exists \(mode "x"\)/,
  );
  assert.deepEqual(await Deno.readFile(`${d}/a.wav`), before);
});

Deno.test("mode x is atomic: of 6 processes creating one file at once, exactly one succeeds", async () => {
  for (let round = 0; round < 2; round++) {
    const d = await fresh("xrace");
    const path = `${d}/one.wav`;
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        () => child(["-A"], ["exclusive-race", d, path, startAt]),
      ),
    );
    const created = results.map((r) => r.json.created as Attempt);
    assert.equal(
      created.filter((c) => c.ok).length,
      1,
      JSON.stringify(created),
    );
    for (const c of created.filter((c) => !c.ok)) {
      assert.match(c.message!, /file exists \(mode "x"\)/);
    }
    assert.equal(info(path).frames, 100);
  }
});

Deno.test("mode x leaves no file behind when the settings are refused", () => {
  const path = `${dir}/never.flac`;
  assert.throws(
    () => new SoundFile(path, { mode: "x", samplerate: 1e6, channels: 1 }),
    /sample rate/,
  );
  assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
});

Deno.test("a NUL byte in a file name is a TypeError and nothing is written", async () => {
  const target = `${dir}/nul.wav`;
  await assert.rejects(
    () => writeFile(`${target}\0.flac`, ramp(10, 1), 8000),
    (e: unknown) =>
      e instanceof TypeError &&
      /writeFile\(path\): embedded null byte/.test(e.message),
  );
  assert.throws(() => Deno.statSync(target), Deno.errors.NotFound);
  await assert.rejects(
    () => readFile(`${target}\0`),
    /readFile\(path\): embedded null byte/,
  );
  assert.throws(() => info(`${target}\0`), /info\(path\): embedded null byte/);
  assert.throws(
    () => new SoundFile(`${target}\0x`),
    /SoundFile\(path\): embedded null byte/,
  );
});

Deno.test("every argument is checked before C is touched, naming the wrong one", async () => {
  const path = `${dir}/args.wav`;
  await writeFile(path, ramp(1000, 2), 8000, { channels: 2 });
  using f = new SoundFile(path);
  // python-soundfile reads what is left when asked for more.
  assert.equal(f.read(1e12, { dtype: "int16" }).length, 2000);
  f.seek(0);
  const huge = 2 ** 53 + 2;
  const detached = new Float32Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const cases: [() => unknown, ErrorConstructor, RegExp][] = [
    [
      () => f.read(huge),
      RangeError,
      /read\(frames\) must be an integer from -1 \(all\) to 9007199254740991/,
    ],
    [() => f.read(1.5), RangeError, /read\(frames\) must be an integer/],
    [
      () => f.read(10n as unknown as number),
      TypeError,
      /read\(frames\) must be a number of frames, got 10n/,
    ],
    [
      () => f.read(Symbol("s") as unknown as number),
      TypeError,
      /read\(frames\) must be a number of frames, got Symbol\(s\)/,
    ],
    [
      () => f.read(1e12, { fillValue: 0 }),
      RangeError,
      /read\(frames\): cannot allocate 1000000000000 frames of 2 channels/,
    ],
    [
      () => f.read(1, { dtyp: "int16" } as never),
      TypeError,
      /read: unknown option "dtyp" \(did you mean "dtype"\?\)/,
    ],
    [
      () => f.read(1, { dtype: "uint8" as never }),
      TypeError,
      /read: dtype must be "float64"/,
    ],
    [
      () => f.read(1, { out: detached }),
      TypeError,
      /read: out is a detached float32 array/,
    ],
    [
      () => f.seek("1" as unknown as number),
      TypeError,
      /seek\(frames\) must be a number/,
    ],
    [
      () => f.seek(0, 3 as 0),
      TypeError,
      /seek\(whence\) must be 0 \(start\), 1 \(current\) or 2 \(end\), got 3/,
    ],
    [
      () => f.blocks({ blocksize: 0 }),
      RangeError,
      /blocks: blocksize: 0 is not a block size/,
    ],
    [
      () => f.blocks({ blocksiz: 10 } as never),
      TypeError,
      /did you mean "blocksize"/,
    ],
    [
      () => new SoundFile(path, { mod: "w" } as never),
      TypeError,
      /SoundFile: unknown option "mod" \(did you mean "mode"\?\)/,
    ],
    [
      () => new SoundFile(path, "q" as never),
      TypeError,
      /SoundFile\(mode\) must be "r", "r\+", "w", "w\+", "x" or "x\+", got "q"/,
    ],
    [
      () =>
        new SoundFile(path, {
          mode: "w",
          samplerate: 8000,
          channels: 2n as never,
        }),
      TypeError,
      /SoundFile: channels must be a channel count .*got 2n/,
    ],
    [
      () => new SoundFile(42 as unknown as string),
      TypeError,
      /SoundFile\(path\) must be a string, got 42/,
    ],
    [
      () => checkFormat(5 as never),
      TypeError,
      /checkFormat\(format\): unknown format 5/,
    ],
    [
      () => availableSubtypes(Symbol() as never),
      TypeError,
      /availableSubtypes\(format\): unknown format Symbol\(\)/,
    ],
  ];
  for (const [fn, type, re] of cases) {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof type, `${re}: got ${e}`);
      assert.match((e as Error).message, re);
      return true;
    });
  }
  const asyncCases: [() => Promise<unknown>, ErrorConstructor, RegExp][] = [
    [
      () => f.readAsync(1e12, { fillValue: 0 }),
      RangeError,
      /readAsync\(frames\): cannot allocate/,
    ],
    [
      () => f.readAsync(1, { signal: "x" } as never),
      TypeError,
      /readAsync: signal must be an AbortSignal, got "x"/,
    ],
    [
      () => f.writeAsync(detached),
      TypeError,
      /writeAsync\(data\) is a detached float32 array/,
    ],
    [
      () => readFile(path, { dtyp: "int16" } as never),
      TypeError,
      /readFile: unknown option "dtyp" \(did you mean "dtype"\?\)/,
    ],
    [
      () => readFile(path, { frames: 10, stop: 20 }),
      TypeError,
      /give frames or stop, not both/,
    ],
    [
      () => readFile(path, { start: 10n } as never),
      TypeError,
      /readFile: start must be a frame number, got 10n/,
    ],
    [
      () => writeFile(`${dir}/no.wav`, ramp(4, 1), 44100n as never),
      TypeError,
      /writeFile\(samplerate\) must be a sampling rate in Hz .*got 44100n/,
    ],
    [
      () => writeFile(`${dir}/no.wav`, ramp(4, 1), NaN),
      RangeError,
      /writeFile\(samplerate\): NaN is not a sampling rate/,
    ],
    [
      () =>
        writeFile(
          `${dir}/no.wav`,
          ramp(4, 1),
          8000,
          { channels: Symbol() } as never,
        ),
      TypeError,
      /writeFile: channels must be a channel count/,
    ],
    [
      () => writeFile(`${dir}/no.wav`, detached, 8000),
      TypeError,
      /writeFile\(data\) is a detached float32 array/,
    ],
    [
      () => writeFile(`${dir}/no.wav`, [0, 1] as never, 8000),
      TypeError,
      /writeFile\(data\) must be a Float64Array, .* got an array of 2/,
    ],
    [
      () =>
        writeFile(`${dir}/no.wav`, ramp(4, 1), 8000, { chanels: 1 } as never),
      TypeError,
      /did you mean "channels"/,
    ],
  ];
  for (const [fn, type, re] of asyncCases) {
    await assert.rejects(fn, (e: unknown) => {
      assert.ok(e instanceof type, `${re}: got ${e}`);
      assert.match((e as Error).message, re);
      return true;
    });
  }
  assert.throws(() => Deno.statSync(`${dir}/no.wav`), Deno.errors.NotFound);
  // The positional mode of python-soundfile's examples.
  new SoundFile(path, "r+").close();
});

Deno.test("libsndfile paths obey Deno's permissions: --allow-ffi alone opens nothing, --allow-read=DIR opens DIR (child process)", async () => {
  const readable = await fresh("perm-r");
  const other = await fresh("perm-o");
  await writeFile(`${readable}/a.wav`, ramp(100, 1), 8000);
  await writeFile(`${other}/a.wav`, ramp(100, 1), 8000);
  const otherBefore = await Deno.readFile(`${other}/a.wav`);
  const readableBefore = await Deno.readFile(`${readable}/a.wav`);
  const refused = (a: unknown, access: "read" | "write", api: string): void => {
    const r = a as Attempt;
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.name, "NotCapable");
    assert.match(
      r.message!,
      new RegExp(
        `^Requires ${access} access to ".*", run again with the --allow-${access} flag \\(needed by ${api}\\)$`,
      ),
    );
  };
  // --allow-ffi only.
  const none = (await child(
    ["--allow-ffi"],
    ["permissions", dir, readable, other],
  )).json;
  refused(none.readAllowed, "read", "readFile");
  refused(none.readOther, "read", "readFile");
  refused(none.info, "read", "info");
  refused(none.writeOther, "write", "writeFile");
  refused(none.exclusive, "write", "SoundFile");
  // --allow-read=DIR.
  const some = (await child(
    ["--allow-ffi", `--allow-read=${readable}`],
    ["permissions", dir, readable, other],
  )).json;
  assert.deepEqual(some.readAllowed, { ok: true, value: 100 });
  refused(some.readOther, "read", "readFile");
  refused(some.info, "read", "info");
  refused(some.soundFileRead, "read", "SoundFile");
  refused(some.writeOther, "write", "writeFile");
  refused(some.writeReadable, "write", "writeFile");
  refused(some.readWriteMode, "write", "SoundFile");
  // --allow-read and --allow-write for DIR.
  const both = (await child(
    ["--allow-ffi", `--allow-read=${readable}`, `--allow-write=${readable}`],
    ["permissions", dir, readable, other],
  )).json;
  assert.deepEqual(both.writeReadable, { ok: true, value: null });
  assert.deepEqual(both.readWriteMode, { ok: true, value: null });
  refused(both.writeOther, "write", "writeFile");
  assert.deepEqual(await Deno.readFile(`${other}/a.wav`), otherBefore);
  assert.deepEqual(await Deno.readFile(`${readable}/a.wav`), readableBefore);
  assert.equal(info(`${readable}/new.wav`).frames, 10);
});

async function rejectionDelay(
  start: (signal: AbortSignal) => Promise<unknown>,
  after: number,
): Promise<{ ms: number; error: unknown; settledBeforeAbort: boolean }> {
  const controller = new AbortController();
  const reason = new Error("stop now");
  let abortedAt = 0;
  let settledBeforeAbort = false;
  const p = start(controller.signal).then(
    () => {
      settledBeforeAbort = abortedAt === 0;
      return undefined;
    },
    (e) => e,
  );
  await new Promise((r) => setTimeout(r, after));
  abortedAt = performance.now();
  controller.abort(reason);
  const error = await p;
  const ms = performance.now() - abortedAt;
  assert.equal(settledBeforeAbort, false, "the call ended before the abort");
  assert.equal(error, reason, "rejects with signal.reason itself");
  return { ms, error, settledBeforeAbort };
}

Deno.test("readAsync()/writeAsync()/readFile()/writeFile() abort within 50 ms with signal.reason", async () => {
  const frames = 48000 * 120;
  const data = ramp(frames, 2);
  const flac = `${dir}/long.flac`;
  await writeFile(flac, data, 48000, { channels: 2 });
  {
    await using f = new SoundFile(flac);
    const r = await rejectionDelay(
      (signal) => f.readAsync(-1, { signal }),
      30,
    );
    assert.ok(
      r.ms < 50,
      `readAsync rejected ${r.ms.toFixed(1)} ms after abort`,
    );
    // The file stays usable once the running slice returned.
    const t0 = performance.now();
    const more = await f.readAsync(10, { dtype: "int16" });
    assert.equal(more.length, 20);
    assert.ok(performance.now() - t0 < 1000);
  }
  const r2 = await rejectionDelay(
    (signal) => readFile(flac, { signal }),
    30,
  );
  assert.ok(r2.ms < 50, `readFile rejected ${r2.ms.toFixed(1)} ms after abort`);
  const ogg = `${dir}/long.ogg`;
  {
    await using f = new SoundFile(ogg, {
      mode: "w",
      samplerate: 48000,
      channels: 2,
    });
    const r = await rejectionDelay(
      (signal) => f.writeAsync(data, { signal }),
      30,
    );
    assert.ok(
      r.ms < 50,
      `writeAsync rejected ${r.ms.toFixed(1)} ms after abort`,
    );
  }
  const kept = info(ogg).frames;
  assert.ok(kept > 0 && kept < frames, `${kept} frames kept`);
  const r3 = await rejectionDelay(
    (signal) =>
      writeFile(`${dir}/long2.flac`, data, 48000, { channels: 2, signal }),
    30,
  );
  assert.ok(
    r3.ms < 50,
    `writeFile rejected ${r3.ms.toFixed(1)} ms after abort`,
  );
  // An aborted signal rejects at once and touches nothing.
  const before = await Deno.readFile(flac);
  const reason = new Error("already");
  await assert.rejects(
    () => writeFile(flac, data, 48000, { signal: AbortSignal.abort(reason) }),
    (e: unknown) => e === reason,
  );
  await assert.rejects(
    () => readFile(flac, { signal: AbortSignal.abort(reason) }),
    (e: unknown) => e === reason,
  );
  assert.deepEqual(await Deno.readFile(flac), before);
});

Deno.test("a seeded fuzz of the soundfile API (hostile arguments, misuse sequences) neither crashes, stalls nor gives an unclear error (child processes)", async () => {
  const fuzz = new URL("./soundfile_fixtures/fuzz.ts", import.meta.url)
    .pathname;
  for (const seed of [7, 8, 9, 10]) {
    const d = await fresh(`fuzz${seed}`);
    const out = await new Deno.Command(DENO, {
      args: ["run", "-A", fuzz, String(seed), "2500", d],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.signal, null, `seed ${seed} died of ${out.signal}`);
    assert.equal(out.code, 0, `seed ${seed} exited ${out.code}: ${stderr}`);
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.ok(r.calls >= 2500, `seed ${seed}: ${r.calls} calls`);
    assert.deepEqual(r.unsettled, [], `seed ${seed}: calls that never settled`);
    assert.deepEqual(r.unclear, [], `seed ${seed}: unclear errors`);
    // The misuse was really exercised: files were opened, read and written.
    assert.ok(r.succeeded["new SoundFile"] > 100, JSON.stringify(r.succeeded));
    assert.ok(r.succeeded.readAsync > 10, JSON.stringify(r.succeeded));
    assert.ok(r.succeeded.writeAsync > 5, JSON.stringify(r.succeeded));
  }
});
