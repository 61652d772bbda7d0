/*
 * t_clientcert: mutual TLS.
 *   A server that requests (SSL_VERIFY_PEER) or requires (| FAIL_IF_NO_PEER_CERT) a
 *   client certificate, with the CA names it sends (SSL_load_client_CA_file,
 *   SSL_CTX_set_client_CA_list, SSL_CTX_add_client_CA); clients presenting an RSA,
 *   ECDSA P-384 or Ed25519 certificate set per connection (SSL_use_certificate_file /
 *   SSL_use_PrivateKey_file) or supplied by SSL_CTX_set_client_cert_cb, no
 *   certificate, or one from an unknown issuer. Facts: handshake outcome, the verify
 *   result and peer certificate seen by the server, errors and reasons on both sides,
 *   SSL_check_private_key.
 */
#include "common.h"

static const char *cb_cert, *cb_key;
static int cb_calls;

static int client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    BIO *b;

    (void)ssl;
    cb_calls++;
    if (cb_cert == NULL)
        return 0;
    b = BIO_new_file(ct_path(cb_cert), "r");
    *x509 = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    b = BIO_new_file(ct_path(cb_key), "r");
    *pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    return *x509 != NULL && *pkey != NULL;
}

static SSL_CTX *server_ctx(int ver, int mode, int ca_list)
{
    SSL_CTX *sc = ct_server_ctx(ver);

    REQUIRE(SSL_CTX_load_verify_locations(sc, ct_path("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(sc, mode, NULL);
    if (ca_list == 1) {
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ct_path("ca.pem"));
        REQUIRE(names != NULL);
        FACT("ca_file_names", "%d", sk_X509_NAME_num(names));
        SSL_CTX_set_client_CA_list(sc, names);
    } else if (ca_list == 2) {
        BIO *b = BIO_new_file(ct_path("ca.pem"), "r");
        X509 *ca = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
        FACT("add_client_ca", "%d", SSL_CTX_add_client_CA(sc, ca));
        X509_free(ca);
    }
    return sc;
}

/* how: 0 none, 1 per-connection files, 2 callback */
static void one(int ver, const char *label, int mode, int ca_list, int how, const char *cert, const char *key)
{
    SSL_CTX *cc = ct_client_ctx(ver), *sc;
    ct_pair p;
    int cret = 0, sret = 0, ok;
    X509 *peer;

    ct_prefix("%s.%s.", ct_vername(ver), label);
    sc = server_ctx(ver, mode, ca_list);
    cb_calls = 0;
    cb_cert = how == 2 ? cert : NULL;
    cb_key = key;
    if (how == 2)
        SSL_CTX_set_client_cert_cb(cc, client_cert_cb);
    ct_pair_init(&p, CT_BIOPAIR, cc, sc, 0);
    p.own_ctx = 1;
    if (how == 1) {
        FACT("use_certificate_file", "%d", SSL_use_certificate_file(p.c, ct_path(cert), SSL_FILETYPE_PEM));
        FACT("use_PrivateKey_file", "%d", SSL_use_PrivateKey_file(p.c, ct_path(key), SSL_FILETYPE_PEM));
        FACT("check_private_key", "%d", SSL_check_private_key(p.c));
    }
    ERR_clear_error();
    ok = ct_handshake_nb(&p, &cret, &sret);
    if (ok) {
        /* TLS 1.3: the server learns the outcome when it reads the client's Finished. */
        ct_settle(&p);
    }
    FACT("handshake_ok", "%d", ok);
    FACT("cert_cb_calls", "%d", cb_calls);
    FACT("server.verify_result", "%ld", SSL_get_verify_result(p.s));
    peer = SSL_get1_peer_certificate(p.s);
    if (peer != NULL) {
        char cn[64] = "";
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn));
        FACT("server.peer_cn", "%s", cn);
        FACT("server.peer_key", "%s", EVP_PKEY_get0_type_name(X509_get0_pubkey(peer)));
        X509_free(peer);
    } else {
        FACT("server.peer_cn", "NULL");
    }
    if (!ok) {
        FACT("client.err", "%d", SSL_get_error(p.c, cret));
        FACT("server.err", "%d", SSL_get_error(p.s, sret));
        ct_err("first_error");
        ERR_clear_error();
    }
    ct_pair_free(&p);
}

static void key_mismatch(void)
{
    SSL_CTX *cc = ct_client_ctx(0);
    SSL *s = SSL_new(cc);

    ct_prefix("mismatch.");
    FACT("no_cert.check", "%d", SSL_check_private_key(s));
    ct_err("no_cert.err");
    ERR_clear_error();
    FACT("use_certificate_file", "%d", SSL_use_certificate_file(s, ct_path("client.pem"), SSL_FILETYPE_PEM));
    FACT("use_other_key", "%d", SSL_use_PrivateKey_file(s, ct_path("other.key"), SSL_FILETYPE_PEM));
    ct_err("use_other_key.err");
    ERR_clear_error();
    FACT("check", "%d", SSL_check_private_key(s));
    ct_err("check.err");
    ERR_clear_error();
    SSL_free(s);
    SSL_CTX_free(cc);
}

int main(int argc, char **argv)
{
    int vers[2] = { TLS1_2_VERSION, TLS1_3_VERSION };
    const int req = SSL_VERIFY_PEER, must = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;

    ct_init(argc, argv);
    for (int i = 0; i < 2; i++) {
        int v = vers[i];
        one(v, "rsa_files_required", must, 1, 1, "client.pem", "client.key");
        one(v, "p384_files_required", must, 2, 1, "client-p384.pem", "client-p384.key");
        one(v, "ed25519_files_required", must, 0, 1, "client-ed.pem", "client-ed.key");
        one(v, "callback_required", must, 1, 2, "client.pem", "client.key");
        one(v, "callback_declines_requested", req, 1, 2, NULL, NULL);
        one(v, "none_requested", req, 0, 0, NULL, NULL);
        one(v, "none_required", must, 0, 0, NULL, NULL);
        one(v, "stranger_required", must, 0, 1, "stranger.pem", "stranger.key");
        one(v, "not_requested", SSL_VERIFY_NONE, 0, 1, "client.pem", "client.key");
    }
    key_mismatch();
    return 0;
}
