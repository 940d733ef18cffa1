/* Shared helpers of the C comparison programs (audiodev benchmarks). */
#ifndef AUDIODEV_BENCH_COMMON_H
#define AUDIODEV_BENCH_COMMON_H
#include <fcntl.h>
#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pa_Initialize with fd 2 pointed at /dev/null, like the library does. */
static inline int pa_init_quiet(void) {
  int saved = dup(2);
  int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
  int err = Pa_Initialize();
  if (saved >= 0) { dup2(saved, 2); close(saved); }
  return err;
}

/* First device whose name contains `name` and has output (or input) channels. */
static inline int find_device(const char *name, int input) {
  int n = Pa_GetDeviceCount();
  for (int i = 0; i < n; i++) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (strstr(d->name, name) && (input ? d->maxInputChannels : d->maxOutputChannels) > 0) return i;
  }
  return input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
}

/* Busy-loops for `ms` milliseconds. */
static inline void spin_ms(double ms) {
  double end = now_s() + ms / 1000.0;
  volatile unsigned long x = 0;
  while (now_s() < end) x++;
}

/* Waits `seconds`, spinning 50 ms of every 60 ms when `spin` is set. */
static inline void wait_maybe_spinning(double seconds, int spin) {
  double end = now_s() + seconds;
  while (now_s() < end) {
    if (spin) { spin_ms(50); usleep(10000); } else usleep(10000);
  }
}

static inline void die(const char *what, int err) {
  fprintf(stderr, "%s: %s\n", what, Pa_GetErrorText(err));
  exit(1);
}
#endif
