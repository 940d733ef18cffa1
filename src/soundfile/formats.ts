/**
 * Container formats, subtypes and endianness: the names python-soundfile
 * uses, their libsndfile codes, defaults and what this libsndfile offers.
 *
 * @module
 */

import {
  SF_ENDIANS,
  SF_FORMAT_INFO,
  SF_FORMATS,
  SF_INFO,
  SF_SUBTYPES,
  SFC,
  sndfile,
} from "../../ffi/sndfile.ts";
import { readField, writeField } from "../../ffi/struct.ts";
import { describeValue } from "../options.ts";
import { cstr } from "./errors.ts";

/** Container format names (python-soundfile's). */
export type SoundFileFormat = keyof typeof SF_FORMATS;
/** Subtype (encoding) names (python-soundfile's). */
export type SoundFileSubtype = keyof typeof SF_SUBTYPES;
/** Endianness names. */
export type SoundFileEndian = keyof typeof SF_ENDIANS;

/** Format names by code. */
export const FORMAT_BY_CODE: ReadonlyMap<number, SoundFileFormat> = new Map(
  Object.entries(SF_FORMATS).map(([k, v]) => [v, k as SoundFileFormat]),
);
/** Subtype names by code. */
export const SUBTYPE_BY_CODE: ReadonlyMap<number, SoundFileSubtype> = new Map(
  Object.entries(SF_SUBTYPES).map(([k, v]) => [v, k as SoundFileSubtype]),
);
/** Endianness names by code. */
export const ENDIAN_BY_CODE: ReadonlyMap<number, SoundFileEndian> = new Map(
  Object.entries(SF_ENDIANS).map(([k, v]) => [v, k as SoundFileEndian]),
);

const DEFAULT_SUBTYPES: Partial<Record<SoundFileFormat, SoundFileSubtype>> = {
  WAV: "PCM_16",
  AIFF: "PCM_16",
  AU: "PCM_16",
  PAF: "PCM_16",
  SVX: "PCM_16",
  NIST: "PCM_16",
  VOC: "PCM_16",
  IRCAM: "PCM_16",
  W64: "PCM_16",
  MAT4: "DOUBLE",
  MAT5: "DOUBLE",
  PVF: "PCM_16",
  XI: "DPCM_16",
  HTK: "PCM_16",
  SDS: "PCM_16",
  AVR: "PCM_16",
  WAVEX: "PCM_16",
  SD2: "PCM_16",
  FLAC: "PCM_16",
  CAF: "PCM_16",
  WVE: "ALAW",
  OGG: "VORBIS",
  MPC2K: "PCM_16",
  RF64: "PCM_16",
  MP3: "MPEG_LAYER_III",
};

const EXTENSIONS: Record<string, SoundFileFormat> = {
  wav: "WAV",
  wave: "WAV",
  aif: "AIFF",
  aiff: "AIFF",
  aifc: "AIFF",
  au: "AU",
  snd: "AU",
  raw: "RAW",
  paf: "PAF",
  svx: "SVX",
  nist: "NIST",
  sph: "NIST",
  voc: "VOC",
  sf: "IRCAM",
  w64: "W64",
  mat: "MAT5",
  pvf: "PVF",
  xi: "XI",
  htk: "HTK",
  sds: "SDS",
  avr: "AVR",
  sd2: "SD2",
  flac: "FLAC",
  caf: "CAF",
  wve: "WVE",
  ogg: "OGG",
  oga: "OGG",
  opus: "OGG",
  mpc: "MPC2K",
  rf64: "RF64",
  mp3: "MP3",
};

/** The format a file name's extension stands for, if any. */
export function formatFromExtension(path: string): SoundFileFormat | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot < 0) return undefined;
  const ext = base.slice(dot + 1).toLowerCase();
  return Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
}

/**
 * The subtype used when none is given for `format` (python-soundfile's `default_subtype`).
 *
 * @param format A container format (any case).
 * @returns The default subtype, or `undefined` (RAW has none).
 * @throws {TypeError} When `format` is not a format name.
 * @example Default subtype of FLAC
 * ```ts
 * import { defaultSubtype } from "@audiodev/audiodev/soundfile";
 * console.assert(defaultSubtype("FLAC") === "PCM_16");
 * ```
 */
export function defaultSubtype(
  format: SoundFileFormat,
): SoundFileSubtype | undefined {
  return DEFAULT_SUBTYPES[formatName(format, "defaultSubtype(format)")];
}

/** Checks a format name (any case) and returns it in upper case. */
export function formatName(name: unknown, where: string): SoundFileFormat {
  if (typeof name === "string") {
    const up = name.toUpperCase();
    if (Object.hasOwn(SF_FORMATS, up)) return up as SoundFileFormat;
  }
  throw new TypeError(
    `${where}: unknown format ${describeValue(name)}; use one of ${
      Object.keys(SF_FORMATS).join(", ")
    }`,
  );
}

/** Checks a subtype name (any case) and returns it in upper case. */
export function subtypeName(name: unknown, where: string): SoundFileSubtype {
  if (typeof name === "string") {
    const up = name.toUpperCase();
    if (Object.hasOwn(SF_SUBTYPES, up)) return up as SoundFileSubtype;
  }
  throw new TypeError(
    `${where}: unknown subtype ${describeValue(name)}; use one of ${
      Object.keys(SF_SUBTYPES).join(", ")
    }`,
  );
}

