/*
 * t_misc: the smaller parts of the API.
 *   SSL_CIPHER NIDs / is_aead / SSL_CIPHER_find for every suite both libraries offer;
 *   compression (none); alert and handshake-state strings and SSL_get_state through a
 *   handshake; TLSv1_2_method and TLSv1_client_method; security levels; the PEM password
 *   callback with an encrypted key (right and wrong password); certificate and key
 *   getters; client CA lists on both sides; read-ahead; post-handshake auth and early
 *   data refusals; async fds; SSL_sendfile without kTLS; the certificate callback
 *   (choosing the certificate, failing the handshake); DH / ECDH parameters; extra chain
 *   certificates and chain controls; SSL_get1_groups; OCSP status type.
 */
#include "common.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <openssl/dh.h>
#include <openssl/ec.h>

static const char *common[] = {
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", NULL };

static int is_common(const char *n)
{
    for (int i = 0; common[i]; i++)
        if (strcmp(common[i], n) == 0)
            return 1;
    return 0;
}

static void ciphers(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *sk = SSL_get_ciphers(s);
    unsigned char ff[2] = { 0xff, 0xff };

    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i), *f;
        unsigned char id[2];
        uint32_t v = SSL_CIPHER_get_id(c);

        if (!is_common(SSL_CIPHER_get_name(c)))
            continue;
        id[0] = (unsigned char)(v >> 8);
        id[1] = (unsigned char)v;
        f = SSL_CIPHER_find(s, id);
        ct_prefix("cipher[%s].", SSL_CIPHER_get_name(c));
        FACT("nids", "auth=%d cipher=%d digest=%d kx=%d aead=%d", SSL_CIPHER_get_auth_nid(c),
             SSL_CIPHER_get_cipher_nid(c), SSL_CIPHER_get_digest_nid(c),
             SSL_CIPHER_get_kx_nid(c), SSL_CIPHER_is_aead(c));
        FACT("find", "%s", f ? SSL_CIPHER_get_name(f) : "NULL");
    }
    ct_prefix(NULL);
    FACT("find_ffff", "%s", SSL_CIPHER_find(s, ff) ? "found" : "NULL");
    /* compression: none */
    FACT("comp.methods", "%d", sk_SSL_COMP_num(SSL_COMP_get_compression_methods()));
    FACT("comp.current", "%s %s", SSL_get_current_compression(s) ? "set" : "NULL",
         SSL_get_current_expansion(s) ? "set" : "NULL");
    FACT("comp.add_null", "%d", SSL_COMP_add_compression_method(200, NULL));
    FACT("comp.name_null", "%s", SSL_COMP_get_name(NULL) ? "set" : "NULL");
    ct_err("comp.err");
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void alerts(void)
{
    static const int levels[] = { 0, 1, 2, 3, -1 };

    for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
        int v = levels[l] * 256;

        printf("alert.type[%d]: %s %s\n", v, SSL_alert_type_string(v), SSL_alert_type_string_long(v));
    }
    for (int d = 0; d < 256; d++)
        printf("alert.desc[%d]: %s %s\n", d, SSL_alert_desc_string(0x200 | d),
               SSL_alert_desc_string_long(0x200 | d));
}

static void state(const char *who, SSL *s)
{
    FACT(who, "%d %s / %s", (int)SSL_get_state(s), SSL_state_string(s), SSL_state_string_long(s));
}

static void states(int ver)
{
    ct_pair p;
    int r;

    ct_prefix("states.%s.", ct_vername(ver));
    ct_pair_new(&p, CT_MEM, ver, 0);
    state("c.fresh", p.c);
    state("s.fresh", p.s);
    r = SSL_do_handshake(p.s);
    FACT("s.first", "%d err=%d", r, SSL_get_error(p.s, r));
    state("s.waiting", p.s);
    r = SSL_do_handshake(p.c);
    FACT("c.first", "%d err=%d", r, SSL_get_error(p.c, r));
    state("c.sent_hello", p.c);
    ct_pump(&p);
    r = SSL_do_handshake(p.s);
    FACT("s.second", "%d err=%d", r, SSL_get_error(p.s, r));
    state("s.sent_flight", p.s);
    ct_handshake(&p);
    state("c.done", p.c);
    state("s.done", p.s);
    ct_pair_free(&p);

    /* a client answered with a fatal alert */
    ct_pair_new(&p, CT_MEM, ver, 0);
    r = SSL_do_handshake(p.c);
    BIO_write(p.c_in, "\x15\x03\x03\x00\x02\x02\x28", 7);
    r = SSL_do_handshake(p.c);
    FACT("alerted", "%d err=%d", r, SSL_get_error(p.c, r));
    state("c.alerted", p.c);
    ct_pair_free(&p);
    ct_prefix(NULL);
    ERR_clear_error();
}

