/*
 * t_write_nonblocking: SSL_write / SSL_write_ex over a non-blocking socketpair.
 * Small writes into an empty socket complete at once. A 1 MiB write into a socket whose
 * buffers were shrunk, with the peer not reading, must report WANT_WRITE (-1 / 0, error 3),
 * and keeps doing so while the peer does not read; retried with the same arguments while
 * the peer drains, it completes with the full length and the data arrives exactly once,
 * in order.
 */
#include "common.h"

static int call_write(SSL *w, const void *buf, size_t len, int use_ex, size_t *written)
{
    if (use_ex)
        return SSL_write_ex(w, buf, len, written);
    return SSL_write(w, buf, (int)len);
}

static void small_write(ct_pair *p, SSL *w, ct_reader *rd, size_t len, const char *dir)
{
    unsigned char *buf = ct_patbuf(len, rd->got);
    uint64_t start = rd->got;
    ct_wres r;
    char name[96];

    r = ct_write_retry(p, w, buf, (int)len, rd, 0);
    ct_drain(p, rd);
    snprintf(name, sizeof(name), "%s.small_write_%zu.first_ret", dir, len);
    FACT(name, "%d", r.first_ret);
    snprintf(name, sizeof(name), "%s.small_write_%zu.final_ret", dir, len);
    FACT(name, "%d", r.ret);
    snprintf(name, sizeof(name), "%s.small_write_%zu.intact", dir, len);
    FACT(name, "%d", rd->bad == 0 && rd->got == start + len);
    free(buf);
}

static void big_write(ct_pair *p, SSL *w, ct_reader *rd, size_t len, int use_ex,
                      const char *dir)
{
    unsigned char *buf = ct_patbuf(len, rd->got);
    uint64_t start = rd->got;
    ct_wres r;
    char name[128];
    const char *fn = use_ex ? "write_ex" : "write";
    int ret;
    size_t wr = 12345;

    /* The peer is not reading: the write cannot complete. */
    ret = call_write(w, buf, len, use_ex, &wr);
    snprintf(name, sizeof(name), "%s.%s_%zu.first_ret", dir, fn, len);
    FACT(name, "%d", ret);
    snprintf(name, sizeof(name), "%s.%s_%zu.first_err", dir, fn, len);
    FACT(name, "%d", SSL_get_error(w, ret));
    snprintf(name, sizeof(name), "%s.%s_%zu.first_errqueue", dir, fn, len);
    ct_err(name);
    /* Retrying while the peer still does not read: still blocked. */
    ret = call_write(w, buf, len, use_ex, &wr);
    snprintf(name, sizeof(name), "%s.%s_%zu.retry_no_progress_ret", dir, fn, len);
    FACT(name, "%d", ret);
    snprintf(name, sizeof(name), "%s.%s_%zu.retry_no_progress_err", dir, fn, len);
    FACT(name, "%d", SSL_get_error(w, ret));
    /* Nothing reached the reader yet that it could not decrypt; now drain and retry. */
    r = ct_write_retry(p, w, buf, (int)len, rd, use_ex);
    snprintf(name, sizeof(name), "%s.%s_%zu.final_ret", dir, fn, len);
    FACT(name, "%d", r.ret);
    if (use_ex) {
        snprintf(name, sizeof(name), "%s.%s_%zu.final_written", dir, fn, len);
        FACT(name, "%zu", r.written);
    }
    ct_drain(p, rd);
    snprintf(name, sizeof(name), "%s.%s_%zu.received_intact", dir, fn, len);
    FACT(name, "%d", rd->bad == 0 && rd->got == start + len);
    free(buf);
}

static void run(int ver)
{
    ct_pair p;
    ct_reader to_s, to_c;
    uint64_t expect_s, expect_c;
    int e;

    ct_prefix("%s.", ct_vername(ver));
    ct_pair_connected(&p, CT_SOCK_NB, ver, 0);
    FACT("version", "%s", SSL_get_version(p.c));
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    /* Default socket buffers: small writes go through on the first call. */
    small_write(&p, p.c, &to_s, 1, "c2s");
    small_write(&p, p.c, &to_s, 16384, "c2s");
    small_write(&p, p.c, &to_s, 16385, "c2s");
    small_write(&p, p.s, &to_c, 1, "s2c");
    small_write(&p, p.s, &to_c, 16384, "s2c");
    small_write(&p, p.s, &to_c, 16385, "s2c");

    /* Shrink the kernel buffers: 1 MiB cannot fit while the peer is not reading. */
    ct_shrink_sock(p.fd[0], 4096);
    ct_shrink_sock(p.fd[1], 4096);
    big_write(&p, p.c, &to_s, CT_MIB, 0, "c2s");
    big_write(&p, p.c, &to_s, CT_MIB, 1, "c2s");
    big_write(&p, p.s, &to_c, CT_MIB, 0, "s2c");
    big_write(&p, p.s, &to_c, CT_MIB, 1, "s2c");

    /* A long stream of mid-sized writes, each retried as needed. */
    REQUIRE(ct_send_pattern(&p, p.c, &to_s, to_s.got, 3 * CT_MIB + 12345, 50000));
    REQUIRE(ct_send_pattern(&p, p.s, &to_c, to_c.got, 3 * CT_MIB + 12345, 70001));

    /* Exactly once: everything up to close_notify is exactly the sum of the writes. */
    expect_s = 1 + 16384 + 16385 + 2 * CT_MIB + 3 * CT_MIB + 12345;
    expect_c = expect_s;
    e = ct_close_and_drain(&p, p.c, &to_s);
    FACT("server.read_at_close.err", "%d", e);
    FACT("c2s.total_is_sum_of_writes", "%d", to_s.got == expect_s);
    FACT("c2s.all_intact", "%d", to_s.bad == 0);
    e = ct_close_and_drain(&p, p.s, &to_c);
    FACT("client.read_at_close.err", "%d", e);
    FACT("s2c.total_is_sum_of_writes", "%d", to_c.got == expect_c);
    FACT("s2c.all_intact", "%d", to_c.bad == 0);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    return 0;
}
