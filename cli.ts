/**
 * The `audiodev` command-line tool: lists devices, ALSA PCMs and mixer
 * controls, plays and records sound files with progress and level meters,
 * plays tones and shows what sound files hold.
 *
 * ```sh
 * deno install -g -A -n audiodev jsr:@audiodev/audiodev/cli
 * audiodev devices              # as python3 -m sounddevice
 * audiodev play song.flac       # elapsed/remaining time and meter on a terminal
 * audiodev rec -c 2 take1.wav   # until Ctrl-C; the file is complete
 * audiodev tone -f 1000 --duration 0.5
 * audiodev pcms                 # as aplay -L
 * audiodev mixer Master 40%     # as amixer sset
 * audiodev info take1.wav       # as soxi
 * ```
 *
 * Every listing takes `--json`. Errors print one line (exit 2 for a wrong
 * command line, 1 otherwise); `AUDIODEV_DEBUG=1` adds the stack trace.
 *
 * @example Run the tool from code
 * ```ts ignore
 * import { main } from "@audiodev/audiodev/cli";
 * const status = await main(["devices", "--json"]);
 * ```
 *
 * @module
 */

import { main } from "./src/cli/main.ts";
import { runProgram } from "./src/cli/program.ts";

export { HELP, main } from "./src/cli/main.ts";
export {
  type CommandLine,
  describeError,
  type OptionSpecs,
  type OptionValues,
  parseCommandLine,
  type ProgramHints,
  reportError,
  runProgram,
  UsageError,
} from "./src/cli/program.ts";

if (import.meta.main) await runProgram("audiodev", () => main(Deno.args));
