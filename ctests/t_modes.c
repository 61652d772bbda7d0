/*
 * t_modes: modes, options, protocol version bounds and simple accessors.
 *   - default mode of a new SSL_CTX; set/clear/get mode on SSL_CTX and SSL and their
 *     SSL_CTX_ctrl / SSL_ctrl forms (SSL_CTRL_MODE, SSL_CTRL_CLEAR_MODE) return values;
 *     SSL_new copies the mode; later changes do not propagate either way;
 *   - SSL_MODE_AUTO_RETRY cleared / SSL_MODE_RELEASE_BUFFERS set: connections still work;
 *   - options set/clear/get, copied by SSL_new, their effect (SSL_OP_NO_TLSv1_3 ...);
 *   - min/max protocol version setters and getters, their effect;
 *   - SSL_version / SSL_get_version, SSL_is_server, SSL_in_init / SSL_is_init_finished /
 *     SSL_in_before before and after the handshake;
 *   - SSL_set_fd / SSL_get_fd / SSL_get_rfd / SSL_get_wfd, SSL_get_rbio / SSL_get_wbio,
 *     SSL_set0_rbio / SSL_set0_wbio, SSL_set_bio with one BIO for both directions.
 */
#include "common.h"

#define X(v) ((unsigned long long)(v))

static void modes(void)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sc = SSL_CTX_new(TLS_server_method());
    SSL_CTX *gc = SSL_CTX_new(TLS_method());
    SSL *s1, *s2;

    ct_prefix("mode.");
    REQUIRE(cc && sc && gc);
    FACT("default.client_ctx", "0x%lx", SSL_CTX_get_mode(cc));
    FACT("default.server_ctx", "0x%lx", SSL_CTX_get_mode(sc));
    FACT("default.generic_ctx", "0x%lx", SSL_CTX_get_mode(gc));

    FACT("ctx_set_partial.ret", "0x%lx", SSL_CTX_set_mode(cc, SSL_MODE_ENABLE_PARTIAL_WRITE));
    FACT("ctx_set_moving.ret", "0x%lx", SSL_CTX_set_mode(cc, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER));
    FACT("ctx_get", "0x%lx", SSL_CTX_get_mode(cc));
    FACT("ctx_clear_auto_retry.ret", "0x%lx", SSL_CTX_clear_mode(cc, SSL_MODE_AUTO_RETRY));
    FACT("ctx_get_after_clear", "0x%lx", SSL_CTX_get_mode(cc));
    FACT("ctx_ctrl_mode_0.ret", "0x%lx", SSL_CTX_ctrl(cc, SSL_CTRL_MODE, 0, NULL));
    FACT("ctx_ctrl_mode_release.ret", "0x%lx",
         SSL_CTX_ctrl(cc, SSL_CTRL_MODE, SSL_MODE_RELEASE_BUFFERS, NULL));
    FACT("ctx_ctrl_clear_release.ret", "0x%lx",
         SSL_CTX_ctrl(cc, SSL_CTRL_CLEAR_MODE, SSL_MODE_RELEASE_BUFFERS, NULL));
    FACT("ctx_set_auto_retry.ret", "0x%lx", SSL_CTX_set_mode(cc, SSL_MODE_AUTO_RETRY));
    FACT("ctx_set_already_set.ret", "0x%lx", SSL_CTX_set_mode(cc, SSL_MODE_AUTO_RETRY));
    FACT("ctx_clear_not_set.ret", "0x%lx", SSL_CTX_clear_mode(cc, SSL_MODE_NO_AUTO_CHAIN));

    s1 = SSL_new(cc);
    REQUIRE(s1 != NULL);
    FACT("ssl_new_copies_ctx", "0x%lx", SSL_get_mode(s1));
    FACT("ctx_set_release_after_new.ret", "0x%lx", SSL_CTX_set_mode(cc, SSL_MODE_RELEASE_BUFFERS));
    FACT("existing_ssl_unchanged", "0x%lx", SSL_get_mode(s1));
    s2 = SSL_new(cc);
    REQUIRE(s2 != NULL);
    FACT("new_ssl_sees_ctx_change", "0x%lx", SSL_get_mode(s2));
    FACT("ssl_set_no_auto_chain.ret", "0x%lx", SSL_set_mode(s1, SSL_MODE_NO_AUTO_CHAIN));
    FACT("ctx_unchanged_by_ssl_set", "0x%lx", SSL_CTX_get_mode(cc));
    FACT("other_ssl_unchanged_by_ssl_set", "0x%lx", SSL_get_mode(s2));
    FACT("ssl_clear_partial.ret", "0x%lx", SSL_clear_mode(s1, SSL_MODE_ENABLE_PARTIAL_WRITE));
    FACT("ssl_get", "0x%lx", SSL_get_mode(s1));
    FACT("ssl_ctrl_mode_0.ret", "0x%lx", SSL_ctrl(s1, SSL_CTRL_MODE, 0, NULL));
    FACT("ssl_ctrl_mode_send_fallback.ret", "0x%lx",
         SSL_ctrl(s1, SSL_CTRL_MODE, SSL_MODE_SEND_FALLBACK_SCSV, NULL));
    FACT("ssl_ctrl_clear_all.ret", "0x%lx", SSL_ctrl(s1, SSL_CTRL_CLEAR_MODE, 0xff, NULL));
    FACT("ssl_get_after_clear_all", "0x%lx", SSL_get_mode(s1));
    FACT("ctx_clear_all.ret", "0x%lx", SSL_CTX_clear_mode(cc, 0xff));
    FACT("ssl2_unchanged_by_ctx_clear", "0x%lx", SSL_get_mode(s2));
    SSL_free(s1);
    SSL_free(s2);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    SSL_CTX_free(gc);
}