static void methods(void)
{
    SSL_CTX *c12 = SSL_CTX_new(TLSv1_2_client_method()), *s = ct_server_ctx(0), *c10;
    ct_pair p;
    int cr, sr;

    ct_prefix("tls12_method.");
    FACT("bounds", "%ld %ld", SSL_CTX_get_min_proto_version(c12), SSL_CTX_get_max_proto_version(c12));
    FACT("set_max13", "%ld", (long)SSL_CTX_set_max_proto_version(c12, TLS1_3_VERSION));
    FACT("bounds_after", "%ld %ld", SSL_CTX_get_min_proto_version(c12),
         SSL_CTX_get_max_proto_version(c12));
    ct_pair_init(&p, CT_MEM, c12, s, 0);
    FACT("is_server", "%d", SSL_is_server(p.c));
    ct_handshake(&p);
    FACT("negotiated", "%s %s", SSL_get_version(p.c), SSL_get_version(p.s));
    ct_pair_free(&p);
    SSL_CTX_free(c12);

    ct_prefix("tls10_method.");
    c10 = SSL_CTX_new(TLSv1_client_method());
    FACT("ctx", "%s", c10 ? "made" : "NULL");
    ct_err("ctx_err");
    ct_pair_init(&p, CT_MEM, c10, s, 0);
    FACT("handshake", "%d", ct_handshake_nb(&p, &cr, &sr));
    FACT("client", "%d err=%d", cr, SSL_get_error(p.c, cr));
    ct_err("client_err");
    ct_pair_free(&p);
    SSL_CTX_free(c10);
    SSL_CTX_free(s);
    ct_prefix(NULL);
    ERR_clear_error();
}

static void levels(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    static const int lv[] = { 0, 1, 3, 5, 7, -3, 2 };

    FACT("level.default", "%d", SSL_CTX_get_security_level(ctx));
    for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
        SSL_CTX_set_security_level(ctx, lv[i]);
        printf("level.set[%d]: %d\n", lv[i], SSL_CTX_get_security_level(ctx));
    }
    SSL_CTX_set_security_level(ctx, 3);
    s = SSL_new(ctx);
    FACT("level.ssl_inherits", "%d", SSL_get_security_level(s));
    SSL_set_security_level(s, 1);
    FACT("level.ssl_set", "%d ctx=%d", SSL_get_security_level(s), SSL_CTX_get_security_level(ctx));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static int pw_calls;
static int pw_marker;

static int pw_cb(char *buf, int size, int rwflag, void *u)
{
    const char *pw = u == &pw_marker ? "secret" : "wrong";

    pw_calls++;
    (void)rwflag;
    strncpy(buf, pw, (size_t)size);
    return (int)strlen(pw);
}

