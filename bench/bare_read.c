/*
 * bare_read.c -- the second floor for the read path: bare.c's libfcgi loop
 * that also reads one user by _id with libmongoc (one client, find with
 * limit 1, as smartbankd's store does) and answers its email.  What
 * GET /users/me costs beyond this is smartbank's own.  Run under
 * spawn-fcgi with BARE_URI, BARE_DB and BARE_ID (24 hex digits) set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <mongoc/mongoc.h>

int
main(void)
{
	const char		*uri = getenv("BARE_URI"), *db = getenv("BARE_DB"),
				*id = getenv("BARE_ID");
	mongoc_client_t		*client;
	mongoc_collection_t	*coll;
	FCGX_Request		 r;
	bson_oid_t		 oid;

	if (uri == NULL || db == NULL || id == NULL || !bson_oid_is_valid(id,
	    strlen(id)))
		return 2;
	mongoc_init();
	bson_oid_init_from_string(&oid, id);
	if ((client = mongoc_client_new(uri)) == NULL)
		return 1;
	coll = mongoc_client_get_collection(client, db, "user");
	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		bson_t		*filter = BCON_NEW("_id", BCON_OID(&oid));
		bson_t		*opts = BCON_NEW("limit", BCON_INT64(1));
		mongoc_cursor_t	*cur = mongoc_collection_find_with_opts(coll,
		    filter, opts, NULL);
		const bson_t	*doc;
		bson_iter_t	 it;
		const char	*email = "";
		char		 body[512];
		int		 n;

		if (mongoc_cursor_next(cur, &doc) &&
		    bson_iter_init_find(&it, doc, "email") &&
		    BSON_ITER_HOLDS_UTF8(&it))
			email = bson_iter_utf8(&it, NULL);
		n = snprintf(body, sizeof(body), "{\"email\":\"%s\"}", email);
		FCGX_FPrintF(r.out, "Status: 200 OK\r\nContent-Type: "
		    "application/json\r\nContent-Length: %d\r\n\r\n%s", n,
		    body);
		mongoc_cursor_destroy(cur);
		bson_destroy(opts);
		bson_destroy(filter);
		FCGX_Finish_r(&r);
	}
	mongoc_collection_destroy(coll);
	mongoc_client_destroy(client);
	mongoc_cleanup();
	return 0;
}
