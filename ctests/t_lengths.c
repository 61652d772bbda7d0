/*
 * t_lengths: unusual lengths.
 *   SSL_write(num = 0)      -> 0, SSL_ERROR_SYSCALL, empty error queue, nothing sent
 *   SSL_write_ex(num = 0)   -> 1, written 0, nothing sent
 *   SSL_write(num < 0)      -> -1, SSL_ERROR_SSL (reason printed), nothing sent, connection
 *                              still usable
 *   SSL_read / SSL_peek with num < 0 and num = 0, SSL_read_ex with num = 0
 */
#include "common.h"

static void check_usable(ct_pair *p, ct_reader *rd, const char *tag)
{
    unsigned char buf[300];
    char name[96];
    int r;

    ct_fill(buf, sizeof(buf), rd->got);
    r = SSL_write(p->c, buf, sizeof(buf));
    snprintf(name, sizeof(name), "%s.then_write_300.ret", tag);
    FACT(name, "%d", r);
    ct_drain(p, rd);
    snprintf(name, sizeof(name), "%s.then_peer_received_300_intact", tag);
    FACT(name, "%d", rd->bad == 0);
}

static void run(int kind, int ver)
{
    ct_pair p;
    ct_reader rd;
    unsigned char buf[64];
    uint64_t expect = 0;
    size_t w;
    int r, i;
    static const int negs[] = { -1, INT_MIN };

    ct_pair_connected(&p, kind, ver, 17000);
    ct_reader_init(&rd, p.s);
    ct_fill(buf, sizeof(buf), 0);
    ERR_clear_error();

    /* num = 0 */
    r = SSL_write(p.c, buf, 0);
    FACT("write_0.ret", "%d", r);
    FACT("write_0.err", "%d", SSL_get_error(p.c, r));
    ct_err("write_0.errqueue");
    FACT("write_0.nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    FACT("write_0.peer_read_err", "%d", ct_drain(&p, &rd));
    check_usable(&p, &rd, "write_0");
    expect += 300;

    w = 777;
    r = SSL_write_ex(p.c, buf, 0, &w);
    FACT("write_ex_0.ret", "%d", r);
    FACT("write_ex_0.written", "%zu", w);
    FACT("write_ex_0.err", "%d", SSL_get_error(p.c, r));
    ct_err("write_ex_0.errqueue");
    FACT("write_ex_0.nothing_sent", "%d", ct_inflight_to_server(&p) == 0);
    FACT("write_ex_0.peer_read_err", "%d", ct_drain(&p, &rd));
    check_usable(&p, &rd, "write_ex_0");
    expect += 300;

    /* SSL_write(NULL, 0)? Not portable across versions; not tested. */

    /* num < 0 */
    for (i = 0; i < 2; i++) {
        char tag[32], name[96];

        snprintf(tag, sizeof(tag), "write_%s", negs[i] == -1 ? "minus1" : "INT_MIN");
        ERR_clear_error();
        r = SSL_write(p.c, buf, negs[i]);
        snprintf(name, sizeof(name), "%s.ret", tag);
        FACT(name, "%d", r);
        snprintf(name, sizeof(name), "%s.err", tag);
        FACT(name, "%d", SSL_get_error(p.c, r));
        snprintf(name, sizeof(name), "%s.errqueue", tag);
        ct_err(name);
        snprintf(name, sizeof(name), "%s.nothing_sent", tag);
        FACT(name, "%d", ct_inflight_to_server(&p) == 0);
        ERR_clear_error();
        check_usable(&p, &rd, tag);
        expect += 300;
    }

    /* Reads with odd lengths: the server has a 50-byte record waiting. */
    {
        unsigned char b50[50], in[64];
        size_t got = 999;
        ct_reader rc;

        ct_fill(b50, sizeof(b50), rd.got);
        REQUIRE(SSL_write(p.c, b50, sizeof(b50)) == 50);
        ct_pump(&p);

        ERR_clear_error();
        r = SSL_read(p.s, in, -1);
        FACT("read_minus1.ret", "%d", r);
        FACT("read_minus1.err", "%d", SSL_get_error(p.s, r));
        ct_err("read_minus1.errqueue");
        ERR_clear_error();

        r = SSL_peek(p.s, in, -1);
        FACT("peek_minus1.ret", "%d", r);
        FACT("peek_minus1.err", "%d", SSL_get_error(p.s, r));
        ct_err("peek_minus1.errqueue");
        ERR_clear_error();

        r = SSL_read(p.s, in, 0);
        FACT("read_0.ret", "%d", r);
        FACT("read_0.err", "%d", SSL_get_error(p.s, r));
        ct_err("read_0.errqueue");
        ERR_clear_error();

        r = SSL_read_ex(p.s, in, 0, &got);
        FACT("read_ex_0.ret", "%d", r);
        FACT("read_ex_0.err", "%d", SSL_get_error(p.s, r));
        ct_err("read_ex_0.errqueue");
        if (r == 1)
            FACT("read_ex_0.readbytes", "%zu", got);
        ERR_clear_error();

        /* the 50 bytes are still all there */
        rc = rd;
        ct_drain(&p, &rd);
        (void)rc;
        FACT("after_odd_reads.received_all_50_intact", "%d",
             rd.bad == 0 && rd.got == expect + 50);
        expect += 50;
    }

    FACT("close.read_err", "%d", ct_close_and_drain(&p, p.c, &rd));
    FACT("total_is_sum_of_writes", "%d", rd.got == expect && rd.bad == 0);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    ct_prefix("tls12.biopair.");
    run(CT_BIOPAIR, TLS1_2_VERSION);
    ct_prefix("tls13.biopair.");
    run(CT_BIOPAIR, TLS1_3_VERSION);
    ct_prefix("tls13.mem.");
    run(CT_MEM, TLS1_3_VERSION);
    ct_prefix("tls12.socknb.");
    run(CT_SOCK_NB, TLS1_2_VERSION);
    ct_prefix("tls13.socknb.");
    run(CT_SOCK_NB, TLS1_3_VERSION);
    return 0;
}
