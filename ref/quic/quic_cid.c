/* quic_cid.c: connection IDs that hide their route key (quic_cid.h). */
#include <string.h>

#include "quic_cid.h"

#define NONCE_LEN (WZP_QUIC_CID_LEN - WZP_QUIC_ROUTE_LEN)
#define BLOCK 16

int wzp_quic_cid_key_new(struct wzp_quic_cid_key *k)
{
	uint8_t key[BLOCK], iv[BLOCK] = { 0 };
	gnutls_datum_t kd = { key, sizeof key }, ivd = { iv, sizeof iv };
	int rv = gnutls_rnd(GNUTLS_RND_KEY, key, sizeof key);

	if (rv == 0)
		rv = gnutls_cipher_init(&k->aes, GNUTLS_CIPHER_AES_128_CBC, &kd, &ivd);
	memset(key, 0, sizeof key);
	if (rv != 0)
		k->aes = NULL;
	return rv;
}

void wzp_quic_cid_key_free(struct wzp_quic_cid_key *k)
{
	if (k->aes != NULL)
		gnutls_cipher_deinit(k->aes);
	k->aes = NULL;
}

/* The first WZP_QUIC_ROUTE_LEN bytes of AES_K(nonce || 0^6). */
static int mask(struct wzp_quic_cid_key *k, const uint8_t *nonce, uint8_t out[BLOCK])
{
	uint8_t in[BLOCK] = { 0 }, iv[BLOCK] = { 0 };

	memcpy(in, nonce, NONCE_LEN);
	gnutls_cipher_set_iv(k->aes, iv, sizeof iv);
	return gnutls_cipher_encrypt2(k->aes, in, sizeof in, out, BLOCK);
}

int wzp_quic_cid_issue(struct wzp_quic_cid_key *k, const uint8_t route[WZP_QUIC_ROUTE_LEN],
		       uint8_t cid[WZP_QUIC_CID_LEN])
{
	uint8_t m[BLOCK];
	int rv;

	if (k == NULL)
		return gnutls_rnd(GNUTLS_RND_RANDOM, cid, WZP_QUIC_CID_LEN);
	if ((rv = gnutls_rnd(GNUTLS_RND_NONCE, cid, NONCE_LEN)) != 0 || (rv = mask(k, cid, m)) != 0)
		return rv;
	for (size_t i = 0; i < WZP_QUIC_ROUTE_LEN; i++)
		cid[NONCE_LEN + i] = route[i] ^ m[i];
	return 0;
}

int wzp_quic_cid_route(struct wzp_quic_cid_key *k, const uint8_t *cid, size_t len,
		       uint8_t route[WZP_QUIC_ROUTE_LEN])
{
	uint8_t m[BLOCK];

	if (len != WZP_QUIC_CID_LEN || mask(k, cid, m) != 0)
		return -1;
	for (size_t i = 0; i < WZP_QUIC_ROUTE_LEN; i++)
		route[i] = cid[NONCE_LEN + i] ^ m[i];
	return 0;
}
