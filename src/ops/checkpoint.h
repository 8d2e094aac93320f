/*
 * checkpoint.h -- signed checkpoints of the audit tree (base/note.h), made
 * at most every SB_CHECKPOINT_EVERY entries (by the writer of the entry
 * that completes the hundred) and every minute while the tree grows (by
 * the workers), stored by size and never rewritten
 * (store/audit_checkpoint.h).
 */
#ifndef SB_OPS_CHECKPOINT_H
#define SB_OPS_CHECKPOINT_H

#include <stdint.h>

#include "store/db.h"

#define SB_CHECKPOINT_EVERY		100	/* entries */
#define SB_CHECKPOINT_PERIOD_S		60

/*
 * This process claimed leaf seq: the checkpoint of seq + 1 leaves is due
 * when that is a multiple of SB_CHECKPOINT_EVERY.  The worker signs it
 * after its answer has gone (sb_checkpoint_due()), off the client's time.
 */
void	sb_checkpoint_leaf_claimed(uint64_t seq);
/* The size of a checkpoint due in this process (0: none), taken. */
uint64_t sb_checkpoint_due(void);
/* Sign and store the checkpoint of the tree's first size leaves. */
int	sb_checkpoint_at(const struct sb_conn *, uint64_t size, bson_error_t *);
/*
 * The checkpoint of the tree as it is, if it grew since the latest one;
 * the size made (0: none) into *made.  SB_OK or SB_ERR.
 */
int	sb_checkpoint_now(const struct sb_conn *, uint64_t *made,
	    bson_error_t *);

#endif
