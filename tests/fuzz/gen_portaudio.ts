/**
 * Call generators for the PortAudio entry point (`mod.ts`): queries,
 * defaults, convenience functions, every stream class with random options
 * and calls in random order, WorkerStream, the async I/O helpers, the shared
 * ring buffer, getChannel/setChannel. Devices: only `pulse`/`default`, which
 * play into the run's private sink.
 *
 * @module
 */
import * as pa from "../../mod.ts";
import type { Rng } from "./prng.ts";
import {
  type Action,
  type Call,
  type Ctx,
  isPausedPcm,
  slot,
  strNames,
} from "./context.ts";
import {
  type Arg,
  bad,
  bool,
  good,
  lit,
  num,
  options,
  samples,
  type SampleType,
  str,
} from "./values.ts";

const DEVICES = ["pulse", "default"];
/**
 * Settings a stream takes from `defaults` when not given: an error about one
 * of them names an argument even when this call did not pass it.
 */
const DEFAULTED = [
  "device",
  "channels",
  "dtype",
  "latency",
  "samplerate",
  "blocksize",
  "extraSettings",
  "defaults",
];
const NO_DEVICES = ["no such device", "virt_nonexistent", "pulse pulse", "999"];

function device(r: Rng): Arg {
  if (r.chance(0.8)) return good(r.pick(DEVICES));
  if (r.chance(0.5)) {
    return num(r, [999], { int: true, min: 0, max: 0, p: 1, nullable: true });
  }
  return str(r, DEVICES, NO_DEVICES, { nullable: true, p: 1 });
}

function pair(r: Rng, one: (r: Rng) => Arg): Arg {
  if (!r.chance(0.25)) return one(r);
  const a = one(r);
  const b = r.chance(0.2) ? good(null) : one(r);
  return { v: [a.v, b.v], src: `[${a.src}, ${b.src}]`, bad: a.bad || b.bad };
}

const samplerate = (r: Rng): Arg =>
  num(r, [8000, 16000, 44100, 48000], {
    min: 1000,
    max: 384000,
    nullable: true,
  });
const channels = (r: Rng): Arg =>
  num(r, [1, 2], { int: true, min: 1, max: 32, nullable: true });
const blocksize = (r: Rng): Arg =>
  num(r, [0, 64, 256, 1024], {
    int: true,
    min: 0,
    max: 1 << 20,
    nullable: true,
  });
const dtype = (raw: boolean) => (r: Rng): Arg =>
  str(
    r,
    raw
      ? ["float32", "int16", "int32", "int24", "int8", "uint8"]
      : ["float32", "int16", "int32", "int8", "uint8"],
    ["float64", "int64", "Float32", "f4"],
    { nullable: true, alsoGood: raw ? [] : [] },
  );
const latency = (r: Rng): Arg =>
  r.chance(0.75)
    ? good(r.pick(["low", "high", 0.05]))
    : r.chance(0.5)
    ? str(r, ["low"], ["medium", "LOW"], { nullable: true, p: 1 })
    : num(r, [0.1], { min: 0, nullable: true, p: 1 });

function extraSettings(r: Rng): Arg {
  if (r.chance(0.7)) {
    const n = r.pick([2, 4, 8]);
    return good(
      new pa.AlsaSettings({ numPeriods: n }),
      `new AlsaSettings({ numPeriods: ${n} })`,
    );
  }
  return r.pick([
    bad({ hostApi: "ALSA" }, `{ hostApi: "ALSA" }`),
    bad({ hostApi: "JACK" }, `{ hostApi: "JACK" }`),
    bad(5),
    good(null),
  ]);
}

/**
 * Silence into every sample buffer among the arguments: the argument list
 * depends on the stream's direction, so the buffers are found by type.
 * With `past`, writes also go 4 samples past each buffer's end (typed
 * arrays ignore them).
 */
function silence(args: unknown[], past = 0): void {
  for (const a of args) {
    if (!ArrayBuffer.isView(a)) continue;
    const t = a as Uint8Array;
    for (let j = 0; j < t.length + past; j++) t[j] = 0;
  }
}

/** Callback behaviours, as source and function. */
function callback(r: Rng): { fn: (...args: unknown[]) => void; src: string } {
  let calls = 0;
  const k = r.int(1, 20);
  switch (r.int(0, 6)) {
    case 0:
      return {
        fn: () => {
          throw new Error("fuzz callback error");
        },
        src: `() => { throw new Error("fuzz callback error"); }`,
      };
    case 1:
      return {
        fn: () => {
          if (++calls >= k) throw undefined;
        },
        src: `() => { if (++calls >= ${k}) throw undefined; }`,
      };
    case 2:
      return {
        fn: (...a) => {
          silence(a);
          if (++calls >= k) throw new pa.CallbackStop();
        },
        src:
          `(...a) => { silence(a); if (++calls >= ${k}) throw new CallbackStop(); }`,
      };
    case 3:
      return {
        fn: (...a) => {
          silence(a);
          if (++calls >= k) throw new pa.CallbackAbort();
        },
        src:
          `(...a) => { silence(a); if (++calls >= ${k}) throw new CallbackAbort(); }`,
      };
    case 4:
      return {
        fn: (...a) => silence(a, 4),
        src: `(...a) => silence(a, 4) /* writes past the end too */`,
      };
    default:
      return { fn: (...a) => silence(a), src: `(...a) => silence(a)` };
  }
}

type StreamCls =
  | "Stream"
  | "InputStream"
  | "OutputStream"
  | "RawStream"
  | "RawInputStream"
  | "RawOutputStream";
const STREAM_CLASSES: StreamCls[] = [
  "Stream",
  "InputStream",
  "OutputStream",
  "RawStream",
  "RawInputStream",
  "RawOutputStream",
];

/** Bytes per sample of a dtype. */
function sampleBytes(d: string): number {
  return d === "float32" || d === "int32"
    ? 4
    : d === "int24"
    ? 3
    : d === "int16"
    ? 2
    : 1;
}

function typedFor(d: string): SampleType {
  switch (d) {
    case "int16":
      return Int16Array;
    case "int32":
      return Int32Array;
    case "int8":
      return Int8Array;
    case "uint8":
      return Uint8Array;
    default:
      return Float32Array;
  }
}

