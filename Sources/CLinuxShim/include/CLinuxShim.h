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

#endif
