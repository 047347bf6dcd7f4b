/* mnemonic.h: the 24-word BIP39 English form of a 32-byte seed
 * (spec/05-crypto.md 5.1, WZP-CRYPTO-008..-011).
 *
 * BIP39 is used only as an encoding of the seed as entropy: there is no
 * passphrase and no PBKDF2 step. Encoding writes the words joined by
 * single spaces and a NUL. Decoding reads len bytes (no NUL needed), splits
 * on ASCII whitespace and checks, in order, the word count, every word,
 * the checksum; it writes seed only on success. Words are looked up and
 * bits assembled in constant time; every temporary is wiped.
 */
#ifndef WZP_MNEMONIC_H
#define WZP_MNEMONIC_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_MNEMONIC_WORDS 24
/* 24 words of at most 8 letters, 23 spaces and the NUL. */
#define WZP_MNEMONIC_MAX (WZP_MNEMONIC_WORDS * 9)

void wzp_mnemonic_encode(char out[WZP_MNEMONIC_MAX], const uint8_t seed[32]);

/* WZP_ERR_WORD_COUNT: wzp/1 needs 24 words; upstream-aa09275 reads any
 * BIP39 count (12, 15, 18, 21, 24) and refuses other than 24 only after
 * the checksum. WZP_ERR_UNKNOWN_WORD: a word that is not a wordlist entry
 * (lowercase ASCII, exact). WZP_ERR_BAD_CHECKSUM: the checksum bits differ. */
enum wzp_err wzp_mnemonic_decode(uint8_t seed[32], const char *text, size_t len,
				 enum wzp_profile profile);

#endif
