// gpiod_shim.h over libgpiod v2 (2.x: Debian 13, Raspberry Pi OS trixie).
//
// v2 speaks the kernel's second GPIO uAPI: one request holds all lines of a chip with per-line
// settings (including kernel debounce), and that request's single fd carries the edge events of
// every line, already in the order the kernel saw them. The chip stays open for the lifetime of
// the request so errors can name it and a vanished chip can be told apart from other failures.
#include <gpiod.h> // must come first: it decides which of the two shim files compiles
#ifndef GPIOD_LINE_BULK_MAX_LINES

#include "gpiod_shim.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gpiod_shim_request {
    struct gpiod_chip *chip;
    struct gpiod_line_request *lines;
    struct gpiod_edge_event_buffer *buffer; // NULL for outputs
    enum gpiod_line_value *scratch;         // get_values
    int fd;
    uint32_t count;
    unsigned int num_chip_lines;
    char chip_desc[96]; // "gpiochip0 (gpio-sim.0-node0)", for messages
    unsigned int offsets[]; // offsets[i] is the line of lines[i] given to the request
};

const char *gpiod_shim_library_version(void) { return gpiod_api_version(); }

int gpiod_shim_is_v2(void) { return 1; }

/// Writes the message and returns `code` (a positive errno) so callers can `return -fail(...)`.
__attribute__((format(printf, 4, 5)))
static int fail(char *error, size_t size, int code, const char *format, ...) {
    if (error && size > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(error, size, format, args);
        va_end(args);
    }
    return code ? code : EIO;
}

/// `chip`: a path, a /dev name ("gpiochip0") or a label. Fills chip, chip_desc and num_chip_lines.
static int open_chip(gpiod_shim_request *r, const char *spec, char *error, size_t size) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, strchr(spec, '/') ? "%s" : "/dev/%s", spec);
    int open_error = 0;
    if (strchr(spec, '/') || gpiod_is_gpiochip_device(path)) {
        r->chip = gpiod_chip_open(path);
        // ENODEV for a missing chip, as in the v1 shim (ENOENT is kept for a missing line).
        if (!r->chip) return fail(error, size, errno == ENOENT ? ENODEV : errno, "cannot open GPIO chip %s: %s", path, strerror(errno));
    } else {
        // Not a device name: look for a chip with that label (labels are stable across boots and
        // kernels, unlike the gpiochipN numbering).
        DIR *dir = opendir("/dev");
        struct dirent *entry;
        while (dir && !r->chip && (entry = readdir(dir))) {
            if (strncmp(entry->d_name, "gpiochip", 8) != 0) continue;
            snprintf(path, sizeof path, "/dev/%s", entry->d_name);
            struct gpiod_chip *chip = gpiod_chip_open(path);
            if (!chip) { open_error = open_error ? open_error : errno; continue; }
            struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
            if (info && strcmp(gpiod_chip_info_get_label(info), spec) == 0) r->chip = chip;
            else gpiod_chip_close(chip);
            if (info) gpiod_chip_info_free(info);
        }
        if (dir) closedir(dir);
        if (!r->chip)
            return fail(error, size, ENODEV, "GPIO chip \"%s\" not found (no /dev/%s and no chip with that label%s%s)",
                        spec, spec, open_error ? "; some /dev/gpiochip* could not be opened: " : "",
                        open_error ? strerror(open_error) : "");
    }
    struct gpiod_chip_info *info = gpiod_chip_get_info(r->chip);
    if (!info) return fail(error, size, errno, "cannot read GPIO chip %s: %s", path, strerror(errno));
    snprintf(r->chip_desc, sizeof r->chip_desc, "%s (%s)", gpiod_chip_info_get_name(info), gpiod_chip_info_get_label(info));
    r->num_chip_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return 0;
}

