/**
 * Capture to playback, driven by poll descriptors, like pyalsaaudio's
 * `loopback.py`: a reactor waits on the capture PCM's (and, with -I/-O, the
 * capture mixer's) poll descriptors; each captured period is written to a
 * playback PCM that is opened when sound arrives and closed again after 2 s
 * of silence (commands from -B/-A run around that). With -I and -O the
 * capture control's volume is forwarded to the playback control.
 *
 * ```sh
 * deno run -A examples/loopback.ts [-d] [-i input] [-o output] [-r rate] [-c channels]
 *   [-p periodsize] [-P periods] [-I input-mixer] [-O output-mixer]
 *   [-A run-after-stop] [-B run-before-start] [-V volume]
 * ```
 *
 * Where upstream differs from what it evidently means, this port does the
 * latter: it always opens the capture PCM (upstream only does with -I/-O),
 * polls in 250 ms slices (upstream passes 0.25 to `poll()`, which takes
 * milliseconds), and hands `polldescriptorsRevents()` the `revents` that
 * poll reported (upstream passes the registered mask).
 *
 * @module
 */
// deno-lint-ignore-file no-console

import {
  AlsaError,
  PCM,
  PCM_CAPTURE,
  PCM_NONBLOCK,
  PCM_PLAYBACK,
  PCM_STATE_DISCONNECTED,
  PCM_STATE_DRAINING,
  PCM_STATE_OPEN,
  PCM_STATE_PAUSED,
  PCM_STATE_PREPARED,
  PCM_STATE_RUNNING,
  PCM_STATE_SETUP,
  PCM_STATE_SUSPENDED,
  PCM_STATE_XRUN,
  type PCMOptions,
  pcms,
  poll,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
} from "../alsa.ts";
import { Mixer } from "../mixer/mod.ts";
import { interruptController, parseArgs, UsageError } from "./_util.ts";

/** Idle handlers run at least this often, in seconds. */
const idleTimerPeriod = 0.25;
/** How long to wait before opening a busy device again, in seconds. */
const openGracePeriod = 0.5;
/** Close the playback device after this much silence, in seconds. */
const idleCloseTimeout = 2.0;

const pollNames: Record<number, string> = {
  [POLLIN]: "POLLIN",
  [POLLPRI]: "POLLPRI",
  [POLLOUT]: "POLLOUT",
  [POLLERR]: "POLLERR",
  [POLLHUP]: "POLLHUP",
  [POLLNVAL]: "POLLNVAL",
};

const stateNames: Record<number, string> = {
  [PCM_STATE_OPEN]: "PCM_STATE_OPEN",
  [PCM_STATE_SETUP]: "PCM_STATE_SETUP",
  [PCM_STATE_PREPARED]: "PCM_STATE_PREPARED",
  [PCM_STATE_RUNNING]: "PCM_STATE_RUNNING",
  [PCM_STATE_XRUN]: "PCM_STATE_XRUN",
  [PCM_STATE_DRAINING]: "PCM_STATE_DRAINING",
  [PCM_STATE_PAUSED]: "PCM_STATE_PAUSED",
  [PCM_STATE_SUSPENDED]: "PCM_STATE_SUSPENDED",
  [PCM_STATE_DISCONNECTED]: "PCM_STATE_DISCONNECTED",
};

let debug = false;
/** Python logging's basic format: `asctime levelname message`, on stderr. */
function log(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", msg: string): void {
  if (level === "DEBUG" && !debug) return;
  const t = new Date().toISOString().replace("T", " ").replace("Z", "");
  console.error(`${t} ${level} ${msg}`);
}

function pollDesc(mask: number): string {
  return Object.entries(pollNames).filter(([bit]) => mask & Number(bit))
    .map(([, name]) => name).join("|");
}

/** A file descriptor, its event mask and a name for logging. */
class PollDescriptor {
  constructor(
    readonly name: string,
    readonly fd: number,
    readonly mask: number,
  ) {}

  asTuple(): [number, number] {
    return [this.fd, this.mask];
  }

  /** The first of an ALSA object's descriptors (as upstream). */
  static fromAlsaObject(
    name: string,
    alsaobject: { polldescriptors(): [number, number][] },
    mask?: number,
  ): PollDescriptor {
    const [fd, alsamask] = alsaobject.polldescriptors()[0];
    return new PollDescriptor(name, fd, mask ?? alsamask);
  }
}

type Handler = (fd: number, eventmask: number, name: string) => unknown;

