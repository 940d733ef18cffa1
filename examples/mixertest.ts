/**
 * pyalsaaudio's `mixertest.py`: lists, shows and sets ALSA mixer controls.
 *
 * ```sh
 * deno run -A examples/mixertest.ts                 # list the controls
 * deno run -A examples/mixertest.ts Master          # show one control
 * deno run -A examples/mixertest.ts Master 40       # volume 40 % on all channels
 * deno run -A examples/mixertest.ts Master 1,40     # volume 40 % on channel 1
 * deno run -A examples/mixertest.ts Master mute     # mute | unmute | rec | unrec
 * deno run -A examples/mixertest.ts -w Master       # print changes until Ctrl-C
 * deno run -A examples/mixertest.ts -c 0 Master     # card 0 (hw:0)
 * deno run -A examples/mixertest.ts -d pulse        # device "pulse"
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "./_util.ts";
import { AlsaError, Mixer, MIXER_CHANNEL_ALL, mixers } from "../mixer/mod.ts";
import { cardIndexes, cardName } from "../alsa.ts";

const USAGE =
  `Usage: deno run -A examples/mixertest.ts [-c <cardindex>] [-d <device>] [-w] [control [value]]

Lists the sound cards first, as pyalsaaudio's mixertest.py does. Without a
control, then lists the mixer controls. With a control, shows it
(capabilities, ranges, volume per channel in %, mute and capture flags).
With a value, sets it: a volume in % (0-100), or mute, unmute, rec, unrec;
prefix "<channel>," to change one channel only (e.g. 1,40).

Options:
  -c, --cardindex <n>  card index (opens hw:<n>; -d is then ignored)
  -d, --device <name>  ALSA device (default "default")
  -w, --watch          after showing the control, print its changes until Ctrl-C
  -h, --help           this text`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      cardindex: { type: "string", short: "c" },
      device: { type: "string", short: "d", default: "default" },
      watch: { type: "boolean", short: "w" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (e) {
  console.error(`${(e as Error).message}\n\n${USAGE}`);
  Deno.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const cardindex = values.cardindex === undefined
  ? -1
  : Number(values.cardindex);
if (!Number.isInteger(cardindex) || cardindex < -1) {
  console.error(`-c needs a card index, got ${values.cardindex}\n\n${USAGE}`);
  Deno.exit(2);
}
const device = values.device as string;

function open(name: string): Mixer {
  try {
    return new Mixer({ control: name, cardindex, device });
  } catch (e) {
    throw e; // the programs' error path: one line, exit 1
  }
}

function show(mixer: Mixer): void {
  const volcap = mixer.volumecap();
  console.log(`Mixer name: '${mixer.mixer()}'`);
  console.log(`Capabilities: ${[...volcap, ...mixer.switchcap()].join(" ")}`);
  const dirs: ["playback" | "capture", boolean][] = [
    ["playback", volcap.some((c) => /^(Joined )?(Playback )?Volume$/.test(c))],
    ["capture", volcap.some((c) => /^(Joined )?Capture Volume$/.test(c))],
  ];
  for (const [dir, has] of dirs) {
    if (!has) continue;
    const [min, max] = mixer.getrange(dir, "raw");
    console.log(`Raw ${dir} volume range ${min}-${max}`);
    try {
      const [lo, hi] = mixer.getrange(dir, "dB");
      console.log(`dB ${dir} volume range ${lo / 100}-${hi / 100}`);
    } catch {
      console.log(`No dB scale for ${dir}`);
    }
  }
  // [] for a control without volume, as in pyalsaaudio 0.11
  const volumes = mixer.getvolume();
  let dB: number[] | null = null;
  try {
    if (volumes.length > 0) dB = mixer.getvolume(undefined, "dB");
  } catch { /* no dB scale */ }
  volumes.forEach((v, i) => {
    const db = dB ? ` (${(dB[i] / 100).toFixed(1)} dB)` : "";
    console.log(`Channel ${i} volume: ${v}%${db}`);
  });
  const switches = mixer.switchcap();
  if (switches.some((s) => /^(Joined )?(Playback )?Mute$/.test(s))) {
    mixer.getmute().forEach((m, i) =>
      console.log(`Channel ${i} is ${m ? "muted" : "not muted"}`)
    );
  }
  if (switches.some((s) => /^(Joined )?Capture Mute$/.test(s))) {
    mixer.getrec().forEach((r, i) =>
      console.log(`Channel ${i} is ${r ? "recording" : "not recording"}`)
    );
  }
  const en = mixer.getenum();
  if (en.length) {
    console.log(`Item: '${en[0]}' of ${en[1].map((s) => `'${s}'`).join(" ")}`);
  }
}

function set(mixer: Mixer, arg: string): void {
  let channel = MIXER_CHANNEL_ALL;
  let what = arg;
  const comma = arg.indexOf(",");
  if (comma >= 0) {
    channel = Number(arg.slice(0, comma));
    what = arg.slice(comma + 1);
  }
  if (what === "mute" || what === "unmute") {
    mixer.setmute(what === "mute", channel);
  } else if (what === "rec" || what === "unrec") {
    mixer.setrec(what === "rec", channel);
  } else mixer.setvolume(Number(what), channel);
}

function listCards(): void {
  console.log("Available sound cards:");
  for (const i of cardIndexes()) {
    const [name, longname] = cardName(i);
    console.log(`  ${i}: ${name} (${longname})`);
  }
}

try {
  listCards();
  if (positionals.length === 0) {
    const names = mixers(cardindex, device);
    console.log("Available mixer controls:");
    for (const name of names) console.log(`  '${name}'`);
  } else if (positionals.length <= 2) {
    const mixer = open(positionals[0]);
    if (positionals.length === 2) set(mixer, positionals[1]);
    else show(mixer);
    if (values.watch) {
      const stop = (): void => void mixer.close();
      Deno.addSignalListener("SIGINT", stop);
      console.log("Watching for changes (Ctrl-C to stop)...");
      for await (const ev of mixer.events()) {
        const mute = ev.mute ? ` mute ${ev.mute.join(",")}` : "";
        const rec = ev.rec ? ` rec ${ev.rec.join(",")}` : "";
        console.log(
          `volume ${ev.volume.map((v) => `${v}%`).join(",")}${mute}${rec}`,
        );
      }
      Deno.removeSignalListener("SIGINT", stop);
    }
    await mixer.close();
  } else {
    console.error(USAGE);
    Deno.exit(2);
  }
} catch (e) {
  if (
    e instanceof AlsaError || e instanceof RangeError || e instanceof TypeError
  ) {
    throw e; // the programs' error path: one line, exit 1
  }
  throw e;
}
