/**
 * pyalsaaudio's `mixertest.py` in TypeScript.
 *
 * ```sh
 * deno run -A examples/mixertest.ts                 # list the controls
 * deno run -A examples/mixertest.ts Master          # show a control
 * deno run -A examples/mixertest.ts Master 40       # set the volume to 40 %
 * deno run -A examples/mixertest.ts Master mute     # mute | unmute | rec | unrec
 * deno run -A examples/mixertest.ts -c 0 -d default Master
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "node:util";
import { AlsaError, Mixer, mixers } from "../mixer/mod.ts";

const HELP =
  `Usage: deno run -A examples/mixertest.ts [-c cardindex] [-d device] [control [volume|mute|unmute|rec|unrec]]

Without a control, lists the controls. With a control, shows its capabilities,
volume per channel in percent and mute/record state. With a second argument,
sets the volume in percent, or mutes/unmutes, or turns recording on/off.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cardindex: { type: "string", short: "c" },
    device: { type: "string", short: "d", default: "default" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || positionals.length > 2) {
  console.log(HELP);
  Deno.exit(values.help ? 0 : 2);
}
const cardindex = values.cardindex === undefined
  ? -1
  : Number(values.cardindex);
const device = values.device;

function show(control: string): void {
  using m = new Mixer({ control, cardindex, device });
  console.log(`Mixer name: '${m.mixer()}'`);
  console.log(
    `Capabilities: ${[...m.volumecap(), ...m.switchcap()].join(" ")}`,
  );
  const volcap = m.volumecap();
  if (volcap.some((c) => c.includes("Volume") && !c.includes("Capture"))) {
    m.getvolume("playback").forEach((v, i) =>
      console.log(`Channel ${i} volume: ${v}%`)
    );
  }
  if (volcap.some((c) => c.includes("Capture"))) {
    m.getvolume("capture").forEach((v, i) =>
      console.log(`Channel ${i} capture volume: ${v}%`)
    );
  }
  const swcap = m.switchcap();
  if (swcap.some((c) => c.includes("Mute") && !c.includes("Capture"))) {
    m.getmute().forEach((v, i) =>
      console.log(`Channel ${i} is ${v ? "muted" : "not muted"}`)
    );
  }
  if (swcap.some((c) => c.includes("Capture"))) {
    m.getrec().forEach((v, i) =>
      console.log(`Channel ${i} is ${v ? "recording" : "not recording"}`)
    );
  }
  const e = m.getenum();
  if (e.length) {
    console.log(
      `Enumerated: current '${e[0]}', items: ${
        e[1].map((s) => `'${s}'`).join(", ")
      }`,
    );
  }
}

try {
  if (positionals.length === 0) {
    console.log(`Available mixer controls:`);
    for (const name of mixers(cardindex, device)) console.log(`  '${name}'`);
  } else if (positionals.length === 1) {
    show(positionals[0]);
  } else {
    using m = new Mixer({ control: positionals[0], cardindex, device });
    const arg = positionals[1];
    if (arg === "mute" || arg === "unmute") m.setmute(arg === "mute");
    else if (arg === "rec" || arg === "unrec") m.setrec(arg === "rec");
    else if (/^\d+$/.test(arg)) {
      const capture = !m.volumecap().some((c) =>
        c.includes("Volume") && !c.includes("Capture")
      );
      m.setvolume(Number(arg), undefined, capture ? "capture" : "playback");
    } else {
      console.error(
        `Unknown argument ${
          JSON.stringify(arg)
        }: use a volume in percent, mute, unmute, rec or unrec`,
      );
      Deno.exit(2);
    }
    show(positionals[0]);
  }
} catch (e) {
  if (e instanceof AlsaError || e instanceof RangeError) {
    console.error(e.message);
    Deno.exit(1);
  }
  throw e;
}