static void passwords(void)
{
    char path[] = "/tmp/t_misc_keyXXXXXX";
    int fd = mkstemp(path);
    FILE *in = fopen(ct_path("server.key"), "r"), *out;
    EVP_PKEY *k;
    SSL_CTX *ctx;
    SSL *s;
    int r;

    REQUIRE(fd >= 0 && in != NULL);
    k = PEM_read_PrivateKey(in, NULL, NULL, NULL);
    fclose(in);
    out = fdopen(fd, "w");
    REQUIRE(k != NULL && out != NULL);
    REQUIRE(PEM_write_PrivateKey(out, k, EVP_aes_256_cbc(), (unsigned char *)"secret", 6, NULL,
                                 NULL) == 1);
    fclose(out);
    EVP_PKEY_free(k);

    ctx = SSL_CTX_new(TLS_method());
    REQUIRE(SSL_CTX_use_certificate_file(ctx, ct_path("server.pem"), SSL_FILETYPE_PEM) == 1);
    FACT("pw.default_cb", "%s %s", SSL_CTX_get_default_passwd_cb(ctx) ? "set" : "NULL",
         SSL_CTX_get_default_passwd_cb_userdata(ctx) ? "set" : "NULL");
    SSL_CTX_set_default_passwd_cb(ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
    FACT("pw.get_cb", "%d", SSL_CTX_get_default_passwd_cb(ctx) == pw_cb);
    ERR_clear_error();
    r = SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM);
    FACT("pw.wrong", "ret=%d calls=%d", r, pw_calls);
    {
        unsigned long e = ERR_peek_last_error();

        FACT("pw.wrong_err", "first_lib=%d last_lib=%d last_reason=%d",
             ERR_GET_LIB(ERR_peek_error()), ERR_GET_LIB(e), ERR_GET_REASON(e));
    }
    ERR_clear_error();
    pw_calls = 0;
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &pw_marker);
    FACT("pw.get_ud", "%d", SSL_CTX_get_default_passwd_cb_userdata(ctx) == &pw_marker);
    r = SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM);
    FACT("pw.right", "ret=%d calls=%d check=%d", r, pw_calls, SSL_CTX_check_private_key(ctx));
    ct_err("pw.right_err");

    /* per connection: the SSL copies the context's callback; its own can be changed */
    s = SSL_new(ctx);
    FACT("pw.ssl_inherits", "%d %d", SSL_get_default_passwd_cb(s) == pw_cb,
         SSL_get_default_passwd_cb_userdata(s) == &pw_marker);
    SSL_set_default_passwd_cb_userdata(s, NULL);
    pw_calls = 0;
    r = SSL_use_PrivateKey_file(s, path, SSL_FILETYPE_PEM);
    FACT("pw.ssl_wrong", "ret=%d calls=%d", r, pw_calls);
    ERR_clear_error();
    SSL_set_default_passwd_cb_userdata(s, &pw_marker);
    r = SSL_use_PrivateKey_file(s, path, SSL_FILETYPE_PEM);
    FACT("pw.ssl_right", "ret=%d", r);
    ct_err("pw.ssl_err");
    SSL_free(s);
    SSL_CTX_free(ctx);
    unlink(path);
}

static int verify_cb(int ok, X509_STORE_CTX *x)
{
    (void)x;
    return ok;
}