/** Checks an endianness name (any case) and returns it in upper case. */
export function endianName(name: unknown, where: string): SoundFileEndian {
  if (typeof name === "string") {
    const up = name.toUpperCase();
    if (Object.hasOwn(SF_ENDIANS, up)) return up as SoundFileEndian;
  }
  throw new TypeError(
    `${where}: unknown endian ${describeValue(name)}; use one of ${
      Object.keys(SF_ENDIANS).join(", ")
    }`,
  );
}

/** libsndfile's description of a format or subtype code. */
export function formatInfoText(code: number): string {
  const buf = new Uint8Array(SF_FORMAT_INFO.size);
  writeField(new DataView(buf.buffer), SF_FORMAT_INFO, "format", code);
  if (
    sndfile().sf_command(null, SFC.SFC_GET_FORMAT_INFO, buf, buf.length) !== 0
  ) return "";
  const v = new Deno.UnsafePointerView(Deno.UnsafePointer.of(buf)!);
  return cstr(readField(v, SF_FORMAT_INFO, "name") as Deno.PointerValue);
}

/**
 * Container formats this libsndfile can write, with descriptions.
 *
 * @returns e.g. `{ WAV: "WAV (Microsoft)", FLAC: "FLAC (Free Lossless Audio Codec)", ... }`.
 * @example List the formats
 * ```ts ignore
 * import { availableFormats } from "@audiodev/audiodev/soundfile";
 * console.log(Object.keys(availableFormats()));
 * ```
 */
export function availableFormats(): Partial<Record<SoundFileFormat, string>> {
  return listFormats(
    SFC.SFC_GET_FORMAT_MAJOR_COUNT,
    SFC.SFC_GET_FORMAT_MAJOR,
    FORMAT_BY_CODE,
  );
}

/**
 * Subtypes this libsndfile offers, optionally only those valid for `format`.
 *
 * @param format A container format (any case).
 * @returns e.g. `{ PCM_16: "Signed 16 bit PCM", ... }`.
 * @throws {TypeError} When `format` is given and is not a format name.
 * @example Subtypes FLAC can hold
 * ```ts ignore
 * import { availableSubtypes } from "@audiodev/audiodev/soundfile";
 * console.log(Object.keys(availableSubtypes("FLAC"))); // PCM_S8, PCM_16, PCM_24
 * ```
 */
export function availableSubtypes(
  format?: SoundFileFormat,
): Partial<Record<SoundFileSubtype, string>> {
  const f = format === undefined
    ? undefined
    : formatName(format, "availableSubtypes(format)");
  const all = listFormats(
    SFC.SFC_GET_FORMAT_SUBTYPE_COUNT,
    SFC.SFC_GET_FORMAT_SUBTYPE,
    SUBTYPE_BY_CODE,
  );
  if (!f) return all;
  return Object.fromEntries(
    Object.entries(all).filter(([s]) => checkFormat(f, s as SoundFileSubtype)),
  );
}

/**
 * Whether libsndfile can write `format` with `subtype` (and `endian`).
 *
 * @param format Container format (any case).
 * @param subtype Encoding (default: the format's default).
 * @param endian Endianness (default `"FILE"`).
 * @returns `true` when the combination is valid.
 * @throws {TypeError} When a name is not a format, subtype or endianness.
 * @example Check a combination
 * ```ts
 * import { checkFormat } from "@audiodev/audiodev/soundfile";
 * console.assert(checkFormat("WAV", "PCM_24") && !checkFormat("FLAC", "FLOAT"));
 * ```
 */
export function checkFormat(
  format: SoundFileFormat,
  subtype?: SoundFileSubtype,
  endian: SoundFileEndian = "FILE",
): boolean {
  const f = formatName(format, "checkFormat(format)");
  const s = subtype === undefined
    ? DEFAULT_SUBTYPES[f]
    : subtypeName(subtype, "checkFormat(subtype)");
  const e = endianName(endian, "checkFormat(endian)");
  if (!s) return false;
  const buf = new Uint8Array(SF_INFO.size);
  const dv = new DataView(buf.buffer);
  writeField(dv, SF_INFO, "samplerate", 44100);
  writeField(dv, SF_INFO, "channels", 1);
  writeField(
    dv,
    SF_INFO,
    "format",
    SF_FORMATS[f] | SF_SUBTYPES[s] | SF_ENDIANS[e],
  );
  return sndfile().sf_format_check(buf) === 1;
}

function listFormats<K extends string>(
  countCmd: number,
  getCmd: number,
  names: ReadonlyMap<number, K>,
): Partial<Record<K, string>> {
  const lib = sndfile();
  const countBuf = new Int32Array(1);
  lib.sf_command(null, countCmd, countBuf, 4);
  const result: Partial<Record<K, string>> = {};
  const buf = new Uint8Array(SF_FORMAT_INFO.size);
  const dv = new DataView(buf.buffer);
  const view = new Deno.UnsafePointerView(Deno.UnsafePointer.of(buf)!);
  for (let i = 0; i < countBuf[0]; i++) {
    writeField(dv, SF_FORMAT_INFO, "format", i);
    if (lib.sf_command(null, getCmd, buf, buf.length) !== 0) continue;
    const code = readField(view, SF_FORMAT_INFO, "format") as number;
    const name = names.get(code);
    if (name) {
      result[name] = cstr(
        readField(view, SF_FORMAT_INFO, "name") as Deno.PointerValue,
      );
    }
  }
  return result;
}

/**
 * libsndfile's version text.
 *
 * @returns e.g. `"libsndfile-1.2.0"`.
 * @example Print the version
 * ```ts ignore
 * import { libsndfileVersion } from "@audiodev/audiodev/soundfile";
 * console.log(libsndfileVersion());
 * ```
 */
export function libsndfileVersion(): string {
  return cstr(sndfile().sf_version_string());
}
