/**
 * Reading and writing one simple mixer element (`snd_mixer_elem_t*`):
 * capabilities in pyalsaaudio's words, channels, volume ranges and values
 * (raw or dB), switches and enumerated items. Every libasound return code
 * goes through `checkAlsa`; `label` names the control in messages.
 *
 * @module
 */

import { alsaLib, checkAlsa } from "../src/alsa/errors.ts";
import { PCM_PLAYBACK } from "../src/alsa/constants.ts";

/** ALSA's last simple-mixer channel (`SND_MIXER_SCHN_LAST`). */
const SCHN_LAST = 31;

type Elem = Deno.PointerObject;

/** Scratch out-parameters (one call at a time on the main thread). */
const longs = new BigInt64Array(2);
const ints = new Int32Array(1);
const uints = new Uint32Array(1);

/**
 * The control's volume and switch capabilities, in pyalsaaudio's words
 * (`volumecap()` and `switchcap()`).
 *
 * @param e The element.
 * @returns Both lists.
 */
export function capabilities(e: Elem): { volume: string[]; switch: string[] } {
  const a = alsaLib();
  const volume: string[] = [];
  const sw: string[] = [];
  if (a.snd_mixer_selem_has_common_volume(e)) {
    volume.push("Volume");
    if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
      volume.push("Joined Volume");
    }
  } else {
    if (a.snd_mixer_selem_has_playback_volume(e)) {
      volume.push("Playback Volume");
      if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
        volume.push("Joined Playback Volume");
      }
    }
    if (a.snd_mixer_selem_has_capture_volume(e)) {
      volume.push("Capture Volume");
      if (a.snd_mixer_selem_has_capture_volume_joined(e)) {
        volume.push("Joined Capture Volume");
      }
    }
  }
  if (a.snd_mixer_selem_has_common_switch(e)) {
    sw.push("Mute");
    if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
      sw.push("Joined Mute");
    }
  } else {
    if (a.snd_mixer_selem_has_playback_switch(e)) {
      sw.push("Playback Mute");
      if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
        sw.push("Joined Playback Mute");
      }
    }
    if (a.snd_mixer_selem_has_capture_switch(e)) {
      sw.push("Capture Mute");
      if (a.snd_mixer_selem_has_capture_switch_joined(e)) {
        sw.push("Joined Capture Mute");
      }
      if (a.snd_mixer_selem_has_capture_switch_exclusive(e)) {
        sw.push("Capture Exclusive");
      }
    }
  }
  return { volume, switch: sw };
}

/**
 * The channel numbers (0 = front left, ...) the element has in a direction.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @returns The channels.
 */
export function channels(e: Elem, dir: number): number[] {
  const a = alsaLib();
  const out: number[] = [];
  for (let c = 0; c <= SCHN_LAST; c++) {
    const has = dir === PCM_PLAYBACK
      ? a.snd_mixer_selem_has_playback_channel(e, c)
      : a.snd_mixer_selem_has_capture_channel(e, c);
    if (has) out.push(c);
  }
  return out;
}

/**
 * Whether the element has a volume in a direction.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @returns `true` when it has.
 */
export function hasVolume(e: Elem, dir: number): boolean {
  const a = alsaLib();
  if (a.snd_mixer_selem_has_common_volume(e)) return true;
  return dir === PCM_PLAYBACK
    ? a.snd_mixer_selem_has_playback_volume(e) !== 0
    : a.snd_mixer_selem_has_capture_volume(e) !== 0;
}

/**
 * Whether the element has a switch in a direction.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @returns `true` when it has.
 */
export function hasSwitch(e: Elem, dir: number): boolean {
  const a = alsaLib();
  return (dir === PCM_PLAYBACK
    ? a.snd_mixer_selem_has_playback_switch(e)
    : a.snd_mixer_selem_has_capture_switch(e)) !== 0;
}