static void getters(void)
{
    SSL_CTX *ctx = ct_server_ctx(0);
    SSL *s;
    X509 *x;

    FACT("get.ctx", "cert=%s key=%s", SSL_CTX_get0_certificate(ctx) ? "set" : "NULL",
         SSL_CTX_get0_privatekey(ctx) ? "set" : "NULL");
    FACT("get.verify_cb", "%d", SSL_CTX_get_verify_callback(ctx) == NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, verify_cb);
    s = SSL_new(ctx);
    FACT("get.verify_cb_set", "%d %d", SSL_CTX_get_verify_callback(ctx) == verify_cb,
         SSL_get_verify_callback(s) == verify_cb);
    x = SSL_get_certificate(s);
    FACT("get.ssl_cert", "%d", x != NULL && X509_cmp(x, SSL_CTX_get0_certificate(ctx)) == 0);
    FACT("get.ssl_key", "%s", SSL_get_privatekey(s) ? "set" : "NULL");
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void print_names(const char *name, STACK_OF(X509_NAME) *sk)
{
    char buf[256] = "";

    if (sk != NULL && sk_X509_NAME_num(sk) > 0)
        X509_NAME_oneline(sk_X509_NAME_value(sk, 0), buf, sizeof(buf));
    FACT(name, "%s n=%d first=%s", sk ? "list" : "NULL", sk ? sk_X509_NAME_num(sk) : -1, buf);
}

static void ca_lists(void)
{
    SSL_CTX *sctx = ct_server_ctx(TLS1_3_VERSION), *cctx = ct_client_ctx(TLS1_3_VERSION);
    STACK_OF(X509_NAME) *names, *dup;
    ct_pair p;

    print_names("ca.ctx_empty", SSL_CTX_get_client_CA_list(sctx));
    SSL_CTX_set_client_CA_list(sctx, SSL_load_client_CA_file(ct_path("ca.pem")));
    print_names("ca.ctx_set", SSL_CTX_get_client_CA_list(sctx));
    /* the list handed out stays until it changes: a second call returns the same one,
     * and the first is still readable after it (valgrind runs would see a freed one) */
    {
        STACK_OF(X509_NAME) *first = SSL_CTX_get_client_CA_list(sctx);
        STACK_OF(X509_NAME) *second = SSL_CTX_get_client_CA_list(sctx);
        FACT("ca.ctx_same_list", "%d n=%d", first == second, sk_X509_NAME_num(first));
    }
    names = sk_X509_NAME_new_null();
    FACT("ca.add_file", "%d", SSL_add_file_cert_subjects_to_stack(names, ct_path("server.pem")));
    FACT("ca.add_file_again", "%d n=%d", SSL_add_file_cert_subjects_to_stack(names,
         ct_path("server.pem")), sk_X509_NAME_num(names));
    FACT("ca.add_file_missing", "%d", SSL_add_file_cert_subjects_to_stack(names, "/nonexistent"));
    ct_err("ca.add_file_missing_err");
    ERR_clear_error();
    dup = SSL_dup_CA_list(names);
    FACT("ca.dup", "%d", sk_X509_NAME_num(dup));
    sk_X509_NAME_pop_free(dup, X509_NAME_free);

    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_load_verify_locations(sctx, ct_path("ca.pem"), NULL);
    REQUIRE(SSL_CTX_use_certificate_file(cctx, ct_path("client.pem"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(cctx, ct_path("client.key"), SSL_FILETYPE_PEM) == 1);
    ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
    print_names("ca.ssl_server_inherits", SSL_get_client_CA_list(p.s));
    print_names("ca.client_before", SSL_get_client_CA_list(p.c));
    SSL_set_client_CA_list(p.s, names);
    print_names("ca.ssl_server_own", SSL_get_client_CA_list(p.s));
    ct_handshake(&p);
    print_names("ca.client_received", SSL_get_client_CA_list(p.c));
    FACT("ca.client_same_list", "%d", SSL_get_client_CA_list(p.c) == SSL_get_client_CA_list(p.c));
    print_names("ca.peer_list", (STACK_OF(X509_NAME) *)SSL_get0_peer_CA_list(p.c));
    FACT("ca.peer_list_is_client_list", "%d",
         SSL_get0_peer_CA_list(p.c) == SSL_get_client_CA_list(p.c));
    FACT("ca.server_peer_list", "%s", SSL_get0_peer_CA_list(p.s) ? "list" : "NULL");
    FACT("ca.verify", "%ld", SSL_get_verify_result(p.s));
    ct_pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

static void refusals(void)
{
    ct_pair p;
    size_t n = 42;
    int r;

    ct_pair_connected(&p, CT_MEM, TLS1_3_VERSION, 0);
    ERR_clear_error();
    FACT("pha.server13", "%d", SSL_verify_client_post_handshake(p.s));
    ct_err("pha.server13_err");
    ERR_clear_error();
    FACT("pha.client13", "%d", SSL_verify_client_post_handshake(p.c));
    ct_err("pha.client13_err");
    ERR_clear_error();
    SSL_set_read_ahead(p.c, 1);
    FACT("read_ahead", "%d", SSL_get_read_ahead(p.c));
    FACT("early.status", "%d %d", SSL_get_early_data_status(p.c), SSL_get_early_data_status(p.s));
    FACT("early.write_after", "%d", SSL_write_early_data(p.c, "x", 1, &n));
    ct_err("early.write_after_err");
    ERR_clear_error();
    FACT("early.read_after", "%d", SSL_read_early_data(p.s, (char[8]){0}, 8, &n));
    ct_err("early.read_after_err");
    ERR_clear_error();
    FACT("early.read_client", "%d", SSL_read_early_data(p.c, (char[8]){0}, 8, &n));
    ct_err("early.read_client_err");
    ERR_clear_error();
    FACT("async.all", "%d n=%zu", SSL_get_all_async_fds(p.c, NULL, &n), n);
    FACT("async.waiting", "%d", SSL_waiting_for_async(p.c));
    FACT("reneg_pending", "%d", SSL_renegotiate_pending(p.c));
    FACT("sendfile", "%ld", (long)SSL_sendfile(p.c, 0, 0, 1, 0));
    ct_err("sendfile_err");
    ERR_clear_error();
    FACT("status_type", "%ld", SSL_get_tlsext_status_type(p.c));
    {
        const unsigned char *resp = (const unsigned char *)"x";
        long l = SSL_get_tlsext_status_ocsp_resp(p.c, &resp);

        FACT("ocsp_resp", "%ld %s", l, resp ? "set" : "NULL");
    }
    ct_pair_free(&p);

    ct_pair_connected(&p, CT_MEM, TLS1_2_VERSION, 0);
    ERR_clear_error();
    FACT("pha.server12", "%d", SSL_verify_client_post_handshake(p.s));
    ct_err("pha.server12_err");
    ERR_clear_error();
    ct_pair_free(&p);

    /* SSL_read_early_data on a fresh server runs the handshake */
    ct_pair_new(&p, CT_MEM, TLS1_3_VERSION, 0);
    SSL_CTX_set_max_early_data(p.sctx, 16384);
    FACT("early.max", "%u", SSL_CTX_get_max_early_data(p.sctx));
    {
        SSL *s2 = SSL_new(p.sctx);
        unsigned before = SSL_get_max_early_data(s2);
        int set = SSL_set_max_early_data(s2, 5);

        FACT("early.max_ssl", "%u set=%d now=%u", before, set, SSL_get_max_early_data(s2));
        SSL_free(s2);
    }
    for (int i = 0; i < 20; i++) {
        char buf[16];

        n = 99;
        SSL_do_handshake(p.c);
        ct_pump(&p);
        r = SSL_read_early_data(p.s, buf, sizeof(buf), &n);
        ct_pump(&p);
        if (r != SSL_READ_EARLY_DATA_ERROR)
            break;
        REQUIRE(SSL_get_error(p.s, r) == SSL_ERROR_WANT_READ);
    }
    FACT("early.read", "%d n=%zu", r, n);
    FACT("early.status_after", "%d", SSL_get_early_data_status(p.s));
    REQUIRE(SSL_write(p.c, "hello", 5) == 5);
    ct_pump(&p);
    {
        char buf[16];
        FACT("early.then_read", "%d", SSL_read(p.s, buf, sizeof(buf)));
    }
    ct_pair_free(&p);
    ERR_clear_error();
}

static int cert_cb_calls;

static int cert_cb(SSL *s, void *arg)
{
    cert_cb_calls++;
    if (arg == NULL)
        return 0;
    if (SSL_use_certificate_file(s, ct_path("server.pem"), SSL_FILETYPE_PEM) != 1 ||
        SSL_use_PrivateKey_file(s, ct_path("server.key"), SSL_FILETYPE_PEM) != 1)
        return 0;
    return 1;
}

static void cert_callback(void)
{
    for (int fail = 0; fail < 2; fail++) {
        SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = ct_client_ctx(TLS1_3_VERSION);
        ct_pair p;
        int cr, sr, ok;

        ct_prefix("certcb.%s.", fail ? "fail" : "choose");
        SSL_CTX_set_cert_cb(sctx, cert_cb, fail ? NULL : (void *)1);
        cert_cb_calls = 0;
        ct_pair_init(&p, CT_MEM, cctx, sctx, 0);
        ok = ct_handshake_nb(&p, &cr, &sr);
        FACT("handshake", "%d calls=%d", ok, cert_cb_calls);
        if (ok) {
            FACT("verify", "%ld", SSL_get_verify_result(p.c));
        } else {
            FACT("server", "%d err=%d", sr, SSL_get_error(p.s, sr));
            ct_err("server_err");
            ERR_clear_error();
            FACT("client", "%d err=%d", cr, SSL_get_error(p.c, cr));
            ct_err("client_err");
        }
        ERR_clear_error();
        ct_pair_free(&p);
        SSL_CTX_free(sctx);
        SSL_CTX_free(cctx);
    }
    ct_prefix(NULL);
}

static void params_and_chains(void)
{
    SSL_CTX *ctx = ct_server_ctx(0), *cctx = ct_client_ctx(TLS1_3_VERSION);
    EVP_PKEY_CTX *pc;
    EVP_PKEY *dh = NULL;
    EC_KEY *ec;
    X509 *ca;
    FILE *f;
    STACK_OF(X509) *chain = (STACK_OF(X509) *)1;
    ct_pair p;
    long r;

    ERR_clear_error();
    FACT("dh.null", "%d", SSL_CTX_set0_tmp_dh_pkey(ctx, NULL));
    ct_err("dh.null_err");
    ERR_clear_error();
    pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    REQUIRE(pc != NULL && EVP_PKEY_paramgen_init(pc) == 1);
    REQUIRE(EVP_PKEY_CTX_set_group_name(pc, "ffdhe2048") == 1);
    REQUIRE(EVP_PKEY_paramgen(pc, &dh) == 1);
    EVP_PKEY_CTX_free(pc);
    FACT("dh.ffdhe2048", "%d", SSL_CTX_set0_tmp_dh_pkey(ctx, dh));
    FACT("dh.auto", "%ld", SSL_CTX_set_dh_auto(ctx, 1));
    FACT("dh.tmp_null", "%ld", SSL_CTX_set_tmp_dh(ctx, NULL));
    ct_err("dh.tmp_null_err");
    ERR_clear_error();
    ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    FACT("ecdh.p256", "%ld", SSL_CTX_set_tmp_ecdh(ctx, ec));
    EC_KEY_free(ec);
    FACT("read_ahead.ctx", "%ld %ld", SSL_CTX_set_read_ahead(ctx, 1), SSL_CTX_get_read_ahead(ctx));

    r = SSL_CTX_get_extra_chain_certs(ctx, &chain);
    FACT("extra.get_none", "%ld %s", r, chain ? "stack" : "NULL");
    f = fopen(ct_path("ca.pem"), "r");
    REQUIRE(f != NULL);
    ca = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    REQUIRE(ca != NULL);
    FACT("extra.add", "%ld", SSL_CTX_add_extra_chain_cert(ctx, ca));
    r = SSL_CTX_get_extra_chain_certs(ctx, &chain);
    FACT("extra.get", "%ld n=%d", r, chain ? sk_X509_num(chain) : -1);
    ct_pair_init(&p, CT_MEM, cctx, ctx, 0);
    ct_handshake(&p);
    FACT("extra.peer_chain", "%d verify=%ld", sk_X509_num(SSL_get_peer_cert_chain(p.c)),
         SSL_get_verify_result(p.c));
    ct_pair_free(&p);
    FACT("extra.clear", "%ld", SSL_CTX_clear_extra_chain_certs(ctx));

    /* chain controls on the certificate */
    r = SSL_CTX_get0_chain_certs(ctx, &chain);
    FACT("chain.get_none", "%ld %s", r, chain ? "stack" : "NULL");
    FACT("chain.add1", "%ld", SSL_CTX_add1_chain_cert(ctx, SSL_CTX_get0_certificate(ctx)));
    r = SSL_CTX_get0_chain_certs(ctx, &chain);
    FACT("chain.get", "%ld n=%d", r, chain ? sk_X509_num(chain) : -1);
    FACT("chain.clear", "%ld", SSL_CTX_clear_chain_certs(ctx));
    r = SSL_CTX_get0_chain_certs(ctx, &chain);
    FACT("chain.get_cleared", "%ld %s", r, chain ? "stack" : "NULL");
    FACT("chain.select", "%ld %ld", SSL_CTX_select_current_cert(ctx, SSL_CTX_get0_certificate(ctx)),
         SSL_CTX_select_current_cert(ctx, ca));
    FACT("chain.set_current", "%ld %ld", SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST),
         SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT));
    ERR_clear_error();

    /* groups the client offered, seen by the server */
    REQUIRE(SSL_CTX_set1_groups_list(cctx, "P-256:X25519") == 1);
    ct_pair_init(&p, CT_MEM, cctx, ctx, 0);
    ct_handshake(&p);
    {
        int nids[4] = { 0 };
        int n = (int)SSL_get1_groups(p.s, nids);

        FACT("groups.server", "%d %d %d", n, nids[0], nids[1]);
        FACT("groups.client", "%ld", SSL_get1_groups(p.c, NULL));
    }
    ct_pair_free(&p);
    SSL_CTX_free(ctx);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    ciphers();
    alerts();
    states(TLS1_2_VERSION);
    states(TLS1_3_VERSION);
    methods();
    levels();
    passwords();
    getters();
    ca_lists();
    refusals();
    cert_callback();
    params_and_chains();
    printf("done\n");
    return 0;
}
