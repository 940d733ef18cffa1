// The callback of each stream class: python-sounddevice's arguments, arrays
// typed by dtype, and silence in outdata before the user's code runs, checked
// on the monitor of a private sink.
import assert from "node:assert/strict";
import {
  CallbackFlags,
  type DuplexCallback,
  InputStream,
  OutputStream,
  PaErrorCode,
  PortAudioError,
  RawInputStream,
  RawOutputStream,
  RawStream,
  Stream,
} from "../mod.ts";
import { hardware, hwTest } from "./_hw.ts";
import { recordMonitor, usePrivateSink } from "./realtime_fixtures/monitor.ts";

if (hardware) usePrivateSink("callback");

const SR = 44100;

Deno.test("callback arrays are typed by dtype (compile-time check)", () => {
  // Never called: `deno check` / `deno test` type-check these lines.
  const typed = (): void => {
    new OutputStream({
      callback: (outdata, frames, time, status) => {
        const f: Float32Array = outdata;
        const n: number = frames;
        const t: number = time.outputBufferDacTime;
        const s: CallbackFlags = status;
        void [f, n, t, s];
      },
    });
    new OutputStream({
      dtype: "int16",
      callback: (outdata) => {
        const i: Int16Array = outdata;
        void i;
      },
    });
    new InputStream({
      dtype: "uint8",
      callback: (indata) => {
        const u: Uint8Array = indata;
        void u;
      },
    });
    new Stream({
      dtype: ["int32", "float32"],
      callback: (indata, outdata) => {
        const i: Int32Array = indata;
        const o: Float32Array = outdata;
        void [i, o];
      },
    });
    const cb: DuplexCallback<Uint8Array> = (i, o) => o.set(i);
    new RawStream({ callback: cb });
  };
  assert.equal(typeof typed, "function");
});

/** Runs a callback stream until `calls` callbacks have happened; returns what they saw. */
async function firstArgs(
  make: (record: (...args: unknown[]) => void) => {
    start(): Promise<void>;
    close(): Promise<void>;
  },
): Promise<unknown[]> {
  let seen: unknown[] | null = null;
  let resolve!: () => void;
  const got = new Promise<void>((r) => resolve = r);
  const s = make((...args) => {
    if (seen === null) {
      seen = args.map((a) =>
        ArrayBuffer.isView(a)
          ? `${a.constructor.name}(${(a as Uint8Array).length})`
          : a instanceof CallbackFlags
          ? "CallbackFlags"
          : typeof a === "object" && a !== null
          ? Object.keys(a).sort().join(",")
          : typeof a
      );
      resolve();
    }
  });
  // A running stream does not keep the program alive by itself (as in
  // Python); this timer does while we wait for the first callback.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await s.start();
    await got;
  } finally {
    clearInterval(keepAlive);
  }
  await s.close();
  return seen!;
}

hwTest(
  "each class calls its callback with python-sounddevice's arguments",
  async () => {
    const time = "currentTime,inputBufferAdcTime,outputBufferDacTime";
    const base = {
      device: "pulse",
      samplerate: SR,
      blocksize: 256,
      channels: 2,
    } as const;
    assert.deepEqual(
      await firstArgs((r) => new OutputStream({ ...base, callback: r })),
      ["Float32Array(512)", "number", time, "CallbackFlags"],
    );
    assert.deepEqual(
      await firstArgs((r) => new InputStream({ ...base, callback: r })),
      ["Float32Array(512)", "number", time, "CallbackFlags"],
    );
    assert.deepEqual(
      await firstArgs((r) =>
        new Stream({ ...base, dtype: ["int16", "float32"], callback: r })
      ),
      ["Int16Array(512)", "Float32Array(512)", "number", time, "CallbackFlags"],
    );
    assert.deepEqual(
      await firstArgs((r) =>
        new RawOutputStream({ ...base, dtype: "int24", callback: r })
      ),
      ["Uint8Array(1536)", "number", time, "CallbackFlags"],
    );
    assert.deepEqual(
      await firstArgs((r) =>
        new RawInputStream({ ...base, dtype: "int16", callback: r })
      ),
      ["Uint8Array(1024)", "number", time, "CallbackFlags"],
    );
    assert.deepEqual(
      await firstArgs((r) =>
        new RawStream({ ...base, dtype: "int16", callback: r })
      ),
      [
        "Uint8Array(1024)",
        "Uint8Array(1024)",
        "number",
        time,
        "CallbackFlags",
      ],
    );
  },
);

