/*
 * SSL_CTX_set_ciphersuites(ctx, ":::") (separators only, no name): OpenSSL 3.0 returns 0
 * with SSL_R_NO_CIPHER_MATCH and leaves the TLS 1.3 suites as they were; ours returns 1
 * and disables every TLS 1.3 suite (as for ""), silently.
 *   ours:    = 1, ERR none,   after: 6 suites, 0 TLS 1.3
 *   OpenSSL: = 0, ERR queued, after: 60 suites, 3 TLS 1.3
 * build: gcc -o ciphersuites_separators ciphersuites_separators.c -lssl -lcrypto
 * run:   LD_LIBRARY_PATH=target/release ./ciphersuites_separators
 */
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <stdio.h>
int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    printf("before: %d suites\n", sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(ctx)));
    int r = SSL_CTX_set_ciphersuites(ctx, ":::");
    printf("SSL_CTX_set_ciphersuites(ctx, \":::\") = %d, ERR %s\n", r, ERR_peek_error() ? "queued" : "none");
    STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(ctx);
    int n13 = 0;
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        if (strcmp(SSL_CIPHER_get_version(sk_SSL_CIPHER_value(sk, i)), "TLSv1.3") == 0) n13++;
    printf("after: %d suites, %d TLS 1.3\n", sk_SSL_CIPHER_num(sk), n13);
    SSL_CTX_free(ctx);
    return 0;
}
