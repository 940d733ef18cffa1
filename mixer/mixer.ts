/**
 * `Mixer`: ALSA simple mixer controls at pyalsaaudio 0.11 parity, plus an
 * async iterator of change events.
 *
 * @module
 */

import { pollfd } from "../ffi/alsa.ts";
import { SND_MIXER_SCHN } from "../ffi/alsa_constants.ts";
import { libc } from "../ffi/libc.ts";
import { AlsaError, alsaLib, checkAlsa } from "../src/alsa/errors.ts";
import {
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
  pcmTypeValue,
} from "../src/alsa/constants.ts";
import {
  MIXER_CHANNEL_ALL,
  percentToRaw,
  rawToPercent,
  unitsValue,
  VOLUME_UNITS_DB,
  VOLUME_UNITS_PERCENTAGE,
  VOLUME_UNITS_RAW,
  type VolumeUnits,
} from "./units.ts";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");
const LAST = SND_MIXER_SCHN.SND_MIXER_SCHN_LAST;
type Lib = ReturnType<typeof alsaLib>;

interface Opened {
  handle: Deno.PointerObject;
  elems: { name: string; index: number; elem: Deno.PointerObject }[];
}

function openMixer(device: string): Opened {
  const a = alsaLib();
  const out = new BigUint64Array(1);
  checkAlsa(a.snd_mixer_open(out, 0), "snd_mixer_open");
  const handle = Deno.UnsafePointer.create(out[0])!;
  try {
    checkAlsa(
      a.snd_mixer_attach(handle, enc(device)),
      "snd_mixer_attach",
      `Cannot open mixer ${JSON.stringify(device)}`,
    );
    checkAlsa(
      a.snd_mixer_selem_register(handle, null, null),
      "snd_mixer_selem_register",
    );
    checkAlsa(a.snd_mixer_load(handle), "snd_mixer_load");
  } catch (e) {
    a.snd_mixer_close(handle);
    throw e;
  }
  const elems: Opened["elems"] = [];
  for (
    let e = a.snd_mixer_first_elem(handle);
    e !== null;
    e = a.snd_mixer_elem_next(e)
  ) {
    const n = a.snd_mixer_selem_get_name(e);
    elems.push({
      name: n === null ? "" : Deno.UnsafePointerView.getCString(n),
      index: a.snd_mixer_selem_get_index(e),
      elem: e,
    });
  }
  return { handle, elems };
}

function deviceName(cardindex: number, device: string): string {
  if (!Number.isInteger(cardindex)) {
    throw new TypeError(`cardindex must be an integer, got ${cardindex}`);
  }
  if (typeof device !== "string" || device === "") {
    throw new TypeError(
      `device must be an ALSA control name such as "default"`,
    );
  }
  return cardindex >= 0 ? `hw:${cardindex}` : device;
}

/**
 * Lists the simple mixer controls of a device, as `amixer scontrols` does.
 *
 * @param cardindex Card index (opens `hw:<cardindex>`); -1 (default) uses `device`.
 * @param device ALSA control device (default `"default"`).
 * @returns Control names (a name appears once per index, as pyalsaaudio lists them).
 * @throws {AlsaError} When the mixer cannot be opened.
 * @example
 * ```ts ignore
 * import { mixers } from "@audiodev/audiodev/mixer";
 * console.log(mixers()); // e.g. ["Master", "Capture"]
 * ```
 */
export function mixers(cardindex = -1, device = "default"): string[] {
  const m = openMixer(deviceName(cardindex, device));
  try {
    return m.elems.map((e) => e.name);
  } finally {
    alsaLib().snd_mixer_close(m.handle);
  }
}

/** Options of the {@linkcode Mixer} constructor (pyalsaaudio's keyword arguments). */
export interface MixerOptions {
  /** Control name (default `"Master"`). */
  control?: string;
  /** Control index (default 0). */
  id?: number;
  /** Card index: opens `hw:<cardindex>` and ignores `device` (default -1). */
  cardindex?: number;
  /** ALSA control device (default `"default"`). */
  device?: string;
}

