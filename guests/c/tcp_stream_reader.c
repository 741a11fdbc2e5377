/*
 * tcp_stream_reader HOST PORT
 * Connects, reads until EOF in 64 KiB recv calls, and prints the byte count
 * and the 32-bit FNV-1a hash of everything read.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define USAGE "tcp_stream_reader HOST PORT"

int main(int argc, char **argv) {
    if (argc != 3) sockeye_usage(USAGE);
    int fd = sockeye_dial(argv[1], argv[2], SOCK_STREAM);
    printf("connected\n");
    fflush(stdout);

    static unsigned char buf[64 * 1024];
    unsigned long long total = 0;
    uint32_t hash = 0x811c9dc5u; /* FNV-1a offset basis */
    for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
        for (ssize_t k = 0; k < r; k++) {
            hash ^= buf[k];
            hash *= 0x01000193u; /* FNV prime */
        }
        total += (unsigned long long)r;
    }
    printf("bytes=%llu\nfnv1a=%08x\n", total, hash);
    fflush(stdout);
    close(fd);
    return 0;
}
