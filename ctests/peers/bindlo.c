/*
 * bindlo.so - an LD_PRELOAD shim that keeps a server on the loopback
 * interface. ctests/peers.sh uses it for gnutls-serv, which has no option
 * to choose its listening address and would otherwise bind 0.0.0.0 / ::.
 *
 * bind() to the IPv4 or IPv6 wildcard address is turned into a bind to
 * 127.0.0.1 / ::1 (same port); any other address is refused with
 * EADDRNOTAVAIL unless it already is a loopback address. After each
 * successful bind one line goes to stderr:
 *     bindlo: bound 127.0.0.1:PORT      (or [::1]:PORT)
 * so a caller that asked for port 0 learns the port the kernel chose.
 * Nothing else about the program changes.
 *
 * Build: cc -shared -fPIC -o bindlo.so bindlo.c -ldl
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

static void report(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[INET6_ADDRSTRLEN] = "?", line[128];
    int port = 0, n;

    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return;
    if (ss.ss_family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
        port = ntohs(a->sin_port);
        n = snprintf(line, sizeof(line), "bindlo: bound %s:%d\n", host, port);
    } else if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 a;
        memcpy(&a, &ss, sizeof(a));
        inet_ntop(AF_INET6, &a.sin6_addr, host, sizeof(host));
        port = ntohs(a.sin6_port);
        n = snprintf(line, sizeof(line), "bindlo: bound [%s]:%d\n", host, port);
    } else {
        return;
    }
    if (n > 0) {
        ssize_t w = write(STDERR_FILENO, line, (size_t)n);
        (void)w;
    }
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static bind_fn real_bind;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    const struct sockaddr *use = addr;

    if (real_bind == NULL)
        real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
    if (real_bind == NULL) {
        errno = ENOSYS;
        return -1;
    }

    if (addr != NULL && addr->sa_family == AF_INET && len >= sizeof(in4)) {
        memcpy(&in4, addr, sizeof(in4));
        if (in4.sin_addr.s_addr == htonl(INADDR_ANY))
            in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        else if ((ntohl(in4.sin_addr.s_addr) >> 24) != 127) {
            errno = EADDRNOTAVAIL;
            return -1;
        }
        use = (const struct sockaddr *)&in4;
        len = sizeof(in4);
    } else if (addr != NULL && addr->sa_family == AF_INET6 && len >= sizeof(in6)) {
        memcpy(&in6, addr, sizeof(in6));
        if (IN6_IS_ADDR_UNSPECIFIED(&in6.sin6_addr))
            in6.sin6_addr = in6addr_loopback;
        else if (!IN6_IS_ADDR_LOOPBACK(&in6.sin6_addr)) {
            errno = EADDRNOTAVAIL;
            return -1;
        }
        use = (const struct sockaddr *)&in6;
        len = sizeof(in6);
    }

    int r = real_bind(fd, use, len);
    if (r == 0)
        report(fd);
    return r;
}
