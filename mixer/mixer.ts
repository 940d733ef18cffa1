/**
 * `Mixer`: ALSA simple mixer controls at pyalsaaudio 0.11 parity, plus an
 * async iterator of change events.
 *
 * @module
 */

import { pollfd } from "../ffi/alsa.ts";
import { libc } from "../ffi/libc.ts";
import { AlsaError, alsaLib, checkAlsa } from "../src/alsa/errors.ts";
import {
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
  pcmTypeValue,
} from "../src/alsa/constants.ts";
import { type MixerEvent, sameMixerState } from "./events.ts";
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

/** ALSA's last simple-mixer channel (`SND_MIXER_SCHN_LAST`). */
const SCHN_LAST = 31;
/**
 * How long one wait of {@linkcode Mixer.events} blocks its helper thread
 * before looking again, in ms. `close()` frees the handle only after that
 * wait returned, so this bounds how late the handle is freed.
 */
const POLL_TIMEOUT_MS = 100;

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");
const cstr = (p: Deno.PointerValue): string =>
  p === null ? "" : Deno.UnsafePointerView.getCString(p);

function deviceName(cardindex: number, device: string): string {
  if (!Number.isInteger(cardindex)) {
    throw new TypeError(`cardindex must be an integer, got ${cardindex}`);
  }
  if (cardindex < -1) {
    throw new RangeError(
      `cardindex must be -1 (use device) or a card index >= 0, got ${cardindex}`,
    );
  }
  if (typeof device !== "string" || device === "") {
    throw new TypeError(
      `device must be a non-empty ALSA device name, got ${
        JSON.stringify(device)
      }`,
    );
  }
  return cardindex >= 0 ? `hw:${cardindex}` : device;
}

/** Opens, attaches, registers and loads a simple mixer on `device`. */
function openMixer(device: string): Deno.PointerObject {
  const a = alsaLib();
  const out = new BigUint64Array(1);
  checkAlsa(a.snd_mixer_open(out, 0), "snd_mixer_open", `mixer on "${device}"`);
  const h = Deno.UnsafePointer.create(out[0]) as Deno.PointerObject;
  try {
    checkAlsa(
      a.snd_mixer_attach(h, enc(device)),
      "snd_mixer_attach",
      `cannot open mixer device "${device}"`,
    );
    checkAlsa(
      a.snd_mixer_selem_register(h, null, null),
      "snd_mixer_selem_register",
      `mixer on "${device}"`,
    );
    checkAlsa(a.snd_mixer_load(h), "snd_mixer_load", `mixer on "${device}"`);
  } catch (e) {
    a.snd_mixer_close(h);
    throw e;
  }
  return h;
}

/** `[name, index]` of every simple control of an open mixer. */
function listControls(h: Deno.PointerObject): [string, number][] {
  const a = alsaLib();
  const out: [string, number][] = [];
  for (
    let e = a.snd_mixer_first_elem(h);
    e !== null;
    e = a.snd_mixer_elem_next(e)
  ) {
    out.push([
      cstr(a.snd_mixer_selem_get_name(e)),
      a.snd_mixer_selem_get_index(e),
    ]);
  }
  return out;
}

/**
 * Lists the simple mixer controls of a device, as `amixer scontrols` does
 * (pyalsaaudio's `mixers()`).
 *
 * @param cardindex A card index (opens `hw:<cardindex>`, `device` is then
 *   ignored), or -1 (default) to use `device`.
 * @param device ALSA device name (default `"default"`).
 * @returns Control names, e.g. `["Master", "Capture"]`.
 * @throws {TypeError | RangeError} For a bad argument.
 * @throws {AlsaError} When the device has no mixer.
 * @example List the controls
 * ```ts ignore
 * import { mixers } from "@audiodev/audiodev/mixer";
 * console.log(mixers()); // [ "Master", "Capture" ]
 * ```
 */
export function mixers(cardindex = -1, device = "default"): string[] {
  const name = deviceName(cardindex, device);
  const h = openMixer(name);
  try {
    return listControls(h).map(([n]) => n);
  } finally {
    alsaLib().snd_mixer_close(h);
  }
}

/** Options of the {@linkcode Mixer} constructor (pyalsaaudio's keyword arguments). */
export interface MixerOptions {
  /** Control name (default `"Master"`), one of {@linkcode mixers}. */
  control?: string;
  /** Control index (default 0): `amixer` shows it after the name, `'Master',0`. */
  id?: number;
  /** Card index: opens `hw:<cardindex>` and ignores `device` (default -1: unused). */
  cardindex?: number;
  /** ALSA device name (default `"default"`). */
  device?: string;
}

