/**
 * PortAudio v19 symbol table (`portaudio.h`, `pa_linux_alsa.h`,
 * `pa_jack.h`, `pa_unix_oss.h`), its library description and struct layouts.
 *
 * Calls that wait for PortAudio's audio thread are declared a second time
 * with `nonblocking: true` (suffix `_nb`): called synchronously on the
 * isolate that owns a thread-safe stream callback they deadlock (see
 * PLATFORM.md), awaited they do not.
 *
 * @module
 */

import { type LibrarySpec, loadLibrary } from "./loader.ts";
import { defineStruct } from "./struct.ts";

const stream = "pointer"; // PaStream *

/** The PortAudio symbol table. C names unchanged; prototypes in trailing comments. */
export const PORTAUDIO_SYMBOLS = {
  // --- version and errors --------------------------------------------------
  Pa_GetVersion: { parameters: [], result: "i32" }, // int Pa_GetVersion(void)
  Pa_GetVersionText: { parameters: [], result: "pointer" }, // const char *Pa_GetVersionText(void)
  Pa_GetVersionInfo: { parameters: [], result: "pointer", optional: true }, // const PaVersionInfo *Pa_GetVersionInfo(void)
  Pa_GetErrorText: {
    parameters: ["i32" /* PaError errorCode */],
    result: "pointer",
  }, // const char *
  Pa_GetLastHostErrorInfo: { parameters: [], result: "pointer" }, // const PaHostErrorInfo *(void)

  // --- lifetime ------------------------------------------------------------
  Pa_Initialize: { parameters: [], result: "i32" }, // PaError Pa_Initialize(void)
  Pa_Terminate: { parameters: [], result: "i32" }, // PaError Pa_Terminate(void)

  // --- host APIs -----------------------------------------------------------
  Pa_GetHostApiCount: { parameters: [], result: "i32" }, // PaHostApiIndex (void)
  Pa_GetDefaultHostApi: { parameters: [], result: "i32" }, // PaHostApiIndex (void)
  Pa_GetHostApiInfo: {
    parameters: ["i32" /* PaHostApiIndex hostApi */],
    result: "pointer",
  }, // const PaHostApiInfo *
  Pa_HostApiTypeIdToHostApiIndex: {
    parameters: ["i32" /* PaHostApiTypeId type */],
    result: "i32", // PaHostApiIndex
  },
  Pa_HostApiDeviceIndexToDeviceIndex: {
    parameters: [
      "i32",
      /* PaHostApiIndex hostApi */ "i32", /* int hostApiDeviceIndex */
    ],
    result: "i32", // PaDeviceIndex
  },

  // --- devices -------------------------------------------------------------
  Pa_GetDeviceCount: { parameters: [], result: "i32" }, // PaDeviceIndex (void)
  Pa_GetDefaultInputDevice: { parameters: [], result: "i32" }, // PaDeviceIndex (void)
  Pa_GetDefaultOutputDevice: { parameters: [], result: "i32" }, // PaDeviceIndex (void)
  Pa_GetDeviceInfo: {
    parameters: ["i32" /* PaDeviceIndex device */],
    result: "pointer",
  }, // const PaDeviceInfo *
  Pa_IsFormatSupported: {
    parameters: [
      "pointer", // const PaStreamParameters *inputParameters
      "pointer", // const PaStreamParameters *outputParameters
      "f64", // double sampleRate
    ],
    result: "i32", // PaError
  },
  Pa_GetSampleSize: {
    parameters: ["u64" /* PaSampleFormat format */],
    result: "i32",
  }, // PaError

  // --- streams -------------------------------------------------------------
  Pa_OpenStream: {
    parameters: [
      "buffer", // PaStream **stream
      "buffer", // const PaStreamParameters *inputParameters
      "buffer", // const PaStreamParameters *outputParameters
      "f64", // double sampleRate
      "u64", // unsigned long framesPerBuffer
      "u64", // PaStreamFlags streamFlags
      "function", // PaStreamCallback *streamCallback
      "pointer", // void *userData
    ],
    result: "i32", // PaError
  },
  Pa_OpenDefaultStream: {
    parameters: [
      "buffer", // PaStream **stream
      "i32", // int numInputChannels
      "i32", // int numOutputChannels
      "u64", // PaSampleFormat sampleFormat
      "f64", // double sampleRate
      "u64", // unsigned long framesPerBuffer
      "function", // PaStreamCallback *streamCallback
      "pointer", // void *userData
    ],
    result: "i32", // PaError
  },
  Pa_CloseStream: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_CloseStream_nb: {
    name: "Pa_CloseStream",
    parameters: [stream],
    result: "i32",
    nonblocking: true,
  },
  Pa_SetStreamFinishedCallback: {
    parameters: [
      stream,
      "function", /* PaStreamFinishedCallback *streamFinishedCallback */
    ],
    result: "i32", // PaError
  },
  Pa_StartStream: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_StartStream_nb: {
    name: "Pa_StartStream",
    parameters: [stream],
    result: "i32",
    nonblocking: true,
  },
  Pa_StopStream: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_StopStream_nb: {
    name: "Pa_StopStream",
    parameters: [stream],
    result: "i32",
    nonblocking: true,
  },
  Pa_AbortStream: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_AbortStream_nb: {
    name: "Pa_AbortStream",
    parameters: [stream],
    result: "i32",
    nonblocking: true,
  },
  Pa_IsStreamStopped: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_IsStreamActive: { parameters: [stream], result: "i32" }, // PaError (PaStream *stream)
  Pa_GetStreamInfo: { parameters: [stream], result: "pointer" }, // const PaStreamInfo *(PaStream *)
  Pa_GetStreamTime: { parameters: [stream], result: "f64" }, // PaTime (PaStream *stream)
  Pa_GetStreamCpuLoad: { parameters: [stream], result: "f64" }, // double (PaStream *stream)
  Pa_ReadStream: {
    parameters: [
      stream,
      "buffer",
      /* void *buffer */ "u64", /* unsigned long frames */
    ],
    result: "i32", // PaError
  },
  Pa_ReadStream_nb: {
    name: "Pa_ReadStream",
    parameters: [
      stream,
      "buffer",
      /* void *buffer */ "u64", /* unsigned long frames */
    ],
    result: "i32",
    nonblocking: true,
  },
  Pa_WriteStream: {
    parameters: [
      stream,
      "buffer",
      /* const void *buffer */ "u64", /* unsigned long frames */
    ],
    result: "i32", // PaError
  },
  Pa_WriteStream_nb: {
    name: "Pa_WriteStream",
    parameters: [
      stream,
      "buffer",
      /* const void *buffer */ "u64", /* unsigned long frames */
    ],
    result: "i32",
    nonblocking: true,
  },
  Pa_GetStreamReadAvailable: { parameters: [stream], result: "i64" }, // signed long (PaStream *)
  Pa_GetStreamWriteAvailable: { parameters: [stream], result: "i64" }, // signed long (PaStream *)
  Pa_GetStreamHostApiType: { parameters: [stream], result: "i32" }, // PaHostApiTypeId (PaStream *)
  Pa_Sleep: { parameters: ["i64" /* long msec */], result: "void" },
  Pa_Sleep_nb: {
    name: "Pa_Sleep",
    parameters: ["i64" /* long msec */],
    result: "void",
    nonblocking: true,
  },

  // --- ALSA extras (pa_linux_alsa.h) ---------------------------------------
  PaAlsa_InitializeStreamInfo: {
    parameters: ["buffer" /* PaAlsaStreamInfo *info */],
    result: "void",
  },
  PaAlsa_EnableRealtimeScheduling: {
    parameters: [stream, "i32" /* int enable */],
    result: "void",
  },
  PaAlsa_GetStreamInputCard: {
    parameters: [stream, "buffer" /* int *card */],
    result: "i32",
  }, // PaError
  PaAlsa_GetStreamOutputCard: {
    parameters: [stream, "buffer" /* int *card */],
    result: "i32",
  }, // PaError
  PaAlsa_SetNumPeriods: {
    parameters: ["i32" /* int numPeriods */],
    result: "i32",
  }, // PaError
  PaAlsa_SetRetriesBusy: {
    parameters: ["i32" /* int retries */],
    result: "i32",
  }, // PaError
  PaAlsa_SetLibraryPathName: {
    parameters: ["buffer" /* const char *pathName */],
    result: "void",
  },

  // --- JACK and OSS extras (pa_jack.h, pa_unix_oss.h) ----------------------
  PaJack_SetClientName: {
    parameters: ["buffer" /* const char *name */],
    result: "i32",
    optional: true,
  }, // PaError
  PaJack_GetClientName: {
    parameters: ["buffer" /* const char **clientName */],
    result: "i32",
    optional: true,
  }, // PaError
  PaOSS_GetStreamInputDevice: {
    parameters: [stream],
    result: "pointer",
    optional: true,
  }, // const char *
  PaOSS_GetStreamOutputDevice: {
    parameters: [stream],
    result: "pointer",
    optional: true,
  }, // const char *
} as const satisfies Deno.ForeignLibraryInterface;

