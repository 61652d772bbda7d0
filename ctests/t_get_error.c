/*
 * t_get_error: SSL_get_error(ssl, ret) in every situation.
 *   ret > 0 -> SSL_ERROR_NONE even with errors queued;
 *   ret <= 0 with an error queued -> SSL_ERROR_SSL, or SSL_ERROR_SYSCALL when the first
 *   queued error is ERR_LIB_SYS; nothing queued on a fresh connection -> SSL_ERROR_SYSCALL;
 *   WANT_READ / WANT_WRITE from the last call; ZERO_RETURN after close_notify.
 * SSL_get_error never pops the queue: the queue is printed before and after, and counted.
 */
#include "common.h"

static int count_and_clear(void)
{
    int n = 0;

    while (ERR_get_error() != 0 && n < 1000)
        n++;
    return n;
}

/* Print SSL_get_error for ret, with the queue before/after. */
static void ge(const char *tag, SSL *ssl, int ret)
{
    char name[128];

    snprintf(name, sizeof(name), "%s.queue_before", tag);
    ct_err(name);
    snprintf(name, sizeof(name), "%s.get_error(%d)", tag, ret);
    FACT(name, "%d", SSL_get_error(ssl, ret));
    snprintf(name, sizeof(name), "%s.queue_after", tag);
    ct_err(name);
}

