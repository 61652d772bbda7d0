/*
 * SSL_write_ex / SSL_read_ex / SSL_peek_ex with a NULL written/readbytes pointer.
 * OpenSSL 3.0 crashes (it stores through the pointer). Ours returns 1 ("success")
 * with an empty ERR queue: the write is sent, the read CONSUMES the 5 bytes, and the
 * caller has no way to learn how many. Contract: 0 and an ERR entry, nothing consumed.
 * build: gcc -o ex_null_outparam ex_null_outparam.c -lssl -lcrypto
 * run:   LD_LIBRARY_PATH=target/release ./ex_null_outparam ctests/certs
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    char cert[512], key[512];
    SSL_CTX *ctx;
    SSL *c, *s;
    BIO *cb, *sb;
    unsigned char buf[16];
    int i, r;

    if (argc < 2)
        return 2;
    snprintf(cert, sizeof(cert), "%s/server.pem", argv[1]);
    snprintf(key, sizeof(key), "%s/server.key", argv[1]);
    ctx = SSL_CTX_new(TLS_method());
    SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM);
    c = SSL_new(ctx);
    s = SSL_new(ctx);
    BIO_new_bio_pair(&cb, 0, &sb, 0);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    for (i = 0; i < 100 && !(SSL_is_init_finished(c) && SSL_is_init_finished(s)); i++) {
        SSL_do_handshake(c);
        SSL_do_handshake(s);
    }
    ERR_clear_error();
    r = SSL_write_ex(c, "hello", 5, NULL);
    printf("SSL_write_ex(c, \"hello\", 5, NULL) = %d, ERR %s\n", r,
           ERR_peek_error() ? "queued" : "none");
    ERR_clear_error();
    r = SSL_read_ex(s, buf, sizeof(buf), NULL);
    printf("SSL_read_ex(s, buf, 16, NULL) = %d, ERR %s, then SSL_pending = %d\n", r,
           ERR_peek_error() ? "queued" : "none", SSL_pending(s));
    SSL_write(c, "world", 5);
    ERR_clear_error();
    r = SSL_peek_ex(s, buf, sizeof(buf), NULL);
    printf("SSL_peek_ex(s, buf, 16, NULL) = %d, ERR %s\n", r, ERR_peek_error() ? "queued" : "none");
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
