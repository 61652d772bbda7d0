/*
 * t_keyupdate: TLS 1.3 KeyUpdate.
 *   SSL_key_update(REQUESTED / NOT_REQUESTED) returns 1; SSL_get_key_update_type shows the
 *   pending type until the update is sent (by the next write or SSL_do_handshake), then -1;
 *   on TLS 1.2, with an invalid type, before the handshake finished, and while a write is
 *   pending it returns 0 (reason printed). A peer's update request never loses or stalls
 *   data in either direction (non-blocking and blocking transports).
 */
#include "common.h"

static void ku_fact(const char *name, SSL *ssl, int r)
{
    char n[128];

    snprintf(n, sizeof(n), "%s.ret", name);
    FACT(n, "%d", r);
    if (r != 1) {
        snprintf(n, sizeof(n), "%s.errqueue", name);
        ct_err(n);
    }
    snprintf(n, sizeof(n), "%s.type_after", name);
    FACT(n, "%d", SSL_get_key_update_type(ssl));
    ERR_clear_error();
}

static void api(void)
{
    ct_pair p;
    ct_reader to_s, to_c;
    unsigned char buf[64];
    int r;

    /* TLS 1.2: refused */
    ct_prefix("tls12.");
    ct_pair_connected(&p, CT_BIOPAIR, TLS1_2_VERSION, 17000);
    ERR_clear_error();
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    ku_fact("key_update_requested", p.c, r);
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_NOT_REQUESTED);
    ku_fact("key_update_not_requested", p.c, r);
    ct_pair_free(&p);

    /* before the handshake */
    ct_prefix("tls13.before_handshake.");
    ct_pair_new(&p, CT_BIOPAIR, TLS1_3_VERSION, 17000);
    FACT("type", "%d", SSL_get_key_update_type(p.c));
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    ku_fact("key_update", p.c, r);
    ct_pair_free(&p);

    ct_prefix("tls13.");
    ct_pair_connected(&p, CT_BIOPAIR, TLS1_3_VERSION, 17000);
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);
    ERR_clear_error();
    FACT("type.initial", "%d", SSL_get_key_update_type(p.c));
    r = SSL_key_update(p.c, 7);
    ku_fact("key_update_invalid_type", p.c, r);
    r = SSL_key_update(p.c, -1);
    ku_fact("key_update_type_minus1", p.c, r);

    /* REQUESTED, sent by the next write */
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    ku_fact("requested", p.c, r);
    FACT("requested.nothing_sent_yet", "%d", ct_inflight_to_server(&p) == 0);
    FACT("requested.is_init_finished", "%d", SSL_is_init_finished(p.c));
    FACT("requested.in_init", "%d", SSL_in_init(p.c));
    ct_fill(buf, 50, to_s.got);
    r = SSL_write(p.c, buf, 50);
    FACT("requested.write.ret", "%d", r);
    FACT("requested.type_after_write", "%d", SSL_get_key_update_type(p.c));
    FACT("requested.is_init_finished_after_write", "%d", SSL_is_init_finished(p.c));
    ct_drain(&p, &to_s);
    FACT("requested.server_got_data", "%d", ct_reader_intact(&to_s, 50));
    /* the server answers with its own update on its next write; the client reads fine */
    ct_fill(buf, 60, to_c.got);
    r = SSL_write(p.s, buf, 60);
    FACT("requested.server_write.ret", "%d", r);
    ct_drain(&p, &to_c);
    FACT("requested.client_got_data", "%d", ct_reader_intact(&to_c, 60));

    /* NOT_REQUESTED, sent by SSL_do_handshake */
    r = SSL_key_update(p.s, SSL_KEY_UPDATE_NOT_REQUESTED);
    ku_fact("not_requested", p.s, r);
    r = SSL_do_handshake(p.s);
    FACT("not_requested.do_handshake.ret", "%d", r);
    FACT("not_requested.type_after_do_handshake", "%d", SSL_get_key_update_type(p.s));
    FACT("not_requested.something_sent", "%d", ct_inflight_to_client(&p) > 0);
    ct_drain(&p, &to_c);
    FACT("not_requested.client_got_no_data", "%d", to_c.got == 60);
    REQUIRE(ct_send_pattern(&p, p.s, &to_c, to_c.got, 1000, 1000));
    REQUIRE(ct_send_pattern(&p, p.c, &to_s, to_s.got, 1000, 1000));
    ct_drain(&p, &to_c);
    ct_drain(&p, &to_s);
    FACT("not_requested.both_ways_intact", "%d",
         ct_reader_intact(&to_c, 1060) && ct_reader_intact(&to_s, 1050));

    /* a second call before the first was sent (OpenSSL refuses it: still in init) */
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_NOT_REQUESTED);
    ku_fact("twice.first", p.c, r);
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    ku_fact("twice.second", p.c, r);
    r = SSL_do_handshake(p.c);
    FACT("twice.do_handshake.ret", "%d", r);
    FACT("twice.type_after", "%d", SSL_get_key_update_type(p.c));
    REQUIRE(ct_send_pattern(&p, p.c, &to_s, to_s.got, 1000, 1000));
    REQUIRE(ct_send_pattern(&p, p.s, &to_c, to_c.got, 1000, 1000));
    ct_drain(&p, &to_c);
    ct_drain(&p, &to_s);
    FACT("twice.both_ways_intact", "%d",
         ct_reader_intact(&to_c, 2060) && ct_reader_intact(&to_s, 2050));
    ct_pair_free(&p);

    /* while a write is pending (WANT_WRITE with a record in flight) */
    ct_prefix("tls13.write_pending.");
    ct_pair_connected(&p, CT_BIOPAIR, TLS1_3_VERSION, 4096);
    ct_reader_init(&to_s, p.s);
    {
        unsigned char *big = ct_patbuf(65536, 0);
        ct_wres w;

        r = SSL_write(p.c, big, 65536);
        FACT("write.ret", "%d", r);
        FACT("write.err", "%d", SSL_get_error(p.c, r));
        ERR_clear_error();
        r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
        ku_fact("key_update", p.c, r);
        w = ct_write_retry(&p, p.c, big, 65536, &to_s, 0);
        FACT("retried_write.ret", "%d", w.ret);
        ct_drain(&p, &to_s);
        FACT("received_intact", "%d", ct_reader_intact(&to_s, 65536));
        free(big);
    }
    ct_pair_free(&p);
}