/* A connection with the given client/server modes still moves data both ways. */
static void modes_work(int ver, long set, long clear, const char *tag)
{
    ct_pair p;
    ct_reader to_s, to_c;

    ct_prefix("mode_works.%s.%s.", ct_vername(ver), tag);
    ct_pair_new(&p, CT_BIOPAIR, ver, 17000);
    if (set) {
        SSL_set_mode(p.c, set);
        SSL_set_mode(p.s, set);
    }
    if (clear) {
        SSL_clear_mode(p.c, clear);
        SSL_clear_mode(p.s, clear);
    }
    FACT("client_mode", "0x%lx", SSL_get_mode(p.c));
    ct_handshake(&p);
    ct_reader_init(&to_s, p.s);
    ct_reader_init(&to_c, p.c);
    REQUIRE(ct_send_pattern(&p, p.c, &to_s, 0, 300000, 70000));
    REQUIRE(ct_send_pattern(&p, p.s, &to_c, 0, 300000, 50000));
    ct_drain(&p, &to_s);
    ct_drain(&p, &to_c);
    FACT("c2s_intact", "%d", ct_reader_intact(&to_s, 300000));
    FACT("s2c_intact", "%d", ct_reader_intact(&to_c, 300000));
    FACT("close.read_err", "%d", ct_close_and_drain(&p, p.c, &to_s));
    ct_pair_free(&p);
}