/** What a stream slot remembers. */
interface StreamInfo {
  cls: StreamCls;
  raw: boolean;
  input: boolean;
  output: boolean;
  rate: number;
  inCh: number;
  outCh: number;
  inType: string;
  outType: string;
  callback: boolean;
}

function describeStream(s: pa.BaseStream, cls: StreamCls): StreamInfo {
  const ch = s.channels;
  const dt = s.dtype;
  const input = cls === "Stream" || cls === "RawStream" ||
    cls.includes("Input");
  const output = cls === "Stream" || cls === "RawStream" ||
    cls.includes("Output");
  const [inCh, outCh] = Array.isArray(ch) ? ch : [ch, ch];
  const [inType, outType] = Array.isArray(dt) ? dt : [dt, dt];
  return {
    cls,
    raw: cls.startsWith("Raw"),
    input,
    output,
    rate: s.samplerate,
    inCh: inCh as number,
    outCh: outCh as number,
    inType: inType as string,
    outType: outType as string,
    callback: s.hasCallback,
  };
}

function newStream(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const existing = ctx.pools.get("stream", i);
  if (existing && r.chance(0.8)) return closeStream(ctx, r, i);
  const cls = r.pick(STREAM_CLASSES);
  const raw = cls.startsWith("Raw");
  const duplex = cls === "Stream" || cls === "RawStream";
  const cb = r.chance(0.35) ? callback(r) : null;
  const spec = {
    device: duplex ? (r: Rng) => pair(r, device) : device,
    channels: duplex ? (r: Rng) => pair(r, channels) : channels,
    dtype: duplex ? (r: Rng) => pair(r, dtype(raw)) : dtype(raw),
    samplerate,
    blocksize,
    latency: duplex ? (r: Rng) => pair(r, latency) : latency,
    extraSettings: duplex ? (r: Rng) => pair(r, extraSettings) : extraSettings,
    clipOff: (r: Rng) => bool(r),
    ditherOff: (r: Rng) => bool(r),
    neverDropInput: (r: Rng) => bool(r),
    primeOutputBuffersUsingStreamCallback: (r: Rng) => bool(r),
    finishedCallback: (r: Rng) =>
      r.chance(0.8) ? good(() => {}, "() => {}") : bad("not a function"),
  };
  const o = options(r, spec, ["device"]);
  let src = o.src;
  if (cb && typeof o.v === "object" && o.v !== null) {
    (o.v as Record<string, unknown>).callback = cb.fn;
    src = src === "{}"
      ? `{ callback: ${cb.src} }`
      : src.replace(/ }$/, `, callback: ${cb.src} }`);
  }
  const C = pa[cls] as unknown as new (o: unknown) => pa.BaseStream;
  return {
    src: `stream[${i}] = new ${cls}(${src})`,
    names: [
      cls,
      ...DEFAULTED,
      ...o.keys,
      ...strNames((o.v as { device?: unknown })?.device),
    ],
    bad: o.bad,
    run: () => new C(o.v),
    done: (s) =>
      ctx.pools.put("stream", i, s, {
        ...describeStream(s as pa.BaseStream, cls),
      }),
  };
}

function streamAt(
  ctx: Ctx,
  r: Rng,
): [number, pa.BaseStream, StreamInfo] | null {
  const i = slot(r);
  const s = ctx.pools.get("stream", i);
  if (!s) return null;
  return [i, s.obj as pa.BaseStream, s.info as unknown as StreamInfo];
}

function closeOpts(r: Rng): Arg {
  if (r.chance(0.5)) return good(undefined, "");
  return options(r, { ignoreErrors: (r) => bool(r) });
}

function closeStream(ctx: Ctx, r: Rng, i = slot(r)): Call | null {
  const s = ctx.pools.get("stream", i);
  if (!s) return null;
  const st = s.obj as pa.BaseStream;
  const o = closeOpts(r);
  return {
    src: `stream[${i}].close(${o.src})`,
    names: ["close", ...((o as { keys?: string[] }).keys ?? [])],
    bad: o.bad,
    run: () => st.close(o.v as pa.CloseOptions),
  };
}

function streamMethod(ctx: Ctx, r: Rng): Call | null {
  const got = streamAt(ctx, r);
  if (!got) return null;
  const [i, s, info] = got;
  const name = `stream[${i}]`;
  const m = r.weighted(
    [
      "start",
      "stop",
      "abort",
      "close",
      "read",
      "write",
      "tryWriteNow",
      "props",
      "dispose",
    ] as const,
    (m) =>
      ({
        start: 4,
        stop: 3,
        abort: 2,
        close: 1,
        read: 4,
        write: 6,
        tryWriteNow: 1,
        props: 3,
        dispose: 0.5,
      })[m],
  );
  switch (m) {
    case "start":
    case "stop":
    case "abort": {
      const o = m === "start" ? good(undefined, "") : closeOpts(r);
      return {
        src: `${name}.${m}(${o.src})`,
        names: [m, info.cls],
        bad: o.bad,
        run: () => (s[m] as (o?: unknown) => Promise<void>).call(s, o.v),
      };
    }
    case "close":
      return closeStream(ctx, r, i);
    case "dispose":
      return {
        src: `await ${name}[Symbol.asyncDispose]()`,
        names: ["dispose", "close", info.cls],
        bad: false,
        run: () => s[Symbol.asyncDispose](),
      };
    case "read": {
      const max = Math.max(1, Math.floor(info.rate * 0.1));
      const f = num(r, [r.int(0, max), 64, 1], {
        int: true,
        min: 0,
        max: 1 << 24,
      });
      // A huge valid count would wait minutes for real: keep it invalid only.
      if (
        typeof f.v === "number" && f.v > max && Number.isInteger(f.v) &&
        f.v < 1e15
      ) {
        f.v = max;
        f.bad = false;
      }
      f.src = lit(f.v);
      const rd =
        (s as unknown as { read?: (n: unknown) => Promise<unknown> }).read;
      if (!rd) return null;
      return {
        src: `${name}.read(${f.src})`,
        names: ["read", info.cls, "frames"],
        bad: f.bad,
        run: () => rd.call(s, f.v),
      };
    }
    case "write":
    case "tryWriteNow": {
      const frames = r.int(0, Math.max(1, Math.floor(info.rate * 0.05)));
      const ch = info.outCh > 0 ? info.outCh : 1;
      const data = info.raw
        ? samples(r, frames * ch * sampleBytes(info.outType), {
          // any view is bytes to a raw stream
          types: [Uint8Array, Int16Array, Float32Array, Int8Array],
        })
        : samples(r, frames * ch, {
          types: [typedFor(info.outType)],
          multiple: ch,
        });
      const w =
        (s as unknown as { write?: (d: unknown) => Promise<unknown> }).write;
      if (m === "tryWriteNow") {
        const av = num(r, [frames, 0, 1024], { int: true, min: 0 });
        return {
          src: `${name}.tryWriteNow(${data.src}, ${av.src})`,
          names: ["tryWriteNow", info.cls, "data", "available"],
          bad: data.bad || av.bad,
          run: () => s.tryWriteNow(data.v as ArrayBufferView, av.v as number),
        };
      }
      if (!w) return null;
      return {
        src: `${name}.write(${data.src})`,
        names: ["write", info.cls, "data"],
        bad: data.bad,
        run: () => w.call(s, data.v),
      };
    }
    default: {
      const props = [
        "closed",
        "active",
        "stopped",
        "cpuLoad",
        "time",
        "latency",
        "samplerate",
        "blocksize",
        "channels",
        "dtype",
        "samplesize",
        "device",
        "readAvailable",
        "writeAvailable",
        "callbackError",
        "hasCallback",
        "unsafeHandle",
      ] as const;
      const p = r.pick(props);
      return {
        src: `${name}.${p}`,
        names: [p, info.cls],
        bad: false,
        run: () => (s as unknown as Record<string, unknown>)[p],
      };
    }
  }
}

