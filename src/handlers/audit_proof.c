/*
 * audit_proof.c -- GET /audit/proof/inclusion and /audit/proof/consistency:
 * RFC 6962 proofs from the audit Merkle tree, for sizes that have a signed
 * checkpoint (a proof is checked against a checkpoint's root).  Auditors
 * only.  Hashes are in base64, as in the checkpoints.
 */
#include "config.h"

#include "base/base64.h"
#include "base/json.h"
#include "base/merkle.h"
#include "base/model.h"
#include "base/note.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/page.h"
#include "http/request.h"
#include "store/audit_checkpoint.h"
#include "store/audit_tree.h"

static void
add_hash(cJSON *o, const char *name, const uint8_t h[SB_HASH_LEN])
{
	char b64[64];

	b64[sb_base64_encode_into(h, SB_HASH_LEN, b64)] = '\0';
	if (name != NULL)
		cJSON_AddStringToObject(o, name, b64);
	else
		cJSON_AddItemToArray(o, cJSON_CreateString(b64));
}

/* Is there a checkpoint of size?  SB_FOUND, SB_NOTFOUND, SB_ERR. */
static int
checkpointed(const struct sb_conn *conn, uint64_t size, bson_error_t *e)
{
	char note[SB_NOTE_MAX];

	return sb_audit_checkpoint_note(conn, size, note, sizeof(note), e);
}

/* The proof's hashes under "proof", or the failure's answer. */
static int
answer(struct sb_req *req, cJSON *o, uint8_t (*proof)[SB_HASH_LEN], size_t n,
    int rc, bson_error_t *e)
{
	cJSON *list;

	if (rc == -1)
		return e->code == 404 || e->message[0] == '\0' ?
		    sb_reply_error(req, 500, "Internal server error") :
		    sb_reply_db_error(req, e);
	list = cJSON_AddArrayToObject(o, "proof");
	for (size_t i = 0; i < n; i++)
		add_hash(list, NULL, proof[i]);
	return sb_reply_json(req, 200, o);
}

/*
 * ?seq=N&size=M: 200 {"seq", "tree_size", "leaf_hash", "proof"}; 422 a
 * bad or missing number, or seq not below size; 404 "No checkpoint of this
 * size"; 503.
 */
int
sb_handle_audit_inclusion(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	uint8_t			 proof[SB_PROOF_MAX][SB_HASH_LEN];
	uint8_t			 leaf[SB_HASH_LEN];
	bson_error_t		 e = { 0 };
	struct sb_tree_reader	 t = { &conn, &e };
	cJSON			*errs = sb_req_array(req), *o;
	bson_oid_t		 entry;
	uint64_t		 seq = 0, size = 0;
	size_t			 n = 0;
	int			 found, rc;

	if (sb_query_number(req, errs, "seq", 0, &seq) == SB_OK &&
	    sb_query_number(req, errs, "size", 1, &size) == SB_OK &&
	    seq >= size)
		sb_verr_add(errs, "query", "seq",
		    "Input should be below size", "value_error");
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if ((found = checkpointed(&conn, size, &e)) != SB_FOUND)
		return found == SB_ERR ? sb_reply_db_error(req, &e) :
		    sb_reply_error(req, 404, "No checkpoint of this size");
	if ((found = sb_audit_tree_leaf(&conn, seq, &entry, leaf, &e)) !=
	    SB_FOUND)
		return found == SB_ERR ? sb_reply_db_error(req, &e) :
		    sb_reply_error(req, 500, "Internal server error");
	rc = sb_merkle_inclusion(seq, size, sb_audit_tree_get, &t, proof, &n);
	o = sb_req_object(req);
	cJSON_AddNumberToObject(o, "seq", (double)seq);
	cJSON_AddNumberToObject(o, "tree_size", (double)size);
	add_hash(o, "leaf_hash", leaf);
	return answer(req, o, proof, n, rc, &e);
}

/*
 * ?from=A&to=B: 200 {"from", "to", "proof"}; 422 a bad or missing number,
 * or from above to; 404 "No checkpoint of this size" (for either); 503.
 */
int
sb_handle_audit_consistency(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	uint8_t			 proof[SB_PROOF_MAX][SB_HASH_LEN];
	bson_error_t		 e = { 0 };
	struct sb_tree_reader	 t = { &conn, &e };
	cJSON			*errs = sb_req_array(req), *o;
	uint64_t		 from = 0, to = 0;
	size_t			 n = 0;
	int			 found, rc;

	if (sb_query_number(req, errs, "from", 1, &from) == SB_OK &&
	    sb_query_number(req, errs, "to", 1, &to) == SB_OK && from > to)
		sb_verr_add(errs, "query", "from",
		    "Input should not be above to", "value_error");
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if ((found = checkpointed(&conn, from, &e)) == SB_FOUND)
		found = checkpointed(&conn, to, &e);
	if (found != SB_FOUND)
		return found == SB_ERR ? sb_reply_db_error(req, &e) :
		    sb_reply_error(req, 404, "No checkpoint of this size");
	rc = sb_merkle_consistency(from, to, sb_audit_tree_get, &t, proof, &n);
	o = sb_req_object(req);
	cJSON_AddNumberToObject(o, "from", (double)from);
	cJSON_AddNumberToObject(o, "to", (double)to);
	return answer(req, o, proof, n, rc, &e);
}
