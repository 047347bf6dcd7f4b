/* room.c: the media engine keyed by the room member's keys (room.h). */
#include <stdio.h>
#include <string.h>

#include "room.h"

static void send_signal(void *user, const char *text, size_t len)
{
	struct client_room *r = user;

	r->send(r->user, text, len);
}

/* The gain --volume gives the member (1 when none names it). */
static double gain_of(const struct client_opts *o, const char *hex)
{
	double g = 1;

	for (int i = 0; i < o->n_volumes; i++)
		if (strncmp(hex, o->volumes[i].prefix, strlen(o->volumes[i].prefix)) == 0)
			g = o->volumes[i].gain;
	return g;
}

static void joined(void *user, size_t slot, const char *hex)
{
	struct client_room *r = user;
	char path[4096];

	media_peer_add(r->media, slot, hex, gain_of(r->opts, hex));
	if (r->opts->dump_dir != NULL) {
		snprintf(path, sizeof path, "%s/post_decode_%.8s.wav", r->opts->dump_dir, hex);
		media_peer_dump(r->media, slot, path);
	}
}

static void left(void *user, size_t slot)
{
	struct client_room *r = user;

	media_peer_remove(r->media, slot);
}

static void own_key(void *user, const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t direction)
{
	struct client_room *r = user;

	media_set_key(r->media, key, direction);
}

static enum wzp_err peer_key(void *user, size_t slot, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			     uint8_t direction, bool expect_index, uint32_t next_index)
{
	struct client_room *r = user;

	return media_peer_key(r->media, slot, key, direction, expect_index, next_index);
}

static uint32_t next_index(void *user)
{
	struct client_room *r = user;

	return media_next_index(r->media);
}

void room_init(struct client_room *r, const struct client_opts *opts,
	       const struct wzp_identity *id, struct client_media *media, room_signal_fn send,
	       void *user)
{
	static const struct member_keys_events ev = { send_signal, joined,  left,	own_key,
						      peer_key,	   next_index, NULL };

	r->opts = opts;
	r->media = media;
	r->send = send;
	r->user = user;
	member_keys_init(&r->keys, id, opts->one_to_one, &ev, r);
}

void room_free(struct client_room *r)
{
	member_keys_free(&r->keys);
}