/** How to find PortAudio. */
export const PORTAUDIO: LibrarySpec<typeof PORTAUDIO_SYMBOLS> = {
  name: "PortAudio",
  envVar: "AUDIODEV_PORTAUDIO_PATH",
  candidates: {
    linux: ["libportaudio.so.2", "libportaudio.so"],
    darwin: [
      "libportaudio.2.dylib",
      "libportaudio.dylib",
      "/opt/homebrew/lib/libportaudio.dylib",
      "/usr/local/lib/libportaudio.dylib",
    ],
    windows: ["portaudio.dll", "libportaudio-2.dll", "libportaudio64bit.dll"],
  },
  debianPackage: "libportaudio2",
  symbols: PORTAUDIO_SYMBOLS,
  // What initialization, the device and host-API queries and exit use.
  eager: [
    "Pa_Initialize",
    "Pa_Terminate",
    "Pa_GetErrorText",
    "Pa_GetHostApiCount",
    "Pa_GetDefaultHostApi",
    "Pa_GetHostApiInfo",
    "Pa_HostApiDeviceIndexToDeviceIndex",
    "Pa_GetDeviceCount",
    "Pa_GetDefaultInputDevice",
    "Pa_GetDefaultOutputDevice",
    "Pa_GetDeviceInfo",
  ],
};

