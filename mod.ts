/**
 * audiodev: real audio input and output for Deno on Linux, through the
 * system's PortAudio and ALSA libraries, with no compile step.
 *
 * This entry point is the PortAudio side (python-sounddevice's API):
 *
 * - **Queries**: {@linkcode queryDevices}, {@linkcode queryHostapis},
 *   {@linkcode selectDevice}, {@linkcode getPortAudioVersion},
 *   {@linkcode isAvailable}; hot-plug re-scan with {@linkcode reinitialize}.
 * - **Defaults**: {@linkcode defaults} (python-sounddevice's `default`);
 *   {@linkcode version} (`__version__`).
 * - **Convenience functions**: {@linkcode play}, {@linkcode rec},
 *   {@linkcode playrec} (typed arrays in and out, like python-sounddevice's
 *   NumPy functions), {@linkcode wait}, {@linkcode stop},
 *   {@linkcode getStatus}, {@linkcode getStream}, {@linkcode sleep}.
 * - **Streams**: {@linkcode Stream}, {@linkcode InputStream},
 *   {@linkcode OutputStream} (typed arrays) and {@linkcode RawStream},
 *   {@linkcode RawInputStream}, {@linkcode RawOutputStream} (bytes); callback
 *   signals {@linkcode CallbackStop}, {@linkcode CallbackAbort}; status
 *   {@linkcode CallbackFlags}; {@linkcode AlsaSettings};
 *   {@linkcode checkInputSettings}, {@linkcode checkOutputSettings}.
 * - **Real-time**: {@linkcode WorkerStream} (a callback stream whose callback
 *   runs in a Worker; {@linkcode registerCallback}, {@linkcode workerContext}
 *   inside it), {@linkcode SharedRingBuffer}; async I/O that never blocks the
 *   event loop: {@linkcode writeAll}, {@linkcode readFull},
 *   {@linkcode inputBlocks}, {@linkcode captureStream},
 *   {@linkcode playbackStream}.
 * - **Errors**: {@linkcode PortAudioError}, {@linkcode DeviceSelectionError},
 *   {@linkcode LibraryLoadError}.
 *
 * Other entry points: `./alsa` (ALSA PCM, pyalsaaudio), `./mixer` (ALSA
 * mixer), `./oss` (ossaudiodev), `./soundfile` (libsndfile), `./cli`.
 *
 * @example List devices
 * ```ts ignore
 * import { queryDevices } from "@audiodev/audiodev";
 * console.log(queryDevices().toString());
 * ```
 *
 * @module
 */

export { LibraryLoadError } from "./ffi/loader.ts";
export { PaErrorCode } from "./ffi/portaudio_constants.ts";
export {
  hostApiTypeName,
  type HostErrorInfo,
  type PaErrorName,
  paErrorName,
  PortAudioError,
  type PortAudioErrorOptions,
} from "./src/portaudio/errors.ts";
export {
  getPortAudioVersion,
  initialize,
  isAvailable,
  isInitialized,
  type PortAudioVersion,
  reinitialize,
  terminate,
  type TerminateOptions,
} from "./src/portaudio/library.ts";
export { version } from "./src/version.ts";
export {
  Defaults,
  defaults,
  type DeviceSpec,
  type DType,
  type ExtraSettings,
  InputOutputPair,
  type Latency,
  type Pair,
  type PairInput,
  type RawDType,
} from "./src/portaudio/defaults.ts";
export {
  defaultDeviceIndex,
  defaultHostapi,
  type DeviceCandidate,
  type DeviceInfo,
  type DeviceKind,
  DeviceList,
  DeviceSelectionError,
  type HostApiInfo,
  matchDeviceQuery,
  queryDevices,
  queryHostapis,
  selectDevice,
} from "./src/portaudio/devices.ts";
export {
  type AlsaPcmLike,
  captureStream,
  type CaptureStreamOptions,
  type EndpointProvider,
  flush,
  type FrameEndpoint,
  inputBlocks,
  type InputBlocksOptions,
  type IoTarget,
  type PaBlockingStreamLike,
  playbackStream,
  type PlaybackStreamOptions,
  readFull,
  ringEndpoint,
  takeXruns,
  toEndpoint,
  writeAll,
  type WriteAllOptions,
} from "./src/realtime/io.ts";
export {
  type RingDType,
  type RingSamples,
  SharedRingBuffer,
  type SharedRingBufferInit,
  type SharedRingBufferOptions,
} from "./src/realtime/ringbuffer.ts";
export {
  type EndReason,
  type RealtimeOptions,
  type RealtimePolicy,
  type RealtimeState,
  WorkerStream,
  type WorkerStreamEnd,
  type WorkerStreamInfo,
  type WorkerStreamKind,
  type WorkerStreamOptions,
  type WorkerStreamState,
  type WorkerStreamStatus,
} from "./src/realtime/worker_stream.ts";
export {
  type CallbackSamples,
  type CallbackStatus,
  type CallbackTime,
  type DuplexWorkerCallback,
  type InputWorkerCallback,
  type OutputWorkerCallback,
  registerCallback,
  type WorkerCallback,
  type WorkerContext,
  workerContext,
} from "./src/realtime/worker_api.ts";
export {
  BaseStream,
  checkInputSettings,
  checkOutputSettings,
  type CheckSettingsOptions,
  type CloseOptions,
  getChannel,
  InputStream,
  type InputStreamOptions,
  type OneWayStreamOptions,
  OutputStream,
  type OutputStreamOptions,
  RawInputStream,
  type RawInputStreamOptions,
  type RawOneWayStreamOptions,
  RawOutputStream,
  type RawOutputStreamOptions,
  RawStream,
  type RawStreamOptions,
  type ReadResult,
  type SamplesByDType,
  type SamplesOf,
  setChannel,
  Stream,
  type StreamEnd,
  type StreamOptions,
  type StreamOptionsBase,
} from "./src/portaudio/stream.ts";
export {
  CallbackAbort,
  CallbackStop,
  type DuplexCallback,
  type InputCallback,
  type OutputCallback,
  type StreamCallback,
  type StreamTime,
  type TypedSamples,
} from "./src/portaudio/callback.ts";
export { CallbackFlags } from "./src/portaudio/flags.ts";
export {
  AlsaSettings,
  type AlsaSettingsOptions,
} from "./src/portaudio/alsa_settings.ts";
export {
  type AudioData,
  type ChannelMapping,
  type ConvenienceDType,
  type ConvenienceStream,
  type ConvenienceStreamOptions,
  getStatus,
  getStream,
  play,
  type PlayOptions,
  playrec,
  type PlayrecOptions,
  rec,
  type RecOptions,
  type RecordingOf,
  type SampleArray,
  type SampleArrayByDType,
  sleep,
  stop,
  wait,
  type WaitOptions,
} from "./src/portaudio/convenience.ts";
