/*
 * tls_fetch HOST PORT [--alpn LIST] [--upload BYTES] [--download BYTES] [--plaintext-first] [--poll]
 *           [--nonblocking [--so-error | --pending]]
 *
 * Connects to HOST:PORT, upgrades the socket to host TLS naming HOST
 * (sockeye_tls.h), and prints the negotiated ALPN ("alpn=h2", "alpn=" for
 * none). Then it sends the request line "UPLOAD <n> DOWNLOAD <m>\n" and n
 * pattern bytes (byte i is (i * 31 + 7) mod 256), half-closes, prints the
 * server's header lines as they come and reads the rest until EOF, printing
 * "received=<count> fnv1a=<hash>" (FNV-1a, 32 bits) of what followed them.
 * --plaintext-first sends the request line before the upgrade; --poll waits
 * in poll() before each send and recv. Failures
 * print "<call>: errno=<n>" and exit with that errno.
 *
 * --nonblocking upgrades a non-blocking socket (and polls before each send and
 * recv): sock_tls_connect must answer EINPROGRESS, poll() waits for POLLOUT
 * (printed as "revents=out" or "revents=out,hup"), and sock_tls_alpn reads the
 * handshake's result, or with --so-error getsockopt(SO_ERROR) does first
 * ("so_error=<n>"; a failure then also prints what send() says). --pending
 * instead probes a handshake that cannot finish (a server that never answers):
 * it prints "pending alpn=<errno> send=<errno> again=<errno> revents=<n>",
 * the errnos of sock_tls_alpn, send and a second sock_tls_connect, and what a
 * 200 ms poll() for POLLOUT saw, and exits 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"
#include "sockeye_tls.h"

#include <errno.h>

#define USAGE                                                                                              \
    "tls_fetch HOST PORT [--alpn LIST] [--upload BYTES] [--download BYTES] [--plaintext-first] [--poll] " \
    "[--nonblocking [--so-error | --pending]]"
#define HEADER_LINES 2

static unsigned char buf[64 * 1024];
static int polling;

static void send_all(int fd, const void *data, size_t length, const char *what) {
    const unsigned char *at = data;
    while (length > 0) {
        if (polling) sockeye_wait(fd, POLLOUT, 30000);
        ssize_t sent = send(fd, at, length, 0);
        if (sent < 0) sockeye_fail(what);
        at += sent;
        length -= (size_t)sent;
    }
}

static void upload(int fd, unsigned long long bytes) {
    unsigned long long position = 0;
    while (position < bytes) {
        size_t chunk = bytes - position < sizeof buf ? (size_t)(bytes - position) : sizeof buf;
        for (size_t k = 0; k < chunk; k++) buf[k] = (unsigned char)((position + k) * 31 + 7);
        send_all(fd, buf, chunk, "send");
        position += chunk;
    }
}

/* The errno of a call that returned -1, else 0. */
static int errno_of(long result) { return result < 0 ? errno : 0; }

/* A handshake that cannot finish: every call says so, and poll() does not report the socket writable. */
static int probe_pending(int fd, const char *server_name, const char *alpn) {
    char protocol[64];
    int alpn_errno = errno_of(sockeye_tls_alpn(fd, protocol, sizeof protocol));
    int send_errno = errno_of(send(fd, "x", 1, 0));
    int again_errno = errno_of(sockeye_tls_connect(fd, server_name, alpn));
    struct pollfd pfd = {.fd = fd, .events = POLLOUT};
    int ready = poll(&pfd, 1, 200);
    if (ready < 0) sockeye_fail("poll");
    printf("pending alpn=%d send=%d again=%d revents=%d\n", alpn_errno, send_errno, again_errno,
           ready == 0 ? 0 : pfd.revents);
    fflush(stdout);
    close(fd);
    return 0;
}