/// A line by name, or by decimal offset when no line has that name.
static int find_line(gpiod_shim_request *r, const char *spec, unsigned int *offset, char *error, size_t size) {
    int found = gpiod_chip_get_line_offset_from_name(r->chip, spec);
    if (found >= 0) { *offset = (unsigned int)found; return 0; }
    if (errno != ENOENT) return fail(error, size, errno, "looking up line \"%s\" on %s: %s", spec, r->chip_desc, strerror(errno));
    char *end = NULL;
    errno = 0;
    unsigned long number = strtoul(spec, &end, 10);
    if (*spec >= '0' && *spec <= '9' && *end == '\0' && errno == 0) {
        if (number < r->num_chip_lines) { *offset = (unsigned int)number; return 0; }
        return fail(error, size, ENOENT, "line %s not found on chip %s: it has %u lines", spec, r->chip_desc, r->num_chip_lines);
    }
    return fail(error, size, ENOENT, "line \"%s\" not found on chip %s", spec, r->chip_desc);
}

int gpiod_shim_inspect_lines(const char *chip, const char *const *lines, uint32_t count, char *chip_path, size_t chip_path_size,
                             gpiod_shim_line_status *status, char *error, size_t error_size) {
    gpiod_shim_request *r = calloc(1, sizeof *r);
    if (!r) return -fail(error, error_size, ENOMEM, "%s: %s", chip, strerror(ENOMEM));
    int code = open_chip(r, chip, error, error_size);
    if (code == 0) snprintf(chip_path, chip_path_size, "%s", gpiod_chip_get_path(r->chip));
    for (uint32_t i = 0; code == 0 && i < count; i++) {
        unsigned int offset = 0;
        if ((code = find_line(r, lines[i], &offset, error, error_size))) break;
        struct gpiod_line_info *info = gpiod_chip_get_line_info(r->chip, offset);
        if (!info) { code = fail(error, error_size, errno, "cannot read line %s of %s: %s", lines[i], r->chip_desc, strerror(errno)); break; }
        status[i].used = gpiod_line_info_is_used(info) ? 1 : 0;
        const char *consumer = gpiod_line_info_get_consumer(info);
        snprintf(status[i].consumer, sizeof status[i].consumer, "%s", consumer ? consumer : "");
        gpiod_line_info_free(info);
    }
    if (r->chip) gpiod_chip_close(r->chip);
    free(r);
    return -code;
}

/// After a failed request: on EBUSY, name the first line some other consumer holds.
static int request_failed(gpiod_shim_request *r, const char *const *lines, int code, char *error, size_t size) {
    for (uint32_t i = 0; code == EBUSY && i < r->count; i++) {
        struct gpiod_line_info *info = gpiod_chip_get_line_info(r->chip, r->offsets[i]);
        if (!info) continue;
        int used = gpiod_line_info_is_used(info);
        const char *consumer = gpiod_line_info_get_consumer(info);
        if (used)
            fail(error, size, code, "line %s (offset %u) of %s is busy (used by \"%s\")", lines[i], r->offsets[i],
                 r->chip_desc, consumer && *consumer ? consumer : "?");
        gpiod_line_info_free(info);
        if (used) return code;
    }
    return fail(error, size, code, "cannot request %u line(s) of %s (first: %s): %s", r->count, r->chip_desc, lines[0],
                strerror(code));
}

/// Errors of an existing request. A chip that went away (USB adapter unplugged, gpio-sim removed)
/// does not always surface as ENODEV from the failing call (a short read becomes EIO in libgpiod),
/// so the chip itself is asked: its ioctls answer ENODEV once the kernel has dropped it.
static int request_error(gpiod_shim_request *r, int code, const char *what, char *error, size_t size) {
    if (code != ENODEV) {
        struct gpiod_chip_info *info = gpiod_chip_get_info(r->chip);
        if (info) gpiod_chip_info_free(info);
        else if (errno == ENODEV) code = ENODEV;
    }
    if (code == ENODEV) return fail(error, size, code, "GPIO chip %s is gone (%s)", r->chip_desc, strerror(code));
    return fail(error, size, code, "%s on GPIO chip %s: %s", what, r->chip_desc, strerror(code));
}

