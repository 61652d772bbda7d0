/*
 * t_implicit: implicit handshake. After SSL_set_connect_state / SSL_set_accept_state (no
 * SSL_connect / SSL_accept / SSL_do_handshake), the first SSL_write or SSL_read negotiates.
 * On non-blocking transports the first call must return -1 / SSL_ERROR_WANT_READ (the
 * handshake needs the peer); retried, it completes with the full length.
 */
#include "common.h"

/* Alternate "writer keeps calling SSL_write" and "reader keeps calling SSL_read". */
static void converge(ct_pair *p, SSL *w, SSL *r, const unsigned char *msg, int len,
                     int *wret, int *rret, unsigned char *out)
{
    int i, wdone = 0, rdone = 0;

    for (i = 0; i < 1000 && !(wdone && rdone); i++) {
        if (!wdone) {
            *wret = SSL_write(w, msg, len);
            if (*wret > 0)
                wdone = 1;
            else if (SSL_get_error(w, *wret) != SSL_ERROR_WANT_READ &&
                     SSL_get_error(w, *wret) != SSL_ERROR_WANT_WRITE)
                break;
        }
        ct_pump(p);
        if (!rdone) {
            *rret = SSL_read(r, out, 64);
            if (*rret > 0)
                rdone = 1;
            else if (SSL_get_error(r, *rret) != SSL_ERROR_WANT_READ &&
                     SSL_get_error(r, *rret) != SSL_ERROR_WANT_WRITE)
                break;
        }
        ct_pump(p);
    }
    if (i >= 1000)
        CT_FAIL("implicit handshake did not converge");
}

static void nb_case(int kind, int ver, int client_writes)
{
    ct_pair p;
    SSL *w, *r;
    unsigned char out[64], msg[5];
    int ret, wret = 0, rret = 0;

    ct_pair_new(&p, kind, ver, 17000);
    ct_fill(msg, sizeof(msg), 0);
    w = client_writes ? p.c : p.s;
    r = client_writes ? p.s : p.c;

    if (client_writes) {
        /* server reads first: nothing has arrived, nothing to send */
        ret = SSL_read(r, out, sizeof(out));
        FACT("reader.first.ret", "%d", ret);
        FACT("reader.first.err", "%d", SSL_get_error(r, ret));
        FACT("reader.first.nothing_sent", "%d", ct_inflight_to_client(&p) == 0);
        ret = SSL_write(w, msg, sizeof(msg));
        FACT("writer.first.ret", "%d", ret);
        FACT("writer.first.err", "%d", SSL_get_error(w, ret));
        FACT("writer.first.sent_something", "%d", ct_inflight_to_server(&p) > 0);
    } else {
        /* client reads first: sends its hello and waits */
        ret = SSL_read(r, out, sizeof(out));
        FACT("reader.first.ret", "%d", ret);
        FACT("reader.first.err", "%d", SSL_get_error(r, ret));
        FACT("reader.first.sent_something", "%d", ct_inflight_to_server(&p) > 0);
        ct_pump(&p);
        ret = SSL_write(w, msg, sizeof(msg));
        FACT("writer.first.ret", "%d", ret);
        FACT("writer.first.err", "%d", SSL_get_error(w, ret));
    }
    FACT("client.in_init", "%d", SSL_in_init(p.c));
    converge(&p, w, r, msg, sizeof(msg), &wret, &rret, out);
    FACT("writer.final.ret", "%d", wret);
    FACT("reader.final.ret", "%d", rret);
    FACT("reader.final.intact", "%d", rret == 5 && memcmp(out, msg, 5) == 0);
    FACT("client.is_init_finished", "%d", SSL_is_init_finished(p.c));
    FACT("server.is_init_finished", "%d", SSL_is_init_finished(p.s));
    FACT("version", "%s", SSL_get_version(p.c));
    ct_pair_free(&p);
}

typedef struct {
    SSL *ssl;
    int ret;
    unsigned char buf[64];
} rd_arg;

static void *read_thread(void *arg)
{
    rd_arg *a = arg;

    a->ret = SSL_read(a->ssl, a->buf, sizeof(a->buf));
    return NULL;
}

static void blocking_case(int ver, int client_writes)
{
    ct_pair p;
    pthread_t th;
    rd_arg a;
    unsigned char msg[5];
    int ret;

    ct_pair_new(&p, CT_SOCK_BLOCK, ver, 0);
    ct_fill(msg, sizeof(msg), 0);
    memset(&a, 0, sizeof(a));
    a.ssl = client_writes ? p.s : p.c;
    REQUIRE(pthread_create(&th, NULL, read_thread, &a) == 0);
    ret = SSL_write(client_writes ? p.c : p.s, msg, sizeof(msg));
    pthread_join(th, NULL);
    FACT("write.ret", "%d", ret);
    FACT("read.ret", "%d", a.ret);
    FACT("read.intact", "%d", a.ret == 5 && memcmp(a.buf, msg, 5) == 0);
    FACT("version", "%s", SSL_get_version(p.c));
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    static const int vers[] = { TLS1_2_VERSION, TLS1_3_VERSION };
    int v;

    ct_init(argc, argv);
    for (v = 0; v < 2; v++) {
        const char *vn = ct_vername(vers[v]);

        ct_prefix("%s.biopair.client_writes.", vn);
        nb_case(CT_BIOPAIR, vers[v], 1);
        ct_prefix("%s.biopair.server_writes.", vn);
        nb_case(CT_BIOPAIR, vers[v], 0);
        ct_prefix("%s.mem.client_writes.", vn);
        nb_case(CT_MEM, vers[v], 1);
        ct_prefix("%s.socknb.server_writes.", vn);
        nb_case(CT_SOCK_NB, vers[v], 0);
        ct_prefix("%s.sockblock.client_writes.", vn);
        blocking_case(vers[v], 1);
        ct_prefix("%s.sockblock.server_writes.", vn);
        blocking_case(vers[v], 0);
    }
    return 0;
}
