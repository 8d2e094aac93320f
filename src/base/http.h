/*
 * http.h -- HTTP vocabulary shared by every handler: reason phrases and
 * the JSON bodies of error answers.
 */
#ifndef SB_HTTP_H
#define SB_HTTP_H

#include <cjson/cJSON.h>

const char	*sb_http_reason(int status);
/* {"detail": "<detail>"}, malloc'd; NULL only when out of memory. */
char		*sb_http_error_body(const char *detail);
/* {"detail": [ ...errs... ]}, malloc'd; errs stays the caller's. */
char		*sb_http_validation_body(const cJSON *errs);
/* A Content-Type this API reads as JSON (UTF-8). */
int		 sb_http_is_json(const char *content_type);

#endif
