/**
 * `audiodev pcms`: the ALSA PCMs with their descriptions, as `aplay -L`
 * lists them; `-l` lists the sound cards, as `aplay -l` starts.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { pcmHints, soundCards } from "./alsa_hints.ts";
import { parseCommandLine } from "./program.ts";

/** Help of `audiodev pcms`. */
export const PCMS_HELP = `Usage: audiodev pcms [options]

Lists the ALSA PCMs (names to open with -d in ALSA programs) with their
descriptions, as "aplay -L" does.

Options:
  -l, --cards           list the sound cards instead, as "aplay -l"
  --capture             list capture PCMs (as "arecord -L") instead of playback ones
  --json                print the list as JSON
  -h, --help            show this help and exit`;

const OPTIONS = {
  cards: { type: "boolean", short: "l" },
  capture: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `audiodev pcms`.
 *
 * @param args The arguments after `pcms`.
 * @returns The exit status (0).
 * @throws {UsageError} For a wrong command line.
 * @throws {AlsaError} When ALSA cannot list its devices.
 * @example
 * ```ts ignore
 * import { pcmsCommand } from "./pcms.ts";
 * pcmsCommand(["--json"]);
 * ```
 */
export function pcmsCommand(args: string[]): number {
  const { values } = parseCommandLine(args, OPTIONS, {
    allowPositionals: false,
  });
  if (values.help) {
    console.log(PCMS_HELP);
    return 0;
  }
  if (values.cards) {
    const list = soundCards();
    if (values.json) console.log(JSON.stringify(list, null, 2));
    else if (list.length === 0) console.error("audiodev: no sound cards found");
    else {
      for (const c of list) {
        console.log(`card ${c.index}: ${c.id} [${c.name}]\n    ${c.longname}`);
      }
    }
    return 0;
  }
  const hints = pcmHints(values.capture ? "capture" : "playback");
  if (values.json) {
    console.log(JSON.stringify(hints, null, 2));
    return 0;
  }
  for (const h of hints) {
    console.log(h.name);
    for (const line of h.description.split("\n")) {
      if (line !== "") console.log(`    ${line}`);
    }
  }
  return 0;
}
