/**
 * Shows or sets OSS mixer channels (`/dev/mixer`).
 *
 * ```sh
 * deno run -A examples/oss_mixer.ts            # every channel the mixer has
 * deno run -A examples/oss_mixer.ts pcm 40     # set pcm to 40 % (both sides)
 * deno run -A examples/oss_mixer.ts pcm 30 60  # left 30 %, right 60 %
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "./_util.ts";
import {
  controlLabels,
  controlNames,
  openMixer,
  OSSAudioError,
} from "../oss.ts";

const HELP =
  `Usage: deno run -A examples/oss_mixer.ts [--device /dev/mixer] [channel [left [right]]]

Without arguments, lists the mixer's channels and volumes. With a channel name
(${controlNames.join(", ")}) shows it; with volumes (0-100) sets it.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || positionals.length > 3) {
  console.log(HELP);
  Deno.exit(values.help ? 0 : 2);
}
try {
  using mixer = openMixer(values.device);
  const mask = mixer.controls();
  const stereo = mixer.stereocontrols();
  const rec = mixer.reccontrols();
  const show = (i: number): void => {
    const [l, r] = mixer.get(i);
    const flags = [
      (stereo & (1 << i)) ? "stereo" : "mono",
      (rec & (1 << i)) ? "rec" : "",
    ].filter(Boolean).join(" ");
    console.log(
      `${controlLabels[i]} (${controlNames[i]}): ${l}% ${r}% [${flags}]`,
    );
  };
  if (positionals.length === 0) {
    for (let i = 0; i < controlNames.length; i++) if (mask & (1 << i)) show(i);
  } else {
    const i = controlNames.indexOf(positionals[0]);
    if (i < 0 || !(mask & (1 << i))) {
      const have = controlNames.filter((_, k) => mask & (1 << k));
      console.error(
        `No mixer channel ${JSON.stringify(positionals[0])}; this mixer has: ${
          have.join(", ")
        }`,
      );
      Deno.exit(1);
    }
    if (positionals.length > 1) {
      const left = Number(positionals[1]);
      mixer.set(i, [
        left,
        positionals[2] === undefined ? left : Number(positionals[2]),
      ]);
    }
    show(i);
  }
} catch (e) {
  if (e instanceof OSSAudioError) {
    throw e; // the programs' error path: one line, exit 1
  }
  throw e;
}
