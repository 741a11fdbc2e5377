/*
 * tcp_server [-6] PORT CLIENTS
 * Listens on 0.0.0.0:PORT ([::]:PORT with -6) and serves CLIENTS clients
 * concurrently from one poll() loop: every byte a client sends comes back with
 * ASCII letters upper-cased. Exits 0 once CLIENTS clients have connected and
 * closed.
 *
 * All sockets are non-blocking. A client's echo that the peer is not reading
 * yet waits in its own buffer, and that client is not read from until the
 * buffer drains (poll for POLLOUT instead of POLLIN): backpressure without
 * ever blocking the loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define USAGE "tcp_server [-6] PORT CLIENTS"
#define BUFFER_SIZE (16 * 1024)

struct client {
    int fd;
    size_t pending_len;  /* bytes in pending not yet sent back */
    size_t pending_sent; /* how many of them are already sent */
    unsigned char pending[BUFFER_SIZE];
};

static void to_upper(unsigned char *data, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (data[i] >= 'a' && data[i] <= 'z') data[i] = (unsigned char)(data[i] - 'a' + 'A');
    }
}

/* Accepts one waiting connection; returns -1 when none was waiting after all. */
static int accept_client(int listener) {
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    int fd = accept(listener, (struct sockaddr *)&peer, &len);
    if (fd < 0) {
        if (errno == EAGAIN) return -1;
        sockeye_fail("accept");
    }
    if (sockeye_set_nonblocking(fd, 1) != 0) sockeye_fail("fd_fdstat_set_flags");
    char text[64];
    printf("accepted=%s\n", len > 0 ? sockeye_format_addr((struct sockaddr *)&peer, text, sizeof text)
                                    : "unknown");
    fflush(stdout);
    return fd;
}

/* Reads what is there and queues its echo. Returns 0 when the client is done. */
static int read_client(struct client *c) {
    ssize_t r = recv(c->fd, c->pending, sizeof c->pending, 0);
    if (r < 0) {
        if (errno == EAGAIN) return 1;
        if (errno == ECONNRESET || errno == EPIPE) return 0;
        sockeye_fail("recv");
    }
    if (r == 0) return 0;
    to_upper(c->pending, (size_t)r);
    c->pending_len = (size_t)r;
    c->pending_sent = 0;
    return 1;
}

/* Sends queued echo bytes. Returns 0 when the client has gone away. */
static int write_client(struct client *c) {
    ssize_t w = send(c->fd, c->pending + c->pending_sent, c->pending_len - c->pending_sent, 0);
    if (w < 0) {
        if (errno == EAGAIN) return 1;
        if (errno == ECONNRESET || errno == EPIPE) return 0;
        sockeye_fail("send");
    }
    c->pending_sent += (size_t)w;
    if (c->pending_sent == c->pending_len) c->pending_len = c->pending_sent = 0;
    return 1;
}

int main(int argc, char **argv) {
    int arg = 1;
    int family = sockeye_arg_flag(argc, argv, &arg, "-6") ? AF_INET6 : AF_INET;
    if (argc - arg != 2) sockeye_usage(USAGE);
    unsigned port = (unsigned)sockeye_arg_number(argv[arg], USAGE);
    size_t wanted = (size_t)sockeye_arg_number(argv[arg + 1], USAGE);

    int listener = sockeye_bind_any(family, port, SOCK_STREAM);
    if (listen(listener, 128) != 0) sockeye_fail("listen");
    if (sockeye_set_nonblocking(listener, 1) != 0) sockeye_fail("fd_fdstat_set_flags");
    printf("listening=%u\n", sockeye_local_port(listener));
    fflush(stdout);

    /* pollfds[0] is the listener; pollfds[1 + i] belongs to clients[i]. */
    struct client *clients = calloc(wanted + 1, sizeof *clients);
    struct pollfd *pollfds = calloc(wanted + 1, sizeof *pollfds);
    if (clients == NULL || pollfds == NULL) {
        errno = ENOMEM;
        sockeye_fail("calloc");
    }
    size_t accepted = 0, served = 0;
    while (served < wanted) {
        /* wasi-libc's poll() skips fds < 0 (an fd with no events is an error). */
        pollfds[0].fd = accepted < wanted ? listener : -1;
        pollfds[0].events = POLLIN;
        for (size_t i = 0; i < accepted; i++) {
            pollfds[1 + i].fd = clients[i].fd;
            pollfds[1 + i].events = clients[i].pending_len > 0 ? POLLOUT : POLLIN;
        }
        if (poll(pollfds, 1 + accepted, -1) < 0) sockeye_fail("poll");

        size_t before = accepted; /* fresh clients have no revents yet */
        for (size_t i = 0; i < before; i++) {
            struct client *c = &clients[i];
            short revents = pollfds[1 + i].revents;
            if (c->fd < 0 || revents == 0) continue;
            int alive = c->pending_len > 0 ? write_client(c) : read_client(c);
            if (!alive) {
                close(c->fd);
                c->fd = -1;
                c->pending_len = 0;
                served++;
            }
        }
        if (pollfds[0].fd >= 0 && (pollfds[0].revents & POLLIN)) {
            int fd = accept_client(listener);
            if (fd >= 0) clients[accepted++].fd = fd;
        }
    }
    printf("served=%zu\n", served);
    fflush(stdout);
    close(listener);
    return 0;
}
