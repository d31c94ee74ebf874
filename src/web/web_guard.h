#ifndef DAFU_WEB_GUARD_H
#define DAFU_WEB_GUARD_H
/*
 * web_guard: a deadline for each request's line and headers.
 *
 * libmicrohttpd's own timeout counts idle time, which every byte resets: a
 * client that sends a header byte a second holds its connection for ever, and a
 * few hundred such clients held every slot. The guard knows each connection
 * (from libmicrohttpd's connection notices) and when it began waiting for a
 * request (its opening, or the end of its previous request); a thread shuts
 * down the socket of any connection that has not delivered its headers within
 * the deadline, and libmicrohttpd then closes it. An idle keep-alive connection
 * waits for its next request, so it too ends at the deadline.
 */
struct web_guard;

/* Starts the guard's thread. Returns 0, or -1 when memory or a thread fails. */
int web_guard_start(struct web_guard **out, unsigned deadline_ms);
/* Stops the thread and frees g (after the server stopped). Accepts NULL. */
void web_guard_stop(struct web_guard *g);

/* From libmicrohttpd's connection notice: a connection on socket fd opened
 * (*ctx becomes its entry; NULL when memory fails, then it is not guarded) or
 * closed (*ctx freed). */
void web_guard_opened(struct web_guard *g, int fd, void **ctx);
void web_guard_closed(struct web_guard *g, void **ctx);
/* The connection's headers arrived (busy 1: a request is being answered), or
 * its request completed (busy 0: the deadline starts again). */
void web_guard_busy(struct web_guard *g, void *ctx, int busy);

#endif
