/*
 * sockopts HOST PORT
 * Connects (the peer should stay silent, e.g. an echo server) and walks the
 * SOL_SOCKET options and address queries, printing one line each. Any call
 * that fails ends the program with "<call>: errno=<n>" and exit code n, where
 * <call> names the option, e.g. "setsockopt(SO_KEEPALIVE)".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sockeye_socket.h"

static int get_int(int fd, int name, const char *call) {
    int value = 0;
    socklen_t len = sizeof value;
    if (getsockopt(fd, SOL_SOCKET, name, &value, &len) != 0) sockeye_fail(call);
    return value;
}

static void set_int(int fd, int name, int value, const char *call) {
    if (setsockopt(fd, SOL_SOCKET, name, &value, sizeof value) != 0) sockeye_fail(call);
}

static long get_timeout_ms(int fd, int name, const char *call) {
    struct timeval tv = {0, 0};
    socklen_t len = sizeof tv;
    if (getsockopt(fd, SOL_SOCKET, name, &tv, &len) != 0) sockeye_fail(call);
    return (long)(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

static void set_timeout_ms(int fd, int name, long ms, const char *call) {
    struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
    if (setsockopt(fd, SOL_SOCKET, name, &tv, sizeof tv) != 0) sockeye_fail(call);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef int (*name_query)(int, struct sockaddr *__restrict, socklen_t *__restrict);

static void print_address(const char *key, int fd, name_query query, const char *call) {
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    if (query(fd, (struct sockaddr *)&addr, &len) != 0) sockeye_fail(call);
    char text[64];
    printf("%s=%s\n", key, sockeye_format_addr((struct sockaddr *)&addr, text, sizeof text));
}

int main(int argc, char **argv) {
    if (argc != 3) sockeye_usage("sockopts HOST PORT");
    int fd = sockeye_dial(argv[1], argv[2], SOCK_STREAM);

    int type = get_int(fd, SO_TYPE, "getsockopt(SO_TYPE)");
    printf("so_type=%s\n", type == SOCK_STREAM ? "stream" : type == SOCK_DGRAM ? "dgram" : "other");
    printf("so_error=%d\n", get_int(fd, SO_ERROR, "getsockopt(SO_ERROR)"));
    printf("so_acceptconn=%d\n", get_int(fd, SO_ACCEPTCONN, "getsockopt(SO_ACCEPTCONN)") != 0);

    struct sockaddr_storage local;
    socklen_t local_len = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &local_len) != 0) sockeye_fail("getsockname");
    int listener = sockeye_bind_any(local.ss_family, 0, SOCK_STREAM);
    if (listen(listener, 1) != 0) sockeye_fail("listen");
    printf("listener_acceptconn=%d\n",
           get_int(listener, SO_ACCEPTCONN, "getsockopt(SO_ACCEPTCONN)") != 0);
    close(listener);

    set_int(fd, SO_REUSEADDR, 1, "setsockopt(SO_REUSEADDR)");
    printf("so_reuseaddr=%d\n", get_int(fd, SO_REUSEADDR, "getsockopt(SO_REUSEADDR)") != 0);
    set_int(fd, SO_KEEPALIVE, 1, "setsockopt(SO_KEEPALIVE)");
    printf("so_keepalive=%d\n", get_int(fd, SO_KEEPALIVE, "getsockopt(SO_KEEPALIVE)") != 0);
    /* Hosts may round buffer sizes (Linux doubles them): print what comes back. */
    set_int(fd, SO_RCVBUF, 65536, "setsockopt(SO_RCVBUF)");
    printf("so_rcvbuf=%d\n", get_int(fd, SO_RCVBUF, "getsockopt(SO_RCVBUF)"));
    set_int(fd, SO_SNDBUF, 65536, "setsockopt(SO_SNDBUF)");
    printf("so_sndbuf=%d\n", get_int(fd, SO_SNDBUF, "getsockopt(SO_SNDBUF)"));
    /* A host bounds what one socket may buffer: ask for far more and print what it granted. */
    set_int(fd, SO_RCVBUF, 64 << 20, "setsockopt(SO_RCVBUF, 64 MiB)");
    printf("so_rcvbuf_64mib=%d\n", get_int(fd, SO_RCVBUF, "getsockopt(SO_RCVBUF)"));
    fflush(stdout);

    set_timeout_ms(fd, SO_RCVTIMEO, 200, "setsockopt(SO_RCVTIMEO)");
    printf("so_rcvtimeo_ms=%ld\n", get_timeout_ms(fd, SO_RCVTIMEO, "getsockopt(SO_RCVTIMEO)"));
    fflush(stdout);
    char buf[64];
    long long started = now_ms();
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    long long waited = now_ms() - started;
    if (r >= 0) {
        fprintf(stderr, "recv: returned %zd with SO_RCVTIMEO and a silent peer, expected EAGAIN\n", r);
        return SOCKEYE_EXIT_UNEXPECTED;
    }
    if (errno != EAGAIN) sockeye_fail("recv");
    printf("rcvtimeo_recv=again\nrcvtimeo_waited_ms=%lld\n", waited);

    set_timeout_ms(fd, SO_SNDTIMEO, 300, "setsockopt(SO_SNDTIMEO)");
    printf("so_sndtimeo_ms=%ld\n", get_timeout_ms(fd, SO_SNDTIMEO, "getsockopt(SO_SNDTIMEO)"));

    print_address("local", fd, getsockname, "getsockname");
    print_address("peer", fd, getpeername, "getpeername");
    print_address("local_v2", fd, sockeye_getsockname_v2, "sock_getlocaladdr_v2");
    print_address("peer_v2", fd, sockeye_getpeername_v2, "sock_getpeeraddr_v2");
    fflush(stdout);
    close(fd);
    return 0;
}
