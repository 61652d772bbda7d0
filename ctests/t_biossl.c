/*
 * t_biossl: the SSL BIO (BIO_f_ssl) family, as curl-era clients use it.
 *   - an SSL BIO alone: type and name, an uninitialised one, NULL context, BIO_gets,
 *     BIO_set_ssl_mode, the renegotiation knobs, two SSL BIOs chained and
 *     BIO_ssl_shutdown over both, BIO_pop detaching, BIO_dup_chain of a fresh chain;
 *   - a client chain BIO_new_ssl + BIO_push onto a BIO pair half (non-blocking):
 *     BIO_do_handshake retry flags, BIO_get_ssl, the SSL's BIOs, BIO_read/BIO_write/
 *     BIO_puts, BIO_pending/BIO_wpending, BIO_flush, close flag, renegotiation counting
 *     on TLS 1.3, BIO_ssl_shutdown, BIO_free_all;
 *   - the same onto a non-blocking socket BIO (freeing with BIO_CLOSE sends
 *     close_notify);
 *   - BIO_new_ssl_connect and BIO_new_buffer_ssl_connect against a server thread on
 *     127.0.0.1, and BIO_ssl_copy_session_id then a resumed connection (TLS 1.2, 1.3);
 *   - BIO_reset on an established chain, then a resumed handshake on the same chain;
 *   - a non-blocking connect BIO: SSL_ERROR_WANT_CONNECT and BIO_RR_CONNECT.
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>

static void errs(const char *name)
{
    unsigned long e;
    char buf[256];
    int n = 0;

    buf[0] = '\0';
    while ((e = ERR_get_error()) != 0 && n < 8) {
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof(buf) - l, "%s%d/%d", n ? " " : "", ERR_GET_LIB(e),
                 ERR_GET_REASON(e));
        n++;
    }
    ERR_clear_error();
    FACT(name, "%s", n ? buf : "none");
}

static void retry_facts(const char *name, BIO *b, long ret)
{
    char n[128];

    snprintf(n, sizeof(n), "%s.ret", name);
    FACT(n, "%ld", ret);
    snprintf(n, sizeof(n), "%s.retry", name);
    FACT(n, "retry=%d read=%d write=%d special=%d reason=%d", BIO_should_retry(b) != 0,
         BIO_should_read(b) != 0, BIO_should_write(b) != 0, BIO_should_io_special(b) != 0,
         BIO_get_retry_reason(b));
}

/* ------------------------------------------------------------------------- */

