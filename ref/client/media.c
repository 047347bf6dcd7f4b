/* media.c: the client's send pipeline, one receive pipeline per member,
 * and the mix (media.h). */
#include <stdlib.h>
#include <string.h>

#include "media.h"
#include "wzp/quality.h"

/* The jitter buffer of every member's pipeline: 40..300 ms, 64 frames. */
static const struct wzp_jb_config JB = { 40, 300, 64 };

uint8_t media_tier_codec(int tier)
{
	return (uint8_t)wzp_tier_profile((enum wzp_tier)tier)->codec;
}

void media_init(struct client_media *m, int tier, bool denoise, bool suppress,
		media_send_fn send, void *user)
{
	memset(m, 0, sizeof *m);
	m->send = send;
	m->user = user;
	m->tier = tier;
	m->sender = (struct wzp_sender_config){ media_tier_codec(tier), denoise,
						suppress, WZP_PROFILE_V1 };
}

void media_free(struct client_media *m)
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		media_peer_remove(m, i);
	audio_wav_close(&m->post_dump);
	if (m->tx != NULL) {
		wzp_call_tx_free(m->tx);
		free(m->tx);
		m->tx = NULL;
	}
}

static void send_out(struct client_media *m, size_t count)
{
	for (size_t i = 0; i < count; i++)
		m->send(m->user, &m->out[i]);
}

enum wzp_err media_set_key(struct client_media *m, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			   uint8_t direction)
{
	struct wzp_call_tx_config cfg = { m->sender, key, direction, 0 };
	enum wzp_err e;

	if (m->tx != NULL) {
		wzp_media_sender_rekey(&m->tx->prot, key);
		return WZP_OK;
	}
	if ((m->tx = calloc(1, sizeof *m->tx)) == NULL)
		return WZP_ERR_NO_MEMORY;
	e = wzp_call_tx_init(m->tx, &cfg);
	if (e != WZP_OK) {
		free(m->tx);
		m->tx = NULL;
	}
	return e;
}

uint32_t media_next_index(const struct client_media *m)
{
	return m->tx != NULL ? m->tx->prot.next_index : 0;
}

/* WZP-CLIENT-007 */
enum wzp_err media_set_tier(struct client_media *m, int tier)
{
	uint8_t codec = media_tier_codec(tier);
	size_t count = 0;
	enum wzp_err e = WZP_OK;

	if (tier == m->tier)
		return WZP_OK;
	if (m->tx != NULL)
		e = wzp_call_tx_set_codec(m->tx, codec, m->out, &count);
	if (e != WZP_OK)
		return e;
	send_out(m, count);
	m->tier = tier;
	m->sender.codec = codec;
	m->tx_len = 0;
	m->tier_switches++;
	return WZP_OK;
}

enum wzp_err media_send_tick(struct client_media *m, const int16_t pcm[AUDIO_TICK])
{
	size_t fs = wzp_codec_frame_samples(m->sender.codec), count, done = 0;
	enum wzp_err e = WZP_OK;

	memcpy(m->tx_pcm + m->tx_len, pcm, AUDIO_TICK * sizeof *pcm);
	m->tx_len += AUDIO_TICK;
	while (m->tx_len - done >= fs) {
		int16_t *frame = m->tx_pcm + done;

		if (m->tx != NULL &&
		    (e = wzp_call_tx_frame(m->tx, frame, fs, m->out, &count)) == WZP_OK)
			send_out(m, count);
		audio_wav_write(&m->post_dump, frame, fs);
		done += fs;
	}
	memmove(m->tx_pcm, m->tx_pcm + done, (m->tx_len - done) * sizeof *m->tx_pcm);
	m->tx_len -= done;
	return e;
}

void media_flush(struct client_media *m)
{
	size_t count = 0;

	if (m->tx != NULL && wzp_call_tx_flush(m->tx, m->out, &count) == WZP_OK)
		send_out(m, count);
}

void media_peer_add(struct client_media *m, size_t slot, const char *hex, double gain)
{
	struct media_peer *p = &m->peers[slot];

	media_peer_remove(m, slot);
	p->used = true;
	p->gain = gain;
	memcpy(p->hex, hex, sizeof p->hex);
}

static void add_stats(struct wzp_call_rx_stats *t, struct wzp_call_rx_stats s)
{
	t->packets += s.packets;
	t->bytes += s.bytes;
	t->auth_failures += s.auth_failures;
	t->replayed += s.replayed;
	t->malformed += s.malformed;
	t->frames_received += s.frames_received;
	t->frames_recovered += s.frames_recovered;
	t->played += s.played;
	t->lost += s.lost;
	t->concealed += s.concealed;
	t->late += s.late;
	t->recovered_played += s.recovered_played;
	t->underruns += s.underruns;
}

void media_peer_remove(struct client_media *m, size_t slot)
{
	struct media_peer *p = &m->peers[slot];

	if (p->rx != NULL) {
		add_stats(&m->gone, wzp_call_rx_stats(p->rx));
		wzp_call_rx_free(p->rx);
		free(p->rx);
	}
	audio_wav_close(&p->dump);
	memset(p, 0, sizeof *p);
}

