// gpiod_shim.h over libgpiod v1 (1.6.x: Debian 12, Raspberry Pi OS bookworm).
//
// v1 speaks the kernel's first GPIO uAPI: one bulk request reserves all lines at once,
// but every input line gets its own event file descriptor. The shim gathers them in
// one epoll instance, whose descriptor is the single "events waiting" fd callers wait on.
// v1 has no kernel debounce; the Swift side debounces from the kernel event timestamps.
//
// Kernel 6.1 never wakes or hangs up v1 event descriptors when their chip goes away, so the
// epoll set also holds an inotify watch on /dev: the chip's device node being deleted is the
// event that says the chip vanished.
#include <gpiod.h>
#ifdef GPIOD_LINE_BULK_MAX_LINES

#include "gpiod_shim.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

/// epoll data of the inotify watch, apart from line indexes.
#define CHIP_WATCH UINT32_MAX

struct gpiod_shim_request {
    struct gpiod_chip *chip;
    struct gpiod_line_bulk bulk;
    uint32_t count;
    int epoll_fd;   // -1 for outputs
    int inotify_fd; // -1 for outputs
    int values[GPIOD_LINE_BULK_MAX_LINES]; // outputs: the levels driven now
};

const char *gpiod_shim_library_version(void) { return gpiod_version_string(); }

int gpiod_shim_is_v2(void) { return 0; }

/// Writes the one-line reason for the caller (printf-style).
__attribute__((format(printf, 3, 4)))
static void fail(char *error, size_t size, const char *format, ...) {
    if (error && size > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(error, size, format, args);
        va_end(args);
    }
}

/// A line by name, or by decimal offset when no line has that name.
static struct gpiod_line *find_line(struct gpiod_chip *chip, const char *spec) {
    struct gpiod_line *line = gpiod_chip_find_line(chip, spec);
    if (line) return line;
    char *end = NULL;
    errno = 0;
    unsigned long offset = strtoul(spec, &end, 10);
    if (*spec == '\0' || *end != '\0' || errno != 0 || offset >= gpiod_chip_num_lines(chip)) {
        errno = ENOENT;
        return NULL;
    }
    return gpiod_chip_get_line(chip, (unsigned int)offset);
}

/// Opens the chip and collects the lines; on failure everything is released and NULL returned.
static gpiod_shim_request *open_lines(const char *chip_name, const char *const *lines, uint32_t count,
                                      int *error_code, char *error, size_t size) {
    if (count == 0 || count > GPIOD_LINE_BULK_MAX_LINES) {
        *error_code = EINVAL;
        fail(error, size, "%s: between 1 and 64 lines can be requested (%s)", chip_name, strerror(EINVAL));
        return NULL;
    }
    struct gpiod_chip *chip = gpiod_chip_open_lookup(chip_name);
    if (!chip) {
        // A chip that does not exist is ENODEV here (ENOENT is kept for a missing line).
        *error_code = (errno == 0 || errno == ENOENT) ? ENODEV : errno;
        fail(error, size, "cannot open GPIO chip %s: %s", chip_name, strerror(errno ? errno : ENODEV));
        return NULL;
    }
    gpiod_shim_request *request = calloc(1, sizeof *request);
    if (!request) {
        gpiod_chip_close(chip);
        *error_code = ENOMEM;
        fail(error, size, "%s: %s", chip_name, strerror(ENOMEM));
        return NULL;
    }
    request->chip = chip;
    request->count = count;
    request->epoll_fd = -1;
    request->inotify_fd = -1;
    gpiod_line_bulk_init(&request->bulk);
    for (uint32_t index = 0; index < count; index++) {
        struct gpiod_line *line = find_line(chip, lines[index]);
        if (!line) {
            *error_code = ENOENT;
            fail(error, size, "line \"%s\" not found on GPIO chip %s (%s)", lines[index], gpiod_chip_name(chip), strerror(ENOENT));
            gpiod_shim_release(request);
            return NULL;
        }
        gpiod_line_bulk_add(&request->bulk, line);
    }
    return request;
}

int gpiod_shim_inspect_lines(const char *chip_name, const char *const *lines, uint32_t count, char *chip_path, size_t chip_path_size,
                             gpiod_shim_line_status *status, char *error, size_t error_size) {
    struct gpiod_chip *chip = gpiod_chip_open_lookup(chip_name);
    if (!chip) {
        int code = (errno == 0 || errno == ENOENT) ? ENODEV : errno;
        fail(error, error_size, "cannot open GPIO chip %s: %s", chip_name, strerror(code));
        return -code;
    }
    snprintf(chip_path, chip_path_size, "/dev/%s", gpiod_chip_name(chip));
    for (uint32_t index = 0; index < count; index++) {
        struct gpiod_line *line = find_line(chip, lines[index]);
        if (!line) {
            fail(error, error_size, "line \"%s\" not found on GPIO chip %s (%s)", lines[index], gpiod_chip_name(chip), strerror(ENOENT));
            gpiod_chip_close(chip);
            return -ENOENT;
        }
        // v1 caches line info from when the chip was opened; refresh it to see current holders.
        gpiod_line_update(line);
        status[index].used = gpiod_line_is_used(line) ? 1 : 0;
        const char *consumer = gpiod_line_consumer(line);
        snprintf(status[index].consumer, sizeof status[index].consumer, "%s", consumer ? consumer : "");
    }
    gpiod_chip_close(chip);
    return 0;
}

