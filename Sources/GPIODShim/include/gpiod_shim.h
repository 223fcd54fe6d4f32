// One small C API over libgpiod v1 (Debian 12 / Raspberry Pi OS bookworm, libgpiod.so.2)
// and v2 (Debian 13 / Raspberry Pi OS trixie, libgpiod.so.3). The two library APIs are
// incompatible; the implementation is chosen at compile time by GPIOD_LINE_BULK_MAX_LINES,
// which only v1's gpiod.h defines (gpiod_shim_v1.c / gpiod_shim_v2.c).
//
// Every function that can fail returns a negative errno-style value (or NULL) and writes a
// one-line reason into `error` (at most `error_size` bytes, always NUL-terminated).
// The codes callers act on: ENODEV the chip does not exist or vanished; ENOENT a line name
// or offset does not exist on the chip; EBUSY a line is used by another program;
// EACCES/EPERM the process may not open the chip.
#ifndef GPIOD_SHIM_H
#define GPIOD_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A set of lines of one chip, requested together (inputs with edge events, or outputs).
typedef struct gpiod_shim_request gpiod_shim_request;

typedef enum {
    GPIOD_SHIM_BIAS_AS_IS = 0,
    GPIOD_SHIM_BIAS_DISABLED = 1,
    GPIOD_SHIM_BIAS_PULL_UP = 2,
    GPIOD_SHIM_BIAS_PULL_DOWN = 3,
} gpiod_shim_bias;

/// One edge on a requested input line.
typedef struct {
    /// Position of the line in the `lines` array given to the request.
    uint32_t index;
    /// 1: the line became active (the button went down, active-low already applied); 0: inactive.
    int32_t active;
    /// The kernel's timestamp of the edge, CLOCK_MONOTONIC nanoseconds.
    uint64_t timestamp_ns;
} gpiod_shim_event;

/// "1.6.3" or "2.1.3": the libgpiod this was built against.
const char *gpiod_shim_library_version(void);

/// 1 when built against libgpiod v2 (kernel debounce available), 0 for v1.
int gpiod_shim_is_v2(void);

/// Requests `count` input lines of `chip` in one request, with both edges, bias,
/// active-low and (v2 only) kernel debounce of `debounce_us`.
/// `chip`: a path ("/dev/gpiochip0"), a name ("gpiochip0") or a label ("gpio-sim.0-node0").
/// `lines`: line names ("GPIO5") or offsets ("17"); a name is looked up first.
/// Returns NULL and fills `error` (with `*error_code` = errno) when the chip or a line is
/// missing, inaccessible or busy.
gpiod_shim_request *gpiod_shim_request_inputs(const char *chip, const char *const *lines, uint32_t count,
                                              int active_low, gpiod_shim_bias bias, uint32_t debounce_us,
                                              const char *consumer, int *error_code, char *error, size_t error_size);

/// Requests `count` output lines of `chip` in one request, all driven inactive (0) at first.
gpiod_shim_request *gpiod_shim_request_outputs(const char *chip, const char *const *lines, uint32_t count,
                                               const char *consumer, int *error_code, char *error, size_t error_size);

/// A file descriptor that becomes readable (poll/epoll) when events are waiting. Owned by the request.
int gpiod_shim_event_fd(const gpiod_shim_request *request);

/// Reads the waiting events without blocking, oldest first, at most `capacity`.
/// Returns the number read (0 when none are waiting) or a negative errno (ENODEV: the chip is gone).
int gpiod_shim_read_events(gpiod_shim_request *request, gpiod_shim_event *events, uint32_t capacity,
                           char *error, size_t error_size);

/// The current logical values (1 active) of all lines of the request, into `values[count]`.
int gpiod_shim_get_values(gpiod_shim_request *request, int32_t *values, uint32_t count, char *error, size_t error_size);

/// Drives output line `index` of the request to `value` (0 or 1). Returns 0 or a negative errno.
int gpiod_shim_set_value(gpiod_shim_request *request, uint32_t index, int32_t value, char *error, size_t error_size);

/// What `check-config` learns about one line without requesting it.
typedef struct {
    /// 1 when some program (maybe the running terminal service) holds the line now.
    int32_t used;
    /// The holder's consumer label ("" when none).
    char consumer[32];
} gpiod_shim_line_status;

/// Opens `chip` (path, name or label) only to look up `lines` (names or offsets), requesting
/// nothing: writes the chip's device path into `chip_path` and each line's state into `status[count]`.
/// Returns 0, or a negative errno (ENODEV or EACCES for the chip, ENOENT for a line) with `error` filled.
int gpiod_shim_inspect_lines(const char *chip, const char *const *lines, uint32_t count, char *chip_path, size_t chip_path_size,
                             gpiod_shim_line_status *status, char *error, size_t error_size);

/// Releases the lines and closes the chip. NULL is allowed.
void gpiod_shim_release(gpiod_shim_request *request);

#ifdef __cplusplus
}
#endif
#endif
