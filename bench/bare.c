/*
 * bare.c -- the floor for the benchmarks: a libfcgi program that answers
 * every request with a fixed JSON body.  Run under spawn-fcgi (socket on
 * fd 0) behind the same nginx as smartbankd.
 */
#include <fcgiapp.h>

int
main(void)
{
	static const char	answer[] = "Status: 200 OK\r\n"
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "Content-Length: 15\r\n\r\n{\"status\":\"ok\"}";
	FCGX_Request		r;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(answer, sizeof(answer) - 1, r.out);
		FCGX_Finish_r(&r);
	}
	return 0;
}
