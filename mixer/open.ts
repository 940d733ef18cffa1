/**
 * Opening an ALSA simple mixer on a device and listing its controls
 * (pyalsaaudio's `mixers()`), with the argument checks the `Mixer`
 * constructor shares.
 *
 * @module
 */

import {
  AlsaError,
  alsaLib,
  AlsaRangeError,
  AlsaTypeError,
  checkAlsa,
} from "../src/alsa/errors.ts";
import { checkCString, checkOptions, describeValue } from "../src/options.ts";

/** pyalsaaudio refuses card indexes from 32 on ("Invalid card number"). */
const MAX_CARDS = 32;

const enc = (s: string): Uint8Array => new TextEncoder().encode(s + "\0");
const cstr = (p: Deno.PointerValue): string =>
  p === null ? "" : Deno.UnsafePointerView.getCString(p);

/**
 * The ALSA device a mixer opens: `hw:<cardindex>` for a card index, else
 * `device`, after checking both.
 *
 * @param call The refusing function, for messages (`"Mixer"`).
 * @param cardindex A card index 0..31, or -1 to use `device`.
 * @param device An ALSA device name.
 * @returns The device name.
 * @throws {AlsaTypeError} When `cardindex` is not an integer or `device` is
 *   not a string without NUL bytes.
 * @throws {AlsaRangeError} When `cardindex` is outside -1..31.
 */
export function deviceName(
  call: string,
  cardindex: unknown,
  device: unknown,
): string {
  if (typeof cardindex !== "number" || !Number.isInteger(cardindex)) {
    throw new AlsaTypeError(
      `${call}: cardindex must be an integer, got ${describeValue(cardindex)}`,
      { call },
    );
  }
  if (cardindex < -1 || cardindex >= MAX_CARDS) {
    throw new AlsaRangeError(
      `${call}: Invalid card number ${cardindex} (a card index 0..${
        MAX_CARDS - 1
      }, or -1 to use device)`,
      { call },
    );
  }
  let name: string;
  try {
    name = checkCString(`${call}: device`, device);
  } catch (e) {
    throw new AlsaTypeError((e as Error).message, { call });
  }
  if (name === "") {
    throw new AlsaTypeError(
      `${call}: device must be an ALSA device name such as "default", got ""`,
      { call },
    );
  }
  return cardindex >= 0 ? `hw:${cardindex}` : name;
}

/**
 * Opens, attaches, registers and loads a simple mixer on `device`.
 *
 * @param device An ALSA device name.
 * @returns The `snd_mixer_t*`.
 * @throws {AlsaError} When the device has no mixer.
 */
export function openMixerHandle(device: string): Deno.PointerObject {
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

/**
 * `[name, index]` of every simple control of an open mixer.
 *
 * @param h The `snd_mixer_t*`.
 * @returns The controls, in ALSA's order.
 */
export function listControls(h: Deno.PointerObject): [string, number][] {
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

/** Options of {@linkcode mixers} (pyalsaaudio's keyword arguments). */
export interface MixersOptions {
  /** Card index: lists `hw:<cardindex>` and ignores `device` (default -1: unused). */
  cardindex?: number;
  /** ALSA device name (default `"default"`). */
  device?: string;
}

/**
 * Lists the simple mixer controls of a device, as `amixer scontrols` does
 * (pyalsaaudio's `mixers(cardindex=-1, device='default')`).
 *
 * @param cardindex A card index (opens `hw:<cardindex>`, `device` is then
 *   ignored), or -1 (default) to use `device`; or the options as one object.
 * @param device ALSA device name (default `"default"`).
 * @returns Control names, e.g. `["Master", "Capture"]`.
 * @throws {AlsaTypeError | AlsaRangeError} For a bad argument (both also
 *   pass `instanceof AlsaError`).
 * @throws {AlsaError} When the device has no mixer.
 * @example List the controls
 * ```ts ignore
 * import { mixers } from "@audiodev/audiodev/mixer";
 * console.log(mixers()); // [ "Master", "Capture" ]
 * console.log(mixers({ device: "pulse" }));
 * ```
 */
export function mixers(
  cardindex: number | MixersOptions = -1,
  device: string = "default",
): string[] {
  if (typeof cardindex === "object" && cardindex !== null) {
    checkOptions("mixers", cardindex, ["cardindex", "device"]);
    ({ cardindex = -1, device = "default" } = cardindex);
  }
  const name = deviceName("mixers", cardindex, device);
  const h = openMixerHandle(name);
  try {
    return listControls(h).map(([n]) => n);
  } finally {
    alsaLib().snd_mixer_close(h);
  }
}

/**
 * The error for a control a device does not have; lists those it has.
 *
 * @param h The open mixer.
 * @param control The name asked for.
 * @param id The index asked for.
 * @param device The device.
 * @returns The error to throw.
 */
export function noSuchControl(
  h: Deno.PointerObject,
  control: string,
  id: number,
  device: string,
): AlsaError {
  const have = listControls(h).map(([n, i]) => `'${n}',${i}`);
  return new AlsaError(
    `Unable to find mixer control '${control}',${id} on "${device}"; ` +
      `available controls: ${have.length ? have.join(", ") : "none"}`,
    { call: "snd_mixer_find_selem" },
  );
}