static void alone(void)
{
    SSL_CTX *cc = ct_client_ctx(0);
    BIO *b, *a, *p, *d;
    SSL *s = NULL, *sa = NULL, *sd = NULL;
    char buf[16];

    ct_prefix("alone.");
    b = BIO_new(BIO_f_ssl());
    REQUIRE(b != NULL);
    FACT("type", "%#x", BIO_method_type(b));
    FACT("name", "%s", BIO_method_name(b));
    ERR_clear_error();
    FACT("uninit.read", "%d", BIO_read(b, buf, sizeof(buf)));
    errs("uninit.read.err");
    FACT("uninit.get_ssl", "%ld null=%d", BIO_get_ssl(b, &s), s == NULL);
    FACT("uninit.pending", "%ld", (long)BIO_ctrl(b, BIO_CTRL_PENDING, 0, NULL));
    FACT("uninit.get_close", "%d", (int)BIO_get_close(b));
    BIO_free(b);
    errs("uninit.free.err");

    FACT("null_ctx", "%d", BIO_new_ssl(NULL, 1) == NULL);
    errs("null_ctx.err");
    FACT("connect.null_ctx", "%d", BIO_new_ssl_connect(NULL) == NULL);
    errs("connect.null_ctx.err");
    FACT("buffer.null_ctx", "%d", BIO_new_buffer_ssl_connect(NULL) == NULL);
    errs("buffer.null_ctx.err");

    /* mode, gets, renegotiation knobs, info, get_ssl */
    b = BIO_new_ssl(cc, 0);
    REQUIRE(b != NULL);
    FACT("get_ssl", "%ld", BIO_get_ssl(b, &s));
    REQUIRE(s != NULL);
    FACT("server", "%d", SSL_is_server(s));
    FACT("mode_client", "%ld server=%d", BIO_set_ssl_mode(b, 1), SSL_is_server(s));
    FACT("mode_server", "%ld server=%d", BIO_set_ssl_mode(b, 0), SSL_is_server(s));
    FACT("get_close", "%d", (int)BIO_get_close(b));
    FACT("info", "%ld", BIO_ctrl(b, BIO_CTRL_INFO, 0, NULL));
    FACT("gets", "%d", BIO_gets(b, buf, sizeof(buf)));
    errs("gets.err");
    FACT("reneg_bytes.100", "%ld", BIO_set_ssl_renegotiate_bytes(b, 100));
    FACT("reneg_bytes.1000", "%ld", BIO_set_ssl_renegotiate_bytes(b, 1000));
    FACT("reneg_bytes.2000", "%ld", BIO_set_ssl_renegotiate_bytes(b, 2000));
    FACT("reneg_timeout.10", "%ld", BIO_set_ssl_renegotiate_timeout(b, 10));
    FACT("reneg_timeout.100", "%ld", BIO_set_ssl_renegotiate_timeout(b, 100));
    FACT("num_renegotiates", "%ld", BIO_get_num_renegotiates(b));
    FACT("get_ssl.null_ptr", "%ld", BIO_ctrl(b, BIO_C_GET_SSL, 0, NULL));
    errs("misc.err");
    /* nothing started: freeing shuts nothing down and queues nothing */
    BIO_free(b);
    errs("free.err");

    /* two SSL BIOs chained: the first SSL reads and writes through the second */
    a = BIO_new_ssl(cc, 1);
    b = BIO_new_ssl(cc, 1);
    REQUIRE(a != NULL && b != NULL);
    BIO_get_ssl(a, &sa);
    REQUIRE(BIO_push(a, b) == a);
    FACT("chain.rbio_is_next", "%d", SSL_get_rbio(sa) == b);
    FACT("chain.wbio_is_next", "%d", SSL_get_wbio(sa) == b);
    FACT("chain.find", "%d", BIO_find_type(a, BIO_TYPE_SSL) == a);
    ERR_clear_error();
    BIO_ssl_shutdown(a); /* both in init: one error per SSL BIO */
    errs("chain.ssl_shutdown.err");
    FACT("chain.copy_no_session", "%d", BIO_ssl_copy_session_id(a, b));
    errs("chain.copy.err");
    p = BIO_pop(a);
    FACT("pop.is_b", "%d", p == b);
    FACT("pop.rbio_null", "%d", SSL_get_rbio(sa) == NULL);
    FACT("pop.wbio_null", "%d", SSL_get_wbio(sa) == NULL);
    BIO_free(a);
    BIO_free(b);
    errs("pop.free.err");

    /* copy_session_id: a chain without an SSL BIO */
    a = BIO_new(BIO_s_mem());
    b = BIO_new_ssl(cc, 1);
    FACT("copy.mem", "%d", BIO_ssl_copy_session_id(b, a));
    FACT("copy.mem2", "%d", BIO_ssl_copy_session_id(a, b));
    errs("copy.mem.err");
    BIO_free(a);

    /* dup of a chain whose handshake has not started: a new SSL, same role */
    a = BIO_new(BIO_s_mem());
    REQUIRE(BIO_push(b, a) == b);
    BIO_get_ssl(b, &sa);
    FACT("push_mem.rbio", "%d", SSL_get_rbio(sa) == a);
    d = BIO_dup_chain(b);
    FACT("dup", "%d", d != NULL);
    REQUIRE(d != NULL);
    FACT("dup.get_ssl", "%ld", BIO_get_ssl(d, &sd));
    FACT("dup.other_ssl", "%d", sd != sa && sd != NULL);
    FACT("dup.server", "%d", SSL_is_server(sd));
    FACT("dup.rbio_is_next", "%d", SSL_get_rbio(sd) == BIO_next(d) && BIO_next(d) != NULL);
    FACT("dup.next_type", "%#x", BIO_method_type(BIO_next(d)));
    FACT("dup.get_close", "%d", (int)BIO_get_close(d));
    errs("dup.err");
    BIO_free_all(d);
    BIO_free_all(b);
    errs("dup.free.err");

    /* BIO_set_ssl with BIO_NOCLOSE: the SSL outlives the BIO */
    sa = SSL_new(cc);
    b = BIO_new(BIO_f_ssl());
    FACT("set_ssl", "%ld", BIO_set_ssl(b, sa, BIO_NOCLOSE));
    FACT("set_ssl.next_null", "%d", BIO_next(b) == NULL);
    FACT("set_ssl.get_close", "%d", (int)BIO_get_close(b));
    BIO_free(b);
    FACT("noclose.alive", "%d", SSL_get_SSL_CTX(sa) == cc);
    SSL_free(sa);
    errs("noclose.err");

    SSL_CTX_free(cc);
    ct_prefix(NULL);
}

