#ifndef CLINUXSHIM_H
#define CLINUXSHIM_H

/* Why: <sys/timex.h> (adjtimex) is not part of Swift's Glibc module map.
 * This wrapper goes away if Glibc ever exports it. */

/** 1 when the kernel's NTP state says the wall clock is synchronised
 *  (adjtimex does not return TIME_ERROR and STA_UNSYNC is clear), else 0. */
int clinuxshim_clock_is_synchronised(void);

/* Why: posix_openpt/grantpt/unlockpt/ptsname need _XOPEN_SOURCE, which Swift's Glibc
 * module does not define. Used by tests that drive a real pseudo-terminal. */

/** Opens a pseudo-terminal pair; returns 0, or -1 with errno set. */
int clinuxshim_open_pty_pair(int *master, int *slave);

/* Why: the I2C_SLAVE and I2C_SMBUS ioctls and their argument struct come from
 * <linux/i2c-dev.h> and <linux/i2c.h>, whose macros Swift cannot call. SMBus
 * write_byte is what a PCF8574 backpack needs and what i2c-stub (the tests'
 * kernel peer) supports; a plain write() after I2C_SLAVE fails there. */

/** Opens the I2C bus device `path` and selects the 7-bit `address` for later
 *  transfers; returns the descriptor, or -1 with errno set (EBUSY: a kernel
 *  driver owns that address). */
int clinuxshim_i2c_open(const char *path, int address);

/** SMBus "write byte" (one byte, no command code) to the selected address;
 *  returns 0, or -1 with errno set (ENXIO/EREMOTEIO: no device acknowledged). */
int clinuxshim_smbus_write_byte(int fd, unsigned char value);

/* Why: timerfd and eventfd (<sys/timerfd.h>, <sys/eventfd.h>) are not in Swift's Glibc
 * module map. They let one thread sleep in poll() until the earliest of many deadlines,
 * with no periodic wake-ups (libdispatch re-arms its timer every second while any
 * Task.sleep is pending; see bench/README.md). */

/** A CLOCK_MONOTONIC timerfd (non-blocking, close-on-exec); -1 with errno set. */
int clinuxshim_timerfd_create(void);

/** Arms `fd` to fire once at the absolute CLOCK_MONOTONIC time `deadline_ns`
 *  (0 disarms it); 0, or -1 with errno set. */
int clinuxshim_timerfd_arm(int fd, unsigned long long deadline_ns);

/** A CLOCK_REALTIME timerfd armed with TFD_TIMER_CANCEL_ON_SET (non-blocking, close-on-exec):
 *  it becomes readable when the wall clock is set (settimeofday, clock_settime, an NTP step),
 *  and never by itself. -1 with errno set. */
int clinuxshim_clock_step_timerfd(void);

/** Arms a clock-step timerfd again after a step was read; 0, or -1 with errno set. */
int clinuxshim_clock_step_rearm(int fd);

/** Reads a readable clock-step timerfd: 1 if the clock was set (re-arm it), 0 if nothing happened,
 *  -1 with errno set. */
int clinuxshim_clock_step_read(int fd);

/** An eventfd (non-blocking, close-on-exec); -1 with errno set. */
int clinuxshim_eventfd(void);

/** CLOCK_MONOTONIC now, in nanoseconds. */
unsigned long long clinuxshim_monotonic_ns(void);

#endif
