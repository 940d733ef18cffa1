/**
 * libasound (ALSA) symbol table: PCM with hw/sw params, name hints, cards,
 * control, the simple mixer, `snd_output` buffers for dumps and
 * `snd_strerror`. C names unchanged; each entry ends with its C prototype,
 * and each parameter carries its C declaration. Calls that can wait are
 * declared again with `nonblocking: true` (suffix `_nb`).
 *
 * @module
 */

import { type LibrarySpec, loadLibrary } from "./loader.ts";
import { defineStruct } from "./struct.ts";

/** The libasound symbol table. */
export const ALSA_SYMBOLS = {
  snd_strerror: { parameters: ["i32" /* int errnum */], result: "pointer" }, // const char *snd_strerror(int errnum)
  snd_asoundlib_version: { parameters: [], result: "pointer" }, // const char *snd_asoundlib_version(void)
  snd_card_next: { parameters: ["buffer" /* int *rcard */], result: "i32" }, // int snd_card_next(int *rcard)
  snd_card_get_index: {
    parameters: ["buffer" /* const char *name */],
    result: "i32",
  }, // int snd_card_get_index(const char *name)
  snd_card_get_name: {
    parameters: ["i32", /* int card */ "buffer" /* char **name */],
    result: "i32",
  }, // int snd_card_get_name(int card, char **name)
  snd_card_get_longname: {
    parameters: ["i32", /* int card */ "buffer" /* char **name */],
    result: "i32",
  }, // int snd_card_get_longname(int card, char **name)
  snd_device_name_hint: {
    parameters: [
      "i32", /* int card */
      "buffer", /* const char *iface */
      "buffer", /* void ***hints */
    ],
    result: "i32",
  }, // int snd_device_name_hint(int card, const char *iface, void ***hints)
  snd_device_name_get_hint: {
    parameters: [
      "pointer", /* const void *hint */
      "buffer", /* const char *id */
    ],
    result: "pointer",
  }, // char *snd_device_name_get_hint(const void *hint, const char *id)
  snd_device_name_free_hint: {
    parameters: ["pointer" /* void **hints */],
    result: "i32",
  }, // int snd_device_name_free_hint(void **hints)
  snd_output_buffer_open: {
    parameters: ["buffer" /* snd_output_t **outputp */],
    result: "i32",
  }, // int snd_output_buffer_open(snd_output_t **outputp)
  snd_output_buffer_string: {
    parameters: [
      "pointer", /* snd_output_t *output */
      "buffer", /* char **buf */
    ],
    result: "usize",
  }, // size_t snd_output_buffer_string(snd_output_t *output, char **buf)
  snd_output_close: {
    parameters: ["pointer" /* snd_output_t *output */],
    result: "i32",
  }, // int snd_output_close(snd_output_t *output)
  snd_pcm_open: {
    parameters: [
      "buffer", /* snd_pcm_t **pcm */
      "buffer", /* const char *name */
      "i32", /* snd_pcm_stream_t stream */
      "i32", /* int mode */
    ],
    result: "i32",
  }, // int snd_pcm_open(snd_pcm_t **pcm, const char *name, snd_pcm_stream_t stream, int mode)
  snd_pcm_close: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_close(snd_pcm_t *pcm)
  snd_pcm_name: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "pointer",
  }, // const char *snd_pcm_name(snd_pcm_t *pcm)
  snd_pcm_type: { parameters: ["pointer" /* snd_pcm_t *pcm */], result: "i32" }, // snd_pcm_type_t snd_pcm_type(snd_pcm_t *pcm)
  snd_pcm_stream: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // snd_pcm_stream_t snd_pcm_stream(snd_pcm_t *pcm)
  snd_pcm_nonblock: {
    parameters: ["pointer", /* snd_pcm_t *pcm */ "i32" /* int nonblock */],
    result: "i32",
  }, // int snd_pcm_nonblock(snd_pcm_t *pcm, int nonblock)
  snd_pcm_prepare: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_prepare(snd_pcm_t *pcm)
  snd_pcm_reset: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_reset(snd_pcm_t *pcm)
  snd_pcm_start: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_start(snd_pcm_t *pcm)
  snd_pcm_drop: { parameters: ["pointer" /* snd_pcm_t *pcm */], result: "i32" }, // int snd_pcm_drop(snd_pcm_t *pcm)
  snd_pcm_drain: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_drain(snd_pcm_t *pcm)
  snd_pcm_drain_nb: {
    name: "snd_pcm_drain",
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
    nonblocking: true,
  }, // int snd_pcm_drain(snd_pcm_t *pcm)
  snd_pcm_pause: {
    parameters: ["pointer", /* snd_pcm_t *pcm */ "i32" /* int enable */],
    result: "i32",
  }, // int snd_pcm_pause(snd_pcm_t *pcm, int enable)
  snd_pcm_resume: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_resume(snd_pcm_t *pcm)
  snd_pcm_recover: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "i32", /* int err */
      "i32", /* int silent */
    ],
    result: "i32",
  }, // int snd_pcm_recover(snd_pcm_t *pcm, int err, int silent)
  snd_pcm_state: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // snd_pcm_state_t snd_pcm_state(snd_pcm_t *pcm)
  snd_pcm_avail: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i64",
  }, // long snd_pcm_avail(snd_pcm_t *pcm)
  snd_pcm_avail_update: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i64",
  }, // long snd_pcm_avail_update(snd_pcm_t *pcm)
  snd_pcm_delay: {
    parameters: ["pointer", /* snd_pcm_t *pcm */ "buffer" /* long *delayp */],
    result: "i32",
  }, // int snd_pcm_delay(snd_pcm_t *pcm, long *delayp)
  snd_pcm_readi: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* void *buffer */
      "u64", /* unsigned long size */
    ],
    result: "i64",
  }, // long snd_pcm_readi(snd_pcm_t *pcm, void *buffer, unsigned long size)
  snd_pcm_readi_nb: {
    name: "snd_pcm_readi",
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* void *buffer */
      "u64", /* unsigned long size */
    ],
    result: "i64",
    nonblocking: true,
  }, // long snd_pcm_readi(snd_pcm_t *pcm, void *buffer, unsigned long size)
  snd_pcm_writei: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* const void *buffer */
      "u64", /* unsigned long size */
    ],
    result: "i64",
  }, // long snd_pcm_writei(snd_pcm_t *pcm, const void *buffer, unsigned long size)
  snd_pcm_writei_nb: {
    name: "snd_pcm_writei",
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* const void *buffer */
      "u64", /* unsigned long size */
    ],
    result: "i64",
    nonblocking: true,
  }, // long snd_pcm_writei(snd_pcm_t *pcm, const void *buffer, unsigned long size)
  snd_pcm_wait: {
    parameters: ["pointer", /* snd_pcm_t *pcm */ "i32" /* int timeout */],
    result: "i32",
  }, // int snd_pcm_wait(snd_pcm_t *pcm, int timeout)
  snd_pcm_wait_nb: {
    name: "snd_pcm_wait",
    parameters: ["pointer", /* snd_pcm_t *pcm */ "i32" /* int timeout */],
    result: "i32",
    nonblocking: true,
  }, // int snd_pcm_wait(snd_pcm_t *pcm, int timeout)
  snd_pcm_poll_descriptors_count: {
    parameters: ["pointer" /* snd_pcm_t *pcm */],
    result: "i32",
  }, // int snd_pcm_poll_descriptors_count(snd_pcm_t *pcm)
  snd_pcm_poll_descriptors: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* struct pollfd *pfds */
      "u32", /* unsigned int space */
    ],
    result: "i32",
  }, // int snd_pcm_poll_descriptors(snd_pcm_t *pcm, struct pollfd *pfds, unsigned int space)
  snd_pcm_poll_descriptors_revents: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* struct pollfd *pfds */
      "u32", /* unsigned int nfds */
      "buffer", /* unsigned short *revents */
    ],
    result: "i32",
  }, // int snd_pcm_poll_descriptors_revents(snd_pcm_t *pcm, struct pollfd *pfds, unsigned int nfds, unsigned short *revents)
  snd_pcm_htimestamp: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "buffer", /* unsigned long *avail */
      "buffer", /* snd_htimestamp_t *tstamp */
    ],
    result: "i32",
  }, // int snd_pcm_htimestamp(snd_pcm_t *pcm, unsigned long *avail, snd_htimestamp_t *tstamp)
  snd_pcm_dump: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_output_t *out */
    ],
    result: "i32",
  }, // int snd_pcm_dump(snd_pcm_t *pcm, snd_output_t *out)
  snd_pcm_info_malloc: {
    parameters: ["buffer" /* snd_pcm_info_t **ptr */],
    result: "i32",
  }, // int snd_pcm_info_malloc(snd_pcm_info_t **ptr)
  snd_pcm_info_free: {
    parameters: ["pointer" /* snd_pcm_info_t *obj */],
    result: "void",
  }, // void snd_pcm_info_free(snd_pcm_info_t *obj)
  snd_pcm_info: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_info_t *info */
    ],
    result: "i32",
  }, // int snd_pcm_info(snd_pcm_t *pcm, snd_pcm_info_t *info)
  snd_pcm_info_get_card: {
    parameters: ["pointer" /* const snd_pcm_info_t *obj */],
    result: "i32",
  }, // int snd_pcm_info_get_card(const snd_pcm_info_t *obj)
  snd_pcm_info_get_device: {
    parameters: ["pointer" /* const snd_pcm_info_t *obj */],
    result: "u32",
  }, // unsigned int snd_pcm_info_get_device(const snd_pcm_info_t *obj)
  snd_pcm_info_get_subdevice: {
    parameters: ["pointer" /* const snd_pcm_info_t *obj */],
    result: "u32",
  }, // unsigned int snd_pcm_info_get_subdevice(const snd_pcm_info_t *obj)
  snd_pcm_info_get_id: {
    parameters: ["pointer" /* const snd_pcm_info_t *obj */],
    result: "pointer",
  }, // const char *snd_pcm_info_get_id(const snd_pcm_info_t *obj)
  snd_pcm_info_get_name: {
    parameters: ["pointer" /* const snd_pcm_info_t *obj */],
    result: "pointer",
  }, // const char *snd_pcm_info_get_name(const snd_pcm_info_t *obj)
  snd_pcm_type_name: {
    parameters: ["i32" /* snd_pcm_type_t type */],
    result: "pointer",
  }, // const char *snd_pcm_type_name(snd_pcm_type_t type)
  snd_pcm_stream_name: {
    parameters: ["i32" /* const snd_pcm_stream_t stream */],
    result: "pointer",
  }, // const char *snd_pcm_stream_name(const snd_pcm_stream_t stream)
  snd_pcm_access_name: {
    parameters: ["i32" /* const snd_pcm_access_t _access */],
    result: "pointer",
  }, // const char *snd_pcm_access_name(const snd_pcm_access_t _access)
  snd_pcm_format_name: {
    parameters: ["i32" /* int format */],
    result: "pointer",
  }, // const char *snd_pcm_format_name(int format)
  snd_pcm_format_description: {
    parameters: ["i32" /* int format */],
    result: "pointer",
  }, // const char *snd_pcm_format_description(int format)
  snd_pcm_format_value: {
    parameters: ["buffer" /* const char *name */],
    result: "i32",
  }, // int snd_pcm_format_value(const char *name)
  snd_pcm_subformat_name: {
    parameters: ["i32" /* const snd_pcm_subformat_t subformat */],
    result: "pointer",
  }, // const char *snd_pcm_subformat_name(const snd_pcm_subformat_t subformat)
  snd_pcm_subformat_description: {
    parameters: ["i32" /* const snd_pcm_subformat_t subformat */],
    result: "pointer",
  }, // const char *snd_pcm_subformat_description(const snd_pcm_subformat_t subformat)
  snd_pcm_state_name: {
    parameters: ["i32" /* const snd_pcm_state_t state */],
    result: "pointer",
  }, // const char *snd_pcm_state_name(const snd_pcm_state_t state)
  snd_pcm_format_width: { parameters: ["i32" /* int format */], result: "i32" }, // int snd_pcm_format_width(int format)
  snd_pcm_format_physical_width: {
    parameters: ["i32" /* int format */],
    result: "i32",
  }, // int snd_pcm_format_physical_width(int format)
  snd_pcm_hw_params_malloc: {
    parameters: ["buffer" /* snd_pcm_hw_params_t **ptr */],
    result: "i32",
  }, // int snd_pcm_hw_params_malloc(snd_pcm_hw_params_t **ptr)
  snd_pcm_hw_params_free: {
    parameters: ["pointer" /* snd_pcm_hw_params_t *obj */],
    result: "void",
  }, // void snd_pcm_hw_params_free(snd_pcm_hw_params_t *obj)
  snd_pcm_hw_params_any: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_any(snd_pcm_t *pcm, snd_pcm_hw_params_t *params)
  snd_pcm_hw_params: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params(snd_pcm_t *pcm, snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_current: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_current(snd_pcm_t *pcm, snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_dump: {
    parameters: [
      "pointer", /* snd_pcm_hw_params_t *params */
      "pointer", /* snd_output_t *out */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_dump(snd_pcm_hw_params_t *params, snd_output_t *out)
  snd_pcm_hw_params_set_access: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "i32", /* snd_pcm_access_t _access */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_access(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, snd_pcm_access_t _access)
  snd_pcm_hw_params_set_format: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "i32", /* int val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_format(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, int val)
  snd_pcm_hw_params_test_format: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "i32", /* int val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_test_format(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, int val)
  snd_pcm_hw_params_set_channels_near: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_channels_near(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned int *val)
  snd_pcm_hw_params_test_channels: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "u32", /* unsigned int val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_test_channels(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned int val)
  snd_pcm_hw_params_set_rate_near: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_rate_near(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_test_rate: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "u32", /* unsigned int val */
      "i32", /* int dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_test_rate(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned int val, int dir)
  snd_pcm_hw_params_set_period_size_near: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "buffer", /* unsigned long *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_period_size_near(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned long *val, int *dir)
  snd_pcm_hw_params_set_periods_near: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_set_periods_near(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_access: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* snd_pcm_access_t *_access */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_access(const snd_pcm_hw_params_t *params, snd_pcm_access_t *_access)
  snd_pcm_hw_params_get_format: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* int *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_format(const snd_pcm_hw_params_t *params, int *val)
  snd_pcm_hw_params_get_subformat: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* snd_pcm_subformat_t *subformat */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_subformat(const snd_pcm_hw_params_t *params, snd_pcm_subformat_t *subformat)
  snd_pcm_hw_params_get_channels: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_channels(const snd_pcm_hw_params_t *params, unsigned int *val)
  snd_pcm_hw_params_get_channels_min: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_channels_min(const snd_pcm_hw_params_t *params, unsigned int *val)
  snd_pcm_hw_params_get_channels_max: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_channels_max(const snd_pcm_hw_params_t *params, unsigned int *val)
  snd_pcm_hw_params_get_rate: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_rate(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_rate_min: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_rate_min(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_rate_max: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_rate_max(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_period_time: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_period_time(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_period_size: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned long *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_period_size(const snd_pcm_hw_params_t *params, unsigned long *val, int *dir)
  snd_pcm_hw_params_get_buffer_time: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_buffer_time(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_buffer_size: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned long *val */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_buffer_size(const snd_pcm_hw_params_t *params, unsigned long *val)
  snd_pcm_hw_params_get_periods: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *val */
      "buffer", /* int *dir */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_periods(const snd_pcm_hw_params_t *params, unsigned int *val, int *dir)
  snd_pcm_hw_params_get_rate_numden: {
    parameters: [
      "pointer", /* const snd_pcm_hw_params_t *params */
      "buffer", /* unsigned int *rate_num */
      "buffer", /* unsigned int *rate_den */
    ],
    result: "i32",
  }, // int snd_pcm_hw_params_get_rate_numden(const snd_pcm_hw_params_t *params, unsigned int *rate_num, unsigned int *rate_den)
  snd_pcm_hw_params_get_sbits: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_get_sbits(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_is_batch: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_is_batch(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_is_block_transfer: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_is_block_transfer(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_is_double: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_is_double(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_is_half_duplex: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_is_half_duplex(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_is_joint_duplex: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_is_joint_duplex(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_can_overrange: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_can_overrange(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_can_mmap_sample_resolution: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_can_mmap_sample_resolution(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_can_pause: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_can_pause(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_can_resume: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_can_resume(const snd_pcm_hw_params_t *params)
  snd_pcm_hw_params_can_sync_start: {
    parameters: ["pointer" /* const snd_pcm_hw_params_t *params */],
    result: "i32",
  }, // int snd_pcm_hw_params_can_sync_start(const snd_pcm_hw_params_t *params)
  snd_pcm_sw_params_malloc: {
    parameters: ["buffer" /* snd_pcm_sw_params_t **ptr */],
    result: "i32",
  }, // int snd_pcm_sw_params_malloc(snd_pcm_sw_params_t **ptr)
  snd_pcm_sw_params_free: {
    parameters: ["pointer" /* snd_pcm_sw_params_t *obj */],
    result: "void",
  }, // void snd_pcm_sw_params_free(snd_pcm_sw_params_t *obj)
  snd_pcm_sw_params_current: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_current(snd_pcm_t *pcm, snd_pcm_sw_params_t *params)
  snd_pcm_sw_params: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params(snd_pcm_t *pcm, snd_pcm_sw_params_t *params)
  snd_pcm_sw_params_set_tstamp_mode: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
      "i32", /* snd_pcm_tstamp_t val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_set_tstamp_mode(snd_pcm_t *pcm, snd_pcm_sw_params_t *params, snd_pcm_tstamp_t val)
  snd_pcm_sw_params_get_tstamp_mode: {
    parameters: [
      "pointer", /* const snd_pcm_sw_params_t *params */
      "buffer", /* snd_pcm_tstamp_t *val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_get_tstamp_mode(const snd_pcm_sw_params_t *params, snd_pcm_tstamp_t *val)
  snd_pcm_sw_params_set_tstamp_type: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
      "i32", /* snd_pcm_tstamp_type_t val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_set_tstamp_type(snd_pcm_t *pcm, snd_pcm_sw_params_t *params, snd_pcm_tstamp_type_t val)
  snd_pcm_sw_params_get_tstamp_type: {
    parameters: [
      "pointer", /* const snd_pcm_sw_params_t *params */
      "buffer", /* snd_pcm_tstamp_type_t *val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_get_tstamp_type(const snd_pcm_sw_params_t *params, snd_pcm_tstamp_type_t *val)
  snd_pcm_sw_params_set_start_threshold: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
      "u64", /* snd_pcm_uframes_t val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_set_start_threshold(snd_pcm_t *pcm, snd_pcm_sw_params_t *params, snd_pcm_uframes_t val)
  snd_pcm_sw_params_get_start_threshold: {
    parameters: [
      "pointer", /* const snd_pcm_sw_params_t *params */
      "buffer", /* snd_pcm_uframes_t *val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_get_start_threshold(const snd_pcm_sw_params_t *params, snd_pcm_uframes_t *val)
  snd_pcm_sw_params_set_avail_min: {
    parameters: [
      "pointer", /* snd_pcm_t *pcm */
      "pointer", /* snd_pcm_sw_params_t *params */
      "u64", /* snd_pcm_uframes_t val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_set_avail_min(snd_pcm_t *pcm, snd_pcm_sw_params_t *params, snd_pcm_uframes_t val)
  snd_pcm_sw_params_get_avail_min: {
    parameters: [
      "pointer", /* const snd_pcm_sw_params_t *params */
      "buffer", /* snd_pcm_uframes_t *val */
    ],
    result: "i32",
  }, // int snd_pcm_sw_params_get_avail_min(const snd_pcm_sw_params_t *params, snd_pcm_uframes_t *val)
  snd_ctl_open: {
    parameters: [
      "buffer", /* snd_ctl_t **ctlp */
      "buffer", /* const char *name */
      "i32", /* int mode */
    ],
    result: "i32",
  }, // int snd_ctl_open(snd_ctl_t **ctlp, const char *name, int mode)
  snd_ctl_close: {
    parameters: ["pointer" /* snd_ctl_t *ctl */],
    result: "i32",
  }, // int snd_ctl_close(snd_ctl_t *ctl)
  snd_ctl_card_info_malloc: {
    parameters: ["buffer" /* snd_ctl_card_info_t **ptr */],
    result: "i32",
  }, // int snd_ctl_card_info_malloc(snd_ctl_card_info_t **ptr)
  snd_ctl_card_info_free: {
    parameters: ["pointer" /* snd_ctl_card_info_t *obj */],
    result: "void",
  }, // void snd_ctl_card_info_free(snd_ctl_card_info_t *obj)
  snd_ctl_card_info: {
    parameters: [
      "pointer", /* snd_ctl_t *ctl */
      "pointer", /* snd_ctl_card_info_t *info */
    ],
    result: "i32",
  }, // int snd_ctl_card_info(snd_ctl_t *ctl, snd_ctl_card_info_t *info)
  snd_ctl_card_info_get_id: {
    parameters: ["pointer" /* const snd_ctl_card_info_t *obj */],
    result: "pointer",
  }, // const char *snd_ctl_card_info_get_id(const snd_ctl_card_info_t *obj)
  snd_ctl_card_info_get_name: {
    parameters: ["pointer" /* const snd_ctl_card_info_t *obj */],
    result: "pointer",
  }, // const char *snd_ctl_card_info_get_name(const snd_ctl_card_info_t *obj)
  snd_ctl_card_info_get_longname: {
    parameters: ["pointer" /* const snd_ctl_card_info_t *obj */],
    result: "pointer",
  }, // const char *snd_ctl_card_info_get_longname(const snd_ctl_card_info_t *obj)
  snd_ctl_card_info_get_mixername: {
    parameters: ["pointer" /* const snd_ctl_card_info_t *obj */],
    result: "pointer",
  }, // const char *snd_ctl_card_info_get_mixername(const snd_ctl_card_info_t *obj)
  snd_mixer_open: {
    parameters: ["buffer", /* snd_mixer_t **mixer */ "i32" /* int mode */],
    result: "i32",
  }, // int snd_mixer_open(snd_mixer_t **mixer, int mode)
  snd_mixer_close: {
    parameters: ["pointer" /* snd_mixer_t *mixer */],
    result: "i32",
  }, // int snd_mixer_close(snd_mixer_t *mixer)
  snd_mixer_attach: {
    parameters: [
      "pointer", /* snd_mixer_t *mixer */
      "buffer", /* const char *name */
    ],
    result: "i32",
  }, // int snd_mixer_attach(snd_mixer_t *mixer, const char *name)
  snd_mixer_selem_register: {
    parameters: [
      "pointer", /* snd_mixer_t *mixer */
      "buffer", /* struct snd_mixer_selem_regopt *options */
      "buffer", /* snd_mixer_class_t **classp */
    ],
    result: "i32",
  }, // int snd_mixer_selem_register(snd_mixer_t *mixer, struct snd_mixer_selem_regopt *options, snd_mixer_class_t **classp)
  snd_mixer_load: {
    parameters: ["pointer" /* snd_mixer_t *mixer */],
    result: "i32",
  }, // int snd_mixer_load(snd_mixer_t *mixer)
  snd_mixer_handle_events: {
    parameters: ["pointer" /* snd_mixer_t *mixer */],
    result: "i32",
  }, // int snd_mixer_handle_events(snd_mixer_t *mixer)
  snd_mixer_poll_descriptors_count: {
    parameters: ["pointer" /* snd_mixer_t *mixer */],
    result: "i32",
  }, // int snd_mixer_poll_descriptors_count(snd_mixer_t *mixer)
  snd_mixer_poll_descriptors: {
    parameters: [
      "pointer", /* snd_mixer_t *mixer */
      "buffer", /* struct pollfd *pfds */
      "u32", /* unsigned int space */
    ],
    result: "i32",
  }, // int snd_mixer_poll_descriptors(snd_mixer_t *mixer, struct pollfd *pfds, unsigned int space)
  snd_mixer_poll_descriptors_revents: {
    parameters: [
      "pointer", /* snd_mixer_t *mixer */
      "buffer", /* struct pollfd *pfds */
      "u32", /* unsigned int nfds */
      "buffer", /* unsigned short *revents */
    ],
    result: "i32",
  }, // int snd_mixer_poll_descriptors_revents(snd_mixer_t *mixer, struct pollfd *pfds, unsigned int nfds, unsigned short *revents)
  snd_mixer_first_elem: {
    parameters: ["pointer" /* snd_mixer_t *mixer */],
    result: "pointer",
  }, // snd_mixer_elem_t *snd_mixer_first_elem(snd_mixer_t *mixer)
  snd_mixer_elem_next: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "pointer",
  }, // snd_mixer_elem_t *snd_mixer_elem_next(snd_mixer_elem_t *elem)
  snd_mixer_selem_id_malloc: {
    parameters: ["buffer" /* snd_mixer_selem_id_t **ptr */],
    result: "i32",
  }, // int snd_mixer_selem_id_malloc(snd_mixer_selem_id_t **ptr)
  snd_mixer_selem_id_free: {
    parameters: ["pointer" /* snd_mixer_selem_id_t *obj */],
    result: "void",
  }, // void snd_mixer_selem_id_free(snd_mixer_selem_id_t *obj)
  snd_mixer_selem_id_set_name: {
    parameters: [
      "pointer", /* snd_mixer_selem_id_t *obj */
      "buffer", /* const char *val */
    ],
    result: "void",
  }, // void snd_mixer_selem_id_set_name(snd_mixer_selem_id_t *obj, const char *val)
  snd_mixer_selem_id_set_index: {
    parameters: [
      "pointer", /* snd_mixer_selem_id_t *obj */
      "u32", /* unsigned int val */
    ],
    result: "void",
  }, // void snd_mixer_selem_id_set_index(snd_mixer_selem_id_t *obj, unsigned int val)
  snd_mixer_find_selem: {
    parameters: [
      "pointer", /* snd_mixer_t *mixer */
      "pointer", /* const snd_mixer_selem_id_t *id */
    ],
    result: "pointer",
  }, // snd_mixer_elem_t *snd_mixer_find_selem(snd_mixer_t *mixer, const snd_mixer_selem_id_t *id)
  snd_mixer_selem_get_name: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "pointer",
  }, // const char *snd_mixer_selem_get_name(snd_mixer_elem_t *elem)
  snd_mixer_selem_get_index: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "u32",
  }, // unsigned int snd_mixer_selem_get_index(snd_mixer_elem_t *elem)
  snd_mixer_selem_is_active: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_active(snd_mixer_elem_t *elem)
  snd_mixer_selem_is_playback_mono: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_playback_mono(snd_mixer_elem_t *elem)
  snd_mixer_selem_is_capture_mono: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_capture_mono(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_playback_channel: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *obj */
      "i32", /* int channel */
    ],
    result: "i32",
  }, // int snd_mixer_selem_has_playback_channel(snd_mixer_elem_t *obj, int channel)
  snd_mixer_selem_has_capture_channel: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *obj */
      "i32", /* int channel */
    ],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_channel(snd_mixer_elem_t *obj, int channel)
  snd_mixer_selem_get_capture_group: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_group(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_common_volume: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_common_volume(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_playback_volume: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_playback_volume(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_playback_volume_joined: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_playback_volume_joined(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_capture_volume: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_volume(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_capture_volume_joined: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_volume_joined(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_common_switch: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_common_switch(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_playback_switch: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_playback_switch(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_playback_switch_joined: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_playback_switch_joined(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_capture_switch: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_switch(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_capture_switch_joined: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_switch_joined(snd_mixer_elem_t *elem)
  snd_mixer_selem_has_capture_switch_exclusive: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_has_capture_switch_exclusive(snd_mixer_elem_t *elem)
  snd_mixer_selem_get_playback_volume: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* long *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_playback_volume(snd_mixer_elem_t *elem, int channel, long *value)
  snd_mixer_selem_get_capture_volume: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* long *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_volume(snd_mixer_elem_t *elem, int channel, long *value)
  snd_mixer_selem_get_playback_dB: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* long *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_playback_dB(snd_mixer_elem_t *elem, int channel, long *value)
  snd_mixer_selem_get_capture_dB: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* long *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_dB(snd_mixer_elem_t *elem, int channel, long *value)
  snd_mixer_selem_get_playback_switch: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* int *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_playback_switch(snd_mixer_elem_t *elem, int channel, int *value)
  snd_mixer_selem_get_capture_switch: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* int *value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_switch(snd_mixer_elem_t *elem, int channel, int *value)
  snd_mixer_selem_set_playback_volume: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i64", /* long value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_playback_volume(snd_mixer_elem_t *elem, int channel, long value)
  snd_mixer_selem_set_capture_volume: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i64", /* long value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_capture_volume(snd_mixer_elem_t *elem, int channel, long value)
  snd_mixer_selem_set_playback_dB: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i64", /* long value */
      "i32", /* int dir */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_playback_dB(snd_mixer_elem_t *elem, int channel, long value, int dir)
  snd_mixer_selem_set_capture_dB: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i64", /* long value */
      "i32", /* int dir */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_capture_dB(snd_mixer_elem_t *elem, int channel, long value, int dir)
  snd_mixer_selem_set_playback_volume_all: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i64", /* long value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_playback_volume_all(snd_mixer_elem_t *elem, long value)
  snd_mixer_selem_set_capture_volume_all: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i64", /* long value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_capture_volume_all(snd_mixer_elem_t *elem, long value)
  snd_mixer_selem_set_playback_switch: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i32", /* int value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_playback_switch(snd_mixer_elem_t *elem, int channel, int value)
  snd_mixer_selem_set_capture_switch: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "i32", /* int value */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_capture_switch(snd_mixer_elem_t *elem, int channel, int value)
  snd_mixer_selem_set_playback_switch_all: {
    parameters: ["pointer", /* snd_mixer_elem_t *elem */ "i32" /* int value */],
    result: "i32",
  }, // int snd_mixer_selem_set_playback_switch_all(snd_mixer_elem_t *elem, int value)
  snd_mixer_selem_set_capture_switch_all: {
    parameters: ["pointer", /* snd_mixer_elem_t *elem */ "i32" /* int value */],
    result: "i32",
  }, // int snd_mixer_selem_set_capture_switch_all(snd_mixer_elem_t *elem, int value)
  snd_mixer_selem_get_playback_volume_range: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "buffer", /* long *min */
      "buffer", /* long *max */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_playback_volume_range(snd_mixer_elem_t *elem, long *min, long *max)
  snd_mixer_selem_get_playback_dB_range: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "buffer", /* long *min */
      "buffer", /* long *max */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_playback_dB_range(snd_mixer_elem_t *elem, long *min, long *max)
  snd_mixer_selem_get_capture_volume_range: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "buffer", /* long *min */
      "buffer", /* long *max */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_volume_range(snd_mixer_elem_t *elem, long *min, long *max)
  snd_mixer_selem_get_capture_dB_range: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "buffer", /* long *min */
      "buffer", /* long *max */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_capture_dB_range(snd_mixer_elem_t *elem, long *min, long *max)
  snd_mixer_selem_is_enumerated: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_enumerated(snd_mixer_elem_t *elem)
  snd_mixer_selem_is_enum_playback: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_enum_playback(snd_mixer_elem_t *elem)
  snd_mixer_selem_is_enum_capture: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_is_enum_capture(snd_mixer_elem_t *elem)
  snd_mixer_selem_get_enum_items: {
    parameters: ["pointer" /* snd_mixer_elem_t *elem */],
    result: "i32",
  }, // int snd_mixer_selem_get_enum_items(snd_mixer_elem_t *elem)
  snd_mixer_selem_get_enum_item_name: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "u32", /* unsigned int idx */
      "usize", /* size_t maxlen */
      "buffer", /* char *str */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_enum_item_name(snd_mixer_elem_t *elem, unsigned int idx, size_t maxlen, char *str)
  snd_mixer_selem_get_enum_item: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "buffer", /* unsigned int *idxp */
    ],
    result: "i32",
  }, // int snd_mixer_selem_get_enum_item(snd_mixer_elem_t *elem, int channel, unsigned int *idxp)
  snd_mixer_selem_set_enum_item: {
    parameters: [
      "pointer", /* snd_mixer_elem_t *elem */
      "i32", /* int channel */
      "u32", /* unsigned int idx */
    ],
    result: "i32",
  }, // int snd_mixer_selem_set_enum_item(snd_mixer_elem_t *elem, int channel, unsigned int idx)
} as const satisfies Deno.ForeignLibraryInterface;

/** How to find libasound. */
export const ALSA: LibrarySpec<typeof ALSA_SYMBOLS> = {
  name: "ALSA",
  envVar: "AUDIODEV_ASOUND_PATH",
  candidates: { linux: ["libasound.so.2", "libasound.so"] },
  debianPackage: "libasound2",
  symbols: ALSA_SYMBOLS,
};

/** Opens libasound (once) and returns its symbols. */
export function asound(): Deno.DynamicLibrary<typeof ALSA_SYMBOLS>["symbols"] {
  return loadLibrary(ALSA).symbols;
}

/** `struct pollfd` (poll.h). */
export const pollfd = defineStruct(
  [
    ["fd", "i32"],
    ["events", "i16"],
    ["revents", "i16"],
  ] as const,
);

/** `snd_htimestamp_t` (`struct timespec`). */
export const snd_htimestamp_t = defineStruct(
  [
    ["tv_sec", "i64"],
    ["tv_nsec", "i64"],
  ] as const,
);