/// Names the busy line and its user, or the chip for other errors.
static void describe_request_failure(gpiod_shim_request *request, const char *const *lines, int code, char *error, size_t size) {
    if (code == EBUSY) {
        for (uint32_t index = 0; index < request->count; index++) {
            struct gpiod_line *line = gpiod_line_bulk_get_line(&request->bulk, index);
            gpiod_line_update(line);
            if (gpiod_line_is_used(line)) {
                const char *user = gpiod_line_consumer(line);
                fail(error, size, "line \"%s\" is already used by \"%s\" (%s)", lines[index], user ? user : "another program", strerror(code));
                return;
            }
        }
    }
    fail(error, size, "cannot request the lines of GPIO chip %s: %s", gpiod_chip_name(request->chip), strerror(code));
}

gpiod_shim_request *gpiod_shim_request_inputs(const char *chip, const char *const *lines, uint32_t count,
                                              int active_low, gpiod_shim_bias bias, uint32_t debounce_us,
                                              const char *consumer, int *error_code, char *error, size_t error_size) {
    (void)debounce_us; // v1 has no kernel debounce: see the file comment.
    gpiod_shim_request *request = open_lines(chip, lines, count, error_code, error, error_size);
    if (!request) return NULL;
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    switch (bias) {
    case GPIOD_SHIM_BIAS_DISABLED: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
    case GPIOD_SHIM_BIAS_PULL_UP: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
    case GPIOD_SHIM_BIAS_PULL_DOWN: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
    case GPIOD_SHIM_BIAS_AS_IS: break;
    }
    if (gpiod_line_request_bulk_both_edges_events_flags(&request->bulk, consumer, flags) != 0) {
        *error_code = errno;
        describe_request_failure(request, lines, *error_code, error, error_size);
        gpiod_shim_release(request);
        return NULL;
    }
    request->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (request->epoll_fd < 0) {
        *error_code = errno;
        fail(error, error_size, "epoll for GPIO chip %s: %s", chip, strerror(*error_code));
        gpiod_shim_release(request);
        return NULL;
    }
    for (uint32_t index = 0; index < count; index++) {
        struct epoll_event interest = {.events = EPOLLIN | EPOLLPRI, .data.u32 = index};
        int fd = gpiod_line_event_get_fd(gpiod_line_bulk_get_line(&request->bulk, index));
        if (fd < 0 || epoll_ctl(request->epoll_fd, EPOLL_CTL_ADD, fd, &interest) != 0) {
            *error_code = errno;
            fail(error, error_size, "cannot watch line \"%s\" for events: %s", lines[index], strerror(*error_code));
            gpiod_shim_release(request);
            return NULL;
        }
    }
    request->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    struct epoll_event watch = {.events = EPOLLIN, .data.u32 = CHIP_WATCH};
    if (request->inotify_fd < 0 || inotify_add_watch(request->inotify_fd, "/dev", IN_DELETE) < 0
        || epoll_ctl(request->epoll_fd, EPOLL_CTL_ADD, request->inotify_fd, &watch) != 0) {
        *error_code = errno;
        fail(error, error_size, "cannot watch /dev for the removal of GPIO chip %s: %s", chip, strerror(*error_code));
        gpiod_shim_release(request);
        return NULL;
    }
    return request;
}

