/**
 * ALSA errors as `AlsaError`, and ALSA's own error printing kept off stderr.
 * Each case runs in a subprocess, so stderr can be inspected; aplay, which
 * lets libasound print, is the oracle for what ALSA would have written.
 */

import assert from "node:assert/strict";
import { AlsaError, AlsaRangeError, AlsaTypeError } from "../alsa.ts";

const ALSA_TS = new URL("../alsa.ts", import.meta.url).href;

const PROBE = `
import { AlsaError, PCM } from ${JSON.stringify(ALSA_TS)};
try {
  new PCM({ device: "audiodev-no-such-pcm" });
  console.log("opened");
} catch (e) {
  if (!(e instanceof AlsaError)) throw e;
  console.log(JSON.stringify({ code: e.code, call: e.call, message: e.message }));
}
`;

async function probe(
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", PROBE],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return {
    code: out.code,
    stdout: d.decode(out.stdout),
    stderr: d.decode(out.stderr),
  };
}

async function aplayError(): Promise<string> {
  const out = await new Deno.Command("aplay", {
    args: ["-D", "audiodev-no-such-pcm", "/dev/null"],
    stdout: "null",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stderr);
}

Deno.test("an unknown PCM name gives an AlsaError with snd_strerror's text, the code and the call, and nothing on stderr", async () => {
  const [ours, aplay] = await Promise.all([probe(), aplayError()]);
  // The oracle: libasound itself prints "ALSA lib ... Unknown PCM ..." and
  // aplay reports the strerror text.
  assert.match(aplay, /ALSA lib .*Unknown PCM audiodev-no-such-pcm/);
  const text = /audio open error: (.+)$/m.exec(aplay)?.[1];
  assert.ok(text, aplay);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.stderr, "");
  const e = JSON.parse(ours.stdout);
  assert.equal(e.call, "snd_pcm_open");
  assert.ok(e.code < 0, `negative ALSA code, got ${e.code}`);
  assert.ok(
    e.message.includes(text),
    `"${e.message}" includes aplay's "${text}"`,
  );
  assert.match(e.message, /audiodev-no-such-pcm/);
});

Deno.test("AUDIODEV_SHOW_STDERR=1 lets ALSA's own message through (the stderr check above is live)", async () => {
  const ours = await probe({ AUDIODEV_SHOW_STDERR: "1" });
  assert.equal(ours.code, 0, ours.stderr);
  assert.match(ours.stderr, /ALSA lib .*Unknown PCM audiodev-no-such-pcm/);
  assert.equal(JSON.parse(ours.stdout).call, "snd_pcm_open");
});

Deno.test("AlsaTypeError/AlsaRangeError pass instanceof AlsaError and their built-in class; subclasses of AlsaError keep the prototype check", () => {
  class Sub extends AlsaError {}
  const r = new AlsaRangeError("bad", { call: "write" });
  const t = new AlsaTypeError("worse", { call: "PCM" });
  assert.ok(r instanceof AlsaError && r instanceof RangeError);
  assert.ok(t instanceof AlsaError && t instanceof TypeError);
  assert.ok(!(r instanceof TypeError) && !(t instanceof RangeError));
  assert.ok(!(r instanceof Sub) && !(new AlsaError("x") instanceof Sub));
  assert.ok(new Sub("s") instanceof AlsaError && new Sub("s") instanceof Sub);
  assert.ok(!(new TypeError("plain") instanceof AlsaError));
  assert.ok(!(new RangeError("plain") instanceof AlsaError));
  assert.equal(r.call, "write");
  assert.equal(r.code, 0);
  assert.equal(String(t), "AlsaTypeError: worse");
});
