// deno-lint-ignore-file no-console
/**
 * Helpers shared by the examples: command-line parsing (`--help`,
 * `-l/--list-devices`, a device by index or name substring), Ctrl-C handling
 * that lets an example close its stream and exit cleanly, a small radix-2
 * FFT and an ANSI colour gradient for the text spectrogram.
 *
 * @module
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { type DeviceSpec, queryDevices } from "../mod.ts";
import {
  installErrorHandler,
  interruptController,
  type OptionSpecs,
  type OptionValues,
  parseCommandLine,
  reportError,
  scriptName,
  UsageError,
} from "../src/cli/program.ts";

export { interruptController, UsageError };

/** Parsed option values, by long name. */
export type Values = OptionValues;

/** What {@linkcode parseExampleArgs} returns. */
export interface ExampleArgs {
  /** Option values, by long name. */
  values: Values;
  /** Positional arguments. */
  positionals: string[];
}

/**
 * Parses the command line of an example and installs the programs' error
 * path (one line, exit 2 for usage errors and 1 otherwise, no stack trace
 * unless `AUDIODEV_DEBUG=1`) for the rest of the script. Adds `-h/--help`
 * (prints `usage` and exits 0) and `-l/--list-devices` (prints the device
 * list and exits 0).
 *
 * @param options The example's own options (node:util `parseArgs` style).
 * @param usage Help text.
 * @param args Arguments (default `Deno.args`).
 * @returns Values and positionals.
 */
export function parseExampleArgs(
  options: OptionSpecs,
  usage: string,
  args: string[] = Deno.args,
): ExampleArgs {
  const program = scriptName("example");
  const hints = { devices: `${program} --list-devices` };
  installErrorHandler(program, hints);
  let parsed;
  try {
    parsed = parseCommandLine(args, {
      ...options,
      help: { type: "boolean", short: "h" },
      "list-devices": { type: "boolean", short: "l" },
    });
  } catch (e) {
    Deno.exit(reportError(e, program, hints));
  }
  const values = parsed.values;
  if (values.help) {
    console.log(usage);
    Deno.exit(0);
  }
  if (values["list-devices"]) {
    console.log(queryDevices().toString());
    Deno.exit(0);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * node:util's `parseArgs`, with the programs' error path: an unknown option
 * or a missing value prints one line and `try 'NAME --help'` and exits 2,
 * and errors thrown later by the script print one line and exit 1 (see
 * {@linkcode parseExampleArgs}). For examples written against node:util's
 * own `parseArgs`: import this one instead.
 *
 * @param config As for node:util `parseArgs` (strict by default).
 * @returns What node:util `parseArgs` returns.
 */
export function parseArgs<T extends ParseArgsConfig>(
  config: T,
): ReturnType<typeof nodeParseArgs<T>> {
  const program = scriptName("example");
  installErrorHandler(program);
  // Let parseCommandLine word the error, then parse for real for the types.
  try {
    parseCommandLine(config.args ?? Deno.args, config.options ?? {}, {
      allowPositionals: config.allowPositionals ?? config.strict === false,
    });
  } catch (e) {
    if (config.strict !== false) Deno.exit(reportError(e, program));
  }
  return nodeParseArgs(config);
}

/**
 * A device argument: an integer is a device index, anything else a name
 * query (space-separated substrings).
 *
 * @param text The argument, or `undefined`.
 * @returns The device spec, or `undefined` for the default device.
 */
export function parseDevice(text: unknown): DeviceSpec | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

/**
 * A numeric option: `undefined` when absent, else a finite number.
 *
 * @param values Parsed values.
 * @param name Option name.
 * @param fallback Value when absent.
 * @returns The number.
 */
export function num(values: Values, name: string): number | undefined;
/**
 * A numeric option with a default.
 *
 * @param values Parsed values.
 * @param name Option name.
 * @param fallback Value when absent.
 * @returns The number.
 */
export function num(values: Values, name: string, fallback: number): number;
export function num(
  values: Values,
  name: string,
  fallback?: number,
): number | undefined {
  const v = values[name];
  if (v === undefined || v === false) return fallback;
  const n = Number(v);
  if (typeof v !== "string" || v.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`--${name}: ${JSON.stringify(v)} is not a number`);
  }
  return n;
}

/**
 * A comma- or space-separated list of integers (e.g. `--channels 1,2`).
 *
 * @param text The argument.
 * @returns The integers, or `undefined` when absent.
 */
export function intList(text: unknown): number[] | undefined {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  const list = text.split(/[\s,]+/).filter((s) => s !== "").map(Number);
  if (list.some((n) => !Number.isInteger(n))) {
    throw new UsageError(`${JSON.stringify(text)} is not a list of integers`);
  }
  return list;
}

/**
 * A promise that resolves when `signal` aborts.
 *
 * @param signal The signal.
 * @returns Resolves on abort (at once if already aborted).
 */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}

