/**
 * `Mixer`: one ALSA simple mixer control at pyalsaaudio 0.11 parity, plus
 * an async iterator of change events. Opening lives in `open.ts`, element
 * access in `element.ts`.
 *
 * @module
 */

import { pollfd } from "../ffi/alsa.ts";
import {
  AlsaError,
  alsaLib,
  AlsaRangeError,
  AlsaTypeError,
  checkAlsa,
} from "../src/alsa/errors.ts";
import {
  PCM_CAPTURE,
  PCM_PLAYBACK,
  type PcmType,
} from "../src/alsa/constants.ts";
import { checkCString, checkOptions, describeValue } from "../src/options.ts";
import { checkSignal } from "../src/abort.ts";
import * as el from "./element.ts";
import { type MixerEvent, sameMixerState } from "./events.ts";
import { deviceName, noSuchControl, openMixerHandle } from "./open.ts";
import { changeIterator, ChangeWatch } from "./watch.ts";
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

/** Refuses a positional argument given next to the options object. */
function bothForms(call: string, name: string, value: unknown): void {
  if (value !== undefined) {
    throw new AlsaTypeError(
      `${call}(): ${name} given both in the options object's place and as an argument after it (${
        describeValue(value)
      }); put it in the options object`,
      { call },
    );
  }
}

const dirName = (dir: number): string =>
  dir === PCM_PLAYBACK ? "playback" : "capture";