/** Options of {@linkcode Mixer.getvolume} and {@linkcode Mixer.getrange}. */
export interface VolumeReadOptions {
  /** Direction; default playback when the control has playback channels, else capture. */
  pcmtype?: PcmType;
  /** Units: `"percent"`, `"raw"` or `"dB"` (hundredths of a dB), or a `VOLUME_UNITS_*` constant. */
  units?: VolumeUnits;
}

/** Options of {@linkcode Mixer.setvolume}. */
export interface VolumeWriteOptions extends VolumeReadOptions {
  /** One channel (0 = front left, ...), or `MIXER_CHANNEL_ALL` (-1, default). */
  channel?: number;
}

const registry = new FinalizationRegistry<
  { h: Deno.PointerObject; sid: Deno.PointerObject }
>(({ h, sid }) => {
  const a = alsaLib();
  a.snd_mixer_selem_id_free(sid);
  a.snd_mixer_close(h);
});

/**
 * One simple mixer control (pyalsaaudio's `alsaaudio.Mixer`).
 *
 * Every read first handles the mixer's pending events, so it never returns a
 * value older than a change another program already made.
 *
 * @example Read and set the volume
 * ```ts ignore
 * import { Mixer } from "@audiodev/audiodev/mixer";
 * using m = new Mixer("Master");
 * console.log(m.getvolume()); // [ 61, 61 ] (percent, per channel)
 * m.setvolume(40);
 * m.setmute(true);
 * ```
 * @example Follow changes made elsewhere
 * ```ts ignore
 * import { Mixer } from "@audiodev/audiodev/mixer";
 * const m = new Mixer("Master");
 * setTimeout(() => m.close(), 10_000);
 * for await (const ev of m.events()) console.log(ev.volume, ev.mute);
 * ```
 */
export class Mixer {
  #h: Deno.PointerObject | null;
  #sid: Deno.PointerObject;
  #control: string;
  #id: number;
  #cardname: string;
  #volumeCap: string[] = [];
  #switchCap: string[] = [];
  #pchannels = 0;
  #cchannels = 0;
  #vol = new BigInt64Array(2);
  #int = new Int32Array(1);
  /** Incremented whenever `snd_mixer_handle_events` handled something. */
  #changes = 0;
  #wakers: (() => void)[] = [];
  #poll: Promise<number> | null = null;
  #pollBuf: Uint8Array | null = null;
  #freed: Promise<void> | null = null;