const LoopbackState = {
  LISTENING: "LoopbackState.LISTENING",
  PLAYING: "LoopbackState.PLAYING",
  DEVICE_BUSY: "LoopbackState.DEVICE_BUSY",
} as const;
type LoopbackState = typeof LoopbackState[keyof typeof LoopbackState];

/** Loopback state and event handling. */
class Loopback {
  playback: PCM | null = null;
  lastCaptureEvent: number | null = null;
  readonly capturePd: PollDescriptor;
  readonly runAfterStop: string[] | null;
  readonly runBeforeStart: string[] | null;
  state: LoopbackState | null = null;
  lastStateChange = 0;
  silenceStart: number | null = null;

  constructor(
    readonly capture: PCM,
    readonly playbackArgs: PCMOptions,
    readonly volumeHandler: VolumeForwarder | null,
    runAfterStop?: string,
    runBeforeStart?: string,
  ) {
    this.capturePd = PollDescriptor.fromAlsaObject("capture", capture);
    this.runAfterStop = runAfterStop ? runAfterStop.split(" ") : null;
    this.runBeforeStart = runBeforeStart ? runBeforeStart.split(" ") : null;
  }

  static computeEnergy(data: Uint8Array): number {
    const values = new Int16Array(
      data.buffer,
      data.byteOffset,
      data.byteLength >> 1,
    );
    let e = 0;
    for (const v of values) e += v * v;
    return e;
  }

  static async runCommand(cmd: string[] | null): Promise<void> {
    if (!cmd) return;
    const rc = await new Deno.Command(cmd[0], { args: cmd.slice(1) }).output();
    log(
      rc.code ? "WARNING" : "INFO",
      `run ${JSON.stringify(cmd)}, return code ${rc.code}`,
    );
  }

  register(reactor: Reactor): void {
    reactor.registerIdleHandler(() => this.idleHandler());
    reactor.register(this.capturePd, (fd, ev, name) => this.call(fd, ev, name));
  }

  start(): void {
    if (this.state !== null) throw new Error("start must only be called once");
    // start reading data
    const [size] = this.capture.readSync();
    if (size) log("WARNING", `initial data discarded (${size} bytes)`);
    this.state = LoopbackState.LISTENING;
  }

  /** The Loopback state as a state machine. */
  async setState(newState: LoopbackState): Promise<LoopbackState | null> {
    if (this.state === newState) return this.state;
    log("INFO", `${this.state} -> ${newState}`);
    const previousChange = this.lastStateChange;
    this.lastStateChange = Date.now();
    if (newState === LoopbackState.LISTENING) {
      if (this.state === LoopbackState.PLAYING) {
        await this.playback!.close();
        this.playback = null;
        this.lastCaptureEvent = null;
        this.volumeHandler?.stop();
        await Loopback.runCommand(this.runAfterStop);
      }
    } else if (newState === LoopbackState.PLAYING) {
      if (this.state === LoopbackState.LISTENING) {
        try {
          await Loopback.runCommand(this.runBeforeStart);
          this.playback = new PCM(this.playbackArgs);
          const periodSize = this.playback.info().period_size;
          log("INFO", `opened playback device with period_size ${periodSize}`);
          this.volumeHandler?.start();
        } catch (e) {
          if (!(e instanceof AlsaError)) throw e;
          log("WARNING", `opening PCM playback device failed: ${e.message}`);
          this.state = LoopbackState.DEVICE_BUSY;
          return this.state;
        }
      } else if (this.state === LoopbackState.DEVICE_BUSY) {
        // Only try to reopen the device after the grace period
        if (Date.now() - previousChange > openGracePeriod * 1000) {
          this.state = LoopbackState.LISTENING;
          return this.setState(LoopbackState.PLAYING);
        }
        this.lastStateChange = previousChange;
        return this.state;
      }
    } else if (newState === LoopbackState.DEVICE_BUSY) {
      log("ERROR", `${newState} is internal and cannot be set directly`);
    }
    this.state = newState;
    return this.state;
  }

  async idleHandler(): Promise<void> {
    // PulseAudio's plugin does not signal an overrun on its descriptor (a
    // kernel driver reports POLLERR): look at the state, or capture stalls.
    if (this.capture.state() === PCM_STATE_XRUN) {
      await this.handleCaptureEvent(POLLERR);
    }
    if (
      this.state === LoopbackState.PLAYING && this.lastCaptureEvent !== null &&
      Date.now() - this.lastCaptureEvent > idleCloseTimeout * 1000
    ) {
      log("INFO", "timeout - closing playback device");
      await this.setState(LoopbackState.LISTENING);
    }
  }

