/**
 * Direct ALSA access, as pyalsaaudio's `alsaaudio` module gives it.
 *
 * - **Listings**: {@linkcode pcms}, {@linkcode cards}, {@linkcode cardIndexes},
 *   {@linkcode cardName}, {@linkcode asoundlibVersion}.
 * - **PCM**: {@linkcode PCM} (playback and capture; async `read`/`write`/`drain`/`close`
 *   that never freeze the event loop, plus `...Sync` forms that block like pyalsaaudio).
 * - **Poll descriptors**: {@linkcode poll} waits on `polldescriptors()` pairs
 *   off the event loop, as Python's `select.poll()`.
 * - **Constants**: `PCM_PLAYBACK`, `PCM_CAPTURE`, `PCM_NORMAL`, `PCM_NONBLOCK`,
 *   every `PCM_FORMAT_*`, `PCM_STATE_*`, `PCM_TSTAMP_*`.
 * - **Errors**: {@linkcode AlsaError}. ALSA's own error printing is kept off stderr
 *   (set `AUDIODEV_SHOW_STDERR=1` to see it).
 *
 * The mixer is in `@audiodev/audiodev/mixer`.
 *
 * @example Record a period and play it back
 * ```ts ignore
 * import { PCM } from "@audiodev/audiodev/alsa";
 * const rec = new PCM({ type: "capture", channels: 1, rate: 44100, periodsize: 1024 });
 * const [frames, data] = await rec.read();
 * const out = new PCM({ channels: 1, rate: 44100 });
 * await out.write(data);
 * await out.close();
 * await rec.close();
 * ```
 *
 * @module
 */

export {
  AlsaError,
  type AlsaErrorOptions,
  AlsaRangeError,
  alsaStrerror,
  AlsaTypeError,
  checkAlsa,
} from "./src/alsa/errors.ts";
export {
  asoundlibVersion,
  cardIndexes,
  cardName,
  cards,
  pcms,
} from "./src/alsa/names.ts";
export {
  formatValue,
  PCM,
  PCMBase,
  type PCMInfo,
  type PCMOptions,
} from "./src/alsa/pcm.ts";
export {
  poll,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
} from "./src/alsa/poll.ts";
export * from "./src/alsa/constants.ts";