  /**
   * Opens a control (pyalsaaudio's `Mixer(control, id, cardindex, device)`).
   *
   * @param control Control name (default `"Master"`), or all options as one object.
   * @param id Control index (default 0).
   * @param cardindex Card index, or -1 (default) to use `device`.
   * @param device ALSA device name (default `"default"`).
   * @throws {TypeError | RangeError} For a bad argument.
   * @throws {AlsaError} When the device has no mixer or no such control (the
   *   message lists the controls it has).
   */
  constructor(
    control: string | MixerOptions = "Master",
    id = 0,
    cardindex = -1,
    device = "default",
  ) {
    if (typeof control === "object" && control !== null) {
      ({
        control = "Master",
        id = 0,
        cardindex = -1,
        device = "default",
      } = control);
    }
    if (typeof control !== "string") {
      throw new TypeError(
        `control must be a string, got ${JSON.stringify(control)}`,
      );
    }
    if (!Number.isInteger(id) || id < 0) {
      throw new RangeError(`id must be an integer >= 0, got ${id}`);
    }
    const name = deviceName(cardindex, device);
    const a = alsaLib();
    const h = openMixer(name);
    const out = new BigUint64Array(1);
    try {
      checkAlsa(a.snd_mixer_selem_id_malloc(out), "snd_mixer_selem_id_malloc");
    } catch (e) {
      a.snd_mixer_close(h);
      throw e;
    }
    this.#sid = Deno.UnsafePointer.create(out[0]) as Deno.PointerObject;
    a.snd_mixer_selem_id_set_name(this.#sid, enc(control));
    a.snd_mixer_selem_id_set_index(this.#sid, id);
    const elem = a.snd_mixer_find_selem(h, this.#sid);
    if (elem === null) {
      const have = listControls(h).map(([n, i]) => `'${n}',${i}`);
      a.snd_mixer_selem_id_free(this.#sid);
      a.snd_mixer_close(h);
      throw new AlsaError(
        `Unable to find mixer control '${control}',${id} on "${name}"; ` +
          `available controls: ${have.length ? have.join(", ") : "none"}`,
        { call: "snd_mixer_find_selem" },
      );
    }
    this.#h = h;
    this.#control = control;
    this.#id = id;
    this.#cardname = name;
    this.#readCaps(elem);
    registry.register(this, { h, sid: this.#sid }, this);
  }

  #readCaps(e: Deno.PointerObject): void {
    const a = alsaLib();
    if (a.snd_mixer_selem_has_common_volume(e)) {
      this.#volumeCap.push("Volume");
      if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
        this.#volumeCap.push("Joined Volume");
      }
    } else {
      if (a.snd_mixer_selem_has_playback_volume(e)) {
        this.#volumeCap.push("Playback Volume");
        if (a.snd_mixer_selem_has_playback_volume_joined(e)) {
          this.#volumeCap.push("Joined Playback Volume");
        }
      }
      if (a.snd_mixer_selem_has_capture_volume(e)) {
        this.#volumeCap.push("Capture Volume");
        if (a.snd_mixer_selem_has_capture_volume_joined(e)) {
          this.#volumeCap.push("Joined Capture Volume");
        }
      }
    }
    if (a.snd_mixer_selem_has_common_switch(e)) {
      this.#switchCap.push("Mute");
      if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
        this.#switchCap.push("Joined Mute");
      }
    } else {
      if (a.snd_mixer_selem_has_playback_switch(e)) {
        this.#switchCap.push("Playback Mute");
        if (a.snd_mixer_selem_has_playback_switch_joined(e)) {
          this.#switchCap.push("Joined Playback Mute");
        }
      }
      if (a.snd_mixer_selem_has_capture_switch(e)) {
        this.#switchCap.push("Capture Mute");
        if (a.snd_mixer_selem_has_capture_switch_joined(e)) {
          this.#switchCap.push("Joined Capture Mute");
        }
        if (a.snd_mixer_selem_has_capture_switch_exclusive(e)) {
          this.#switchCap.push("Capture Exclusive");
        }
      }
    }
    this.#pchannels = this.#channels(e, PCM_PLAYBACK).length;
    this.#cchannels = this.#channels(e, PCM_CAPTURE).length;
  }

  #channels(e: Deno.PointerObject, dir: number): number[] {
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

  #label(): string {
    return `Mixer '${this.#control}',${this.#id} [${this.#cardname}]`;
  }

  #handle(call: string): Deno.PointerObject {
    if (this.#h === null) {
      throw new AlsaError(
        `Mixer is closed: ${call}() is not allowed after close()`,
        { call },
      );
    }
    return this.#h;
  }

  /** Handles pending events (so reads are current), then finds the element. */
  #elem(call: string): Deno.PointerObject {
    const h = this.#handle(call);
    const a = alsaLib();
    const n = checkAlsa(
      a.snd_mixer_handle_events(h),
      "snd_mixer_handle_events",
      this.#label(),
    );
    if (n > 0) {
      this.#changes++;
      this.#wake();
    }
    const e = a.snd_mixer_find_selem(h, this.#sid);
    if (e === null) {
      throw new AlsaError(`${this.#label()} is gone (removed by its driver)`, {
        call: "snd_mixer_find_selem",
      });
    }
    return e;
  }

  #wake(): void {
    const w = this.#wakers;
    this.#wakers = [];
    for (const f of w) f();
  }