/*
 * Both sides stream data at each other through small buffers while updates are requested
 * from alternating sides; nothing is lost or stalled.
 */
static void streaming(int kind, size_t bufsz, const char *tag)
{
    ct_pair p;
    ct_reader to_s, to_c;
    unsigned char *cbuf = malloc(30000), *sbuf = malloc(30000);
    uint64_t csent = 0, ssent = 0, total = 600000;
    int i, round = 0;
    int cpending = 0, spending = 0;
    size_t clen = 0, slen = 0;

    ct_prefix("tls13.stream.%s.", tag);
    REQUIRE(cbuf && sbuf);
    ct_pair_connected(&p, kind, TLS1_3_VERSION, bufsz);
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);
    for (i = 0; i < CT_MAX_ITERS && (csent < total || ssent < total); i++) {
        int r, e;

        /* every ~100 KB in each direction, request an update from one side */
        if (!cpending && !spending && (csent + ssent) / 100000 > (uint64_t)round) {
            SSL *who = (round & 1) ? p.s : p.c;
            if (SSL_key_update(who, SSL_KEY_UPDATE_REQUESTED) == 1)
                round++;    /* else: try again on a later iteration */
            ERR_clear_error();
        }
        if (csent < total) {
            if (!cpending) {
                clen = (size_t)(total - csent < 30000 ? total - csent : 30000);
                ct_fill(cbuf, clen, csent);
            }
            r = SSL_write(p.c, cbuf, (int)clen);
            if (r > 0) {
                csent += (uint64_t)r;
                cpending = 0;
            } else {
                e = SSL_get_error(p.c, r);
                if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
                    CT_FAIL("client write failed");
                cpending = 1;
            }
        }
        if (ssent < total) {
            if (!spending) {
                slen = (size_t)(total - ssent < 30000 ? total - ssent : 30000);
                ct_fill(sbuf, slen, ssent);
            }
            r = SSL_write(p.s, sbuf, (int)slen);
            if (r > 0) {
                ssent += (uint64_t)r;
                spending = 0;
            } else {
                e = SSL_get_error(p.s, r);
                if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
                    CT_FAIL("server write failed");
                spending = 1;
            }
        }
        ct_drain(&p, &to_s);
        ct_drain(&p, &to_c);
    }
    if (i >= CT_MAX_ITERS)
        CT_FAIL("stream loop bound hit");
    ct_drain(&p, &to_s);
    ct_drain(&p, &to_c);
    FACT("updates_requested_at_least_4", "%d", round >= 4);
    FACT("c2s_intact", "%d", ct_reader_intact(&to_s, total));
    FACT("s2c_intact", "%d", ct_reader_intact(&to_c, total));
    FACT("close_c.read_err", "%d", ct_close_and_drain(&p, p.c, &to_s));
    FACT("close_s.read_err", "%d", ct_close_and_drain(&p, p.s, &to_c));
    FACT("c2s_total_exact", "%d", ct_reader_intact(&to_s, total));
    FACT("s2c_total_exact", "%d", ct_reader_intact(&to_c, total));
    ct_pair_free(&p);
    free(cbuf);
    free(sbuf);
}

