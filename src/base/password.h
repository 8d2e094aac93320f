/*
 * password.h -- bcrypt ($2b$) through libcrypt.
 *
 * The cost of a check is read from the stored hash, so hashes made by the
 * earlier Python version (passlib's bcrypt) verify unchanged.
 */
#ifndef SB_PASSWORD_H
#define SB_PASSWORD_H

#include <stddef.h>

#define SB_HASH_MAX 128

/* Hash pw with a fresh salt at cost into out.  SB_OK, or SB_ERR. */
int	sb_password_hash(const char *pw, int cost, char out[SB_HASH_MAX]);
/* 1 when pw matches hash, 0 otherwise (also for a malformed hash). */
int	sb_password_verify(const char *pw, const char *hash);
/*
 * Make the hash that sb_password_burn() checks against, at cost: once, at
 * start, so that no request pays for it (the first unknown email of a
 * process would otherwise cost two hashes, and tell itself apart).
 * SB_OK, or SB_ERR.
 */
int	sb_password_burn_prepare(int cost);
/*
 * Spend the time of one check on that hash: what an unknown email costs,
 * so that it cannot be told from a wrong password by timing.  SB_OK (the
 * check made, and no password matches a hash of random bytes nobody
 * kept), or SB_ERR when no hash could be made to check against.
 */
int	sb_password_burn(const char *pw);

/*
 * Is pw a common or leaked password, or too easy to guess?  NIST SP 800-63B
 * asks to refuse those.  Two judges, neither a list of ours: cracklib's
 * dictionary check (Debian's libcrack2 and cracklib-runtime's dictionary:
 * a dictionary word in any case, with digits or symbols around it or
 * look-alikes, a keyboard or number run, too few different characters),
 * then zxcvbn's estimate of the guesses it takes (Debian's zxcvbn-c, its
 * dictionaries built in, user_words -- a NULL-terminated list, or NULL --
 * added): fewer than 2^SB_PASSWORD_MIN_BITS, or nothing but keyboard
 * patterns, is too easy.  NULL when pw is good, else why not, in words.
 */
#define SB_PASSWORD_MIN_BITS	20.0	/* a million guesses: zxcvbn's score 2 */
const char *sb_password_common(const char *pw, const char *const *user_words);
/* Can the check run (the dictionary is there)?  SB_OK, or SB_ERR, err set. */
int	sb_password_policy_ready(char *err, size_t errsz);

#endif
