/*
 * check_addr.c -- client addresses against address and CIDR lists (the
 * trusted addresses of the login throttle).
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "check_main.h"
#include "base/addr.h"

static const struct {
	const char	*addr, *list;
	int		 in;
} cases[] = {
	{ "10.1.2.3", "10.0.0.0/8", 1 },
	{ "11.1.2.3", "10.0.0.0/8", 0 },
	{ "192.0.2.7", "192.0.2.7", 1 },
	{ "192.0.2.8", "192.0.2.7", 0 },
	{ "192.0.2.8", "192.0.2.7, 192.0.2.8", 1 },
	{ "192.0.2.130", "192.0.2.128/25", 1 },
	{ "192.0.2.127", "192.0.2.128/25", 0 },
	{ "192.0.2.1", "0.0.0.0/0", 1 },
	{ "2001:db8::1", "2001:db8::/32", 1 },
	{ "2001:db9::1", "2001:db8::/32", 0 },
	{ "2001:db8::1", "10.0.0.0/8", 0 },
	{ "10.0.0.1", "2001:db8::/32", 0 },
	{ "::ffff:10.0.0.1", "10.0.0.0/8", 0 },	/* another family */
	{ "10.0.0.1", "", 0 },
	{ "", "10.0.0.0/8", 0 },
	{ "10.0.0.0/8", "10.0.0.0/8", 0 },	/* an address, not a block */
	{ "not an address", "10.0.0.0/8", 0 },
};

START_TEST(test_in_list)
{
	ck_assert_int_eq(sb_addr_in_list(cases[_i].addr, cases[_i].list),
	    cases[_i].in);
}
END_TEST

static const struct {
	const char	*list;
	int		 ok;
} lists[] = {
	{ "", 1 },
	{ "10.0.0.0/8 192.0.2.7", 1 },
	{ "10.0.0.0/8,192.0.2.7, 2001:db8::/32", 1 },
	{ "10.0.0.0/33", 0 },
	{ "2001:db8::/129", 0 },
	{ "10.0.0.0/", 0 },
	{ "10.0.0.0/-1", 0 },
	{ "10.0.0", 0 },
	{ "example.com", 0 },
	{ "10.0.0.0/8 nonsense", 0 },
};

START_TEST(test_list_check)
{
	char why[128];

	ck_assert_int_eq(sb_addr_list_check(lists[_i].list, why,
	    sizeof(why)) == NULL, lists[_i].ok);
}
END_TEST

static const struct {
	const char		*addr;
	enum sb_addr_kind	 kind;
} kinds[] = {
	{ "93.184.216.34", SB_ADDR_PUBLIC },
	{ "8.8.8.8", SB_ADDR_PUBLIC },
	{ "127.0.0.1", SB_ADDR_LOOPBACK },
	{ "127.255.0.9", SB_ADDR_LOOPBACK },
	{ "10.1.2.3", SB_ADDR_PRIVATE },
	{ "172.16.0.1", SB_ADDR_PRIVATE },
	{ "172.31.255.255", SB_ADDR_PRIVATE },
	{ "172.32.0.1", SB_ADDR_PUBLIC },
	{ "192.168.1.1", SB_ADDR_PRIVATE },
	{ "100.64.0.1", SB_ADDR_PRIVATE },
	{ "100.128.0.1", SB_ADDR_PUBLIC },
	{ "169.254.169.254", SB_ADDR_LINK_LOCAL },
	{ "0.0.0.0", SB_ADDR_RESERVED },
	{ "224.0.0.1", SB_ADDR_RESERVED },
	{ "255.255.255.255", SB_ADDR_RESERVED },
	{ "::1", SB_ADDR_LOOPBACK },
	{ "::", SB_ADDR_RESERVED },
	{ "fd00::1", SB_ADDR_PRIVATE },
	{ "fe80::1", SB_ADDR_LINK_LOCAL },
	{ "ff02::1", SB_ADDR_RESERVED },
	{ "::ffff:10.0.0.1", SB_ADDR_PRIVATE },
	{ "::ffff:169.254.169.254", SB_ADDR_LINK_LOCAL },
	{ "2606:4700::1111", SB_ADDR_PUBLIC },
};

START_TEST(test_kind)
{
	struct sockaddr_storage	ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(kinds[_i].addr, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, kinds[_i].addr,
		    &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, kinds[_i].addr,
		    &s4->sin_addr), 1);
	}
	ck_assert_msg(sb_addr_kind((struct sockaddr *)&ss) == kinds[_i].kind,
	    "%s: %s", kinds[_i].addr,
	    sb_addr_kind_name(sb_addr_kind((struct sockaddr *)&ss)));
}
END_TEST

START_TEST(test_webhook_use)
{
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_PUBLIC, 0, 1),
	    SB_ADDR_USE_OK);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_PUBLIC, 1, 0),
	    SB_ADDR_USE_HTTPS);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_LOOPBACK, 0, 0),
	    SB_ADDR_USE_LOCAL);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_LOOPBACK, 1, 0),
	    SB_ADDR_USE_OK);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_PRIVATE, 1, 1),
	    SB_ADDR_USE_OK);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_PRIVATE, 1, 0),
	    SB_ADDR_USE_HTTPS);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_PRIVATE, 0, 1),
	    SB_ADDR_USE_LOCAL);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_LINK_LOCAL, 1, 1),
	    SB_ADDR_USE_NEVER);
	ck_assert_int_eq(sb_addr_webhook_use(SB_ADDR_RESERVED, 1, 1),
	    SB_ADDR_USE_NEVER);
}
END_TEST

static Suite *
addr_suite(void)
{
	Suite	*s = suite_create("addr");
	TCase	*tc = tcase_create("lists");

	tcase_add_loop_test(tc, test_in_list, 0, SB_NELEM(cases));
	tcase_add_loop_test(tc, test_list_check, 0, SB_NELEM(lists));
	tcase_add_loop_test(tc, test_kind, 0, SB_NELEM(kinds));
	tcase_add_test(tc, test_webhook_use);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(addr_suite)
