/*
 * tcp_echo_client HOST PORT BYTES
 * Sends BYTES bytes of byte[i] = (i*31+7) & 0xff to an echo server over a
 * blocking socket and checks that exactly those bytes come back.
 *
 * Sends and receives are interleaved with at most WINDOW bytes in flight, so
 * the client never blocks in send while the server blocks sending the echo
 * back to us (which a send-everything-then-read client would do once both
 * sides' buffers fill).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define CHUNK (16 * 1024)
#define WINDOW (64 * 1024)
#define USAGE "tcp_echo_client HOST PORT BYTES"

static unsigned char pattern_at(unsigned long long i) { return (unsigned char)((i * 31 + 7) & 0xff); }

int main(int argc, char **argv) {
    if (argc != 4) sockeye_usage(USAGE);
    unsigned long long total = sockeye_arg_number(argv[3], USAGE);

    int fd = sockeye_dial(argv[1], argv[2], SOCK_STREAM);
    printf("connected\n");
    fflush(stdout);

    static unsigned char out[CHUNK];
    static unsigned char in[WINDOW];
    unsigned long long sent = 0, received = 0;
    while (received < total) {
        unsigned long long in_flight = sent - received;
        if (sent < total && in_flight < WINDOW) {
            size_t n = CHUNK;
            if (n > total - sent) n = (size_t)(total - sent);
            if (n > WINDOW - in_flight) n = (size_t)(WINDOW - in_flight);
            for (size_t k = 0; k < n; k++) out[k] = pattern_at(sent + k);
            ssize_t w = send(fd, out, n, 0);
            if (w < 0) sockeye_fail("send");
            sent += (unsigned long long)w;
            continue;
        }
        ssize_t r = recv(fd, in, sizeof in, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) {
            fprintf(stderr, "recv: eof after %llu bytes\n", received);
            return SOCKEYE_EXIT_EOF;
        }
        for (ssize_t k = 0; k < r; k++) {
            if (in[k] != pattern_at(received + (unsigned long long)k)) {
                printf("mismatch at %llu\n", received + (unsigned long long)k);
                fflush(stdout);
                return SOCKEYE_EXIT_MISMATCH;
            }
        }
        received += (unsigned long long)r;
    }
    printf("echoed=%llu\n", received);
    fflush(stdout);
    close(fd);
    return 0;
}