static void options(void)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sc = SSL_CTX_new(TLS_server_method());
    SSL *s1, *s2;

    ct_prefix("options.");
    REQUIRE(cc && sc);
    FACT("default.client_ctx", "0x%llx", X(SSL_CTX_get_options(cc)));
    FACT("default.server_ctx", "0x%llx", X(SSL_CTX_get_options(sc)));
    FACT("ctx_set_no_tls13.ret", "0x%llx", X(SSL_CTX_set_options(cc, SSL_OP_NO_TLSv1_3)));
    FACT("ctx_set_ignore_eof.ret", "0x%llx", X(SSL_CTX_set_options(cc, SSL_OP_IGNORE_UNEXPECTED_EOF)));
    FACT("ctx_get", "0x%llx", X(SSL_CTX_get_options(cc)));
    FACT("ctx_clear_no_tls13.ret", "0x%llx", X(SSL_CTX_clear_options(cc, SSL_OP_NO_TLSv1_3)));
    FACT("ctx_clear_not_set.ret", "0x%llx", X(SSL_CTX_clear_options(cc, SSL_OP_NO_TLSv1_2)));
    s1 = SSL_new(cc);
    REQUIRE(s1 != NULL);
    FACT("ssl_new_copies_ctx", "0x%llx", X(SSL_get_options(s1)));
    FACT("ctx_set_after_new.ret", "0x%llx", X(SSL_CTX_set_options(cc, SSL_OP_NO_TLSv1_2)));
    FACT("existing_ssl_unchanged", "0x%llx", X(SSL_get_options(s1)));
    s2 = SSL_new(cc);
    REQUIRE(s2 != NULL);
    FACT("new_ssl_sees_ctx_change", "0x%llx", X(SSL_get_options(s2)));
    FACT("ssl_set_no_tls13.ret", "0x%llx", X(SSL_set_options(s1, SSL_OP_NO_TLSv1_3)));
    FACT("ctx_unchanged_by_ssl_set", "0x%llx", X(SSL_CTX_get_options(cc)));
    FACT("ssl_clear_ignore_eof.ret", "0x%llx", X(SSL_clear_options(s1, SSL_OP_IGNORE_UNEXPECTED_EOF)));
    FACT("ssl_get", "0x%llx", X(SSL_get_options(s1)));
    SSL_free(s1);
    SSL_free(s2);
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
}

/* Handshake with per-side options / version bounds; prints the outcome. */
static void negotiate(const char *tag, uint64_t copts, uint64_t sopts, int cmin, int cmax,
                      int smin, int smax)
{
    SSL_CTX *cc = ct_client_ctx(0), *sc = ct_server_ctx(0);
    ct_pair p;
    int cr = 0, sr = 0, ok;

    ct_prefix("negotiate.%s.", tag);
    if (copts)
        SSL_CTX_set_options(cc, copts);
    if (sopts)
        SSL_CTX_set_options(sc, sopts);
    REQUIRE(SSL_CTX_set_min_proto_version(cc, cmin) == 1);
    REQUIRE(SSL_CTX_set_max_proto_version(cc, cmax) == 1);
    REQUIRE(SSL_CTX_set_min_proto_version(sc, smin) == 1);
    REQUIRE(SSL_CTX_set_max_proto_version(sc, smax) == 1);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    p.own_ctx = 1;
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cr, &sr);
    FACT("ok", "%d", ok);
    if (ok) {
        FACT("client.version", "0x%x", SSL_version(p.c));
        FACT("client.get_version", "%s", SSL_get_version(p.c));
        FACT("server.version", "0x%x", SSL_version(p.s));
        FACT("server.get_version", "%s", SSL_get_version(p.s));
    } else {
        /* print each side's outcome; the error queue is per thread, so look at both
         * sides' last call results only */
        FACT("client.ret", "%d", cr);
        FACT("server.ret", "%d", sr);
    }
    ct_pair_free(&p);
}

/* Failure outcome per side, with that side's ERR entry (each side run separately). */
static void version_mismatch(void)
{
    SSL_CTX *cc = ct_client_ctx(0), *sc = ct_server_ctx(0);
    ct_pair p;
    int i, r, e;

    ct_prefix("negotiate.client12_server13.");
    REQUIRE(SSL_CTX_set_max_proto_version(cc, TLS1_2_VERSION) == 1);
    REQUIRE(SSL_CTX_set_min_proto_version(sc, TLS1_3_VERSION) == 1);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    p.own_ctx = 1;
    ERR_clear_error();
    r = SSL_do_handshake(p.c);
    FACT("client.first.ret", "%d", r);
    FACT("client.first.err", "%d", SSL_get_error(p.c, r));
    ERR_clear_error();
    r = SSL_do_handshake(p.s);
    e = SSL_get_error(p.s, r);
    FACT("server.ret", "%d", r);
    FACT("server.err", "%d", e);
    ct_err("server.errqueue");
    ERR_clear_error();
    for (i = 0; i < 10; i++) {
        r = SSL_do_handshake(p.c);
        e = SSL_get_error(p.c, r);
        if (e != SSL_ERROR_WANT_READ)
            break;
    }
    FACT("client.ret", "%d", r);
    FACT("client.err", "%d", e);
    ct_err("client.errqueue");
    ERR_clear_error();
    ct_pair_free(&p);
}

