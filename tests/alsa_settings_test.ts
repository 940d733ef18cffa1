// AlsaSettings on real PortAudio streams, through ALSA's `null` PCM (no sound
// server needed, no pacing). libasound reads its configuration once per
// process, so each check runs in a child with HOME pointed at a temp dir
// holding an .asoundrc that defines the PCM.
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { AlsaSettings, type AlsaSettingsOptions } from "../mod.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;

Deno.test("AlsaSettings refuses unknown and malformed options, naming the nearest valid one", () => {
  const bad = (options: unknown, pattern: RegExp): void =>
    assert.throws(
      () => new AlsaSettings(options as AlsaSettingsOptions),
      (e: unknown) => e instanceof TypeError && pattern.test(e.message),
      String(pattern),
    );
  bad(
    { numPeriod: 4 },
    /unknown option "numPeriod" \(did you mean "numPeriods"\?\)/,
  );
  bad({ realtime_scheduling: true }, /did you mean "realtimeScheduling"\?/);
  bad({ devices: "hw:0" }, /did you mean "device"\?/);
  bad("hw:0", /options must be an object/);
  bad({ device: "hw:0\0x" }, /embedded null byte/);
  bad({ device: 3 }, /AlsaSettings\.device must be a string, got 3/);
  bad({ device: "" }, /non-empty/);
  bad({ numPeriods: 1 }, /from 2 to 1024, got 1/);
  bad({ numPeriods: "4" }, /got "4"/);
  bad({ realtimeScheduling: 1 }, /true or false, got 1/);
  const ok = new AlsaSettings({
    device: "hw:0,0",
    numPeriods: 4,
    realtimeScheduling: true,
  });
  assert.deepEqual(
    [ok.device, ok.numPeriods, ok.realtimeScheduling],
    ["hw:0,0", 4, true],
  );
  assert.equal(new AlsaSettings().realtimeScheduling, false);
});

/** Runs `body` (with `ad` = mod.ts) in a child that knows `pcm.adnull`; returns its stdout. */
async function child(body: string): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "audiodev_alsasettings_" });
  try {
    await Deno.writeTextFile(`${home}/.asoundrc`, "pcm.adnull { type null }\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", `import * as ad from "${MOD}";\n${body}`],
      env: { HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

hwTest(
  "AlsaSettings.numPeriods changes the device buffer, and later streams get PortAudio's default again",
  async () => {
    // writeAvailable of a stream that has not started = its whole buffer.
    const text = await child(`
const open = (numPeriods) => {
  const s = new ad.OutputStream({ samplerate: 48000, channels: 1, blocksize: 256, latency: 0.05,
    extraSettings: new ad.AlsaSettings({ device: "adnull", numPeriods }) });
  const n = s.writeAvailable;
  s.close();
  return n;
};
const before = open(undefined);
const two = open(2);
const eight = open(8);
const after = open(undefined);
console.log(JSON.stringify({ before, two, eight, after }));`);
    const r = JSON.parse(text);
    assert.notEqual(r.two, r.eight, JSON.stringify(r));
    assert.equal(r.after, r.before, `default restored: ${JSON.stringify(r)}`);
    // 256-frame periods: the buffer holds whole periods
    for (const k of ["before", "two", "eight", "after"]) {
      assert.equal(r[k] % 256, 0, `${k}: ${r[k]} frames`);
    }
  },
);

hwTest(
  "AlsaSettings.realtimeScheduling runs the audio thread with SCHED_FIFO (chrt agrees); without it no thread is real-time",
  async () => {
    const text = await child(`
const fifo = () => {
  const tids = [];
  for (const e of Deno.readDirSync("/proc/self/task")) {
    const st = Deno.readTextFileSync("/proc/self/task/" + e.name + "/stat");
    const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
    if (Number(f[38]) === 1) tids.push(Number(e.name)); // field 41: policy (1 = SCHED_FIFO)
  }
  return tids;
};
const result = {};
for (const rt of [false, true]) {
  const s = new ad.OutputStream({ samplerate: 48000, channels: 1, blocksize: 256,
    extraSettings: new ad.AlsaSettings({ device: "adnull", realtimeScheduling: rt }),
    callback: (o) => { o.fill(0); } });
  await s.start();
  await new Promise((r) => setTimeout(r, 200));
  const tids = fifo();
  const chrt = tids.map((t) => new TextDecoder().decode(
    new Deno.Command("chrt", { args: ["-p", String(t)], stdout: "piped" }).outputSync().stdout));
  result[rt] = { tids, chrt };
  await s.close();
}
console.log(JSON.stringify(result));`);
    const r = JSON.parse(text);
    assert.deepEqual(r.false.tids, [], "no real-time thread without it");
    assert.equal(r.true.tids.length, 1, JSON.stringify(r));
    assert.match(r.true.chrt[0], /scheduling policy: SCHED_FIFO/);
  },
);
