/**
 * libsndfile symbol table (`sndfile.h`), its library description and
 * struct layouts. Reading and writing whole files may take a while, so the
 * frame I/O calls are also declared `nonblocking` (suffix `_nb`).
 *
 * @module
 */

import { type LibrarySpec, loadLibrary } from "./loader.ts";
import { defineStruct } from "./struct.ts";

const sf = "pointer"; // SNDFILE *

/** The libsndfile symbol table. C names unchanged; prototypes in trailing comments. */
export const SNDFILE_SYMBOLS = {
  sf_open: {
    parameters: [
      "buffer",
      /* const char *path */ "i32",
      /* int mode */ "buffer", /* SF_INFO *sfinfo */
    ],
    result: "pointer", // SNDFILE *
  },
  sf_open_fd: {
    parameters: [
      "i32", // int fd
      "i32", // int mode
      "buffer", // SF_INFO *sfinfo
      "i32", // int close_desc
    ],
    result: "pointer", // SNDFILE *
  },
  sf_open_virtual: {
    parameters: [
      "buffer", // SF_VIRTUAL_IO *sfvirtual
      "i32", // int mode
      "buffer", // SF_INFO *sfinfo
      "pointer", // void *user_data
    ],
    result: "pointer", // SNDFILE *
  },
  sf_close: { parameters: [sf], result: "i32" }, // int sf_close(SNDFILE *)
  sf_error: { parameters: [sf], result: "i32" }, // int sf_error(SNDFILE *)
  sf_strerror: { parameters: [sf], result: "pointer" }, // const char *sf_strerror(SNDFILE *)
  sf_error_number: { parameters: ["i32" /* int errnum */], result: "pointer" }, // const char *
  sf_command: {
    parameters: [
      sf,
      "i32",
      /* int command */ "buffer",
      /* void *data */ "i32", /* int datasize */
    ],
    result: "i32", // int
  },
  sf_format_check: {
    parameters: ["buffer" /* const SF_INFO *info */],
    result: "i32",
  }, // int
  sf_seek: {
    parameters: [sf, "i64", /* sf_count_t frames */ "i32" /* int whence */],
    result: "i64",
  }, // sf_count_t
  sf_version_string: { parameters: [], result: "pointer" }, // const char *
  sf_write_sync: { parameters: [sf], result: "void" }, // void sf_write_sync(SNDFILE *)
  sf_readf_short: {
    parameters: [sf, "buffer", /* short *ptr */ "i64" /* sf_count_t frames */],
    result: "i64",
  },
  sf_readf_int: {
    parameters: [sf, "buffer", /* int *ptr */ "i64" /* sf_count_t frames */],
    result: "i64",
  },
  sf_readf_float: {
    parameters: [sf, "buffer", /* float *ptr */ "i64" /* sf_count_t frames */],
    result: "i64",
  },
  sf_readf_double: {
    parameters: [sf, "buffer", /* double *ptr */ "i64" /* sf_count_t frames */],
    result: "i64",
  },
  sf_writef_short: {
    parameters: [
      sf,
      "buffer",
      /* const short *ptr */ "i64", /* sf_count_t frames */
    ],
    result: "i64",
  },
  sf_writef_int: {
    parameters: [
      sf,
      "buffer",
      /* const int *ptr */ "i64", /* sf_count_t frames */
    ],
    result: "i64",
  },
  sf_writef_float: {
    parameters: [
      sf,
      "buffer",
      /* const float *ptr */ "i64", /* sf_count_t frames */
    ],
    result: "i64",
  },
  sf_writef_double: {
    parameters: [
      sf,
      "buffer",
      /* const double *ptr */ "i64", /* sf_count_t frames */
    ],
    result: "i64",
  },
  sf_readf_short_nb: {
    name: "sf_readf_short",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_readf_int_nb: {
    name: "sf_readf_int",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_readf_float_nb: {
    name: "sf_readf_float",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_readf_double_nb: {
    name: "sf_readf_double",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_writef_short_nb: {
    name: "sf_writef_short",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_writef_int_nb: {
    name: "sf_writef_int",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_writef_float_nb: {
    name: "sf_writef_float",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
  sf_writef_double_nb: {
    name: "sf_writef_double",
    parameters: [sf, "buffer", "i64"],
    result: "i64",
    nonblocking: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** How to find libsndfile. */
export const SNDFILE: LibrarySpec<typeof SNDFILE_SYMBOLS> = {
  name: "libsndfile",
  envVar: "AUDIODEV_SNDFILE_PATH",
  candidates: {
    linux: ["libsndfile.so.1", "libsndfile.so"],
    darwin: [
      "libsndfile.1.dylib",
      "libsndfile.dylib",
      "/opt/homebrew/lib/libsndfile.dylib",
    ],
    windows: ["sndfile.dll", "libsndfile-1.dll"],
  },
  debianPackage: "libsndfile1",
  symbols: SNDFILE_SYMBOLS,
};

/** Opens libsndfile (once) and returns its symbols. */
export function sndfile(): Deno.DynamicLibrary<
  typeof SNDFILE_SYMBOLS
>["symbols"] {
  return loadLibrary(SNDFILE).symbols;
}

/** `SF_INFO`. */
export const SF_INFO = defineStruct(
  [
    ["frames", "i64"],
    ["samplerate", "i32"],
    ["channels", "i32"],
    ["format", "i32"],
    ["sections", "i32"],
    ["seekable", "i32"],
  ] as const,
);

/** `SF_VIRTUAL_IO`: five function pointers (`sf_vio_get_filelen`, `sf_vio_seek`, `sf_vio_read`, `sf_vio_write`, `sf_vio_tell`). */
export const SF_VIRTUAL_IO = defineStruct(
  [
    ["get_filelen", "pointer"],
    ["seek", "pointer"],
    ["read", "pointer"],
    ["write", "pointer"],
    ["tell", "pointer"],
  ] as const,
);

/** `sf_count_t (*sf_vio_get_filelen)(void *user_data)` and `sf_vio_tell`. */
export const SF_VIO_LENGTH = {
  parameters: ["pointer"],
  result: "i64",
} as const satisfies Deno.UnsafeCallbackDefinition;
/** `sf_count_t (*sf_vio_seek)(sf_count_t offset, int whence, void *user_data)`. */
export const SF_VIO_SEEK = {
  parameters: ["i64", "i32", "pointer"],
  result: "i64",
} as const satisfies Deno.UnsafeCallbackDefinition;
/** `sf_count_t (*sf_vio_read)(void *ptr, sf_count_t count, void *user_data)` and `sf_vio_write` (`const void *ptr`). */
export const SF_VIO_TRANSFER = {
  parameters: ["pointer", "i64", "pointer"],
  result: "i64",
} as const satisfies Deno.UnsafeCallbackDefinition;

/** `SF_FORMAT_INFO`. */
export const SF_FORMAT_INFO = defineStruct(
  [
    ["format", "i32"],
    ["name", "pointer"],
    ["extension", "pointer"],
  ] as const,
);

/** Open modes. */
export const SFM_READ = 0x10;
/** Write mode. */
export const SFM_WRITE = 0x20;
/** Read-write mode. */
export const SFM_RDWR = 0x30;
/** `sf_command` commands used here. */
export const SFC = {
  SFC_GET_LIB_VERSION: 0x1000,
  SFC_GET_FORMAT_INFO: 0x1028,
  SFC_GET_FORMAT_MAJOR_COUNT: 0x1030,
  SFC_GET_FORMAT_MAJOR: 0x1031,
  SFC_GET_FORMAT_SUBTYPE_COUNT: 0x1032,
  SFC_GET_FORMAT_SUBTYPE: 0x1033,
} as const;

/** Major formats (`SF_FORMAT_*` container types) by python-soundfile name. */
export const SF_FORMATS = {
  WAV: 0x010000,
  AIFF: 0x020000,
  AU: 0x030000,
  RAW: 0x040000,
  PAF: 0x050000,
  SVX: 0x060000,
  NIST: 0x070000,
  VOC: 0x080000,
  IRCAM: 0x0A0000,
  W64: 0x0B0000,
  MAT4: 0x0C0000,
  MAT5: 0x0D0000,
  PVF: 0x0E0000,
  XI: 0x0F0000,
  HTK: 0x100000,
  SDS: 0x110000,
  AVR: 0x120000,
  WAVEX: 0x130000,
  SD2: 0x160000,
  FLAC: 0x170000,
  CAF: 0x180000,
  WVE: 0x190000,
  OGG: 0x200000,
  MPC2K: 0x210000,
  RF64: 0x220000,
  MP3: 0x230000,
} as const;

/** Subtypes (`SF_FORMAT_*` encodings) by python-soundfile name. */
export const SF_SUBTYPES = {
  PCM_S8: 0x0001,
  PCM_16: 0x0002,
  PCM_24: 0x0003,
  PCM_32: 0x0004,
  PCM_U8: 0x0005,
  FLOAT: 0x0006,
  DOUBLE: 0x0007,
  ULAW: 0x0010,
  ALAW: 0x0011,
  IMA_ADPCM: 0x0012,
  MS_ADPCM: 0x0013,
  GSM610: 0x0020,
  VOX_ADPCM: 0x0021,
  NMS_ADPCM_16: 0x0022,
  NMS_ADPCM_24: 0x0023,
  NMS_ADPCM_32: 0x0024,
  G721_32: 0x0030,
  G723_24: 0x0031,
  G723_40: 0x0032,
  DWVW_12: 0x0040,
  DWVW_16: 0x0041,
  DWVW_24: 0x0042,
  DWVW_N: 0x0043,
  DPCM_8: 0x0050,
  DPCM_16: 0x0051,
  VORBIS: 0x0060,
  OPUS: 0x0064,
  ALAC_16: 0x0070,
  ALAC_20: 0x0071,
  ALAC_24: 0x0072,
  ALAC_32: 0x0073,
  MPEG_LAYER_I: 0x0080,
  MPEG_LAYER_II: 0x0081,
  MPEG_LAYER_III: 0x0082,
} as const;

/** Endianness (`SF_ENDIAN_*`) by python-soundfile name. */
export const SF_ENDIANS = {
  FILE: 0x00000000,
  LITTLE: 0x10000000,
  BIG: 0x20000000,
  CPU: 0x30000000,
} as const;

/** Masks. */
export const SF_FORMAT_SUBMASK = 0x0000FFFF;
/** Container mask. */
export const SF_FORMAT_TYPEMASK = 0x0FFF0000;
/** Endianness mask. */
export const SF_FORMAT_ENDMASK = 0x30000000;
