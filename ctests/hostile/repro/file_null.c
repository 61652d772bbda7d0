/*
 * SSL_CTX_use_certificate_file / _PrivateKey_file / _certificate_chain_file with a NULL
 * file name, and SSL_CTX_up_ref(NULL) / SSL_up_ref(NULL) / SSL_CIPHER_get_id(NULL) /
 * SSL_CTX_load_verify_locations(ctx, NULL, NULL): each returns 0 with an EMPTY ERR queue.
 * (OpenSSL: the *_file ones return 0 with ERR lib=2 reason=14 (EFAULT from fopen); the
 * others crash, except load_verify_locations, which returns 0 without ERR.)
 * build: gcc -o file_null file_null.c -lssl -lcrypto
 * run:   LD_LIBRARY_PATH=target/release ./file_null
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

#define SHOW(call)                                                                    \
    do {                                                                              \
        long r_;                                                                      \
        ERR_clear_error();                                                            \
        r_ = (long)(call);                                                            \
        printf("%-60s = %ld, ERR %s\n", #call, r_, ERR_peek_error() ? "queued" : "none"); \
    } while (0)

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    SHOW(SSL_CTX_use_certificate_file(ctx, NULL, SSL_FILETYPE_PEM));
    SHOW(SSL_CTX_use_PrivateKey_file(ctx, NULL, SSL_FILETYPE_PEM));
    SHOW(SSL_CTX_use_certificate_chain_file(ctx, NULL));
    SHOW(SSL_CTX_load_verify_locations(ctx, NULL, NULL));
    SHOW(SSL_CTX_up_ref(NULL));
    SHOW(SSL_up_ref(NULL));
    SHOW(SSL_CIPHER_get_id(NULL));
    SSL_CTX_free(ctx);
    return 0;
}
