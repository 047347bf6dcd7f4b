/* relay_seed.c: the relay's Ed25519 seed under --state-dir (relay_seed.h). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "relay_identity.h"
#include "relay_seed.h"

#define SEED_TEXT (WZP_SEED_HEX_LEN + 1) /* the digits and a newline */

/* 0 and *seed, 1 when the file does not exist, -1 when it is bad. */
static int read_seed(const char *path, uint8_t seed[WZP_SEED_SIZE])
{
	char text[SEED_TEXT + 1];
	int fd = open(path, O_RDONLY);
	ssize_t n;
	size_t len;
	int rv;

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	n = read(fd, text, sizeof text);
	close(fd);
	if (n < 0)
		return -1;
	len = (size_t)n;
	if (len == SEED_TEXT && text[len - 1] == '\n')
		len--;
	rv = wzp_seed_from_hex(seed, text, len) == WZP_OK ? 0 : -1;
	sodium_memzero(text, sizeof text);
	return rv;
}

static int write_seed(const char *path, const uint8_t seed[WZP_SEED_SIZE])
{
	char text[SEED_TEXT + 1];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ssize_t n;

	if (fd < 0)
		return -1;
	sodium_bin2hex(text, sizeof text, seed, WZP_SEED_SIZE);
	text[WZP_SEED_HEX_LEN] = '\n';
	n = write(fd, text, SEED_TEXT);
	sodium_memzero(text, sizeof text);
	if (close(fd) != 0 || n != SEED_TEXT) {
		unlink(path);
		return -1;
	}
	return 0;
}

int relay_seed_open(struct wzp_identity *id, int *created, const char *dir)
{
	char path[RELAY_PATH_MAX];
	uint8_t seed[WZP_SEED_SIZE];
	int rv = 1;

	if (sodium_init() < 0)
		return -1;
	if (dir != NULL) {
		snprintf(path, sizeof path, "%s/relay-seed", dir);
		rv = read_seed(path, seed);
	}
	*created = rv == 1;
	if (rv == 1) {
		randombytes_buf(seed, sizeof seed);
		rv = dir != NULL ? write_seed(path, seed) : 0;
	}
	if (rv == 0)
		wzp_identity_derive(id, seed);
	else
		fprintf(stderr, "wzp-relay: %s/relay-seed: unreadable, unwritable or not 64 hex "
				"digits\n", dir);
	sodium_memzero(seed, sizeof seed);
	return rv;
}
