/*
 * shared_ssl.c - several threads use ONE client SSL at the same time (OpenSSL forbids it:
 * its SSL has no lock, and this program would race on it). Our library serialises calls
 * on an SSL; this checks that such misuse stays memory-safe and loses nothing:
 *
 *   - WRITERS threads each SSL_write MSGS messages (MSG_LEN bytes, naming the thread and
 *     a sequence number) on the same client SSL over a blocking socketpair, so a writer
 *     that blocks in the socket holds the SSL while the others wait for it;
 *   - a getter thread calls read-only functions on that SSL meanwhile (SSL_pending,
 *     SSL_get_version, SSL_get_error, SSL_want, SSL_get_shutdown, SSL_is_init_finished);
 *   - the main thread reads the server SSL and checks that every message arrived whole
 *     (a write of one record is one call, so messages never interleave), and each
 *     thread's messages in order.
 *
 * usage: shared_ssl CERTDIR
 * Output: summary lines; exit status 0 only if every message arrived intact.
 */
#include "../common.h"

#include <pthread.h>

#define WRITERS 4
#define MSGS 3000
#define MSG_LEN 200

static SSL *g_client;
static int g_done; /* set by main, read by the getter: __atomic builtins */

static void *writer(void *arg)
{
    int id = (int)(intptr_t)arg;
    unsigned char msg[MSG_LEN];

    for (int seq = 0; seq < MSGS; seq++) {
        memset(msg, 'a' + id, sizeof msg);
        snprintf((char *)msg, sizeof msg, "T%d:%06d:", id, seq);
        int r = SSL_write(g_client, msg, sizeof msg);
        if (r != (int)sizeof msg) {
            printf("writer %d: SSL_write returned %d (error %d) at message %d\n", id, r,
                   SSL_get_error(g_client, r), seq);
            exit(1);
        }
    }
    return NULL;
}

static void *getter(void *arg)
{
    long calls = 0;

    (void)arg;
    while (!__atomic_load_n(&g_done, __ATOMIC_ACQUIRE)) {
        REQUIRE(SSL_pending(g_client) == 0);
        REQUIRE(strcmp(SSL_get_version(g_client), "TLSv1.3") == 0);
        REQUIRE(SSL_get_error(g_client, 1) == SSL_ERROR_NONE);
        (void)SSL_want(g_client);
        REQUIRE(SSL_get_shutdown(g_client) == 0);
        REQUIRE(SSL_is_init_finished(g_client) == 1);
        calls++;
    }
    return (void *)calls;
}

int main(int argc, char **argv)
{
    ct_pair p;
    pthread_t w[WRITERS], g;
    int next[WRITERS] = { 0 };
    unsigned char buf[MSG_LEN];
    long total = 0;

    ct_init(argc, argv);
    ct_pair_new(&p, CT_SOCK_BLOCK, TLS1_3_VERSION, 0);
    /* Small socket buffers: writers block in the socket while holding the SSL. */
    ct_shrink_sock(p.fd[0], 4096);
    ct_shrink_sock(p.fd[1], 4096);
    REQUIRE(ct_handshake_blocking(&p, NULL, NULL));
    g_client = p.c;

    REQUIRE(pthread_create(&g, NULL, getter, NULL) == 0);
    for (int i = 0; i < WRITERS; i++)
        REQUIRE(pthread_create(&w[i], NULL, writer, (void *)(intptr_t)i) == 0);

    while (total < (long)WRITERS * MSGS) {
        size_t got = 0;
        while (got < sizeof buf) {
            int r = SSL_read(p.s, buf + got, (int)(sizeof buf - got));
            if (r <= 0) {
                printf("server SSL_read returned %d (error %d) after %ld messages\n", r,
                       SSL_get_error(p.s, r), total);
                return 1;
            }
            got += (size_t)r;
        }
        int id, seq;
        if (sscanf((const char *)buf, "T%d:%06d:", &id, &seq) != 2 || id < 0 ||
            id >= WRITERS) {
            printf("message %ld: no header\n", total);
            return 1;
        }
        if (seq != next[id]) {
            printf("thread %d: message %d arrived where %d was due\n", id, seq, next[id]);
            return 1;
        }
        for (size_t k = strlen((const char *)buf) + 1; k < sizeof buf; k++) {
            if (buf[k] != 'a' + id) {
                printf("thread %d message %d: byte %zu is corrupt (messages interleaved)\n",
                       id, seq, k);
                return 1;
            }
        }
        next[id]++;
        total++;
    }
    for (int i = 0; i < WRITERS; i++)
        pthread_join(w[i], NULL);
    __atomic_store_n(&g_done, 1, __ATOMIC_RELEASE);
    void *calls;
    pthread_join(g, &calls);
    REQUIRE((long)calls > 0);

    printf("writers: %d threads x %d messages of %d bytes on one SSL\n", WRITERS, MSGS,
           MSG_LEN);
    printf("received: %ld messages, all whole, each thread's in order\n", total);
    printf("getter: read-only calls alongside, all answered\n");
    ct_pair_free(&p);
    fflush(stdout);
    return 0;
}
