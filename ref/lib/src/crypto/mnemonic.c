/* mnemonic.c: spec/05-crypto.md 5.1, "Mnemonic" (WZP-CRYPTO-008..-011).
 *
 * The seed and its checksum byte form 264 bits, read as 24 indices of 11
 * bits, most significant bit first. Word lookups scan the whole list with
 * masks, so neither direction's timing depends on which words a seed has.
 */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "bip39_english.h"
#include "ct.h"
#include "wzp/mnemonic.h"
#include "wzp/trace.h"

#define BITS_PER_WORD 11
#define INDEX_MASK 0x7FF
/* 33 bytes of entropy and checksum, and 2 more so that any 11-bit group
 * can be read or written as 3 whole bytes. */
#define BUF_SIZE 35
#define ENTRY_SIZE (WZP_BIP39_WORD_MAX + 1)

/* The 11-bit group i of buf. */
static uint32_t get_group(const uint8_t buf[BUF_SIZE], size_t i)
{
	size_t bit = i * BITS_PER_WORD;
	const uint8_t *p = buf + bit / 8;
	uint32_t w = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

	return w >> (24 - BITS_PER_WORD - bit % 8) & INDEX_MASK;
}

/* ORs value into the 11-bit group i of buf (zero there before). */
static void put_group(uint8_t buf[BUF_SIZE], size_t i, uint32_t value)
{
	size_t bit = i * BITS_PER_WORD;
	uint8_t *p = buf + bit / 8;
	uint32_t w = value << (24 - BITS_PER_WORD - bit % 8);

	p[0] |= (uint8_t)(w >> 16);
	p[1] |= (uint8_t)(w >> 8);
	p[2] |= (uint8_t)w;
}

/* The 8 letters of a NUL-padded word as one integer, first letter lowest. */
static uint64_t letters(const char *w)
{
	uint64_t v = 0;

	for (size_t k = 0; k < WZP_BIP39_WORD_MAX; k++)
		v |= (uint64_t)(uint8_t)w[k] << 8 * k;
	return v;
}

/* All ones when a == b, else 0. */
static uint64_t eq_mask64(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ b;

	return ((x | (0 - x)) >> 63) - 1;
}

/* Word idx, NUL-padded, into out; every entry is read. */
static void word_at(char out[ENTRY_SIZE], uint32_t idx)
{
	uint64_t word = 0;

	for (uint32_t i = 0; i < WZP_BIP39_WORDS; i++)
		word |= letters(wzp_bip39_english[i]) & eq_mask64(i, idx);
	for (size_t k = 0; k < ENTRY_SIZE; k++)
		out[k] = (char)(k < WZP_BIP39_WORD_MAX ? word >> 8 * k : 0);
}

void wzp_mnemonic_encode(char out[WZP_MNEMONIC_MAX], const uint8_t seed[32])
{
	uint8_t buf[BUF_SIZE] = { 0 };
	uint8_t digest[crypto_hash_sha256_BYTES];
	char word[ENTRY_SIZE];
	size_t pos = 0;

	memcpy(buf, seed, 32);
	crypto_hash_sha256(digest, seed, 32);
	buf[32] = digest[0];
	for (size_t i = 0; i < WZP_MNEMONIC_WORDS; i++) {
		word_at(word, WZP_VALUE("WZP-CRYPTO-008", get_group(buf, i)));
		if (i > 0)
			out[pos++] = ' ';
		for (size_t k = 0; word[k] != '\0'; k++)
			out[pos++] = word[k];
	}
	out[pos] = '\0';
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(digest, sizeof digest);
	sodium_memzero(word, sizeof word);
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

struct words {
	size_t count;                          /* all words in the text */
	const char *start[WZP_MNEMONIC_WORDS]; /* the first 24 of them */
	size_t len[WZP_MNEMONIC_WORDS];
};

static void split_words(struct words *w, const char *text, size_t len)
{
	w->count = 0;
	for (size_t i = 0, j; i < len; i = j) {
		for (; i < len && is_space(text[i]); i++)
			;
		for (j = i; j < len && !is_space(text[j]); j++)
			;
		if (j == i)
			break;
		if (w->count < WZP_MNEMONIC_WORDS) {
			w->start[w->count] = text + i;
			w->len[w->count] = j - i;
		}
		w->count++;
	}
}

static bool count_allowed(size_t count, enum wzp_profile profile)
{
	if (profile == WZP_PROFILE_V1)
		return count == WZP_MNEMONIC_WORDS;
	return count % 3 == 0 && count >= 12 && count <= WZP_MNEMONIC_WORDS;
}

/* The index of a word; *unknown becomes all ones when it is not an entry. */
static uint32_t word_index(const char *word, size_t len, uint32_t *unknown)
{
	char padded[ENTRY_SIZE] = { 0 };
	uint32_t idx = 0, found = 0, bad = len > WZP_BIP39_WORD_MAX ? ~0u : 0;
	uint64_t target;

	for (size_t k = 0; k < len && k < WZP_BIP39_WORD_MAX; k++) {
		padded[k] = word[k];
		bad |= ~ct_range_mask((uint8_t)word[k], 'a', 'z');
	}
	target = letters(padded);
	for (uint32_t i = 0; i < WZP_BIP39_WORDS; i++) {
		uint32_t match = (uint32_t)eq_mask64(letters(wzp_bip39_english[i]), target);

		idx |= i & match;
		found |= match;
	}
	*unknown |= bad | ~found;
	sodium_memzero(padded, sizeof padded);
	return idx;
}

/* Words to bits, then the checks after the count; buf is the caller's to wipe. */
static enum wzp_err decode_words(uint8_t seed[32], uint8_t buf[BUF_SIZE], const struct words *w)
{
	size_t count = w->count < WZP_MNEMONIC_WORDS ? w->count : WZP_MNEMONIC_WORDS;
	size_t checksum_bits = count / 3, entropy_len = checksum_bits * 4;
	uint8_t digest[crypto_hash_sha256_BYTES];
	uint8_t mask = (uint8_t)(0xFF << (8 - checksum_bits));
	uint32_t unknown = 0;
	uint8_t diff;

	for (size_t i = 0; i < count; i++)
		put_group(buf, i, word_index(w->start[i], w->len[i], &unknown));
	WZP_REJECT("WZP-CRYPTO-010", unknown != 0, WZP_ERR_UNKNOWN_WORD);
	crypto_hash_sha256(digest, buf, entropy_len);
	diff = (uint8_t)((digest[0] ^ buf[entropy_len]) & mask);
	sodium_memzero(digest, sizeof digest);
	WZP_REJECT("WZP-CRYPTO-011", diff != 0, WZP_ERR_BAD_CHECKSUM);
	WZP_REJECT("WZP-CRYPTO-009", entropy_len != 32, WZP_ERR_WORD_COUNT);
	memcpy(seed, buf, 32);
	return WZP_OK;
}

enum wzp_err wzp_mnemonic_decode(uint8_t seed[32], const char *text, size_t len,
				 enum wzp_profile profile)
{
	uint8_t buf[BUF_SIZE] = { 0 };
	struct words w;
	enum wzp_err err;

	split_words(&w, text, len);
	WZP_REJECT("WZP-CRYPTO-009", !count_allowed(w.count, profile), WZP_ERR_WORD_COUNT);
	err = decode_words(seed, buf, &w);
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(&w, sizeof w);
	return err;
}