/**
 * The raw volume range.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param label The control, for messages.
 * @returns `[min, max]`.
 * @throws {AlsaError} When ALSA fails.
 */
export function rawRange(
  e: Elem,
  dir: number,
  label: string,
): [number, number] {
  const a = alsaLib();
  const min = longs.subarray(0, 1);
  const max = longs.subarray(1, 2);
  if (dir === PCM_PLAYBACK) {
    checkAlsa(
      a.snd_mixer_selem_get_playback_volume_range(e, min, max),
      "snd_mixer_selem_get_playback_volume_range",
      label,
    );
  } else {
    checkAlsa(
      a.snd_mixer_selem_get_capture_volume_range(e, min, max),
      "snd_mixer_selem_get_capture_volume_range",
      label,
    );
  }
  return [Number(longs[0]), Number(longs[1])];
}

/**
 * The dB range in hundredths of a dB.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param label The control, for messages.
 * @returns `[min, max]`.
 * @throws {AlsaError} When the control has no dB scale.
 */
export function dbRange(e: Elem, dir: number, label: string): [number, number] {
  const a = alsaLib();
  const min = longs.subarray(0, 1);
  const max = longs.subarray(1, 2);
  checkAlsa(
    dir === PCM_PLAYBACK
      ? a.snd_mixer_selem_get_playback_dB_range(e, min, max)
      : a.snd_mixer_selem_get_capture_dB_range(e, min, max),
    dir === PCM_PLAYBACK
      ? "snd_mixer_selem_get_playback_dB_range"
      : "snd_mixer_selem_get_capture_dB_range",
    `${label} has no dB scale`,
  );
  return [Number(longs[0]), Number(longs[1])];
}

/**
 * One channel's volume, raw or in hundredths of a dB.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param c The channel.
 * @param db dB instead of raw.
 * @param label The control, for messages.
 * @returns The value.
 * @throws {AlsaError} When ALSA fails (dB: no dB scale).
 */
export function readVolume(
  e: Elem,
  dir: number,
  c: number,
  db: boolean,
  label: string,
): number {
  const a = alsaLib();
  const v = longs.subarray(0, 1);
  const playback = dir === PCM_PLAYBACK;
  const call = `snd_mixer_selem_get_${playback ? "playback" : "capture"}_${
    db ? "dB" : "volume"
  }`;
  const rc = playback
    ? (db
      ? a.snd_mixer_selem_get_playback_dB(e, c, v)
      : a.snd_mixer_selem_get_playback_volume(e, c, v))
    : (db
      ? a.snd_mixer_selem_get_capture_dB(e, c, v)
      : a.snd_mixer_selem_get_capture_volume(e, c, v));
  checkAlsa(rc, call, db ? `${label} (dB)` : label);
  return Number(longs[0]);
}

/**
 * Sets one channel's volume, raw or in hundredths of a dB (a dB value
 * between two steps goes to a neighbouring step, as ALSA rounds with `dir`
 * 0, which pyalsaaudio passes too).
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param c The channel.
 * @param value The value.
 * @param db dB instead of raw.
 * @param label The control, for messages.
 * @throws {AlsaError} When ALSA fails.
 */
export function writeVolume(
  e: Elem,
  dir: number,
  c: number,
  value: number,
  db: boolean,
  label: string,
): void {
  const a = alsaLib();
  const v = BigInt(value);
  const playback = dir === PCM_PLAYBACK;
  const call = `snd_mixer_selem_set_${playback ? "playback" : "capture"}_${
    db ? "dB" : "volume"
  }`;
  const rc = playback
    ? (db
      ? a.snd_mixer_selem_set_playback_dB(e, c, v, 0)
      : a.snd_mixer_selem_set_playback_volume(e, c, v))
    : (db
      ? a.snd_mixer_selem_set_capture_dB(e, c, v, 0)
      : a.snd_mixer_selem_set_capture_volume(e, c, v));
  checkAlsa(rc, call, label);
}