/* ------------------------------------------------------------------------- */

/* Drive the client chain `cb` and the server SSL `s` to the end of the handshake. */
static void handshake_chain(BIO *cb, SSL *s)
{
    int cdone = 0, sdone = 0, i, first = 1;

    for (i = 0; i < 1000 && !(cdone && sdone); i++) {
        if (!cdone) {
            long r = BIO_do_handshake(cb);
            if (first) {
                retry_facts("hs.first", cb, r);
                first = 0;
            }
            if (r == 1)
                cdone = 1;
            else
                REQUIRE(BIO_should_retry(cb));
        }
        if (!sdone) {
            int r = SSL_do_handshake(s);
            if (r == 1)
                sdone = 1;
            else
                REQUIRE(SSL_get_error(s, r) == SSL_ERROR_WANT_READ);
        }
    }
    REQUIRE(cdone && sdone);
    FACT("hs.done", "%d", 1);
    retry_facts("hs.again", cb, BIO_do_handshake(cb));
}

/* Read what the server sent until `want` bytes arrived (non-blocking, bounded). */
static int server_read(SSL *s, unsigned char *buf, int want)
{
    int got = 0, i;

    for (i = 0; i < 100 && got < want; i++) {
        int r = SSL_read(s, buf + got, want - got);
        if (r > 0)
            got += r;
        else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
            break;
    }
    return got;
}

