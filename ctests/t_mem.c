/*
 * t_mem: SSL over two BIO_s_mem per side, bytes moved between them by the test.
 * A memory BIO accepts every write, so every SSL_write completes on the first call with
 * its full length; the peer sees nothing (WANT_READ) until the bytes are moved, then
 * everything, intact and exactly once.
 */
#include "common.h"

static const size_t sizes[] = { 1, 100, 16384, 16385, CT_MIB };

static void one(ct_pair *p, SSL *w, ct_reader *rd, size_t len, int use_ex, const char *dir)
{
    unsigned char *buf = ct_patbuf(len, rd->got);
    uint64_t start = rd->got;
    char name[128];
    const char *fn = use_ex ? "write_ex" : "write";
    size_t written = 0;
    int ret, e;

    if (use_ex)
        ret = SSL_write_ex(w, buf, len, &written);
    else
        ret = SSL_write(w, buf, (int)len);
    snprintf(name, sizeof(name), "%s.%s_%zu.ret", dir, fn, len);
    FACT(name, "%d", ret);
    if (use_ex) {
        snprintf(name, sizeof(name), "%s.%s_%zu.written", dir, fn, len);
        FACT(name, "%zu", written);
    }
    /* Not moved yet: the peer has nothing. */
    e = ct_drain(NULL, rd);
    snprintf(name, sizeof(name), "%s.%s_%zu.before_pump.read_err", dir, fn, len);
    FACT(name, "%d", e);
    snprintf(name, sizeof(name), "%s.%s_%zu.before_pump.received", dir, fn, len);
    FACT(name, "%llu", (unsigned long long)(rd->got - start));
    /* Move the bytes, read everything. */
    e = ct_drain(p, rd);
    snprintf(name, sizeof(name), "%s.%s_%zu.after_pump.read_err", dir, fn, len);
    FACT(name, "%d", e);
    snprintf(name, sizeof(name), "%s.%s_%zu.after_pump.intact", dir, fn, len);
    FACT(name, "%d", rd->bad == 0 && rd->got == start + len);
    free(buf);
}

static void run(int ver)
{
    ct_pair p;
    ct_reader to_s, to_c;
    uint64_t expect = 0;
    size_t i;
    int e, cret, sret;

    ct_prefix("%s.", ct_vername(ver));
    ct_pair_new(&p, CT_MEM, ver, 0);
    REQUIRE(ct_handshake_nb(&p, &cret, &sret));
    ct_settle(&p);
    FACT("handshake.client", "%d", cret);
    FACT("handshake.server", "%d", sret);
    FACT("version", "%s", SSL_get_version(p.c));
    FACT("client.in_init", "%d", SSL_in_init(p.c));
    FACT("server.is_init_finished", "%d", SSL_is_init_finished(p.s));
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        one(&p, p.c, &to_s, sizes[i], 0, "c2s");
        one(&p, p.s, &to_c, sizes[i], 0, "s2c");
        expect += sizes[i];
    }
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        one(&p, p.c, &to_s, sizes[i], 1, "c2s");
        one(&p, p.s, &to_c, sizes[i], 1, "s2c");
        expect += sizes[i];
    }

    /* Several writes queued before any byte is moved: all arrive in order. */
    for (i = 0; i < 20; i++) {
        unsigned char *b = ct_patbuf(5000, expect + i * 5000);
        REQUIRE(SSL_write(p.c, b, 5000) == 5000);
        free(b);
    }
    e = ct_drain(&p, &to_s);
    FACT("c2s.queued_writes.read_err", "%d", e);
    FACT("c2s.queued_writes.intact", "%d", to_s.bad == 0 && to_s.got == expect + 100000);

    e = ct_close_and_drain(&p, p.c, &to_s);
    FACT("server.read_at_close.err", "%d", e);
    FACT("c2s.total_is_sum_of_writes", "%d", to_s.got == expect + 100000);
    e = ct_close_and_drain(&p, p.s, &to_c);
    FACT("client.read_at_close.err", "%d", e);
    FACT("s2c.total_is_sum_of_writes", "%d", to_c.got == expect);
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
