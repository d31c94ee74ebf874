/* web_guard: a deadline for each request's headers (see web_guard.h). */
#include "web/web_guard.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct guard_conn {
    int fd;
    int busy;        /* headers in, answer not yet sent */
    int cut;         /* shut down already */
    long long since; /* ms when it began waiting for headers */
    struct guard_conn *prev, *next;
};

struct web_guard {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    int stopping;
    long long deadline_ms;
    struct guard_conn head; /* the list of connections, circular */
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *run(void *p)
{
    struct web_guard *g = p;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        long long now = now_ms();
        for (struct guard_conn *c = g->head.next; c != &g->head; c = c->next)
            if (!c->busy && !c->cut && now - c->since >= g->deadline_ms) {
                /* libmicrohttpd sees the end of the stream and closes it; the
                 * fd stays valid until its closed notice, which takes g->mu. */
                shutdown(c->fd, SHUT_RDWR);
                c->cut = 1;
            }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L; /* a quarter of a second */
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        int rc = pthread_cond_timedwait(&g->wake, &g->mu, &until);
        (void)rc;
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

int web_guard_start(struct web_guard **out, unsigned deadline_ms)
{
    *out = NULL;
    struct web_guard *g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->wake, NULL);
    g->deadline_ms = deadline_ms;
    g->head.next = g->head.prev = &g->head;
    if (pthread_create(&g->thread, NULL, run, g)) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->mu);
        free(g);
        return -1;
    }
    *out = g;
    return 0;
}

void web_guard_stop(struct web_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    while (g->head.next != &g->head) {
        struct guard_conn *c = g->head.next;
        g->head.next = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

void web_guard_opened(struct web_guard *g, int fd, void **ctx)
{
    struct guard_conn *c = calloc(1, sizeof *c);
    *ctx = c;
    if (!c)
        return;
    c->fd = fd;
    c->since = now_ms();
    pthread_mutex_lock(&g->mu);
    c->next = g->head.next;
    c->prev = &g->head;
    g->head.next->prev = c;
    g->head.next = c;
    pthread_mutex_unlock(&g->mu);
}

void web_guard_closed(struct web_guard *g, void **ctx)
{
    struct guard_conn *c = *ctx;
    *ctx = NULL;
    if (!c)
        return;
    pthread_mutex_lock(&g->mu);
    c->prev->next = c->next;
    c->next->prev = c->prev;
    pthread_mutex_unlock(&g->mu);
    free(c);
}

void web_guard_busy(struct web_guard *g, void *ctx, int busy)
{
    struct guard_conn *c = ctx;
    if (!c)
        return;
    pthread_mutex_lock(&g->mu);
    c->busy = busy;
    if (!busy)
        c->since = now_ms();
    pthread_mutex_unlock(&g->mu);
}
