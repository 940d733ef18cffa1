// deno-lint-ignore-file no-explicit-any
/**
 * Volume unit conversions, checked against C's `rint` (compiled from the
 * same formula pyalsaaudio uses) and for the percent round trip.
 */

import assert from "node:assert/strict";
import {
  AlsaError,
  MIXER_CHANNEL_ALL,
  type MixerEvent,
  percentToRaw,
  rawToPercent,
  sameMixerState,
  unitsValue,
  VOLUME_UNITS_DB,
  VOLUME_UNITS_PERCENTAGE,
  VOLUME_UNITS_RAW,
} from "../mixer/mod.ts";
import { runC } from "./_c.ts";

const RANGES: [number, number][] = [
  [0, 65536],
  [0, 31],
  [0, 100],
  [0, 255],
  [-10, 10],
  [-9999, 0],
  [3, 1000],
  [0, 1],
  [5, 5],
];

Deno.test("rawToPercent/percentToRaw agree with C's rint on pyalsaaudio's formula", async () => {
  // The oracle: the C compiler's rint() with the arithmetic done in double.
  const lines = await runC(
    ["math.h"],
    `long r[][2] = {${RANGES.map(([a, b]) => `{${a},${b}}`).join(",")}};
     for (int k = 0; k < ${RANGES.length}; k++) {
       long min = r[k][0], max = r[k][1]; int range = max - min;
       for (long v = min; v <= max && v <= min + 2000; v++)
         printf("p %ld %ld %ld %d\\n", min, max, v,
                range == 0 ? 0 : (int)rint((double)(v - min) / (double)range * 100));
       for (int p = 0; p <= 100; p++)
         printf("r %ld %ld %d %ld\\n", min, max, p,
                range == 0 ? 0 : (long)((int)rint((double)range * ((double)p * .01)) + min));
     }`,
    ["-lm"],
  );
  let checked = 0;
  for (const line of lines) {
    const [kind, min, max, x, want] = line.split(" ");
    const got = kind === "p"
      ? rawToPercent(+min, +max, +x)
      : percentToRaw(+min, +max, +x);
    assert.equal(got, +want, `${kind} min=${min} max=${max} x=${x}`);
    checked++;
  }
  assert.ok(checked > 3000, `checked ${checked} values`);
});

Deno.test("percent round-trips through raw for every 0..100 when the range has >= 100 steps", () => {
  for (const [min, max] of RANGES.filter(([a, b]) => b - a >= 100)) {
    for (let p = 0; p <= 100; p++) {
      assert.equal(
        rawToPercent(min, max, percentToRaw(min, max, p)),
        p,
        `${min}..${max} ${p}%`,
      );
    }
  }
});

Deno.test("rawToPercent rounds half to even like rint", () => {
  // 0..200: raw 1 is exactly 0.5 %, raw 3 is 1.5 %
  assert.equal(rawToPercent(0, 200, 1), 0);
  assert.equal(rawToPercent(0, 200, 3), 2);
  assert.equal(rawToPercent(0, 200, 5), 2);
});

Deno.test("unitsValue accepts names and pyalsaaudio's constants, refuses others", () => {
  assert.equal(unitsValue("percent"), VOLUME_UNITS_PERCENTAGE);
  assert.equal(unitsValue("raw"), VOLUME_UNITS_RAW);
  assert.equal(unitsValue("dB"), VOLUME_UNITS_DB);
  assert.equal(unitsValue(VOLUME_UNITS_DB), VOLUME_UNITS_DB);
  assert.deepEqual(
    [
      VOLUME_UNITS_PERCENTAGE,
      VOLUME_UNITS_RAW,
      VOLUME_UNITS_DB,
      MIXER_CHANNEL_ALL,
    ],
    [0, 1, 2, -1],
  );
  assert.throws(() => unitsValue("db" as any), TypeError);
  assert.throws(() => unitsValue(3 as any), /units must be/);
});

Deno.test("raw round-trips through percent for every raw value when the range has <= 100 steps", () => {
  for (let steps = 1; steps <= 100; steps++) {
    for (const min of [0, -steps, 7]) {
      const max = min + steps;
      for (let raw = min; raw <= max; raw++) {
        assert.equal(
          percentToRaw(min, max, rawToPercent(min, max, raw)),
          raw,
          `${min}..${max} raw ${raw}`,
        );
      }
    }
  }
});

Deno.test("the conversions and sameMixerState refuse what is not a number or an event, naming the argument", () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => percentToRaw(0, 100, NaN),
      /percentToRaw\(\): percent must be a finite number, got NaN/,
    ],
    [
      () => percentToRaw("1" as any, 65536, 0),
      /percentToRaw\(\): min must be a finite number, got "1"/,
    ],
    [
      () => percentToRaw(null as any, 100, 5),
      /min must be a finite number, got null/,
    ],
    [
      () => rawToPercent(0, Infinity, 5),
      /rawToPercent\(\): max must be a finite number, got Infinity/,
    ],
    [
      () => rawToPercent(0, 100, undefined as any),
      /value must be a finite number, got undefined/,
    ],
  ];
  for (const [call, re] of cases) {
    assert.throws(
      call,
      (e: unknown) =>
        e instanceof TypeError && e instanceof AlsaError &&
        re.test((e as Error).message),
    );
  }
  const ev: MixerEvent = {
    control: "Master",
    id: 0,
    playbackVolume: [1],
    captureVolume: null,
    volume: [0],
    mute: null,
    rec: null,
    enumItem: null,
  };
  assert.throws(
    () => sameMixerState(ev, null as any),
    /sameMixerState\(\): b must be a MixerEvent .*got null/,
  );
  assert.throws(() => sameMixerState(5 as any, ev), /a must be a MixerEvent/);
});