enum wzp_err media_peer_key(struct client_media *m, size_t slot,
			    const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t sender_direction,
			    bool expect_index, uint32_t next_index)
{
	struct media_peer *p = &m->peers[slot];
	enum wzp_err e;

	if (!p->used)
		return WZP_ERR_BAD_PARAM;
	if (p->rx != NULL) {
		wzp_media_receiver_install(&p->rx->prot, key);
	} else {
		if ((p->rx = calloc(1, sizeof *p->rx)) == NULL)
			return WZP_ERR_NO_MEMORY;
		e = wzp_call_rx_init(p->rx, &JB, WZP_PROFILE_V1, (uint32_t)slot + 1, key,
				     sender_direction);
		if (e != WZP_OK) {
			free(p->rx);
			p->rx = NULL;
			return e;
		}
	}
	if (expect_index)
		wzp_media_receiver_expect(&p->rx->prot, next_index);
	return WZP_OK;
}

bool media_peer_dump(struct client_media *m, size_t slot, const char *path)
{
	return audio_wav_open(&m->peers[slot].dump, path);
}

static void note_span(struct media_span *s, const struct wzp_jitter_buffer *jb)
{
	int32_t media;
	int64_t offset;

	if (!jb->have_prev)
		return;
	if (!s->any)
		*s = (struct media_span){ true, jb->prev_ts, jb->prev_arrival, 0, 0, 0, 0 };
	media = (int32_t)(jb->prev_ts - s->first_ts); /* serial: a late frame is negative */
	if (media < 0)
		return;
	offset = (int64_t)(uint32_t)(jb->prev_arrival - s->first_arrival) - media;
	s->span_ms = (uint32_t)media > s->span_ms ? (uint32_t)media : s->span_ms;
	if (media < 1000 && offset < s->first_min)
		s->first_min = offset;
	if ((uint32_t)media / 1000 > s->second) {
		s->second = (uint32_t)media / 1000;
		s->second_min = offset;
	} else if ((uint32_t)media / 1000 == s->second && offset < s->second_min) {
		s->second_min = offset;
	}
}

/* Errors that say the datagram was not this member's: try the next one
 * (WZP-CLIENT-004, D-0081). */
static bool not_theirs(enum wzp_err e)
{
	return e == WZP_ERR_AUTH_FAILED || e == WZP_ERR_REPLAY || e == WZP_ERR_NO_REFERENCE;
}

/* WZP-CLIENT-011: only what a member's key opens is played. */
void media_receive(struct client_media *m, const uint8_t *dgram, size_t len, uint32_t now_ms)
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		struct media_peer *p = &m->peers[i];
		enum wzp_err e;

		if (p->rx == NULL)
			continue;
		e = wzp_call_rx_push(p->rx, dgram, len, now_ms);
		if (e == WZP_OK)
			note_span(&p->span, &p->rx->media.jb);
		if (!not_theirs(e))
			return;
	}
	m->undecryptable++;
}

/* Pulls the member's pipeline until its FIFO holds a tick. */
static void fill(struct media_peer *p)
{
	int16_t pcm[WZP_MAX_FRAME_SAMPLES];
	size_t n;

	while (p->fifo_len < AUDIO_TICK) {
		if (wzp_call_rx_pull(p->rx, pcm, &n) != WZP_OK || n == 0 ||
		    p->fifo_len + n > MEDIA_FIFO) {
			p->buffering_ticks++;
			return;
		}
		audio_wav_write(&p->dump, pcm, n);
		memcpy(p->fifo + p->fifo_len, pcm, n * sizeof *pcm);
		p->fifo_len += n;
	}
}

static int16_t saturate(double v)
{
	return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/* WZP-CLIENT-013: each member scaled by its gain, summed, saturated. */
void media_play_tick(struct client_media *m, int16_t out[AUDIO_TICK])
{
	double mix[AUDIO_TICK] = { 0 };

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		struct media_peer *p = &m->peers[i];
		size_t take;

		if (p->rx == NULL)
			continue;
		fill(p);
		take = p->fifo_len < AUDIO_TICK ? p->fifo_len : AUDIO_TICK;
		for (size_t k = 0; k < take; k++)
			mix[k] += p->gain * p->fifo[k];
		memmove(p->fifo, p->fifo + take, (p->fifo_len - take) * sizeof *p->fifo);
		p->fifo_len -= take;
	}
	for (size_t k = 0; k < AUDIO_TICK; k++)
		out[k] = saturate(mix[k]);
}

struct wzp_call_rx_stats media_rx_totals(const struct client_media *m)
{
	struct wzp_call_rx_stats t = m->gone;

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		if (m->peers[i].rx != NULL)
			add_stats(&t, wzp_call_rx_stats(m->peers[i].rx));
	return t;
}

uint32_t media_buffer_ms(const struct client_media *m)
{
	uint32_t best = 0;

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		uint32_t d;

		if (m->peers[i].rx == NULL)
			continue;
		d = wzp_jb_stats(&m->peers[i].rx->media.jb).depth_ms;
		best = d > best ? d : best;
	}
	return best;
}