/* Blocking: client requests an update and streams; server reads, then streams back. */
static void blocking(void)
{
    ct_pair p;
    ct_reader to_s, to_c;
    pthread_t th;
    unsigned char *big = ct_patbuf(CT_MIB, 0);
    int r1, r2, k;

    ct_prefix("tls13.sockblock.");
    ct_pair_connected(&p, CT_SOCK_BLOCK, TLS1_3_VERSION, 0);
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    k = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    FACT("client.key_update.ret", "%d", k);
    to_s.want = CT_MIB;
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, &to_s) == 0);
    r1 = SSL_write(p.c, big, CT_MIB);
    pthread_join(th, NULL);
    FACT("client.write.ret", "%d", r1);
    FACT("c2s_intact", "%d", ct_reader_intact(&to_s, CT_MIB));

    /* the server (which must answer the request) writes back; a second request too */
    k = SSL_key_update(p.s, SSL_KEY_UPDATE_REQUESTED);
    FACT("server.key_update.ret", "%d", k);
    to_c.want = CT_MIB;
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, &to_c) == 0);
    r2 = SSL_write(p.s, big, CT_MIB);
    pthread_join(th, NULL);
    FACT("server.write.ret", "%d", r2);
    FACT("s2c_intact", "%d", ct_reader_intact(&to_c, CT_MIB));

    /* and once more client -> server after the server's request */
    ct_fill(big, CT_MIB, CT_MIB);
    to_s.want = 2 * CT_MIB;
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, &to_s) == 0);
    r1 = SSL_write(p.c, big, CT_MIB);
    pthread_join(th, NULL);
    FACT("client.write2.ret", "%d", r1);
    FACT("c2s_intact2", "%d", ct_reader_intact(&to_s, 2 * CT_MIB));
    ct_pair_free(&p);
    free(big);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    api();
    streaming(CT_BIOPAIR, 4096, "biopair4096");
    streaming(CT_BIOPAIR, 17000, "biopair17000");
    streaming(CT_MEM, 0, "mem");
    streaming(CT_SOCK_NB, 0, "socknb");
    blocking();
    return 0;
}
