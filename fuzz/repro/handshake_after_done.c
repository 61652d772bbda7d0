/*
 * SSL_do_handshake on a connection whose handshake is finished, while an SSL_write
 * waits for the transport (WANT_WRITE): OpenSSL returns 1 at once, without I/O.
 *
 *   cc -o handshake_after_done fuzz/repro/handshake_after_done.c -lssl -lcrypto
 *   ./handshake_after_done ctests/certs                                # OpenSSL
 *   LD_LIBRARY_PATH=target/release ./handshake_after_done ctests/certs # ours
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    static char data[32768];
    char cert[512], key[512], buf[4096];
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL *c, *s;
    BIO *bc, *bs;
    int rc = 0, rs = 0, r;

    snprintf(cert, sizeof(cert), "%s/server.pem", argc > 1 ? argv[1] : ".");
    snprintf(key, sizeof(key), "%s/server.key", argc > 1 ? argv[1] : ".");
    if (SSL_CTX_use_certificate_file(sctx, cert, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(sctx, key, SSL_FILETYPE_PEM) != 1)
        return 2;
    c = SSL_new(cctx);
    s = SSL_new(sctx);
    BIO_new_bio_pair(&bc, 4096, &bs, 4096);
    SSL_set_bio(c, bc, bc);
    SSL_set_bio(s, bs, bs);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    for (int i = 0; i < 100 && (rc != 1 || rs != 1); i++) {
        if (rc != 1)
            rc = SSL_do_handshake(c);
        if (rs != 1)
            rs = SSL_do_handshake(s);
    }
    if (rc != 1 || rs != 1)
        return 2;
    /* Session tickets, if any, out of the way. */
    SSL_read(c, buf, sizeof(buf));
    memset(data, 'x', sizeof(data));
    r = SSL_write(c, data, sizeof(data));
    printf("SSL_write(32768) -> %d, SSL_get_error %d (3 = WANT_WRITE)\n", r, SSL_get_error(c, r));
    printf("SSL_is_init_finished = %d\n", SSL_is_init_finished(c));
    r = SSL_do_handshake(c);
    printf("SSL_do_handshake -> %d, SSL_get_error %d\n", r, r == 1 ? 0 : SSL_get_error(c, r));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
