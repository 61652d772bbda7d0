/*
 * t_custombio: the application's own BIO_METHOD (as curl and others use), wrapping memory
 * BIOs. The custom write accepts at most 1000 bytes per call and refuses every second call
 * with a retry; the custom read hands out at most 1000 bytes and spuriously asks to retry on
 * every third call. Handshake, large writes (which must report WANT_WRITE first, then
 * complete on retries with the same arguments), reads, shutdown: everything intact.
 */
#include "common.h"

typedef struct {
    BIO *under;
    unsigned long wcalls, rcalls;
} cb_data;

static BIO_METHOD *cb_method;

static int cb_write(BIO *b, const char *buf, int len)
{
    cb_data *d = BIO_get_data(b);
    int n;

    BIO_clear_retry_flags(b);
    if (len <= 0)
        return 0;
    if (++d->wcalls % 2 == 0) {
        BIO_set_retry_write(b);
        return -1;
    }
    n = len < 1000 ? len : 1000;
    return BIO_write(d->under, buf, n);
}

static int cb_read(BIO *b, char *buf, int len)
{
    cb_data *d = BIO_get_data(b);
    int n;

    BIO_clear_retry_flags(b);
    if (len <= 0)
        return 0;
    if (++d->rcalls % 3 == 0) {
        BIO_set_retry_read(b);
        return -1;
    }
    n = BIO_read(d->under, buf, len < 1000 ? len : 1000);
    if (n <= 0) {
        BIO_set_retry_read(b);
        return -1;
    }
    return n;
}

static long cb_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    cb_data *d = BIO_get_data(b);

    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_CTRL_PENDING:
        return (long)BIO_ctrl_pending(d->under);
    case BIO_CTRL_WPENDING:
        return 0;
    default:
        return 0;
    }
}

static int cb_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static int cb_destroy(BIO *b)
{
    free(BIO_get_data(b));
    BIO_set_data(b, NULL);
    return 1;
}

static BIO *cb_wrap(BIO *under)
{
    BIO *b = BIO_new(cb_method);
    cb_data *d = calloc(1, sizeof(*d));

    REQUIRE(b != NULL && d != NULL);
    d->under = under;
    BIO_set_data(b, d);
    return b;
}

/* Drain until several consecutive drains bring nothing new (reads retry spuriously). */
static int drain_all(ct_pair *p, ct_reader *rd)
{
    int i, quiet = 0, e = SSL_ERROR_WANT_READ;

    for (i = 0; i < 10000 && quiet < 6; i++) {
        uint64_t before = rd->got;

        e = ct_drain(p, rd);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
            return e;
        quiet = rd->got == before ? quiet + 1 : 0;
    }
    return e;
}

static void run(int ver)
{
    static const size_t sizes[] = { 1, 999, 1000, 1001, 16384, 16385, CT_MIB };
    ct_pair p;
    ct_reader to_s, to_c;
    size_t i;
    uint64_t total = 0;
    int ok, cr, sr, e;

    ct_prefix("%s.", ct_vername(ver));
    memset(&p, 0, sizeof(p));
    p.cctx = ct_client_ctx(ver);
    p.sctx = ct_server_ctx(ver);
    p.own_ctx = 1;
    p.kind = CT_MEM;
    p.fd[0] = p.fd[1] = -1;
    p.c = SSL_new(p.cctx);
    p.s = SSL_new(p.sctx);
    REQUIRE(p.c && p.s);
    p.c_in = BIO_new(BIO_s_mem());
    p.c_out = BIO_new(BIO_s_mem());
    p.s_in = BIO_new(BIO_s_mem());
    p.s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(p.c, cb_wrap(p.c_in), cb_wrap(p.c_out));
    SSL_set_bio(p.s, cb_wrap(p.s_in), cb_wrap(p.s_out));
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);

    ok = ct_handshake_nb(&p, &cr, &sr);
    FACT("handshake_ok", "%d", ok);
    REQUIRE(ok);
    ct_settle(&p);
    FACT("version", "%s", SSL_get_version(p.c));
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *b = ct_patbuf(sizes[i], to_s.got);
        ct_wres w;
        char name[64];

        w = ct_write_retry(&p, p.c, b, (int)sizes[i], &to_s, 0);
        drain_all(&p, &to_s);
        if (sizes[i] > 2000) {
            /* more than two BIO calls' worth: cannot complete in one SSL_write */
            snprintf(name, sizeof(name), "c2s.write_%zu.first_ret", sizes[i]);
            FACT(name, "%d", w.first_ret);
            snprintf(name, sizeof(name), "c2s.write_%zu.first_err", sizes[i]);
            FACT(name, "%d", w.first_err);
        }
        snprintf(name, sizeof(name), "c2s.write_%zu.final_ret", sizes[i]);
        FACT(name, "%d", w.ret);
        total += sizes[i];
        snprintf(name, sizeof(name), "c2s.write_%zu.intact", sizes[i]);
        FACT(name, "%d", ct_reader_intact(&to_s, total));
        free(b);
    }
    REQUIRE(ct_send_pattern(&p, p.s, &to_c, 0, 300000, 25000));
    drain_all(&p, &to_c);
    FACT("s2c.300000.intact", "%d", ct_reader_intact(&to_c, 300000));

    e = ct_close_and_drain(&p, p.c, &to_s);
    if (e == SSL_ERROR_WANT_READ)
        e = drain_all(&p, &to_s);
    FACT("close.server_read_err", "%d", e);
    FACT("c2s.total_exact", "%d", ct_reader_intact(&to_s, total));
    {
        BIO *mems[4] = { p.c_in, p.c_out, p.s_in, p.s_out };
        ct_pair_free(&p);
        for (i = 0; i < 4; i++)
            BIO_free(mems[i]);
    }
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    cb_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "ctests custom");
    REQUIRE(cb_method != NULL);
    BIO_meth_set_write(cb_method, cb_write);
    BIO_meth_set_read(cb_method, cb_read);
    BIO_meth_set_ctrl(cb_method, cb_ctrl);
    BIO_meth_set_create(cb_method, cb_create);
    BIO_meth_set_destroy(cb_method, cb_destroy);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    BIO_meth_free(cb_method);
    return 0;
}