static void over_pair(void)
{
    SSL_CTX *cc = ct_client_ctx(TLS1_3_VERSION), *sc = ct_server_ctx(TLS1_3_VERSION);
    BIO *cb, *ch, *sh;
    SSL *c = NULL, *s;
    unsigned char buf[4096], *big;
    char rb[64];
    int r, i;

    ct_prefix("pair.");
    REQUIRE(BIO_new_bio_pair(&ch, 0, &sh, 0) == 1);
    cb = BIO_new_ssl(cc, 1);
    REQUIRE(cb != NULL);
    REQUIRE(BIO_push(cb, ch) == cb);
    FACT("get_ssl", "%ld", BIO_get_ssl(cb, &c));
    REQUIRE(c != NULL);
    FACT("rbio_is_next", "%d", SSL_get_rbio(c) == ch);
    FACT("wbio_is_next", "%d", SSL_get_wbio(c) == ch);
    FACT("server", "%d", SSL_is_server(c));
    s = SSL_new(sc);
    REQUIRE(s != NULL);
    SSL_set_accept_state(s);
    SSL_set_bio(s, sh, sh);

    handshake_chain(cb, s);
    errs("hs.err");

    /* nothing to read yet (the server's tickets are consumed on the way) */
    retry_facts("read.empty", cb, BIO_read(cb, rb, sizeof(rb)));
    errs("read.empty.err");

    FACT("write", "%d", BIO_write(cb, "hello", 5));
    r = server_read(s, buf, 5);
    FACT("server.got", "%d %.*s", r, r, (char *)buf);
    FACT("puts", "%d", BIO_puts(cb, "line\n"));
    r = server_read(s, buf, 5);
    FACT("server.got2", "%d ok=%d", r, r == 5 && memcmp(buf, "line\n", 5) == 0);
    FACT("wpending", "%ld", (long)BIO_wpending(cb));
    FACT("flush", "%d", BIO_flush(cb));
    FACT("write.zero", "%d", BIO_write(cb, "", 0));
    FACT("gets", "%d", BIO_gets(cb, rb, sizeof(rb)));
    errs("gets.err");

    /* server data: pending counts the record waiting in the pair, then its plaintext */
    REQUIRE(SSL_write(s, "hello world", 11) == 11);
    FACT("pending.before", "%d", BIO_pending(cb) > 0);
    FACT("ctrl_pending.before", "%d", BIO_ctrl_pending(cb) > 0);
    r = BIO_read(cb, rb, 5);
    FACT("read5", "%d %.*s", r, r > 0 ? r : 0, rb);
    FACT("pending.after", "%d", BIO_pending(cb));
    r = BIO_read(cb, rb, sizeof(rb));
    FACT("read.rest", "%d %.*s", r, r > 0 ? r : 0, rb);
    retry_facts("read.drained", cb, BIO_read(cb, rb, sizeof(rb)));

    /* renegotiation bookkeeping on TLS 1.3: counted, refused by SSL_renegotiate */
    FACT("reneg_bytes", "%ld", BIO_set_ssl_renegotiate_bytes(cb, 1000));
    big = ct_patbuf(3000, 0);
    ERR_clear_error();
    FACT("write.big", "%d", BIO_write(cb, big, 3000));
    errs("write.big.err");
    r = server_read(s, buf, 3000);
    FACT("server.big", "%d intact=%d", r, r == 3000 && memcmp(buf, big, 3000) == 0);
    FACT("num_renegotiates", "%ld", BIO_get_num_renegotiates(cb));
    REQUIRE(SSL_write(s, big, 1500) == 1500);
    for (i = 0, r = 0; i < 10 && r < 1500; i++) {
        int n = BIO_read(cb, buf + r, 1500 - r);
        if (n <= 0)
            break;
        r += n;
    }
    FACT("read.big", "%d intact=%d", r, r == 1500 && memcmp(buf, big, 1500) == 0);
    FACT("num_renegotiates2", "%ld", BIO_get_num_renegotiates(cb));
    errs("read.big.err");
    free(big);

    /* close flag */
    FACT("get_close", "%d", (int)BIO_get_close(cb));
    FACT("set_close", "%d", (int)BIO_set_close(cb, BIO_NOCLOSE));
    FACT("get_close2", "%d", (int)BIO_get_close(cb));
    FACT("set_close2", "%d", (int)BIO_set_close(cb, BIO_CLOSE));

    /* BIO_ssl_shutdown: close_notify reaches the server */
    ERR_clear_error();
    BIO_ssl_shutdown(cb);
    FACT("shutdown.flags", "%d", SSL_get_shutdown(c));
    r = SSL_read(s, buf, sizeof(buf));
    FACT("server.after_shutdown", "%d err=%d", r, SSL_get_error(s, r));
    FACT("server.shutdown_reply", "%d", SSL_shutdown(s));
    r = BIO_read(cb, rb, sizeof(rb));
    FACT("read.after_close", "%d err=%d", r, SSL_get_error(c, r));
    FACT("read.after_close.retry", "%d", BIO_should_retry(cb) != 0);
    errs("shutdown.err");

    /* BIO_reset: the SSL starts over in its role, the pair half is reset; the next
       handshake on the same chain offers the session it had */
    REQUIRE(BIO_up_ref(sh) == 1);
    SSL_free(s);
    FACT("reset", "%d", (int)BIO_reset(cb));
    errs("reset.err");
    FACT("reset.same_ssl", "%d", BIO_get_ssl(cb, &s) == 1 && s == c);
    FACT("reset.shutdown_flags", "%d", SSL_get_shutdown(c));
    FACT("reset.in_init", "%d", SSL_in_init(c));
    FACT("reset.server", "%d", SSL_is_server(c));
    FACT("reset.reused", "%d", SSL_session_reused(c));
    s = SSL_new(sc);
    REQUIRE(s != NULL);
    SSL_set_accept_state(s);
    SSL_set_bio(s, sh, sh);
    ct_prefix("pair.again.");
    handshake_chain(cb, s);
    FACT("reused", "client=%d server=%d", SSL_session_reused(c), SSL_session_reused(s));
    FACT("write", "%d", BIO_write(cb, "again", 5));
    r = server_read(s, buf, 5);
    FACT("server.got", "%d %.*s", r, r, (char *)buf);
    errs("err");

    BIO_free_all(cb); /* the SSL and the client half */
    errs("free_all.err");
    SSL_free(s);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    ct_prefix(NULL);
}

