/**
 * How audiodev's programs (the `audiodev` tool and the examples) read their
 * command line and fail: like Unix tools. A usage error prints one line and
 * a hint to `--help` and exits 2; any other error prints one line naming the
 * problem and, where there is one, the fix, and exits 1. A stack trace is
 * printed only when the environment variable `AUDIODEV_DEBUG` is `1`.
 *
 * @module
 */
// deno-lint-ignore-file no-console

import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  DeviceSelectionError,
  LibraryLoadError,
  PortAudioError,
} from "../../mod.ts";
import { AlsaError } from "../../alsa.ts";
import { OSSAudioError } from "../../oss.ts";
import { nearestName } from "../options.ts";
import { SoundFileError } from "../../soundfile.ts";

/** Option declarations in node:util `parseArgs` style. */
export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** Parsed option values, by long name. */
export type OptionValues = Record<
  string,
  string | boolean | (string | boolean)[] | undefined
>;

/** A parsed command line. */
export interface CommandLine {
  /** Option values, by long name. */
  values: OptionValues;
  /** Positional arguments, in order. */
  positionals: string[];
}

/**
 * A wrong command line: unknown option, missing value, bad value, too many or
 * too few arguments. Programs exit with status 2 on it.
 *
 * @example Reject a bad value
 * ```ts
 * import { UsageError } from "./program.ts";
 * const rate = Number("abc");
 * if (!Number.isFinite(rate)) {
 *   const e = new UsageError('--rate: "abc" is not a number');
 *   console.assert(e.name === "UsageError");
 * }
 * ```
 */
export class UsageError extends Error {
  /** The command that shows the right usage (`"audiodev play --help"`), if not the program's `--help`. */
  help: string | undefined;

  /**
   * Creates the error.
   *
   * @param message What was wrong, e.g. `unknown option --freq`.
   * @param help The command that shows the right usage, if not `PROGRAM --help`.
   */
  constructor(message: string, help?: string) {
    super(message);
    this.name = "UsageError";
    this.help = help;
  }
}

/** How a program names its help and its listing commands in error lines. */
export interface ProgramHints {
  /** What lists PortAudio devices (default `"audiodev devices"`). */
  devices?: string;
  /** What lists ALSA PCMs (default `"audiodev pcms"`). */
  pcms?: string;
  /** What shows the help (default `"PROGRAM --help"`). */
  help?: string;
}

function optionName(specs: OptionSpecs, token: string): string {
  // token: "--freq" or "-x"
  if (token.startsWith("--")) return token;
  const short = token.slice(1);
  for (const [long, spec] of Object.entries(specs)) {
    if (spec.short === short) return `--${long}`;
  }
  return token;
}

