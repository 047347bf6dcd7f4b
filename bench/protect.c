/* bench/protect.c: what sealing and opening a media datagram costs, per
 * packet, as a ratio to libsodium's raw ChaCha20-Poly1305 IETF encrypt
 * then decrypt of the same bytes in the same run (the baseline: the AEAD
 * itself). The difference is framing, nonce building, the anti-replay
 * window and the key phase. Target: at most 1.10.
 *
 * Each measurement runs BATCH seal+open pairs, three times, keeping the
 * fastest; a checksum of the results keeps the work from being removed. */
#define _POSIX_C_SOURCE 200809L
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wzp/media_aead.h"

#define BATCH 200000
#define REPEATS 3

static uint64_t checksum;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double raw(size_t payload)
{
	uint8_t key[32], nonce[12] = { 0 }, hdr[12] = { 0 }, buf[512], out[512];
	unsigned long long clen, mlen;
	double best = 1e30;

	memset(key, 0x42, sizeof key);
	memset(buf, 0x55, sizeof buf);
	for (int rep = 0; rep < REPEATS; rep++) {
		double start = now_ns();

		for (uint32_t n = 0; n < BATCH; n++) {
			memcpy(nonce + 4, &n, 4);
			crypto_aead_chacha20poly1305_ietf_encrypt(out, &clen, buf, payload, hdr, 12,
								  NULL, nonce, key);
			if (crypto_aead_chacha20poly1305_ietf_decrypt(buf, &mlen, NULL, out, clen, hdr,
								      12, nonce, key) == 0)
				checksum += buf[0] + mlen;
		}
		if (now_ns() - start < best)
			best = now_ns() - start;
	}
	return best / BATCH;
}

static double wzp(size_t payload)
{
	uint8_t key[32], body[512], out[600], plain[600];
	struct wzp_media_sender tx;
	struct wzp_media_receiver rx;
	struct wzp_media_opened o;
	struct wzp_media_packet p = { 0 };
	double best = 1e30;
	size_t len;

	memset(key, 0x42, sizeof key);
	memset(body, 0x55, sizeof body);
	p.payload = body;
	p.payload_len = payload;
	for (int rep = 0; rep < REPEATS; rep++) {
		double start = now_ns();

		wzp_media_sender_init(&tx, key, WZP_DIR_CALLER);
		wzp_media_receiver_init(&rx, WZP_DIR_CALLER);
		wzp_media_receiver_install(&rx, key);
		for (uint32_t n = 0; n < BATCH; n++) {
			p.header.timestamp_ms = 20 * n;
			wzp_media_send(&tx, out, sizeof out, &len, &p);
			if (wzp_media_open(&rx, &o, plain, sizeof plain, out, len) == WZP_OK)
				checksum += o.packet.payload[0] + o.index;
		}
		if (now_ns() - start < best)
			best = now_ns() - start;
	}
	return best / BATCH;
}

int main(void)
{
	static const size_t sizes[] = { 60, 256 };

	if (sodium_init() < 0)
		return 1;
	printf("%-34s %10s %10s %7s\n", "seal+open per datagram", "raw ns", "wzp ns", "ratio");
	for (size_t i = 0; i < 2; i++) {
		double r = raw(sizes[i]), w = wzp(sizes[i]);

		printf("%-34s %10.1f %10.1f %7.3f%s\n",
		       sizes[i] == 60 ? "60-byte payload (Opus 24k)" : "256-byte payload (FEC symbol)",
		       r, w, w / r, w / r > 1.10 ? "  over the 1.10 target" : "");
	}
	printf("checksum %llu\n", (unsigned long long)checksum);
	return 0;
}
