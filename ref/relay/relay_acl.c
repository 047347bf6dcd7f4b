/* relay_acl.c: the room access list (relay_acl.h). */
#include <stdlib.h>
#include <string.h>

#include "relay_acl.h"

static const struct relay_acl_room *find(const struct relay_acl *acl, const char *room)
{
	for (size_t i = 0; i < acl->count; i++)
		if (strcmp(acl->rooms[i].room, room) == 0)
			return &acl->rooms[i];
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of [*p, end): its start and length; 0 when none is left. */
static size_t word(const char **p, const char *end, const char **start)
{
	const char *s = *p;
	size_t n = 0;

	while (s < end && is_space(*s))
		s++;
	while (s + n < end && !is_space(s[n]))
		n++;
	*start = s;
	*p = s + n;
	return n;
}

/* The fingerprints of [p, end) into r; 0, or -1 (r->fingerprints freed). */
static int fingerprints(struct relay_acl_room *r, const char *p, const char *end,
			size_t *budget)
{
	const char *w;
	size_t n;

	while ((n = word(&p, end, &w)) != 0) {
		uint8_t(*more)[WZP_FINGERPRINT_SIZE] =
			*budget == 0 ? NULL
				     : realloc(r->fingerprints, (r->count + 1) * sizeof *more);

		if (more == NULL ||
		    wzp_fingerprint_parse(more[r->count], w, n, WZP_PROFILE_V1) != WZP_OK) {
			free(more != NULL ? more : r->fingerprints);
			return -1;
		}
		r->fingerprints = more;
		r->count++;
		(*budget)--;
	}
	if (r->count != 0)
		return 0;
	free(r->fingerprints);
	return -1;
}

/* One room's line [p, end) appended to acl; 0, or -1. */
static int room_line(struct relay_acl *acl, const char *p, const char *end, size_t *budget)
{
	struct relay_acl_room r = { .count = 0 }, *more;
	char name[RELAY_ROOM_KEY_MAX];
	const char *w;
	size_t n = word(&p, end, &w);

	if (n == 0 || n >= RELAY_ROOM_KEY_MAX || *budget == 0 || memchr(w, '\0', n) != NULL)
		return -1;
	memcpy(name, w, n);
	name[n] = '\0';
	if (relay_sni_classify(name, r.room) != RELAY_SNI_ROOM || strcmp(r.room, name) != 0 ||
	    find(acl, r.room) != NULL)
		return -1;
	(*budget)--;
	if (fingerprints(&r, p, end, budget) != 0)
		return -1;
	if ((more = realloc(acl->rooms, (acl->count + 1) * sizeof *more)) == NULL) {
		free(r.fingerprints);
		return -1;
	}
	acl->rooms = more;
	acl->rooms[acl->count++] = r;
	return 0;
}

int relay_acl_parse(struct relay_acl *acl, const char *text, size_t len, unsigned *bad_line)
{
	const char *p = text, *end = text + len;
	size_t budget = RELAY_ACL_MAX;
	unsigned line = 1;

	*acl = (struct relay_acl){ 0 };
	for (; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *w, *q = p;
		const char *stop = nl != NULL ? nl : end;

		if (word(&q, stop, &w) != 0 && w[0] != '#' &&
		    room_line(acl, p, stop, &budget) != 0) {
			relay_acl_clear(acl);
			*bad_line = line;
			return -1;
		}
		p = stop + 1;
	}
	return 0;
}

bool relay_acl_allows(const struct relay_acl *acl, const char *room,
		      const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	const struct relay_acl_room *r = find(acl, room);

	if (r == NULL)
		return true;
	for (size_t i = 0; i < r->count; i++)
		if (memcmp(r->fingerprints[i], fp, WZP_FINGERPRINT_SIZE) == 0)
			return true;
	return false;
}

void relay_acl_clear(struct relay_acl *acl)
{
	for (size_t i = 0; i < acl->count; i++)
		free(acl->rooms[i].fingerprints);
	free(acl->rooms);
	*acl = (struct relay_acl){ 0 };
}
