/*
 * alloc_fail.c -- the allocation-failure injector (alloc_fail.h).
 */
#include "config.h"
#include "alloc_fail.h"

#include <stddef.h>

void	*__real_malloc(size_t);
void	*__real_calloc(size_t, size_t);
void	*__real_realloc(void *, size_t);
char	*__real_strdup(const char *);
void	*__wrap_malloc(size_t);
void	*__wrap_calloc(size_t, size_t);
void	*__wrap_realloc(void *, size_t);
char	*__wrap_strdup(const char *);

static int		armed;
static unsigned long	count, fail_at;

void
alloc_fail_arm(unsigned long n)
{
	count = 0;
	fail_at = n;
	armed = 1;
}

unsigned long
alloc_fail_disarm(void)
{
	armed = 0;
	return count;
}

/* Is this allocation the one to fail? */
static int
failing(void)
{
	return armed && ++count == fail_at;
}

void *
__wrap_malloc(size_t n)
{
	return failing() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return failing() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return failing() ? NULL : __real_realloc(p, n);
}

char *
__wrap_strdup(const char *s)
{
	return failing() ? NULL : __real_strdup(s);
}
