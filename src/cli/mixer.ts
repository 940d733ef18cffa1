/**
 * `audiodev mixer [CONTROL [VALUE]]`: shows and sets ALSA mixer controls, as
 * `amixer`, `amixer sget` and `amixer sset` do.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import {
  Mixer,
  type MixerEvent,
  mixers,
  PCM_CAPTURE,
  PCM_PLAYBACK,
} from "../../mixer/mod.ts";
import { AlsaError } from "../../alsa.ts";
import { numberOption } from "./args.ts";
import { parseCommandLine, UsageError } from "./program.ts";

/** Help of `audiodev mixer`. */
export const MIXER_HELP = `Usage: audiodev mixer [options] [CONTROL [VALUE]]

Without CONTROL, shows every simple mixer control (as "amixer"). With
CONTROL, shows that one (as "amixer sget CONTROL"). With VALUE, sets it
first (as "amixer sset CONTROL VALUE"):

  40%   volume in percent of the range     3%+  3%-  relative, in percent
  N     volume in raw units                -6dB  volume in dB (if the control has a dB scale)
  mute  unmute  toggle                     playback switch
  cap   nocap                              capture switch

A negative value follows "--", as with amixer: audiodev mixer Master -- -6dB

Options:
  -d, --device NAME     ALSA device (default "default")
  --card N              card index (opens hw:N; --device is then ignored)
  --capture             VALUE sets the capture volume of a control that has both
  --json                print the state as JSON
  -h, --help            show this help and exit`;

const OPTIONS = {
  device: { type: "string", short: "d", default: "default" },
  card: { type: "string" },
  capture: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** A control's state as `audiodev mixer --json` prints it. */
export interface ControlReport extends MixerEvent {
  /** `[min, max]` of the playback volume in raw units, or `null`. */
  playbackRange: [number, number] | null;
  /** `[min, max]` of the capture volume in raw units, or `null`. */
  captureRange: [number, number] | null;
  /** Playback volume per channel in hundredths of a dB, or `null` without a dB scale. */
  playbackDb: number[] | null;
  /** Capture volume per channel in hundredths of a dB, or `null`. */
  captureDb: number[] | null;
  /** Volume capabilities (pyalsaaudio's `volumecap()`). */
  volumecap: string[];
  /** Switch capabilities (pyalsaaudio's `switchcap()`). */
  switchcap: string[];
}

function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof AlsaError) return null;
    throw e;
  }
}

/**
 * The state of one open control.
 *
 * @param m The control.
 * @returns Its state, ranges, dB values and capabilities.
 * @throws {AlsaError} When ALSA fails.
 * @example
 * ```ts ignore
 * import { Mixer } from "../../mixer/mod.ts";
 * import { controlReport } from "./mixer.ts";
 * console.log(controlReport(new Mixer("Master")));
 * ```
 */
export function controlReport(m: Mixer): ControlReport {
  const state = m.state();
  const has = (dir: number): boolean =>
    (dir === PCM_PLAYBACK ? state.playbackVolume : state.captureVolume) !==
      null;
  const range = (dir: number): [number, number] | null =>
    has(dir)
      ? attempt(() =>
        m.getrange(dir === PCM_PLAYBACK ? "playback" : "capture", "raw")
      )
      : null;
  const db = (dir: number): number[] | null =>
    has(dir)
      ? attempt(() =>
        m.getvolume(dir === PCM_PLAYBACK ? "playback" : "capture", "dB")
      )
      : null;
  return {
    ...state,
    playbackRange: range(PCM_PLAYBACK),
    captureRange: range(PCM_CAPTURE),
    playbackDb: db(PCM_PLAYBACK),
    captureDb: db(PCM_CAPTURE),
    volumecap: m.volumecap(),
    switchcap: m.switchcap(),
  };
}

function percent(v: number, [min, max]: [number, number]): number {
  return max === min ? 0 : Math.round((v - min) * 100 / (max - min));
}

/**
 * A control's state in `amixer sget`'s layout.
 *
 * @param r The state.
 * @returns The text, one line per fact and channel.
 * @example
 * ```ts ignore
 * import { Mixer } from "../../mixer/mod.ts";
 * import { controlReport, formatControl } from "./mixer.ts";
 * console.log(formatControl(controlReport(new Mixer("Master"))));
 * ```
 */
export function formatControl(r: ControlReport): string {
  const lines = [`Simple mixer control '${r.control}',${r.id}`];
  const caps = [...r.volumecap, ...r.switchcap];
  lines.push(`  Capabilities: ${caps.length ? caps.join(", ") : "none"}`);
  if (r.enumItem !== null) lines.push(`  Item0: '${r.enumItem}'`);
  const limits: string[] = [];
  if (r.playbackRange) limits.push(`Playback ${r.playbackRange.join(" - ")}`);
  if (r.captureRange) limits.push(`Capture ${r.captureRange.join(" - ")}`);
  if (limits.length) lines.push(`  Limits: ${limits.join(" ")}`);
  const count = Math.max(
    r.playbackVolume?.length ?? 0,
    r.captureVolume?.length ?? 0,
    r.mute?.length ?? 0,
    r.rec?.length ?? 0,
  );
  const db = (v: number | undefined): string =>
    v === undefined ? "" : ` [${(v / 100).toFixed(2)}dB]`;
  for (let c = 0; c < count; c++) {
    const parts: string[] = [];
    if (r.playbackVolume && r.playbackRange) {
      const v = r.playbackVolume[c];
      parts.push(
        `Playback ${v} [${percent(v, r.playbackRange)}%]${
          db(r.playbackDb?.[c])
        }`,
      );
    }
    if (r.mute) parts.push(r.mute[c] ? "[off]" : "[on]");
    if (r.captureVolume && r.captureRange) {
      const v = r.captureVolume[c];
      parts.push(
        `Capture ${v} [${percent(v, r.captureRange)}%]${db(r.captureDb?.[c])}`,
      );
    }
    if (r.rec) parts.push(r.rec[c] ? "[on]" : "[off]");
    lines.push(`  Channel ${c}: ${parts.join(" ")}`);
  }
  return lines.join("\n");
}

