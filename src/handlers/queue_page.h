/*
 * queue_page.h -- a page of KYCs as auditors list them (the review queue,
 * a search): each item's answer made from its kyc_doc as it is read, then,
 * for the whole page in one query each, the names of customers of the old
 * layout, the duplicates' counts and the numbers, opened with the
 * customers' keys.  No scan is ever read.
 */
#ifndef SB_QUEUE_PAGE_H
#define SB_QUEUE_PAGE_H

#include <stdint.h>

#include <bson/bson.h>
#include <cjson/cJSON.h>

#include "base/model.h"
#include "store/db.h"

struct sb_req;

struct sb_queue_page {
	bson_t		 ids;	/* user ids of the page, for one $in query */
	bson_t		 indexes;	/* the page's number_index values */
	const struct sb_conn *conn;
	cJSON		*list;
	unsigned	 n;
	unsigned	 nitems;
	unsigned	 nindexes;
	int		 mask;		/* SMARTBANK_QUEUE_MASK_NUMBERS=on */
	int64_t		 now;
	int		 four_eyes;	/* SMARTBANK_FOUR_EYES=on */
	int		 with_status;	/* each item says its status */
	/* Each item: its answer, its customer, its number's blind index,
	 * its sealed fields until the number is opened. */
	struct {
		cJSON		*o;
		bson_oid_t	 user_id;
		char		 index[65];
		bson_t		*sealed;
	}		 items[SB_PAGE_MAX];
};

/* Start a page answered into a new array of req's. */
void	sb_queue_page_init(struct sb_queue_page *, struct sb_req *,
	    const struct sb_conn *);
/* One kyc_doc of the page (the store's fn; page is the sb_queue_page). */
int	sb_queue_page_item(const bson_t *, void *page);
/*
 * The answer once the page is read (n: what the read returned, SB_ERR
 * with e set if it failed): the items completed, 200 with the list, or 503;
 * what the page took is freed either way.
 */
int	sb_queue_page_reply(struct sb_queue_page *, struct sb_req *, int64_t n,
	    bson_error_t *);

#endif
