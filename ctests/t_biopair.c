/*
 * t_biopair: SSL over a BIO pair with small buffers (4096 and 17000 bytes), pumped by hand.
 * A write whose bytes cannot fit into the pair's buffer must report WANT_WRITE on the first
 * call; one that fits (plaintext + generous record overhead) must complete on the first call.
 * Retried with the same arguments while the peer reads, every write completes with its full
 * length and the data arrives intact and exactly once.
 */
#include "common.h"

static const size_t sizes[] = { 1, 100, 16384, 16385, 40000, CT_MIB };

/* Records needed for len bytes at 16384 per record. */
static size_t nrec(size_t len)
{
    return len == 0 ? 1 : (len + 16383) / 16384;
}

static void one(ct_pair *p, SSL *w, ct_reader *rd, size_t bufsz, size_t len, int use_ex,
                const char *dir)
{
    unsigned char *buf = ct_patbuf(len, rd->got);
    uint64_t start = rd->got;
    ct_wres r;
    char name[128];
    const char *fn = use_ex ? "write_ex" : "write";

    r = ct_write_retry(p, w, buf, (int)len, rd, use_ex);
    ct_drain(p, rd);
    if (len + 256 * nrec(len) <= bufsz) {
        /* fits: must complete at once */
        snprintf(name, sizeof(name), "%s.%s_%zu.first_ret", dir, fn, len);
        FACT(name, "%d", r.first_ret);
    } else if (len > bufsz) {
        /* cannot fit while the peer is not reading: must block first */
        snprintf(name, sizeof(name), "%s.%s_%zu.first_ret", dir, fn, len);
        FACT(name, "%d", r.first_ret);
        snprintf(name, sizeof(name), "%s.%s_%zu.first_err", dir, fn, len);
        FACT(name, "%d", r.first_err);
    }
    snprintf(name, sizeof(name), "%s.%s_%zu.final_ret", dir, fn, len);
    FACT(name, "%d", r.ret);
    if (use_ex) {
        snprintf(name, sizeof(name), "%s.%s_%zu.final_written", dir, fn, len);
        FACT(name, "%zu", r.written);
    }
    snprintf(name, sizeof(name), "%s.%s_%zu.intact", dir, fn, len);
    FACT(name, "%d", rd->bad == 0 && rd->got == start + len);
    free(buf);
}

static void run(int ver, size_t bufsz)
{
    ct_pair p;
    ct_reader to_s, to_c;
    uint64_t expect = 0;
    size_t i;
    int e, cret, sret;

    ct_prefix("%s.buf%zu.", ct_vername(ver), bufsz);
    ct_pair_new(&p, CT_BIOPAIR, ver, bufsz);
    REQUIRE(ct_handshake_nb(&p, &cret, &sret));
    ct_settle(&p);
    FACT("handshake.client", "%d", cret);
    FACT("handshake.server", "%d", sret);
    FACT("version", "%s", SSL_get_version(p.c));
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        one(&p, p.c, &to_s, bufsz, sizes[i], 0, "c2s");
        one(&p, p.s, &to_c, bufsz, sizes[i], 0, "s2c");
        expect += sizes[i];
    }
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        one(&p, p.c, &to_s, bufsz, sizes[i], 1, "c2s");
        one(&p, p.s, &to_c, bufsz, sizes[i], 1, "s2c");
        expect += sizes[i];
    }
    /* The reader reads in small pieces this time. */
    to_s.chunk = 1000;
    REQUIRE(ct_send_pattern(&p, p.c, &to_s, to_s.got, 200000, 30000));
    expect += 200000;
    FACT("c2s.small_reads.intact", "%d", to_s.bad == 0);

    e = ct_close_and_drain(&p, p.c, &to_s);
    FACT("server.read_at_close.err", "%d", e);
    FACT("c2s.total_is_sum_of_writes", "%d", to_s.got == expect);
    FACT("c2s.all_intact", "%d", to_s.bad == 0);
    e = ct_close_and_drain(&p, p.s, &to_c);
    FACT("client.read_at_close.err", "%d", e);
    FACT("s2c.total_is_sum_of_writes", "%d", to_c.got == expect - 200000);
    FACT("s2c.all_intact", "%d", to_c.bad == 0);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_2_VERSION, 4096);
    run(TLS1_2_VERSION, 17000);
    run(TLS1_3_VERSION, 4096);
    run(TLS1_3_VERSION, 17000);
    return 0;
}
