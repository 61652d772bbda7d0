/*
 * What the peer test programs (tlsc.c, tlss.c) share: finding the libssl that was
 * loaded, the alarm that bounds every run, the one-line description of a failed call,
 * and line reading over SSL_read. The including file defines PEER_NAME (its name, for
 * messages) and LINE_MAX_BYTES, and includes the system headers these use.
 */
#ifndef PEER_COMMON_H
#define PEER_COMMON_H

static int find_libssl(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *base = strrchr(info->dlpi_name, '/');
    base = base ? base + 1 : info->dlpi_name;
    if (strncmp(base, "libssl.so", 9) == 0) {
        *(const char **)data = info->dlpi_name;
        return 1;
    }
    return 0;
}

static void on_alarm(int sig)
{
    (void)sig;
    char msg[64];
    int n = snprintf(msg, sizeof(msg), "%s: TIMEOUT\n", PEER_NAME);
    ssize_t r = write(STDOUT_FILENO, msg, n > 0 ? (size_t)n : 0);
    (void)r;
    _exit(3);
}

/* " ret=R ssl_error=E err=lib=L reason=N" for a failed call; dumps the queue. */
static void describe_failure(char *out, size_t outlen, SSL *ssl, int ret)
{
    int ssl_error = SSL_get_error(ssl, ret);
    unsigned long e = ERR_peek_error();
    int saved_errno = errno;

    if (e != 0)
        snprintf(out, outlen, "ret=%d ssl_error=%d err=lib=%d reason=%d", ret,
                 ssl_error, ERR_GET_LIB(e), ERR_GET_REASON(e));
    else if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0)
        snprintf(out, outlen, "ret=%d ssl_error=%d err=none errno=%s", ret,
                 ssl_error, strerrorname_np(saved_errno) ? strerrorname_np(saved_errno) : "?");
    else
        snprintf(out, outlen, "ret=%d ssl_error=%d err=none", ret, ssl_error);
    ERR_print_errors_fp(stderr);
    ERR_clear_error();
}

/* Read one '\n'-terminated line (newline and a preceding '\r' stripped).
 * Bytes after the newline stay in *carry for the next call. Returns 1 on
 * success, or the failing SSL_read return value (<= 0). */
static int read_line(SSL *ssl, char *carry, size_t *carry_len, char *line,
                     size_t line_size)
{
    for (int iter = 0; iter < 100000; iter++) {
        char *nl = memchr(carry, '\n', *carry_len);
        if (nl != NULL) {
            size_t n = (size_t)(nl - carry);
            size_t keep = *carry_len - n - 1;
            size_t copy = n < line_size - 1 ? n : line_size - 1;
            memcpy(line, carry, copy);
            line[copy] = '\0';
            if (copy > 0 && line[copy - 1] == '\r')
                line[copy - 1] = '\0';
            memmove(carry, nl + 1, keep);
            *carry_len = keep;
            return 1;
        }
        if (*carry_len >= LINE_MAX_BYTES) {
            fprintf(stderr, "%s: line too long\n", PEER_NAME);
            return -1;
        }
        errno = 0;
        int r = SSL_read(ssl, carry + *carry_len, (int)(LINE_MAX_BYTES - *carry_len));
        if (r <= 0)
            return r;
        *carry_len += (size_t)r;
    }
    return -1;
}

#endif
