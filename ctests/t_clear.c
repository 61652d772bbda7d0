/*
 * t_clear: SSL_clear, as servers that reuse one SSL per connection slot call it (and as
 * openssl s_server calls it before every connection). For TLS 1.2 and TLS 1.3, a client
 * and a server in memory:
 *   - a connection moves data and shuts down cleanly; both SSLs are cleared: the return
 *     value, the state after it (before, not finished, no shutdown flags, the same
 *     role, SSL_want), and a second handshake on the same SSLs and BIOs: its version,
 *     whether it resumed the session the client kept (SSL_clear keeps it), and data;
 *   - the same after a connection that ended without close_notify: the session is
 *     "bad" (OpenSSL removes it from the server's cache), so the next handshake on the
 *     cleared SSLs does not resume;
 *   - SSL_clear on a fresh SSL (nothing to reset) and before any role is set.
 */
#include "common.h"

static void reset_bios(ct_pair *p)
{
    /* a reused SSL gets a fresh transport: empty the memory BIOs between connections */
    REQUIRE(BIO_reset(p->c_in) == 1 && BIO_reset(p->c_out) == 1);
    REQUIRE(BIO_reset(p->s_in) == 1 && BIO_reset(p->s_out) == 1);
}

static void exchange(const char *name, ct_pair *p)
{
    unsigned char buf[64];
    int w = SSL_write(p->c, "ping", 4), r;

    ct_pump(p);
    r = SSL_read(p->s, buf, sizeof(buf));
    FACT(name, "write=%d read=%d same=%d", w, r, r == 4 && memcmp(buf, "ping", 4) == 0);
}

static void state(const char *name, SSL *s)
{
    FACT(name, "in_before=%d init_finished=%d shutdown=%d server=%d want=%d", SSL_in_before(s),
         SSL_is_init_finished(s), SSL_get_shutdown(s), SSL_is_server(s), SSL_want(s));
}

static void clean_shutdown(ct_pair *p)
{
    unsigned char b[8];
    int r;

    FACT("shutdown.client", "%d", SSL_shutdown(p->c));
    ct_pump(p);
    r = SSL_read(p->s, b, sizeof(b));
    FACT("shutdown.server_read", "%d err=%d", r, SSL_get_error(p->s, r));
    FACT("shutdown.server", "%d", SSL_shutdown(p->s));
    ct_pump(p);
    FACT("shutdown.client_again", "%d", SSL_shutdown(p->c));
}

static void run(int ver)
{
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    ct_pair p;

    ct_prefix("%s.", ct_vername(ver));
    /* the server's own cache holds its sessions (TLS 1.2 ids; TLS 1.3 stateful tickets) */
    SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    ct_handshake(&p);
    exchange("first.data", &p);
    clean_shutdown(&p);

    FACT("clear.client", "%d", SSL_clear(p.c));
    FACT("clear.server", "%d", SSL_clear(p.s));
    state("cleared.client", p.c);
    state("cleared.server", p.s);
    FACT("cleared.client_session", "%s", SSL_get_session(p.c) != NULL ? "kept" : "NULL");
    reset_bios(&p);
    ct_handshake(&p);
    FACT("second.version", "%s", SSL_get_version(p.c));
    FACT("second.reused", "client=%d server=%d", SSL_session_reused(p.c),
         SSL_session_reused(p.s));
    exchange("second.data", &p);

    /* a connection that ends without close_notify: its session may not be resumed */
    FACT("unclean.clear.client", "%d", SSL_clear(p.c));
    FACT("unclean.clear.server", "%d", SSL_clear(p.s));
    state("unclean.cleared.server", p.s);
    reset_bios(&p);
    ct_handshake(&p);
    FACT("third.reused", "client=%d server=%d", SSL_session_reused(p.c),
         SSL_session_reused(p.s));
    exchange("third.data", &p);
    ct_pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    SSL_CTX *ctx;
    SSL *s;

    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);

    ct_prefix("fresh.");
    ctx = ct_client_ctx(0);
    s = SSL_new(ctx);
    FACT("clear_no_role", "%d", SSL_clear(s));
    state("after", s);
    SSL_set_connect_state(s);
    FACT("clear_client", "%d", SSL_clear(s));
    state("client_after", s);
    ct_err("err");
    SSL_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
