/*
 * fakeclock.so: steps one process's wall clock (CLOCK_REALTIME) by an offset read from a file,
 * loaded with LD_PRELOAD by the chaos oracle, so the terminal sees clock steps while the host's
 * clock (and every other process) stays true. Monotonic clocks are left alone.
 *
 * Why our own and not Debian's libfaketime: libfaketime calls setenv() in its constructor, which
 * moves `environ` to the heap, and the Swift runtime on Linux finds argv by walking back from
 * `environ`: under libfaketime every Swift program sees no arguments at all.
 *
 * RATING_FAKECLOCK_FILE names a file holding the offset in whole seconds ("3600", "-86400").
 * It is read again at most every 200 ms (by the monotonic clock).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static long long offset_seconds(void) {
    static long long cached;
    static struct timespec read_at;
    static clock_gettime_fn real;
    if (!real) real = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
    struct timespec now;
    real(CLOCK_MONOTONIC, &now);
    long long elapsed_ms = (now.tv_sec - read_at.tv_sec) * 1000LL + (now.tv_nsec - read_at.tv_nsec) / 1000000LL;
    if (read_at.tv_sec == 0 || elapsed_ms > 200) {
        const char *path = getenv("RATING_FAKECLOCK_FILE");
        FILE *file = path ? fopen(path, "re") : NULL;
        if (file) {
            long long value;
            if (fscanf(file, "%lld", &value) == 1) cached = value;
            fclose(file);
        }
        read_at = now;
    }
    return cached;
}

int clock_gettime(clockid_t clock, struct timespec *time) {
    static clock_gettime_fn real;
    if (!real) real = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(clock, time);
    if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) time->tv_sec += offset_seconds();
    return result;
}

int gettimeofday(struct timeval *restrict value, void *restrict zone) {
    struct timespec now;
    (void)zone;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) return -1;
    if (value) {
        value->tv_sec = now.tv_sec;
        value->tv_usec = now.tv_nsec / 1000;
    }
    return 0;
}

time_t time(time_t *out) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out) *out = now.tv_sec;
    return now.tv_sec;
}
