/**
 * `audiodev devices`: the PortAudio devices (or host APIs), as
 * `python3 -m sounddevice` lists them.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { queryDevices, queryHostapis } from "../../mod.ts";
import { parseCommandLine } from "./program.ts";

/** Help of `audiodev devices`. */
export const DEVICES_HELP = `Usage: audiodev devices [options]

Lists the audio devices PortAudio sees, as "python3 -m sounddevice" does.
The first column marks the default input (>), output (<) or both (*).

Options:
  --hostapis            list the host APIs instead
  --json                print the list as JSON
  -h, --help            show this help and exit`;

/** The options of `audiodev devices`. */
export const DEVICES_OPTIONS = {
  hostapis: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `audiodev devices`.
 *
 * @param args The arguments after `devices`.
 * @returns The exit status (0).
 * @throws {UsageError} For a wrong command line.
 * @throws {LibraryLoadError} When PortAudio cannot be loaded.
 * @example
 * ```ts ignore
 * import { devices } from "./devices.ts";
 * devices(["--json"]);
 * ```
 */
export function devices(args: string[]): number {
  const { values } = parseCommandLine(args, DEVICES_OPTIONS, {
    allowPositionals: false,
  });
  if (values.help) {
    console.log(DEVICES_HELP);
    return 0;
  }
  if (values.hostapis) {
    const apis = queryHostapis();
    if (values.json) console.log(JSON.stringify(apis, null, 2));
    else {
      for (const h of apis) {
        console.log(`${h.index} ${h.name} (${h.devices.length} devices)`);
      }
    }
  } else {
    const list = queryDevices();
    if (values.json) console.log(JSON.stringify([...list], null, 2));
    else if (list.length > 0) console.log(list.toString());
    if (list.length === 0) {
      console.error(
        "audiodev: no audio devices: no sound card, and no sound server running",
      );
    }
  }
  return 0;
}
