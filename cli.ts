/**
 * audiodev's command-line tool. Without arguments it lists the PortAudio
 * devices the way `python3 -m sounddevice` does.
 *
 * ```sh
 * deno run -A cli.ts            # device list (from a checkout)
 * deno run -A cli.ts --help
 * ```
 *
 * @example Run it from a checkout
 * ```sh
 * deno run -A cli.ts
 * ```
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs } from "node:util";
import {
  getPortAudioVersion,
  LibraryLoadError,
  queryDevices,
  queryHostapis,
} from "./mod.ts";

const HELP = `Usage: deno run -A cli.ts [options]

Lists the audio devices PortAudio sees, like "python3 -m sounddevice".
The first column marks the default input (>), output (<) or both (*).

Options:
  -h, --help        show this help and exit
  --hostapis        list the host APIs instead
  --version         print PortAudio's version
  --json            print the list as JSON
`;

/**
 * Runs the CLI with the given arguments.
 *
 * @param args Command-line arguments (without the program name).
 * @returns The process exit code.
 * @example
 * ```ts ignore
 * import { main } from "@audiodev/audiodev/cli";
 * Deno.exit(main(["--version"]));
 * ```
 */
export function main(args: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        help: { type: "boolean", short: "h" },
        hostapis: { type: "boolean" },
        version: { type: "boolean" },
        json: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    if (values.version) {
      console.log(getPortAudioVersion().text);
    } else if (values.hostapis) {
      const apis = queryHostapis();
      if (values.json) console.log(JSON.stringify(apis, null, 2));
      else {for (const h of apis) {
          console.log(`${h.index} ${h.name} (${h.devices.length} devices)`);
        }}
    } else {
      const list = queryDevices();
      console.log(
        values.json ? JSON.stringify([...list], null, 2) : list.toString(),
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof LibraryLoadError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) Deno.exit(main(Deno.args));
