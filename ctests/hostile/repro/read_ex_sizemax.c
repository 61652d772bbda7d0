/*
 * SSL_read_ex / SSL_peek_ex (and SSL_write_ex) with num > SSIZE_MAX (here SIZE_MAX):
 * src/entry/io.rs builds a slice of `num` bytes (slice::from_raw_parts[_mut]), which is
 * undefined behaviour for len > isize::MAX. A release build happens to return 1, n = 5 (as
 * OpenSSL does); a debug build of the library aborts the process (SIGABRT: "unsafe
 * precondition(s) violated: slice::from_raw_parts_mut ..."), which boundary() cannot catch.
 * Fix: clamp num to isize::MAX (OpenSSL never reads/writes more than it has) before
 * building the slice. Same in write_common for SSL_write_ex(ssl, buf, SIZE_MAX, &n) on an
 * SSL with no state (OpenSSL: 0, SSL_R_UNINITIALIZED).
 * build: gcc -o read_ex_sizemax read_ex_sizemax.c -lssl -lcrypto
 * run:   LD_LIBRARY_PATH=<debug build dir> ./read_ex_sizemax ctests/certs
 */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <stdint.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    char cert[512], key[512], ca[512];
    snprintf(cert, sizeof cert, "%s/server.pem", argv[1]);
    snprintf(key, sizeof key, "%s/server.key", argv[1]);
    snprintf(ca, sizeof ca, "%s/ca.pem", argv[1]);
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM);
    SSL *c = SSL_new(ctx), *s = SSL_new(ctx);
    BIO *cb, *sb;
    BIO_new_bio_pair(&cb, 0, &sb, 0);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    for (int i = 0; i < 100 && (!SSL_is_init_finished(c) || !SSL_is_init_finished(s)); i++) {
        SSL_do_handshake(c);
        SSL_do_handshake(s);
    }
    SSL_write(s, "hello", 5);
    unsigned char buf[16];
    size_t n = 0;
    int r = SSL_read_ex(c, buf, SIZE_MAX, &n);
    printf("SSL_read_ex(c, buf, SIZE_MAX, &n) = %d, n = %zu\n", r, n);
    SSL_free(c); SSL_free(s); SSL_CTX_free(ctx);
    return 0;
}
