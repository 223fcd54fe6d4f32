#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include "CLinuxShim.h"
#include <sys/timex.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <errno.h>
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <time.h>

int clinuxshim_clock_is_synchronised(void) {
    struct timex state = {0};
    int result = adjtimex(&state);
    /* Unreadable (e.g. EPERM under a sandbox): not known to be synchronised. */
    if (result < 0) return 0;
    return result != TIME_ERROR && (state.status & STA_UNSYNC) == 0;
}

int clinuxshim_open_pty_pair(int *master, int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) return -1;
    if (grantpt(m) != 0 || unlockpt(m) != 0) { close(m); return -1; }
    char *name = ptsname(m);
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (s < 0) { close(m); return -1; }
    *master = m;
    *slave = s;
    return 0;
}

int clinuxshim_i2c_open(const char *path, int address) {
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    if (ioctl(fd, I2C_SLAVE, (unsigned long)address) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int clinuxshim_smbus_write_byte(int fd, unsigned char value) {
    struct i2c_smbus_ioctl_data request = {
        .read_write = I2C_SMBUS_WRITE,
        .command = value,
        .size = I2C_SMBUS_BYTE,
        .data = NULL,
    };
    return ioctl(fd, I2C_SMBUS, &request) < 0 ? -1 : 0;
}

int clinuxshim_timerfd_create(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}

int clinuxshim_timerfd_arm(int fd, unsigned long long deadline_ns) {
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = (time_t)(deadline_ns / 1000000000ULL);
    spec.it_value.tv_nsec = (long)(deadline_ns % 1000000000ULL);
    return timerfd_settime(fd, deadline_ns ? TFD_TIMER_ABSTIME : 0, &spec, NULL);
}

int clinuxshim_clock_step_timerfd(void) {
    int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0) return -1;
    if (clinuxshim_clock_step_rearm(fd) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int clinuxshim_clock_step_rearm(int fd) {
    /* A deadline far in the future (2100-01-01): the timer never fires; only a step cancels it. */
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = (time_t)4102444800LL;
    return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL);
}

int clinuxshim_clock_step_read(int fd) {
    unsigned long long expirations = 0;
    ssize_t count = read(fd, &expirations, sizeof expirations);
    if (count < 0 && errno == ECANCELED) return 1;
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    return count < 0 ? -1 : 0;
}

int clinuxshim_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

unsigned long long clinuxshim_monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (unsigned long long)now.tv_sec * 1000000000ULL + (unsigned long long)now.tv_nsec;
}