function queries(_ctx: Ctx, r: Rng): Call | null {
  switch (r.int(0, 13)) {
    case 0: {
      const d = r.chance(0.3) ? good(undefined, "") : device(r);
      const k = r.chance(0.6)
        ? good(undefined, "")
        : str(r, ["input", "output"], ["in", "both"]);
      return {
        src: `queryDevices(${d.src}${k.src ? ", " + k.src : ""})`,
        names: ["queryDevices", "device", "kind", ...strNames(d.v, k.v)],
        bad: d.bad || k.bad,
        run: () => (pa.queryDevices as (...a: unknown[]) => unknown)(d.v, k.v),
      };
    }
    case 1: {
      const ix = r.chance(0.5)
        ? good(undefined, "")
        : num(r, [0], { int: true, min: 0, max: 0 });
      return {
        src: `queryHostapis(${ix.src})`,
        names: ["queryHostapis", "index"],
        bad: ix.bad,
        run: () => (pa.queryHostapis as (i?: unknown) => unknown)(ix.v),
      };
    }
    case 2: {
      const d = device(r);
      const k = str(r, ["input", "output"], ["in", "both"], { nullable: true });
      return {
        src: `selectDevice(${d.src}, ${k.src})`,
        names: ["selectDevice", "device", "kind", ...strNames(d.v, k.v)],
        bad: d.bad || k.bad,
        run: () => pa.selectDevice(d.v as pa.DeviceSpec, k.v as pa.DeviceKind),
      };
    }
    case 3: {
      const q = str(r, ["pulse", "default", "pul se"], ["zzz", "esl up"]);
      const cands: Arg = r.chance(0.7)
        ? good(
          [{ index: 0, name: "pulse", hostapiName: "ALSA" }],
          `[{ index: 0, name: "pulse", hostapiName: "ALSA" }]`,
        )
        : r.pick([
          bad(5),
          bad("pulse"),
          good([]),
          bad([null], "[null]"),
          bad(undefined),
        ]);
      return {
        src: `matchDeviceQuery(${q.src}, ${cands.src})`,
        names: ["matchDeviceQuery", "query", "candidates", ...strNames(q.v)],
        bad: q.bad || cands.bad,
        run: () =>
          pa.matchDeviceQuery(q.v as string, cands.v as pa.DeviceCandidate[]),
      };
    }
    case 4: {
      const k = str(r, ["input", "output"], ["in", "both"]);
      return {
        src: `defaultDeviceIndex(${k.src})`,
        names: ["defaultDeviceIndex", "kind", ...strNames(k.v)],
        bad: k.bad,
        run: () => pa.defaultDeviceIndex(k.v as pa.DeviceKind),
      };
    }
    case 5:
      return {
        src: `defaultHostapi()`,
        names: ["defaultHostapi"],
        bad: false,
        run: () => pa.defaultHostapi(),
      };
    case 6:
      return {
        src: `getPortAudioVersion()`,
        names: ["getPortAudioVersion"],
        bad: false,
        run: () => pa.getPortAudioVersion(),
      };
    case 7:
      return {
        src: `isAvailable()`,
        names: ["isAvailable"],
        bad: false,
        run: () => pa.isAvailable(),
      };
    case 8: {
      const t = num(r, [0, 8, 1], { int: true, min: 0 });
      return {
        src: `hostApiTypeName(${t.src})`,
        names: ["hostApiTypeName", "type"],
        bad: t.bad,
        run: () => pa.hostApiTypeName(t.v as number),
      };
    }
    case 9: {
      const c = num(r, [-9996, 0, -10000], { int: true });
      return {
        src: `paErrorName(${c.src})`,
        names: ["paErrorName", "code"],
        bad: c.bad,
        run: () => pa.paErrorName(c.v as number),
      };
    }
    case 10:
    case 11: {
      const which = r.chance(0.5)
        ? "checkInputSettings"
        : "checkOutputSettings";
      const o = options(r, {
        device,
        channels,
        dtype: dtype(true),
        samplerate,
        extraSettings,
      });
      return {
        src: `${which}(${o.src})`,
        names: [
          which,
          ...DEFAULTED,
          ...o.keys,
          ...strNames((o.v as { device?: unknown })?.device),
        ],
        bad: o.bad,
        run: () => pa[which](o.v as pa.CheckSettingsOptions),
      };
    }
    case 12: {
      const f = num(r, [0, 1, 0x10, 0x1f], { int: true, min: 0 });
      return {
        src: `new CallbackFlags(${f.src}).toString()`,
        names: ["CallbackFlags", "flags"],
        bad: f.bad,
        run: () => new pa.CallbackFlags(f.v as number).toString(),
      };
    }
    default: {
      const o = options(r, {
        numPeriods: (r) => num(r, [2, 4], { int: true, min: 2 }),
        realtimeScheduling: (r) => bool(r),
      });
      return {
        src: `new AlsaSettings(${o.src})`,
        names: ["AlsaSettings", ...o.keys],
        bad: o.bad,
        run: () => new pa.AlsaSettings(o.v as Record<string, never>),
      };
    }
  }
}

