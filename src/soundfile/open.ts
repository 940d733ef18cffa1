/**
 * Opening a sound file: open modes, the settings a new file is written
 * with, Deno's permission check, a dry run of libsndfile's open, a short
 * write and close on an in-memory file before an existing file is truncated, and the file descriptor opened with
 * the mode's exact `open(2)` flags (`O_EXCL` for `"x"`), handed to
 * `sf_open_fd`.
 *
 * @module
 */

import {
  SF_ENDIANS,
  SF_FORMATS,
  SF_INFO,
  SF_SUBTYPES,
  SF_VIO_LENGTH,
  SF_VIO_SEEK,
  SF_VIO_TRANSFER,
  SF_VIRTUAL_IO,
  SFM_RDWR,
  SFM_READ,
  SFM_WRITE,
  sndfile,
} from "../../ffi/sndfile.ts";
import { errno, libc, strerror } from "../../ffi/libc.ts";
import { writeField } from "../../ffi/struct.ts";
import { describeValue } from "../options.ts";
import { type PathAccess, requirePathPermission } from "../permissions.ts";
import { cstr, SF_ERR_SYSTEM, SoundFileError } from "./errors.ts";
import {
  endianName,
  formatFromExtension,
  formatName,
  type SoundFileEndian,
  type SoundFileFormat,
  type SoundFileSubtype,
  subtypeName,
} from "./formats.ts";
import { checkPositiveInt } from "./samples.ts";
import { defaultSubtype } from "./formats.ts";

/** Open modes, as in python-soundfile: read, write (truncate), exclusive create; `+` adds the other direction. */
export type SoundFileMode = "r" | "r+" | "w" | "w+" | "x" | "x+";

const MODES: readonly SoundFileMode[] = ["r", "r+", "w", "w+", "x", "x+"];

/** Checks an open mode. */
export function checkMode(mode: unknown, where: string): SoundFileMode {
  if (MODES.includes(mode as SoundFileMode)) return mode as SoundFileMode;
  throw new TypeError(
    `${where} must be "r", "r+", "w", "w+", "x" or "x+", got ${
      describeValue(mode)
    }`,
  );
}

/** What a new (or RAW) file is opened with. */
export interface FileSettings {
  /** Sampling rate in Hz. */
  samplerate?: unknown;
  /** Channels. */
  channels?: unknown;
  /** Container format (any case). */
  format?: unknown;
  /** Subtype (any case). */
  subtype?: unknown;
  /** Endianness (any case). */
  endian?: unknown;
}

/** An open libsndfile handle and the descriptor it reads and writes. */
export interface OpenedFile {
  /** The `SNDFILE *`. */
  handle: Deno.PointerObject;
  /** The descriptor (ours to close after `sf_close`). */
  fd: number;
  /** The `SF_INFO` libsndfile filled in. */
  info: Uint8Array;
}

// open(2) flags beyond those in ffi/libc.ts, per system.
const FLAGS = Deno.build.os === "darwin"
  ? { WRONLY: 1, RDWR: 2, CREAT: 0x200, TRUNC: 0x400, EXCL: 0x800 }
  : { WRONLY: 1, RDWR: 2, CREAT: 0o100, TRUNC: 0o1000, EXCL: 0o200 };
const O_CLOEXEC = Deno.build.os === "darwin" ? 0x1000000 : 0o2000000;
const EEXIST = 17;
// The permissions libsndfile gives the files it creates.
const NEW_FILE_MODE = 0o644;

const encoder = new TextEncoder();

