/*
 * password.h -- bcrypt ($2b$) through libcrypt.
 *
 * The cost of a check is read from the stored hash, so hashes made by the
 * earlier Python version (passlib's bcrypt) verify unchanged.
 */
#ifndef SB_PASSWORD_H
#define SB_PASSWORD_H

#define SB_HASH_MAX 128

/* Hash pw with a fresh salt at cost into out.  0, or -1. */
int	sb_password_hash(const char *pw, int cost, char out[SB_HASH_MAX]);
/* 1 when pw matches hash, 0 otherwise (also for a malformed hash). */
int	sb_password_verify(const char *pw, const char *hash);
/*
 * Spend the time of one check at cost on a fixed hash: what an unknown
 * email costs, so that it cannot be told from a wrong password by timing.
 */
void	sb_password_burn(const char *pw, int cost);

#endif
