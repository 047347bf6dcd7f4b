/* relay_pin.c: pin file lines (relay_pin.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "relay_pin.h"

int relay_pin_hex(uint8_t *out, size_t n, const char *text, size_t len)
{
	size_t got = 0;

	if (len != 2 * n)
		return -1;
	for (size_t i = 0; i < len; i++) /* lowercase only: sodium also takes A-F */
		if (text[i] == '\0' || strchr("0123456789abcdef", text[i]) == NULL)
			return -1;
	return sodium_hex2bin(out, n, text, len, NULL, &got, NULL) == 0 && got == n ? 0 : -1;
}

/* The pin of one line's rest ("CERT FP", len bytes); 0, or -1. */
static int pin_of(struct relay_pin *pin, const char *rest, size_t len)
{
	struct relay_pin p;
	const char *sp = memchr(rest, ' ', len);

	if (sp == NULL ||
	    relay_pin_hex(p.cert_sha256, RELAY_PIN_CERT_SIZE, rest, (size_t)(sp - rest)) != 0 ||
	    relay_pin_hex(p.fingerprint, WZP_FINGERPRINT_SIZE, sp + 1,
			  len - (size_t)(sp - rest) - 1) != 0)
		return -1;
	*pin = p;
	return 0;
}

int relay_pin_find(struct relay_pin *pin, const char *text, size_t len, const char *addr)
{
	size_t alen = strlen(addr);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);

		if (n > alen && memcmp(p, addr, alen) == 0 && p[alen] == ' ')
			return pin_of(pin, p + alen + 1, n - alen - 1) == 0 ? 1 : -1;
		p += n + 1;
	}
	return 0;
}

size_t relay_pin_line(char *out, size_t cap, const char *addr, const struct relay_pin *pin)
{
	size_t used;
	int n = snprintf(out, cap, "%s ", addr);

	if (n < 0 || (size_t)n >= cap || cap - (size_t)n < 2 * RELAY_PIN_CERT_SIZE + 1 +
							     2 * WZP_FINGERPRINT_SIZE + 2)
		return 0;
	used = (size_t)n;
	for (size_t i = 0; i < RELAY_PIN_CERT_SIZE; i++)
		used += (size_t)sprintf(out + used, "%02x", pin->cert_sha256[i]);
	out[used++] = ' ';
	for (size_t i = 0; i < WZP_FINGERPRINT_SIZE; i++)
		used += (size_t)sprintf(out + used, "%02x", pin->fingerprint[i]);
	out[used++] = '\n';
	out[used] = '\0';
	return used;
}
