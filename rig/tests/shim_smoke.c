// Smoke test of GPIODShim on a real kernel (gpio-sim in the QEMU guest), built once per libgpiod
// major version by rig/tests/build-shim-smoke.sh and driven by rig/tests/shim-smoke.sh.
//
//   shim-smoke [-v] [-a 0|1] [-b as-is|disabled|pull-up|pull-down] [-d DEBOUNCE_US] [-t SECONDS] CHIP N LINE...
//       Requests LINE... of CHIP as inputs (default: active-low, pull-up, no debounce), prints
//       "LIB <version> v2=<0|1>", "VALUES v0 v1 ...", "READY", then one "INDEX ACTIVE TIMESTAMP_NS"
//       line per event until N events were seen, then "DONE N". -v: a "WOKE revents=0x.." line
//       each time poll(2) reports the event fd ready.
//   shim-smoke -o [-t SECONDS] CHIP HOLD LINE...
//       Requests the lines as outputs, prints "VALUES" (expected all 0), drives every line to 1,
//       prints "VALUES" again and "READY", then holds the lines for HOLD seconds and prints "DONE 0".
// Failures print "ERROR <errno> <message>" and exit 2 (request), 3 (read), 4 (timeout), 5 (a
// timestamp outside [start, now] of CLOCK_MONOTONIC).
#include "gpiod_shim.h"
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int print_values(gpiod_shim_request *request, uint32_t count) {
    int32_t values[64];
    char error[256] = "";
    int rc = gpiod_shim_get_values(request, values, count, error, sizeof error);
    if (rc < 0) { printf("ERROR %d %s\n", -rc, error); return rc; }
    printf("VALUES");
    for (uint32_t i = 0; i < count; i++) printf(" %d", values[i]);
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    int active_low = 1, outputs = 0, verbose = 0, option;
    gpiod_shim_bias bias = GPIOD_SHIM_BIAS_PULL_UP;
    uint32_t debounce_us = 0;
    int timeout_s = 20;
    while ((option = getopt(argc, argv, "a:b:d:t:ov")) != -1) {
        switch (option) {
        case 'a': active_low = atoi(optarg); break;
        case 'b':
            bias = !strcmp(optarg, "disabled") ? GPIOD_SHIM_BIAS_DISABLED
                 : !strcmp(optarg, "pull-up") ? GPIOD_SHIM_BIAS_PULL_UP
                 : !strcmp(optarg, "pull-down") ? GPIOD_SHIM_BIAS_PULL_DOWN : GPIOD_SHIM_BIAS_AS_IS;
            break;
        case 'd': debounce_us = (uint32_t)strtoul(optarg, NULL, 10); break;
        case 't': timeout_s = atoi(optarg); break;
        case 'o': outputs = 1; break;
        case 'v': verbose = 1; break;
        default: return 64;
        }
    }
    if (argc - optind < 3 || argc - optind - 2 > 64) {
        fprintf(stderr, "usage: %s [-o] [-v] [-a 0|1] [-b BIAS] [-d US] [-t S] CHIP N LINE...\n", argv[0]);
        return 64;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *chip = argv[optind];
    int wanted = atoi(argv[optind + 1]);
    const char *const *lines = (const char *const *)&argv[optind + 2];
    uint32_t count = (uint32_t)(argc - optind - 2);
    printf("LIB %s v2=%d\n", gpiod_shim_library_version(), gpiod_shim_is_v2());

    char error[256] = "";
    int code = 0;
    uint64_t start = now_ns();
    gpiod_shim_request *request = outputs
        ? gpiod_shim_request_outputs(chip, lines, count, "shim-smoke", &code, error, sizeof error)
        : gpiod_shim_request_inputs(chip, lines, count, active_low, bias, debounce_us, "shim-smoke", &code, error, sizeof error);
    if (!request) { printf("ERROR %d %s\n", code, error); return 2; }
    if (print_values(request, count) < 0) return 3;

    if (outputs) {
        for (uint32_t i = 0; i < count; i++) {
            int rc = gpiod_shim_set_value(request, i, 1, error, sizeof error);
            if (rc < 0) { printf("ERROR %d %s\n", -rc, error); return 3; }
        }
        if (print_values(request, count) < 0) return 3;
        printf("READY\n");
        sleep((unsigned)wanted);
        gpiod_shim_release(request);
        printf("DONE 0\n");
        return 0;
    }

    printf("READY\n");
    int seen = 0;
    uint64_t deadline = now_ns() + (uint64_t)timeout_s * 1000000000u;
    while (seen < wanted) {
        uint64_t now = now_ns();
        if (now >= deadline) {
            printf("ERROR 110 timed out after %d of %d events\n", seen, wanted);
            // Is the chip still there? get_values asks the kernel (handy after a removal test).
            int32_t values[64];
            int rc = gpiod_shim_get_values(request, values, count, error, sizeof error);
            printf("PROBE get_values %d %s\n", rc, rc < 0 ? error : "ok");
            return 4;
        }
        // At most 1 s per poll, and read_events after a timeout too: a chip that vanishes without
        // waking the fd's waiters is still noticed on the next read (the output says which: a
        // "WOKE" line precedes events or errors seen after poll reported the fd ready).
        struct pollfd pfd = {.fd = gpiod_shim_event_fd(request), .events = POLLIN};
        uint64_t left_ms = (deadline - now) / 1000000u + 1;
        int ready = poll(&pfd, 1, left_ms < 1000 ? (int)left_ms : 1000);
        if (ready > 0 && verbose) printf("WOKE revents=0x%x\n", (unsigned)pfd.revents);
        gpiod_shim_event events[16];
        int got = gpiod_shim_read_events(request, events, 16, error, sizeof error);
        if (got < 0) { printf("ERROR %d %s\n", -got, error); return 3; }
        for (int i = 0; i < got; i++) {
            printf("%u %d %llu\n", events[i].index, events[i].active, (unsigned long long)events[i].timestamp_ns);
            if (events[i].timestamp_ns < start || events[i].timestamp_ns > now_ns()) {
                printf("ERROR 0 timestamp %llu not CLOCK_MONOTONIC within [%llu, now]\n",
                       (unsigned long long)events[i].timestamp_ns, (unsigned long long)start);
                return 5;
            }
            seen++;
        }
    }
    gpiod_shim_release(request);
    printf("DONE %d\n", seen);
    return 0;
}
