/**
 * The `audiodev` tool's entry: global options and subcommand dispatch.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { getPortAudioVersion, version } from "../../mod.ts";
import { devices } from "./devices.ts";
import { info } from "./info.ts";
import { mixerCommand } from "./mixer.ts";
import { pcmsCommand } from "./pcms.ts";
import { play } from "./play.ts";
import { nearestName } from "../options.ts";
import { parseCommandLine, UsageError } from "./program.ts";
import { rec } from "./rec.ts";
import { tone } from "./tone.ts";

/** Help of `audiodev`. */
export const HELP = `Usage: audiodev [COMMAND] [options]

Plays, records and lists audio devices through PortAudio, ALSA and libsndfile.

Commands:
  devices               list the audio devices (the default command)
  pcms                  list the ALSA PCMs (-l: the sound cards)
  play FILE...          play sound files, with progress and a level meter
  rec FILE              record into a sound file, for a duration or until Ctrl-C
  tone                  play a sine tone
  mixer [CONTROL [VALUE]]  show or set ALSA mixer controls
  info FILE...          show what sound files hold

Options:
  --version             print audiodev's and PortAudio's versions
  -h, --help            show this help and exit
  Without a command, the options of "audiodev devices" apply (--hostapis, --json).

"audiodev COMMAND --help" shows a command's options.
Errors print one line; set AUDIODEV_DEBUG=1 for the stack trace.`;

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  devices,
  pcms: pcmsCommand,
  play,
  rec,
  tone,
  mixer: mixerCommand,
  info,
};

/**
 * Runs the tool with the given arguments.
 *
 * @param args Command-line arguments (without the program name).
 * @returns The process exit status.
 * @throws {UsageError} For a wrong command line (the caller prints it, exit 2).
 * @throws {Error} What the command throws (the caller prints one line, exit 1).
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * await main(["devices", "--json"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first !== undefined && !first.startsWith("-")) {
    const command = COMMANDS[first];
    if (command === undefined) {
      const near = nearestName(first, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command ${JSON.stringify(first)}` +
          (near ? ` (did you mean ${near}?)` : ""),
      );
    }
    try {
      return await command(rest);
    } catch (e) {
      if (e instanceof UsageError) e.help ??= `audiodev ${first} --help`;
      throw e;
    }
  }
  if (args.includes("--version")) {
    parseCommandLine(args, { version: { type: "boolean" } }, {
      allowPositionals: false,
    });
    console.log(`audiodev ${version}\n${getPortAudioVersion().text}`);
    return 0;
  }
  if (args.includes("-h") || args.includes("--help")) {
    parseCommandLine(args, { help: { type: "boolean", short: "h" } }, {
      allowPositionals: false,
    });
    console.log(HELP);
    return 0;
  }
  return devices(args);
}
