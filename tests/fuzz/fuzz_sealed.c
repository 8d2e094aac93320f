/*
 * fuzz_sealed.c -- the unsealer on hostile stored records: what the store
 * reads back from a database that someone else may have written.
 *
 * An input that is a BSON document is read as a kyc_doc as it is.  Any
 * other input is cut into a KEK id, a wrapped data key and a sealed
 * document number, put in a kyc_doc of the right shape; when its first
 * byte is odd the wrapped key is a real one, so that the number's box
 * itself meets hostile bytes behind a key that opens.  The key file's
 * reader gets the input as text too.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bson/bson.h>

#include "base/keyring.h"
#include "base/log.h"
#include "base/seal.h"
#include "store/envelope.h"
#include "store/kyc_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sb_keyring	ring;
static bson_oid_t		id;
static uint8_t			real_wrapped[SB_WRAPPED_LEN];

static void
setup(void)
{
	uint8_t dek[SB_DEK_LEN];

	memset(&ring, 0, sizeof(ring));
	for (size_t i = 0; i < SB_KEY_LEN; i++) {
		ring.index_key[i] = (uint8_t)i;
		ring.kek[0].key[i] = (uint8_t)(100 + i);
	}
	memcpy(ring.kek[0].id, "k1", 3);
	ring.nkek = 1;
	bson_oid_init_from_string(&id, "65a1b2c3d4e5f60718293a4b");
	memset(dek, 7, sizeof(dek));
	(void)sb_dek_wrap(&ring.kek[0], id.bytes, dek, real_wrapped);
	sb_log_set_level("error");
}

static void
read_number(const bson_t *kyc)
{
	struct sb_conn		conn = { NULL, "fuzz", &ring };
	struct sb_envelope	env;
	bson_error_t		e;
	char			out[256];

	(void)sb_kyc_number(&conn, kyc, out, sizeof(out), &e);
	if (sb_envelope_open(&conn, kyc, &env, &e) == SB_FOUND)
		sb_envelope_wipe(&env);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 ready;
	struct sb_keyring	 parsed;
	bson_t			 kyc, dek;
	char			*text, err[256], kek[9];
	size_t			 idlen, wlen;
	int			 real;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (bson_init_static(&kyc, data, size)) {
		bson_iter_t it;

		if (bson_validate(&kyc, BSON_VALIDATE_NONE, NULL) &&
		    bson_iter_init(&it, &kyc))
			read_number(&kyc);
	}
	if ((text = malloc(size + 1)) != NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		(void)sb_keyring_parse(&parsed, text, err, sizeof(err));
		free(text);
	}
	if (size < 3)
		return 0;
	real = data[0] & 1;
	idlen = data[1] % sizeof(kek);
	wlen = data[2];
	data += 3;
	size -= 3;
	if (idlen > size)
		idlen = size;
	memcpy(kek, data, idlen);
	kek[idlen] = '\0';
	data += idlen;
	size -= idlen;
	if (wlen > size)
		wlen = size;
	bson_init(&kyc);
	BSON_APPEND_OID(&kyc, "_id", &id);
	BSON_APPEND_DOCUMENT_BEGIN(&kyc, "dek", &dek);
	BSON_APPEND_UTF8(&dek, "kek", real ? "k1" : kek);
	BSON_APPEND_INT32(&dek, "v", 1);
	if (real)
		BSON_APPEND_BINARY(&dek, "key", BSON_SUBTYPE_BINARY,
		    real_wrapped, sizeof(real_wrapped));
	else
		BSON_APPEND_BINARY(&dek, "key", BSON_SUBTYPE_BINARY, data,
		    (uint32_t)wlen);
	bson_append_document_end(&kyc, &dek);
	BSON_APPEND_BINARY(&kyc, "document_number", BSON_SUBTYPE_BINARY,
	    data + wlen, (uint32_t)(size - wlen));
	read_number(&kyc);
	bson_destroy(&kyc);
	return 0;
}
