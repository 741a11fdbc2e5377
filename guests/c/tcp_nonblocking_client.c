/*
 * tcp_nonblocking_client HOST PORT MESSAGE
 * The non-blocking connect dance that async runtimes (mio, Go netpoll) do:
 * O_NONBLOCK before connect, EINPROGRESS, poll for POLLOUT, SO_ERROR for the
 * outcome; then EAGAIN from a recv with nothing to read, send MESSAGE, poll for
 * POLLIN, and read the reply (as many bytes as MESSAGE has, or until EOF).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define TIMEOUT_MS 10000

int main(int argc, char **argv) {
    if (argc != 4) sockeye_usage("tcp_nonblocking_client HOST PORT MESSAGE");
    const char *message = argv[3];
    size_t message_len = strlen(message);

    struct addrinfo hints, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (rc != 0) sockeye_fail_gai(rc);

    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd < 0) sockeye_fail("socket");
    if (sockeye_set_nonblocking(fd, 1) != 0) sockeye_fail("fd_fdstat_set_flags");

    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        printf("connect=immediate\n"); /* allowed by POSIX; the test decides */
    } else if (errno == EINPROGRESS) {
        printf("connect=inprogress\n");
    } else {
        sockeye_fail("connect");
    }
    freeaddrinfo(ai);
    fflush(stdout);

    sockeye_wait(fd, POLLOUT, TIMEOUT_MS);
    int so_error = -1;
    socklen_t len = sizeof so_error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) sockeye_fail("getsockopt");
    printf("so_error=%d\n", so_error);
    fflush(stdout);
    if (so_error != 0) {
        fprintf(stderr, "connect: errno=%d\n", so_error);
        return so_error;
    }

    char buf[4096];
    ssize_t early = recv(fd, buf, sizeof buf, 0);
    if (early >= 0) {
        fprintf(stderr, "recv: returned %zd before any data was sent, expected EAGAIN\n", early);
        return SOCKEYE_EXIT_UNEXPECTED;
    }
    if (errno != EAGAIN) sockeye_fail("recv");
    printf("recv=again\n");
    fflush(stdout);

    size_t sent = 0;
    while (sent < message_len) {
        ssize_t w = send(fd, message + sent, message_len - sent, 0);
        if (w < 0 && errno == EAGAIN) {
            sockeye_wait(fd, POLLOUT, TIMEOUT_MS);
            continue;
        }
        if (w < 0) sockeye_fail("send");
        sent += (size_t)w;
    }

    size_t got = 0;
    while (got < message_len && got < sizeof buf - 1) {
        sockeye_wait(fd, POLLIN, TIMEOUT_MS);
        ssize_t r = recv(fd, buf + got, sizeof buf - 1 - got, 0);
        if (r < 0 && errno == EAGAIN) continue; /* spurious wake-up */
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
        got += (size_t)r;
    }
    buf[got] = '\0';
    printf("reply=%s\n", buf);
    fflush(stdout);
    close(fd);
    return 0;
}
