/*
 * t_certs: server certificate / key loading and client verification.
 *   - server via SSL_CTX_use_certificate_file + SSL_CTX_use_PrivateKey_file (RSA and ECDSA),
 *     SSL_CTX_use_certificate_chain_file, SSL_CTX_use_certificate / SSL_CTX_use_PrivateKey
 *     with objects read by PEM_read_bio_*; SSL_CTX_check_private_key for a match (1), a
 *     mismatch, no certificate, no key; loading a missing file;
 *   - client SSL_get_verify_result == X509_V_OK with ca.pem and SSL_VERIFY_PEER, the peer
 *     certificate's subject; SSL_VERIFY_NONE without a CA: handshake completes, verify
 *     result 20; SSL_VERIFY_PEER without a CA: handshake fails (client SSL_ERROR_SSL,
 *     SSL_R_CERTIFICATE_VERIFY_FAILED) and the server sees the alert; host name checks;
 *   - the chain a server with only its leaf sends, at each handshake while its store, its
 *     SSL_MODE_NO_AUTO_CHAIN mode, its extra chain certificates and its leaf change.
 */
#include "common.h"

static void errfact(const char *name)
{
    ct_err(name);
    ERR_clear_error();
}

/* Handshake a client context against a server context; print the client's view. */
static void connect_and_report(SSL_CTX *cc, SSL_CTX *sc, const char *host)
{
    ct_pair p;
    int cr = 0, sr = 0, ok;
    X509 *peer;

    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    if (host != NULL)
        REQUIRE(SSL_set1_host(p.c, host) == 1);
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cr, &sr);
    FACT("handshake_ok", "%d", ok);
    FACT("version", "%s", ok ? SSL_get_version(p.c) : "-");
    FACT("client.verify_result", "%ld", SSL_get_verify_result(p.c));
    if (ok) {
        peer = SSL_get1_peer_certificate(p.c);
        FACT("client.has_peer_cert", "%d", peer != NULL);
        if (peer != NULL) {
            char cn[64] = "";
            X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn,
                                      sizeof(cn));
            FACT("client.peer_cn", "%s", cn);
            X509_free(peer);
        }
        FACT("client.peer_chain_len_ge_1", "%d",
             SSL_get_peer_cert_chain(p.c) != NULL &&
             sk_X509_num(SSL_get_peer_cert_chain(p.c)) >= 1);
        peer = SSL_get1_peer_certificate(p.s);
        FACT("server.has_peer_cert", "%d", peer != NULL);
        X509_free(peer);
        FACT("server.verify_result", "%ld", SSL_get_verify_result(p.s));
    } else {
        FACT("client.ret", "%d", cr);
        FACT("client.err", "%d", SSL_get_error(p.c, cr));
        ct_err("client.errqueue");
        ERR_clear_error();
    }
    if (ok) {
        ct_reader rd;
        ct_reader_init(&rd, p.s);
        REQUIRE(ct_send_pattern(&p, p.c, &rd, 0, 20000, 20000));
        ct_drain(&p, &rd);
        FACT("data_intact", "%d", ct_reader_intact(&rd, 20000));
    }
    SSL_free(p.c);
    SSL_free(p.s);
}