/// One request for all lines with `settings`; frees `settings`. NULL (and *error_code) on failure.
static gpiod_shim_request *request_lines(const char *chip, const char *const *lines, uint32_t count, int events,
                                         struct gpiod_line_settings *settings, const char *consumer,
                                         int *error_code, char *error, size_t size) {
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    gpiod_shim_request *r = NULL;
    int code = 0;
    if (!settings || !line_config || !request_config) { code = fail(error, size, ENOMEM, "out of memory"); goto done; }
    if (!chip || !lines || count == 0) { code = fail(error, size, EINVAL, "no GPIO chip or lines given"); goto done; }
    r = calloc(1, sizeof *r + count * sizeof r->offsets[0]);
    if (!r) { code = fail(error, size, ENOMEM, "out of memory"); goto done; }
    r->count = count;
    r->fd = -1;
    if ((code = open_chip(r, chip, error, size))) goto done;
    for (uint32_t i = 0; i < count; i++) {
        if ((code = find_line(r, lines[i], &r->offsets[i], error, size))) goto done;
        // libgpiod would silently merge a repeated offset into one line, shifting every index after it.
        for (uint32_t j = 0; j < i; j++)
            if (r->offsets[j] == r->offsets[i]) {
                code = fail(error, size, EINVAL, "line %s (offset %u) of %s is listed twice (as %s too)", lines[i],
                            r->offsets[i], r->chip_desc, lines[j]);
                goto done;
            }
    }
    if (gpiod_line_config_add_line_settings(line_config, r->offsets, count, settings) != 0) {
        code = fail(error, size, errno, "cannot configure lines of %s: %s", r->chip_desc, strerror(errno));
        goto done;
    }
    if (consumer) gpiod_request_config_set_consumer(request_config, consumer);
    r->lines = gpiod_chip_request_lines(r->chip, request_config, line_config);
    if (!r->lines) { code = request_failed(r, lines, errno ? errno : EIO, error, size); goto done; }
    r->fd = gpiod_line_request_get_fd(r->lines);
    r->scratch = calloc(count, sizeof r->scratch[0]);
    // The kernel queues 16 events per line by default; a user-space buffer as big drains it in one read.
    if (events) r->buffer = gpiod_edge_event_buffer_new(count * 16 < 64 ? 64 : count * 16);
    if (!r->scratch || (events && !r->buffer)) code = fail(error, size, ENOMEM, "out of memory");
done:
    if (settings) gpiod_line_settings_free(settings);
    if (line_config) gpiod_line_config_free(line_config);
    if (request_config) gpiod_request_config_free(request_config);
    if (code) {
        gpiod_shim_release(r);
        r = NULL;
        if (error_code) *error_code = code;
    }
    return r;
}

gpiod_shim_request *gpiod_shim_request_inputs(const char *chip, const char *const *lines, uint32_t count,
                                              int active_low, gpiod_shim_bias bias, uint32_t debounce_us,
                                              const char *consumer, int *error_code, char *error, size_t error_size) {
    static const enum gpiod_line_bias biases[] = {
        [GPIOD_SHIM_BIAS_AS_IS] = GPIOD_LINE_BIAS_AS_IS, [GPIOD_SHIM_BIAS_DISABLED] = GPIOD_LINE_BIAS_DISABLED,
        [GPIOD_SHIM_BIAS_PULL_UP] = GPIOD_LINE_BIAS_PULL_UP, [GPIOD_SHIM_BIAS_PULL_DOWN] = GPIOD_LINE_BIAS_PULL_DOWN,
    };
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (settings) {
        gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
        gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH);
        gpiod_line_settings_set_bias(settings, (unsigned)bias < 4 ? biases[bias] : GPIOD_LINE_BIAS_AS_IS);
        gpiod_line_settings_set_active_low(settings, active_low != 0);
        // The kernel debounces in gpiolib-cdev (in hardware where the controller can), so a
        // bouncing contact yields one edge per press; 0 disables it.
        gpiod_line_settings_set_debounce_period_us(settings, debounce_us);
        // Monotonic is v2's default; set explicitly because the contract promises CLOCK_MONOTONIC.
        gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
    }
    return request_lines(chip, lines, count, 1, settings, consumer, error_code, error, error_size);
}

