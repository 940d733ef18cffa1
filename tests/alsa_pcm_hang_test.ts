// Calls that crashed the process, or never settled, on a PCM: each case
// runs in a child process with a deadline, so an abort or a hang fails the
// test instead of the run. The child prints what each call returned or
// threw; the test checks that, its exit status, and that nothing like a
// crash report reached stderr. Devices: the real `default` PCM (PulseAudio,
// whose plugin is where the old hangs happened) and ALSA's `null` PCM.
import assert from "node:assert/strict";
import { hwTest } from "./_hw.ts";
import { PULSE_ENV } from "./_sinks.ts";
import { analyseTone, recordMonitor } from "./realtime_fixtures/monitor.ts";
import { hardware } from "./_hw.ts";
import { usePrivateSink } from "./realtime_fixtures/monitor.ts";
import { PCM, PCM_NONBLOCK, PCM_NORMAL } from "../alsa.ts";

const ALSA = new URL("../alsa.ts", import.meta.url).href;

/**
 * Runs `body` in a child (with `alsa`, `results`, `outcome(name, p)` and
 * `tryCall(name, f)`), killed after `deadlineMs`; returns what it recorded.
 */
async function child(
  body: string,
  deadlineMs = 20000,
): Promise<Record<string, string>> {
  const home = await Deno.makeTempDir({ prefix: "audiodev_pcmhang_" });
  try {
    await Deno.writeTextFile(`${home}/.asoundrc`, "pcm.adnull { type null }\n");
    const script = `import * as alsa from "${ALSA}";
const results = {};
const show = (e) => (e?.constructor?.name ?? typeof e) + ":" + (e?.message ?? String(e));
const outcome = (name, p) => p.then(
  (v) => { results[name] = "ok:" + String(JSON.stringify(v)).slice(0, 80); },
  (e) => { results[name] = show(e); });
const tryCall = (name, f) => { try { results[name] = "ok:" + String(JSON.stringify(f())).slice(0, 80); } catch (e) { results[name] = show(e); } };
const ms = (t0) => String(Math.round(performance.now() - t0));
${body}
console.log(JSON.stringify(results));`;
    const proc = new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { ...PULSE_ENV, HOME: home },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => proc.kill("SIGKILL"), deadlineMs);
    const out = await proc.output();
    clearTimeout(timer);
    const err = new TextDecoder().decode(out.stderr);
    assert.notEqual(
      out.signal,
      "SIGKILL",
      `the child did not finish within ${deadlineMs} ms (a hang): ${err}`,
    );
    assert.equal(out.code, 0, `exit ${out.code}, signal ${out.signal}: ${err}`);
    assert.doesNotMatch(
      err,
      /corrupt|Segmentation|double free|free\(\)|Aborted|Assertion/i,
    );
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

hwTest(
  "polldescriptorsRevents([]) returns a mask instead of aborting; malformed pairs are TypeErrors as in pyalsaaudio's tests",
  async () => {
    const r = await child(`
for (const dev of ["adnull", "default"]) {
  const pcm = new alsa.PCM({ device: dev });
  tryCall(dev + "_empty", () => pcm.polldescriptorsRevents([]));
  tryCall(dev + "_real", () => typeof pcm.polldescriptorsRevents(pcm.polldescriptors()));
  const bad = { noList: "foo", noTuples: ["foo", 1], strings: [["foo", "bar"]], one: [[1]], three: [[1, 2, 3]], big: [[1, 1e6]] };
  for (const [k, v] of Object.entries(bad)) tryCall(dev + "_" + k, () => pcm.polldescriptorsRevents(v));
  pcm.closeSync();
}`);
    for (const dev of ["adnull", "default"]) {
      // ALSA's answer for no descriptors (the null PCM says EINVAL), not an abort
      assert.match(
        r[`${dev}_empty`],
        /^(ok:\d+|AlsaError:Invalid argument \(snd_pcm_poll_descriptors_revents returned -22\))$/,
      );
      assert.equal(r[`${dev}_real`], 'ok:"number"');
      assert.match(
        r[`${dev}_noList`],
        /^TypeError:.*must be a list of \[fd, revents\] pairs, got "foo"/,
      );
      assert.match(r[`${dev}_noTuples`], /^TypeError:.*\[0\] must be a pair/);
      assert.match(r[`${dev}_strings`], /^TypeError:.*got \["foo", "bar"\]/);
      assert.match(r[`${dev}_one`], /^TypeError:.*got \[1\]$/);
      assert.match(r[`${dev}_three`], /^TypeError:.*got \[1, 2, 3\]$/);
      assert.match(
        r[`${dev}_big`],
        /^RangeError:.*does not fit a struct pollfd/,
      );
    }
  },
);

hwTest(
  "drain() and drainSync() of a running capture PCM stop it at once, keep what was captured for the next read, and close() follows",
  async () => {
    const r = await child(`
for (const how of ["async", "sync"]) {
  const pcm = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 44100, channels: 1, periodsize: 1024 });
  await pcm.read(); await pcm.read();
  await new Promise((r) => setTimeout(r, 60)); // more frames arrive
  const ready = pcm.avail();
  const t0 = performance.now();
  if (how === "async") await outcome("drain_" + how, pcm.drain());
  else tryCall("drain_" + how, () => pcm.drainSync());
  results["drainMs_" + how] = ms(t0);
  results["kept_" + how] = String(ready > 0);
  results["state_" + how] = String(pcm.state());
  const [n] = await pcm.read(); // the kept frames first
  results["firstRead_" + how] = String(n > 0 && n <= 1024);
  let total = n;
  while (total < 4096) { const [m] = await pcm.read(); total += Math.max(0, m); } // started again
  results["readAgain_" + how] = "ok";
  const t1 = performance.now();
  await outcome("close_" + how, pcm.close());
  results["closeMs_" + how] = ms(t1);
}`);
    for (const how of ["async", "sync"]) {
      assert.equal(r[`drain_${how}`], "ok:0");
      assert.ok(
        Number(r[`drainMs_${how}`]) < 100,
        `drain took ${r[`drainMs_${how}`]} ms`,
      );
      assert.equal(r[`kept_${how}`], "true");
      assert.equal(
        r[`state_${how}`],
        "1",
        "PCM_STATE_SETUP after drain(), as pyalsaaudio reports",
      );
      assert.equal(r[`firstRead_${how}`], "true");
      assert.equal(r[`readAgain_${how}`], "ok");
      assert.equal(r[`close_${how}`], "ok:undefined");
      assert.ok(
        Number(r[`closeMs_${how}`]) < 400,
        `close took ${r[`closeMs_${how}`]} ms`,
      );
    }
  },
);

hwTest(
  "pause(true) while write() waits for room: close() resumes, plays out and settles with the write; pause(false) lets a waiting write go on",
  async () => {
    const r = await child(`
{
  const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
  const w = outcome("write", pcm.write(new Uint8Array(44100 * 4))); // 1 s: waits for room
  await new Promise((r) => setTimeout(r, 300));
  tryCall("pause", () => pcm.pause(true));
  results.paused = String(pcm.state() === alsa.PCM_STATE_PAUSED);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  await outcome("close", pcm.close());
  results.closeMs = ms(t0);
  await w;
}
{
  const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
  let settled = false;
  const w = outcome("write2", pcm.write(new Uint8Array(44100 * 2)).finally(() => { settled = true; }));
  await new Promise((r) => setTimeout(r, 100));
  pcm.pause(true);
  await new Promise((r) => setTimeout(r, 600));
  results.waitedWhilePaused = String(!settled);
  pcm.pause(false);
  await w;
  await outcome("close2", pcm.close());
}
{
  const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
  const w = outcome("write3", pcm.write(new Uint8Array(44100 * 4)));
  await new Promise((r) => setTimeout(r, 200));
  pcm.pause(true);
  const t0 = performance.now();
  pcm.closeSync();
  await w;
  results.closeSyncMs = ms(t0);
}
{
  const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
  const w = outcome("write4", pcm.write(new Uint8Array(44100 * 2)));
  await new Promise((r) => setTimeout(r, 100));
  pcm.pause(true);
  const t0 = performance.now();
  await outcome("drain4", pcm.drain()); // resumes: the queued write goes on
  results.drainMs = ms(t0);
  await w;
  await pcm.close();
}`);
    assert.equal(r.pause, "ok:0");
    assert.equal(r.paused, "true");
    assert.equal(r.write, "ok:44100");
    assert.equal(r.close, "ok:undefined");
    // the rest of the second plays out after the resume (0.3 s played before)
    assert.ok(
      Number(r.closeMs) > 300 && Number(r.closeMs) < 2500,
      `close took ${r.closeMs} ms`,
    );
    assert.equal(r.waitedWhilePaused, "true");
    assert.equal(r.write2, "ok:22050");
    assert.equal(r.close2, "ok:undefined");
    assert.equal(r.write3, "AlsaError:PCM closed during write()");
    assert.ok(
      Number(r.closeSyncMs) < 1000,
      `closeSync took ${r.closeSyncMs} ms`,
    );
    assert.equal(r.write4, "ok:22050");
    assert.equal(r.drain4, "ok:0");
    assert.ok(Number(r.drainMs) < 2500, `drain took ${r.drainMs} ms`);
  },
);

hwTest(
  "deprecated setters refuse garbage before ALSA, reconfigure with good values, and are refused while a write is in flight",
  async () => {
    const r = await child(`
const pcm = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
for (const [name, arg] of [["setrate", "S16_LE"], ["setrate", 1.5], ["setrate", 0], ["setchannels", NaN], ["setchannels", "2"], ["setperiodsize", {}], ["setperiodsize", -5], ["setformat", 10n], ["setformat", "S17_LE"]]) {
  tryCall(name + "(" + (typeof arg === "bigint" ? arg + "n" : JSON.stringify(arg) ?? String(arg)) + ")", () => pcm[name](arg));
}
results.rateAfter = String(pcm.rate);
tryCall("setrate48k", () => pcm.setrate(48000));
tryCall("setchannels1", () => pcm.setchannels(1));
tryCall("setperiodsize512", () => pcm.setperiodsize(512));
const w = outcome("write", pcm.write(new Uint8Array(48000 * 2))); // 1 s of mono: in flight
await new Promise((r) => setTimeout(r, 100));
tryCall("busy", () => pcm.setrate(22050));
await w;
const t0 = performance.now();
await outcome("close", pcm.close());
results.closeMs = ms(t0);`);
    assert.match(
      r['setrate("S16_LE")'],
      /^TypeError:setrate\(rate\) must be an integer, got "S16_LE"/,
    );
    assert.match(
      r["setrate(1.5)"],
      /^RangeError:setrate\(rate\): 1.5 is not a positive integer/,
    );
    assert.match(r["setrate(0)"], /^RangeError:/);
    assert.match(
      r["setchannels(null)"],
      /^RangeError:setchannels\(nchannels\): NaN/,
    );
    assert.match(r['setchannels("2")'], /^TypeError:/);
    assert.match(
      r["setperiodsize({})"],
      /^TypeError:setperiodsize\(period\) must be an integer, got an object/,
    );
    assert.match(r["setperiodsize(-5)"], /^RangeError:/);
    assert.match(
      r["setformat(10n)"],
      /^TypeError:format: unknown sample format 10n/,
    );
    assert.match(
      r['setformat("S17_LE")'],
      /^TypeError:format: unknown sample format "S17_LE"/,
    );
    assert.equal(r.rateAfter, "44100");
    assert.equal(r.setrate48k, "ok:48000");
    assert.equal(r.setchannels1, "ok:1");
    assert.match(r.setperiodsize512, /^ok:\d+$/);
    assert.match(r.busy, /^AlsaError:setrate\(\) cannot run while a write/);
    // all of it, or less when an underrun under load cut it short
    assert.match(r.write, /^ok:\d+$/);
    assert.ok(
      Number(r.write.slice(3)) > 0 && Number(r.write.slice(3)) <= 48000,
    );
    assert.equal(r.close, "ok:undefined");
    assert.ok(Number(r.closeMs) < 1500, `close took ${r.closeMs} ms`);
  },
);

hwTest(
  "after a capture drain, a paused in-flight write and refused setters, synchronous calls on the pulse plugin still return",
  async () => {
    const r = await child(
      `
{
  const cap = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 44100, channels: 1, periodsize: 1024 });
  await cap.read();
  await cap.drain();
  await cap.close();
  const pb = new alsa.PCM({ device: "default", periodsize: 1024 });
  const w = pb.write(new Uint8Array(44100 * 4)).catch(() => {});
  await new Promise((r) => setTimeout(r, 200));
  pb.pause(true);
  try { pb.setrate("S16_LE"); } catch {}
  await pb.close();
  await w;
}
const t0 = performance.now();
for (let i = 0; i < 3; i++) {
  const p = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
  tryCall("writeSync" + i, () => p.writeSync(new Uint8Array(4096)));
  tryCall("closeSync" + i, () => p.closeSync());
  const c = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 44100, channels: 1, periodsize: 1024 });
  tryCall("readSync" + i, () => c.readSync()[0]);
  tryCall("drainSync" + i, () => c.drainSync());
  tryCall("closeSyncCapture" + i, () => c.closeSync());
}
results.syncMs = ms(t0);`,
      30000,
    );
    for (let i = 0; i < 3; i++) {
      assert.equal(r[`writeSync${i}`], "ok:1024");
      assert.equal(r[`closeSync${i}`], "ok:undefined");
      assert.equal(r[`readSync${i}`], "ok:1024");
      assert.equal(r[`drainSync${i}`], "ok:0");
      assert.equal(r[`closeSyncCapture${i}`], "ok:undefined");
    }
    assert.ok(
      Number(r.syncMs) < 10000,
      `the synchronous calls took ${r.syncMs} ms`,
    );
  },
);

hwTest(
  "a NUL byte in a PCM or card name is a TypeError; bad argument types name the argument; pyalsaaudio's ALSAAudioError cases pass instanceof AlsaError",
  async () => {
    const r = await child(`
tryCall("nulDevice", () => new alsa.PCM({ device: "default\\0x" }));
tryCall("nulCard", () => new alsa.PCM({ card: "x\\0y" }));
tryCall("deviceNumber", () => new alsa.PCM({ device: 5 }));
tryCall("rateBig", () => new alsa.PCM({ rate: 10n }));
tryCall("unknownKey", () => new alsa.PCM({ rat: 44100 }));
tryCall("typeOut", () => new alsa.PCM(7));
tryCall("modeOut", () => new alsa.PCM(0, 9));
tryCall("cardindex", () => new alsa.PCM({ cardindex: 40 }));
tryCall("pcmsBad", () => alsa.pcms(3));
tryCall("cardNameBad", () => alsa.cardName("0"));
const pcm = new alsa.PCM({ device: "adnull", channels: 2 });
tryCall("partial", () => pcm.writeSync(new Uint8Array(3)));
tryCall("notBytes", () => pcm.writeSync("abc"));
tryCall("pauseBad", () => pcm.pause("yes"));
await outcome("waitBad", pcm.wait(Symbol("x")));
const gone = new Int16Array(8);
structuredClone(gone.buffer, { transfer: [gone.buffer] });
tryCall("detached", () => { pcm.write(gone); });
tryCall("pauseInfinity", () => pcm.pause(Infinity));
tryCall("availMinNull", () => pcm.setAvailMin(null));
tryCall("checkAlsaSymbol", () => alsa.checkAlsa(Symbol("c"), "snd_pcm_open"));
tryCall("checkAlsaNaN", () => alsa.checkAlsa(NaN, "snd_pcm_open"));
tryCall("strerrorNull", () => alsa.alsaStrerror(null));
tryCall("tstampBad", () => pcm.setTstampMode(5));
for (const k of ["typeOut", "modeOut", "cardindex", "pcmsBad", "partial"]) results["isAlsa_" + k] = "pending";
for (const [k, f] of [["typeOut", () => new alsa.PCM(7)], ["modeOut", () => new alsa.PCM(0, 9)], ["cardindex", () => new alsa.PCM({ cardindex: 40 })], ["pcmsBad", () => alsa.pcms(3)], ["partial", () => pcm.writeSync(new Uint8Array(3))]]) {
  try { f(); results["isAlsa_" + k] = "no error"; } catch (e) { results["isAlsa_" + k] = String(e instanceof alsa.AlsaError) + "/" + String(e instanceof RangeError || e instanceof TypeError); }
}
pcm.closeSync();`);
    assert.match(r.nulDevice, /^TypeError:PCM\(device\): embedded null byte/);
    assert.match(r.nulCard, /^TypeError:PCM\(card\): embedded null byte/);
    assert.match(
      r.deviceNumber,
      /^TypeError:PCM\(device\) must be a string, got 5/,
    );
    assert.match(r.rateBig, /^TypeError:rate must be an integer, got 10n/);
    assert.match(
      r.unknownKey,
      /^TypeError:PCM: unknown option "rat" \(did you mean "rate"\?\)/,
    );
    assert.match(r.typeOut, /^AlsaRangeError:PCM: PCM type must be/);
    assert.match(r.modeOut, /^AlsaRangeError:PCM: invalid PCM mode 9/);
    assert.match(r.cardindex, /^AlsaRangeError:PCM: invalid card number 40/);
    assert.match(r.pcmsBad, /^AlsaRangeError:pcms: PCM type must be/);
    assert.match(
      r.cardNameBad,
      /^TypeError:cardName\(index\) must be an integer, got "0"/,
    );
    assert.match(
      r.partial,
      /^AlsaRangeError:writeSync: 3 bytes is not a whole number of frames of 4 bytes/,
    );
    assert.match(
      r.notBytes,
      /^TypeError:writeSync: data must be bytes.*got "abc"/,
    );
    assert.match(
      r.pauseBad,
      /^TypeError:pause\(enable\) must be true\/false or 1\/0, got "yes"/,
    );
    assert.match(r.waitBad, /^TypeError:wait\(timeoutMs\) must be a number/);
    assert.match(
      r.detached,
      /^TypeError:write: a detached Int16Array: its buffer was transferred/,
    );
    assert.match(
      r.pauseInfinity,
      /^TypeError:pause\(enable\) must be true\/false or 1\/0, got Infinity/,
    );
    assert.match(
      r.availMinNull,
      /^TypeError:availMin must be a number of frames, got null/,
    );
    assert.match(
      r.checkAlsaSymbol,
      /^TypeError:checkAlsa\(code\) must be a libasound return value/,
    );
    assert.match(
      r.checkAlsaNaN,
      /^TypeError:checkAlsa\(code, call\) needs an integer code/,
    );
    assert.match(
      r.strerrorNull,
      /^TypeError:alsaStrerror\(code\) must be an integer error code/,
    );
    assert.match(r.tstampBad, /^RangeError:setTstampMode\(mode\): 5/);
    for (const k of ["typeOut", "modeOut", "cardindex", "pcmsBad", "partial"]) {
      assert.equal(r[`isAlsa_${k}`], "true/true", k);
    }
  },
);

hwTest(
  "poll() waits on a capture PCM's descriptors and returns [fd, revents] that polldescriptorsRevents() turns into POLLIN; bad pairs are TypeErrors",
  async () => {
    const r = await child(`
const pcm = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 44100, channels: 1, periodsize: 1024 });
pcm.readInto(new Uint8Array(2)); // starts the capture
let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const t0 = performance.now();
let mask = 0;
for (let i = 0; i < 20 && !(mask & alsa.POLLIN); i++) {
  const ready = await alsa.poll(pcm.polldescriptors(), 1000);
  if (ready.length > 0) mask = pcm.polldescriptorsRevents(ready);
}
results.ms = ms(t0);
clearInterval(timer);
results.pollin = String((mask & alsa.POLLIN) !== 0);
results.avail = String(pcm.avail() >= 1024);
await outcome("bad", alsa.poll([[1]]));
await outcome("badTimeout", alsa.poll(pcm.polldescriptors(), "soon"));
pcm.closeSync();`);
    assert.equal(r.pollin, "true");
    assert.equal(r.avail, "true");
    assert.ok(Number(r.ms) < 5000, `${r.ms} ms`);
    assert.match(
      r.bad,
      /^TypeError:poll\(descriptors\)\[0\] must be a pair \[fd, events\] of integers, got \[1\]/,
    );
    assert.match(r.badTimeout, /^TypeError:poll\(timeoutMs\) must be a number/);
  },
);

hwTest(
  "readSync()/writeSync() on a paused PCM that would have to wait throw instead of blocking the thread for good; the async forms wait for pause(false)",
  async () => {
    const r = await child(`
const cap = new alsa.PCM({ type: alsa.PCM_CAPTURE, device: "default", rate: 44100, channels: 1, periodsize: 1024 });
await cap.read();
cap.pause(true);
cap.readInto(new Uint8Array(1 << 20)); // take what is there
tryCall("readSync", () => cap.readSync()[0]);
let settled = false;
const reading = cap.read().then(([n]) => { settled = true; return n; });
await new Promise((r) => setTimeout(r, 300));
results.readWaited = String(!settled);
cap.pause(false);
results.readAfterResume = String(await reading);
await cap.close();
const pb = new alsa.PCM({ device: "default", rate: 44100, channels: 2, periodsize: 1024 });
await pb.write(new Uint8Array(44100)); // fills the buffer, starts it
pb.pause(true);
tryCall("writeSyncFull", () => pb.writeSync(new Uint8Array(44100 * 4)));
await pb.close();`);
    assert.match(
      r.readSync,
      /^AlsaError:readSync\(\) on a paused PCM would wait for ever/,
    );
    assert.equal(r.readWaited, "true");
    assert.equal(r.readAfterResume, "1024");
    assert.match(
      r.writeSyncFull,
      /^AlsaError:writeSync\(\) on a paused PCM would wait for ever/,
    );
  },
);

// ---- close() plays out what was written, in every mode (the monitor measures it)

if (hardware) usePrivateSink("alsa_hang");

/** Writes `tone` in `mode` the way a program of that mode does, then closes. */
async function playAndClose(mode: number, sync: boolean): Promise<number> {
  const rec = await recordMonitor();
  const pcm = new PCM({
    mode: mode as typeof PCM_NORMAL,
    channels: 1,
    rate: 44100,
    periodsize: 1024,
  });
  const tone = Int16Array.from(
    { length: 44100 },
    (_, i) => Math.round(12000 * Math.sin(2 * Math.PI * 440 * i / 44100)),
  );
  let done = 0;
  while (done < tone.length) {
    const n = await pcm.write(tone.subarray(done));
    if (n > 0) done += n;
    else await pcm.wait(100); // nonblock: full
  }
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  const t0 = performance.now();
  if (sync) pcm.closeSync();
  else await pcm.close();
  const closeMs = performance.now() - t0;
  clearInterval(timer);
  if (!sync && closeMs > 200) {
    // the event loop ran while close() drained
    assert.ok(ticks >= closeMs / 20 / 3, `${ticks} ticks in ${closeMs} ms`);
  }
  await new Promise((r) => setTimeout(r, 300));
  return analyseTone(await rec.stop()).duration;
}

for (
  const [name, mode, sync] of [
    ["nonblock close()", PCM_NONBLOCK, false],
    ["nonblock closeSync()", PCM_NONBLOCK, true],
    ["normal close()", PCM_NORMAL, false],
  ] as const
) {
  hwTest(
    `${name} plays out everything written: a 1 s tone lasts 1 s on the monitor`,
    async () => {
      const duration = await playAndClose(mode, sync);
      // lost frames shorten it; an underrun under load may stretch it
      assert.ok(
        duration > 0.98 && duration < 1.5,
        `the tone lasted ${duration.toFixed(3)} s`,
      );
    },
  );
}
