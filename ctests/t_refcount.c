/*
 * t_refcount: reference counting of SSL_CTX and SSL.
 *   SSL_CTX_up_ref / SSL_up_ref return 1 and need one more free; a context freed by the
 *   application while an SSL made from it is alive keeps the SSL working (handshake and
 *   data); SSL_get_SSL_CTX; freeing NULL; freeing connections with data in flight.
 */
#include "common.h"

static void run(int ver)
{
    SSL_CTX *cc, *sc;
    SSL *s1;
    ct_pair p;
    ct_reader rd;

    ct_prefix("%s.", ct_vername(ver));

    /* up_ref + two frees */
    cc = ct_client_ctx(ver);
    FACT("ctx_up_ref.ret", "%d", SSL_CTX_up_ref(cc));
    SSL_CTX_free(cc);
    /* still alive: usable */
    s1 = SSL_new(cc);
    FACT("ssl_new_after_one_ctx_free", "%d", s1 != NULL);
    FACT("ssl_up_ref.ret", "%d", SSL_up_ref(s1));
    SSL_free(s1);
    FACT("ssl_still_usable.get_mode", "0x%lx", SSL_get_mode(s1));
    SSL_free(s1);
    SSL_CTX_free(cc);

    /* contexts released by the application right after SSL_new */
    cc = ct_client_ctx(ver);
    sc = ct_server_ctx(ver);
    memset(&p, 0, sizeof(p));
    p.c = SSL_new(cc);
    p.s = SSL_new(sc);
    REQUIRE(p.c && p.s);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    FACT("get_SSL_CTX_is_ctx", "%d", SSL_get_SSL_CTX(p.c) == cc);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    p.own_ctx = 0;
    ct_pair_attach(&p, CT_BIOPAIR, 17000);
    FACT("handshake_after_ctx_free", "%d", ct_handshake_nb(&p, NULL, NULL));
    ct_settle(&p);
    FACT("verify_result", "%ld", SSL_get_verify_result(p.c));
    FACT("get_SSL_CTX_not_null", "%d", SSL_get_SSL_CTX(p.c) != NULL);
    FACT("mode_via_ctx_default", "0x%lx", SSL_CTX_get_mode(SSL_get_SSL_CTX(p.c)));
    ct_reader_init(&rd, p.s);
    REQUIRE(ct_send_pattern(&p, p.c, &rd, 0, 100000, 30000));
    ct_drain(&p, &rd);
    FACT("data_intact", "%d", ct_reader_intact(&rd, 100000));

    /* an extra reference on the SSL keeps it alive across SSL_free */
    FACT("ssl_up_ref_connected.ret", "%d", SSL_up_ref(p.c));
    SSL_free(p.c);
    REQUIRE(ct_send_pattern(&p, p.c, &rd, rd.got, 1000, 1000));
    ct_drain(&p, &rd);
    FACT("data_after_one_ssl_free_intact", "%d", ct_reader_intact(&rd, 101000));

    /* free with unread data in both directions */
    {
        unsigned char b[5000];
        ct_fill(b, sizeof(b), 0);
        REQUIRE(SSL_write(p.c, b, sizeof(b)) == (int)sizeof(b));
        REQUIRE(SSL_write(p.s, b, sizeof(b)) == (int)sizeof(b));
    }
    ct_pair_free(&p);
    FACT("freed_with_data_in_flight", "%d", 1);

    /* blocking socket pair, contexts freed before the handshake */
    cc = ct_client_ctx(ver);
    sc = ct_server_ctx(ver);
    memset(&p, 0, sizeof(p));
    p.c = SSL_new(cc);
    p.s = SSL_new(sc);
    REQUIRE(p.c && p.s);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    ct_pair_attach(&p, CT_SOCK_BLOCK, 0);
    FACT("blocking.handshake_after_ctx_free", "%d", ct_handshake_blocking(&p, NULL, NULL));
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    SSL_free(NULL);
    SSL_CTX_free(NULL);
    FACT("free_null", "%d", 1);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    return 0;
}
