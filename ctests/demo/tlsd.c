/*
 * tlsd - a tiny TLS server written against OpenSSL 3's public libssl API.
 *
 *   tlsd [-n N] PORT CERT KEY
 *
 * Listens on 127.0.0.1:PORT (0 picks a free port; the chosen one is printed),
 * and for each connection: TLS handshake, read one HTTP request, answer with
 * a short plain-text HTTP/1.0 response, close. One log line per connection
 * goes to stderr. Stops on SIGTERM/SIGINT, or after N connections with -n.
 *
 * Nothing here knows which libssl.so.3 it runs on: build it against the
 * system OpenSSL headers and pick the library at run time, e.g. with
 * LD_LIBRARY_PATH. The first line it prints says which one was loaded.
 *
 * Build: cc -o tlsd tlsd.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* dl_iterate_phdr callback: remember the path of the loaded libssl. */
static int find_libssl(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *name = info->dlpi_name;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strncmp(base, "libssl.so", 9) == 0) {
        *(const char **)data = name;
        return 1; /* found: stop iterating */
    }
    return 0;
}

/* Listening socket on 127.0.0.1:port; returns the fd, or -1. */
static int listen_on(int port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_port = htons(port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(addr);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0
        || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0
        || listen(fd, 16) < 0
        || getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
        perror("tlsd: listen");
        return -1;
    }
    fprintf(stderr, "tlsd: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    return fd;
}

/* One connection: handshake, read a request, answer, shut down. */
static void serve(SSL_CTX *ctx, int fd, int n)
{
    char req[4096], line[256], body[512], resp[1024];
    size_t got = 0;
    int wrote = 0;
    SSL *ssl = SSL_new(ctx);

    if (ssl == NULL || !SSL_set_fd(ssl, fd) || SSL_accept(ssl) <= 0) {
        fprintf(stderr, "tlsd: #%d handshake failed:\n", n);
        ERR_print_errors_fp(stderr);
        SSL_free(ssl);
        return;
    }

    /* Read until the end of the request headers (blank line) or EOF. */
    while (got < sizeof(req) - 1) {
        int r = SSL_read(ssl, req + got, (int)(sizeof(req) - 1 - got));
        if (r <= 0)
            break;
        got += r;
        req[got] = '\0';
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
            break;
    }
    req[got] = '\0';

    /* Echo the request line (first line) back in the response. */
    snprintf(line, sizeof(line), "%.*s", (int)strcspn(req, "\r\n"), req);
    int is_get = strncmp(line, "GET ", 4) == 0;
    snprintf(body, sizeof(body),
             "hello from tlsd over %s\nyour request: %s\n",
             SSL_get_version(ssl), line);
    int len = snprintf(resp, sizeof(resp),
                       "HTTP/1.0 %s\r\n"
                       "Content-Type: text/plain\r\n"
                       "Content-Length: %zu\r\n"
                       "Connection: close\r\n"
                       "\r\n%s",
                       is_get ? "200 OK" : "400 Bad Request",
                       strlen(body), body);
    if (got > 0) {
        wrote = SSL_write(ssl, resp, len);
        if (wrote <= 0)
            ERR_print_errors_fp(stderr);
    }

    fprintf(stderr, "tlsd: #%d %s, read %zu bytes, wrote %d bytes, \"%s\"\n",
            n, SSL_get_version(ssl), got, wrote > 0 ? wrote : 0, line);

    SSL_shutdown(ssl); /* send our close_notify; don't wait for the peer's */
    SSL_free(ssl);
}

static int usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-n N] PORT CERT KEY\n", prog);
    return 2;
}

int main(int argc, char **argv)
{
    long max_conns = 0; /* 0: no limit */
    int opt;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            return usage(argv[0]);
        max_conns = strtol(optarg, NULL, 10);
    }
    if (argc - optind != 3)
        return usage(argv[0]);
    int port = atoi(argv[optind]);
    const char *cert = argv[optind + 1], *key = argv[optind + 2];

    /* Which libssl.so.3 did the dynamic loader give us? */
    const char *libssl = NULL;
    dl_iterate_phdr(find_libssl, &libssl);
    fprintf(stderr, "tlsd: libssl loaded from %s\n", libssl ? libssl : "(not found)");

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL
        || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_check_private_key(ctx) != 1) {
        fprintf(stderr, "tlsd: cannot set up TLS with %s / %s:\n", cert, key);
        ERR_print_errors_fp(stderr);
        return 1;
    }

    int lfd = listen_on(port);
    if (lfd < 0)
        return 1;

    /*
     * SIGTERM/SIGINT stay blocked except while we wait in pselect(), so a
     * signal never interrupts a connection half-way, and one arriving
     * between connections is never missed.
     */
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t block, waitmask;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a vanished client must not kill us */
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &waitmask);
    sigdelset(&waitmask, SIGTERM);
    sigdelset(&waitmask, SIGINT);

    int served = 0;
    while (!stop_requested && (max_conns == 0 || served < max_conns)) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(lfd, &rd);
        if (pselect(lfd + 1, &rd, NULL, NULL, NULL, &waitmask) < 0) {
            if (errno == EINTR)
                continue; /* the loop condition sees stop_requested */
            perror("tlsd: pselect");
            break;
        }
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            perror("tlsd: accept");
            continue;
        }
        /* Don't let a silent client hold the server forever. */
        struct timeval tv = { .tv_sec = 10 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        serve(ctx, fd, ++served);
        close(fd);
    }

    fprintf(stderr, "tlsd: exiting after %d connection(s)%s\n", served,
            stop_requested ? " (signal)" : "");
    close(lfd);
    SSL_CTX_free(ctx);
    return 0;
}
