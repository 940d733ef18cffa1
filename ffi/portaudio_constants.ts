/**
 * PortAudio constants in C spelling (`portaudio.h`), pinned by tests
 * against the header.
 *
 * @module
 */

/** `PaErrorCode` values by name. */
export const PaErrorCode = {
  paNoError: 0,
  paNotInitialized: -10000,
  paUnanticipatedHostError: -9999,
  paInvalidChannelCount: -9998,
  paInvalidSampleRate: -9997,
  paInvalidDevice: -9996,
  paInvalidFlag: -9995,
  paSampleFormatNotSupported: -9994,
  paBadIODeviceCombination: -9993,
  paInsufficientMemory: -9992,
  paBufferTooBig: -9991,
  paBufferTooSmall: -9990,
  paNullCallback: -9989,
  paBadStreamPtr: -9988,
  paTimedOut: -9987,
  paInternalError: -9986,
  paDeviceUnavailable: -9985,
  paIncompatibleHostApiSpecificStreamInfo: -9984,
  paStreamIsStopped: -9983,
  paStreamIsNotStopped: -9982,
  paInputOverflowed: -9981,
  paOutputUnderflowed: -9980,
  paHostApiNotFound: -9979,
  paInvalidHostApi: -9978,
  paCanNotReadFromACallbackStream: -9977,
  paCanNotWriteToACallbackStream: -9976,
  paCanNotReadFromAnOutputOnlyStream: -9975,
  paCanNotWriteToAnInputOnlyStream: -9974,
  paIncompatibleStreamHostApi: -9973,
  paBadBufferPtr: -9972,
} as const;

/** `PaHostApiTypeId` values by name. */
export const PaHostApiTypeId = {
  paInDevelopment: 0,
  paDirectSound: 1,
  paMME: 2,
  paASIO: 3,
  paSoundManager: 4,
  paCoreAudio: 5,
  paOSS: 7,
  paALSA: 8,
  paAL: 9,
  paBeOS: 10,
  paWDMKS: 11,
  paJACK: 12,
  paWASAPI: 13,
  paAudioScienceHPI: 14,
} as const;

/** `paNoDevice`. */
export const paNoDevice = -1;
/** `paUseHostApiSpecificDeviceSpecification`. */
export const paUseHostApiSpecificDeviceSpecification = -2;

/** `PaSampleFormat` bits. */
export const PaSampleFormat = {
  paFloat32: 0x00000001,
  paInt32: 0x00000002,
  paInt24: 0x00000004,
  paInt16: 0x00000008,
  paInt8: 0x00000010,
  paUInt8: 0x00000020,
  paCustomFormat: 0x00010000,
  paNonInterleaved: 0x80000000,
} as const;

/** `PaStreamFlags` bits. */
export const PaStreamFlags = {
  paNoFlag: 0,
  paClipOff: 0x00000001,
  paDitherOff: 0x00000002,
  paNeverDropInput: 0x00000004,
  paPrimeOutputBuffersUsingStreamCallback: 0x00000008,
  paPlatformSpecificFlags: 0xFFFF0000,
} as const;

/** `PaStreamCallbackFlags` bits. */
export const PaStreamCallbackFlags = {
  paInputUnderflow: 0x00000001,
  paInputOverflow: 0x00000002,
  paOutputUnderflow: 0x00000004,
  paOutputOverflow: 0x00000008,
  paPrimingOutput: 0x00000010,
} as const;

/** `PaStreamCallbackResult` values. */
export const PaStreamCallbackResult = {
  paContinue: 0,
  paComplete: 1,
  paAbort: 2,
} as const;

/** `paFormatIsSupported`. */
export const paFormatIsSupported = 0;
/** `paFramesPerBufferUnspecified`. */
export const paFramesPerBufferUnspecified = 0;
