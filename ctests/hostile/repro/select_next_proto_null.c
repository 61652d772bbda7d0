/*
 * SSL_select_next_proto with NULL out or outlen returns OPENSSL_NPN_NEGOTIATED (1)
 * having stored only the other half of the result (outlen without out, or out without
 * outlen): a caller that trusts the result uses an unset pointer or length.
 * With a NULL server or client list it returns OPENSSL_NPN_NO_OVERLAP (2) with an empty
 * ERR queue. (OpenSSL crashes on all four.) Contract: NO_OVERLAP and an ERR entry.
 * build: gcc -o select_next_proto_null select_next_proto_null.c -lssl -lcrypto
 * run:   LD_LIBRARY_PATH=target/release ./select_next_proto_null
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

int main(void)
{
    static const unsigned char srv[] = "\x02" "h2" "\x08" "http/1.1";
    static const unsigned char cli[] = "\x03" "foo" "\x02" "h2";
    unsigned char *out = (unsigned char *)"unset";
    unsigned char outlen = 99;
    int r;

    ERR_clear_error();
    r = SSL_select_next_proto(NULL, &outlen, srv, 12, cli, 7);
    printf("out=NULL:     ret=%d outlen=%u ERR %s\n", r, outlen, ERR_peek_error() ? "queued" : "none");
    ERR_clear_error();
    r = SSL_select_next_proto(&out, NULL, srv, 12, cli, 7);
    printf("outlen=NULL:  ret=%d out=%s ERR %s\n", r, out == (unsigned char *)"unset" ? "unchanged" : "set",
           ERR_peek_error() ? "queued" : "none");
    ERR_clear_error();
    r = SSL_select_next_proto(&out, &outlen, NULL, 12, cli, 7);
    printf("server=NULL:  ret=%d ERR %s\n", r, ERR_peek_error() ? "queued" : "none");
    ERR_clear_error();
    r = SSL_select_next_proto(&out, &outlen, srv, 12, NULL, 7);
    printf("client=NULL:  ret=%d ERR %s\n", r, ERR_peek_error() ? "queued" : "none");
    return 0;
}