/** A change seen by {@linkcode Mixer.events}. */
export interface MixerEvent {
  /** Control name. */
  control: string;
  /** Control index. */
  id: number;
  /** Playback volume per channel in percent (empty without playback volume). */
  playbackVolume: number[];
  /** Capture volume per channel in percent (empty without capture volume). */
  captureVolume: number[];
  /** Mute per playback channel, 1 = muted (empty without a playback switch). */
  mute: number[];
  /** Capture switch per channel, 1 = recording (empty without a capture switch). */
  rec: number[];
}

const registry = new FinalizationRegistry<Deno.PointerObject>((h) =>
  alsaLib().snd_mixer_close(h)
);

/**
 * An ALSA simple mixer control (pyalsaaudio's `alsaaudio.Mixer`).
 *
 * @example Read and set the master volume in percent
 * ```ts ignore
 * import { Mixer } from "@audiodev/audiodev/mixer";
 * using m = new Mixer({ control: "Master" });
 * console.log(m.getvolume()); // e.g. [75, 75]
 * m.setvolume(50);
 * ```
 */
export class Mixer {
  #h: Deno.PointerObject | null;
  #elem: Deno.PointerObject;
  #control: string;
  #id: number;
  #device: string;
  #pmin = 0;
  #pmax = 0;
  #cmin = 0;
  #cmax = 0;
  #pminDb = 0;
  #pmaxDb = 0;
  #cminDb = 0;
  #cmaxDb = 0;
  #pDb = false;
  #cDb = false;
  #closing = false;
  #waiting: Promise<unknown> | null = null;

