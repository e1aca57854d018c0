/* password — slow salted password hashes (scrypt, OpenSSL) and the user
 * pool's password policy.
 *
 * A hash is stored as the self-describing text
 *     scrypt$<log2 N>$<r>$<p>$<base64url salt>$<base64url hash>
 * so the cost can be raised later without invalidating stored hashes. */
#ifndef INVENTUI_SERVER_AUTH_PASSWORD_H
#define INVENTUI_SERVER_AUTH_PASSWORD_H

#include <stdbool.h>

#define PASSWORD_MIN_LEN 8
#define PASSWORD_MAX_LEN 256
#define PASSWORD_COST_MIN 10 /* log2 N; the config allows 12…20 */
#define PASSWORD_COST_MAX 20

enum password_rc {
    PASSWORD_MATCH = 0,
    PASSWORD_MISMATCH,
    PASSWORD_BAD_HASH, /* the stored text is not a hash we can read */
};

/* Hashes password with N = 2^cost, r 8, p 1 and a fresh 16-byte salt.
 * Returns the stored form (caller frees), or NULL if cost is out of range
 * or scrypt fails (logged). */
char *password_hash(const char *password, int cost);

/* Checks password against a stored hash in constant time. */
enum password_rc password_verify(const char *password, const char *stored);

/* Does the work of one verification at the given cost and throws it away,
 * so an unknown user costs the same time as a wrong password. */
void password_verify_dummy(const char *password, int cost);

/* True when stored was made with another cost than `cost` (or cannot be
 * read), so a successful sign-in should store a fresh hash. */
bool password_needs_rehash(const char *stored, int cost);

/* NULL if password meets the policy (8…256 characters, an upper-case
 * letter, a lower-case letter, a digit), else Cognito's sentence for the
 * first rule it breaks (a static string). */
const char *password_policy_error(const char *password);

#endif
