/*
 * tlss - a one-connection, line-echo TLS server written against OpenSSL 3's
 * public libssl API, used by ctests/peers.sh where the server's own view of
 * a connection matters (tlsd only logs a summary).
 *
 *   tlss [-V CAFILE] [-n N] [-i] PORT CERT KEY [tls12|tls13|any]
 *
 * Listens on 127.0.0.1:PORT (0 picks a free port), prints
 * "tlss: listening on 127.0.0.1:N" on stderr, accepts ONE connection, runs
 * SSL_accept, then reads lines and echoes each one back (plus a newline)
 * until a read fails (or, with -n N, after N lines), then calls SSL_shutdown
 * once and exits.
 *
 * -V CAFILE  require a client certificate issued by CAFILE:
 *            SSL_CTX_load_verify_locations(CAFILE) and
 *            SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
 * -n N       stop after echoing N lines (so the server sends close_notify
 *            first: for peers that wait for the server to close)
 * -i         also print the negotiated cipher
 *
 * stdout carries one "name: value" fact per line (compare the output under
 * two libssl.so.3 builds):
 *   handshake: ok | failed ret=R ssl_error=E err=lib=L reason=N
 *   version: TLSv1.2
 *   cipher: NAME         (with -i; SSL_CIPHER_get_name)
 *   client: CN=client RSA | none   (with -V: subject CN and key type of the
 *                        client certificate: RSA, RSA-PSS, EC, ED25519, ...)
 *   client_verify: 0     (with -V: SSL_get_verify_result)
 *   readN: <line> | failed ret=R ssl_error=E err=...
 *   echoN: ok | failed ...
 *   flags_before_shutdown: F  (SSL_get_shutdown before SSL_shutdown)
 *   shutdown: R          (first SSL_shutdown return value)
 *   shutdown_flags: F    (SSL_get_shutdown afterwards)
 * stderr: the libssl that was loaded, the error queue on failures.
 * Exit status 0 when the handshake worked and the connection ended with the
 * peer's close_notify (or, with -n N, after N lines were echoed), 1
 * otherwise, 2 on setup errors. Every wait is
 * bounded (accept within 10 s, socket timeouts 8 s, alarm after 20 s).
 *
 * Build: cc -o tlss tlss.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <link.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define MAX_LINES 16
#define LINE_MAX_BYTES 65536

#define PEER_NAME "tlss"
#include "peer_common.h"

static const char *key_kind(EVP_PKEY *pkey)
{
    if (pkey == NULL)
        return "?";
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
        return "RSA";
    case EVP_PKEY_RSA_PSS:
        return "RSA-PSS";
    case EVP_PKEY_EC:
        return "EC";
    case EVP_PKEY_ED25519:
        return "ED25519";
    case EVP_PKEY_ED448:
        return "ED448";
    default:
        return "other";
    }
}

/* "client: CN=... KIND" or "client: none", then "client_verify: N". */
static void print_client(SSL *ssl)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert == NULL) {
        printf("client: none\n");
    } else {
        char cn[256] = "?";
        X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                                  sizeof(cn));
        printf("client: CN=%s %s\n", cn, key_kind(X509_get0_pubkey(cert)));
        X509_free(cert);
    }
    printf("client_verify: %ld\n", SSL_get_verify_result(ssl));
}