static void versions(void)
{
    SSL_CTX *cc = SSL_CTX_new(TLS_client_method());
    SSL *s;

    ct_prefix("proto.");
    REQUIRE(cc != NULL);
    FACT("ctx_default_min", "0x%lx", (long)SSL_CTX_get_min_proto_version(cc));
    FACT("ctx_default_max", "0x%lx", (long)SSL_CTX_get_max_proto_version(cc));
    FACT("ctx_set_min_12.ret", "%d", (int)SSL_CTX_set_min_proto_version(cc, TLS1_2_VERSION));
    FACT("ctx_get_min", "0x%lx", (long)SSL_CTX_get_min_proto_version(cc));
    FACT("ctx_set_max_13.ret", "%d", (int)SSL_CTX_set_max_proto_version(cc, TLS1_3_VERSION));
    FACT("ctx_get_max", "0x%lx", (long)SSL_CTX_get_max_proto_version(cc));
    FACT("ctx_set_max_0.ret", "%d", (int)SSL_CTX_set_max_proto_version(cc, 0));
    FACT("ctx_get_max_after_0", "0x%lx", (long)SSL_CTX_get_max_proto_version(cc));
    FACT("ctx_set_min_bogus.ret", "%d", (int)SSL_CTX_set_min_proto_version(cc, 0x1234));
    FACT("ctx_get_min_after_bogus", "0x%lx", (long)SSL_CTX_get_min_proto_version(cc));
    ERR_clear_error();
    FACT("ctx_set_max_12.ret", "%d", (int)SSL_CTX_set_max_proto_version(cc, TLS1_2_VERSION));
    s = SSL_new(cc);
    REQUIRE(s != NULL);
    FACT("ssl_new_copies_min", "0x%lx", (long)SSL_get_min_proto_version(s));
    FACT("ssl_new_copies_max", "0x%lx", (long)SSL_get_max_proto_version(s));
    FACT("ssl_set_max_13.ret", "%d", (int)SSL_set_max_proto_version(s, TLS1_3_VERSION));
    FACT("ssl_get_max", "0x%lx", (long)SSL_get_max_proto_version(s));
    FACT("ctx_max_unchanged", "0x%lx", (long)SSL_CTX_get_max_proto_version(cc));
    FACT("ssl_set_min_13.ret", "%d", (int)SSL_set_min_proto_version(s, TLS1_3_VERSION));
    FACT("ssl_get_min", "0x%lx", (long)SSL_get_min_proto_version(s));
    SSL_free(s);
    SSL_CTX_free(cc);

    negotiate("default", 0, 0, 0, 0, 0, 0);
    negotiate("client_max12", 0, 0, 0, TLS1_2_VERSION, 0, 0);
    negotiate("server_max12", 0, 0, 0, 0, 0, TLS1_2_VERSION);
    negotiate("client_no_tls13", SSL_OP_NO_TLSv1_3, 0, 0, 0, 0, 0);
    negotiate("server_no_tls13", 0, SSL_OP_NO_TLSv1_3, 0, 0, 0, 0);
    negotiate("client_min12_no_tls12", SSL_OP_NO_TLSv1_2, 0, TLS1_2_VERSION, 0, 0, 0);
    negotiate("server_min12_no_tls12", 0, SSL_OP_NO_TLSv1_2, 0, 0, TLS1_2_VERSION, 0);
    negotiate("pinned13", 0, 0, TLS1_3_VERSION, TLS1_3_VERSION, TLS1_3_VERSION, TLS1_3_VERSION);
    version_mismatch();
}

