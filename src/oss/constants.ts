/**
 * ossaudiodev's constants: sample formats, mixer channels, labels and names,
 * and the `SNDCTL_*` request numbers.
 *
 * @module
 */

import { SNDCTL } from "../../ffi/oss.ts";

export { SNDCTL };

/** Query the current format (`setfmt(AFMT_QUERY)`). */
export const AFMT_QUERY = 0x0;
/** μ-law. */
export const AFMT_MU_LAW = 0x1;
/** A-law. */
export const AFMT_A_LAW = 0x2;
/** IMA ADPCM. */
export const AFMT_IMA_ADPCM = 0x4;
/** Unsigned 8 bit. */
export const AFMT_U8 = 0x8;
/** Signed 16 bit little endian. */
export const AFMT_S16_LE = 0x10;
/** Signed 16 bit big endian. */
export const AFMT_S16_BE = 0x20;
/** Signed 8 bit. */
export const AFMT_S8 = 0x40;
/** Unsigned 16 bit little endian. */
export const AFMT_U16_LE = 0x80;
/** Unsigned 16 bit big endian. */
export const AFMT_U16_BE = 0x100;
/** MPEG. */
export const AFMT_MPEG = 0x200;
/** Dolby AC-3. */
export const AFMT_AC3 = 0x400;
/** Signed 16 bit, native byte order (little endian here). */
export const AFMT_S16_NE = 0x10;
/** Unsigned 16 bit, native byte order (little endian here). */
export const AFMT_U16_NE = 0x80;

/** Master volume. */
export const SOUND_MIXER_VOLUME = 0;
/** Bass. */
export const SOUND_MIXER_BASS = 1;
/** Treble. */
export const SOUND_MIXER_TREBLE = 2;
/** Synthesizer. */
export const SOUND_MIXER_SYNTH = 3;
/** PCM (wave output). */
export const SOUND_MIXER_PCM = 4;
/** PC speaker. */
export const SOUND_MIXER_SPEAKER = 5;
/** Line in. */
export const SOUND_MIXER_LINE = 6;
/** Microphone. */
export const SOUND_MIXER_MIC = 7;
/** CD. */
export const SOUND_MIXER_CD = 8;
/** Recording monitor. */
export const SOUND_MIXER_IMIX = 9;
/** Alternate PCM. */
export const SOUND_MIXER_ALTPCM = 10;
/** Recording level. */
export const SOUND_MIXER_RECLEV = 11;
/** Input gain. */
export const SOUND_MIXER_IGAIN = 12;
/** Output gain. */
export const SOUND_MIXER_OGAIN = 13;
/** Line 1. */
export const SOUND_MIXER_LINE1 = 14;
/** Line 2. */
export const SOUND_MIXER_LINE2 = 15;
/** Line 3. */
export const SOUND_MIXER_LINE3 = 16;
/** Digital 1. */
export const SOUND_MIXER_DIGITAL1 = 17;
/** Digital 2. */
export const SOUND_MIXER_DIGITAL2 = 18;
/** Digital 3. */
export const SOUND_MIXER_DIGITAL3 = 19;
/** Phone in. */
export const SOUND_MIXER_PHONEIN = 20;
/** Phone out. */
export const SOUND_MIXER_PHONEOUT = 21;
/** Video. */
export const SOUND_MIXER_VIDEO = 22;
/** Radio. */
export const SOUND_MIXER_RADIO = 23;
/** Monitor. */
export const SOUND_MIXER_MONITOR = 24;
/** Number of mixer channels. */
export const SOUND_MIXER_NRDEVICES = 25;

/** The 25 mixer channel labels, as ossaudiodev's `control_labels`. */
export const controlLabels: readonly string[] = [
  "Vol  ",
  "Bass ",
  "Trebl",
  "Synth",
  "Pcm  ",
  "Spkr ",
  "Line ",
  "Mic  ",
  "CD   ",
  "Mix  ",
  "Pcm2 ",
  "Rec  ",
  "IGain",
  "OGain",
  "Line1",
  "Line2",
  "Line3",
  "Digital1",
  "Digital2",
  "Digital3",
  "PhoneIn",
  "PhoneOut",
  "Video",
  "Radio",
  "Monitor",
];