static void server_loading(int ver)
{
    static const struct { const char *tag; const char *cert; const char *key; int chain; } files[] = {
        { "rsa_files", "server.pem", "server.key", 0 },
        { "ec_files", "server-ec.pem", "server-ec.key", 0 },
        { "rsa_chain_file", "chain.pem", "server.key", 1 },
    };
    SSL_CTX *cc = ct_client_ctx(ver);
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        SSL_CTX *sc = SSL_CTX_new(TLS_server_method());

        ct_prefix("%s.%s.", ct_vername(ver), files[i].tag);
        REQUIRE(sc != NULL);
        ct_pin_version(sc, ver);
        if (files[i].chain)
            FACT("use_certificate_chain_file", "%d",
                 SSL_CTX_use_certificate_chain_file(sc, ct_path(files[i].cert)));
        else
            FACT("use_certificate_file", "%d",
                 SSL_CTX_use_certificate_file(sc, ct_path(files[i].cert), SSL_FILETYPE_PEM));
        FACT("use_PrivateKey_file", "%d",
             SSL_CTX_use_PrivateKey_file(sc, ct_path(files[i].key), SSL_FILETYPE_PEM));
        FACT("check_private_key", "%d", SSL_CTX_check_private_key(sc));
        errfact("errqueue");
        connect_and_report(cc, sc, NULL);
        SSL_CTX_free(sc);
    }

    /* objects read with PEM_read_bio_* */
    {
        SSL_CTX *sc = SSL_CTX_new(TLS_server_method());
        BIO *b;
        X509 *x;
        EVP_PKEY *k;

        ct_prefix("%s.rsa_objects.", ct_vername(ver));
        ct_pin_version(sc, ver);
        b = BIO_new_file(ct_path("server.pem"), "r");
        REQUIRE(b != NULL);
        x = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
        b = BIO_new_file(ct_path("server.key"), "r");
        REQUIRE(b != NULL);
        k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
        BIO_free(b);
        REQUIRE(x != NULL && k != NULL);
        FACT("use_certificate", "%d", SSL_CTX_use_certificate(sc, x));
        FACT("use_PrivateKey", "%d", SSL_CTX_use_PrivateKey(sc, k));
        /* the context took its own references */
        X509_free(x);
        EVP_PKEY_free(k);
        FACT("check_private_key", "%d", SSL_CTX_check_private_key(sc));
        errfact("errqueue");
        connect_and_report(cc, sc, NULL);
        SSL_CTX_free(sc);
    }
    SSL_CTX_free(cc);
}

static void key_checks(void)
{
    SSL_CTX *sc;

    ct_prefix("check.");
    sc = SSL_CTX_new(TLS_server_method());
    ERR_clear_error();
    FACT("no_cert.check_private_key", "%d", SSL_CTX_check_private_key(sc));
    errfact("no_cert.errqueue");
    FACT("cert_only.use_certificate_file", "%d",
         SSL_CTX_use_certificate_file(sc, ct_path("server.pem"), SSL_FILETYPE_PEM));
    FACT("cert_only.check_private_key", "%d", SSL_CTX_check_private_key(sc));
    errfact("cert_only.errqueue");
    SSL_CTX_free(sc);

    /* key that does not belong to the certificate: key loaded after the certificate */
    sc = SSL_CTX_new(TLS_server_method());
    FACT("mismatch.use_certificate_file", "%d",
         SSL_CTX_use_certificate_file(sc, ct_path("server.pem"), SSL_FILETYPE_PEM));
    FACT("mismatch.use_PrivateKey_file", "%d",
         SSL_CTX_use_PrivateKey_file(sc, ct_path("other.key"), SSL_FILETYPE_PEM));
    errfact("mismatch.use_PrivateKey_file.errqueue");
    FACT("mismatch.check_private_key", "%d", SSL_CTX_check_private_key(sc));
    errfact("mismatch.check.errqueue");
    /* the right key afterwards */
    FACT("mismatch.then_right_key", "%d",
         SSL_CTX_use_PrivateKey_file(sc, ct_path("server.key"), SSL_FILETYPE_PEM));
    FACT("mismatch.then_check_private_key", "%d", SSL_CTX_check_private_key(sc));
    errfact("mismatch.then.errqueue");
    SSL_CTX_free(sc);

    /* missing files */
    sc = SSL_CTX_new(TLS_server_method());
    FACT("missing.use_certificate_file", "%d",
         SSL_CTX_use_certificate_file(sc, ct_path("does-not-exist.pem"), SSL_FILETYPE_PEM));
    errfact("missing.use_certificate_file.errqueue");
    FACT("missing.use_PrivateKey_file", "%d",
         SSL_CTX_use_PrivateKey_file(sc, ct_path("does-not-exist.key"), SSL_FILETYPE_PEM));
    errfact("missing.use_PrivateKey_file.errqueue");
    FACT("missing.use_certificate_chain_file", "%d",
         SSL_CTX_use_certificate_chain_file(sc, ct_path("does-not-exist.pem")));
    errfact("missing.use_certificate_chain_file.errqueue");
    SSL_CTX_free(sc);

    /* client side CA loading */
    sc = SSL_CTX_new(TLS_client_method());
    FACT("load_verify_locations.ok", "%d",
         SSL_CTX_load_verify_locations(sc, ct_path("ca.pem"), NULL));
    FACT("load_verify_locations.missing", "%d",
         SSL_CTX_load_verify_locations(sc, ct_path("does-not-exist.pem"), NULL));
    ERR_clear_error();
    SSL_CTX_free(sc);
}

