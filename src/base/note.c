/*
 * note.c -- C2SP signed checkpoints with Ed25519 (see note.h).
 */
#include "config.h"
#include "base/note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/base64.h"
#include "base/keyring.h"
#include "base/model.h"
#include "base/util.h"

#define PEM_MAX		4096
#define ED25519_LEN	32
#define SIG_LEN		64
#define DASH		"\xe2\x80\x94"	/* U+2014, the signature line's mark */

struct sb_signer {
	EVP_PKEY	*key;
	char		 name[SB_ORIGIN_MAX + 1];
	uint8_t		 pub[ED25519_LEN];
	uint8_t		 hash[4];	/* the key hash */
};

/* A note's key name: no spaces, no '+', printable. */
static int
name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > SB_ORIGIN_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s == '+' || *s == 0x7f)
			return 0;
	return 1;
}

struct sb_signer *
sb_signer_load(const char *path, const char *name, char *err, size_t errsz)
{
	struct sb_signer	*sg;
	uint8_t			 md[EVP_MAX_MD_SIZE], buf[SB_ORIGIN_MAX + 2 +
				    ED25519_LEN];
	unsigned		 mdlen = 0;
	size_t			 len, publen = ED25519_LEN, n;
	char			*pem;
	BIO			*bio;

	if (!name_ok(name)) {
		sb_errf(err, errsz, "the origin \"%s\" must be 1 to %d "
		    "printable characters without spaces or '+'", name,
		    SB_ORIGIN_MAX);
		return NULL;
	}
	if ((pem = sb_secret_file_read(path, PEM_MAX, &len, err, errsz)) ==
	    NULL)
		return NULL;
	if ((sg = calloc(1, sizeof(*sg))) == NULL ||
	    (bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		free(sg);
		OPENSSL_cleanse(pem, len);
		free(pem);
		sb_errf(err, errsz, "out of memory");
		return NULL;
	}
	sg->key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	OPENSSL_cleanse(pem, len);
	free(pem);
	if (sg->key == NULL || EVP_PKEY_get_id(sg->key) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(sg->key, sg->pub, &publen) != 1 ||
	    publen != ED25519_LEN) {
		sb_errf(err, errsz, "%s: not an Ed25519 private key in PEM "
		    "(try: openssl genpkey -algorithm ed25519)", path);
		sb_signer_free(sg);
		return NULL;
	}
	snprintf(sg->name, sizeof(sg->name), "%s", name);
	n = strlen(name);
	memcpy(buf, name, n);
	buf[n] = '\n';
	buf[n + 1] = 0x01;		/* the signature type: Ed25519 */
	memcpy(buf + n + 2, sg->pub, ED25519_LEN);
	if (EVP_Digest(buf, n + 2 + ED25519_LEN, md, &mdlen, EVP_sha256(),
	    NULL) != 1) {
		sb_errf(err, errsz, "SHA-256 failed");
		sb_signer_free(sg);
		return NULL;
	}
	memcpy(sg->hash, md, sizeof(sg->hash));
	return sg;
}

void
sb_signer_free(struct sb_signer *sg)
{
	if (sg == NULL)
		return;
	EVP_PKEY_free(sg->key);
	free(sg);
}

int
sb_signer_verifier(const struct sb_signer *sg, char *out, size_t cap)
{
	uint8_t	v[1 + ED25519_LEN];
	char	b64[64];
	int	n;

	v[0] = 0x01;
	memcpy(v + 1, sg->pub, ED25519_LEN);
	b64[sb_base64_encode_into(v, sizeof(v), b64)] = '\0';
	n = snprintf(out, cap, "%s+%02x%02x%02x%02x+%s", sg->name, sg->hash[0],
	    sg->hash[1], sg->hash[2], sg->hash[3], b64);
	return n < 0 || (size_t)n >= cap ? SB_ERR : SB_OK;
}

/* The checkpoint's body: origin, size, base64 root, each ending in \n. */
static int
body(const char *origin, uint64_t size, const uint8_t root[SB_HASH_LEN],
    char *out, size_t cap)
{
	char	b64[64];
	int	n;

	b64[sb_base64_encode_into(root, SB_HASH_LEN, b64)] = '\0';
	n = snprintf(out, cap, "%s\n%" PRIu64 "\n%s\n", origin, size, b64);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int
ed25519(EVP_PKEY *key, int sign, const char *msg, size_t len, uint8_t *sig,
    size_t *siglen)
{
	EVP_MD_CTX	*c = EVP_MD_CTX_new();
	int		 ok;

	if (c == NULL)
		return 0;
	if (sign)
		ok = EVP_DigestSignInit(c, NULL, NULL, NULL, key) == 1 &&
		    EVP_DigestSign(c, sig, siglen, (const uint8_t *)msg,
		    len) == 1;
	else
		ok = EVP_DigestVerifyInit(c, NULL, NULL, NULL, key) == 1 &&
		    EVP_DigestVerify(c, sig, *siglen, (const uint8_t *)msg,
		    len) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}

int
sb_checkpoint_sign(const struct sb_signer *sg, uint64_t size,
    const uint8_t root[SB_HASH_LEN], char *out, size_t cap)
{
	uint8_t	sig[4 + SIG_LEN];
	size_t	siglen = SIG_LEN;
	char	b64[128];
	int	n, m;

	if ((n = body(sg->name, size, root, out, cap)) == -1)
		return SB_ERR;
	memcpy(sig, sg->hash, 4);
	if (!ed25519(sg->key, 1, out, (size_t)n, sig + 4, &siglen) ||
	    siglen != SIG_LEN)
		return SB_ERR;
	b64[sb_base64_encode_into(sig, sizeof(sig), b64)] = '\0';
	m = snprintf(out + n, cap - (size_t)n, "\n" DASH " %s %s\n", sg->name,
	    b64);
	return m < 0 || (size_t)m >= cap - (size_t)n ? SB_ERR : SB_OK;
}

int
sb_checkpoint_verify(const struct sb_signer *sg, const char *note,
    uint64_t *size, uint8_t root[SB_HASH_LEN])
{
	const char	*end = strstr(note, "\n\n"), *line;
	char		 want[SB_NOTE_MAX], prefix[SB_ORIGIN_MAX + 8];
	uint8_t		 sig[4 + SIG_LEN + 3];
	size_t		 blen, siglen = SIG_LEN, plen;
	unsigned long long sz;
	char		 rootb64[64], origin[SB_ORIGIN_MAX + 2];

	if (end == NULL || (blen = (size_t)(end - note) + 1) >= sizeof(want))
		return 0;
	/* Every line ends in a newline, the last signature's too (as Go's
	 * golang.org/x/mod/sumdb/note requires). */
	if (note[strlen(note) - 1] != '\n')
		return 0;
	/* The body alone, then exactly what this origin writes. */
	memcpy(want, note, blen);
	want[blen] = '\0';
	if (sscanf(want, "%129[^\n]\n%llu\n%63[^\n]", origin, &sz, /* NOLINT(cert-err34-c): the body is rewritten and compared below */
	    rootb64) != 3 || strcmp(origin, sg->name) != 0 ||
	    sb_base64_decoded_len(rootb64, strlen(rootb64)) != SB_HASH_LEN)
		return 0;
	(void)sb_base64_decode(rootb64, strlen(rootb64), root);
	*size = sz;
	if (body(sg->name, *size, root, want, sizeof(want)) != (int)blen ||
	    memcmp(want, note, blen) != 0)
		return 0;
	/* A signature line of ours, by key hash, that verifies. */
	plen = (size_t)snprintf(prefix, sizeof(prefix), DASH " %s ", sg->name);
	for (line = end + 2; *line != '\0'; ) {
		const char	*nl = strchr(line, '\n');
		size_t		 llen = nl != NULL ? (size_t)(nl - line) :
				    strlen(line);

		if (llen > plen && strncmp(line, prefix, plen) == 0 &&
		    sb_base64_decoded_len(line + plen, llen - plen) ==
		    4 + SIG_LEN) {
			(void)sb_base64_decode(line + plen, llen - plen, sig);
			if (memcmp(sig, sg->hash, 4) == 0 &&
			    ed25519(sg->key, 0, note, blen, sig + 4, &siglen))
				return 1;
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return 0;
}