/**
 * One simple mixer control (pyalsaaudio's `alsaaudio.Mixer`).
 *
 * Every read first handles the mixer's pending events, so it never returns a
 * value older than a change another program already made. Bad arguments are
 * {@linkcode AlsaTypeError}/{@linkcode AlsaRangeError}s: real
 * `TypeError`/`RangeError`s that also pass `instanceof AlsaError`, as
 * pyalsaaudio raises `ALSAAudioError` for them.
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
  #volumeCap: string[];
  #switchCap: string[];
  #pchannels: number;
  #watch: ChangeWatch = new ChangeWatch({
    pollfds: () => this.#pollfds("events"),
    isOpen: () => this.#h !== null,
    handleEvents: () => void this.#elem("events"),
    label: () => this.#label(),
  });
  #freed: Promise<void> | null = null;

  /**
   * Opens a control (pyalsaaudio's `Mixer(control, id, cardindex, device)`).
   *
   * @param control Control name (default `"Master"`), or all options as one object.
   * @param id Control index (default 0).
   * @param cardindex Card index 0..31, or -1 (default) to use `device`.
   * @param device ALSA device name (default `"default"`).
   * @throws {AlsaTypeError | AlsaRangeError} For a bad argument (a name with a
   *   NUL byte included).
   * @throws {AlsaError} When the device has no mixer or no such control (the
   *   message lists the controls it has).
   */
  constructor(
    control: string | MixerOptions = "Master",
    id: number = 0,
    cardindex: number = -1,
    device: string = "default",
  ) {
    if (typeof control === "object" && control !== null) {
      checkOptions("Mixer", control, ["control", "id", "cardindex", "device"]);
      ({
        control = "Master",
        id = 0,
        cardindex = -1,
        device = "default",
      } = control);
    }
    try {
      checkCString("Mixer: control", control);
    } catch (e) {
      throw new AlsaTypeError((e as Error).message, { call: "Mixer" });
    }
    if (typeof id !== "number" || !Number.isInteger(id)) {
      throw new AlsaTypeError(
        `Mixer: id must be an integer, got ${describeValue(id)}`,
        { call: "Mixer" },
      );
    }
    if (id < 0 || id > 0xffff) {
      throw new AlsaRangeError(`Mixer: id must be 0..65535, got ${id}`, {
        call: "Mixer",
      });
    }
    id = id + 0; // -0 is 0 (C takes no negative zero)
    const name = deviceName("Mixer", cardindex, device);
    const a = alsaLib();
    const h = openMixerHandle(name);
    const out = new BigUint64Array(1);
    try {
      checkAlsa(a.snd_mixer_selem_id_malloc(out), "snd_mixer_selem_id_malloc");
    } catch (e) {
      a.snd_mixer_close(h);
      throw e;
    }
    this.#sid = Deno.UnsafePointer.create(out[0]) as Deno.PointerObject;
    a.snd_mixer_selem_id_set_name(this.#sid, enc(control as string));
    a.snd_mixer_selem_id_set_index(this.#sid, id);
    const elem = a.snd_mixer_find_selem(h, this.#sid);
    if (elem === null) {
      const err = noSuchControl(h, control as string, id, name);
      a.snd_mixer_selem_id_free(this.#sid);
      a.snd_mixer_close(h);
      throw err;
    }
    this.#h = h;
    this.#control = control as string;
    this.#id = id;
    this.#cardname = name;
    const caps = el.capabilities(elem);
    this.#volumeCap = caps.volume;
    this.#switchCap = caps.switch;
    this.#pchannels = el.channels(elem, PCM_PLAYBACK).length;
    registry.register(this, { h, sid: this.#sid }, this);
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
    this.#watch.handled(n);
    const e = a.snd_mixer_find_selem(h, this.#sid);
    if (e === null) {
      throw new AlsaError(`${this.#label()} is gone (removed by its driver)`, {
        call: "snd_mixer_find_selem",
      });
    }
    return e;
  }

  /** The direction asked for, or the default one. */
  #dir(call: string, pcmtype: unknown): number {
    if (pcmtype === undefined || pcmtype === null) {
      return this.#pchannels > 0 ? PCM_PLAYBACK : PCM_CAPTURE;
    }
    if (pcmtype === "playback" || pcmtype === PCM_PLAYBACK) return PCM_PLAYBACK;
    if (pcmtype === "capture" || pcmtype === PCM_CAPTURE) return PCM_CAPTURE;
    throw new AlsaTypeError(
      `${call}(): pcmtype must be "playback", "capture", PCM_PLAYBACK (0) or PCM_CAPTURE (1), got ${
        describeValue(pcmtype)
      }`,
      { call },
    );
  }

  #needVolume(e: Deno.PointerObject, dir: number, call: string): void {
    if (!el.hasVolume(e, dir)) {
      throw new AlsaError(
        `${this.#label()} has no ${
          dirName(dir)
        } volume (its volume capabilities: ${
          this.#volumeCap.length ? this.#volumeCap.join(", ") : "none"
        })`,
        { call },
      );
    }
  }

  #needSwitch(e: Deno.PointerObject, dir: number, call: string): void {
    if (!el.hasSwitch(e, dir)) {
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

  /** Checks a channel argument against the element's channels. */
  #channelArg(
    call: string,
    e: Deno.PointerObject,
    dir: number,
    channel: unknown,
  ): number[] {
    if (typeof channel !== "number" || !Number.isInteger(channel)) {
      throw new AlsaTypeError(
        `${call}(): channel must be an integer (MIXER_CHANNEL_ALL, -1, or a channel index), got ${
          describeValue(channel)
        }`,
        { call },
      );
    }
    const chans = el.channels(e, dir);
    if (channel === MIXER_CHANNEL_ALL) return chans;
    if (!chans.includes(channel)) {
      throw new AlsaRangeError(
        `${call}(): ${this.#label()} has no ${
          dirName(dir)
        } channel ${channel}; its channels: ${
          chans.join(", ") || "none"
        } (or MIXER_CHANNEL_ALL, -1)`,
        { call },
      );
    }
    return [channel + 0]; // (+ 0: -0 is 0)
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
    return el.isEnumerated(e) ? el.readEnum(e, this.#label()) : [];
  }

  /**
   * Selects an item of an enumerated control.
   *
   * @param index Index into the items of {@linkcode Mixer.getenum}.
   * @throws {AlsaTypeError} When `index` is not an integer.
   * @throws {AlsaRangeError} When `index` is not an item.
   * @throws {AlsaError} When closed, not an enumerated control, or ALSA fails.
   */
  setenum(index: number): void {
    if (typeof index !== "number" || !Number.isInteger(index)) {
      throw new AlsaTypeError(
        `setenum(): index must be an integer, got ${describeValue(index)}`,
        { call: "setenum" },
      );
    }
    const e = this.#elem("setenum");
    if (!el.isEnumerated(e)) {
      throw new AlsaError(`${this.#label()} is not an enumerated control`, {
        call: "setenum",
      });
    }
    const count = el.enumCount(e, this.#label());
    if (index < 0 || index >= count) {
      throw new AlsaRangeError(
        `setenum(): Enum index out of range 0 <= ${index} < ${count}`,
        { call: "setenum" },
      );
    }
    el.writeEnum(e, index + 0, this.#label()); // (+ 0: -0 is 0)
  }

  /**
   * The volume range (pyalsaaudio's `getrange(pcmtype, units)`).
   *
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture), or the options as one object.
   * @param units `"raw"` (default), `"percent"` (always `[0, 100]`) or `"dB"`
   *   (hundredths of a dB, as ALSA and pyalsaaudio give them).
   * @returns `[min, max]`.
   * @throws {AlsaTypeError} For bad units or direction.
   * @throws {AlsaError} When closed, the direction has no volume, or (dB) the
   *   control has no dB scale.
   */
  getrange(
    pcmtype?: PcmType | VolumeReadOptions,
    units?: VolumeUnits,
  ): [number, number] {
    if (typeof pcmtype === "object" && pcmtype !== null) {
      checkOptions("getrange", pcmtype, ["pcmtype", "units"]);
      bothForms("getrange", "units", units);
      ({ pcmtype, units } = pcmtype);
    }
    const u = unitsValue(units ?? VOLUME_UNITS_RAW);
    this.#handle("getrange");
    const dir = this.#dir("getrange", pcmtype);
    const e = this.#elem("getrange");
    this.#needVolume(e, dir, "getrange");
    if (u === VOLUME_UNITS_PERCENTAGE) return [0, 100];
    if (u === VOLUME_UNITS_DB) return el.dbRange(e, dir, this.#label());
    return el.rawRange(e, dir, this.#label());
  }

  /**
   * The volume of each channel (pyalsaaudio's `getvolume(pcmtype, units)`).
   * A direction the control has no volume for gives `[]`, as in
   * pyalsaaudio 0.11 (its `mixertest.py` relies on that).
   *
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture), or the options as one object.
   * @param units `"percent"` (default; linear in raw units, rounded),
   *   `"raw"` or `"dB"` (hundredths of a dB).
   * @returns One value per channel, or `[]`.
   * @throws {AlsaTypeError} For bad units or direction.
   * @throws {AlsaError} When closed, or ALSA fails (dB: no dB scale).
   */
  getvolume(
    pcmtype?: PcmType | VolumeReadOptions,
    units?: VolumeUnits,
  ): number[] {
    if (typeof pcmtype === "object" && pcmtype !== null) {
      checkOptions("getvolume", pcmtype, ["pcmtype", "units"]);
      bothForms("getvolume", "units", units);
      ({ pcmtype, units } = pcmtype);
    }
    const u = unitsValue(units ?? VOLUME_UNITS_PERCENTAGE);
    this.#handle("getvolume");
    const dir = this.#dir("getvolume", pcmtype);
    const e = this.#elem("getvolume");
    if (!el.hasVolume(e, dir)) return [];
    return this.#volumes(e, dir, u);
  }

  #volumes(e: Deno.PointerObject, dir: number, u: number): number[] {
    const label = this.#label();
    const chans = el.channels(e, dir);
    if (u === VOLUME_UNITS_DB) {
      return chans.map((c) => el.readVolume(e, dir, c, true, label));
    }
    const raw = chans.map((c) => el.readVolume(e, dir, c, false, label));
    if (u === VOLUME_UNITS_RAW) return raw;
    const [min, max] = el.rawRange(e, dir, label);
    return raw.map((v) => rawToPercent(min, max, v));
  }

  /**
   * Sets the volume of all channels or one (pyalsaaudio's
   * `setvolume(volume, channel, pcmtype, units)`).
   *
   * @param volume The volume in `units`: percent 0-100 (default), raw, or
   *   hundredths of a dB (ALSA picks the step at or below it).
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default); or
   *   the options as one object.
   * @param pcmtype Direction (default: playback if the control has playback
   *   channels, else capture).
   * @param units `"percent"` (default), `"raw"` or `"dB"`.
   * @throws {AlsaTypeError | AlsaRangeError} For a bad value, units,
   *   direction, or a channel the control does not have.
   * @throws {AlsaError} When closed, the direction has no volume, or ALSA fails.
   */
  setvolume(
    volume: number,
    channel: number | VolumeWriteOptions = MIXER_CHANNEL_ALL,
    pcmtype?: PcmType,
    units?: VolumeUnits,
  ): void {
    if (typeof channel === "object" && channel !== null) {
      checkOptions("setvolume", channel, ["channel", "pcmtype", "units"]);
      bothForms("setvolume", "pcmtype", pcmtype);
      bothForms("setvolume", "units", units);
      ({ channel = MIXER_CHANNEL_ALL, pcmtype, units } = channel);
    }
    const u = unitsValue(units ?? VOLUME_UNITS_PERCENTAGE);
    if (typeof volume !== "number" || !Number.isInteger(volume)) {
      throw new AlsaTypeError(
        `setvolume(): volume must be an integer, got ${describeValue(volume)}`,
        { call: "setvolume" },
      );
    }
    if (u === VOLUME_UNITS_PERCENTAGE && (volume < 0 || volume > 100)) {
      throw new AlsaRangeError(
        `setvolume(): Volume out of range: percent must be 0-100, got ${volume}`,
        { call: "setvolume" },
      );
    }
    this.#handle("setvolume");
    const dir = this.#dir("setvolume", pcmtype);
    const e = this.#elem("setvolume");
    this.#needVolume(e, dir, "setvolume");
    const chans = this.#channelArg("setvolume", e, dir, channel);
    const label = this.#label();
    let value = volume;
    if (u !== VOLUME_UNITS_DB) {
      const [min, max] = el.rawRange(e, dir, label);
      if (u === VOLUME_UNITS_PERCENTAGE) value = percentToRaw(min, max, volume);
      else if (volume < min || volume > max) {
        throw new AlsaRangeError(
          `setvolume(): Volume out of range: raw volume must be ${min}-${max}, got ${volume}`,
          { call: "setvolume" },
        );
      }
    } else if (!Number.isSafeInteger(volume)) {
      throw new AlsaRangeError(
        `setvolume(): a dB volume is in hundredths of a dB, got ${volume}`,
        { call: "setvolume" },
      );
    }
    for (const c of chans) {
      el.writeVolume(e, dir, c, value, u === VOLUME_UNITS_DB, label);
    }
  }

  #setSwitch(call: string, dir: number, on: unknown, channel: unknown): void {
    if (
      typeof on !== "boolean" &&
      !(typeof on === "number" && Number.isInteger(on) &&
        Math.abs(on) <= 0x7fffffff)
    ) {
      throw new AlsaTypeError(
        `${call}(): the flag must be a boolean or an integer (0 off, other on), got ${
          describeValue(on)
        }`,
        { call },
      );
    }
    const e = this.#elem(call);
    this.#needSwitch(e, dir, call);
    const chans = this.#channelArg(call, e, dir, channel);
    const flag = call === "setmute" ? !on : !!on;
    for (const c of chans) el.writeSwitch(e, dir, c, flag, this.#label());
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
    return el.readSwitches(e, PCM_PLAYBACK, this.#label()).map((on) =>
      on ? 0 : 1
    );
  }

  /**
   * Mutes or unmutes all playback channels or one.
   *
   * @param mute `true`/1 to mute, `false`/0 to unmute.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default).
   * @throws {AlsaTypeError | AlsaRangeError} For a bad flag or a channel the
   *   control does not have.
   * @throws {AlsaError} When closed or the control has no playback switch.
   */
  setmute(mute: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    this.#setSwitch("setmute", PCM_PLAYBACK, mute, channel);
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
    return el.readSwitches(e, PCM_CAPTURE, this.#label());
  }

  /**
   * Turns capture on or off for all capture channels or one.
   *
   * @param capture `true`/1 to record, `false`/0 not to.
   * @param channel A channel index, or `MIXER_CHANNEL_ALL` (-1, default).
   * @throws {AlsaTypeError | AlsaRangeError} For a bad flag or a channel the
   *   control does not have.
   * @throws {AlsaError} When closed or the control has no capture switch.
   */
  setrec(capture: boolean | number, channel: number = MIXER_CHANNEL_ALL): void {
    this.#setSwitch("setrec", PCM_CAPTURE, capture, channel);
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
    this.#watch.handled(n);
    return n;
  }

  /** The control's whole state, read now. */
  #snapshot(call: string): MixerEvent {
    const e = this.#elem(call);
    const label = this.#label();
    const pv = el.hasVolume(e, PCM_PLAYBACK) && this.#pchannels > 0;
    const cv = el.hasVolume(e, PCM_CAPTURE) &&
      el.channels(e, PCM_CAPTURE).length > 0;
    const dir = this.#dir(call, undefined);
    let enumItem: string | null = null;
    if (el.isEnumerated(e)) enumItem = el.readEnum(e, label)[0];
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
      mute: el.hasSwitch(e, PCM_PLAYBACK)
        ? el.readSwitches(e, PCM_PLAYBACK, label).map((on) => on ? 0 : 1)
        : null,
      rec: el.hasSwitch(e, PCM_CAPTURE)
        ? el.readSwitches(e, PCM_CAPTURE, label)
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
   * Changes of this control as they happen, made by this or any other
   * program: yields the new state after each change. Waits on the poll
   * descriptors without blocking the event loop and without busy-polling.
   * Ends when the mixer is closed or the iterator's `return()` is called
   * (`break` in a `for await` loop), at once even while a `next()` is
   * waiting; throws when the device goes away (a sound server that died), so
   * an ending always says why.
   *
   * @param options `signal`: when it aborts, the waiting `next()` and every
   *   later one reject with `signal.reason` within a few milliseconds (an
   *   aborted signal: the first `next()`, before the mixer is read).
   * @returns An async iterator of {@linkcode MixerEvent}.
   * @throws {TypeError} When an option is unknown or `signal` is not an
   *   `AbortSignal`.
   * @throws {AlsaError} (from `next()`) When closed, or when the device goes away.
   * @throws {unknown} (from `next()`) `signal.reason` when the signal aborted.
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
  events(
    options?: { signal?: AbortSignal },
  ): AsyncIterableIterator<MixerEvent> {
    checkOptions("events", options, ["signal"]);
    const signal = checkSignal("events: signal", options?.signal);
    return changeIterator({
      watch: this.#watch,
      isOpen: () => this.#h !== null,
      snapshot: () => this.#snapshot("events"),
      same: sameMixerState,
    }, signal);
  }

  /**
   * Closes the mixer. Use afterwards throws; `events()` iterators end. The
   * ALSA handle is freed at once, or, while an `events()` wait is still in
   * poll on its helper thread, as soon as that poll returns (at most
   * 100 ms later). Idempotent.
   *
   * @returns A promise that resolves once the handle is freed (awaiting it is optional).
   */
  close(): Promise<void> {
    if (this.#freed !== null) return this.#freed;
    const h = this.#h;
    this.#h = null;
    if (h === null) return (this.#freed = Promise.resolve());
    registry.unregister(this);
    this.#watch.wake();
    const free = (): void => {
      const a = alsaLib();
      a.snd_mixer_selem_id_free(this.#sid);
      a.snd_mixer_close(h);
    };
    const poll = this.#watch.inFlight;
    if (poll === null) {
      free();
      this.#freed = Promise.resolve();
    } else {
      this.#freed = poll.then(free, free);
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