/** Peak of a monitor recording, 0..1. */
function peak(samples: Int16Array): number {
  let p = 0;
  for (const v of samples) p = Math.max(p, Math.abs(v));
  return p / 32768;
}

/** Plays a stream for `ms` while recording the monitor; returns the recording's peak and the callback count. */
async function playAndMeasure(
  make: (count: () => void) => OutputStream<"float32" | "uint8" | "int16">,
  ms = 1000,
): Promise<{ peak: number; calls: number }> {
  let calls = 0;
  const rec = await recordMonitor();
  const s = make(() => calls++);
  s.addEventListener("error", () => {}); // a planned failure: no print
  await s.start();
  await new Promise((r) => setTimeout(r, ms));
  await s.close();
  await new Promise((r) => setTimeout(r, 200));
  return { peak: peak(await rec.stop()), calls };
}

hwTest(
  "a ported callback that writes nothing plays silence, not PortAudio's buffer memory (float32, int16 and uint8)",
  async () => {
    for (const dtype of ["float32", "int16", "uint8"] as const) {
      const { peak, calls } = await playAndMeasure(
        (count) =>
          new OutputStream<typeof dtype>({
            device: "pulse",
            channels: 2,
            samplerate: SR,
            blocksize: 512,
            dtype,
            // Python code with a loop bound the port got wrong: no sample written.
            callback: () => count(),
          }),
        2500, // past the null sink's start-up stall
      );
      assert.ok(calls > 20, `${dtype}: only ${calls} callbacks ran`);
      assert.equal(peak, 0, `${dtype}: the monitor heard a peak of ${peak}`);
    }
  },
);

hwTest(
  "a block a callback wrote before throwing is not played: it becomes silence",
  async () => {
    let n = 0;
    const { peak, calls } = await playAndMeasure((count) =>
      new OutputStream({
        device: "pulse",
        channels: 1,
        samplerate: SR,
        blocksize: 512,
        callback: (outdata, frames) => {
          count();
          if (++n === 30) {
            outdata.fill(0.9); // half-done work of a failing callback
            throw new Error("planned failure after writing the block");
          }
          for (let i = 0; i < frames; i++) {
            outdata[i] = 0.25 * Math.sin(2 * Math.PI * 441 * i / SR);
          }
        },
      })
    );
    assert.equal(calls, 30);
    // The tone before the failure is heard (0.25), the failed block is not.
    assert.ok(peak > 0.2 && peak < 0.27, `peak ${peak}`);
  },
);

hwTest(
  "prefillSilence: false is accepted and a callback that fills outdata plays as usual",
  async () => {
    const { peak, calls } = await playAndMeasure((count) =>
      new OutputStream({
        device: "pulse",
        channels: 1,
        samplerate: SR,
        blocksize: 512,
        prefillSilence: false,
        callback: (outdata) => {
          count();
          outdata.fill(0.125);
        },
      })
    );
    assert.ok(calls > 20);
    assert.ok(Math.abs(peak - 0.125) < 0.01, `peak ${peak}`);
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => new OutputStream({ prefillSilence: "no" as any }),
      /prefillSilence must be true or false/,
    );
  },
);

hwTest(
  "neverDropInput on an ALSA device is refused before PortAudio is called (PortAudio aborts the process with it)",
  () => {
    for (
      const make of [
        () =>
          new Stream({ device: "pulse", channels: 2, neverDropInput: true }),
        () =>
          new RawStream({
            device: "pulse",
            channels: 32,
            neverDropInput: true,
          }),
      ]
    ) {
      assert.throws(
        make,
        (e: unknown) =>
          e instanceof PortAudioError && e.code === PaErrorCode.paInvalidFlag &&
          /neverDropInput: not available on ALSA device "pulse"/.test(
            e.message,
          ),
      );
    }
  },
);
