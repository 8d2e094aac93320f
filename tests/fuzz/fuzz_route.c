/*
 * fuzz_route.c -- the route matcher, the query string reader and ISO 8601
 * parsing on arbitrary request lines: "METHOD PATH?QUERY".
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/query.h"
#include "base/util.h"
#include "http/route.h"
#include "server/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "limit", "after", "user_id",
	    "actor_id", "action", "from", "to" };
	char		*line = malloc(size + 1), *path, *query, out[256];
	struct sb_match	 m;
	int64_t		 ms;

	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	path = strchr(line, ' ');
	if (path != NULL)
		*path++ = '\0';
	else
		path = line;
	query = strchr(path, '?');
	if (query != NULL)
		*query++ = '\0';
	sb_route_match(sb_routes, sb_nroutes, line, path, &m);
	if (query != NULL)
		for (size_t i = 0; i < SB_NELEM(keys); i++)
			if (sb_query_get(query, keys[i], out, sizeof(out)) == SB_FOUND)
				(void)sb_parse_iso8601(out, &ms);
	free(line);
	return 0;
}
