/*
 * t_shutdown: SSL_shutdown and what surrounds it.
 *   - first SSL_shutdown 0 (close_notify sent), a second one before the peer's close_notify
 *     -1 / WANT_READ (non-blocking), 1 once it arrived; SSL_get_shutdown on both sides;
 *   - the receiver's SSL_read: 0 / SSL_ERROR_ZERO_RETURN, again on repeat; it can still
 *     write, and the side that sent close_notify can still read that data;
 *   - writes after our own shutdown: -1 / 0, SSL_ERROR_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN;
 *   - blocking variant; SSL_set_shutdown, SSL_set_quiet_shutdown, SSL_CTX_set_quiet_shutdown;
 *   - SSL_shutdown while the handshake is in progress.
 */
#include "common.h"

static void rw_fact(const char *name, SSL *ssl, int r)
{
    char n[128];

    snprintf(n, sizeof(n), "%s.ret", name);
    FACT(n, "%d", r);
    snprintf(n, sizeof(n), "%s.err", name);
    FACT(n, "%d", SSL_get_error(ssl, r));
    snprintf(n, sizeof(n), "%s.errqueue", name);
    ct_err(n);
    ERR_clear_error();
}

/* a = side that shuts down first, b = the other. */
static void sequence(int kind, int ver, int server_first)
{
    ct_pair p;
    SSL *a, *b;
    ct_reader to_a;
    unsigned char buf[200];
    size_t n;
    int r;

    ct_prefix("%s.%s.%s_first.", ct_vername(ver), kind == CT_MEM ? "mem" : "biopair",
              server_first ? "server" : "client");
    ct_pair_connected(&p, kind, ver, 17000);
    a = server_first ? p.s : p.c;
    b = server_first ? p.c : p.s;
    ERR_clear_error();

    FACT("a.get_shutdown.initial", "%d", SSL_get_shutdown(a));
    FACT("b.get_shutdown.initial", "%d", SSL_get_shutdown(b));
    r = SSL_shutdown(a);
    rw_fact("a.shutdown1", a, r);
    FACT("a.get_shutdown.after_shutdown1", "%d", SSL_get_shutdown(a));
    FACT("a.close_notify_sent", "%d", (server_first ? ct_inflight_to_client(&p)
                                                    : ct_inflight_to_server(&p)) > 0);
    FACT("b.get_shutdown.before_reading", "%d", SSL_get_shutdown(b));
    r = SSL_shutdown(a);
    rw_fact("a.shutdown2_before_peer", a, r);
    r = SSL_read(a, buf, sizeof(buf));
    rw_fact("a.read_before_peer", a, r);

    ct_pump(&p);
    r = SSL_read(b, buf, sizeof(buf));
    rw_fact("b.read1", b, r);
    FACT("b.get_shutdown.after_read", "%d", SSL_get_shutdown(b));
    r = SSL_read(b, buf, sizeof(buf));
    rw_fact("b.read2", b, r);
    n = 99;
    r = SSL_read_ex(b, buf, sizeof(buf), &n);
    rw_fact("b.read_ex", b, r);
    r = SSL_peek(b, buf, sizeof(buf));
    rw_fact("b.peek", b, r);

    /* b may still write; a (which sent close_notify) can still read it */
    ct_fill(buf, 100, 0);
    r = SSL_write(b, buf, 100);
    rw_fact("b.write_after_peer_close", b, r);
    n = 0;
    r = SSL_write_ex(b, buf + 100, 0, &n);
    FACT("b.write_ex_0_after_peer_close.ret", "%d", r);
    ct_reader_init(&to_a, a);
    ct_drain(&p, &to_a);
    FACT("a.received_after_own_close", "%llu", (unsigned long long)to_a.got);
    FACT("a.received_intact", "%d", ct_reader_intact(&to_a, 100));

    /* a may not write any more */
    r = SSL_write(a, buf, 10);
    rw_fact("a.write_after_own_shutdown", a, r);
    n = 77;
    r = SSL_write_ex(a, buf, 10, &n);
    rw_fact("a.write_ex_after_own_shutdown", a, r);
    FACT("a.nothing_more_sent", "%d", (server_first ? ct_inflight_to_client(&p)
                                                    : ct_inflight_to_server(&p)) == 0);

    /* b answers; both are fully shut down */
    r = SSL_shutdown(b);
    rw_fact("b.shutdown", b, r);
    FACT("b.get_shutdown.after_shutdown", "%d", SSL_get_shutdown(b));
    ct_pump(&p);
    r = SSL_shutdown(a);
    rw_fact("a.shutdown3", a, r);
    FACT("a.get_shutdown.final", "%d", SSL_get_shutdown(a));
    r = SSL_shutdown(a);
    rw_fact("a.shutdown4", a, r);
    r = SSL_shutdown(b);
    rw_fact("b.shutdown_again", b, r);
    r = SSL_read(a, buf, sizeof(buf));
    rw_fact("a.read_after_both", a, r);
    r = SSL_write(b, buf, 10);
    rw_fact("b.write_after_both", b, r);
    ct_pair_free(&p);
}

typedef struct {
    SSL *ssl;
    int read_ret, read_err, shut_ret, get_shutdown_mid, get_shutdown_end;
} peer_arg;

static void *peer_thread(void *arg)
{
    peer_arg *a = arg;
    unsigned char buf[64];

    a->read_ret = SSL_read(a->ssl, buf, sizeof(buf));
    a->read_err = SSL_get_error(a->ssl, a->read_ret);
    a->get_shutdown_mid = SSL_get_shutdown(a->ssl);
    a->shut_ret = SSL_shutdown(a->ssl);
    a->get_shutdown_end = SSL_get_shutdown(a->ssl);
    return NULL;
}