/**
 * Applies an `amixer sset`-style value to a control.
 *
 * @param m The control.
 * @param value `40%`, `3%+`, `3%-`, a raw number, `-6dB`, `mute`, `unmute`,
 *   `toggle`, `cap`, `nocap`.
 * @param capture Whether a volume value is for the capture direction.
 * @throws {UsageError} When the value is none of these.
 * @throws {AlsaError} When the control cannot take it (no such switch, no dB scale).
 * @example
 * ```ts ignore
 * import { Mixer } from "../../mixer/mod.ts";
 * import { applyValue } from "./mixer.ts";
 * applyValue(new Mixer("Master"), "40%", false);
 * ```
 */
export function applyValue(m: Mixer, value: string, capture: boolean): void {
  const word = value.toLowerCase();
  const state = m.state();
  if (word === "mute" || word === "off") return m.setmute(true);
  if (word === "unmute" || word === "on") return m.setmute(false);
  if (word === "toggle") {
    return m.setmute(!(state.mute ?? m.getmute()).some((v) => v === 1));
  }
  if (word === "cap" || word === "rec") return m.setrec(true);
  if (word === "nocap" || word === "norec") return m.setrec(false);
  const pcmtype = capture || state.playbackVolume === null
    ? "capture"
    : "playback";
  let match = /^(-?\d+(?:\.\d+)?)%([+-])?$/.exec(value);
  if (match) {
    const n = Number(match[1]);
    const current = m.getvolume(pcmtype, "percent");
    if (current.length === 0) {
      // getvolume() reads [] for a direction without volume (pyalsaaudio)
      throw new AlsaError(
        `'${m.mixer()}' has no ${pcmtype} volume to set (its volume capabilities: ${
          m.volumecap().join(", ") || "none"
        })`,
        { call: "setvolume" },
      );
    }
    const target = (c: number): number =>
      Math.round(
        Math.min(
          100,
          Math.max(
            0,
            match![2] === "+" ? c + n : match![2] === "-" ? c - n : n,
          ),
        ),
      );
    current.forEach((c, channel) =>
      m.setvolume(target(c), { channel, pcmtype, units: "percent" })
    );
    return;
  }
  match = /^(-?\d+(?:\.\d+)?)db$/i.exec(value);
  if (match) {
    if (attempt(() => m.getrange(pcmtype, "dB")) === null) {
      throw new Error(
        `'${m.mixer()}' has no dB scale here; give the volume in percent (40%) or raw units`,
      );
    }
    m.setvolume(Math.round(Number(match[1]) * 100), {
      pcmtype,
      units: "dB",
    });
    return;
  }
  if (/^\d+$/.test(value)) {
    m.setvolume(Number(value), { pcmtype, units: "raw" });
    return;
  }
  throw new UsageError(
    `mixer value ${
      JSON.stringify(value)
    }: use N%, N%+, N%-, a raw N, NdB, mute, unmute, toggle, cap or nocap`,
  );
}

/**
 * Runs `audiodev mixer`.
 *
 * @param args The arguments after `mixer`.
 * @returns The exit status (0).
 * @throws {UsageError} For a wrong command line or value.
 * @throws {AlsaError} When the device has no mixer or no such control.
 * @example
 * ```ts ignore
 * import { mixerCommand } from "./mixer.ts";
 * await mixerCommand(["Master", "40%"]);
 * ```
 */
export async function mixerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, OPTIONS);
  if (values.help) {
    console.log(MIXER_HELP);
    return 0;
  }
  if (positionals.length > 2) {
    throw new UsageError("mixer takes at most CONTROL and VALUE");
  }
  const card = numberOption(values.card, "--card", [
    (n) => Number.isInteger(n) && n >= 0,
    "a card index",
  ]) ?? -1;
  const device = String(values.device);
  const names = positionals.length > 0
    ? [positionals[0]]
    : mixers(card, device);
  const reports: ControlReport[] = [];
  for (const control of names) {
    const m = new Mixer({ control, cardindex: card, device });
    try {
      if (positionals[1] !== undefined) {
        applyValue(m, positionals[1], values.capture === true);
      }
      reports.push(controlReport(m));
    } finally {
      await m.close();
    }
  }
  if (values.json) {
    console.log(
      JSON.stringify(positionals.length > 0 ? reports[0] : reports, null, 2),
    );
  } else {
    console.log(reports.map(formatControl).join("\n"));
  }
  return 0;
}
