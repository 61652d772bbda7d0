/*
 * t_eof: the transport ends without a close_notify.
 *   - SSL_read: 0, SSL_ERROR_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING;
 *     with SSL_OP_IGNORE_UNEXPECTED_EOF: 0, SSL_ERROR_ZERO_RETURN, empty queue;
 *   - over a socketpair (peer closed its end), a memory BIO (mem EOF) and a BIO pair
 *     (peer side shut for writing); blocking and non-blocking sockets;
 *   - EOF in the middle of the handshake;
 *   - SSL_write towards a closed socket.
 */
#include "common.h"

static void rw_fact(const char *name, SSL *ssl, int r)
{
    char n[128];

    snprintf(n, sizeof(n), "%s.ret", name);
    FACT(n, "%d", r);
    snprintf(n, sizeof(n), "%s.err", name);
    FACT(n, "%d", SSL_get_error(ssl, r));
    snprintf(n, sizeof(n), "%s.errqueue", name);
    ct_err(n);
    ERR_clear_error();
}

/* Cut the server -> client direction (and for sockets, the server's whole end). */
static void cut(ct_pair *p)
{
    switch (p->kind) {
    case CT_SOCK_BLOCK:
    case CT_SOCK_NB:
        close(p->fd[1]);
        p->fd[1] = -1;
        break;
    case CT_MEM:
        ct_pump(p);
        BIO_set_mem_eof_return(p->c_in, 0);
        break;
    case CT_BIOPAIR:
        REQUIRE(BIO_shutdown_wr(p->s_bio) == 1);
        break;
    }
}

static const char *kname(int kind)
{
    switch (kind) {
    case CT_SOCK_BLOCK: return "sockblock";
    case CT_SOCK_NB: return "socknb";
    case CT_MEM: return "mem";
    default: return "biopair";
    }
}

static void after_data(int kind, int ver, int ignore)
{
    ct_pair p;
    unsigned char buf[200];
    ct_reader rd;
    int r;

    ct_prefix("%s.%s.%s.", ct_vername(ver), kname(kind), ignore ? "ignore_eof" : "default");
    ct_pair_connected(&p, kind, ver, 17000);
    if (ignore)
        SSL_set_options(p.c, SSL_OP_IGNORE_UNEXPECTED_EOF);
    /* some data first, which must still be delivered before the EOF is reported */
    ct_fill(buf, 150, 0);
    REQUIRE(SSL_write(p.s, buf, 150) == 150);
    cut(&p);
    ERR_clear_error();
    memset(buf, 0, sizeof(buf));
    r = SSL_read(p.c, buf, sizeof(buf));
    FACT("read0.ret", "%d", r);
    ct_reader_init(&rd, p.c);
    if (r > 0)
        ct_reader_feed(&rd, buf, (size_t)r);
    FACT("read0.intact", "%d", ct_reader_intact(&rd, 150));
    r = SSL_read(p.c, buf, sizeof(buf));
    rw_fact("read1", p.c, r);
    FACT("get_shutdown", "%d", SSL_get_shutdown(p.c));
    r = SSL_read(p.c, buf, sizeof(buf));
    rw_fact("read2", p.c, r);
    {
        size_t n = 3;
        r = SSL_read_ex(p.c, buf, sizeof(buf), &n);
        rw_fact("read_ex", p.c, r);
    }
    ct_pair_free(&p);
}

/*
 * The server end goes away after the ClientHello arrived: with the ClientHello read by the
 * server first (clean EOF), or left unread (the kernel then reports ECONNRESET).
 */
static void mid_handshake(int ver, int ignore, int reset)
{
    ct_pair p;
    int r;

    ct_prefix("%s.socknb.mid_handshake.%s.%s.", ct_vername(ver), reset ? "reset" : "eof",
              ignore ? "ignore_eof" : "default");
    ct_pair_new(&p, CT_SOCK_NB, ver, 0);
    if (ignore)
        SSL_set_options(p.c, SSL_OP_IGNORE_UNEXPECTED_EOF);
    ERR_clear_error();
    r = SSL_connect(p.c);
    rw_fact("connect1", p.c, r);
    if (!reset) {
        unsigned char raw[4096];
        int i;

        for (i = 0; i < 100 && read(p.fd[1], raw, sizeof(raw)) > 0; i++)
            ;
    }
    close(p.fd[1]);
    p.fd[1] = -1;
    r = SSL_connect(p.c);
    rw_fact("connect2", p.c, r);
    FACT("is_init_finished", "%d", SSL_is_init_finished(p.c));
    ct_pair_free(&p);
}

/* EOF in the middle of a record (memory BIO: only part of the record is delivered). */
static void truncated_record(int ver)
{
    ct_pair p;
    unsigned char buf[200];
    int r;
    size_t n;

    ct_prefix("%s.mem.truncated_record.", ct_vername(ver));
    ct_pair_connected(&p, CT_MEM, ver, 0);
    ct_fill(buf, 100, 0);
    REQUIRE(SSL_write(p.s, buf, 100) == 100);
    n = (size_t)BIO_ctrl_pending(p.s_out);
    {
        unsigned char *tmp = malloc(n);
        REQUIRE(tmp != NULL && BIO_read(p.s_out, tmp, (int)n) == (int)n);
        REQUIRE(BIO_write(p.c_in, tmp, (int)(n / 2)) == (int)(n / 2));
        free(tmp);
    }
    ERR_clear_error();
    r = SSL_read(p.c, buf, sizeof(buf));
    rw_fact("read_partial_record", p.c, r);
    BIO_set_mem_eof_return(p.c_in, 0);
    r = SSL_read(p.c, buf, sizeof(buf));
    rw_fact("read_at_eof", p.c, r);
    ct_pair_free(&p);
}

static void write_to_closed(int ver, int kind)
{
    ct_pair p;
    unsigned char buf[100];
    int r;

    ct_prefix("%s.%s.write_to_closed.", ct_vername(ver), kname(kind));
    ct_pair_connected(&p, kind, ver, 0);
    close(p.fd[1]);
    p.fd[1] = -1;
    ERR_clear_error();
    ct_fill(buf, sizeof(buf), 0);
    r = SSL_write(p.c, buf, sizeof(buf));
    rw_fact("write", p.c, r);
    ct_pair_free(&p);
}

int main(int argc, char **argv)
{
    static const int vers[] = { TLS1_2_VERSION, TLS1_3_VERSION };
    static const int kinds[] = { CT_SOCK_BLOCK, CT_SOCK_NB, CT_MEM, CT_BIOPAIR };
    int v, k, ig;

    ct_init(argc, argv);
    for (v = 0; v < 2; v++) {
        for (k = 0; k < 4; k++)
            for (ig = 0; ig < 2; ig++)
                after_data(kinds[k], vers[v], ig);
        mid_handshake(vers[v], 0, 0);
        mid_handshake(vers[v], 1, 0);
        mid_handshake(vers[v], 0, 1);
        truncated_record(vers[v]);
        write_to_closed(vers[v], CT_SOCK_NB);
        write_to_closed(vers[v], CT_SOCK_BLOCK);
    }
    return 0;
}
