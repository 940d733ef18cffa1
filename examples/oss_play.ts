/**
 * Plays a WAV file, or a tone, through `/dev/dsp` with the OSS API (works
 * through PulseAudio's OSS emulation on machines without OSS devices).
 *
 * ```sh
 * deno run -A examples/oss_play.ts --tone 440 --duration 1
 * deno run -A examples/oss_play.ts file.wav
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "./_util.ts";
import { AFMT_S16_LE, open } from "../oss.ts";
import { SoundFile } from "../soundfile.ts";

const HELP =
  `Usage: deno run -A examples/oss_play.ts [--device /dev/dsp] (file.wav | --tone HZ [--duration S])

Plays a sound file (as 16-bit) or a sine tone through an OSS audio device
(default: $AUDIODEV, else /dev/dsp).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string" },
    tone: { type: "string" },
    duration: { type: "string", default: "1" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || (positionals.length === 0) === (values.tone === undefined)) {
  console.log(HELP);
  Deno.exit(values.help ? 0 : 2);
}

let data: Int16Array;
let rate = 44100;
let channels = 1;
if (values.tone !== undefined) {
  const f = Number(values.tone);
  const n = Math.round(Number(values.duration) * rate);
  data = Int16Array.from(
    { length: n },
    (_, i) => Math.round(16384 * Math.sin(2 * Math.PI * f * i / rate)),
  );
} else {
  using file = new SoundFile(positionals[0]);
  rate = file.samplerate;
  channels = file.channels;
  data = file.read(-1, { dtype: "int16" }) as Int16Array;
}

await using dsp = values.device ? open(values.device, "w") : open("w");
const [fmt, ch, sr] = dsp.setparameters(AFMT_S16_LE, channels, rate, true);
console.log(
  `${dsp.name} (${dsp.backend}): format ${fmt}, ${ch} channels, ${sr} Hz, ${
    data.length / channels
  } frames`,
);
let stop = false;
const onInt = (): void => {
  stop = true;
  dsp.reset();
};
Deno.addSignalListener("SIGINT", onInt);
const chunk = 4096 * channels;
for (let i = 0; i < data.length && !stop; i += chunk) {
  await dsp.writeall(data.subarray(i, i + chunk));
}
if (!stop) await dsp.sync();
Deno.removeSignalListener("SIGINT", onInt);