gpiod_shim_request *gpiod_shim_request_outputs(const char *chip, const char *const *lines, uint32_t count,
                                               const char *consumer, int *error_code, char *error, size_t error_size) {
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (settings) {
        gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
        gpiod_line_settings_set_output_value(settings, GPIOD_LINE_VALUE_INACTIVE);
    }
    return request_lines(chip, lines, count, 0, settings, consumer, error_code, error, error_size);
}

int gpiod_shim_event_fd(const gpiod_shim_request *request) { return request ? request->fd : -1; }

int gpiod_shim_read_events(gpiod_shim_request *r, gpiod_shim_event *events, uint32_t capacity,
                           char *error, size_t error_size) {
    if (!r || !r->buffer) return -fail(error, error_size, EINVAL, "not an input request");
    size_t room = gpiod_edge_event_buffer_get_capacity(r->buffer);
    uint32_t stored = 0;
    while (stored < capacity) {
        // read_edge_events blocks on an empty queue, so poll first with a zero timeout. A vanished
        // chip makes the fd report POLLHUP/POLLERR (wait returns 1) and the read then fails.
        int ready = gpiod_line_request_wait_edge_events(r->lines, 0);
        if (ready == 0) break;
        size_t want = capacity - stored < room ? capacity - stored : room;
        int got = ready < 0 ? -1 : gpiod_line_request_read_edge_events(r->lines, r->buffer, want);
        if (got < 0) {
            int code = errno ? errno : EIO;
            if (code == EINTR || code == EAGAIN) break;
            // Hand out what was read; the error comes back on the next call, as it persists.
            if (stored > 0) break;
            return -request_error(r, code, "reading edge events", error, error_size);
        }
        if (got == 0) break;
        for (int i = 0; i < got; i++) {
            struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(r->buffer, (unsigned long)i);
            unsigned int offset = gpiod_edge_event_get_line_offset(event);
            uint32_t index = 0;
            while (index < r->count && r->offsets[index] != offset) index++;
            if (index == r->count) continue; // not one of ours; cannot happen
            events[stored].index = index;
            // Edges are reported in logical terms: with active-low set, the kernel turns a physical
            // falling edge into a RISING one (Documentation/userspace-api/gpio/gpio-v2-line-event-read.rst:
            // "an inactive to active transition is a rising edge"). So rising == became active.
            events[stored].active = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
            events[stored].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
            stored++;
        }
    }
    return (int)stored;
}

int gpiod_shim_get_values(gpiod_shim_request *r, int32_t *values, uint32_t count, char *error, size_t error_size) {
    if (!r || !values || count != r->count)
        return -fail(error, error_size, EINVAL, "get_values: %u values asked, the request has %u lines", count, r ? r->count : 0);
    // One ioctl for all lines, so the values are a consistent snapshot.
    if (gpiod_line_request_get_values_subset(r->lines, count, r->offsets, r->scratch) != 0)
        return -request_error(r, errno, "reading line values", error, error_size);
    for (uint32_t i = 0; i < count; i++) values[i] = r->scratch[i] == GPIOD_LINE_VALUE_ACTIVE;
    return 0;
}

int gpiod_shim_set_value(gpiod_shim_request *r, uint32_t index, int32_t value, char *error, size_t error_size) {
    if (!r || index >= r->count)
        return -fail(error, error_size, EINVAL, "set_value: index %u out of range (%u lines)", index, r ? r->count : 0);
    enum gpiod_line_value v = value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    if (gpiod_line_request_set_value(r->lines, r->offsets[index], v) != 0)
        return -request_error(r, errno, "setting a line value", error, error_size);
    return 0;
}

void gpiod_shim_release(gpiod_shim_request *request) {
    if (!request) return;
    if (request->buffer) gpiod_edge_event_buffer_free(request->buffer);
    if (request->lines) gpiod_line_request_release(request->lines); // gives the lines back, closes the fd
    if (request->chip) gpiod_chip_close(request->chip);
    free(request->scratch);
    free(request);
}

#endif
