/*
 * t_write_blocking: SSL_write / SSL_write_ex over a blocking socketpair.
 * A blocking write returns num only when all bytes were written; the peer (a thread doing
 * blocking SSL_read) receives every byte exactly once, in order.
 */
#include "common.h"

static const size_t sizes[] = { 1, 16384, 16385, 100000, CT_MIB };

/* One blocking write of len bytes from w, read by a thread on the peer. */
static void do_write(SSL *w, ct_reader *rd, size_t len, int use_ex, const char *dir)
{
    pthread_t th;
    unsigned char *buf = ct_patbuf(len, rd->got);
    uint64_t start = rd->got;
    char name[96];
    int ret;
    size_t written = 0;

    rd->want = start + len;
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, rd) == 0);
    if (use_ex)
        ret = SSL_write_ex(w, buf, len, &written);
    else
        ret = SSL_write(w, buf, (int)len);
    pthread_join(th, NULL);

    snprintf(name, sizeof(name), "%s.%s_%zu.ret", dir, use_ex ? "write_ex" : "write", len);
    FACT(name, "%d", ret);
    if (use_ex) {
        snprintf(name, sizeof(name), "%s.write_ex_%zu.written", dir, len);
        FACT(name, "%zu", written);
    }
    snprintf(name, sizeof(name), "%s.%s_%zu.received", dir, use_ex ? "write_ex" : "write", len);
    FACT(name, "%llu", (unsigned long long)(rd->got - start));
    snprintf(name, sizeof(name), "%s.%s_%zu.intact", dir, use_ex ? "write_ex" : "write", len);
    FACT(name, "%d", rd->bad == 0 && rd->got == start + len);
    free(buf);
}

static void *shutdown_thread(void *arg)
{
    SSL *s = arg;
    return (void *)(intptr_t)SSL_shutdown(s);
}

static void run(int ver)
{
    ct_pair p;
    ct_reader to_s, to_c;
    int cret, sret;
    size_t i;
    uint64_t expect_s;
    pthread_t th;
    void *tr;

    ct_prefix("%s.", ct_vername(ver));
    ct_pair_new(&p, CT_SOCK_BLOCK, ver, 0);
    REQUIRE(ct_handshake_blocking(&p, &cret, &sret));
    FACT("connect", "%d", cret);
    FACT("accept", "%d", sret);
    FACT("version", "%s", SSL_get_version(p.c));

    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        do_write(p.c, &to_s, sizes[i], 0, "c2s");
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        do_write(p.c, &to_s, sizes[i], 1, "c2s");
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        do_write(p.s, &to_c, sizes[i], 0, "s2c");
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        do_write(p.s, &to_c, sizes[i], 1, "s2c");
    /* many small writes in a row, then one big one: the stream stays in order */
    for (i = 0; i < 50; i++) {
        unsigned char *b = ct_patbuf(100, to_s.got);
        pthread_t t2;
        to_s.want = to_s.got + 100;
        REQUIRE(pthread_create(&t2, NULL, ct_reader_thread, &to_s) == 0);
        REQUIRE(SSL_write(p.c, b, 100) == 100);
        pthread_join(t2, NULL);
        free(b);
    }
    FACT("c2s.small_writes.intact", "%d", to_s.bad == 0);

    /* Exactly once: close and let the server read to the close_notify. */
    expect_s = 0;
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        expect_s += 2 * sizes[i];
    expect_s += 50 * 100;
    to_s.want = 0;
    REQUIRE(pthread_create(&th, NULL, ct_reader_thread, &to_s) == 0);
    FACT("client.shutdown1", "%d", SSL_shutdown(p.c));
    pthread_join(th, NULL);
    FACT("server.read_at_close.ret", "%d", to_s.last_ret);
    FACT("server.read_at_close.err", "%d", to_s.last_err);
    FACT("c2s.total_is_sum_of_writes", "%d", to_s.got == expect_s);
    FACT("c2s.all_intact", "%d", to_s.bad == 0);

    /* Server answers the close_notify; client's second shutdown sees it. */
    REQUIRE(pthread_create(&th, NULL, shutdown_thread, p.s) == 0);
    pthread_join(th, &tr);
    FACT("server.shutdown", "%d", (int)(intptr_t)tr);
    FACT("client.shutdown2", "%d", SSL_shutdown(p.c));
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
