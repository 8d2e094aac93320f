/*
 * routes.h -- the service's route table (server/routes.c).
 */
#ifndef SB_ROUTES_H
#define SB_ROUTES_H

#include <stddef.h>

#include "http/route.h"

extern const struct sb_route sb_routes[];
extern const size_t sb_nroutes;

#endif