/** An option the word begins (`--freq` for `--frequency`), else the nearest by spelling. */
function nearestOption(word: string, names: string[]): string | undefined {
  const prefixed = names.filter((n) => word.length >= 2 && n.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  return nearestName(word, names);
}

function parseErrorMessage(e: unknown, specs: OptionSpecs): string {
  const err = e as { code?: string; message?: string };
  const text = String(err.message ?? e);
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? "";
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const word = quoted.replace(/^-+/, "").split("=")[0];
      const near = quoted.startsWith("--")
        ? nearestOption(word, Object.keys(specs))
        : undefined;
      return `unknown option ${quoted}` +
        (near === undefined ? "" : ` (did you mean --${near}?)`);
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      // "Option '-f, --frequency <value>' argument missing" or
      // "Option '--json' does not take an argument" or "... is ambiguous".
      const names = quoted.split(/[ ,]+/).filter((s) => s.startsWith("-"));
      const name = names.find((s) => s.startsWith("--")) ??
        optionName(specs, names[0] ?? quoted);
      if (text.includes("does not take")) {
        return `option ${name} takes no value`;
      }
      if (text.includes("ambiguous")) {
        return `option ${name} needs a value; write ${name}=VALUE for a value starting with "-"`;
      }
      return `option ${name} needs a value`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}`;
    default:
      return text.split("\n")[0];
  }
}

/**
 * Parses a command line with node:util `parseArgs` (strict), turning its
 * errors into one-line {@linkcode UsageError}s: `unknown option --freq (did
 * you mean --frequency?)`, `option --device needs a value`.
 *
 * @param args The arguments (without the program name).
 * @param options The option declarations.
 * @param config `allowPositionals` (default `true`).
 * @returns The values and positionals.
 * @throws {UsageError} When the command line does not fit the declarations.
 * @example Parse and catch a typo
 * ```ts
 * import { parseCommandLine, UsageError } from "./program.ts";
 * const options = { frequency: { type: "string", short: "f" } } as const;
 * parseCommandLine(["-f", "440"], options).values.frequency; // "440"
 * try {
 *   parseCommandLine(["--freq", "440"], options);
 * } catch (e) {
 *   // UsageError: unknown option --freq (did you mean --frequency?)
 *   console.assert(e instanceof UsageError);
 * }
 * ```
 */
export function parseCommandLine(
  args: readonly string[],
  options: OptionSpecs,
  config: { allowPositionals?: boolean } = {},
): CommandLine {
  try {
    const parsed = parseArgs({
      args: [...args],
      options,
      allowPositionals: config.allowPositionals ?? true,
      strict: true,
    });
    return {
      values: { ...parsed.values } as OptionValues,
      positionals: parsed.positionals,
    };
  } catch (e) {
    throw new UsageError(parseErrorMessage(e, options));
  }
}

function envFlag(name: string): boolean {
  try {
    const state = Deno.permissions.querySync?.({ name: "env", variable: name });
    if (state && state.state !== "granted") return false;
    return Deno.env.get(name) === "1";
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim().replace(/\.$/, "");
}

function lowerFirst(text: string): string {
  // Keep acronyms and names ("ALSA", "PortAudio") as written.
  if (/^[A-Z][a-z]/.test(text) && !/^(PortAudio|Pa_|Device)/.test(text)) {
    return text[0].toLowerCase() + text.slice(1);
  }
  if (text.startsWith("Device ")) return "device " + text.slice(7);
  return text;
}

function exists(path: string): boolean | undefined {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    return undefined;
  }
}

function describeDeviceError(
  e: DeviceSelectionError,
  hints: ProgramHints,
): string {
  const list = `${hints.devices ?? "audiodev devices"} lists them`;
  const text = e.message;
  if (e.reason === "multiple-matches" && text.includes("\n")) {
    const [head, ...rows] = text.split("\n");
    return `${lowerFirst(head.replace(/:$/, ""))}: ${
      rows.join(", ")
    }; give the index or more of the name`;
  }
  if (/^No default (input|output) device/.test(text)) {
    return `${lowerFirst(firstLine(text))}; start a sound server or name a ` +
      `device (${list})`;
  }
  const line = firstLine(text).replace(
    /; see queryDevices\(\) for the list$/,
    "",
  );
  return `${lowerFirst(line)}; ${list}`;
}

/**
 * The one line a program prints for an error, and its exit status: 2 for a
 * {@linkcode UsageError}, 1 for everything else. Library errors are turned
 * into a problem and its fix (`no output device matching "x"; audiodev
 * devices lists them`), missing files and permissions are named.
 *
 * @param error What was thrown.
 * @param program The program's name, e.g. `"audiodev"`.
 * @param hints How the program names its listing and help commands.
 * @returns The lines to print (the first names the problem) and the status.
 * @example Describe a usage error
 * ```ts
 * import { describeError, UsageError } from "./program.ts";
 * const { lines, exitCode } = describeError(new UsageError("unknown option -x"), "audiodev");
 * // lines: ["audiodev: unknown option -x", "try 'audiodev --help'"], exitCode: 2
 * console.assert(exitCode === 2 && lines.length === 2);
 * ```
 */
export function describeError(
  error: unknown,
  program: string,
  hints: ProgramHints = {},
): { lines: string[]; exitCode: number } {
  const p = `${program}: `;
  if (error instanceof UsageError) {
    return {
      lines: [
        p + error.message,
        `try '${error.help ?? hints.help ?? `${program} --help`}'`,
      ],
      exitCode: 2,
    };
  }
  let line: string;
  if (error instanceof DeviceSelectionError) {
    line = describeDeviceError(error, hints);
  } else if (error instanceof SoundFileError) {
    const found = error.path ? exists(error.path) : undefined;
    const dir = error.path.replace(/\/[^/]*$/, "") || "/";
    if (found === false && error.path.includes("/") && exists(dir) === false) {
      line = `${JSON.stringify(error.path)}: no such directory ${
        JSON.stringify(dir)
      }`;
    } else if (found === false) {
      line = `${JSON.stringify(error.path)}: no such file`;
    } else {
      const m = /^Error opening ("[^"]*"): (.*)$/s.exec(error.message);
      line = m
        ? `cannot open ${m[1]}: ${
          firstLine(m[2]).replace(/^System error : /, "").toLowerCase()
        }`
        : lowerFirst(firstLine(error.message));
    }
  } else if (error instanceof LibraryLoadError) {
    line = firstLine(error.message.replace(/ Last error: .*$/s, ""));
  } else if (error instanceof AlsaError) {
    line = lowerFirst(firstLine(error.message));
    if (error.call === "snd_pcm_open" && error.code === -2) {
      line += `; ${hints.pcms ?? "audiodev pcms"} lists the PCMs`;
    } else if (error.call === "snd_mixer_attach" && error.code === -2) {
      line += `; ${hints.pcms ?? "audiodev pcms"} lists ALSA's devices`;
    } else if (error.code === -13) {
      line += "; check the device's permissions (the audio group)";
    }
  } else if (error instanceof OSSAudioError) {
    line = lowerFirst(firstLine(error.message));
    if (
      /No such file/i.test(error.message) &&
      /"\/dev\/(dsp|mixer|audio)\d*"/.test(error.message)
    ) {
      line += "; no OSS device here (try LD_PRELOAD of libpulsedsp.so)";
    }
  } else if (error instanceof PortAudioError) {
    line = firstLine(error.message);
  } else if (error instanceof Deno.errors.NotCapable) {
    line = lowerFirst(firstLine(error.message));
  } else if (error instanceof Deno.errors.NotFound) {
    const m = /\(os error 2\):? (\w+) '([^']*)'/.exec(error.message);
    line = m ? `${JSON.stringify(m[2])}: no such file` : lowerFirst(
      firstLine(error.message),
    );
  } else if (error instanceof Deno.errors.PermissionDenied) {
    line = `${
      lowerFirst(firstLine(error.message))
    }; check the file's permissions`;
  } else if (error instanceof Error) {
    line = lowerFirst(firstLine(error.message)) || error.name;
  } else {
    line = String(error);
  }
  return { lines: [p + line], exitCode: 1 };
}

