/*
 * check_addr.c -- client addresses against address and CIDR lists (the
 * trusted addresses of the login throttle).
 */
#include "config.h"

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

static Suite *
addr_suite(void)
{
	Suite	*s = suite_create("addr");
	TCase	*tc = tcase_create("lists");

	tcase_add_loop_test(tc, test_in_list, 0, SB_NELEM(cases));
	tcase_add_loop_test(tc, test_list_check, 0, SB_NELEM(lists));
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(addr_suite)