/** The 25 mixer channel names, as ossaudiodev's `control_names`. */
export const controlNames: readonly string[] = [
  "vol",
  "bass",
  "treble",
  "synth",
  "pcm",
  "speaker",
  "line",
  "mic",
  "cd",
  "mix",
  "pcm2",
  "rec",
  "igain",
  "ogain",
  "line1",
  "line2",
  "line3",
  "dig1",
  "dig2",
  "dig3",
  "phin",
  "phout",
  "video",
  "radio",
  "monitor",
];

// The `SNDCTL_*` ioctl request numbers ossaudiodev exports, one name each.

/** ioctl request `SNDCTL_COPR_HALT` (coprocessor). */
export const SNDCTL_COPR_HALT: number = SNDCTL.SNDCTL_COPR_HALT;
/** ioctl request `SNDCTL_COPR_LOAD` (coprocessor). */
export const SNDCTL_COPR_LOAD: number = SNDCTL.SNDCTL_COPR_LOAD;
/** ioctl request `SNDCTL_COPR_RCODE` (coprocessor). */
export const SNDCTL_COPR_RCODE: number = SNDCTL.SNDCTL_COPR_RCODE;
/** ioctl request `SNDCTL_COPR_RCVMSG` (coprocessor). */
export const SNDCTL_COPR_RCVMSG: number = SNDCTL.SNDCTL_COPR_RCVMSG;
/** ioctl request `SNDCTL_COPR_RDATA` (coprocessor). */
export const SNDCTL_COPR_RDATA: number = SNDCTL.SNDCTL_COPR_RDATA;
/** ioctl request `SNDCTL_COPR_RESET` (coprocessor). */
export const SNDCTL_COPR_RESET: number = SNDCTL.SNDCTL_COPR_RESET;
/** ioctl request `SNDCTL_COPR_RUN` (coprocessor). */
export const SNDCTL_COPR_RUN: number = SNDCTL.SNDCTL_COPR_RUN;
/** ioctl request `SNDCTL_COPR_SENDMSG` (coprocessor). */
export const SNDCTL_COPR_SENDMSG: number = SNDCTL.SNDCTL_COPR_SENDMSG;
/** ioctl request `SNDCTL_COPR_WCODE` (coprocessor). */
export const SNDCTL_COPR_WCODE: number = SNDCTL.SNDCTL_COPR_WCODE;
/** ioctl request `SNDCTL_COPR_WDATA` (coprocessor). */
export const SNDCTL_COPR_WDATA: number = SNDCTL.SNDCTL_COPR_WDATA;
/** ioctl request `SNDCTL_DSP_BIND_CHANNEL` (audio device). */
export const SNDCTL_DSP_BIND_CHANNEL: number = SNDCTL.SNDCTL_DSP_BIND_CHANNEL;
/** ioctl request `SNDCTL_DSP_CHANNELS` (audio device). */
export const SNDCTL_DSP_CHANNELS: number = SNDCTL.SNDCTL_DSP_CHANNELS;
/** ioctl request `SNDCTL_DSP_GETBLKSIZE` (audio device). */
export const SNDCTL_DSP_GETBLKSIZE: number = SNDCTL.SNDCTL_DSP_GETBLKSIZE;
/** ioctl request `SNDCTL_DSP_GETCAPS` (audio device). */
export const SNDCTL_DSP_GETCAPS: number = SNDCTL.SNDCTL_DSP_GETCAPS;
/** ioctl request `SNDCTL_DSP_GETCHANNELMASK` (audio device). */
export const SNDCTL_DSP_GETCHANNELMASK: number =
  SNDCTL.SNDCTL_DSP_GETCHANNELMASK;
