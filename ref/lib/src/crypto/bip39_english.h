/* bip39_english.h: the BIP39 English wordlist, 2048 lowercase ASCII words
 * of 3 to 8 letters in index order (internal; generated table in
 * bip39_english.c). Each entry is NUL-padded to WZP_BIP39_WORD_MAX + 1
 * bytes so that a scan can read every entry in full, whatever it matches. */
#ifndef WZP_BIP39_ENGLISH_H
#define WZP_BIP39_ENGLISH_H

#define WZP_BIP39_WORDS 2048
#define WZP_BIP39_WORD_MAX 8

extern const char wzp_bip39_english[WZP_BIP39_WORDS][WZP_BIP39_WORD_MAX + 1];

#endif