  /** Called when data is available for reading. */
  async handleCaptureEvent(eventmask: number): Promise<boolean> {
    if ((eventmask & POLLERR) === POLLERR) {
      log(
        "WARNING",
        `POLLERR for capture device: ${stateNames[this.capture.state()]}`,
      );
      this.capture.drop();
    }
    this.lastCaptureEvent = Date.now();
    const [size, data] = this.capture.readSync();
    if (!size || size < 0) {
      log("WARNING", "capture event but no data");
      return false;
    }
    // The use case is a USB capture device that gives perfect silence when
    // idle: compute the energy and go back to LISTENING on silence.
    const energy = Loopback.computeEnergy(data);
    if (energy === 0) {
      this.silenceStart ??= Date.now();
      // turn off playback after idleCloseTimeout of nothing but silence
      if (Date.now() - this.silenceStart > idleCloseTimeout * 1000) {
        await this.setState(LoopbackState.LISTENING);
        return false;
      }
    } else {
      this.silenceStart = null;
    }
    if (await this.setState(LoopbackState.PLAYING) !== LoopbackState.PLAYING) {
      return false;
    }
    const space = this.playback!.avail();
    if (space > 0) {
      const written = this.playback!.writeSync(data);
      if (written === -32) {
        log("WARNING", "playback underrun");
        this.playback!.writeSync(data);
      }
      log(
        "DEBUG",
        `wrote ${written} bytes while space was ${space} ${
          energy === 0 ? "(silence)" : ""
        }`,
      );
    }
    return true;
  }

  call(fd: number, eventmask: number, _name: string): Promise<boolean> | false {
    if (fd !== this.capturePd.fd) return false;
    const realMask = this.capture.polldescriptorsRevents([[fd, eventmask]]);
    if (realMask) return this.handleCaptureEvent(realMask);
    log("DEBUG", "null capture event");
    return false;
  }
}

/** Volume control event handling. */
class VolumeForwarder {
  active = true;
  volume: number | null = null;

  constructor(
    readonly captureControl: Mixer,
    readonly playbackControl: Mixer,
  ) {}

  start(): void {
    this.active = true;
    if (this.volume !== null) {
      log("INFO", `start volume is ${this.volume}`);
      this.playbackControl.setvolume(this.volume);
    }
  }

  stop(): void {
    this.active = false;
    this.volume = this.playbackControl.getvolume(PCM_CAPTURE)[0] ??
      this.playbackControl.getvolume()[0] ?? null;
    log("INFO", `stop volume is ${this.volume}`);
  }

  call(_fd: number, _eventmask: number, name: string): void {
    if (!this.active) return;
    const volume = this.captureControl.getvolume(PCM_CAPTURE);
    // indicate that we've handled the event
    this.captureControl.handleevents();
    log("INFO", `${name} adjusting volume to ${JSON.stringify(volume)}`);
    if (volume.length) this.playbackControl.setvolume(volume[0]);
  }
}

/** A wrapper around poll(): handlers per descriptor, and idle handlers. */
class Reactor {
  readonly descriptors = new Map<number, [PollDescriptor, Handler]>();
  readonly idleHandlers = new Set<() => unknown>();

  register(pd: PollDescriptor, handler: Handler): void {
    log("DEBUG", `registered ${pd.name}: ${pollDesc(pd.mask)}`);
    this.descriptors.set(pd.fd, [pd, handler]);
  }

  unregister(pd: PollDescriptor): void {
    this.descriptors.delete(pd.fd);
  }

  registerIdleHandler(handler: () => unknown): void {
    this.idleHandlers.add(handler);
  }

  async run(signal: AbortSignal): Promise<void> {
    let lastTimeout = Date.now();
    while (!signal.aborted) {
      // poll for a bit, then send a timeout to registered handlers
      const pairs = [...this.descriptors.values()].map(([pd]) => pd.asTuple());
      const events = await poll(pairs, idleTimerPeriod * 1000);
      for (const [fd, ev] of events) {
        const [pd, handler] = this.descriptors.get(fd)!;
        await handler(fd, ev, pd.name);
      }
      if (Date.now() - lastTimeout > idleTimerPeriod * 1000) {
        for (const t of this.idleHandlers) await t();
        lastTimeout = Date.now();
      }
    }
  }
}