/**
 * The switch of each channel (1 on, 0 off).
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param label The control, for messages.
 * @returns One flag per channel.
 * @throws {AlsaError} When ALSA fails.
 */
export function readSwitches(e: Elem, dir: number, label: string): number[] {
  const a = alsaLib();
  const playback = dir === PCM_PLAYBACK;
  return channels(e, dir).map((c) => {
    checkAlsa(
      playback
        ? a.snd_mixer_selem_get_playback_switch(e, c, ints)
        : a.snd_mixer_selem_get_capture_switch(e, c, ints),
      playback
        ? "snd_mixer_selem_get_playback_switch"
        : "snd_mixer_selem_get_capture_switch",
      label,
    );
    return ints[0] ? 1 : 0;
  });
}

/**
 * Sets the switch of one channel.
 *
 * @param e The element.
 * @param dir `PCM_PLAYBACK` or `PCM_CAPTURE`.
 * @param c The channel.
 * @param on The new state.
 * @param label The control, for messages.
 * @throws {AlsaError} When ALSA fails.
 */
export function writeSwitch(
  e: Elem,
  dir: number,
  c: number,
  on: boolean,
  label: string,
): void {
  const a = alsaLib();
  const playback = dir === PCM_PLAYBACK;
  checkAlsa(
    playback
      ? a.snd_mixer_selem_set_playback_switch(e, c, on ? 1 : 0)
      : a.snd_mixer_selem_set_capture_switch(e, c, on ? 1 : 0),
    playback
      ? "snd_mixer_selem_set_playback_switch"
      : "snd_mixer_selem_set_capture_switch",
    label,
  );
}

/**
 * Whether the element is an enumerated control.
 *
 * @param e The element.
 * @returns `true` when it is.
 */
export function isEnumerated(e: Elem): boolean {
  return alsaLib().snd_mixer_selem_is_enumerated(e) !== 0;
}

/**
 * How many items an enumerated element has.
 *
 * @param e The element.
 * @param label The control, for messages.
 * @returns The count.
 * @throws {AlsaError} When ALSA fails.
 */
export function enumCount(e: Elem, label: string): number {
  return checkAlsa(
    alsaLib().snd_mixer_selem_get_enum_items(e),
    "snd_mixer_selem_get_enum_items",
    label,
  );
}

/**
 * The selected item and all items of an enumerated element.
 *
 * @param e The element.
 * @param label The control, for messages.
 * @returns `[selected, items]`.
 * @throws {AlsaError} When ALSA fails.
 */
export function readEnum(e: Elem, label: string): [string, string[]] {
  const a = alsaLib();
  const count = enumCount(e, label);
  const items: string[] = [];
  const buf = new Uint8Array(256);
  for (let i = 0; i < count; i++) {
    buf.fill(0);
    checkAlsa(
      a.snd_mixer_selem_get_enum_item_name(e, i, BigInt(buf.length - 1), buf),
      "snd_mixer_selem_get_enum_item_name",
      label,
    );
    items.push(new TextDecoder().decode(buf.subarray(0, buf.indexOf(0))));
  }
  checkAlsa(
    a.snd_mixer_selem_get_enum_item(e, 0, uints),
    "snd_mixer_selem_get_enum_item",
    label,
  );
  return [items[uints[0]] ?? "", items];
}

/**
 * Selects an item of an enumerated element (on every channel, as
 * pyalsaaudio sets channel 0 and ALSA joins enumerated channels).
 *
 * @param e The element.
 * @param index The item.
 * @param label The control, for messages.
 * @throws {AlsaError} When ALSA fails.
 */
export function writeEnum(e: Elem, index: number, label: string): void {
  checkAlsa(
    alsaLib().snd_mixer_selem_set_enum_item(e, 0, index),
    "snd_mixer_selem_set_enum_item",
    label,
  );
}
