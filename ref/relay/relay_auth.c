/* relay_auth.c: AuthToken validation with libcurl's multi interface on
 * the relay's libev loop (relay_auth.h). */
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "relay_auth.h"

#define POLL_S 0.005 /* how often a pending transfer is driven */

struct relay_auth_req {
	CURL *easy;
	struct curl_slist *headers;
	char *request;  /* the JSON body sent */
	char *body;     /* the answer, up to RELAY_AUTH_BODY_MAX bytes */
	size_t used;
	enum wzp_profile profile;
	relay_auth_done done;
	void *user;
	struct relay_auth_req *next;
};

struct relay_auth {
	struct ev_loop *loop;
	CURLM *multi;
	char *url;
	uint64_t timeout_ms;
	ev_timer poll;
	struct relay_auth_req *pending;
};

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	struct relay_auth_req *req = user;

	if (n != 0 && size * n > RELAY_AUTH_BODY_MAX - req->used)
		return 0; /* too large: libcurl ends the transfer with an error */
	memcpy(req->body + req->used, data, size * n);
	req->used += size * n;
	return size * n;
}

static void req_free(struct relay_auth *a, struct relay_auth_req *req)
{
	struct relay_auth_req **pp = &a->pending;

	while (*pp != req)
		pp = &(*pp)->next;
	*pp = req->next;
	curl_multi_remove_handle(a->multi, req->easy);
	curl_easy_cleanup(req->easy);
	curl_slist_free_all(req->headers);
	free(req->request);
	free(req->body);
	free(req);
	if (a->pending == NULL)
		ev_timer_stop(a->loop, &a->poll);
}

static void finish(struct relay_auth *a, struct relay_auth_req *req, CURLcode code)
{
	struct relay_auth_result result;
	long status = 0;
	enum relay_auth_verdict v;
	relay_auth_done done = req->done;
	void *user = req->user;

	if (code == CURLE_OK)
		curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &status);
	v = relay_auth_reply(status, req->body, req->used, req->profile, &result);
	req_free(a, req);
	done(user, v, v == RELAY_AUTH_OK ? &result : NULL);
}

static void on_poll(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct relay_auth *a = w->data;
	CURLMsg *msg;
	int running, left;

	(void)loop;
	(void)revents;
	curl_multi_perform(a->multi, &running);
	while ((msg = curl_multi_info_read(a->multi, &left)) != NULL) {
		char *req = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &req);
		finish(a, (struct relay_auth_req *)req, msg->data.result);
	}
}

struct relay_auth *relay_auth_new(struct ev_loop *loop, const char *url, uint64_t timeout_ms)
{
	struct relay_auth *a = calloc(1, sizeof *a);

	if (a == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (a->multi = curl_multi_init()) == NULL || (a->url = strdup(url)) == NULL) {
		if (a != NULL && a->multi != NULL)
			curl_multi_cleanup(a->multi);
		free(a);
		return NULL;
	}
	a->loop = loop;
	a->timeout_ms = timeout_ms;
	ev_timer_init(&a->poll, on_poll, POLL_S, POLL_S);
	a->poll.data = a;
	return a;
}

/* The easy handle of one request; 0, or -1. */
static int setup(struct relay_auth *a, struct relay_auth_req *req)
{
	CURL *e = req->easy;

	req->headers = curl_slist_append(NULL, "Content-Type: application/json");
	return req->headers == NULL ||
			       curl_easy_setopt(e, CURLOPT_URL, a->url) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)a->timeout_ms) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_HTTPHEADER, req->headers) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->request) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_WRITEDATA, req) != CURLE_OK ||
			       curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)req) != CURLE_OK ||
			       curl_multi_add_handle(a->multi, e) != CURLM_OK
		       ? -1
		       : 0;
}

struct relay_auth_req *relay_auth_start(struct relay_auth *a, const char *token,
					enum wzp_profile profile, relay_auth_done done, void *user)
{
	struct relay_auth_req *req = calloc(1, sizeof *req);
	json_t *body = json_pack("{s:s}", "token", token);

	if (req == NULL || body == NULL) {
		free(req);
		json_decref(body);
		return NULL;
	}
	*req = (struct relay_auth_req){ .profile = profile, .done = done,
					.user = user, .next = a->pending };
	req->request = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	req->body = malloc(RELAY_AUTH_BODY_MAX);
	req->easy = curl_easy_init();
	a->pending = req;
	if (req->request == NULL || req->body == NULL || req->easy == NULL || setup(a, req) != 0) {
		req_free(a, req);
		return NULL;
	}
	ev_timer_start(a->loop, &a->poll);
	return req;
}

void relay_auth_cancel(struct relay_auth *a, struct relay_auth_req *req)
{
	req_free(a, req);
}

void relay_auth_free(struct relay_auth *a)
{
	if (a == NULL)
		return;
	while (a->pending != NULL)
		req_free(a, a->pending);
	curl_multi_cleanup(a->multi);
	curl_global_cleanup();
	free(a->url);
	free(a);
}
