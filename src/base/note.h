/*
 * note.h -- signed checkpoints of the audit tree, in the C2SP formats:
 * tlog-checkpoint (origin, tree size, base64 root hash, one line each) as
 * the body of a signed note (https://c2sp.org/signed-note) signed with
 * Ed25519 (OpenSSL EVP).
 *
 * A signature line is "\u2014 <name> <base64(key hash || signature)>", the
 * key hash being the first four bytes of SHA-256(name || "\n" || 0x01 ||
 * public key); the verifier key that checks it is
 * "<name>+<key hash, 8 hex digits>+<base64(0x01 || public key)>".  The name
 * is the checkpoint's origin.
 */
#ifndef SB_NOTE_H
#define SB_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "base/merkle.h"

#define SB_ORIGIN_MAX	128
#define SB_NOTE_MAX	1024	/* a checkpoint's signed note, at most */

struct sb_signer;

/*
 * The Ed25519 private key of the PEM file at path (a key file: mode 0600,
 * see sb_secret_file_read()), signing as name.  A new signer (free it with
 * sb_signer_free()), or NULL with the reason in err.
 */
struct sb_signer	*sb_signer_load(const char *path, const char *name,
			    char *err, size_t errsz);
void			 sb_signer_free(struct sb_signer *);
/* The verifier key, in the note format, into out.  SB_OK, or SB_ERR. */
int			 sb_signer_verifier(const struct sb_signer *, char *out,
			    size_t cap);

/*
 * The signed checkpoint of a tree of size leaves and root, into out (cap
 * bytes, SB_NOTE_MAX is enough).  SB_OK, or SB_ERR.
 */
int	sb_checkpoint_sign(const struct sb_signer *, uint64_t size,
	    const uint8_t root[SB_HASH_LEN], char *out, size_t cap);
/*
 * Is note a checkpoint signed by this signer, of origin name?  Its size
 * and root into *size and root.  1 yes, 0 no (forged or malformed).
 */
int	sb_checkpoint_verify(const struct sb_signer *, const char *note,
	    uint64_t *size, uint8_t root[SB_HASH_LEN]);

#endif