function defaultsCall(_ctx: Ctx, r: Rng): Call | null {
  const keys = [
    "device",
    "channels",
    "dtype",
    "latency",
    "samplerate",
    "blocksize",
    "clipOff",
    "ditherOff",
    "neverDropInput",
    "extraSettings",
    "reset",
  ] as const;
  const k = r.pick(keys);
  if (k === "reset") {
    return {
      src: `defaults.reset()`,
      names: ["reset"],
      bad: false,
      run: () => pa.defaults.reset(),
    };
  }
  const draw: Record<string, (r: Rng) => Arg> = {
    device: (r) => pair(r, device),
    channels: (r) => pair(r, channels),
    dtype: (r) => pair(r, dtype(true)),
    latency: (r) => pair(r, latency),
    samplerate,
    blocksize,
    clipOff: (r) => bool(r),
    ditherOff: (r) => bool(r),
    neverDropInput: (r) => bool(r),
    extraSettings: (r) => pair(r, extraSettings),
  };
  const v = draw[k](r);
  return {
    src: `defaults.${k} = ${v.src}`,
    names: [k, "defaults", ...strNames(v.v)],
    bad: v.bad,
    run: () => {
      (pa.defaults as unknown as Record<string, unknown>)[k] = v.v;
    },
  };
}

function audioData(r: Rng, frames: number, ch: number): Arg {
  if (r.chance(0.2)) {
    const parts = Array.from(
      { length: ch },
      () => samples(r, frames, { types: [Float32Array, Float64Array], p: 0.1 }),
    );
    return {
      v: parts.map((p) => p.v),
      src: `[${parts.map((p) => p.src).join(", ")}]`,
      bad: parts.some((p) => p.bad),
    };
  }
  return samples(r, frames * ch, {
    types: [
      Float32Array,
      Float64Array,
      Int16Array,
      Int32Array,
      Int8Array,
      Uint8Array,
    ],
    multiple: ch,
  });
}

function convenience(ctx: Ctx, r: Rng): Call | null {
  const rate = r.pick([8000, 44100, 48000]);
  const frames = r.int(0, Math.floor(rate * 0.1));
  const ch = r.pick([1, 2]);
  const mapping = (r: Rng): Arg =>
    r.chance(0.7)
      ? good(ch === 1 ? [1] : [1, 2])
      : r.pick([bad([0]), bad([33]), good(1), bad([]), bad("1"), bad([1.5])]);
  const base = {
    device,
    blocksize,
    latency,
    extraSettings,
    clipOff: (r: Rng) => bool(r),
    ditherOff: (r: Rng) => bool(r),
  };
  const looping = ctx as unknown as { convLoop?: boolean };
  switch (r.int(0, 7)) {
    case 0:
    case 1: {
      const data = audioData(r, frames, ch);
      const o = options(r, {
        ...base,
        samplerate: (r) => num(r, [rate], { min: 1000, max: 384000 }),
        channels: (r) => num(r, [ch], { int: true, min: 1, max: 32 }),
        mapping,
        blocking: (r) => bool(r),
        loop: (r) => bool(r, 0.05),
      }, ["samplerate"]);
      const ov = o.v as Record<string, unknown> | null;
      // A looping blocking play never returns, as in Python: not drawn
      // (truthy non-booleans block too).
      const loops = !!(ov && typeof ov === "object" && ov.loop);
      if (loops && ov!.blocking) ov!.blocking = false;
      return {
        src: `play(${data.src}, ${
          loops ? o.src.replace(/blocking: [^,}]+/, "blocking: false") : o.src
        })`,
        names: [
          "play",
          ...DEFAULTED,
          "OutputStream",
          "InputStream",
          "data",
          "channels",
          "mapping",
          ...o.keys,
          ...strNames(ov?.device),
        ],
        bad: data.bad || o.bad,
        mustAwait: true,
        run: () => pa.play(data.v as pa.AudioData, o.v as pa.PlayOptions),
        done: () => {
          looping.convLoop = loops;
        },
      };
    }
    case 2:
    case 3: {
      const f = num(r, [frames], { int: true, min: 0, max: rate });
      if (
        typeof f.v === "number" && f.v > rate && Number.isInteger(f.v) &&
        f.v < 1e15
      ) {
        f.v = rate / 10;
        f.bad = false;
      }
      f.src = lit(f.v);
      const o = options(r, {
        ...base,
        samplerate: (r) => num(r, [rate], { min: 1000, max: 384000 }),
        channels: (r) => num(r, [ch], { int: true, min: 1, max: 32 }),
        dtype: (r) =>
          str(r, ["float32", "int16", "float64", "int32"], ["int24", "f8"]),
        mapping,
        blocking: (r) => bool(r),
      }, ["samplerate"]);
      return {
        src: `rec(${f.src}, ${o.src})`,
        names: [
          "rec",
          ...DEFAULTED,
          "OutputStream",
          "InputStream",
          "frames",
          "channels",
          "mapping",
          ...o.keys,
          ...strNames((o.v as { device?: unknown })?.device),
        ],
        bad: f.bad || o.bad,
        mustAwait: true,
        run: () => pa.rec(f.v as number, o.v as pa.RecOptions),
        done: () => {
          looping.convLoop = false;
        },
      };
    }
    case 4: {
      const data = audioData(r, frames, ch);
      const o = options(r, {
        ...base,
        samplerate: (r) => num(r, [rate], { min: 1000, max: 384000 }),
        channels: (r) => num(r, [ch], { int: true, min: 1, max: 32 }),
        dtype: (r) => str(r, ["float32", "int16"], ["int24"]),
        inputMapping: mapping,
        outputMapping: mapping,
        blocking: (r) => bool(r),
      }, ["samplerate"]);
      return {
        src: `playrec(${data.src}, ${o.src})`,
        names: [
          "playrec",
          ...DEFAULTED,
          "OutputStream",
          "InputStream",
          "data",
          "channels",
          "inputMapping",
          "outputMapping",
          ...o.keys,
        ],
        bad: data.bad || o.bad,
        mustAwait: true,
        run: () => pa.playrec(data.v as pa.AudioData, o.v as pa.PlayrecOptions),
        done: () => {
          looping.convLoop = false;
        },
      };
    }
    case 5: {
      if (looping.convLoop) return null; // wait() on a looping play waits for stop(), as in Python
      const ig = r.chance(0.7) ? good(undefined, "") : bool(r);
      return {
        src: `wait(${ig.src})`,
        names: ["wait", "ignoreErrors", "stream", ...DEFAULTED],
        bad: ig.bad,
        run: () => pa.wait(ig.v as boolean),
      };
    }
    case 6: {
      const ig = r.chance(0.7) ? good(undefined, "") : bool(r);
      return {
        src: `stop(${ig.src})`,
        names: ["stop", "ignoreErrors", "stream", ...DEFAULTED],
        bad: ig.bad,
        run: () => pa.stop(ig.v as boolean),
        done: () => {
          looping.convLoop = false;
        },
      };
    }
    default: {
      const f = r.pick(["getStatus", "getStream"] as const);
      // Python's message before any play/rec: "play()/rec()/playrec() was not called yet"
      return {
        src: `${f}()`,
        names: [f, "play()"],
        bad: false,
        run: () => pa[f](),
      };
    }
  }
}