static void over_socket(void)
{
    SSL_CTX *cc = ct_client_ctx(0), *sc = ct_server_ctx(0);
    BIO *cb, *sock;
    SSL *c = NULL, *s;
    int fd[2], r;
    unsigned char buf[64];
    char rb[64];

    ct_prefix("sock.");
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0);
    ct_set_nonblock(fd[0]);
    ct_set_nonblock(fd[1]);
    cb = BIO_new_ssl(cc, 1);
    sock = BIO_new_socket(fd[0], BIO_CLOSE);
    REQUIRE(cb != NULL && sock != NULL);
    REQUIRE(BIO_push(cb, sock) == cb);
    BIO_get_ssl(cb, &c);
    FACT("get_fd", "%d", BIO_get_fd(cb, NULL) == fd[0]);
    FACT("fd", "%d", SSL_get_fd(c) == fd[0]);
    s = SSL_new(sc);
    SSL_set_accept_state(s);
    REQUIRE(SSL_set_fd(s, fd[1]) == 1);

    handshake_chain(cb, s);
    FACT("version", "%s", SSL_get_version(c));
    retry_facts("read.empty", cb, BIO_read(cb, rb, sizeof(rb)));
    REQUIRE(SSL_write(s, "ping", 4) == 4);
    r = BIO_read(cb, rb, sizeof(rb));
    FACT("read", "%d %.*s", r, r > 0 ? r : 0, rb);
    FACT("write", "%d", BIO_write(cb, "pong", 4));
    r = server_read(s, buf, 4);
    FACT("server.got", "%d %.*s", r, r, (char *)buf);
    errs("io.err");

    /* freeing with BIO_CLOSE shuts the SSL down: close_notify, then the socket closes */
    BIO_free_all(cb);
    errs("free_all.err");
    r = SSL_read(s, buf, sizeof(buf));
    FACT("server.after_free", "%d err=%d", r, SSL_get_error(s, r));
    SSL_free(s);
    close(fd[1]);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    ct_prefix(NULL);
}

/* ------------------------------------------------------------------------- */
/* BIO_new_ssl_connect against a server thread                                */
/* ------------------------------------------------------------------------- */

#define NCONN 3

typedef struct {
    int lfd;
    SSL_CTX *ctx;
    int accept_ret[NCONN], reused[NCONN], got[NCONN];
} server_arg;

