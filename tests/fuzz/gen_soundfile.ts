/**
 * Call generators for `./soundfile`. Every path is inside the run's temp
 * dir. Writes over an existing file are checked: a write that fails must
 * leave the old file as it was, and mode `"x"` must refuse an existing file.
 *
 * @module
 */
import * as sf from "../../soundfile.ts";
import type { Rng } from "./prng.ts";
import { type Action, type Call, type Ctx, slot, strNames } from "./context.ts";
import { type Arg, bad, good, num, options, samples, str } from "./values.ts";

function paths(ctx: Ctx): { goods: string[]; others: string[] } {
  const t = ctx.tmp;
  return {
    goods: [
      `${t}/a.wav`,
      `${t}/b.flac`,
      `${t}/c.ogg`,
      `${t}/keep.wav`,
      `${t}/d.aiff`,
    ],
    others: [
      `${t}/missing_dir/x.wav`,
      t,
      `${t}/noext`,
      `${t}/plain_file`,
      `${t}/x.mp9`,
    ],
  };
}

function path(ctx: Ctx, r: Rng): Arg {
  const p = paths(ctx);
  return str(r, p.goods, p.others, { p: 0.2, alsoGood: [`${ctx.tmp}/noext`] });
}

const formats = (r: Rng): Arg =>
  str(
    r,
    ["WAV", "FLAC", "OGG", "wav", "AIFF", "RAW"],
    ["WAVE", "mp3x", "Wav "],
    {},
  );
const subtypes = (r: Rng): Arg =>
  str(
    r,
    ["PCM_16", "PCM_24", "FLOAT", "DOUBLE", "VORBIS", "pcm_16", "PCM_U8"],
    ["PCM16", "OPUSX"],
    { nullable: true },
  );
const endians = (r: Rng): Arg =>
  str(r, ["FILE", "LITTLE", "BIG", "CPU", "little"], ["MIDDLE", "lil"], {
    nullable: true,
  });

/** Bytes of `p` if it is a file, else `null`. */
function snapshot(p: unknown): Uint8Array | null {
  if (typeof p !== "string" || p.includes("\0")) return null;
  try {
    return Deno.readFileSync(p);
  } catch {
    return null;
  }
}