static void accessors(void)
{
    SSL_CTX *cc = ct_client_ctx(0), *sc = ct_server_ctx(0), *gc = SSL_CTX_new(TLS_method());
    SSL *c, *s, *g;
    int fds[2], fds2[2];
    BIO *a, *b;
    ct_pair p;

    ct_prefix("fresh.");
    REQUIRE(gc != NULL);
    c = SSL_new(cc);
    s = SSL_new(sc);
    g = SSL_new(gc);
    REQUIRE(c && s && g);
    FACT("client_method.is_server", "%d", SSL_is_server(c));
    FACT("server_method.is_server", "%d", SSL_is_server(s));
    FACT("generic_method.is_server", "%d", SSL_is_server(g));
    SSL_set_connect_state(g);
    FACT("generic_after_set_connect_state.is_server", "%d", SSL_is_server(g));
    SSL_set_accept_state(g);
    FACT("generic_after_set_accept_state.is_server", "%d", SSL_is_server(g));
    SSL_set_accept_state(c);
    FACT("client_method_after_set_accept_state.is_server", "%d", SSL_is_server(c));
    FACT("client.in_init", "%d", SSL_in_init(c));
    FACT("client.in_before", "%d", SSL_in_before(c));
    FACT("client.is_init_finished", "%d", SSL_is_init_finished(c));
    FACT("client.version", "0x%x", SSL_version(c));
    FACT("client.get_version", "%s", SSL_get_version(c));
    FACT("server.version", "0x%x", SSL_version(s));
    FACT("server.get_version", "%s", SSL_get_version(s));
    FACT("generic.version", "0x%x", SSL_version(g));
    FACT("generic.get_version", "%s", SSL_get_version(g));
    {
        SSL_CTX *c12 = ct_client_ctx(TLS1_2_VERSION);
        SSL *x = SSL_new(c12);
        REQUIRE(x != NULL);
        FACT("client_pinned12.version", "0x%x", SSL_version(x));
        FACT("client_pinned12.get_version", "%s", SSL_get_version(x));
        SSL_free(x);
        SSL_CTX_free(c12);
    }
    FACT("get_fd", "%d", SSL_get_fd(c));
    FACT("get_rfd", "%d", SSL_get_rfd(c));
    FACT("get_wfd", "%d", SSL_get_wfd(c));
    FACT("rbio_is_null", "%d", SSL_get_rbio(c) == NULL);
    FACT("wbio_is_null", "%d", SSL_get_wbio(c) == NULL);
    FACT("get_SSL_CTX_is_ctx", "%d", SSL_get_SSL_CTX(c) == cc);
    FACT("pending", "%d", SSL_pending(c));
    FACT("has_pending", "%d", SSL_has_pending(c));
    FACT("verify_mode", "%d", SSL_get_verify_mode(c));
    FACT("server.verify_mode", "%d", SSL_get_verify_mode(s));
    FACT("ctx.verify_mode", "%d", SSL_CTX_get_verify_mode(cc));
    FACT("get_shutdown", "%d", SSL_get_shutdown(c));
    FACT("key_update_type", "%d", SSL_get_key_update_type(c));

    ct_prefix("fd.");
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds2) == 0);
    FACT("set_fd.ret", "%d", SSL_set_fd(c, fds[0]));
    FACT("get_fd_is_fd", "%d", SSL_get_fd(c) == fds[0]);
    FACT("get_rfd_is_fd", "%d", SSL_get_rfd(c) == fds[0]);
    FACT("get_wfd_is_fd", "%d", SSL_get_wfd(c) == fds[0]);
    FACT("rbio_eq_wbio", "%d", SSL_get_rbio(c) == SSL_get_wbio(c) && SSL_get_rbio(c) != NULL);
    FACT("rbio_type_is_socket", "%d", BIO_method_type(SSL_get_rbio(c)) == BIO_TYPE_SOCKET);
    FACT("set_wfd_other.ret", "%d", SSL_set_wfd(c, fds2[0]));
    FACT("after_set_wfd.rfd_is_fd", "%d", SSL_get_rfd(c) == fds[0]);
    FACT("after_set_wfd.wfd_is_other", "%d", SSL_get_wfd(c) == fds2[0]);
    FACT("after_set_wfd.rbio_ne_wbio", "%d", SSL_get_rbio(c) != SSL_get_wbio(c));
    FACT("set_rfd_other.ret", "%d", SSL_set_rfd(c, fds2[0]));
    FACT("after_set_rfd.rfd_is_other", "%d", SSL_get_rfd(c) == fds2[0]);

    a = BIO_new(BIO_s_mem());
    b = BIO_new(BIO_s_mem());
    SSL_set0_rbio(c, a);
    FACT("set0_rbio.rbio_is_a", "%d", SSL_get_rbio(c) == a);
    FACT("set0_rbio.rfd", "%d", SSL_get_rfd(c));
    SSL_set0_wbio(c, b);
    FACT("set0_wbio.wbio_is_b", "%d", SSL_get_wbio(c) == b);
    FACT("set0_wbio.rbio_still_a", "%d", SSL_get_rbio(c) == a);
    FACT("set0_wbio.fd", "%d", SSL_get_fd(c));
    a = BIO_new(BIO_s_mem());
    SSL_set_bio(c, a, a);
    FACT("set_bio_same.rbio_is_a", "%d", SSL_get_rbio(c) == a);
    FACT("set_bio_same.wbio_is_a", "%d", SSL_get_wbio(c) == a);
    SSL_set_bio(c, NULL, NULL);
    FACT("set_bio_null.rbio_is_null", "%d", SSL_get_rbio(c) == NULL);
    FACT("set_bio_null.wbio_is_null", "%d", SSL_get_wbio(c) == NULL);
    SSL_free(c);
    SSL_free(s);
    SSL_free(g);
    close(fds[0]);
    close(fds[1]);
    close(fds2[0]);
    close(fds2[1]);

    /* a real connection over SSL_set_bio(ssl, b, b) with memory BIOs on one side is the
     * CT_BIOPAIR kind; here: after the handshake */
    ct_prefix("after_handshake.");
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    FACT("client.in_init_before", "%d", SSL_in_init(p.c));
    FACT("client.in_before_before", "%d", SSL_in_before(p.c));
    ct_handshake(&p);
    FACT("client.in_init", "%d", SSL_in_init(p.c));
    FACT("client.in_before", "%d", SSL_in_before(p.c));
    FACT("client.is_init_finished", "%d", SSL_is_init_finished(p.c));
    FACT("server.is_init_finished", "%d", SSL_is_init_finished(p.s));
    FACT("client.is_server", "%d", SSL_is_server(p.c));
    FACT("server.is_server", "%d", SSL_is_server(p.s));
    FACT("client.rbio_eq_wbio", "%d", SSL_get_rbio(p.c) == SSL_get_wbio(p.c));
    FACT("client.rbio_is_pair_half", "%d", SSL_get_rbio(p.c) == p.c_bio);
    FACT("client.fd", "%d", SSL_get_fd(p.c));
    FACT("client.get_SSL_CTX_is_ctx", "%d", SSL_get_SSL_CTX(p.c) == cc);
    ct_pair_free(&p);

    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
    SSL_CTX_free(gc);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    modes();
    modes_work(TLS1_2_VERSION, SSL_MODE_RELEASE_BUFFERS, 0, "release_buffers");
    modes_work(TLS1_3_VERSION, SSL_MODE_RELEASE_BUFFERS, 0, "release_buffers");
    modes_work(TLS1_2_VERSION, 0, SSL_MODE_AUTO_RETRY, "no_auto_retry");
    modes_work(TLS1_3_VERSION, 0, SSL_MODE_AUTO_RETRY, "no_auto_retry");
    modes_work(TLS1_3_VERSION, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
               SSL_MODE_AUTO_RETRY, "release_moving_no_auto_retry");
    options();
    versions();
    accessors();
    return 0;
}
