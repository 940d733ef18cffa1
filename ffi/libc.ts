/**
 * The few libc calls audiodev needs: file descriptors (stderr silencing,
 * OSS devices), `ioctl`, `poll` and `errno`.
 *
 * @module
 */

import { type LibrarySpec, loadLibrary } from "./loader.ts";

/** libc symbol table. C names unchanged; prototypes in trailing comments. */
export const LIBC_SYMBOLS = {
  open: {
    parameters: [
      "buffer", // const char *pathname
      "i32", // int flags
      "u32", // mode_t mode (variadic; passed as unsigned int)
    ],
    result: "i32", // int
  },
  close: { parameters: ["i32" /* int fd */], result: "i32" },
  read: {
    parameters: [
      "i32",
      /* int fd */ "buffer",
      /* void *buf */ "usize", /* size_t count */
    ],
    result: "isize", // ssize_t
  },
  write: {
    parameters: [
      "i32",
      /* int fd */ "buffer",
      /* const void *buf */ "usize", /* size_t count */
    ],
    result: "isize", // ssize_t
  },
  read_nb: {
    name: "read",
    parameters: [
      "i32",
      /* int fd */ "buffer",
      /* void *buf */ "usize", /* size_t count */
    ],
    result: "isize", // ssize_t
    nonblocking: true,
  },
  write_nb: {
    name: "write",
    parameters: [
      "i32",
      /* int fd */ "buffer",
      /* const void *buf */ "usize", /* size_t count */
    ],
    result: "isize", // ssize_t
    nonblocking: true,
  },
  ioctl: {
    parameters: [
      "i32",
      /* int fd */ "u64",
      /* unsigned long request */ "buffer", /* void *argp */
    ],
    result: "i32", // int
  },
  ioctl_nb: {
    name: "ioctl",
    parameters: [
      "i32",
      /* int fd */ "u64",
      /* unsigned long request */ "buffer", /* void *argp */
    ],
    result: "i32", // int
    nonblocking: true,
  },
  fcntl: {
    parameters: [
      "i32",
      /* int fd */ "i32",
      /* int cmd */ "i64", /* long arg (variadic) */
    ],
    result: "i32", // int
  },
  dup: { parameters: ["i32" /* int oldfd */], result: "i32" },
  dup2: {
    parameters: ["i32", /* int oldfd */ "i32" /* int newfd */],
    result: "i32",
  },
  poll: {
    parameters: [
      "buffer",
      /* struct pollfd *fds */ "u64",
      /* nfds_t nfds */ "i32", /* int timeout */
    ],
    result: "i32", // int
  },
  poll_nb: {
    name: "poll",
    parameters: [
      "buffer",
      /* struct pollfd *fds */ "u64",
      /* nfds_t nfds */ "i32", /* int timeout */
    ],
    result: "i32", // int
    nonblocking: true,
  },
  __errno_location: { parameters: [], result: "pointer" }, // int *__errno_location(void)
  dlsym: {
    parameters: [
      "pointer",
      /* void *handle (RTLD_DEFAULT = NULL) */ "buffer", /* const char *symbol */
    ],
    result: "pointer", // void *
  },
  free: { parameters: ["pointer" /* void *ptr */], result: "void" }, // void free(void *ptr)
  strerror: { parameters: ["i32" /* int errnum */], result: "pointer" }, // char *strerror(int)
  pthread_self: { parameters: [], result: "u64" }, // pthread_t pthread_self(void)
  pthread_setschedparam: {
    parameters: [
      "u64", // pthread_t thread
      "i32", // int policy
      "buffer", // const struct sched_param *param (one int)
    ],
    result: "i32", // int (0 or an errno value)
  },
  pthread_getschedparam: {
    parameters: [
      "u64", // pthread_t thread
      "buffer", // int *policy
      "buffer", // struct sched_param *param (one int)
    ],
    result: "i32", // int (0 or an errno value)
  },
  getrlimit: {
    parameters: [
      "i32", // int resource
      "buffer", // struct rlimit *rlim (two rlim_t: cur, max)
    ],
    result: "i32", // int
  },
  geteuid: { parameters: [], result: "u32" }, // uid_t geteuid(void)
  sched_setaffinity: {
    parameters: [
      "i32", // pid_t pid (0: the calling thread)
      "usize", // size_t cpusetsize
      "buffer", // const cpu_set_t *mask
    ],
    result: "i32", // int (0, or -1 with errno)
  },
  sched_getaffinity: {
    parameters: [
      "i32", // pid_t pid (0: the calling thread)
      "usize", // size_t cpusetsize
      "buffer", // cpu_set_t *mask
    ],
    result: "i32", // int (0, or -1 with errno)
  },
  sched_getcpu: { parameters: [], result: "i32" }, // int sched_getcpu(void)
} as const satisfies Deno.ForeignLibraryInterface;

/** `SCHED_OTHER`, `SCHED_FIFO`, `SCHED_RR` (`<sched.h>`, Linux). */
export const SCHED = { OTHER: 0, FIFO: 1, RR: 2 } as const;
/** `RLIMIT_RTPRIO` (`<sys/resource.h>`, Linux). */
export const RLIMIT_RTPRIO = 14;

/** How to find libc. */
export const LIBC: LibrarySpec<typeof LIBC_SYMBOLS> = {
  name: "libc",
  envVar: "AUDIODEV_LIBC_PATH",
  candidates: { linux: ["libc.so.6"], darwin: ["libSystem.B.dylib"] },
  debianPackage: "libc6",
  symbols: LIBC_SYMBOLS,
  // What silencing stderr around Pa_Initialize uses.
  eager: ["open", "close", "dup", "dup2", "dlsym"],
};

/** Opens libc (once). */
export function libc(): Deno.DynamicLibrary<typeof LIBC_SYMBOLS>["symbols"] {
  return loadLibrary(LIBC).symbols;
}

/** Current thread's `errno` (read right after a failing call). */
export function errno(): number {
  const p = libc().__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
}

/** `strerror(code)` as a JS string. */
export function strerror(code: number): string {
  const p = libc().strerror(code);
  return p === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(p);
}

/** `open(2)` flags and misc constants (Linux values). */
export const O_RDONLY = 0;
/** Write-only. */
export const O_WRONLY = 1;
/** Read-write. */
export const O_RDWR = 2;
/** Non-blocking open. */
export const O_NONBLOCK = 0o4000;
/** Close on exec. */
export const O_CLOEXEC = 0o2000000;
/** fcntl get flags. */
export const F_GETFL = 3;
/** fcntl set flags. */
export const F_SETFL = 4;
