/* relay_pin.h: a client's pins of relays (spec/08-relay.md 8.3,
 * WZP-RELAY-034, decision 0063).
 *
 * A pin is the SHA-256 of the relay's certificate and the fingerprint of
 * its Ed25519 identity. A pin file holds one relay a line:
 *
 *   HOST:PORT CERT-SHA256 FINGERPRINT
 *
 * with the certificate digest as 64 lowercase hex digits and the
 * fingerprint in hex form (32 lowercase digits), separated by one space.
 * Blank lines and lines starting with '#' are skipped.
 *
 * Contract: pure. relay_pin_find() looks for the first line naming addr in
 * text (len bytes) and returns 1 with *pin filled, 0 when no line names
 * it, or -1 when that line is malformed (the caller refuses the relay: a
 * damaged pin must not turn into trust on first use). Lines for other
 * relays are not checked. relay_pin_line() writes the line for addr and
 * pin (with its newline and a NUL) and returns its length, or 0 when it
 * does not fit cap. relay_pin_hex() reads 2*n lowercase hex digits.
 */
#ifndef WZP_RELAY_PIN_H
#define WZP_RELAY_PIN_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/fingerprint.h"

#define RELAY_PIN_CERT_SIZE 32
#define RELAY_PIN_ADDR_MAX 300

struct relay_pin {
	uint8_t cert_sha256[RELAY_PIN_CERT_SIZE];
	uint8_t fingerprint[WZP_FINGERPRINT_SIZE];
};

int relay_pin_find(struct relay_pin *pin, const char *text, size_t len, const char *addr);
size_t relay_pin_line(char *out, size_t cap, const char *addr, const struct relay_pin *pin);
int relay_pin_hex(uint8_t *out, size_t n, const char *text, size_t len);

#endif