static void *server_thread(void *arg)
{
    server_arg *a = arg;
    int i;

    for (i = 0; i < NCONN; i++) {
        int fd = accept(a->lfd, NULL, NULL);
        SSL *s;
        char line[64];
        int n = 0, r;

        if (fd < 0)
            break;
        s = SSL_new(a->ctx);
        SSL_set_fd(s, fd);
        a->accept_ret[i] = SSL_accept(s);
        a->reused[i] = SSL_session_reused(s);
        if (a->accept_ret[i] == 1) {
            /* read one line, answer it */
            while (n < (int)sizeof(line) - 1) {
                r = SSL_read(s, line + n, 1);
                if (r <= 0)
                    break;
                n += r;
                if (line[n - 1] == '\n')
                    break;
            }
            a->got[i] = n;
            SSL_write(s, "reply\n", 6);
            /* wait for the client's close_notify (or EOF), then answer it */
            r = SSL_read(s, line, sizeof(line));
            if (r <= 0 && SSL_get_error(s, r) == SSL_ERROR_ZERO_RETURN)
                SSL_shutdown(s);
        }
        SSL_free(s);
        close(fd);
        ERR_clear_error();
    }
    return NULL;
}

static SSL *client_conn(BIO *cb, const char *tag, BIO *gets_via)
{
    SSL *c = NULL;
    char n[64], rb[64];
    long r;

    snprintf(n, sizeof(n), "%s.handshake", tag);
    r = BIO_do_handshake(cb);
    FACT(n, "%ld", r);
    if (r != 1) {
        errs("handshake.err");
        return NULL;
    }
    snprintf(n, sizeof(n), "%s.get_ssl", tag);
    FACT(n, "%ld", BIO_get_ssl(cb, &c));
    snprintf(n, sizeof(n), "%s.puts", tag);
    FACT(n, "%d", BIO_puts(cb, "GET /\n"));
    snprintf(n, sizeof(n), "%s.flush", tag);
    FACT(n, "%d", BIO_flush(cb));
    if (gets_via != NULL) {
        r = BIO_gets(gets_via, rb, sizeof(rb));
    } else {
        int got = 0, i;
        for (i = 0; i < 20 && got < 6; i++) {
            int k = BIO_read(cb, rb + got, 6 - got);
            if (k <= 0)
                break;
            got += k;
        }
        r = got;
    }
    snprintf(n, sizeof(n), "%s.reply", tag);
    FACT(n, "%ld %.*s", r, r > 0 ? (int)r - 1 : 0, rb);
    snprintf(n, sizeof(n), "%s.reused", tag);
    FACT(n, "%d", SSL_session_reused(c));
    return c;
}