/** ioctl request `SNDCTL_DSP_GETFMTS` (audio device). */
export const SNDCTL_DSP_GETFMTS: number = SNDCTL.SNDCTL_DSP_GETFMTS;
/** ioctl request `SNDCTL_DSP_GETIPTR` (audio device). */
export const SNDCTL_DSP_GETIPTR: number = SNDCTL.SNDCTL_DSP_GETIPTR;
/** ioctl request `SNDCTL_DSP_GETISPACE` (audio device). */
export const SNDCTL_DSP_GETISPACE: number = SNDCTL.SNDCTL_DSP_GETISPACE;
/** ioctl request `SNDCTL_DSP_GETODELAY` (audio device). */
export const SNDCTL_DSP_GETODELAY: number = SNDCTL.SNDCTL_DSP_GETODELAY;
/** ioctl request `SNDCTL_DSP_GETOPTR` (audio device). */
export const SNDCTL_DSP_GETOPTR: number = SNDCTL.SNDCTL_DSP_GETOPTR;
/** ioctl request `SNDCTL_DSP_GETOSPACE` (audio device). */
export const SNDCTL_DSP_GETOSPACE: number = SNDCTL.SNDCTL_DSP_GETOSPACE;
/** ioctl request `SNDCTL_DSP_GETSPDIF` (audio device). */
export const SNDCTL_DSP_GETSPDIF: number = SNDCTL.SNDCTL_DSP_GETSPDIF;
/** ioctl request `SNDCTL_DSP_GETTRIGGER` (audio device). */
export const SNDCTL_DSP_GETTRIGGER: number = SNDCTL.SNDCTL_DSP_GETTRIGGER;
/** ioctl request `SNDCTL_DSP_MAPINBUF` (audio device). */
export const SNDCTL_DSP_MAPINBUF: number = SNDCTL.SNDCTL_DSP_MAPINBUF;
/** ioctl request `SNDCTL_DSP_MAPOUTBUF` (audio device). */
export const SNDCTL_DSP_MAPOUTBUF: number = SNDCTL.SNDCTL_DSP_MAPOUTBUF;
/** ioctl request `SNDCTL_DSP_NONBLOCK` (audio device). */
export const SNDCTL_DSP_NONBLOCK: number = SNDCTL.SNDCTL_DSP_NONBLOCK;
/** ioctl request `SNDCTL_DSP_POST` (audio device). */
export const SNDCTL_DSP_POST: number = SNDCTL.SNDCTL_DSP_POST;
/** ioctl request `SNDCTL_DSP_PROFILE` (audio device). */
export const SNDCTL_DSP_PROFILE: number = SNDCTL.SNDCTL_DSP_PROFILE;
/** ioctl request `SNDCTL_DSP_RESET` (audio device). */
export const SNDCTL_DSP_RESET: number = SNDCTL.SNDCTL_DSP_RESET;
/** ioctl request `SNDCTL_DSP_SAMPLESIZE` (audio device). */
export const SNDCTL_DSP_SAMPLESIZE: number = SNDCTL.SNDCTL_DSP_SAMPLESIZE;
/** ioctl request `SNDCTL_DSP_SETDUPLEX` (audio device). */
export const SNDCTL_DSP_SETDUPLEX: number = SNDCTL.SNDCTL_DSP_SETDUPLEX;
/** ioctl request `SNDCTL_DSP_SETFMT` (audio device). */
export const SNDCTL_DSP_SETFMT: number = SNDCTL.SNDCTL_DSP_SETFMT;
/** ioctl request `SNDCTL_DSP_SETFRAGMENT` (audio device). */
export const SNDCTL_DSP_SETFRAGMENT: number = SNDCTL.SNDCTL_DSP_SETFRAGMENT;
/** ioctl request `SNDCTL_DSP_SETSPDIF` (audio device). */
export const SNDCTL_DSP_SETSPDIF: number = SNDCTL.SNDCTL_DSP_SETSPDIF;
/** ioctl request `SNDCTL_DSP_SETSYNCRO` (audio device). */
export const SNDCTL_DSP_SETSYNCRO: number = SNDCTL.SNDCTL_DSP_SETSYNCRO;
/** ioctl request `SNDCTL_DSP_SETTRIGGER` (audio device). */
export const SNDCTL_DSP_SETTRIGGER: number = SNDCTL.SNDCTL_DSP_SETTRIGGER;
/** ioctl request `SNDCTL_DSP_SPEED` (audio device). */
export const SNDCTL_DSP_SPEED: number = SNDCTL.SNDCTL_DSP_SPEED;
/** ioctl request `SNDCTL_DSP_STEREO` (audio device). */
export const SNDCTL_DSP_STEREO: number = SNDCTL.SNDCTL_DSP_STEREO;
/** ioctl request `SNDCTL_DSP_SUBDIVIDE` (audio device). */
export const SNDCTL_DSP_SUBDIVIDE: number = SNDCTL.SNDCTL_DSP_SUBDIVIDE;
/** ioctl request `SNDCTL_DSP_SYNC` (audio device). */
export const SNDCTL_DSP_SYNC: number = SNDCTL.SNDCTL_DSP_SYNC;
/** ioctl request `SNDCTL_FM_4OP_ENABLE` (FM synthesizer). */
export const SNDCTL_FM_4OP_ENABLE: number = SNDCTL.SNDCTL_FM_4OP_ENABLE;
/** ioctl request `SNDCTL_FM_LOAD_INSTR` (FM synthesizer). */
export const SNDCTL_FM_LOAD_INSTR: number = SNDCTL.SNDCTL_FM_LOAD_INSTR;
/** ioctl request `SNDCTL_MIDI_INFO` (MIDI). */
export const SNDCTL_MIDI_INFO: number = SNDCTL.SNDCTL_MIDI_INFO;
/** ioctl request `SNDCTL_MIDI_MPUCMD` (MIDI). */
export const SNDCTL_MIDI_MPUCMD: number = SNDCTL.SNDCTL_MIDI_MPUCMD;
/** ioctl request `SNDCTL_MIDI_MPUMODE` (MIDI). */
export const SNDCTL_MIDI_MPUMODE: number = SNDCTL.SNDCTL_MIDI_MPUMODE;
/** ioctl request `SNDCTL_MIDI_PRETIME` (MIDI). */
export const SNDCTL_MIDI_PRETIME: number = SNDCTL.SNDCTL_MIDI_PRETIME;
/** ioctl request `SNDCTL_SEQ_CTRLRATE` (sequencer). */
export const SNDCTL_SEQ_CTRLRATE: number = SNDCTL.SNDCTL_SEQ_CTRLRATE;
/** ioctl request `SNDCTL_SEQ_GETINCOUNT` (sequencer). */
export const SNDCTL_SEQ_GETINCOUNT: number = SNDCTL.SNDCTL_SEQ_GETINCOUNT;
/** ioctl request `SNDCTL_SEQ_GETOUTCOUNT` (sequencer). */
export const SNDCTL_SEQ_GETOUTCOUNT: number = SNDCTL.SNDCTL_SEQ_GETOUTCOUNT;
/** ioctl request `SNDCTL_SEQ_GETTIME` (sequencer). */
export const SNDCTL_SEQ_GETTIME: number = SNDCTL.SNDCTL_SEQ_GETTIME;
/** ioctl request `SNDCTL_SEQ_NRMIDIS` (sequencer). */
export const SNDCTL_SEQ_NRMIDIS: number = SNDCTL.SNDCTL_SEQ_NRMIDIS;
/** ioctl request `SNDCTL_SEQ_NRSYNTHS` (sequencer). */
export const SNDCTL_SEQ_NRSYNTHS: number = SNDCTL.SNDCTL_SEQ_NRSYNTHS;
/** ioctl request `SNDCTL_SEQ_OUTOFBAND` (sequencer). */
export const SNDCTL_SEQ_OUTOFBAND: number = SNDCTL.SNDCTL_SEQ_OUTOFBAND;
/** ioctl request `SNDCTL_SEQ_PANIC` (sequencer). */
export const SNDCTL_SEQ_PANIC: number = SNDCTL.SNDCTL_SEQ_PANIC;
/** ioctl request `SNDCTL_SEQ_PERCMODE` (sequencer). */
export const SNDCTL_SEQ_PERCMODE: number = SNDCTL.SNDCTL_SEQ_PERCMODE;
/** ioctl request `SNDCTL_SEQ_RESET` (sequencer). */
export const SNDCTL_SEQ_RESET: number = SNDCTL.SNDCTL_SEQ_RESET;
/** ioctl request `SNDCTL_SEQ_RESETSAMPLES` (sequencer). */
export const SNDCTL_SEQ_RESETSAMPLES: number = SNDCTL.SNDCTL_SEQ_RESETSAMPLES;
/** ioctl request `SNDCTL_SEQ_SYNC` (sequencer). */
export const SNDCTL_SEQ_SYNC: number = SNDCTL.SNDCTL_SEQ_SYNC;
/** ioctl request `SNDCTL_SEQ_TESTMIDI` (sequencer). */
export const SNDCTL_SEQ_TESTMIDI: number = SNDCTL.SNDCTL_SEQ_TESTMIDI;
/** ioctl request `SNDCTL_SEQ_THRESHOLD` (sequencer). */
export const SNDCTL_SEQ_THRESHOLD: number = SNDCTL.SNDCTL_SEQ_THRESHOLD;
/** ioctl request `SNDCTL_SYNTH_CONTROL` (synthesizer). */
export const SNDCTL_SYNTH_CONTROL: number = SNDCTL.SNDCTL_SYNTH_CONTROL;
/** ioctl request `SNDCTL_SYNTH_ID` (synthesizer). */
export const SNDCTL_SYNTH_ID: number = SNDCTL.SNDCTL_SYNTH_ID;
/** ioctl request `SNDCTL_SYNTH_INFO` (synthesizer). */
export const SNDCTL_SYNTH_INFO: number = SNDCTL.SNDCTL_SYNTH_INFO;
/** ioctl request `SNDCTL_SYNTH_MEMAVL` (synthesizer). */
export const SNDCTL_SYNTH_MEMAVL: number = SNDCTL.SNDCTL_SYNTH_MEMAVL;
/** ioctl request `SNDCTL_SYNTH_REMOVESAMPLE` (synthesizer). */
export const SNDCTL_SYNTH_REMOVESAMPLE: number =
  SNDCTL.SNDCTL_SYNTH_REMOVESAMPLE;
