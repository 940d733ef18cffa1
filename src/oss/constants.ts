/**
 * ossaudiodev's constants: sample formats, mixer channels, labels and names,
 * and the `SNDCTL_*` request numbers.
 *
 * @module
 */

export { SNDCTL } from "../../ffi/oss.ts";

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