/**
 * Prints the error the way {@linkcode describeError} words it, to stderr,
 * plus the stack when `AUDIODEV_DEBUG=1`.
 *
 * @param error What was thrown.
 * @param program The program's name.
 * @param hints How the program names its listing and help commands.
 * @returns The exit status to use (2 or 1).
 * @example Report and exit
 * ```ts ignore
 * import { reportError } from "./program.ts";
 * try {
 *   await Deno.readFile("missing.wav");
 * } catch (e) {
 *   Deno.exit(reportError(e, "myprog"));
 * }
 * ```
 */
export function reportError(
  error: unknown,
  program: string,
  hints: ProgramHints = {},
): number {
  const { lines, exitCode } = describeError(error, program, hints);
  for (const line of lines) console.error(line);
  if (envFlag("AUDIODEV_DEBUG") && error instanceof Error) {
    console.error(error.stack ?? String(error));
    if (error.cause !== undefined) console.error("cause:", error.cause);
  }
  return exitCode;
}

const installed = new Set<string>();

/**
 * Makes any error that escapes a top-level script (an uncaught exception or
 * an unhandled rejection) end the process the way {@linkcode reportError}
 * words it, instead of a stack trace. Call it first in a script that has no
 * `main` function; {@linkcode runProgram} does it for you.
 *
 * @param program The program's name.
 * @param hints How the program names its listing and help commands.
 * @example At the top of a script
 * ```ts ignore
 * import { installErrorHandler } from "./program.ts";
 * installErrorHandler("myprog");
 * await Deno.readFile("missing.wav"); // prints `myprog: "missing.wav": no such file`, exits 1
 * ```
 */
export function installErrorHandler(
  program: string,
  hints: ProgramHints = {},
): void {
  if (installed.has(program)) return;
  installed.add(program);
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    Deno.exit(reportError(event.error, program, hints));
  });
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    Deno.exit(reportError(event.reason, program, hints));
  });
}

/**
 * Runs a program's `main` and exits: with the status `main` returns (0 when
 * it returns nothing), or with 2 or 1 after one line on stderr when it
 * throws (see {@linkcode describeError}).
 *
 * @param program The program's name, used in error lines.
 * @param main The program; may be async.
 * @param hints How the program names its listing and help commands.
 * @returns Never: the process exits.
 * @example A small program
 * ```ts ignore
 * import { parseCommandLine, runProgram } from "./program.ts";
 * await runProgram("hello", () => {
 *   const { values } = parseCommandLine(Deno.args, { name: { type: "string" } });
 *   console.log(`hello ${values.name ?? "world"}`);
 * });
 * ```
 */
export async function runProgram(
  program: string,
  main: () => number | void | Promise<number | void>,
  hints: ProgramHints = {},
): Promise<never> {
  installErrorHandler(program, hints);
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (e) {
    code = reportError(e, program, hints);
  }
  Deno.exit(code);
}

/**
 * Ctrl-C handling: the first SIGINT (or SIGTERM) aborts the returned
 * controller's signal, so the program can stop its stream, finish its file
 * and return normally; a second one exits at once with status 130.
 *
 * @returns An `AbortController` whose signal aborts on Ctrl-C (abort it
 *   yourself for other reasons), and a `dispose` function that removes the
 *   signal listeners.
 * @example Stop on Ctrl-C
 * ```ts ignore
 * import { interruptController } from "./program.ts";
 * const { controller, dispose } = interruptController();
 * while (!controller.signal.aborted) await new Promise((r) => setTimeout(r, 100));
 * dispose();
 * ```
 */
export function interruptController(): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) Deno.exit(130);
    controller.abort();
  };
  Deno.addSignalListener("SIGINT", handler);
  Deno.addSignalListener("SIGTERM", handler);
  return {
    controller,
    dispose: () => {
      Deno.removeSignalListener("SIGINT", handler);
      Deno.removeSignalListener("SIGTERM", handler);
    },
  };
}

/**
 * The name a script is run by: the file name of the main module
 * (`play_file.ts`), or `fallback` when there is none.
 *
 * @param fallback Name to use when the main module is unknown.
 * @returns The program name.
 * @example Name the program
 * ```ts
 * import { scriptName } from "./program.ts";
 * console.log(scriptName("audiodev"));
 * ```
 */
export function scriptName(fallback: string): string {
  try {
    const url = new URL(Deno.mainModule);
    const base = url.pathname.split("/").pop();
    return base ? decodeURIComponent(base) : fallback;
  } catch {
    return fallback;
  }
}