static void blocking(int ver)
{
    ct_pair p;
    pthread_t th;
    peer_arg a;
    int r;

    ct_prefix("%s.sockblock.", ct_vername(ver));
    ct_pair_connected(&p, CT_SOCK_BLOCK, ver, 0);
    memset(&a, 0, sizeof(a));
    a.ssl = p.s;
    REQUIRE(pthread_create(&th, NULL, peer_thread, &a) == 0);
    r = SSL_shutdown(p.c);
    FACT("client.shutdown1", "%d", r);
    /* blocks until the server's close_notify arrives */
    r = SSL_shutdown(p.c);
    pthread_join(th, NULL);
    FACT("client.shutdown2", "%d", r);
    FACT("client.get_shutdown", "%d", SSL_get_shutdown(p.c));
    FACT("server.read.ret", "%d", a.read_ret);
    FACT("server.read.err", "%d", a.read_err);
    FACT("server.get_shutdown.after_read", "%d", a.get_shutdown_mid);
    FACT("server.shutdown", "%d", a.shut_ret);
    FACT("server.get_shutdown.final", "%d", a.get_shutdown_end);
    ct_pair_free(&p);
}

static void set_shutdown_and_quiet(int ver)
{
    ct_pair p;
    unsigned char buf[16];
    int r;

    ct_prefix("%s.set_shutdown.", ct_vername(ver));
    ct_pair_connected(&p, CT_BIOPAIR, ver, 17000);
    SSL_set_shutdown(p.c, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    FACT("get_shutdown", "%d", SSL_get_shutdown(p.c));
    r = SSL_shutdown(p.c);
    rw_fact("shutdown", p.c, r);
    FACT("nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    r = SSL_read(p.s, buf, sizeof(buf));
    rw_fact("peer.read", p.s, r);
    r = SSL_write(p.c, buf, 5);
    rw_fact("write_after_set_shutdown", p.c, r);
    ct_pair_free(&p);

    ct_prefix("%s.set_shutdown_sent_only.", ct_vername(ver));
    ct_pair_connected(&p, CT_BIOPAIR, ver, 17000);
    SSL_set_shutdown(p.c, SSL_SENT_SHUTDOWN);
    FACT("get_shutdown", "%d", SSL_get_shutdown(p.c));
    r = SSL_write(p.c, buf, 5);
    rw_fact("write", p.c, r);
    r = SSL_shutdown(p.c);
    rw_fact("shutdown", p.c, r);
    FACT("nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    ct_pair_free(&p);

    ct_prefix("%s.quiet.", ct_vername(ver));
    ct_pair_connected(&p, CT_BIOPAIR, ver, 17000);
    FACT("get_quiet_shutdown.default", "%d", SSL_get_quiet_shutdown(p.c));
    SSL_set_quiet_shutdown(p.c, 1);
    FACT("get_quiet_shutdown", "%d", SSL_get_quiet_shutdown(p.c));
    r = SSL_shutdown(p.c);
    rw_fact("shutdown", p.c, r);
    FACT("get_shutdown", "%d", SSL_get_shutdown(p.c));
    FACT("nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    r = SSL_read(p.s, buf, sizeof(buf));
    rw_fact("peer.read", p.s, r);
    ct_pair_free(&p);
}

static void ctx_quiet(void)
{
    ct_pair p;
    SSL_CTX *cc, *sc;
    SSL *x;
    int r;

    ct_prefix("ctx_quiet.");
    cc = ct_client_ctx(0);
    sc = ct_server_ctx(0);
    FACT("ctx_get_quiet_shutdown.default", "%d", SSL_CTX_get_quiet_shutdown(cc));
    SSL_CTX_set_quiet_shutdown(cc, 1);
    FACT("ctx_get_quiet_shutdown", "%d", SSL_CTX_get_quiet_shutdown(cc));
    x = SSL_new(cc);
    REQUIRE(x != NULL);
    FACT("ssl_inherits", "%d", SSL_get_quiet_shutdown(x));
    SSL_free(x);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    p.own_ctx = 1;
    ct_handshake(&p);
    r = SSL_shutdown(p.c);
    FACT("shutdown.ret", "%d", r);
    FACT("nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    ct_pair_free(&p);
}

static void in_init(int ver)
{
    ct_pair p;
    int r;

    ct_prefix("%s.in_init.", ct_vername(ver));
    ct_pair_new(&p, CT_BIOPAIR, ver, 17000);
    ERR_clear_error();
    r = SSL_shutdown(p.c);
    rw_fact("before_any_handshake_call.shutdown", p.c, r);
    r = SSL_do_handshake(p.c);
    FACT("do_handshake.ret", "%d", r);
    r = SSL_shutdown(p.c);
    rw_fact("mid_handshake.shutdown", p.c, r);
    /* the handshake can still complete afterwards */
    FACT("handshake_completes", "%d", ct_handshake_nb(&p, NULL, NULL));
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    static const int vers[] = { TLS1_2_VERSION, TLS1_3_VERSION };
    int v;

    ct_init(argc, argv);
    for (v = 0; v < 2; v++) {
        sequence(CT_BIOPAIR, vers[v], 0);
        sequence(CT_BIOPAIR, vers[v], 1);
        sequence(CT_MEM, vers[v], 0);
        blocking(vers[v]);
        set_shutdown_and_quiet(vers[v]);
        in_init(vers[v]);
    }
    ctx_quiet();
    return 0;
}
