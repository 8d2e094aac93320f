/*
 * export.h -- a customer takes a copy of what the bank holds about them
 * (GET /users/me/export): counted, at most one an hour, and audited.  The
 * copy itself is read and written by its handler, a piece at a time.
 * Return conventions: base/model.h.
 */
#ifndef SB_OPS_EXPORT_H
#define SB_OPS_EXPORT_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/login_throttle.h"
#include "store/user.h"

#define SB_EXPORT_WINDOW_S	3600	/* one export per customer in it */

enum sb_export {
	SB_EXPORT_OK,		/* r holds the reservation */
	SB_EXPORT_THROTTLED,	/* *retry_after_s is set */
};

/*
 * Reserve u's export of the hour (format "json"), then DATA_EXPORTED
 * {format}.  An enum sb_export, or SB_ERR (nothing held).
 */
int	sb_export_begin(const struct sb_conn *, const struct sb_actor *,
	    const struct sb_user *u, const char *format,
	    struct sb_reservation *r, int64_t *retry_after_s, bson_error_t *);
/* The export could not be made: its hour is given back.  SB_OK/SB_ERR. */
int	sb_export_abandon(const struct sb_conn *, struct sb_reservation *,
	    bson_error_t *);

#endif