function same(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Adds the data-loss checks to a call that writes `target`. */
function guarded(call: Call, target: unknown, mode: unknown): Call {
  let before: Uint8Array | null = null;
  const run = call.run;
  return {
    ...call,
    run: () => {
      before = snapshot(target);
      return run();
    },
    verify: (ok) => {
      if (before === null) return null;
      if (ok && typeof mode === "string" && mode.startsWith("x")) {
        return `mode "${mode}" opened an existing file (${before.length} bytes) for writing`;
      }
      if (!ok) {
        const after = snapshot(target);
        if (!same(before, after)) {
          return `a failed write changed the existing file: ${before.length} bytes -> ${
            after?.length ?? "gone"
          }`;
        }
      }
      return null;
    },
  };
}

function fileFunctions(ctx: Ctx, r: Rng): Call | null {
  switch (r.int(0, 9)) {
    case 0:
    case 1:
    case 2: {
      const p = path(ctx, r);
      const ch = r.pick([1, 2]);
      const data = samples(r, r.int(0, 400) * ch, {
        types: [Float64Array, Float32Array, Int32Array, Int16Array],
        multiple: ch,
      });
      // libsndfile decides which rates a format takes: only non-positive
      // and non-integer rates are invalid here.
      const rate = num(r, [8000, 44100, 48000], { int: true, min: 1 });
      if (r.chance(0.05)) {
        rate.v = 1_000_000;
        rate.bad = false;
      }
      rate.src = typeof rate.v === "number" ? String(rate.v) : rate.src;
      const o = options(r, {
        channels: (r) =>
          num(r, [ch], { int: true, min: 1, max: 1024, nullable: true }),
        format: formats,
        subtype: subtypes,
        endian: endians,
      }, ["channels"]);
      return guarded(
        {
          src: `await writeFile(${p.src}, ${data.src}, ${rate.src}, ${o.src})`,
          names: [
            "writeFile",
            "path",
            "data",
            "samplerate",
            ...o.keys,
            ...strNames(p.v),
          ],
          bad: p.bad || data.bad || rate.bad || o.bad,
          run: () =>
            sf.writeFile(
              p.v as string,
              data.v as Float32Array,
              rate.v as number,
              o.v as sf.WriteFileOptions,
            ),
        },
        p.v,
        "w",
      );
    }
    case 3:
    case 4: {
      const p = path(ctx, r);
      const o = options(r, {
        dtype: (r) =>
          str(
            r,
            ["float64", "float32", "int32", "int16"],
            ["int8", "float16"],
            { nullable: true },
          ),
        start: (r) => num(r, [0, 10], { int: true }),
        stop: (r) => num(r, [100, -1], { int: true, nullable: true }),
        frames: (r) => num(r, [-1, 50], { int: true, min: -1, max: 1 << 30 }),
      });
      return {
        src: `await readFile(${p.src}, ${o.src})`,
        names: ["readFile", "path", ...o.keys, ...strNames(p.v)],
        bad: p.bad || o.bad,
        run: () => sf.readFile(p.v as string, o.v as sf.ReadFileOptions),
      };
    }
    case 5: {
      const p = path(ctx, r);
      return {
        src: `info(${p.src})`,
        names: ["info", "path", ...strNames(p.v)],
        bad: p.bad,
        run: () => sf.info(p.v as string),
      };
    }
    case 6: {
      const f = r.chance(0.5) ? good(undefined, "") : formats(r);
      return {
        src: `availableSubtypes(${f.src})`,
        names: ["availableSubtypes", "format", ...strNames(f.v)],
        bad: f.bad,
        run: () => sf.availableSubtypes(f.v as sf.SoundFileFormat),
      };
    }
    case 7: {
      const f = formats(r), s = subtypes(r), e = endians(r);
      return {
        src: `checkFormat(${f.src}, ${s.src}, ${e.src})`,
        names: [
          "checkFormat",
          "format",
          "subtype",
          "endian",
          ...strNames(f.v, s.v, e.v),
        ],
        bad: f.bad || s.bad || e.bad,
        run: () =>
          sf.checkFormat(
            f.v as sf.SoundFileFormat,
            s.v as sf.SoundFileSubtype,
            e.v as sf.SoundFileEndian,
          ),
      };
    }
    case 8: {
      const f = formats(r);
      return {
        src: `defaultSubtype(${f.src})`,
        names: ["defaultSubtype", "format", ...strNames(f.v)],
        bad: f.bad,
        run: () => sf.defaultSubtype(f.v as sf.SoundFileFormat),
      };
    }
    default: {
      const f = r.pick(["availableFormats", "libsndfileVersion"] as const);
      return { src: `${f}()`, names: [f], bad: false, run: () => sf[f]() };
    }
  }
}

function newSoundFile(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const existing = ctx.pools.get("sf", i);
  if (existing && r.chance(0.8)) {
    const f = existing.obj as sf.SoundFile;
    return {
      src: `sf[${i}].close()`,
      names: ["close", "SoundFile"],
      bad: false,
      run: () => f.close(),
    };
  }
  const p = path(ctx, r);
  const mode = str(
    r,
    ["r", "r", "r+", "w", "w+", "x", "x+"],
    ["rw", "a", "R"],
    { nullable: true, p: 0.15 },
  );
  const writing = typeof mode.v === "string" && /^[wx]/.test(mode.v);
  const o = options(r, {
    mode: () => mode,
    samplerate: (r) =>
      num(r, [44100, 8000], {
        int: true,
        min: 1,
        max: 655350,
        nullable: !writing,
      }),
    channels: (r) =>
      num(r, [1, 2], { int: true, min: 1, max: 1024, nullable: !writing }),
    format: formats,
    subtype: subtypes,
    endian: endians,
  }, writing ? ["mode", "samplerate", "channels"] : ["mode"]);
  const call: Call = {
    src: `sf[${i}] = new SoundFile(${p.src}, ${o.src})`,
    names: ["SoundFile", "path", "mode", ...o.keys, ...strNames(p.v, mode.v)],
    bad: p.bad || o.bad,
    run: () => new sf.SoundFile(p.v as string, o.v as sf.SoundFileOptions),
    done: (f) => {
      const s = f as sf.SoundFile;
      ctx.pools.put("sf", i, s, { channels: s.channels, mode: s.mode });
    },
  };
  // The mode in effect is the one in the options passed (they may have been
  // replaced by a hostile value).
  const given = (o.v as { mode?: unknown } | null)?.mode;
  return writing && given === mode.v ? guarded(call, p.v, mode.v) : call;
}

function soundFileMethod(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("sf", i);
  if (!s) return null;
  const f = s.obj as sf.SoundFile;
  const ch = (s.info.channels as number) || 1;
  const name = `sf[${i}]`;
  const call = (
    m: string,
    args: Arg[],
    run: () => unknown,
    extra: string[] = [],
  ): Call => ({
    src: `${name}.${m}(${
      args.map((a) => a.src).filter((x) => x !== "").join(", ")
    })`,
    names: [
      m,
      "SoundFile",
      ...extra,
      ...strNames(f.name, ...args.map((a) => a.v)),
    ],
    bad: args.some((a) => a.bad),
    run,
  });
  const frames = (r: Rng) => {
    const a = num(r, [-1, 0, 10, 100], {
      int: true,
      min: -1,
      max: 1 << 24,
      p: 0.3,
    });
    if (a.v === 1e300 || a.v === 2 ** 53) a.v = r.pick([1e12, 2 ** 53]);
    a.src = typeof a.v === "number" ? String(a.v) : a.src;
    return a;
  };
  const dtype = (r: Rng) =>
    str(r, ["float64", "float32", "int32", "int16"], ["int8", "f8"]);
  const which = r.weighted(
    [
      "seek",
      "tell",
      "read",
      "readAsync",
      "write",
      "writeAsync",
      "blocks",
      "blocksAsync",
      "flush",
      "props",
      "close",
      "dispose",
    ] as const,
    (w) =>
      ({
        seek: 1.5,
        tell: 1,
        read: 3,
        readAsync: 3,
        write: 3,
        writeAsync: 3,
        blocks: 1,
        blocksAsync: 1,
        flush: 1,
        props: 2,
        close: 1.5,
        dispose: 0.3,
      })[w],
  );
  switch (which) {
    case "seek": {
      const n = num(r, [0, 10, -5], { int: true });
      const w = r.chance(0.8)
        ? good(r.pick([0, 1, 2]))
        : r.pick([bad(3), bad(-1), bad("SEEK_SET")]);
      return call("seek", [n, w], () => f.seek(n.v as number, w.v as 0), [
        "frames",
        "whence",
      ]);
    }
    case "tell":
    case "flush":
    case "close":
      return call(which, [], () => f[which]());
    case "read":
    case "readAsync": {
      const n = frames(r);
      const o = which === "read" && r.chance(0.2)
        ? (() => {
          const out = samples(r, 16 * ch, {
            types: [Float64Array, Float32Array, Int32Array, Int16Array],
          });
          return {
            v: { out: out.v },
            src: `{ out: ${out.src} }`,
            bad: out.bad,
            keys: ["out"],
          };
        })()
        : options(r, { dtype });
      return call(
        which,
        [n, o],
        () =>
          (f[which] as (n: unknown, o: unknown) => unknown).call(f, n.v, o.v),
        ["frames", ...o.keys],
      );
    }
    case "write":
    case "writeAsync": {
      const d = samples(r, r.int(0, 400) * ch, {
        types: [Float64Array, Float32Array, Int32Array, Int16Array],
        multiple: ch,
      });
      return call(
        which,
        [d],
        () => (f[which] as (d: unknown) => unknown).call(f, d.v),
        ["data"],
      );
    }
    case "blocks":
    case "blocksAsync": {
      const o = r.chance(0.2)
        ? num(r, [64], { int: true, min: 1 })
        : options(r, {
          blocksize: (r) =>
            num(r, [16, 64], { int: true, min: 1, max: 1 << 20 }),
          overlap: (r) => num(r, [0, 8], { int: true, min: 0 }),
          dtype,
          frames: (r) =>
            num(r, [-1, 100], { int: true, min: -1, max: 1 << 20 }),
          fillValue: (r) => num(r, [0], {}),
        }, ["blocksize"]);
      const n = r.int(1, 4);
      const asyncIter = which === "blocksAsync";
      return {
        src: `for ${
          asyncIter ? "await " : ""
        }(const b of ${name}.blocks(${o.src})) if (++k >= ${n}) break`,
        names: [
          "blocks",
          "SoundFile",
          "blocksize",
          "overlap",
          "frames",
          "dtype",
          ...((o as { keys?: string[] }).keys ?? []),
        ],
        bad: o.bad,
        run: async () => {
          let k = 0;
          const it = f.blocks(o.v as sf.BlocksOptions);
          if (asyncIter) {
            for await (const _b of it) if (++k >= n) break;
          } else {
            for (const _b of it) if (++k >= n) break;
          }
          return k;
        },
      };
    }
    case "props": {
      const p = r.pick(
        [
          "samplerate",
          "channels",
          "frames",
          "format",
          "subtype",
          "endian",
          "sections",
          "seekable",
          "closed",
          "name",
          "mode",
        ] as const,
      );
      return {
        src: `${name}.${p}`,
        names: [p, "SoundFile"],
        bad: false,
        run: () => f[p],
      };
    }
    default:
      return {
        src: `${name}[Symbol.dispose]()`,
        names: ["dispose", "close", "SoundFile"],
        bad: false,
        run: () => f[Symbol.dispose](),
      };
  }
}

/** The `./soundfile` entry point's actions. */
export const soundfileActions: Action[] = [
  { name: "sf.functions", weight: 3, make: fileFunctions },
  { name: "sf.open", weight: 1.5, make: newSoundFile },
  { name: "sf.method", weight: 5, make: soundFileMethod },
];