static void connect_case(int ver)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx(ver);
    struct sockaddr_in sa;
    socklen_t sl = sizeof(sa);
    server_arg a;
    pthread_t th;
    char host[64];
    BIO *b1, *b2, *b3;
    SSL *c1, *c2;
    int i;

    ct_prefix("connect.%s.", ct_vername(ver));
    memset(&a, 0, sizeof(a));
    a.ctx = sc;
    SSL_CTX_set_session_id_context(sc, (const unsigned char *)"t_biossl", 8);
    a.lfd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(a.lfd >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(a.lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    REQUIRE(listen(a.lfd, 8) == 0);
    REQUIRE(getsockname(a.lfd, (struct sockaddr *)&sa, &sl) == 0);
    snprintf(host, sizeof(host), "127.0.0.1:%d", ntohs(sa.sin_port));
    REQUIRE(pthread_create(&th, NULL, server_thread, &a) == 0);

    /* first connection: a full handshake */
    b1 = BIO_new_ssl_connect(cc);
    REQUIRE(b1 != NULL);
    FACT("type", "%#x next=%#x", BIO_method_type(b1), BIO_method_type(BIO_next(b1)));
    FACT("set_hostname", "%ld", BIO_set_conn_hostname(b1, host));
    c1 = client_conn(b1, "first", NULL);
    REQUIRE(c1 != NULL);
    FACT("first.session", "%d", SSL_get_session(c1) != NULL);
    ERR_clear_error();
    BIO_ssl_shutdown(b1);
    FACT("first.shutdown", "%d", SSL_get_shutdown(c1) & SSL_SENT_SHUTDOWN);

    /* second: the first one's session, copied over */
    b2 = BIO_new_ssl_connect(cc);
    REQUIRE(b2 != NULL);
    BIO_set_conn_hostname(b2, host);
    FACT("copy_session_id", "%d", BIO_ssl_copy_session_id(b2, b1));
    BIO_get_ssl(b2, &c2);
    FACT("copied", "%d", SSL_get_session(c2) == SSL_get_session(c1));
    c2 = client_conn(b2, "second", NULL);
    REQUIRE(c2 != NULL);
    BIO_ssl_shutdown(b2);
    BIO_free_all(b1);
    BIO_free_all(b2);

    /* third: behind a buffering BIO, which also gives BIO_gets */
    b3 = BIO_new_buffer_ssl_connect(cc);
    REQUIRE(b3 != NULL);
    FACT("buffer.types", "%#x %#x %#x", BIO_method_type(b3), BIO_method_type(BIO_next(b3)),
         BIO_method_type(BIO_next(BIO_next(b3))));
    FACT("buffer.set_hostname", "%ld", BIO_set_conn_hostname(b3, host));
    REQUIRE(client_conn(b3, "third", b3) != NULL);
    BIO_ssl_shutdown(b3);
    BIO_free_all(b3);
    errs("err");

    pthread_join(th, NULL);
    for (i = 0; i < NCONN; i++) {
        char n[32];
        snprintf(n, sizeof(n), "server%d", i);
        FACT(n, "accept=%d reused=%d line=%d", a.accept_ret[i], a.reused[i], a.got[i]);
    }
    close(a.lfd);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    ct_prefix(NULL);
}

/* A non-blocking connect BIO: the first BIO_do_handshake waits for the connection
   (SSL_ERROR_WANT_CONNECT, BIO_RR_CONNECT), later ones for the server's answer. */
static void nb_connect(void)
{
    SSL_CTX *cc = ct_client_ctx(0);
    struct sockaddr_in sa;
    socklen_t sl = sizeof(sa);
    char host[64];
    int lfd, i;
    long r;
    BIO *b;
    SSL *c = NULL;

    ct_prefix("nbconnect.");
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(lfd >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    REQUIRE(listen(lfd, 4) == 0); /* never accepted: the kernel completes the connection */
    REQUIRE(getsockname(lfd, (struct sockaddr *)&sa, &sl) == 0);
    snprintf(host, sizeof(host), "127.0.0.1:%d", ntohs(sa.sin_port));
    b = BIO_new_ssl_connect(cc);
    REQUIRE(b != NULL);
    BIO_set_conn_hostname(b, host);
    BIO_set_nbio(b, 1);
    BIO_get_ssl(b, &c);
    r = BIO_do_handshake(b);
    FACT("first.error", "%d", SSL_get_error(c, (int)r));
    retry_facts("first", b, r);
    for (i = 0; i < 2000; i++) {
        r = BIO_do_handshake(b);
        if (!(BIO_should_io_special(b) && BIO_get_retry_reason(b) == BIO_RR_CONNECT))
            break;
        usleep(1000);
    }
    FACT("later.error", "%d", SSL_get_error(c, (int)r));
    retry_facts("later", b, r);
    errs("err");
    BIO_free_all(b);
    close(lfd);
    SSL_CTX_free(cc);
    ct_prefix(NULL);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    alone();
    over_pair();
    over_socket();
    connect_case(TLS1_2_VERSION);
    connect_case(TLS1_3_VERSION);
    nb_connect();
    return 0;
}
