/*
 * bearer.h -- who is calling: the bearer token, then the user it names.
 */
#ifndef SB_BEARER_H
#define SB_BEARER_H

struct sb_req;
struct sb_user;

/*
 * For a route that needs a user: read "Authorization: Bearer <token>",
 * verify the token, load the user (who must still exist, be enabled and
 * have the token's role) into caller, point req->user at it, and check the
 * route's role.  caller must outlive the handler.
 * SB_OK, or the status already answered: 401 (with WWW-Authenticate), 403,
 * or 503 when the database does not answer.
 */
int	sb_auth_request(struct sb_req *, struct sb_user *caller);

#endif
