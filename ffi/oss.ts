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
      "buffer", // const char *pathname
      "i32", // int flags
      "u32", // mode_t mode
    ],
    result: "i32",
  }, // int open(const char *pathname, int flags, ...)
  ioctl: {
    parameters: [
      "i32", // int fd
      "u64", // unsigned long request
      "buffer", // void *argp
    ],
    result: "i32",
  }, // int ioctl(int fd, unsigned long request, ...)
  ioctl_nb: {
    name: "ioctl",
    parameters: [
      "i32", // int fd
      "u64", // unsigned long request
      "buffer", // void *argp
    ],
    result: "i32",
    nonblocking: true,
  }, // the same, on a helper thread (for requests that wait: SNDCTL_DSP_SYNC)
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

/**
 * OSS ioctl request numbers (Linux `linux/soundcard.h`): every `SNDCTL_*`
 * that Python's ossaudiodev exports, and the mixer requests the mixer
 * device uses (`MIXER_READ(n)` is `MIXER_READ_BASE + n`).
 */
export const SNDCTL = {
  SNDCTL_COPR_HALT: 0xC0144307,
  SNDCTL_COPR_LOAD: 0xCFB04301,
  SNDCTL_COPR_RCODE: 0xC0144303,
  SNDCTL_COPR_RCVMSG: 0x8FA44309,
  SNDCTL_COPR_RDATA: 0xC0144302,
  SNDCTL_COPR_RESET: 0x00004300,
  SNDCTL_COPR_RUN: 0xC0144306,
  SNDCTL_COPR_SENDMSG: 0xCFA44308,
  SNDCTL_COPR_WCODE: 0x40144305,
  SNDCTL_COPR_WDATA: 0x40144304,
  SNDCTL_DSP_BIND_CHANNEL: 0xC0045041,
  SNDCTL_DSP_CHANNELS: 0xC0045006,
  SNDCTL_DSP_GETBLKSIZE: 0xC0045004,
  SNDCTL_DSP_GETCAPS: 0x8004500F,
  SNDCTL_DSP_GETCHANNELMASK: 0xC0045040,
  SNDCTL_DSP_GETFMTS: 0x8004500B,
  SNDCTL_DSP_GETIPTR: 0x800C5011,
  SNDCTL_DSP_GETISPACE: 0x8010500D,
  SNDCTL_DSP_GETODELAY: 0x80045017,
  SNDCTL_DSP_GETOPTR: 0x800C5012,
  SNDCTL_DSP_GETOSPACE: 0x8010500C,
  SNDCTL_DSP_GETSPDIF: 0x80045043,
  SNDCTL_DSP_GETTRIGGER: 0x80045010,
  SNDCTL_DSP_MAPINBUF: 0x80105013,
  SNDCTL_DSP_MAPOUTBUF: 0x80105014,
  SNDCTL_DSP_NONBLOCK: 0x0000500E,
  SNDCTL_DSP_POST: 0x00005008,
  SNDCTL_DSP_PROFILE: 0x40045017,
  SNDCTL_DSP_RESET: 0x00005000,
  SNDCTL_DSP_SAMPLESIZE: 0xC0045005,
  SNDCTL_DSP_SETDUPLEX: 0x00005016,
  SNDCTL_DSP_SETFMT: 0xC0045005,
  SNDCTL_DSP_SETFRAGMENT: 0xC004500A,
  SNDCTL_DSP_SETSPDIF: 0x40045042,
  SNDCTL_DSP_SETSYNCRO: 0x00005015,
  SNDCTL_DSP_SETTRIGGER: 0x40045010,
  SNDCTL_DSP_SPEED: 0xC0045002,
  SNDCTL_DSP_STEREO: 0xC0045003,
  SNDCTL_DSP_SUBDIVIDE: 0xC0045009,
  SNDCTL_DSP_SYNC: 0x00005001,
  SNDCTL_FM_4OP_ENABLE: 0x4004510F,
  SNDCTL_FM_LOAD_INSTR: 0x40285107,
  SNDCTL_MIDI_INFO: 0xC074510C,
  SNDCTL_MIDI_MPUCMD: 0xC0216D02,
  SNDCTL_MIDI_MPUMODE: 0xC0046D01,
  SNDCTL_MIDI_PRETIME: 0xC0046D00,
  SNDCTL_SEQ_CTRLRATE: 0xC0045103,
  SNDCTL_SEQ_GETINCOUNT: 0x80045105,
  SNDCTL_SEQ_GETOUTCOUNT: 0x80045104,
  SNDCTL_SEQ_GETTIME: 0x80045113,
  SNDCTL_SEQ_NRMIDIS: 0x8004510B,
  SNDCTL_SEQ_NRSYNTHS: 0x8004510A,
  SNDCTL_SEQ_OUTOFBAND: 0x40085112,
  SNDCTL_SEQ_PANIC: 0x00005111,
  SNDCTL_SEQ_PERCMODE: 0x40045106,
  SNDCTL_SEQ_RESET: 0x00005100,
  SNDCTL_SEQ_RESETSAMPLES: 0x40045109,
  SNDCTL_SEQ_SYNC: 0x00005101,
  SNDCTL_SEQ_TESTMIDI: 0x40045108,
  SNDCTL_SEQ_THRESHOLD: 0x4004510D,
  SNDCTL_SYNTH_CONTROL: 0xCFA45115,
  SNDCTL_SYNTH_ID: 0xC08C5114,
  SNDCTL_SYNTH_INFO: 0xC08C5102,
  SNDCTL_SYNTH_MEMAVL: 0xC004510E,
  SNDCTL_SYNTH_REMOVESAMPLE: 0xC00C5116,
  SNDCTL_TMR_CONTINUE: 0x00005404,
  SNDCTL_TMR_METRONOME: 0x40045407,
  SNDCTL_TMR_SELECT: 0x40045408,
  SNDCTL_TMR_SOURCE: 0xC0045406,
  SNDCTL_TMR_START: 0x00005402,
  SNDCTL_TMR_STOP: 0x00005403,
  SNDCTL_TMR_TEMPO: 0xC0045405,
  SNDCTL_TMR_TIMEBASE: 0xC0045401,
  SOUND_MIXER_READ_RECSRC: 0x80044DFF,
  SOUND_MIXER_READ_DEVMASK: 0x80044DFE,
  SOUND_MIXER_READ_RECMASK: 0x80044DFD,
  SOUND_MIXER_READ_STEREODEVS: 0x80044DFB,
  SOUND_MIXER_READ_CAPS: 0x80044DFC,
  SOUND_MIXER_WRITE_RECSRC: 0xC0044DFF,
  MIXER_READ_BASE: 0x80044D00,
  MIXER_WRITE_BASE: 0xC0044D00,
} as const;