function channelCopy(_ctx: Ctx, r: Rng): Call | null {
  const chs = num(r, [1, 2, 3], { int: true, min: 1 });
  const n = typeof chs.v === "number" && Number.isFinite(chs.v) && chs.v > 0 &&
      chs.v < 10
    ? chs.v
    : 2;
  const data = samples(r, 8 * n, {
    types: [Float32Array, Int16Array, Int32Array, Int8Array, Uint8Array],
  });
  const c = num(r, [0, n - 1], { int: true, min: 0, max: n - 1 });
  if (r.chance(0.5)) {
    const out = r.chance(0.7)
      ? good(undefined, "")
      : samples(r, r.pick([1, 8]));
    return {
      src: `getChannel(${data.src}, ${chs.src}, ${c.src}${
        out.src ? ", " + out.src : ""
      })`,
      names: ["getChannel", "data", "channels", "channel", "out"],
      bad: data.bad || chs.bad || c.bad || out.bad,
      run: () =>
        pa.getChannel(
          data.v as Float32Array,
          chs.v as number,
          c.v as number,
          out.v as Float32Array,
        ),
    };
  }
  const src = r.chance(0.5) ? num(r, [0.5], {}) : samples(r, 8);
  return {
    src: `setChannel(${data.src}, ${chs.src}, ${c.src}, ${src.src})`,
    names: ["setChannel", "data", "channels", "channel", "src"],
    bad: data.bad || chs.bad || c.bad || src.bad,
    run: () =>
      pa.setChannel(
        data.v as Float32Array,
        chs.v as number,
        c.v as number,
        src.v as number,
      ),
  };
}

// ---- WorkerStream ----------------------------------------------------------

interface WorkerInfo {
  names?: string[];
  kind: string;
  rate: number;
  inCh: number;
  outCh: number;
  dtype: string;
}