  #dir(pcmtype: PcmType | undefined): number {
    if (pcmtype === undefined) {
      return this.#pchannels > 0 ? PCM_PLAYBACK : PCM_CAPTURE;
    }
    return pcmTypeValue(pcmtype);
  }

  #hasVolume(e: Deno.PointerObject, dir: number): boolean {
    const a = alsaLib();
    if (a.snd_mixer_selem_has_common_volume(e)) return true;
    return dir === PCM_PLAYBACK
      ? a.snd_mixer_selem_has_playback_volume(e) !== 0
      : a.snd_mixer_selem_has_capture_volume(e) !== 0;
  }

  #needVolume(e: Deno.PointerObject, dir: number, call: string): void {
    if (!this.#hasVolume(e, dir)) {
      const what = dir === PCM_PLAYBACK ? "playback" : "capture";
      throw new AlsaError(
        `${this.#label()} has no ${what} volume (its volume capabilities: ${
          this.#volumeCap.length ? this.#volumeCap.join(", ") : "none"
        })`,
        { call },
      );
    }
  }

  #rawRange(e: Deno.PointerObject, dir: number): [number, number] {
    const a = alsaLib();
    const v = this.#vol;
    const min = v.subarray(0, 1);
    const max = v.subarray(1, 2);
    if (dir === PCM_PLAYBACK) {
      checkAlsa(
        a.snd_mixer_selem_get_playback_volume_range(e, min, max),
        "snd_mixer_selem_get_playback_volume_range",
        this.#label(),
      );
    } else {
      checkAlsa(
        a.snd_mixer_selem_get_capture_volume_range(e, min, max),
        "snd_mixer_selem_get_capture_volume_range",
        this.#label(),
      );
    }
    return [Number(v[0]), Number(v[1])];
  }

  #dbRange(e: Deno.PointerObject, dir: number): [number, number] {
    const a = alsaLib();
    const v = this.#vol;
    const min = v.subarray(0, 1);
    const max = v.subarray(1, 2);
    const call = dir === PCM_PLAYBACK
      ? "snd_mixer_selem_get_playback_dB_range"
      : "snd_mixer_selem_get_capture_dB_range";
    checkAlsa(
      dir === PCM_PLAYBACK
        ? a.snd_mixer_selem_get_playback_dB_range(e, min, max)
        : a.snd_mixer_selem_get_capture_dB_range(e, min, max),
      call,
      `${this.#label()} has no dB scale`,
    );
    return [Number(v[0]), Number(v[1])];
  }

  #readVolume(
    e: Deno.PointerObject,
    dir: number,
    c: number,
    db: boolean,
  ): number {
    const a = alsaLib();
    const v = this.#vol.subarray(0, 1);
    let rc: number;
    let call: string;
    if (dir === PCM_PLAYBACK) {
      call = db
        ? "snd_mixer_selem_get_playback_dB"
        : "snd_mixer_selem_get_playback_volume";
      rc = db
        ? a.snd_mixer_selem_get_playback_dB(e, c, v)
        : a.snd_mixer_selem_get_playback_volume(e, c, v);
    } else {
      call = db
        ? "snd_mixer_selem_get_capture_dB"
        : "snd_mixer_selem_get_capture_volume";
      rc = db
        ? a.snd_mixer_selem_get_capture_dB(e, c, v)
        : a.snd_mixer_selem_get_capture_volume(e, c, v);
    }
    checkAlsa(rc, call, this.#label());
    return Number(v[0]);
  }

  /** The raw `snd_mixer_t*` for calls not wrapped here. Unsafe: invalid after close(). */
  get unsafeHandle(): Deno.PointerObject {
    return this.#handle("unsafeHandle");
  }

  /** `true` once close() was called. */
  get closed(): boolean {
    return this.#h === null;
  }

  /**
   * The device this mixer is on: `"hw:<cardindex>"` or the device name
   * (pyalsaaudio's `cardname()`).
   *
   * @returns e.g. `"default"`.
   * @throws {AlsaError} When closed.
   */
  cardname(): string {
    this.#handle("cardname");
    return this.#cardname;
  }

  /**
   * The control's name.
   *
   * @returns e.g. `"Master"`.
   * @throws {AlsaError} When closed.
   */
  mixer(): string {
    this.#handle("mixer");
    return this.#control;
  }

  /**
   * The control's index.
   *
   * @returns e.g. 0.
   * @throws {AlsaError} When closed.
   */
  mixerid(): number {
    this.#handle("mixerid");
    return this.#id;
  }

  /**
   * The control's switches, in pyalsaaudio's words: `"Mute"`, `"Joined Mute"`,
   * `"Playback Mute"`, `"Joined Playback Mute"`, `"Capture Mute"`,
   * `"Joined Capture Mute"`, `"Capture Exclusive"`.
   *
   * @returns e.g. `["Playback Mute", "Joined Playback Mute"]`.
   * @throws {AlsaError} When closed.
   */
  switchcap(): string[] {
    this.#handle("switchcap");
    return [...this.#switchCap];
  }

  /**
   * The control's volume capabilities: `"Volume"`, `"Joined Volume"`,
   * `"Playback Volume"`, `"Joined Playback Volume"`, `"Capture Volume"`,
   * `"Joined Capture Volume"`.
   *
   * @returns e.g. `["Playback Volume"]`.
   * @throws {AlsaError} When closed.
   */
  volumecap(): string[] {
    this.#handle("volumecap");
    return [...this.#volumeCap];
  }

  /**
   * For an enumerated control, the selected item and all items; `[]` for
   * other controls (pyalsaaudio returns an empty tuple).
   *
   * @returns `[selected, items]` or `[]`.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  getenum(): [string, string[]] | [] {
    const e = this.#elem("getenum");
    const a = alsaLib();
    if (!a.snd_mixer_selem_is_enumerated(e)) return [];
    const count = checkAlsa(
      a.snd_mixer_selem_get_enum_items(e),
      "snd_mixer_selem_get_enum_items",
      this.#label(),
    );
    const items: string[] = [];
    const buf = new Uint8Array(256);
    for (let i = 0; i < count; i++) {
      buf.fill(0);
      checkAlsa(
        a.snd_mixer_selem_get_enum_item_name(e, i, BigInt(buf.length - 1), buf),
        "snd_mixer_selem_get_enum_item_name",
        this.#label(),
      );
      items.push(new TextDecoder().decode(buf.subarray(0, buf.indexOf(0))));
    }
    const idx = new Uint32Array(1);
    checkAlsa(
      a.snd_mixer_selem_get_enum_item(e, 0, idx),
      "snd_mixer_selem_get_enum_item",
      this.#label(),
    );
    return [items[idx[0]] ?? "", items];
  }

  /**
   * Selects an item of an enumerated control.
   *
   * @param index Index into the items of {@linkcode Mixer.getenum}.
   * @throws {RangeError} When `index` is not an item.
   * @throws {AlsaError} When closed, not an enumerated control, or ALSA fails.
   */
  setenum(index: number): void {
    if (!Number.isInteger(index)) {
      throw new TypeError(`index must be an integer, got ${index}`);
    }
    const e = this.#elem("setenum");
    const a = alsaLib();
    if (!a.snd_mixer_selem_is_enumerated(e)) {
      throw new AlsaError(`${this.#label()} is not an enumerated control`, {
        call: "setenum",
      });
    }
    const count = checkAlsa(
      a.snd_mixer_selem_get_enum_items(e),
      "snd_mixer_selem_get_enum_items",
      this.#label(),
    );
    if (index < 0 || index >= count) {
      throw new RangeError(`index must be in 0..${count - 1}, got ${index}`);
    }
    checkAlsa(
      a.snd_mixer_selem_set_enum_item(e, 0, index),
      "snd_mixer_selem_set_enum_item",
      this.#label(),
    );
  }

  /**
   * The volume range (pyalsaaudio's `getrange(pcmtype, units)`).
   *
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture), or the options as one object.
   * @param units `"raw"` (default), `"percent"` (always `[0, 100]`) or `"dB"`
   *   (hundredths of a dB, as ALSA and pyalsaaudio give them).
   * @returns `[min, max]`.
   * @throws {TypeError} For bad units or direction.
   * @throws {AlsaError} When closed, the direction has no volume, or (dB) the
   *   control has no dB scale.
   */
  getrange(
    pcmtype?: PcmType | VolumeReadOptions,
    units: VolumeUnits = VOLUME_UNITS_RAW,
  ): [number, number] {
    if (typeof pcmtype === "object") {
      ({ pcmtype, units = VOLUME_UNITS_RAW } = pcmtype);
    }
    const u = unitsValue(units);
    this.#handle("getrange");
    const dir = this.#dir(pcmtype);
    const e = this.#elem("getrange");
    this.#needVolume(e, dir, "getrange");
    if (u === VOLUME_UNITS_PERCENTAGE) return [0, 100];
    if (u === VOLUME_UNITS_DB) return this.#dbRange(e, dir);
    return this.#rawRange(e, dir);
  }

  /**
   * The volume of each channel (pyalsaaudio's `getvolume(pcmtype, units)`).
   *
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture), or the options as one object.
   * @param units `"percent"` (default; linear in raw units, rounded),
   *   `"raw"` or `"dB"` (hundredths of a dB).
   * @returns One value per channel.
   * @throws {TypeError} For bad units or direction.
   * @throws {AlsaError} When closed, the direction has no volume, or ALSA fails.
   */
  getvolume(
    pcmtype?: PcmType | VolumeReadOptions,
    units: VolumeUnits = VOLUME_UNITS_PERCENTAGE,
  ): number[] {
    if (typeof pcmtype === "object") {
      ({ pcmtype, units = VOLUME_UNITS_PERCENTAGE } = pcmtype);
    }
    const u = unitsValue(units);
    this.#handle("getvolume");
    const dir = this.#dir(pcmtype);
    const e = this.#elem("getvolume");
    this.#needVolume(e, dir, "getvolume");
    return this.#volumes(e, dir, u);
  }

  #volumes(e: Deno.PointerObject, dir: number, u: number): number[] {
    const chans = this.#channels(e, dir);
    if (u === VOLUME_UNITS_DB) {
      return chans.map((c) => this.#readVolume(e, dir, c, true));
    }
    const raw = chans.map((c) => this.#readVolume(e, dir, c, false));
    if (u === VOLUME_UNITS_RAW) return raw;
    const [min, max] = this.#rawRange(e, dir);
    return raw.map((v) => rawToPercent(min, max, v));
  }

  /**
   * Sets the volume of all channels or one (pyalsaaudio's
   * `setvolume(volume, channel, pcmtype, units)`).
   *
   * @param volume The volume in `units`: percent 0-100 (default), raw, or
   *   hundredths of a dB.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default); or
   *   the options as one object.
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture).
   * @param units `"percent"` (default), `"raw"` or `"dB"`.
   * @throws {TypeError | RangeError} For a bad value, units, direction or
   *   a channel the control does not have.
   * @throws {AlsaError} When closed, the direction has no volume, or ALSA fails.
   */
  setvolume(
    volume: number,
    channel: number | VolumeWriteOptions = MIXER_CHANNEL_ALL,
    pcmtype?: PcmType,
    units: VolumeUnits = VOLUME_UNITS_PERCENTAGE,
  ): void {
    if (typeof channel === "object") {
      ({
        channel = MIXER_CHANNEL_ALL,
        pcmtype,
        units = VOLUME_UNITS_PERCENTAGE,
      } = channel);
    }
    const u = unitsValue(units);
    if (!Number.isInteger(volume)) {
      throw new TypeError(`volume must be an integer, got ${volume}`);
    }
    if (u === VOLUME_UNITS_PERCENTAGE && (volume < 0 || volume > 100)) {
      throw new RangeError(`volume in percent must be 0-100, got ${volume}`);
    }
    if (!Number.isInteger(channel) || channel < MIXER_CHANNEL_ALL) {
      throw new RangeError(
        `channel must be MIXER_CHANNEL_ALL (-1) or a channel index >= 0, got ${channel}`,
      );
    }
    this.#handle("setvolume");
    const dir = this.#dir(pcmtype);
    const e = this.#elem("setvolume");
    this.#needVolume(e, dir, "setvolume");
    const chans = this.#channels(e, dir);
    if (channel !== MIXER_CHANNEL_ALL && !chans.includes(channel)) {
      throw new RangeError(
        `${this.#label()} has no ${
          dir === PCM_PLAYBACK ? "playback" : "capture"
        } channel ${channel}; its channels: ${chans.join(", ")}`,
      );
    }
    let value = volume;
    if (u === VOLUME_UNITS_PERCENTAGE) {
      const [min, max] = this.#rawRange(e, dir);
      value = percentToRaw(min, max, volume);
    } else if (u === VOLUME_UNITS_RAW) {
      const [min, max] = this.#rawRange(e, dir);
      if (volume < min || volume > max) {
        throw new RangeError(`raw volume must be ${min}-${max}, got ${volume}`);
      }
    }
    const a = alsaLib();
    for (const c of chans) {
      if (channel !== MIXER_CHANNEL_ALL && c !== channel) continue;
      const v = BigInt(value);
      if (dir === PCM_PLAYBACK) {
        checkAlsa(
          u === VOLUME_UNITS_DB
            ? a.snd_mixer_selem_set_playback_dB(e, c, v, 0)
            : a.snd_mixer_selem_set_playback_volume(e, c, v),
          u === VOLUME_UNITS_DB
            ? "snd_mixer_selem_set_playback_dB"
            : "snd_mixer_selem_set_playback_volume",
          this.#label(),
        );
      } else {
        checkAlsa(
          u === VOLUME_UNITS_DB
            ? a.snd_mixer_selem_set_capture_dB(e, c, v, 0)
            : a.snd_mixer_selem_set_capture_volume(e, c, v),
          u === VOLUME_UNITS_DB
            ? "snd_mixer_selem_set_capture_dB"
            : "snd_mixer_selem_set_capture_volume",
          this.#label(),
        );
      }
    }
  }

  #needSwitch(e: Deno.PointerObject, dir: number, call: string): void {
    const a = alsaLib();
    const has = dir === PCM_PLAYBACK
      ? a.snd_mixer_selem_has_playback_switch(e)
      : a.snd_mixer_selem_has_capture_switch(e);
    if (!has) {
      throw new AlsaError(
        `${this.#label()} has no ${
          dir === PCM_PLAYBACK
            ? "playback switch (mute)"
            : "capture switch (rec)"
        }; its switches: ${
          this.#switchCap.length ? this.#switchCap.join(", ") : "none"
        }`,
        { call },
      );
    }
  }

  #switches(e: Deno.PointerObject, dir: number): number[] {
    const a = alsaLib();
    return this.#channels(e, dir).map((c) => {
      checkAlsa(
        dir === PCM_PLAYBACK
          ? a.snd_mixer_selem_get_playback_switch(e, c, this.#int)
          : a.snd_mixer_selem_get_capture_switch(e, c, this.#int),
        dir === PCM_PLAYBACK
          ? "snd_mixer_selem_get_playback_switch"
          : "snd_mixer_selem_get_capture_switch",
        this.#label(),
      );
      return this.#int[0] ? 1 : 0;
    });
  }

  #setSwitch(call: string, dir: number, on: boolean, channel: number): void {
    if (!Number.isInteger(channel) || channel < MIXER_CHANNEL_ALL) {
      throw new RangeError(
        `channel must be MIXER_CHANNEL_ALL (-1) or a channel index >= 0, got ${channel}`,
      );
    }
    const e = this.#elem(call);
    this.#needSwitch(e, dir, call);
    const chans = this.#channels(e, dir);
    if (channel !== MIXER_CHANNEL_ALL && !chans.includes(channel)) {
      throw new RangeError(
        `${this.#label()} has no ${
          dir === PCM_PLAYBACK ? "playback" : "capture"
        } channel ${channel}; its channels: ${chans.join(", ")}`,
      );
    }
    const a = alsaLib();
    for (const c of chans) {
      if (channel !== MIXER_CHANNEL_ALL && c !== channel) continue;
      checkAlsa(
        dir === PCM_PLAYBACK
          ? a.snd_mixer_selem_set_playback_switch(e, c, on ? 1 : 0)
          : a.snd_mixer_selem_set_capture_switch(e, c, on ? 1 : 0),
        dir === PCM_PLAYBACK
          ? "snd_mixer_selem_set_playback_switch"
          : "snd_mixer_selem_set_capture_switch",
        this.#label(),
      );
    }
  }

  /**
   * The mute flag of each playback channel: 1 muted, 0 not.
   *
   * @returns One flag per channel.
   * @throws {AlsaError} When closed or the control has no playback switch.
   */
  getmute(): number[] {
    const e = this.#elem("getmute");
    this.#needSwitch(e, PCM_PLAYBACK, "getmute");
    return this.#switches(e, PCM_PLAYBACK).map((on) => on ? 0 : 1);
  }

  /**
   * Mutes or unmutes all playback channels or one.
   *
   * @param mute `true`/1 to mute, `false`/0 to unmute.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default).
   * @throws {RangeError} For a channel the control does not have.
   * @throws {AlsaError} When closed or the control has no playback switch.
   */
  setmute(mute: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    this.#setSwitch("setmute", PCM_PLAYBACK, !mute, channel);
  }

  /**
   * The capture flag of each capture channel: 1 recording, 0 not.
   *
   * @returns One flag per channel.
   * @throws {AlsaError} When closed or the control has no capture switch.
   */
  getrec(): number[] {
    const e = this.#elem("getrec");
    this.#needSwitch(e, PCM_CAPTURE, "getrec");
    return this.#switches(e, PCM_CAPTURE);
  }

  /**
   * Turns capture on or off for all capture channels or one.
   *
   * @param capture `true`/1 to record, `false`/0 not to.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default).
   * @throws {RangeError} For a channel the control does not have.
   * @throws {AlsaError} When closed or the control has no capture switch.
   */
  setrec(capture: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    this.#setSwitch("setrec", PCM_CAPTURE, !!capture, channel);
  }

  /**
   * `(fd, events)` pairs to wait on with `poll` for changes (pyalsaaudio's
   * `polldescriptors()`); then call {@linkcode Mixer.handleevents}.
   *
   * @returns The pairs.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  polldescriptors(): [number, number][] {
    const buf = this.#pollfds("polldescriptors");
    const dv = new DataView(buf.buffer);
    const out: [number, number][] = [];
    for (let i = 0; i < buf.length / pollfd.size; i++) {
      out.push([
        dv.getInt32(i * pollfd.size + pollfd.offsets.fd, true),
        dv.getInt16(i * pollfd.size + pollfd.offsets.events, true),
      ]);
    }
    return out;
  }

  #pollfds(call: string): Uint8Array {
    const h = this.#handle(call);
    const a = alsaLib();
    const n = checkAlsa(
      a.snd_mixer_poll_descriptors_count(h),
      "snd_mixer_poll_descriptors_count",
      this.#label(),
    );
    const buf = new Uint8Array(n * pollfd.size);
    const got = checkAlsa(
      a.snd_mixer_poll_descriptors(h, buf, n),
      "snd_mixer_poll_descriptors",
      this.#label(),
    );
    return buf.subarray(0, got * pollfd.size);
  }

  /**
   * Handles pending events on the poll descriptors so they stop reporting
   * them (pyalsaaudio's `handleevents()`).
   *
   * @returns How many events were handled.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  handleevents(): number {
    const h = this.#handle("handleevents");
    const n = checkAlsa(
      alsaLib().snd_mixer_handle_events(h),
      "snd_mixer_handle_events",
      this.#label(),
    );
    if (n > 0) {
      this.#changes++;
      this.#wake();
    }
    return n;
  }

  /** The control's whole state, read now. */
  #snapshot(call: string): MixerEvent {
    const e = this.#elem(call);
    const a = alsaLib();
    const pv = this.#hasVolume(e, PCM_PLAYBACK) && this.#pchannels > 0;
    const cv = this.#hasVolume(e, PCM_CAPTURE) && this.#cchannels > 0;
    const dir = this.#dir(undefined);
    let enumItem: string | null = null;
    if (a.snd_mixer_selem_is_enumerated(e)) {
      const en = this.getenum();
      enumItem = en.length ? en[0] : null;
    }
    return {
      control: this.#control,
      id: this.#id,
      playbackVolume: pv
        ? this.#volumes(e, PCM_PLAYBACK, VOLUME_UNITS_RAW)
        : null,
      captureVolume: cv
        ? this.#volumes(e, PCM_CAPTURE, VOLUME_UNITS_RAW)
        : null,
      volume: (dir === PCM_PLAYBACK ? pv : cv)
        ? this.#volumes(e, dir, VOLUME_UNITS_PERCENTAGE)
        : [],
      mute: a.snd_mixer_selem_has_playback_switch(e)
        ? this.#switches(e, PCM_PLAYBACK).map((on) => on ? 0 : 1)
        : null,
      rec: a.snd_mixer_selem_has_capture_switch(e)
        ? this.#switches(e, PCM_CAPTURE)
        : null,
      enumItem,
    };
  }

  /**
   * The control's current state (what {@linkcode Mixer.events} yields).
   *
   * @returns Volumes, switches and enum item, read now.
   * @throws {AlsaError} When closed or ALSA fails.
   */
  state(): MixerEvent {
    return this.#snapshot("state");
  }

  /**
   * Waits until the mixer's descriptors report something, a read elsewhere
   * handled events, or close() was called. The wait itself is a libc `poll`
   * on a helper thread (`nonblocking`), with a timeout of
   * `POLL_TIMEOUT_MS` (100 ms) so that close() never waits long for it.
   */
  async #waitForChange(seen: number): Promise<void> {
    while (this.#h !== null && this.#changes === seen) {
      if (this.#poll === null) {
        this.#pollBuf = this.#pollfds("events");
        const nfds = this.#pollBuf.length / pollfd.size;
        this.#poll = libc().poll_nb(
          this.#pollBuf,
          BigInt(nfds),
          POLL_TIMEOUT_MS,
        )
          .finally(() => {
            this.#poll = null;
            this.#pollBuf = null;
          });
      }
      const woken = new Promise<number>((r) => this.#wakers.push(() => r(-2)));
      const n = await Promise.race([this.#poll, woken]);
      if (n !== 0) return; // ready, error (-1) or woken (-2): look at the state
    }
  }

  /**
   * Changes of this control as they happen, made by this or any other
   * program: yields the new state after each change. Waits on the poll
   * descriptors without blocking the event loop and without busy-polling;
   * ends when the mixer is closed.
   *
   * @returns An async iterator of {@linkcode MixerEvent}.
   * @throws {AlsaError} When closed.
   * @example Print each change until closed
   * ```ts ignore
   * import { Mixer } from "@audiodev/audiodev/mixer";
   * const m = new Mixer("Master");
   * for await (const ev of m.events()) {
   *   console.log(ev.volume, ev.mute);
   *   if (ev.mute?.[0]) m.close();
   * }
   * ```
   */
  async *events(): AsyncGenerator<MixerEvent, void, undefined> {
    let last = this.#snapshot("events");
    let seen = this.#changes;
    while (this.#h !== null) {
      await this.#waitForChange(seen);
      if (this.#h === null) return;
      seen = this.#changes;
      const now = this.#snapshot("events");
      seen = this.#changes; // events handled by the snapshot itself
      if (!sameMixerState(last, now)) {
        last = now;
        yield now;
      }
    }
  }

  /**
   * Closes the mixer. Use afterwards throws; `events()` iterators end. The
   * ALSA handle is freed at once, or, while an `events()` wait is still in
   * poll on its helper thread, as soon as that poll returns (at most
   * `POLL_TIMEOUT_MS` (100 ms) later). Idempotent.
   *
   * @returns A promise that resolves once the handle is freed (awaiting it is optional).
   */
  close(): Promise<void> {
    if (this.#freed !== null) return this.#freed;
    const h = this.#h;
    this.#h = null;
    if (h === null) return (this.#freed = Promise.resolve());
    registry.unregister(this);
    this.#wake();
    const free = (): void => {
      const a = alsaLib();
      a.snd_mixer_selem_id_free(this.#sid);
      a.snd_mixer_close(h);
    };
    if (this.#poll === null) {
      free();
      this.#freed = Promise.resolve();
    } else {
      this.#freed = this.#poll.then(free, free);
    }
    return this.#freed;
  }

  /** `using m = new Mixer()`: closes (the handle may be freed a moment later, see close()). */
  [Symbol.dispose](): void {
    void this.close();
  }

  /** `await using m = new Mixer()`: closes and waits until the handle is freed. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