static int usage(void)
{
    fprintf(stderr,
            "usage: tlss [-V CAFILE] [-n N] [-i] PORT CERT KEY [tls12|tls13|any]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *verify_ca = NULL;
    int max_lines = MAX_LINES, stop_after_n = 0, details = 0, opt;

    while ((opt = getopt(argc, argv, "V:n:i")) != -1) {
        if (opt == 'V')
            verify_ca = optarg;
        else if (opt == 'n' && atoi(optarg) > 0 && atoi(optarg) <= MAX_LINES) {
            max_lines = atoi(optarg);
            stop_after_n = 1;
        }
        else if (opt == 'i')
            details = 1;
        else
            return usage();
    }
    if (argc - optind < 3 || argc - optind > 4)
        return usage();
    int port = atoi(argv[optind]);
    const char *cert = argv[optind + 1], *key = argv[optind + 2];
    const char *ver = argc - optind == 4 ? argv[optind + 3] : "any";
    int pin = 0;
    if (strcmp(ver, "tls12") == 0)
        pin = TLS1_2_VERSION;
    else if (strcmp(ver, "tls13") == 0)
        pin = TLS1_3_VERSION;
    else if (strcmp(ver, "any") != 0)
        return usage();

    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);
    alarm(20);
    setvbuf(stdout, NULL, _IOLBF, 0);

    const char *libssl = NULL;
    dl_iterate_phdr(find_libssl, &libssl);
    fprintf(stderr, "tlss: libssl loaded from %s\n", libssl ? libssl : "(not found)");

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_check_private_key(ctx) != 1
        || (pin && (SSL_CTX_set_min_proto_version(ctx, pin) != 1
                    || SSL_CTX_set_max_proto_version(ctx, pin) != 1))) {
        fprintf(stderr, "tlss: cannot set up TLS with %s / %s\n", cert, key);
        ERR_print_errors_fp(stderr);
        return 2;
    }
    if (verify_ca != NULL) {
        if (SSL_CTX_load_verify_locations(ctx, verify_ca, NULL) != 1) {
            fprintf(stderr, "tlss: cannot load the client CA file %s\n", verify_ca);
            ERR_print_errors_fp(stderr);
            return 2;
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }

    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_port = htons((unsigned short)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(addr);
    int one = 1;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0
        || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lfd, 4) < 0
        || getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0) {
        perror("tlss: listen");
        return 2;
    }
    fprintf(stderr, "tlss: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));

    struct pollfd pfd = { .fd = lfd, .events = POLLIN };
    if (poll(&pfd, 1, 10000) != 1) {
        fprintf(stderr, "tlss: no connection within 10 s\n");
        return 2;
    }
    int fd = accept(lfd, NULL, NULL);
    struct timeval tv = { .tv_sec = 8 };
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0
        || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0) {
        perror("tlss: accept");
        return 2;
    }
    close(lfd);

    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
        ERR_print_errors_fp(stderr);
        return 2;
    }

    char why[256];
    int status = 1;
    ERR_clear_error();
    int r = SSL_accept(ssl);
    if (r != 1) {
        describe_failure(why, sizeof(why), ssl, r);
        printf("handshake: failed %s\n", why);
        if (verify_ca != NULL)
            printf("client_verify: %ld\n", SSL_get_verify_result(ssl));
        SSL_free(ssl);
        close(fd);
        SSL_CTX_free(ctx);
        return 1;
    }
    printf("handshake: ok\n");
    printf("version: %s\n", SSL_get_version(ssl));
    if (details) {
        const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
        printf("cipher: %s\n", c ? SSL_CIPHER_get_name(c) : "(none)");
    }
    if (verify_ca != NULL)
        print_client(ssl);

    static char carry[LINE_MAX_BYTES], line[LINE_MAX_BYTES + 2];
    size_t carry_len = 0;
    for (int i = 1; i <= max_lines; i++) {
        ERR_clear_error();
        r = read_line(ssl, carry, &carry_len, line, sizeof(line) - 1);
        if (r != 1) {
            if (SSL_get_error(ssl, r) == SSL_ERROR_ZERO_RETURN)
                status = 0;
            describe_failure(why, sizeof(why), ssl, r);
            printf("read%d: failed %s\n", i, why);
            break;
        }
        printf("read%d: %s\n", i, line);
        size_t len = strlen(line), written = 0;
        line[len++] = '\n';
        ERR_clear_error();
        r = SSL_write_ex(ssl, line, len, &written);
        if (r != 1) {
            describe_failure(why, sizeof(why), ssl, r);
            printf("echo%d: failed %s\n", i, why);
            break;
        }
        printf("echo%d: ok\n", i);
        if (stop_after_n && i == max_lines)
            status = 0;
    }

    printf("flags_before_shutdown: %d\n", SSL_get_shutdown(ssl));
    ERR_clear_error();
    r = SSL_shutdown(ssl);
    printf("shutdown: %d\n", r);
    if (r < 0) {
        ERR_print_errors_fp(stderr);
        ERR_clear_error();
    }
    printf("shutdown_flags: %d\n", SSL_get_shutdown(ssl));

    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return status;
}
