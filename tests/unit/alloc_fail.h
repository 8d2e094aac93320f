/*
 * alloc_fail.h -- an allocation-failure injector for the unit suites.
 *
 * A suite linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * --wrap=strdup (Makefile.am) sends every allocation of smartbank's code,
 * cJSON's included (base/json.c's hooks), through alloc_fail.c.  While
 * armed, the allocations are counted and the one numbered fail_at (from
 * 1) returns NULL, so that a test can make each allocation of a request
 * fail in turn and check what the request then answers.
 */
#ifndef ALLOC_FAIL_H
#define ALLOC_FAIL_H

/* Count from now; fail the fail_at-th allocation (0: none). */
void	alloc_fail_arm(unsigned long fail_at);
/* Stop counting; the number of allocations since alloc_fail_arm(). */
unsigned long alloc_fail_disarm(void);

#endif