/**
 * In-place iterative radix-2 FFT (decimation in time).
 *
 * @param re Real parts; length a power of two.
 * @param im Imaginary parts; same length.
 * @throws {RangeError} When the length is not a power of two or the arrays differ.
 */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n !== im.length || n === 0 || (n & (n - 1)) !== 0) {
    throw new RangeError(
      `fft: lengths must be equal powers of two, got ${n} and ${im.length}`,
    );
  }
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = -2 * Math.PI / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        const a = i + k;
        const b = a + half;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/**
 * The smallest power of two >= `n`.
 *
 * @param n A positive number.
 * @returns The power of two.
 */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/**
 * Background colours of the spectrogram, dark to bright: ANSI 256-colour
 * palette indexes (black, blues, purples, reds, oranges, yellows, white).
 */
export const GRADIENT: readonly number[] = [
  16,
  17,
  18,
  19,
  20,
  21,
  57,
  93,
  129,
  165,
  201,
  200,
  199,
  198,
  197,
  196,
  202,
  208,
  214,
  220,
  226,
  227,
  228,
  229,
  230,
  231,
];

/**
 * One spectrogram line: one coloured cell per value (0..1, clipped).
 *
 * @param values Magnitudes scaled to 0..1.
 * @returns A string of ANSI background-colour cells ending with a reset.
 */
export function gradientLine(values: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < values.length; i++) {
    const v = Math.min(1, Math.max(0, values[i] || 0));
    s += `\x1b[48;5;${GRADIENT[Math.round(v * (GRADIENT.length - 1))]}m `;
  }
  return s + "\x1b[0m";
}

/**
 * Parses a line written by {@linkcode gradientLine} back into gradient levels
 * (0 = darkest), for tests.
 *
 * @param line One line of output.
 * @returns The level of each cell.
 */
export function parseGradientLine(line: string): number[] {
  const levels: number[] = [];
  // deno-lint-ignore no-control-regex
  for (const m of line.matchAll(/\x1b\[48;5;(\d+)m /g)) {
    levels.push(GRADIENT.indexOf(Number(m[1])));
  }
  return levels;
}

/**
 * Computes spectrogram columns: magnitudes at `columns` frequencies evenly
 * spaced from `low` to `high` Hz, as python-sounddevice's spectrogram example.
 */
export class SpectrumAnalyzer {
  /** FFT size. */
  readonly size: number;
  /** Hz between columns. */
  readonly deltaF: number;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #window: Float64Array;
  readonly #bins: Int32Array;
  readonly #out: Float64Array;

  /**
   * @param samplerate Sample rate in Hz.
   * @param columns Number of output columns.
   * @param low Frequency of the first column in Hz.
   * @param high Frequency of the last column in Hz.
   */
  constructor(samplerate: number, columns: number, low: number, high: number) {
    if (!(columns >= 2) || !(high > low) || !(low >= 0)) {
      throw new RangeError(
        `need columns >= 2 and 0 <= low < high, got ${columns}, ${low}, ${high}`,
      );
    }
    this.deltaF = (high - low) / (columns - 1);
    this.size = nextPow2(Math.ceil(samplerate / this.deltaF));
    this.#re = new Float64Array(this.size);
    this.#im = new Float64Array(this.size);
    this.#window = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      this.#window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / this.size);
    }
    this.#bins = new Int32Array(columns);
    for (let c = 0; c < columns; c++) {
      this.#bins[c] = Math.round(
        (low + c * this.deltaF) * this.size / samplerate,
      );
    }
    this.#out = new Float64Array(columns);
  }

  /**
   * Magnitudes of the columns for one block (zero-padded or cut to the FFT
   * size); a full-scale sine gives about 1 times `gain`.
   *
   * @param block Mono samples.
   * @param gain Scale factor.
   * @returns Column magnitudes (reused between calls).
   */
  analyze(block: ArrayLike<number>, gain: number): Float64Array {
    const n = Math.min(block.length, this.size);
    this.#re.fill(0);
    this.#im.fill(0);
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      const w = this.#window[Math.floor(i * this.size / n)];
      this.#re[i] = block[i] * w;
      wsum += w;
    }
    fft(this.#re, this.#im);
    const scale = wsum > 0 ? 2 * gain / wsum : 0;
    for (let c = 0; c < this.#bins.length; c++) {
      const b = this.#bins[c];
      this.#out[c] = Math.hypot(this.#re[b], this.#im[b]) * scale;
    }
    return this.#out;
  }
}
