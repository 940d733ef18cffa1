/* Callback delivery: a 48 kHz mono float32 output stream whose callback
 * writes a 440 Hz sine (or, with `duplex`, a duplex stream on the same
 * device whose callback copies its input to its output); counts callbacks
 * and output-underflow flags over a window after a warm-up, optionally with
 * the main thread spinning 50 ms of every 60 ms.
 * Usage: pa_callback BLOCKSIZE SECONDS WARMUP SPIN DEVICE [duplex] */
#include <math.h>
#include "common.h"

static long rss_kib(void) {
  long size = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) { if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0; fclose(f); }
  return resident * 4;
}

static volatile int counting = 0;
static volatile long callbacks = 0, underflows = 0;
static double phase = 0;

static int cb(const void *in, void *out, unsigned long frames,
              const PaStreamCallbackTimeInfo *t, PaStreamCallbackFlags flags, void *user) {
  (void)t; (void)user;
  float *o = out;
  if (in != NULL) {
    memcpy(o, in, frames * sizeof(float));
  } else for (unsigned long i = 0; i < frames; i++) {
    o[i] = 0.2f * (float)sin(phase);
    phase += 2 * M_PI * 440.0 / 48000.0;
    if (phase > 2 * M_PI) phase -= 2 * M_PI;
  }
  if (counting) {
    callbacks++;
    if (flags & paOutputUnderflow) underflows++;
  }
  return paContinue;
}

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: %s BLOCKSIZE SECONDS WARMUP SPIN DEVICE\n", argv[0]); return 2; }
  int blocksize = atoi(argv[1]);
  double seconds = atof(argv[2]), warmup = atof(argv[3]);
  int spin = atoi(argv[4]);
  int err = pa_init_quiet();
  if (err) die("Pa_Initialize", err);
  int duplex = argc > 6 && strcmp(argv[6], "duplex") == 0;
  int dev = find_device(argv[5], 0);
  PaStreamParameters p = {dev, 1, paFloat32, Pa_GetDeviceInfo(dev)->defaultHighOutputLatency, NULL};
  PaStreamParameters ip = {dev, 1, paFloat32, Pa_GetDeviceInfo(dev)->defaultHighInputLatency, NULL};
  PaStream *s;
  err = Pa_OpenStream(&s, duplex ? &ip : NULL, &p, 48000, blocksize, paNoFlag, cb, NULL);
  if (err) die("Pa_OpenStream", err);
  err = Pa_StartStream(s);
  if (err) die("Pa_StartStream", err);
  usleep((useconds_t)(warmup * 1e6));
  long rss_before = rss_kib();
  double t0 = now_s();
  counting = 1;
  wait_maybe_spinning(seconds, spin);
  counting = 0;
  double elapsed = now_s() - t0;
  long rss_after = rss_kib();
  Pa_StopStream(s);
  Pa_CloseStream(s);
  Pa_Terminate();
  printf("{\"callbacks\":%ld,\"expected\":%.1f,\"underflows\":%ld,"
         "\"rssBeforeKiB\":%ld,\"rssAfterKiB\":%ld}\n",
         callbacks, elapsed * 48000.0 / blocksize, underflows, rss_before, rss_after);
  return 0;
}
