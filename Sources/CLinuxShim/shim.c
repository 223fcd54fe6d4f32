#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include "CLinuxShim.h"
#include <sys/timex.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int clinuxshim_clock_is_synchronised(void) {
    struct timex state = {0};
    int result = adjtimex(&state);
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