/// Whether the inotify events waiting say that this request's chip node was deleted.
static int chip_node_deleted(gpiod_shim_request *request) {
    char buffer[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    const char *name = gpiod_chip_name(request->chip);
    int deleted = 0;
    ssize_t length;
    while ((length = read(request->inotify_fd, buffer, sizeof buffer)) > 0) {
        for (char *cursor = buffer; cursor < buffer + length;) {
            const struct inotify_event *event = (const struct inotify_event *)cursor;
            if (event->len > 0 && strcmp(event->name, name) == 0) deleted = 1;
            cursor += sizeof *event + event->len;
        }
    }
    return deleted;
}

gpiod_shim_request *gpiod_shim_request_outputs(const char *chip, const char *const *lines, uint32_t count,
                                               const char *consumer, int *error_code, char *error, size_t error_size) {
    gpiod_shim_request *request = open_lines(chip, lines, count, error_code, error, error_size);
    if (!request) return NULL;
    int zeros[GPIOD_LINE_BULK_MAX_LINES] = {0};
    if (gpiod_line_request_bulk_output(&request->bulk, consumer, zeros) != 0) {
        *error_code = errno;
        describe_request_failure(request, lines, *error_code, error, error_size);
        gpiod_shim_release(request);
        return NULL;
    }
    return request;
}

int gpiod_shim_event_fd(const gpiod_shim_request *request) { return request->epoll_fd; }

int gpiod_shim_read_events(gpiod_shim_request *request, gpiod_shim_event *events, uint32_t capacity,
                           char *error, size_t error_size) {
    struct epoll_event ready[GPIOD_LINE_BULK_MAX_LINES];
    int found = epoll_wait(request->epoll_fd, ready, GPIOD_LINE_BULK_MAX_LINES, 0);
    if (found < 0) {
        int code = errno;
        if (code == EINTR) return 0;
        fail(error, error_size, "waiting for GPIO events on %s: %s", gpiod_chip_name(request->chip), strerror(code));
        return -code;
    }
    uint32_t stored = 0;
    for (int item = 0; item < found && stored < capacity; item++) {
        uint32_t index = ready[item].data.u32;
        if (index == CHIP_WATCH) {
            if (chip_node_deleted(request)) {
                fail(error, error_size, "GPIO chip %s (%s) is gone (%s)", gpiod_chip_name(request->chip), gpiod_chip_label(request->chip), strerror(ENODEV));
                return -ENODEV;
            }
            continue;
        }
        struct gpiod_line *line = gpiod_line_bulk_get_line(&request->bulk, index);
        if (ready[item].events & (EPOLLERR | EPOLLHUP)) {
            fail(error, error_size, "GPIO chip %s stopped delivering events (line %s): %s", gpiod_chip_name(request->chip), gpiod_line_name(line) ? gpiod_line_name(line) : "?", strerror(ENODEV));
            return -ENODEV;
        }
        // Only lines epoll reported ready are read, so the read below does not block.
        struct gpiod_line_event batch[16];
        uint32_t room = capacity - stored < 16 ? capacity - stored : 16;
        int got = gpiod_line_event_read_fd_multiple(gpiod_line_event_get_fd(line), batch, room);
        if (got < 0) {
            int code = errno;
            fail(error, error_size, "reading GPIO events of chip %s: %s", gpiod_chip_name(request->chip), strerror(code));
            return -(code ? code : EIO);
        }
        for (int event = 0; event < got; event++) {
            events[stored].index = index;
            events[stored].active = batch[event].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
            events[stored].timestamp_ns = (uint64_t)batch[event].ts.tv_sec * 1000000000u + (uint64_t)batch[event].ts.tv_nsec;
            stored++;
        }
    }
    // Each line has its own queue: merge them into time order (insertion sort; a handful of events).
    for (uint32_t i = 1; i < stored; i++) {
        gpiod_shim_event key = events[i];
        uint32_t j = i;
        while (j > 0 && events[j - 1].timestamp_ns > key.timestamp_ns) { events[j] = events[j - 1]; j--; }
        events[j] = key;
    }
    return (int)stored;
}

int gpiod_shim_get_values(gpiod_shim_request *request, int32_t *values, uint32_t count, char *error, size_t error_size) {
    int read[GPIOD_LINE_BULK_MAX_LINES];
    if (count != request->count || gpiod_line_get_value_bulk(&request->bulk, read) != 0) {
        int code = count != request->count ? EINVAL : errno;
        fail(error, error_size, "reading the lines of GPIO chip %s: %s", gpiod_chip_name(request->chip), strerror(code));
        return -code;
    }
    for (uint32_t index = 0; index < count; index++) values[index] = read[index];
    return 0;
}

int gpiod_shim_set_value(gpiod_shim_request *request, uint32_t index, int32_t value, char *error, size_t error_size) {
    if (index >= request->count) {
        fail(error, error_size, "output index out of range on GPIO chip %s: %s", gpiod_chip_name(request->chip), strerror(EINVAL));
        return -EINVAL;
    }
    // Why the whole bulk: v1 sets the lines of one request by position, so setting one line
    // alone (gpiod_line_set_value) would drive the request's first line instead.
    int previous = request->values[index];
    request->values[index] = value ? 1 : 0;
    if (gpiod_line_set_value_bulk(&request->bulk, request->values) != 0) {
        int code = errno;
        request->values[index] = previous;
        struct gpiod_line *line = gpiod_line_bulk_get_line(&request->bulk, index);
        fail(error, error_size, "setting line %s of GPIO chip %s: %s", gpiod_line_name(line) ? gpiod_line_name(line) : "?", gpiod_chip_name(request->chip), strerror(code));
        return -code;
    }
    return 0;
}

void gpiod_shim_release(gpiod_shim_request *request) {
    if (!request) return;
    if (request->epoll_fd >= 0) close(request->epoll_fd);
    if (request->inotify_fd >= 0) close(request->inotify_fd);
    // Closing the chip releases every requested line of it (libgpiod v1).
    if (request->chip) gpiod_chip_close(request->chip);
    free(request);
}

#endif