static void verification(int ver)
{
    SSL_CTX *sc = ct_server_ctx(ver);
    SSL_CTX *cc;

    /* VERIFY_NONE, no CA: completes, result 20 */
    ct_prefix("%s.verify_none_no_ca.", ct_vername(ver));
    cc = SSL_CTX_new(TLS_client_method());
    ct_pin_version(cc, ver);
    SSL_CTX_set_verify(cc, SSL_VERIFY_NONE, NULL);
    connect_and_report(cc, sc, NULL);
    SSL_CTX_free(cc);

    /* VERIFY_PEER with the CA: ok, with and without a matching host name */
    ct_prefix("%s.verify_peer_ca.", ct_vername(ver));
    cc = ct_client_ctx(ver);
    connect_and_report(cc, sc, NULL);
    ct_prefix("%s.verify_peer_ca_host_localhost.", ct_vername(ver));
    connect_and_report(cc, sc, "localhost");
    ct_prefix("%s.verify_peer_ca_host_wrong.", ct_vername(ver));
    connect_and_report(cc, sc, "wrong.example");
    SSL_CTX_free(cc);

    /* VERIFY_NONE with the CA and a wrong host: completes, result records the mismatch */
    ct_prefix("%s.verify_none_ca_host_wrong.", ct_vername(ver));
    cc = ct_client_ctx(ver);
    SSL_CTX_set_verify(cc, SSL_VERIFY_NONE, NULL);
    connect_and_report(cc, sc, "wrong.example");
    SSL_CTX_free(cc);

    /* VERIFY_PEER without a CA: fails on both sides, step by step */
    ct_prefix("%s.verify_peer_no_ca.", ct_vername(ver));
    cc = SSL_CTX_new(TLS_client_method());
    ct_pin_version(cc, ver);
    SSL_CTX_set_verify(cc, SSL_VERIFY_PEER, NULL);
    {
        ct_pair p;
        int i, cr = 1, sr = 1, ce = 0, se = 0, cdone = 0, sdone = 0;
        unsigned long cerr = 0, serr = 0;

        ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
        ERR_clear_error();
        for (i = 0; i < 100 && !(cdone && sdone); i++) {
            if (!cdone) {
                cr = SSL_do_handshake(p.c);
                ce = cr == 1 ? 0 : SSL_get_error(p.c, cr);
                if (cr == 1 || (ce != SSL_ERROR_WANT_READ && ce != SSL_ERROR_WANT_WRITE)) {
                    cdone = 1;
                    cerr = ERR_peek_error();
                }
                ERR_clear_error();
            }
            if (!sdone) {
                sr = SSL_do_handshake(p.s);
                se = sr == 1 ? 0 : SSL_get_error(p.s, sr);
                if (sr == 1 || (se != SSL_ERROR_WANT_READ && se != SSL_ERROR_WANT_WRITE)) {
                    sdone = 1;
                    serr = ERR_peek_error();
                }
                ERR_clear_error();
            }
        }
        FACT("client.ret", "%d", cr);
        FACT("client.err", "%d", ce);
        FACT("client.errqueue", "lib=%d reason=%d", cerr ? ERR_GET_LIB(cerr) : 0,
             cerr ? ERR_GET_REASON(cerr) : 0);
        FACT("client.verify_result", "%ld", SSL_get_verify_result(p.c));
        FACT("client.is_init_finished", "%d", SSL_is_init_finished(p.c));
        FACT("server.ret", "%d", sr);
        FACT("server.err", "%d", se);
        FACT("server.errqueue", "lib=%d reason=%d", serr ? ERR_GET_LIB(serr) : 0,
             serr ? ERR_GET_REASON(serr) : 0);
        FACT("server.is_init_finished", "%d", SSL_is_init_finished(p.s));
        SSL_free(p.c);
        SSL_free(p.s);
    }
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
}