/** Fills `info` with the settings of a file to write (or a RAW file to read). */
function writeSettings(
  path: string,
  mode: SoundFileMode,
  options: FileSettings,
  info: Uint8Array,
  where: string,
): void {
  let format: SoundFileFormat | undefined = options.format === undefined
    ? undefined
    : formatName(options.format, `${where}: format`);
  if (mode[0] === "r" && format !== "RAW") return;
  format ??= formatFromExtension(path);
  if (!format) {
    throw new TypeError(
      `${where}: cannot tell the format from ${
        JSON.stringify(path)
      }; give format, e.g. "WAV" or "FLAC"`,
    );
  }
  if (format === "SD2" && mode[0] !== "r") {
    // libsndfile writes SD2 only through sf_open with a path (its resource
    // fork); sf_open_fd refuses it after an existing file was truncated.
    throw new TypeError(
      `${where}: format SD2 cannot be written (libsndfile writes it only by file name, not through an open file); choose another format, e.g. "AIFF"`,
    );
  }
  const subtype: SoundFileSubtype | undefined = options.subtype === undefined
    ? defaultSubtype(format)
    : subtypeName(options.subtype, `${where}: subtype`);
  if (!subtype) {
    throw new TypeError(
      `${where}: format ${format} needs a subtype, e.g. "PCM_16"`,
    );
  }
  const endian: SoundFileEndian = options.endian === undefined
    ? "FILE"
    : endianName(options.endian, `${where}: endian`);
  const samplerate = checkPositiveInt(
    options.samplerate,
    `${where}: samplerate`,
    "a sampling rate in Hz",
  );
  const channels = checkPositiveInt(
    options.channels,
    `${where}: channels`,
    "a channel count",
    1024,
  );
  const dv = new DataView(info.buffer);
  writeField(dv, SF_INFO, "samplerate", samplerate);
  writeField(dv, SF_INFO, "channels", channels);
  writeField(
    dv,
    SF_INFO,
    "format",
    SF_FORMATS[format] | SF_SUBTYPES[subtype] | SF_ENDIANS[endian],
  );
  if (mode[0] !== "r" && sndfile().sf_format_check(info) === 0) {
    throw new TypeError(
      `${where}: format ${format} with subtype ${subtype} (${channels} channels, ${samplerate} Hz) is not supported; ` +
        `see availableSubtypes("${format}")`,
    );
  }
}

/** The permissions a mode needs. */
function accessOf(mode: SoundFileMode): PathAccess[] {
  if (mode === "r") return ["read"];
  if (mode === "w" || mode === "x") return ["write"];
  return ["read", "write"];
}

/**
 * Opens `path` in `mode`. For the writing modes the settings are first
 * tried on an in-memory file (open, two frames written, close), so that
 * settings libsndfile refuses at open (FLAC above 655350 Hz) or at the
 * first write (Vorbis above 655350 Hz) never truncate an existing file.
 *
 * @throws {TypeError|RangeError} Bad settings.
 * @throws {Deno.errors.NotCapable} Without the read/write permission.
 * @throws {SoundFileError} When the file cannot be opened.
 */
export function openSoundFile(
  path: string,
  mode: SoundFileMode,
  options: FileSettings,
  where: string,
): OpenedFile {
  const info = new Uint8Array(SF_INFO.size);
  writeSettings(path, mode, options, info, where);
  requirePathPermission(path, accessOf(mode), where);
  const sfMode = mode.endsWith("+")
    ? SFM_RDWR
    : mode[0] === "r"
    ? SFM_READ
    : SFM_WRITE;
  if (mode[0] !== "r") tryInMemory(path, sfMode, info);

  const flags =
    (mode === "r"
      ? 0
      : mode === "w" || mode === "x"
      ? FLAGS.WRONLY
      : FLAGS.RDWR) |
    (mode[0] === "w" ? FLAGS.CREAT | FLAGS.TRUNC : 0) |
    (mode[0] === "x" ? FLAGS.CREAT | FLAGS.EXCL : 0) |
    O_CLOEXEC;
  const c = libc();
  const fd = c.open(encoder.encode(path + "\0"), flags, NEW_FILE_MODE);
  if (fd < 0) {
    const code = errno();
    if (code === EEXIST && mode[0] === "x") {
      throw new SoundFileError(
        `Cannot create ${JSON.stringify(path)}: file exists (mode "x")`,
        { path, call: "open", code: SF_ERR_SYSTEM },
      );
    }
    throw new SoundFileError(
      `Error opening ${JSON.stringify(path)}: ${strerror(code)}`,
      { path, call: "open", code: SF_ERR_SYSTEM },
    );
  }
  const lib = sndfile();
  // libsndfile owns the descriptor from here on (close_desc 1): it closes it
  // at sf_close and also when the open fails. It did the latter even when
  // asked not to (close_desc 0), so a close of ours after a failed open
  // closed a descriptor number another thread might have been given by then
  // (seen: a worker's module import failing with EBADF).
  const handle = lib.sf_open_fd(fd, sfMode, info, 1);
  if (handle === null) {
    const error = new SoundFileError(
      `Error opening ${JSON.stringify(path)}: ${cstr(lib.sf_strerror(null))}`,
      { code: lib.sf_error(null), call: "sf_open", path },
    );
    // A file this call created (mode "x") is not left behind empty.
    if (mode[0] === "x") {
      try {
        Deno.removeSync(path);
      } catch { /* it was ours; nothing better to do */ }
    }
    throw error;
  }
  return { handle, fd, info };
}

// ---------------------------------------------------------------------------
// A dry run of sf_open on an in-memory file (libsndfile's virtual I/O).

interface MemoryFile {
  bytes: Uint8Array;
  length: number;
  position: number;
}

