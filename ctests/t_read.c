/*
 * t_read: the read API.
 *   SSL_read / SSL_read_ex / SSL_peek / SSL_peek_ex; peek does not consume;
 *   SSL_pending / SSL_has_pending after a partial read of a record (1 byte read out of a
 *   100-byte single write leaves 99 pending); reading a large stream in small pieces.
 */
#include "common.h"

static void run(int kind, int ver)
{
    ct_pair p;
    ct_reader rd;
    unsigned char msg[100], in[300], pk[300];
    size_t n;
    int r;

    ct_prefix("%s.%s.", ct_vername(ver), kind == CT_MEM ? "mem" : kind == CT_BIOPAIR ? "biopair" : "socknb");
    ct_pair_connected(&p, kind, ver, 17000);
    ct_fill(msg, sizeof(msg), 0);

    FACT("pending.idle", "%d", SSL_pending(p.s));
    FACT("has_pending.idle", "%d", SSL_has_pending(p.s));

    REQUIRE(SSL_write(p.c, msg, 100) == 100);
    ct_pump(&p);
    FACT("pending.before_read", "%d", SSL_pending(p.s));

    /* peek does not consume */
    memset(pk, 0, sizeof(pk));
    r = SSL_peek(p.s, pk, 10);
    FACT("peek10.ret", "%d", r);
    FACT("peek10.matches", "%d", r == 10 && memcmp(pk, msg, 10) == 0);
    FACT("pending.after_peek", "%d", SSL_pending(p.s));
    FACT("has_pending.after_peek", "%d", SSL_has_pending(p.s));
    n = 0;
    r = SSL_peek_ex(p.s, pk, 300, &n);
    FACT("peek_ex300.ret", "%d", r);
    FACT("peek_ex300.readbytes", "%zu", n);
    FACT("peek_ex300.matches", "%d", n == 100 && memcmp(pk, msg, 100) == 0);

    /* read 1 byte out of the 100-byte record */
    r = SSL_read(p.s, in, 1);
    FACT("read1.ret", "%d", r);
    FACT("read1.matches", "%d", r == 1 && in[0] == msg[0]);
    FACT("pending.after_read1", "%d", SSL_pending(p.s));
    FACT("has_pending.after_read1", "%d", SSL_has_pending(p.s));
    r = SSL_peek(p.s, pk, 5);
    FACT("peek5_after_read1.matches", "%d", r == 5 && memcmp(pk, msg + 1, 5) == 0);
    n = 0;
    r = SSL_read_ex(p.s, in + 1, 9, &n);
    FACT("read_ex9.ret", "%d", r);
    FACT("read_ex9.readbytes", "%zu", n);
    FACT("pending.after_read_ex9", "%d", SSL_pending(p.s));
    r = SSL_read(p.s, in + 10, 300);
    FACT("read_rest.ret", "%d", r);
    FACT("all_100.matches", "%d", r == 90 && memcmp(in, msg, 100) == 0);
    FACT("pending.after_all", "%d", SSL_pending(p.s));
    FACT("has_pending.after_all", "%d", SSL_has_pending(p.s));
    r = SSL_read(p.s, in, 300);
    FACT("read_empty.ret", "%d", r);
    FACT("read_empty.err", "%d", SSL_get_error(p.s, r));
    n = 5;
    r = SSL_peek_ex(p.s, in, 300, &n);
    FACT("peek_ex_empty.ret", "%d", r);
    FACT("peek_ex_empty.err", "%d", SSL_get_error(p.s, r));

    /* the other direction, a large stream read in odd-sized pieces */
    ct_reader_init(&rd, p.c);
    rd.chunk = 777;
    REQUIRE(ct_send_pattern(&p, p.s, &rd, 0, 500000, 40000));
    ct_drain(&p, &rd);
    FACT("s2c_500000_in_777_byte_reads.intact", "%d", ct_reader_intact(&rd, 500000));
    rd.chunk = 1;
    REQUIRE(ct_send_pattern(&p, p.s, &rd, rd.got, 3000, 3000));
    ct_drain(&p, &rd);
    FACT("s2c_3000_in_1_byte_reads.intact", "%d", ct_reader_intact(&rd, 503000));
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(CT_BIOPAIR, TLS1_2_VERSION);
    run(CT_BIOPAIR, TLS1_3_VERSION);
    run(CT_MEM, TLS1_2_VERSION);
    run(CT_MEM, TLS1_3_VERSION);
    run(CT_SOCK_NB, TLS1_3_VERSION);
    return 0;
}
