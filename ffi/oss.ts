/**
 * OSS (`/dev/dsp`, `/dev/mixer`) constants in C spelling (`sys/soundcard.h`)
 * and PulseAudio's OSS emulation library `libpulsedsp.so` (what `padsp`
 * preloads), whose `open`/`ioctl`/`close` give a working `/dev/dsp` on
 * machines without OSS kernel devices.
 *
 * @module
 */

import { type LibrarySpec, loadLibrary } from "./loader.ts";

/** libpulsedsp's symbols (the libc names it intercepts). */
export const PULSEDSP_SYMBOLS = {
  open: {
    parameters: [
      "buffer",
      /* const char *pathname */ "i32",
      /* int flags */ "u32", /* mode_t mode */
    ],
    result: "i32",
  }, // int open(const char *, int, ...)
  ioctl: {
    parameters: [
      "i32",
      /* int fd */ "u64",
      /* unsigned long request */ "buffer", /* void *argp */
    ],
    result: "i32",
  }, // int ioctl(int, unsigned long, ...)
  ioctl_nb: {
    name: "ioctl",
    parameters: [
      "i32",
      /* int fd */ "u64",
      /* unsigned long request */ "buffer", /* void *argp */
    ],
    result: "i32",
    nonblocking: true,
  },
  close: { parameters: ["i32" /* int fd */], result: "i32" }, // int close(int fd)
} as const satisfies Deno.ForeignLibraryInterface;

/** How to find PulseAudio's OSS emulation. */
export const PULSEDSP: LibrarySpec<typeof PULSEDSP_SYMBOLS> = {
  name: "libpulsedsp",
  envVar: "AUDIODEV_PULSEDSP_PATH",
  candidates: {
    linux: [
      "/usr/lib/x86_64-linux-gnu/pulseaudio/libpulsedsp.so",
      "/usr/lib/aarch64-linux-gnu/pulseaudio/libpulsedsp.so",
      "/usr/lib/pulseaudio/libpulsedsp.so",
      "/usr/lib64/pulseaudio/libpulsedsp.so",
      "libpulsedsp.so",
    ],
  },
  debianPackage: "libpulsedsp",
  symbols: PULSEDSP_SYMBOLS,
};

/** Opens libpulsedsp (once) and returns its symbols. */
export function pulsedsp(): Deno.DynamicLibrary<
  typeof PULSEDSP_SYMBOLS
>["symbols"] {
  return loadLibrary(PULSEDSP).symbols;
}

/** `SNDCTL_DSP_*` ioctl request numbers (Linux). */
export const SNDCTL = {
  SNDCTL_DSP_RESET: 0x00005000,
  SNDCTL_DSP_SYNC: 0x00005001,
  SNDCTL_DSP_SPEED: 0xC0045002,
  SNDCTL_DSP_STEREO: 0xC0045003,
  SNDCTL_DSP_GETBLKSIZE: 0xC0045004,
  SNDCTL_DSP_SETFMT: 0xC0045005,
  SNDCTL_DSP_CHANNELS: 0xC0045006,
  SNDCTL_DSP_POST: 0x00005008,
  SNDCTL_DSP_SUBDIVIDE: 0xC0045009,
  SNDCTL_DSP_SETFRAGMENT: 0xC004500A,
  SNDCTL_DSP_GETFMTS: 0x8004500B,
  SNDCTL_DSP_GETOSPACE: 0x8010500C,
  SNDCTL_DSP_GETISPACE: 0x8010500D,
  SNDCTL_DSP_NONBLOCK: 0x0000500E,
  SNDCTL_DSP_GETCAPS: 0x8004500F,
  SNDCTL_DSP_GETTRIGGER: 0x80045010,
  SNDCTL_DSP_SETTRIGGER: 0x40045010,
  SNDCTL_DSP_GETIPTR: 0x800C5011,
  SNDCTL_DSP_GETOPTR: 0x800C5012,
  SNDCTL_DSP_SETDUPLEX: 0x00005016,
  SNDCTL_DSP_GETODELAY: 0x80045017,
  SOUND_MIXER_READ_RECSRC: 0x80044DFF,
  SOUND_MIXER_READ_DEVMASK: 0x80044DFE,
  SOUND_MIXER_READ_RECMASK: 0x80044DFD,
  SOUND_MIXER_READ_STEREODEVS: 0x80044DFB,
  SOUND_MIXER_READ_CAPS: 0x80044DFC,
  SOUND_MIXER_WRITE_RECSRC: 0xC0044DFF,
  MIXER_READ_BASE: 0x80044D00,
  MIXER_WRITE_BASE: 0xC0044D00,
} as const;