static void queue_cases(void)
{
    SSL_CTX *ctx = ct_client_ctx(0);
    SSL *ssl = SSL_new(ctx);

    REQUIRE(ssl != NULL);
    ct_prefix("fresh.");
    ERR_clear_error();
    ge("empty", ssl, 0);
    ge("empty", ssl, -1);
    ge("empty", ssl, 1);
    ge("empty", ssl, 100);

    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ge("ssl_err", ssl, 1);
    ge("ssl_err", ssl, 0);
    ge("ssl_err", ssl, -1);
    FACT("ssl_err.queue_count_after", "%d", count_and_clear());

    ERR_raise(ERR_LIB_SYS, ECONNRESET);
    ge("sys_err", ssl, 0);
    ge("sys_err", ssl, -1);
    ge("sys_err", ssl, 5);
    FACT("sys_err.queue_count_after", "%d", count_and_clear());

    ERR_raise(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
    ge("evp_err", ssl, -1);
    FACT("evp_err.queue_count_after", "%d", count_and_clear());

    ERR_raise(ERR_LIB_SYS, EPIPE);
    ERR_raise(ERR_LIB_SSL, SSL_R_UNINITIALIZED);
    ge("sys_then_ssl", ssl, -1);
    FACT("sys_then_ssl.queue_count_after", "%d", count_and_clear());

    ERR_raise(ERR_LIB_SSL, SSL_R_UNINITIALIZED);
    ERR_raise(ERR_LIB_SYS, EPIPE);
    ge("ssl_then_sys", ssl, -1);
    FACT("ssl_then_sys.queue_count_after", "%d", count_and_clear());

    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void state_cases(int ver)
{
    ct_pair p;
    unsigned char buf[100];
    unsigned char *big = ct_patbuf(65536, 0);
    int r, e;

    /* WANT_READ from the handshake */
    ct_prefix("%s.handshake.", ct_vername(ver));
    ct_pair_new(&p, CT_BIOPAIR, ver, 4096);
    ERR_clear_error();
    r = SSL_do_handshake(p.c);
    FACT("client_first.ret", "%d", r);
    ge("client_first", p.c, r);
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ge("client_first_with_queued_ssl_err", p.c, r);
    ERR_clear_error();
    ERR_raise(ERR_LIB_SYS, EINTR);
    ge("client_first_with_queued_sys_err", p.c, r);
    ERR_clear_error();
    ge("client_first_again", p.c, r);
    ct_handshake(&p);

    /* WANT_READ from SSL_read / SSL_read_ex / SSL_peek with nothing to read */
    ct_prefix("%s.read_nothing.", ct_vername(ver));
    r = SSL_read(p.c, buf, sizeof(buf));
    FACT("read.ret", "%d", r);
    ge("read", p.c, r);
    {
        size_t n = 0;
        r = SSL_read_ex(p.c, buf, sizeof(buf), &n);
        FACT("read_ex.ret", "%d", r);
        ge("read_ex", p.c, r);
        r = SSL_peek_ex(p.c, buf, sizeof(buf), &n);
        FACT("peek_ex.ret", "%d", r);
        ge("peek_ex", p.c, r);
    }
    r = SSL_peek(p.c, buf, sizeof(buf));
    FACT("peek.ret", "%d", r);
    ge("peek", p.c, r);
    /* a queued error wins over the want state */
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ge("with_queued_ssl_err", p.c, r);
    FACT("with_queued_ssl_err.queue_count_after", "%d", count_and_clear());
    ge("after_clear", p.c, r);
    ge("positive_ret", p.c, 1);

    /* a successful call resets the want state */
    ct_prefix("%s.after_success.", ct_vername(ver));
    ct_fill(buf, 10, 0);
    r = SSL_write(p.c, buf, 10);
    FACT("write.ret", "%d", r);
    ge("write_ok_then_asked_with_minus1", p.c, -1);
    ge("write_ok_then_asked_with_0", p.c, 0);
    {
        ct_reader rd;
        ct_reader_init(&rd, p.s);
        ct_drain(&p, &rd);
        FACT("peer_got_10", "%d", ct_reader_intact(&rd, 10));
    }

    /* WANT_WRITE: 64 KiB into a 4096-byte BIO pair, peer not reading */
    ct_prefix("%s.write_blocked.", ct_vername(ver));
    r = SSL_write(p.c, big, 65536);
    FACT("write.ret", "%d", r);
    ge("write", p.c, r);
    ge("write_asked_again", p.c, r);
    ERR_raise(ERR_LIB_SYS, EAGAIN);
    ge("write_with_queued_sys_err", p.c, r);
    ERR_clear_error();
    /* the last call decides: now a read that wants to read */
    r = SSL_read(p.c, buf, sizeof(buf));
    FACT("then_read.ret", "%d", r);
    ge("then_read", p.c, r);
    /* finish the write */
    {
        ct_reader rd;
        ct_wres w;
        ct_reader_init(&rd, p.s);
        w = ct_write_retry(&p, p.c, big, 65536, &rd, 0);
        ct_drain(&p, &rd);
        FACT("retried_write.ret", "%d", w.ret);
        FACT("peer_intact", "%d", ct_reader_intact(&rd, 65536));
    }

    /* ZERO_RETURN after the peer's close_notify */
    ct_prefix("%s.closed.", ct_vername(ver));
    r = SSL_shutdown(p.s);
    FACT("server_shutdown.ret", "%d", r);
    ct_pump(&p);
    r = SSL_read(p.c, buf, sizeof(buf));
    FACT("read.ret", "%d", r);
    ge("read", p.c, r);
    ge("read_asked_with_minus1", p.c, -1);
    ge("positive_ret", p.c, 1);
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ge("with_queued_ssl_err", p.c, 0);
    ERR_clear_error();
    ERR_raise(ERR_LIB_SYS, EPIPE);
    ge("with_queued_sys_err", p.c, 0);
    ERR_clear_error();
    {
        size_t n = 5;
        r = SSL_read_ex(p.c, buf, sizeof(buf), &n);
        FACT("read_ex.ret", "%d", r);
        ge("read_ex", p.c, r);
    }
    e = SSL_get_shutdown(p.c);
    FACT("client.get_shutdown", "%d", e);
    ct_pair_free(&p);
    free(big);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    queue_cases();
    state_cases(TLS1_2_VERSION);
    state_cases(TLS1_3_VERSION);
    return 0;
}