let memory: MemoryFile | null = null;
let virtualIo: Uint8Array | null = null;

function memoryFile(): MemoryFile {
  if (memory === null) throw new Error("no in-memory file is open");
  return memory;
}

/** The SF_VIRTUAL_IO table, built once; its callbacks run only inside sf_open_virtual/sf_close calls on this thread. */
function virtualIoTable(): Uint8Array {
  if (virtualIo !== null) return virtualIo;
  const length = new Deno.UnsafeCallback(
    SF_VIO_LENGTH,
    () => BigInt(memoryFile().length),
  );
  const tell = new Deno.UnsafeCallback(
    SF_VIO_LENGTH,
    () => BigInt(memoryFile().position),
  );
  const seek = new Deno.UnsafeCallback(SF_VIO_SEEK, (offset, whence) => {
    const m = memoryFile();
    const base = whence === 1 ? m.position : whence === 2 ? m.length : 0;
    const to = base + Number(offset);
    if (to < 0) return -1n;
    m.position = to;
    return BigInt(to);
  });
  const read = new Deno.UnsafeCallback(SF_VIO_TRANSFER, (ptr, count) => {
    const m = memoryFile();
    const n = Math.max(0, Math.min(Number(count), m.length - m.position));
    if (n > 0 && ptr !== null) {
      new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(ptr, n)).set(
        m.bytes.subarray(m.position, m.position + n),
      );
    }
    m.position += n;
    return BigInt(n);
  });
  const write = new Deno.UnsafeCallback(SF_VIO_TRANSFER, (ptr, count) => {
    const m = memoryFile();
    const n = Number(count);
    if (n <= 0 || ptr === null) return 0n;
    const end = m.position + n;
    if (end > m.bytes.length) {
      const grown = new Uint8Array(Math.max(end, m.bytes.length * 2));
      grown.set(m.bytes.subarray(0, m.length));
      m.bytes = grown;
    }
    m.bytes.set(
      new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(ptr, n)),
      m.position,
    );
    m.position = end;
    m.length = Math.max(m.length, end);
    return BigInt(n);
  });
  const table = new Uint8Array(SF_VIRTUAL_IO.size);
  const dv = new DataView(table.buffer);
  writeField(dv, SF_VIRTUAL_IO, "get_filelen", length.pointer);
  writeField(dv, SF_VIRTUAL_IO, "seek", seek.pointer);
  writeField(dv, SF_VIRTUAL_IO, "read", read.pointer);
  writeField(dv, SF_VIRTUAL_IO, "write", write.pointer);
  writeField(dv, SF_VIRTUAL_IO, "tell", tell.pointer);
  virtualIo = table;
  return table;
}

/**
 * Opens an in-memory file with `info`, writes two frames of silence and
 * closes it; throws what sf_open, sf_writef or sf_close would. Some
 * encoders accept settings at open and refuse them only at the first write
 * (Vorbis above 655350 Hz; AIFF DWVW_12 and RAW VOX_ADPCM), so the open
 * alone would let an existing file be truncated by a write that then fails.
 */
function tryInMemory(path: string, sfMode: number, info: Uint8Array): void {
  const lib = sndfile();
  const table = virtualIoTable();
  const trial = info.slice();
  const channels = new DataView(trial.buffer).getInt32(
    SF_INFO.offsets.channels,
    true,
  );
  memory = { bytes: new Uint8Array(4096), length: 0, position: 0 };
  try {
    const h = lib.sf_open_virtual(table, sfMode, trial, null);
    if (h === null) {
      throw new SoundFileError(
        `Error opening ${JSON.stringify(path)}: ${cstr(lib.sf_strerror(null))}`,
        { code: lib.sf_error(null), call: "sf_open", path },
      );
    }
    const written = lib.sf_writef_double(
      h,
      new Float64Array(2 * channels),
      2n,
    );
    const code = lib.sf_error(h);
    const reason = cstr(lib.sf_strerror(h));
    const closed = lib.sf_close(h);
    // VOX ADPCM counts a write in pairs of frames (2 for 1), so an even
    // count is asked for and more than asked is not a refusal.
    if (written < 2n) {
      throw new SoundFileError(
        `Error writing ${JSON.stringify(path)}: ${
          code === 0
            ? `libsndfile wrote ${written} of 2 frames with these settings`
            : reason
        }`,
        { code, call: "sf_writef", path },
      );
    }
    if (closed !== 0) {
      throw new SoundFileError(
        `Error closing ${JSON.stringify(path)}: ${
          cstr(lib.sf_error_number(closed))
        }`,
        { code: closed, call: "sf_close", path },
      );
    }
  } finally {
    memory = null;
  }
}
