/*
 * The machine's own floor for table (f): a thread at SCHED_FIFO 10 (jackd's
 * default priority) sleeps to each period boundary (clock_nanosleep with an
 * absolute deadline) and counts the wake-ups that came a whole period or
 * more late, which no audio client on this machine could have avoided. No
 * audio at all; the main thread idles or spins like pa_callback's.
 *
 *   rt_floor PERIOD_FRAMES SECONDS WARMUP SPIN
 *
 * Prints one JSON line: {"callbacks": wake-ups, "expected": periods,
 * "underflows": wake-ups at least a period late, "maxLateUs": worst}.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include "common.h"

static double period_s;
static atomic_int counting;
static atomic_long wakes, late;
static atomic_long max_late_ns;
static atomic_int stop;

static void *ticker(void *arg) {
  (void)arg;
  struct sched_param sp = {.sched_priority = 10};
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
  long period_ns = (long)(period_s * 1e9);
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  while (!atomic_load(&stop)) {
    next.tv_nsec += period_ns;
    while (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long lateness = (now.tv_sec - next.tv_sec) * 1000000000L + (now.tv_nsec - next.tv_nsec);
    if (!atomic_load(&counting)) continue;
    atomic_fetch_add(&wakes, 1);
    if (lateness >= period_ns) {
      atomic_fetch_add(&late, 1);
      /* a late wake-up starts the next period from now, as a driver would */
      next = now;
    }
    if (lateness > atomic_load(&max_late_ns)) atomic_store(&max_late_ns, lateness);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: rt_floor PERIOD_FRAMES SECONDS WARMUP SPIN\n");
    return 2;
  }
  period_s = atoi(argv[1]) / 48000.0;
  double seconds = atof(argv[2]);
  double warmup = atof(argv[3]);
  int spin = atoi(argv[4]);
  pthread_t t;
  if (pthread_create(&t, NULL, ticker, NULL) != 0) return 1;
  wait_maybe_spinning(warmup, 0);
  atomic_store(&counting, 1);
  double t0 = now_s();
  wait_maybe_spinning(seconds, spin);
  atomic_store(&counting, 0);
  double elapsed = now_s() - t0;
  atomic_store(&stop, 1);
  pthread_join(t, NULL);
  printf("{\"callbacks\":%ld,\"expected\":%.1f,\"underflows\":%ld,\"maxLateUs\":%.0f}\n",
         atomic_load(&wakes), elapsed / period_s, atomic_load(&late),
         atomic_load(&max_late_ns) / 1e3);
  return 0;
}