/** ioctl request `SNDCTL_TMR_CONTINUE` (sequencer timer). */
export const SNDCTL_TMR_CONTINUE: number = SNDCTL.SNDCTL_TMR_CONTINUE;
/** ioctl request `SNDCTL_TMR_METRONOME` (sequencer timer). */
export const SNDCTL_TMR_METRONOME: number = SNDCTL.SNDCTL_TMR_METRONOME;
/** ioctl request `SNDCTL_TMR_SELECT` (sequencer timer). */
export const SNDCTL_TMR_SELECT: number = SNDCTL.SNDCTL_TMR_SELECT;
/** ioctl request `SNDCTL_TMR_SOURCE` (sequencer timer). */
export const SNDCTL_TMR_SOURCE: number = SNDCTL.SNDCTL_TMR_SOURCE;
/** ioctl request `SNDCTL_TMR_START` (sequencer timer). */
export const SNDCTL_TMR_START: number = SNDCTL.SNDCTL_TMR_START;
/** ioctl request `SNDCTL_TMR_STOP` (sequencer timer). */
export const SNDCTL_TMR_STOP: number = SNDCTL.SNDCTL_TMR_STOP;
/** ioctl request `SNDCTL_TMR_TEMPO` (sequencer timer). */
export const SNDCTL_TMR_TEMPO: number = SNDCTL.SNDCTL_TMR_TEMPO;
/** ioctl request `SNDCTL_TMR_TIMEBASE` (sequencer timer). */
export const SNDCTL_TMR_TIMEBASE: number = SNDCTL.SNDCTL_TMR_TIMEBASE;
