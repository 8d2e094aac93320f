/*
 * keyring.h -- the keys that protect identity data at rest, from the key
 * file named by SMARTBANK_KEY_FILE.
 *
 * The file: one "id base64-key" a line ('#' starts a comment), every key
 * exactly 32 random bytes.  The id "index" names the blind-index key (the
 * HMAC key of document numbers); every other line is a key-encryption key
 * (KEK).  The last KEK in the file wraps new data keys; every KEK listed
 * unwraps.  The file must be readable by its owner alone, and the keys
 * must look random: none of one repeated byte, no key twice.
 */
#ifndef SB_KEYRING_H
#define SB_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#define SB_KEY_LEN	32	/* AES-256 and HMAC-SHA256 keys */
#define SB_KEY_ID_MAX	32	/* characters of an id */
#define SB_KEYS_MAX	64	/* KEKs in one file */
#define SB_KEY_INDEX_ID	"index"

struct sb_kek {
	char	id[SB_KEY_ID_MAX + 1];
	uint8_t	key[SB_KEY_LEN];
};

struct sb_keyring {
	struct sb_kek	kek[SB_KEYS_MAX];	/* file order: the last wraps */
	size_t		nkek;
	uint8_t		index_key[SB_KEY_LEN];
};

/*
 * Read and check the key file at path.  A new key ring (free it with
 * sb_keyring_free(), which wipes it), or NULL with a one-line reason in
 * err.
 */
struct sb_keyring	*sb_keyring_load(const char *path, char *err,
			    size_t errsz);
/* Check key file text (as read from origin).  SB_OK, or SB_ERR with err. */
int			 sb_keyring_parse(struct sb_keyring *, const char *text,
			    char *err, size_t errsz);
void			 sb_keyring_free(struct sb_keyring *);
/*
 * The text of a secret file, the checks every key file gets: a regular
 * file (no symbolic link, no FIFO) that nobody but its owner may read or
 * write, text of fewer than max bytes.  A string of *len bytes to wipe
 * and free, or NULL with the reason in err.
 */
char			*sb_secret_file_read(const char *path, size_t max,
			    size_t *len, char *err, size_t errsz);

/* The KEK that wraps new data keys. */
const struct sb_kek	*sb_keyring_newest(const struct sb_keyring *);
/* The KEK with this id, or NULL. */
const struct sb_kek	*sb_keyring_find(const struct sb_keyring *,
			    const char *id);

#endif
