/*
 * t_nostate: an SSL with neither connect nor accept state set.
 * SSL_write / SSL_write_ex / SSL_read / SSL_read_ex / SSL_peek / SSL_do_handshake /
 * SSL_shutdown fail (-1 or 0, SSL_ERROR_SSL, reason printed) and send nothing; once a state
 * is set the same SSL works. SSL_connect / SSL_accept set the state themselves.
 */
#include "common.h"

static void try_all(SSL *ssl, ct_pair *p, const char *who)
{
    unsigned char buf[16] = "hello";
    char name[96];
    size_t n = 5;
    int r;

#define REPORT(fn) do { \
        snprintf(name, sizeof(name), "%s.%s.ret", who, fn); FACT(name, "%d", r); \
        snprintf(name, sizeof(name), "%s.%s.err", who, fn); FACT(name, "%d", SSL_get_error(ssl, r)); \
        snprintf(name, sizeof(name), "%s.%s.errqueue", who, fn); ct_err(name); \
        ERR_clear_error(); \
    } while (0)

    ERR_clear_error();
    r = SSL_write(ssl, buf, 5);
    REPORT("write");
    n = 777;
    r = SSL_write_ex(ssl, buf, 5, &n);
    REPORT("write_ex");
    r = SSL_read(ssl, buf, sizeof(buf));
    REPORT("read");
    r = SSL_read_ex(ssl, buf, sizeof(buf), &n);
    REPORT("read_ex");
    r = SSL_peek(ssl, buf, sizeof(buf));
    REPORT("peek");
    r = SSL_do_handshake(ssl);
    REPORT("do_handshake");
    r = SSL_shutdown(ssl);
    REPORT("shutdown");
#undef REPORT
    snprintf(name, sizeof(name), "%s.nothing_sent", who);
    FACT(name, "%d", ct_inflight_to_server(p) == 0 && ct_inflight_to_client(p) == 0);
    snprintf(name, sizeof(name), "%s.in_init", who);
    FACT(name, "%d", SSL_in_init(ssl));
    snprintf(name, sizeof(name), "%s.in_before", who);
    FACT(name, "%d", SSL_in_before(ssl));
    snprintf(name, sizeof(name), "%s.is_init_finished", who);
    FACT(name, "%d", SSL_is_init_finished(ssl));
    snprintf(name, sizeof(name), "%s.get_shutdown", who);
    FACT(name, "%d", SSL_get_shutdown(ssl));
}

static void run(int ver, int kind, int use_connect_accept)
{
    ct_pair p;
    ct_reader rd;
    SSL_CTX *cctx = ct_client_ctx(ver), *sctx = ct_server_ctx(ver);
    unsigned char buf[100];
    int r, i;

    memset(&p, 0, sizeof(p));
    p.cctx = cctx;
    p.sctx = sctx;
    p.own_ctx = 1;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    REQUIRE(p.c && p.s);
    ct_pair_attach(&p, kind, 17000);

    try_all(p.c, &p, "client");
    try_all(p.s, &p, "server");

    if (use_connect_accept) {
        /* SSL_connect / SSL_accept set the state by themselves */
        int cr = -1, sr = -1, cdone = 0, sdone = 0;

        for (i = 0; i < 1000 && !(cdone && sdone); i++) {
            if (!cdone) {
                cr = SSL_connect(p.c);
                cdone = cr == 1;
                if (!cdone && SSL_get_error(p.c, cr) != SSL_ERROR_WANT_READ)
                    break;
            }
            ct_pump(&p);
            if (!sdone) {
                sr = SSL_accept(p.s);
                sdone = sr == 1;
                if (!sdone && SSL_get_error(p.s, sr) != SSL_ERROR_WANT_READ)
                    break;
            }
            ct_pump(&p);
        }
        FACT("connect.ret", "%d", cr);
        FACT("accept.ret", "%d", sr);
    } else {
        SSL_set_connect_state(p.c);
        SSL_set_accept_state(p.s);
        FACT("after_set_state.client.in_init", "%d", SSL_in_init(p.c));
        FACT("after_set_state.client.in_before", "%d", SSL_in_before(p.c));
        FACT("after_set_state.client.is_server", "%d", SSL_is_server(p.c));
        FACT("after_set_state.server.is_server", "%d", SSL_is_server(p.s));
        REQUIRE(ct_handshake_nb(&p, NULL, NULL));
    }
    ct_settle(&p);
    FACT("client.is_init_finished", "%d", SSL_is_init_finished(p.c));
    FACT("server.is_init_finished", "%d", SSL_is_init_finished(p.s));
    FACT("version", "%s", SSL_get_version(p.c));

    ct_reader_init(&rd, p.s);
    ct_fill(buf, sizeof(buf), 0);
    r = SSL_write(p.c, buf, sizeof(buf));
    FACT("write.ret", "%d", r);
    ct_drain(&p, &rd);
    FACT("write.received_intact", "%d", ct_reader_intact(&rd, 100));
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    ct_prefix("tls12.biopair.set_state.");
    run(TLS1_2_VERSION, CT_BIOPAIR, 0);
    ct_prefix("tls13.biopair.set_state.");
    run(TLS1_3_VERSION, CT_BIOPAIR, 0);
    ct_prefix("tls13.mem.set_state.");
    run(TLS1_3_VERSION, CT_MEM, 0);
    ct_prefix("tls12.socknb.connect_accept.");
    run(TLS1_2_VERSION, CT_SOCK_NB, 1);
    ct_prefix("tls13.socknb.connect_accept.");
    run(TLS1_3_VERSION, CT_SOCK_NB, 1);
    return 0;
}
