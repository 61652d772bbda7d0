/*
 * t_moving: retrying a blocked write (WANT_WRITE, a record pending in a 4096-byte BIO pair)
 *   - at the same address without SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: completes intact;
 *   - at another address without the mode: -1, SSL_ERROR_SSL, SSL_R_BAD_WRITE_RETRY, and the
 *     connection is unusable afterwards;
 *   - at other addresses with the mode (old buffers overwritten each time): completes intact;
 *   - with fewer bytes than the pending record (with and without the mode): SSL_R_BAD_LENGTH.
 */
#include "common.h"

#define LEN 65536

static void new_pair(ct_pair *p, int ver, long mode)
{
    ct_pair_new(p, CT_BIOPAIR, ver, 4096);
    if (mode)
        SSL_set_mode(p->c, mode);
    ct_handshake(p);
}

/* First call on an empty 4096-byte pair with the peer not reading: must block. */
static void first_call(ct_pair *p, const unsigned char *buf)
{
    int r = SSL_write(p->c, buf, LEN);

    FACT("first.ret", "%d", r);
    FACT("first.err", "%d", SSL_get_error(p->c, r));
}

static void after_failure(ct_pair *p, ct_reader *rd, const unsigned char *buf)
{
    int r;

    ERR_clear_error();
    r = SSL_write(p->c, buf, LEN);
    FACT("later_write.ret", "%d", r);
    FACT("later_write.err", "%d", SSL_get_error(p->c, r));
    ct_err("later_write.errqueue");
    /* The peer never gets the complete write. */
    ct_drain(p, rd);
    FACT("peer.received_all", "%d", rd->got == LEN);
}

static void run(int ver)
{
    ct_pair p;
    ct_reader rd;
    unsigned char *a = ct_patbuf(LEN, 0), *b = ct_patbuf(LEN, 0), *c = ct_patbuf(LEN, 0);
    unsigned char *cur, *other;
    int r, e, i;

    /* 1. same address, no mode */
    ct_prefix("%s.same_address.", ct_vername(ver));
    new_pair(&p, ver, 0);
    ct_reader_init(&rd, p.s);
    first_call(&p, a);
    {
        ct_wres w = ct_write_retry(&p, p.c, a, LEN, &rd, 0);
        FACT("final.ret", "%d", w.ret);
    }
    ct_drain(&p, &rd);
    FACT("received_intact", "%d", ct_reader_intact(&rd, LEN));
    ct_pair_free(&p);

    /* 2. other address, no mode */
    ct_prefix("%s.moved_no_mode.", ct_vername(ver));
    new_pair(&p, ver, 0);
    ct_reader_init(&rd, p.s);
    FACT("mode_has_moving", "%d", (SSL_get_mode(p.c) & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER) != 0);
    first_call(&p, a);
    ct_drain(&p, &rd);
    r = SSL_write(p.c, b, LEN);
    FACT("retry.ret", "%d", r);
    FACT("retry.err", "%d", SSL_get_error(p.c, r));
    ct_err("retry.errqueue");
    after_failure(&p, &rd, b);
    ct_pair_free(&p);

    /* 3. other addresses, with the mode; the old buffer is overwritten before each retry */
    ct_prefix("%s.moved_with_mode.", ct_vername(ver));
    new_pair(&p, ver, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    ct_reader_init(&rd, p.s);
    FACT("mode_has_moving", "%d", (SSL_get_mode(p.c) & SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER) != 0);
    ct_fill(a, LEN, 0);
    first_call(&p, a);
    cur = a;
    other = b;
    r = -1;
    for (i = 0; i < CT_MAX_ITERS; i++) {
        /* copy the data to another buffer, scribble over the one just used */
        ct_fill(other, LEN, 0);
        memset(cur, 0xEE, LEN);
        cur = other;
        other = (cur == b) ? c : b;
        ct_drain(&p, &rd);
        r = SSL_write(p.c, cur, LEN);
        if (r > 0)
            break;
        e = SSL_get_error(p.c, r);
        if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
            break;
    }
    FACT("final.ret", "%d", r);
    ct_drain(&p, &rd);
    FACT("received_intact", "%d", ct_reader_intact(&rd, LEN));
    /* the connection keeps working */
    ct_fill(a, 1000, LEN);
    r = SSL_write(p.c, a, 1000);
    FACT("next_write.ret", "%d", r);
    ct_drain(&p, &rd);
    FACT("next_write.received_intact", "%d", ct_reader_intact(&rd, LEN + 1000));
    ct_pair_free(&p);

    /* 4. fewer bytes than the pending record, without and with the mode */
    for (i = 0; i < 2; i++) {
        ct_prefix("%s.shorter_retry%s.", ct_vername(ver), i ? "_with_mode" : "");
        new_pair(&p, ver, i ? SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER : 0);
        ct_reader_init(&rd, p.s);
        ct_fill(a, LEN, 0);
        first_call(&p, a);
        ct_drain(&p, &rd);
        r = SSL_write(p.c, a, 100);
        FACT("retry_100.ret", "%d", r);
        FACT("retry_100.err", "%d", SSL_get_error(p.c, r));
        ct_err("retry_100.errqueue");
        after_failure(&p, &rd, a);
        ct_pair_free(&p);
    }

    /* 5. SSL_write_ex: other address without the mode */
    ct_prefix("%s.write_ex_moved_no_mode.", ct_vername(ver));
    new_pair(&p, ver, 0);
    ct_reader_init(&rd, p.s);
    ct_fill(a, LEN, 0);
    {
        size_t w = 0;
        r = SSL_write_ex(p.c, a, LEN, &w);
        FACT("first.ret", "%d", r);
        FACT("first.err", "%d", SSL_get_error(p.c, r));
        ct_drain(&p, &rd);
        r = SSL_write_ex(p.c, b, LEN, &w);
        FACT("retry.ret", "%d", r);
        FACT("retry.err", "%d", SSL_get_error(p.c, r));
        ct_err("retry.errqueue");
    }
    ct_pair_free(&p);

    free(a);
    free(b);
    free(c);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    run(TLS1_2_VERSION);
    run(TLS1_3_VERSION);
    return 0;
}
