/*
 * tcp_stream_reader HOST PORT [--no-hash]
 * Connects, reads until EOF in 64 KiB recv calls, and prints the byte count
 * and the 32-bit FNV-1a hash of everything read. --no-hash skips the hash (a
 * per-byte loop that, interpreted, would cost more than the socket I/O a
 * throughput benchmark wants to measure) and prints only the count.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define USAGE "tcp_stream_reader HOST PORT [--no-hash]"

int main(int argc, char **argv) {
    if (argc != 3 && !(argc == 4 && strcmp(argv[3], "--no-hash") == 0)) sockeye_usage(USAGE);
    int hashing = argc == 3;
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
        for (ssize_t k = 0; hashing && k < r; k++) {
            hash ^= buf[k];
            hash *= 0x01000193u; /* FNV prime */
        }
        total += (unsigned long long)r;
    }
    printf("bytes=%llu\n", total);
    if (hashing) printf("fnv1a=%08x\n", hash);
    fflush(stdout);
    close(fd);
    return 0;
}