/** Opens PortAudio (once) and returns its symbols. */
export function portaudio(): Deno.DynamicLibrary<
  typeof PORTAUDIO_SYMBOLS
>["symbols"] {
  return loadLibrary(PORTAUDIO).symbols;
}

// --- struct layouts ---------------------------------------------------------

/** `PaVersionInfo`. */
export const PaVersionInfo = defineStruct(
  [
    ["versionMajor", "i32"],
    ["versionMinor", "i32"],
    ["versionSubMinor", "i32"],
    ["versionControlRevision", "pointer"],
    ["versionText", "pointer"],
  ] as const,
);

/** `PaHostApiInfo`. */
export const PaHostApiInfo = defineStruct(
  [
    ["structVersion", "i32"],
    ["type", "i32"],
    ["name", "pointer"],
    ["deviceCount", "i32"],
    ["defaultInputDevice", "i32"],
    ["defaultOutputDevice", "i32"],
  ] as const,
);

/** `PaHostErrorInfo`. */
export const PaHostErrorInfo = defineStruct(
  [
    ["hostApiType", "i32"],
    ["errorCode", "long"],
    ["errorText", "pointer"],
  ] as const,
);

/** `PaDeviceInfo`. */
export const PaDeviceInfo = defineStruct(
  [
    ["structVersion", "i32"],
    ["name", "pointer"],
    ["hostApi", "i32"],
    ["maxInputChannels", "i32"],
    ["maxOutputChannels", "i32"],
    ["defaultLowInputLatency", "f64"],
    ["defaultLowOutputLatency", "f64"],
    ["defaultHighInputLatency", "f64"],
    ["defaultHighOutputLatency", "f64"],
    ["defaultSampleRate", "f64"],
  ] as const,
);

/** `PaStreamParameters`. */
export const PaStreamParameters = defineStruct(
  [
    ["device", "i32"],
    ["channelCount", "i32"],
    ["sampleFormat", "ulong"],
    ["suggestedLatency", "f64"],
    ["hostApiSpecificStreamInfo", "pointer"],
  ] as const,
);

/** `PaStreamCallbackTimeInfo`. */
export const PaStreamCallbackTimeInfo = defineStruct(
  [
    ["inputBufferAdcTime", "f64"],
    ["currentTime", "f64"],
    ["outputBufferDacTime", "f64"],
  ] as const,
);

/** `PaStreamInfo`. */
export const PaStreamInfo = defineStruct(
  [
    ["structVersion", "i32"],
    ["inputLatency", "f64"],
    ["outputLatency", "f64"],
    ["sampleRate", "f64"],
  ] as const,
);

/** `PaAlsaStreamInfo` (pa_linux_alsa.h). */
export const PaAlsaStreamInfo = defineStruct(
  [
    ["size", "ulong"],
    ["hostApiType", "i32"],
    ["version", "ulong"],
    ["deviceString", "pointer"],
  ] as const,
);

/**
 * The stream callback's native signature:
 * `int cb(const void *input, void *output, unsigned long frameCount,
 * const PaStreamCallbackTimeInfo *timeInfo, PaStreamCallbackFlags statusFlags, void *userData)`.
 */
export const PA_STREAM_CALLBACK = {
  parameters: ["pointer", "pointer", "u64", "pointer", "u64", "pointer"],
  result: "i32",
} as const satisfies Deno.UnsafeCallbackDefinition;

/** The finished callback's native signature: `void cb(void *userData)`. */
export const PA_STREAM_FINISHED_CALLBACK = {
  parameters: ["pointer"],
  result: "void",
} as const satisfies Deno.UnsafeCallbackDefinition;