const HELP =
  `Usage: deno run -A examples/loopback.ts [-d] [-i input] [-o output] [-r rate] [-c channels]
  [-p periodsize] [-P periods] [-I input-mixer] [-O output-mixer]
  [-A run-after-stop] [-B run-before-start] [-V volume]

ALSA loopback (with volume forwarding): plays what the input PCM captures on
the output PCM while it is not silent.

  -d, --debug             log debug messages
  -i, --input PCM         capture PCM (default: the first of pcms("capture"))
  -o, --output PCM        playback PCM (default: the first of pcms("playback"))
  -r, --rate HZ           44100
  -c, --channels N        2
  -p, --periodsize N      444 (divisible by 6 for 44.1 kHz)
  -P, --periods N         2
  -I, --input-mixer C     control of the input mixer, may hold the card index, e.g. Digital:2
  -O, --output-mixer C    control of the output mixer, may hold the card index, e.g. PCM:1
  -A, --run-after-stop    command to run when the capture device is idle/silent
  -B, --run-before-start  command to run when the capture device becomes active
  -V, --volume PERCENT    initial volume (default: leave unchanged)`;

const { values } = parseArgs({
  options: {
    debug: { type: "boolean", short: "d" },
    input: { type: "string", short: "i" },
    output: { type: "string", short: "o" },
    rate: { type: "string", short: "r", default: "44100" },
    channels: { type: "string", short: "c", default: "2" },
    periodsize: { type: "string", short: "p", default: "444" },
    periods: { type: "string", short: "P", default: "2" },
    "input-mixer": { type: "string", short: "I" },
    "output-mixer": { type: "string", short: "O" },
    "run-after-stop": { type: "string", short: "A" },
    "run-before-start": { type: "string", short: "B" },
    volume: { type: "string", short: "V" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  Deno.exit(0);
}
debug = values.debug === true;

function int(name: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`--${name} must be an integer, got ${text}`);
  }
  return Number(text);
}

const playbackPcms = pcms(PCM_PLAYBACK);
const capturePcms = pcms(PCM_CAPTURE);
if (playbackPcms.length === 0 && values.output === undefined) {
  log("ERROR", "no playback PCM found");
  Deno.exit(2);
}
if (capturePcms.length === 0 && values.input === undefined) {
  log("ERROR", "no capture PCM found");
  Deno.exit(2);
}
const common = {
  rate: int("rate", values.rate),
  channels: int("channels", values.channels),
  periodsize: int("periodsize", values.periodsize),
  periods: int("periods", values.periods),
};
const playbackArgs: PCMOptions = {
  type: PCM_PLAYBACK,
  mode: PCM_NONBLOCK,
  device: values.output ?? playbackPcms[0],
  ...common,
};
const captureArgs: PCMOptions = {
  type: PCM_CAPTURE,
  mode: PCM_NONBLOCK,
  device: values.input ?? capturePcms[0],
  ...common,
};

const reactor = new Reactor();
const capture = new PCM(captureArgs);

// With -I and -O, forward the capture volume to the playback volume (the use
// case is a capture device implemented with g_audio, the Linux USB gadget
// driver: the volume events of a connected USB host reach the output).
let volumeHandler: VolumeForwarder | null = null;
let playbackControl: Mixer | null = null;
if (values["input-mixer"] && values["output-mixer"]) {
  const reMixer = /^([a-zA-Z0-9]+):?([0-9]+)?$/;
  const mi = reMixer.exec(values["input-mixer"]);
  const mo = reMixer.exec(values["output-mixer"]);
  if (!mi || !mo) throw new UsageError("a mixer is CONTROL or CONTROL:CARD");
  const inputCard = mi[2] !== undefined
    ? Number(mi[2])
    : capture.info().card_no;
  let outputCard: number;
  if (mo[2] !== undefined) outputCard = Number(mo[2]);
  else {
    const playback = new PCM(playbackArgs);
    outputCard = playback.info().card_no;
    await playback.close();
  }
  playbackControl = new Mixer({ control: mo[1], cardindex: outputCard });
  const captureControl = new Mixer({ control: mi[1], cardindex: inputCard });
  const forwarder = new VolumeForwarder(captureControl, playbackControl);
  volumeHandler = forwarder;
  reactor.register(
    PollDescriptor.fromAlsaObject("capture_control", captureControl, POLLIN),
    (fd, ev, name) => forwarder.call(fd, ev, name),
  );
}
if (values.volume !== undefined && playbackControl) {
  playbackControl.setvolume(int("volume", values.volume));
}

const loopback = new Loopback(
  capture,
  playbackArgs,
  volumeHandler,
  values["run-after-stop"],
  values["run-before-start"],
);
loopback.register(reactor);
loopback.start();

const { controller, dispose } = interruptController();
await reactor.run(controller.signal);
dispose();
if (loopback.playback) await loopback.playback.close();
await capture.close();