/* Upgrades the non-blocking fd: EINPROGRESS, then POLLOUT once the handshake ended; exits on its failure. */
static void upgrade_nonblocking(int fd, const char *server_name, const char *alpn, int so_error) {
    if (sockeye_set_nonblocking(fd, 1) < 0) sockeye_fail("set nonblocking");
    if (sockeye_tls_connect(fd, server_name, alpn) == 0 || errno != EINPROGRESS) {
        printf("sock_tls_connect: expected EINPROGRESS, errno=%d\n", errno_of(-1));
        exit(1);
    }
    int revents = sockeye_wait(fd, POLLOUT, 30000);
    /* wasi-libc's poll() reports a write event with hang-up as POLLHUP alone. */
    int out = (revents & POLLOUT) != 0, hup = (revents & POLLHUP) != 0;
    printf("revents=%s\n", out && hup ? "out,hup" : out ? "out" : hup ? "hup" : "-");
    if (so_error) {
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) sockeye_fail("getsockopt");
        printf("so_error=%d\n", error);
        if (error != 0) {
            printf("send after: errno=%d\n", errno_of(send(fd, "x", 1, 0)));
            fflush(stdout);
            exit(error);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 3) sockeye_usage(USAGE);
    const char *alpn = NULL;
    unsigned long long upload_bytes = 0, download_bytes = 0;
    int plaintext_first = 0, nonblocking = 0, so_error = 0, pending = 0;
    for (int next = 3; next < argc;) {
        if (sockeye_arg_flag(argc, argv, &next, "--plaintext-first")) {
            plaintext_first = 1;
        } else if (sockeye_arg_flag(argc, argv, &next, "--poll")) {
            polling = 1;
        } else if (sockeye_arg_flag(argc, argv, &next, "--nonblocking")) {
            nonblocking = polling = 1;
        } else if (sockeye_arg_flag(argc, argv, &next, "--so-error")) {
            so_error = 1;
        } else if (sockeye_arg_flag(argc, argv, &next, "--pending")) {
            pending = 1;
        } else if (next + 1 < argc && strcmp(argv[next], "--alpn") == 0) {
            alpn = argv[next + 1];
            next += 2;
        } else if (next + 1 < argc && strcmp(argv[next], "--upload") == 0) {
            upload_bytes = sockeye_arg_number(argv[next + 1], USAGE);
            next += 2;
        } else if (next + 1 < argc && strcmp(argv[next], "--download") == 0) {
            download_bytes = sockeye_arg_number(argv[next + 1], USAGE);
            next += 2;
        } else {
            sockeye_usage(USAGE);
        }
    }

    int fd = sockeye_dial(argv[1], argv[2], SOCK_STREAM);
    char request[96];
    int request_length = snprintf(request, sizeof request, "UPLOAD %llu DOWNLOAD %llu\n", upload_bytes,
                                  download_bytes);
    if (plaintext_first) send_all(fd, request, (size_t)request_length, "plaintext send");
    if ((so_error || pending) && !nonblocking) sockeye_usage(USAGE);
    if (pending) {
        if (sockeye_set_nonblocking(fd, 1) < 0) sockeye_fail("set nonblocking");
        if (sockeye_tls_connect(fd, argv[1], alpn) == 0 || errno != EINPROGRESS) sockeye_fail("sock_tls_connect");
        return probe_pending(fd, argv[1], alpn);
    }
    if (nonblocking) {
        upgrade_nonblocking(fd, argv[1], alpn, so_error);
    } else if (sockeye_tls_connect(fd, argv[1], alpn) < 0) {
        sockeye_fail("sock_tls_connect");
    }
    char protocol[64];
    if (sockeye_tls_alpn(fd, protocol, sizeof protocol) < 0) sockeye_fail("sock_tls_alpn");
    printf("alpn=%s\n", protocol);
    fflush(stdout);

    if (!plaintext_first) send_all(fd, request, (size_t)request_length, "send");
    upload(fd, upload_bytes);
    if (shutdown(fd, SHUT_WR) < 0) sockeye_fail("shutdown");

    int lines = 0;
    unsigned long long received = 0;
    uint32_t hash = 0x811c9dc5u; /* FNV-1a offset basis */
    for (;;) {
        if (polling) sockeye_wait(fd, POLLIN, 30000);
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
        ssize_t k = 0;
        for (; k < r && lines < HEADER_LINES; k++) {
            putchar(buf[k]);
            if (buf[k] == '\n') lines++;
        }
        for (; k < r; k++) {
            hash ^= buf[k];
            hash *= 0x01000193u; /* FNV prime */
            received++;
        }
    }
    printf("received=%llu fnv1a=%08x\n", received, hash);
    fflush(stdout);
    close(fd);
    return 0;
}
