/*
 * tls_fetch HOST PORT [--alpn LIST] [--upload BYTES] [--download BYTES] [--plaintext-first] [--poll]
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
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"
#include "sockeye_tls.h"

#define USAGE \
    "tls_fetch HOST PORT [--alpn LIST] [--upload BYTES] [--download BYTES] [--plaintext-first] [--poll]"
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

int main(int argc, char **argv) {
    if (argc < 3) sockeye_usage(USAGE);
    const char *alpn = NULL;
    unsigned long long upload_bytes = 0, download_bytes = 0;
    int plaintext_first = 0;
    for (int next = 3; next < argc;) {
        if (sockeye_arg_flag(argc, argv, &next, "--plaintext-first")) {
            plaintext_first = 1;
        } else if (sockeye_arg_flag(argc, argv, &next, "--poll")) {
            polling = 1;
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
    if (sockeye_tls_connect(fd, argv[1], alpn) < 0) sockeye_fail("sock_tls_connect");
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