function newWorker(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const existing = ctx.pools.get("worker", i);
  if (existing && r.chance(0.8)) return workerClose(ctx, i);
  const mode = r.pick([
    "ok",
    "ok",
    "ok",
    "throw",
    "throwUndefined",
    "stopAfter",
  ]);
  const modSrc = r.chance(0.25)
    ? good(undefined, "undefined")
    : r.chance(0.9)
    ? good(ctx.workerModule, `new URL("./worker_fixture.ts", import.meta.url)`)
    : r.pick([
      bad(
        new URL("./no_such_worker.ts", ctx.workerModule),
        `new URL("./no_such_worker.ts", import.meta.url)`,
      ),
      bad(5),
      bad(`${ctx.workerModule.href}\0junk`),
    ]);
  const o = options(r, {
    kind: (r) => str(r, ["output", "input", "duplex"], ["sideways", "Output"]),
    samplerate: (r) => num(r, [8000, 44100, 48000], { min: 1000, max: 384000 }),
    blocksize: (r) => num(r, [0, 64, 256], { int: true, min: 0, max: 1 << 20 }),
    device: (r) => r.chance(0.85) ? good("pulse") : device(r),
    channels: (r) => num(r, [1, 2], { int: true, min: 1, max: 32 }),
    dtype: (r) =>
      str(r, ["float32", "int16", "int32", "int8", "uint8"], [
        "float64",
        "int24",
      ]),
    latency,
    ringFrames: (r) =>
      num(r, [1024, 4096], { int: true, min: 1, max: 1 << 24 }),
    extra: (r) => r.chance(0.8) ? good({}) : bad(5),
  }, ["device"]);
  const ov = o.v;
  if (ov && typeof ov === "object" && !Array.isArray(ov)) {
    Object.assign(ov, {
      module: modSrc.v,
      workerData: { mode, k: r.int(1, 30) },
    });
  }
  const src = o.src === "{}" ? "{ }" : o.src;
  return {
    src: `worker[${i}] = new WorkerStream(${
      src.replace(
        /^\{ ?/,
        `{ module: ${modSrc.src}, workerData: { mode: "${mode}" }, `,
      )
    })`,
    names: [
      "WorkerStream",
      "module",
      ...strNames(String(modSrc.v)),
      ...DEFAULTED,
      ...o.keys,
    ],
    bad: o.bad || modSrc.bad,
    run: () => new pa.WorkerStream(ov as pa.WorkerStreamOptions),
    done: (w) => {
      // Its getters need `ready`: take the shape from the options given.
      const oo = (ov ?? {}) as Record<string, unknown>;
      const kind = typeof oo.kind === "string" ? oo.kind : "output";
      // (The harness sizes its buffers by this rate: a hostile 2^32 Hz
      // would have it build gigantic arrays itself.)
      const rate = typeof oo.samplerate === "number" && oo.samplerate > 0
        ? Math.min(oo.samplerate, 384000)
        : 48000;
      const c = oo.channels;
      const [inCh, outCh] = Array.isArray(c) ? c : [c, c];
      const d = typeof oo.dtype === "string" ? oo.dtype : "float32";
      ctx.pools.put(
        "worker",
        i,
        w,
        {
          kind,
          rate,
          inCh: typeof inCh === "number" && inCh > 0 && inCh < 64 ? inCh : 1,
          outCh: typeof outCh === "number" && outCh > 0 && outCh < 64
            ? outCh
            : 1,
          dtype: d,
          // errors the worker reports later name these options
          names: [
            ...DEFAULTED,
            "module",
            "kind",
            "ringFrames",
            ...strNames(String(modSrc.v)),
          ],
        } satisfies WorkerInfo,
      );
    },
  };
}

function workerClose(ctx: Ctx, i: number): Call | null {
  const s = ctx.pools.get("worker", i);
  if (!s) return null;
  const w = s.obj as pa.WorkerStream;
  return {
    src: `worker[${i}].close()`,
    names: ["close", "WorkerStream"],
    bad: false,
    run: () => w.close(),
  };
}

function workerMethod(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("worker", i);
  if (!s) return null;
  const w = s.obj as pa.WorkerStream;
  const info = s.info as unknown as WorkerInfo;
  const name = `worker[${i}]`;
  const wn = info.names ?? [];
  const m = r.weighted(
    [
      "ready",
      "start",
      "stop",
      "abort",
      "close",
      "write",
      "read",
      "endpoint",
      "props",
      "dispose",
    ] as const,
    (m) =>
      ({
        ready: 2,
        start: 4,
        stop: 3,
        abort: 2,
        close: 1,
        write: 4,
        read: 4,
        endpoint: 1,
        props: 2,
        dispose: 0.5,
      })[m],
  );
  switch (m) {
    case "ready":
      return {
        src: `${name}.ready`,
        names: [...wn, "ready", "WorkerStream"],
        bad: false,
        run: () => w.ready,
      };
    case "start":
    case "stop":
    case "abort":
      return {
        src: `${name}.${m}()`,
        names: [...wn, m, "WorkerStream"],
        bad: false,
        run: () => w[m](),
      };
    case "close":
      return workerClose(ctx, i);
    case "dispose":
      return {
        src: `${name}[Symbol.asyncDispose]()`,
        names: [...wn, "dispose", "close", "WorkerStream"],
        bad: false,
        run: () => w[Symbol.asyncDispose](),
      };
    case "write": {
      const frames = r.int(0, Math.floor(info.rate * 0.05));
      const ch = info.outCh || 1;
      const data = samples(r, frames * ch, {
        types: [typedFor(info.dtype)],
        multiple: ch,
      });
      return {
        src: `${name}.write(${data.src})`,
        names: [...wn, "write", "WorkerStream", "data"],
        bad: data.bad,
        run: () => w.write(data.v as Float32Array),
      };
    }
    case "read": {
      const max = Math.floor(info.rate * 0.05);
      const f = num(r, [r.int(0, max)], { int: true, min: 0, max: 1 << 24 });
      if (
        typeof f.v === "number" && Number.isInteger(f.v) && f.v > max &&
        f.v < 1e15
      ) {
        f.v = max;
        f.bad = false;
      }
      f.src = lit(f.v);
      return {
        src: `${name}.read(${f.src})`,
        names: [...wn, "read", "WorkerStream", "frames"],
        bad: f.bad,
        run: () => w.read(f.v as number),
      };
    }
    case "endpoint": {
      const d = str(r, ["read", "write"], ["both", "in"]);
      return {
        src: `${name}.endpoint(${d.src})`,
        names: [
          ...wn,
          "endpoint",
          "WorkerStream",
          "direction",
          ...strNames(d.v),
        ],
        bad: d.bad,
        run: () => w.endpoint(d.v as "read"),
      };
    }
    default: {
      const p = r.pick(
        [
          "info",
          "samplerate",
          "channels",
          "status",
          "active",
          "closed",
          "callbackError",
        ] as const,
      );
      return {
        src: `${name}.${p}`,
        names: [...wn, p, "WorkerStream"],
        bad: false,
        run: () => w[p],
      };
    }
  }
}

// ---- async I/O helpers -----------------------------------------------------

/** An I/O target: a stream, worker or PCM slot, or something hostile. */
function ioTarget(
  ctx: Ctx,
  r: Rng,
  dir: "read" | "write",
): { a: Arg; rate: number; ch: number; type: string; cls?: string } | null {
  const kinds = ["stream", "worker", "pcm"];
  const kind = r.pick(kinds);
  const i = slot(r);
  const s = ctx.pools.get(kind, i);
  if (!s || r.chance(0.08)) {
    const h = r.pick([
      bad({}),
      bad(null),
      bad(5),
      bad(
        { samplerate: 1, channels: 1, closed: false },
        "{ samplerate: 1, channels: 1, closed: false }",
      ),
    ]);
    return { a: h, rate: 8000, ch: 1, type: "float32" };
  }
  const info = s.info as Record<string, unknown>;
  let rate = 8000, ch = 1, type = "float32";
  if (kind === "stream") {
    const si = info as unknown as StreamInfo;
    rate = si.rate;
    ch = dir === "read" ? si.inCh : si.outCh;
    type = dir === "read" ? si.inType : si.outType;
    if (si.raw) type = "raw:" + type;
  } else if (kind === "worker") {
    const wi = info as unknown as WorkerInfo;
    rate = wi.rate;
    ch = (dir === "read" ? wi.inCh : wi.outCh) || 1;
    type = wi.dtype;
  } else {
    rate = (info.rate as number) ?? 8000;
    ch = (info.channels as number) ?? 1;
    type = "pcm:" + ((info.framesize as number) ?? 4);
  }
  const cls = (s.obj as object)?.constructor?.name ?? kind;
  return { a: good(s.obj, `${kind}[${i}]`), rate, ch, type, cls };
}

function ioBuffer(r: Rng, frames: number, ch: number, type: string): Arg {
  if (type.startsWith("raw:")) {
    return samples(r, frames * ch * sampleBytes(type.slice(4)), {
      types: [Uint8Array],
    });
  }
  if (type.startsWith("pcm:")) {
    const fs = Number(type.slice(4)) || 4;
    return samples(r, frames * fs, { types: undefined });
  }
  return samples(r, frames * Math.max(1, ch), {
    types: [typedFor(type)],
    multiple: ch,
  });
}

function signalArg(r: Rng): Arg {
  if (r.chance(0.6)) return good(undefined, "");
  return r.pick([
    good(AbortSignal.timeout(200), "AbortSignal.timeout(200)"),
    good(AbortSignal.abort(), "AbortSignal.abort()"),
    bad("abort"),
    bad({ aborted: false }, "{ aborted: false }"),
  ]);
}

/** I/O helper calls; those on a paused PCM may rightly wait for its resume. */
function ioCall(ctx: Ctx, r: Rng): Call | null {
  const call = ioCallOn(ctx, r);
  if (call && call.src.includes("pcm[") && ctx.pools) {
    const m = /pcm\[(\d+)\]/.exec(call.src);
    const s = m ? ctx.pools.get("pcm", Number(m[1])) : undefined;
    if (s && isPausedPcm(s.obj)) call.mayWait = true;
  }
  return call;
}

function ioCallOn(ctx: Ctx, r: Rng): Call | null {
  const which = r.pick(
    [
      "writeAll",
      "writeAll",
      "readFull",
      "readFull",
      "inputBlocks",
      "captureStream",
      "playbackStream",
      "flush",
      "takeXruns",
      "toEndpoint",
    ] as const,
  );
  const dir =
    which === "writeAll" || which === "playbackStream" || which === "flush"
      ? "write"
      : "read";
  const t = ioTarget(ctx, r, dir);
  if (!t) return null;
  const frames = r.int(0, Math.max(1, Math.floor(t.rate * 0.05)));
  const tn = t.cls ? [t.cls] : [];
  switch (which) {
    case "writeAll": {
      const data = ioBuffer(r, frames, t.ch, t.type);
      const sig = signalArg(r);
      const wake = r.chance(0.8)
        ? good(undefined)
        : num(r, [64], { int: true, min: 0 });
      const o: Record<string, unknown> = {};
      if (sig.v !== undefined) o.signal = sig.v;
      if (wake.v !== undefined) o.wakeFrames = wake.v;
      const os = [
        sig.src && `signal: ${sig.src}`,
        wake.v !== undefined && `wakeFrames: ${wake.src}`,
      ].filter(Boolean);
      return {
        src: `writeAll(${t.a.src}, ${data.src}${
          os.length ? `, { ${os.join(", ")} }` : ""
        })`,
        names: [...tn, "writeAll", "target", "data", "signal", "wakeFrames"],
        bad: t.a.bad || data.bad || sig.bad || wake.bad,
        run: () => pa.writeAll(t.a.v as pa.IoTarget, data.v as Float32Array, o),
      };
    }
    case "readFull": {
      const dst = ioBuffer(r, frames, t.ch, t.type);
      const sig = signalArg(r);
      return {
        src: `readFull(${t.a.src}, ${dst.src}${
          sig.src ? `, { signal: ${sig.src} }` : ""
        })`,
        names: [...tn, "readFull", "target", "dst", "signal"],
        bad: t.a.bad || dst.bad || sig.bad,
        run: () =>
          pa.readFull(
            t.a.v as pa.IoTarget,
            dst.v as Float32Array,
            sig.v ? { signal: sig.v as AbortSignal } : {},
          ),
      };
    }
    case "inputBlocks": {
      const bs = num(r, [Math.max(1, frames)], {
        int: true,
        min: 1,
        max: 1 << 20,
        nullable: true,
      });
      if (
        typeof bs.v === "number" && Number.isInteger(bs.v) && bs.v > t.rate &&
        bs.v < 1e15
      ) {
        bs.v = Math.floor(t.rate / 10);
        bs.bad = false;
      }
      bs.src = lit(bs.v);
      const n = r.int(1, 3);
      const reuse = bool(r, 0.05);
      return {
        src:
          `for await (const b of inputBlocks(${t.a.src}, { blocksize: ${bs.src}, reuse: ${reuse.src} })) if (++k >= ${n}) break`,
        names: [...tn, "inputBlocks", "target", "blocksize", "reuse"],
        bad: t.a.bad || bs.bad || reuse.bad,
        run: async () => {
          let k = 0;
          for await (
            const _b of pa.inputBlocks(t.a.v as pa.IoTarget, {
              blocksize: bs.v as number,
              reuse: reuse.v as boolean,
            })
          ) {
            if (++k >= n) break;
          }
          return k;
        },
      };
    }
    case "captureStream": {
      const bs = num(r, [Math.max(1, frames)], {
        int: true,
        min: 1,
        max: t.rate,
        nullable: true,
      });
      if (
        typeof bs.v === "number" && Number.isInteger(bs.v) && bs.v > t.rate &&
        bs.v < 1e15
      ) {
        bs.v = Math.floor(t.rate / 10);
        bs.bad = false;
      }
      bs.src = lit(bs.v);
      const n = r.int(1, 3);
      return {
        src:
          `{ const rd = captureStream(${t.a.src}, { blocksize: ${bs.src} }).getReader(); for (let k = 0; k < ${n}; k++) await rd.read(); await rd.cancel(); }`,
        names: [...tn, "captureStream", "target", "blocksize"],
        bad: t.a.bad || bs.bad,
        run: async () => {
          const rd = pa.captureStream(t.a.v as pa.IoTarget, {
            blocksize: bs.v as number,
          }).getReader();
          try {
            for (let k = 0; k < n; k++) {
              const { done } = await rd.read();
              if (done) break;
            }
          } finally {
            await rd.cancel();
          }
        },
      };
    }
    case "playbackStream": {
      const data = ioBuffer(r, frames, t.ch, t.type);
      return {
        src:
          `{ const w = playbackStream(${t.a.src}).getWriter(); await w.write(${data.src}); await w.close(); }`,
        names: [...tn, "playbackStream", "target", "data", "write"],
        bad: t.a.bad || data.bad,
        run: async () => {
          const w = pa.playbackStream(t.a.v as pa.IoTarget, {}).getWriter();
          await w.write(data.v as Float32Array);
          await w.close();
        },
      };
    }
    case "flush":
      return {
        src: `flush(${t.a.src})`,
        names: [...tn, "flush", "target"],
        bad: t.a.bad,
        run: () => pa.flush(t.a.v as pa.IoTarget),
      };
    case "takeXruns":
      return {
        src: `takeXruns(${t.a.src})`,
        names: [...tn, "takeXruns", "stream"],
        bad: t.a.bad,
        run: () => pa.takeXruns(t.a.v as object),
      };
    default: {
      const d = str(r, ["read", "write"], ["both"]);
      return {
        src: `toEndpoint(${t.a.src}, ${d.src})`,
        names: [...tn, "toEndpoint", "target", "direction", ...strNames(d.v)],
        bad: t.a.bad || d.bad,
        run: () => pa.toEndpoint(t.a.v as pa.IoTarget, d.v as "read"),
      };
    }
  }
}

// ---- SharedRingBuffer ------------------------------------------------------

function ringCall(ctx: Ctx, r: Rng): Call | null {
  const i = slot(r);
  const s = ctx.pools.get("ring", i);
  if (!s || r.chance(0.15)) {
    const o = options(r, {
      frames: (r) => num(r, [64, 1024], { int: true, min: 1, max: 1 << 24 }),
      channels: (r) => num(r, [1, 2], { int: true, min: 1, max: 64 }),
      dtype: (r) =>
        str(r, ["float32", "int16", "int32", "int8", "uint8"], ["float64"]),
    }, ["frames"]);
    return {
      src: `ring[${i}] = SharedRingBuffer.create(${o.src})`,
      names: ["SharedRingBuffer", "create", ...o.keys],
      bad: o.bad,
      run: () => pa.SharedRingBuffer.create(o.v as pa.SharedRingBufferOptions),
      done: (ring) => {
        const rb = ring as pa.SharedRingBuffer;
        ctx.pools.put("ring", i, rb, { ch: rb.channels, dtype: rb.dtype });
      },
    };
  }
  const ring = s.obj as pa.SharedRingBuffer;
  const ch = s.info.ch as number;
  const T = typedFor(s.info.dtype as string);
  const name = `ring[${i}]`;
  switch (r.int(0, 7)) {
    case 0: {
      const d = samples(r, r.int(0, 64) * ch, { types: [T], multiple: ch });
      return {
        src: `${name}.write(${d.src})`,
        names: ["write", "SharedRingBuffer", "src"],
        bad: d.bad,
        run: () => ring.write(d.v as Float32Array),
      };
    }
    case 1: {
      const d = samples(r, r.int(0, 64) * ch, { types: [T], multiple: ch });
      return {
        src: `${name}.read(${d.src})`,
        names: ["read", "SharedRingBuffer", "dst"],
        bad: d.bad,
        run: () => ring.read(d.v as Float32Array),
      };
    }
    case 2:
    case 3: {
      const m = r.pick(["waitReadable", "waitWritable"] as const);
      const f = num(r, [1, 64], { int: true, min: 0 });
      const t = r.chance(0.8)
        ? good(r.pick([0, 50, 200]))
        : r.pick([bad(NaN), bad(-1), bad("10"), bad(10n)]);
      return {
        src: `${name}.${m}(${f.src}, ${t.src})`,
        names: [m, "SharedRingBuffer", "frames", "timeoutMs"],
        bad: f.bad || t.bad,
        run: () => ring[m](f.v as number, t.v as number),
      };
    }
    case 4:
      return {
        src: `${name}.close()`,
        names: ["close", "SharedRingBuffer"],
        bad: false,
        run: () => ring.close(),
      };
    case 5: {
      if (!ring.closed) return null; // writeAll/readFull wait for the other side, as documented
      const m = r.pick(["writeAll", "readFull"] as const);
      const d = samples(r, 16 * ch, { types: [T], multiple: ch });
      return {
        src: `${name}.${m}(${d.src})`,
        names: [m, "SharedRingBuffer"],
        bad: d.bad,
        run: () => ring[m](d.v as Float32Array),
      };
    }
    case 6: {
      const init = r.chance(0.7)
        ? good(ring.shared, `${name}.shared`)
        : r.pick([
          bad({}),
          bad(null),
          bad(
            { ...ring.shared, capacity: -1 },
            `{ ...${name}.shared, capacity: -1 }`,
          ),
          bad(
            { ...ring.shared, dtype: "float64" },
            `{ ...${name}.shared, dtype: "float64" }`,
          ),
          bad(
            { ...ring.shared, channels: 1e9 },
            `{ ...${name}.shared, channels: 1e9 }`,
          ),
        ]);
      return {
        src: `SharedRingBuffer.from(${init.src})`,
        names: [
          "SharedRingBuffer",
          "from",
          "init",
          "header",
          "capacity",
          "dtype",
          "channels",
        ],
        bad: init.bad,
        run: () => pa.SharedRingBuffer.from(init.v as pa.SharedRingBufferInit),
      };
    }
    default: {
      const p = r.pick(
        [
          "capacity",
          "channels",
          "dtype",
          "closed",
          "availableRead",
          "availableWrite",
        ] as const,
      );
      return {
        src: `${name}.${p}`,
        names: [p],
        bad: false,
        run: () => ring[p],
      };
    }
  }
}

function lifecycle(_ctx: Ctx, r: Rng): Call | null {
  switch (r.int(0, 3)) {
    case 0:
      return {
        src: `isInitialized()`,
        names: ["isInitialized"],
        bad: false,
        run: () => pa.isInitialized(),
      };
    case 1:
      return {
        src: `initialize()`,
        names: ["initialize"],
        bad: false,
        run: () => pa.initialize(),
      };
    default: {
      const o = options(r, { closeStreams: (r) => bool(r) });
      const f = r.pick(["reinitialize", "terminate"] as const);
      return {
        src: `${f}(${o.src})`,
        names: [f, "terminate", ...o.keys],
        bad: o.bad,
        mustAwait: true,
        run: () => pa[f](o.v as pa.TerminateOptions),
      };
    }
  }
}

/** The PortAudio entry point's actions. */
export const portaudioActions: Action[] = [
  { name: "pa.queries", weight: 4, make: queries },
  { name: "pa.defaults", weight: 1.5, make: defaultsCall },
  { name: "pa.convenience", weight: 3, make: convenience },
  { name: "pa.newStream", weight: 3, make: newStream },
  { name: "pa.stream", weight: 16, make: streamMethod },
  { name: "pa.channel", weight: 1.5, make: channelCopy },
  { name: "pa.newWorker", weight: 1.2, make: newWorker },
  { name: "pa.worker", weight: 5, make: workerMethod },
  { name: "pa.io", weight: 5, make: ioCall },
  { name: "pa.ring", weight: 2, make: ringCall },
  { name: "pa.lifecycle", weight: 0.3, make: lifecycle },
];