/* The chain a server sends with only its leaf configured, handshake after handshake,
 * while its store, its mode and its extra certificates change in between: each change
 * shows at the next handshake (the library may reuse a chain it built, never a stale
 * one). */
static X509 *read_cert(const char *file)
{
    X509 *x = NULL;
    BIO *b = BIO_new_file(ct_path(file), "r");

    REQUIRE(b != NULL);
    x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    REQUIRE(x != NULL);
    return x;
}

static void sent_chain_once(int ver, SSL_CTX *cc, SSL_CTX *sc, const char *step)
{
    ct_pair p;
    int cr = 0, sr = 0, ok, i, n;
    STACK_OF(X509) *chain;

    ct_prefix("%s.sent_chain.%s.", ct_vername(ver), step);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 17000);
    ok = ct_handshake_nb(&p, &cr, &sr);
    FACT("handshake_ok", "%d", ok);
    chain = ok ? SSL_get_peer_cert_chain(p.c) : NULL;
    n = chain ? sk_X509_num(chain) : -1;
    FACT("chain_len", "%d", n);
    for (i = 0; i < n; i++) {
        char cn[64] = "", name[32];
        X509_NAME_get_text_by_NID(X509_get_subject_name(sk_X509_value(chain, i)),
                                  NID_commonName, cn, sizeof(cn));
        snprintf(name, sizeof(name), "chain%d.cn", i);
        FACT(name, "%s", cn);
    }
    FACT("verify_result", "%ld", SSL_get_verify_result(p.c));
    SSL_free(p.c);
    SSL_free(p.s);
    ct_prefix("");
}

static void sent_chain(int ver)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc = ct_server_ctx_ex(ver, 1);
    X509 *ca;

    sent_chain_once(ver, cc, sc, "empty_store");
    sent_chain_once(ver, cc, sc, "empty_store_again");
    ca = read_cert("ca.pem");
    REQUIRE(X509_STORE_add_cert(SSL_CTX_get_cert_store(sc), ca) == 1);
    X509_free(ca);
    sent_chain_once(ver, cc, sc, "ca_added");
    sent_chain_once(ver, cc, sc, "ca_added_again");
    SSL_CTX_set_mode(sc, SSL_MODE_NO_AUTO_CHAIN);
    sent_chain_once(ver, cc, sc, "no_auto_chain");
    SSL_CTX_clear_mode(sc, SSL_MODE_NO_AUTO_CHAIN);
    sent_chain_once(ver, cc, sc, "auto_chain_again");
    REQUIRE(SSL_CTX_add_extra_chain_cert(sc, read_cert("stranger.pem")) == 1);
    sent_chain_once(ver, cc, sc, "extra_stranger");
    REQUIRE(SSL_CTX_add_extra_chain_cert(sc, read_cert("ca.pem")) == 1);
    sent_chain_once(ver, cc, sc, "extra_stranger_ca");
    REQUIRE(SSL_CTX_clear_extra_chain_certs(sc) == 1);
    sent_chain_once(ver, cc, sc, "extra_cleared");
    REQUIRE(SSL_CTX_use_certificate_file(sc, ct_path("server.pem"), SSL_FILETYPE_PEM) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey_file(sc, ct_path("server.key"), SSL_FILETYPE_PEM) == 1);
    sent_chain_once(ver, cc, sc, "new_leaf");
    SSL_CTX_free(cc);
    SSL_CTX_free(sc);
}

int main(int argc, char **argv)
{
    ct_init(argc, argv);
    key_checks();
    server_loading(TLS1_2_VERSION);
    server_loading(TLS1_3_VERSION);
    verification(TLS1_2_VERSION);
    verification(TLS1_3_VERSION);
    sent_chain(TLS1_2_VERSION);
    sent_chain(TLS1_3_VERSION);
    return 0;
}