  /**
   * Opens a control.
   *
   * @param options control, id, cardindex, device.
   * @throws {TypeError} For invalid options.
   * @throws {AlsaError} When the device cannot be opened or the control does
   *   not exist (the message lists the controls that do).
   */
  constructor(options: MixerOptions = {}) {
    this.#control = options.control ?? "Master";
    this.#id = options.id ?? 0;
    if (typeof this.#control !== "string") {
      throw new TypeError('control must be a control name such as "Master"');
    }
    if (!Number.isInteger(this.#id) || this.#id < 0) {
      throw new TypeError(`id must be an integer >= 0, got ${this.#id}`);
    }
    this.#device = deviceName(
      options.cardindex ?? -1,
      options.device ?? "default",
    );
    const m = openMixer(this.#device);
    const found = m.elems.find((e) =>
      e.name === this.#control && e.index === this.#id
    );
    if (!found) {
      alsaLib().snd_mixer_close(m.handle);
      const list = m.elems.map((e) => `'${e.name}',${e.index}`).join(", ") ||
        "none";
      throw new AlsaError(
        `Unable to find mixer control '${this.#control}',${this.#id} [${this.#device}]; available controls: ${list}`,
        { call: "snd_mixer_find_selem" },
      );
    }
    this.#h = m.handle;
    this.#elem = found.elem;
    registry.register(this, m.handle, this);
    const a = alsaLib();
    const lo = new BigInt64Array(1);
    const hi = new BigInt64Array(1);
    if (a.snd_mixer_selem_get_playback_volume_range(this.#elem, lo, hi) === 0) {
      [this.#pmin, this.#pmax] = [Number(lo[0]), Number(hi[0])];
    }
    if (a.snd_mixer_selem_get_capture_volume_range(this.#elem, lo, hi) === 0) {
      [this.#cmin, this.#cmax] = [Number(lo[0]), Number(hi[0])];
    }
    if (a.snd_mixer_selem_get_playback_dB_range(this.#elem, lo, hi) === 0) {
      [this.#pminDb, this.#pmaxDb] = [Number(lo[0]), Number(hi[0])];
    }
    if (a.snd_mixer_selem_get_capture_dB_range(this.#elem, lo, hi) === 0) {
      [this.#cminDb, this.#cmaxDb] = [Number(lo[0]), Number(hi[0])];
    }
  }

  /** Handles pending events first, so reads are never stale. */
  #e(call: string): { a: Lib; e: Deno.PointerObject } {
    if (this.#h === null || this.#closing) {
      throw new AlsaError(
        `Mixer is closed: ${call}() is not allowed after close()`,
        { call },
      );
    }
    const a = alsaLib();
    a.snd_mixer_handle_events(this.#h);
    return { a, e: this.#elem };
  }

  #needDb(capture: boolean, call: string): void {
    if (capture ? !this.#cDb : !this.#pDb) {
      throw new AlsaError(
        `${this.#where()} has no ${
          capture ? "capture" : "playback"
        } dB information (its driver gives none); use "percent" or "raw" units`,
        { call },
      );
    }
  }

  #where(): string {
    return `Mixer '${this.#control}',${this.#id} [${this.#device}]`;
  }

  /** `true` after close(). */
  get closed(): boolean {
    return this.#h === null || this.#closing;
  }

  /**
   * The device the mixer was opened on (pyalsaaudio's `cardname()`).
   *
   * @returns e.g. `"default"` or `"hw:0"`.
   */
  cardname(): string {
    this.#e("cardname");
    return this.#device;
  }

  /**
   * The control's name.
   *
   * @returns e.g. `"Master"`.
   */
  mixer(): string {
    this.#e("mixer");
    return this.#control;
  }

  /**
   * The control's index.
   *
   * @returns e.g. 0.
   */
  mixerid(): number {
    this.#e("mixerid");
    return this.#id;
  }

  /**
   * The switches the control has: `'Mute'`, `'Joined Mute'`, `'Playback Mute'`,
   * `'Joined Playback Mute'`, `'Capture Mute'`, `'Joined Capture Mute'`, `'Capture Exclusive'`.
   *
   * @returns The capability names.
   */
  switchcap(): string[] {
    const { a, e } = this.#e("switchcap");
    const caps: string[] = [];
    if (a.snd_mixer_selem_has_common_switch(e)) {
      caps.push("Mute");
      if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
        caps.push("Joined Mute");
      }
      return caps;
    }
    if (a.snd_mixer_selem_has_playback_switch(e)) caps.push("Playback Mute");
    if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
      caps.push("Joined Playback Mute");
    }
    if (a.snd_mixer_selem_has_capture_switch(e)) caps.push("Capture Mute");
    if (a.snd_mixer_selem_has_capture_switch_joined(e)) {
      caps.push("Joined Capture Mute");
    }
    if (a.snd_mixer_selem_has_capture_switch_exclusive(e)) {
      caps.push("Capture Exclusive");
    }
    return caps;
  }

  /**
   * The volumes the control has: `'Volume'`, `'Joined Volume'`, `'Playback Volume'`,
   * `'Joined Playback Volume'`, `'Capture Volume'`, `'Joined Capture Volume'`.
   *
   * @returns The capability names.
   */
  volumecap(): string[] {
    const { a, e } = this.#e("volumecap");
    const caps: string[] = [];
    if (a.snd_mixer_selem_has_common_volume(e)) {
      caps.push("Volume");
      if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
        caps.push("Joined Volume");
      }
      return caps;
    }
    if (a.snd_mixer_selem_has_playback_volume(e)) caps.push("Playback Volume");
    if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
      caps.push("Joined Playback Volume");
    }
    if (a.snd_mixer_selem_has_capture_volume(e)) caps.push("Capture Volume");
    if (a.snd_mixer_selem_has_capture_volume_joined(e)) {
      caps.push("Joined Capture Volume");
    }
    return caps;
  }

  #channels(a: Lib, e: Deno.PointerObject, capture: boolean): number[] {
    const result: number[] = [];
    for (let ch = 0; ch <= LAST; ch++) {
      if (
        capture
          ? a.snd_mixer_selem_has_capture_channel(e, ch)
          : a.snd_mixer_selem_has_playback_channel(e, ch)
      ) result.push(ch);
    }
    return result;
  }

  #direction(
    a: Lib,
    e: Deno.PointerObject,
    pcmtype: PcmType | undefined,
  ): number {
    if (pcmtype !== undefined) return pcmTypeValue(pcmtype);
    return this.#channels(a, e, false).length > 0 ? PCM_PLAYBACK : PCM_CAPTURE;
  }

  /**
   * The volume range.
   *
   * @param pcmtype Playback or capture (default: playback if the control has playback channels).
   * @param units `"raw"` (default), `"percent"` (always `[0, 100]`) or `"dB"` (hundredths of a dB).
   * @returns `[min, max]`.
   * @throws {AlsaError} When the control has no volume in that direction.
   */
  getrange(
    pcmtype?: PcmType,
    units: VolumeUnits = VOLUME_UNITS_RAW,
  ): [number, number] {
    const u = unitsValue(units);
    const { a, e } = this.#e("getrange");
    const dir = this.#direction(a, e, pcmtype);
    if (u === VOLUME_UNITS_DB) this.#needDb(dir === PCM_CAPTURE, "getrange");
    if (dir === PCM_PLAYBACK) {
      if (!a.snd_mixer_selem_has_playback_channel(e, 0)) {
        throw new AlsaError(`${this.#where()} has no playback channel`, {
          call: "getrange",
        });
      }
      return u === VOLUME_UNITS_PERCENTAGE
        ? [0, 100]
        : u === VOLUME_UNITS_RAW
        ? [this.#pmin, this.#pmax]
        : [this.#pminDb, this.#pmaxDb];
    }
    if (
      !a.snd_mixer_selem_has_capture_channel(e, 0) ||
      !a.snd_mixer_selem_has_capture_volume(e)
    ) {
      throw new AlsaError(
        `${this.#where()} has no capture channel or capture volume`,
        { call: "getrange" },
      );
    }
    return u === VOLUME_UNITS_PERCENTAGE
      ? [0, 100]
      : u === VOLUME_UNITS_RAW
      ? [this.#cmin, this.#cmax]
      : [this.#cminDb, this.#cmaxDb];
  }

  /**
   * The volume of each channel.
   *
   * @param pcmtype Playback or capture (default: playback if the control has playback channels).
   * @param units `"percent"` (default), `"raw"` or `"dB"` (hundredths of a dB).
   * @returns One value per channel.
   * @throws {AlsaError} When the control has no volume in that direction.
   */
  getvolume(
    pcmtype?: PcmType,
    units: VolumeUnits = VOLUME_UNITS_PERCENTAGE,
  ): number[] {
    const u = unitsValue(units);
    const { a, e } = this.#e("getvolume");
    const dir = this.#direction(a, e, pcmtype);
    const capture = dir === PCM_CAPTURE;
    if (
      capture
        ? !a.snd_mixer_selem_has_capture_volume(e)
        : !a.snd_mixer_selem_has_playback_volume(e)
    ) {
      throw new AlsaError(
        `${this.#where()} has no ${capture ? "capture" : "playback"} volume`,
        { call: "getvolume" },
      );
    }
    if (u === VOLUME_UNITS_DB) this.#needDb(capture, "getvolume");
    const v = new BigInt64Array(1);
    return this.#channels(a, e, capture).map((ch) => {
      if (u === VOLUME_UNITS_DB) {
        checkAlsa(
          capture
            ? a.snd_mixer_selem_get_capture_dB(e, ch, v)
            : a.snd_mixer_selem_get_playback_dB(e, ch, v),
          "snd_mixer_selem_get_dB",
        );
        return Number(v[0]);
      }
      checkAlsa(
        capture
          ? a.snd_mixer_selem_get_capture_volume(e, ch, v)
          : a.snd_mixer_selem_get_playback_volume(e, ch, v),
        "snd_mixer_selem_get_volume",
      );
      const raw = Number(v[0]);
      if (u === VOLUME_UNITS_RAW) return raw;
      return capture
        ? rawToPercent(this.#cmin, this.#cmax, raw)
        : rawToPercent(this.#pmin, this.#pmax, raw);
    });
  }

  /**
   * Sets the volume of all channels, or one.
   *
   * @param volume The volume in `units`.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (default).
   * @param pcmtype Playback or capture (default: playback if the control has playback channels).
   * @param units `"percent"` (default, 0-100), `"raw"` or `"dB"` (hundredths of a dB).
   * @throws {RangeError} A percent outside 0-100.
   * @throws {AlsaError} No such channel, or no volume in that direction.
   */
  setvolume(
    volume: number,
    channel: number = MIXER_CHANNEL_ALL,
    pcmtype?: PcmType,
    units: VolumeUnits = VOLUME_UNITS_PERCENTAGE,
  ): void {
    const u = unitsValue(units);
    if (!Number.isFinite(volume)) {
      throw new RangeError(`volume must be a number, got ${volume}`);
    }
    if (u === VOLUME_UNITS_PERCENTAGE && (volume < 0 || volume > 100)) {
      throw new RangeError(
        `Volume out of range: ${volume} is not a percentage from 0 to 100`,
      );
    }
    const { a, e } = this.#e("setvolume");
    const capture = this.#direction(a, e, pcmtype) === PCM_CAPTURE;
    if (
      capture
        ? !a.snd_mixer_selem_has_capture_volume(e)
        : !a.snd_mixer_selem_has_playback_volume(e)
    ) {
      throw new AlsaError(
        `${this.#where()} has no ${capture ? "capture" : "playback"} volume`,
        { call: "setvolume" },
      );
    }
    const chans = this.#channels(a, e, capture).filter((ch) =>
      channel === MIXER_CHANNEL_ALL || ch === channel
    );
    if (chans.length === 0) {
      throw new AlsaError(
        `${this.#where()}: no such ${
          capture ? "capture" : "playback"
        } channel ${channel}`,
        { call: "setvolume" },
      );
    }
    const v = Math.round(volume);
    for (const ch of chans) {
      let code: number;
      if (u === VOLUME_UNITS_DB) {
        code = capture
          ? a.snd_mixer_selem_set_capture_dB(e, ch, BigInt(v), 0)
          : a.snd_mixer_selem_set_playback_dB(e, ch, BigInt(v), 0);
      } else {
        const raw = u === VOLUME_UNITS_RAW
          ? v
          : capture
          ? percentToRaw(this.#cmin, this.#cmax, v)
          : percentToRaw(this.#pmin, this.#pmax, v);
        code = capture
          ? a.snd_mixer_selem_set_capture_volume(e, ch, BigInt(raw))
          : a.snd_mixer_selem_set_playback_volume(e, ch, BigInt(raw));
      }
      checkAlsa(code, "snd_mixer_selem_set_volume", this.#where());
    }
  }

  /**
   * Mute state of each playback channel (1 = muted).
   *
   * @returns One value per channel.
   * @throws {AlsaError} When the control has no playback switch.
   */
  getmute(): number[] {
    const { a, e } = this.#e("getmute");
    if (!a.snd_mixer_selem_has_playback_switch(e)) {
      throw new AlsaError(
        `${this.#where()} has no playback switch capabilities`,
        { call: "getmute" },
      );
    }
    const v = new Int32Array(1);
    return this.#channels(a, e, false).map((ch) => {
      a.snd_mixer_selem_get_playback_switch(e, ch, v);
      return v[0] ? 0 : 1;
    });
  }

  /**
   * Mutes (`true`/1) or unmutes playback, on all channels or one.
   *
   * @param mute Mute or not.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (default).
   * @throws {AlsaError} No playback switch, or no such channel.
   */
  setmute(mute: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    const { a, e } = this.#e("setmute");
    if (!a.snd_mixer_selem_has_playback_switch(e)) {
      throw new AlsaError(
        `${this.#where()} has no playback switch capabilities`,
        { call: "setmute" },
      );
    }
    const chans = this.#channels(a, e, false).filter((ch) =>
      channel === MIXER_CHANNEL_ALL || ch === channel
    );
    if (chans.length === 0) {
      throw new AlsaError(
        `${this.#where()}: invalid channel number ${channel}`,
        { call: "setmute" },
      );
    }
    for (const ch of chans) {
      checkAlsa(
        a.snd_mixer_selem_set_playback_switch(e, ch, mute ? 0 : 1),
        "snd_mixer_selem_set_playback_switch",
      );
    }
  }

  /**
   * Capture switch of each channel (1 = recording).
   *
   * @returns One value per channel.
   * @throws {AlsaError} When the control has no capture switch.
   */
  getrec(): number[] {
    const { a, e } = this.#e("getrec");
    if (!a.snd_mixer_selem_has_capture_switch(e)) {
      throw new AlsaError(
        `${this.#where()} has no capture switch capabilities`,
        { call: "getrec" },
      );
    }
    const v = new Int32Array(1);
    return this.#channels(a, e, true).map((ch) => {
      a.snd_mixer_selem_get_capture_switch(e, ch, v);
      return v[0] ? 1 : 0;
    });
  }

  /**
   * Turns capture on (`true`/1) or off, on all channels or one.
   *
   * @param capture Record or not.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (default).
   * @throws {AlsaError} No capture switch, or no such channel.
   */
  setrec(capture: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    const { a, e } = this.#e("setrec");
    if (!a.snd_mixer_selem_has_capture_switch(e)) {
      throw new AlsaError(
        `${this.#where()} has no record switch capabilities`,
        { call: "setrec" },
      );
    }
    const chans = this.#channels(a, e, true).filter((ch) =>
      channel === MIXER_CHANNEL_ALL || ch === channel
    );
    if (chans.length === 0) {
      throw new AlsaError(
        `${this.#where()}: invalid channel number ${channel}`,
        { call: "setrec" },
      );
    }
    for (const ch of chans) {
      checkAlsa(
        a.snd_mixer_selem_set_capture_switch(e, ch, capture ? 1 : 0),
        "snd_mixer_selem_set_capture_switch",
      );
    }
  }

  /**
   * For enumerated controls: the current item and all items.
   *
   * @returns `[current, items]`, or `[]` for a control that is not enumerated.
   */
  getenum(): [] | [string, string[]] {
    const { a, e } = this.#e("getenum");
    if (!a.snd_mixer_selem_is_enumerated(e)) return [];
    const count = checkAlsa(
      a.snd_mixer_selem_get_enum_items(e),
      "snd_mixer_selem_get_enum_items",
    );
    const buf = new Uint8Array(64);
    const name = (i: number): string => {
      buf.fill(0);
      checkAlsa(
        a.snd_mixer_selem_get_enum_item_name(e, i, BigInt(buf.length - 1), buf),
        "snd_mixer_selem_get_enum_item_name",
      );
      return new TextDecoder().decode(buf.subarray(0, buf.indexOf(0)));
    };
    const idx = new Uint32Array(1);
    checkAlsa(
      a.snd_mixer_selem_get_enum_item(e, 0, idx),
      "snd_mixer_selem_get_enum_item",
    );
    return [name(idx[0]), Array.from({ length: count }, (_, i) => name(i))];
  }

  /**
   * For enumerated controls: selects an item.
   *
   * @param index Index into the items of {@linkcode Mixer.getenum}.
   * @throws {AlsaError} Not an enumerated control, or index out of range.
   */
  setenum(index: number): void {
    const { a, e } = this.#e("setenum");
    if (!a.snd_mixer_selem_is_enumerated(e)) {
      throw new AlsaError(`${this.#where()} is not an enumerated control`, {
        call: "setenum",
      });
    }
    const count = checkAlsa(
      a.snd_mixer_selem_get_enum_items(e),
      "snd_mixer_selem_get_enum_items",
    );
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new AlsaError(`Enum index out of range 0 <= ${index} < ${count}`, {
        call: "setenum",
      });
    }
    checkAlsa(
      a.snd_mixer_selem_set_enum_item(e, 0, index),
      "snd_mixer_selem_set_enum_item",
    );
  }

  /**
   * `(fd, events)` pairs to wait on for changes (then call {@linkcode Mixer.handleevents}).
   *
   * @returns The descriptors.
   * @throws {AlsaError} When closed.
   */
  polldescriptors(): [number, number][] {
    const { a } = this.#e("polldescriptors");
    const buf = this.#pollBuffer(a);
    const dv = new DataView(buf.buffer);
    return Array.from({ length: buf.length / pollfd.size }, (_, i) => [
      dv.getInt32(i * pollfd.size + pollfd.offsets.fd, true),
      dv.getInt16(i * pollfd.size + pollfd.offsets.events, true),
    ]);
  }

  #pollBuffer(a: Lib): Uint8Array {
    const n = checkAlsa(
      a.snd_mixer_poll_descriptors_count(this.#h!),
      "snd_mixer_poll_descriptors_count",
    );
    const buf = new Uint8Array(n * pollfd.size);
    checkAlsa(
      a.snd_mixer_poll_descriptors(this.#h!, buf, n),
      "snd_mixer_poll_descriptors",
    );
    return buf;
  }

  /**
   * Processes pending mixer events.
   *
   * @returns The number of events handled.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  handleevents(): number {
    if (this.#h === null || this.#closing) {
      throw new AlsaError(
        "Mixer is closed: handleevents() is not allowed after close()",
        { call: "handleevents" },
      );
    }
    return checkAlsa(
      alsaLib().snd_mixer_handle_events(this.#h),
      "snd_mixer_handle_events",
    );
  }

  #snapshot(): MixerEvent {
    const safe = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch {
        return fallback;
      }
    };
    return {
      control: this.#control,
      id: this.#id,
      playbackVolume: safe(() => this.getvolume(PCM_PLAYBACK), []),
      captureVolume: safe(() => this.getvolume(PCM_CAPTURE), []),
      mute: safe(() => this.getmute(), []),
      rec: safe(() => this.getrec(), []),
    };
  }

  /**
   * Changes of this control as they happen, without busy-polling: waits on
   * the mixer's poll descriptors off the event loop. Ends when the mixer closes.
   *
   * @returns An async iterator of {@linkcode MixerEvent}s.
   * @example
   * ```ts ignore
   * import { Mixer } from "@audiodev/audiodev/mixer";
   * const m = new Mixer();
   * for await (const ev of m.events()) console.log(ev.playbackVolume, ev.mute);
   * ```
   */
  async *events(): AsyncGenerator<MixerEvent, void, unknown> {
    let last = JSON.stringify(this.#snapshot());
    while (this.#h !== null && !this.#closing) {
      const a = alsaLib();
      const buf = this.#pollBuffer(a);
      // A bounded wait, so close() is noticed within 250 ms and never frees the
      // mixer while a poll on its descriptors is in flight.
      const wait = libc().poll_nb(buf, BigInt(buf.length / pollfd.size), 250);
      this.#waiting = wait;
      const ready = await wait;
      this.#waiting = null;
      if (this.#h === null || this.#closing) return;
      if (ready <= 0) continue;
      a.snd_mixer_handle_events(this.#h);
      const snap = this.#snapshot();
      const text = JSON.stringify(snap);
      if (text !== last) {
        last = text;
        yield snap;
      }
    }
  }

  /**
   * Closes the mixer (idempotent); other methods throw afterwards. A running
   * {@linkcode Mixer.events} iterator ends.
   */
  close(): void {
    const h = this.#h;
    if (h === null || this.#closing) return;
    this.#closing = true;
    registry.unregister(this);
    const finish = (): void => {
      this.#h = null;
      alsaLib().snd_mixer_close(h);
    };
    if (this.#waiting) this.#waiting.finally(finish);
    else finish();
  }

  /** `using m = new Mixer(...)`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
