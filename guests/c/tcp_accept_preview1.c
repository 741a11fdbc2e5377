/*
 * tcp_accept_preview1 PORT
 * Accepts ONE connection with the preview1 form of sock_accept
 * (fd, fdflags, *new_fd), the one wasi-libc's accept(), Rust std and Go's
 * wasip1 port import, instead of the SDK's WasmEdge V1 form (fd, *new_fd).
 * A module can import a name with one signature only, so this guest declares
 * its own import and does not call the SDK's accept().
 * Echoes what the client sends until it closes, then prints the byte count.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "sockeye_socket.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("sock_accept")))
uint32_t preview1_sock_accept(uint32_t fd, uint32_t fdflags, uint32_t *new_fd);

#define USAGE "tcp_accept_preview1 PORT"

int main(int argc, char **argv) {
    if (argc != 2) sockeye_usage(USAGE);
    unsigned port = (unsigned)sockeye_arg_number(argv[1], USAGE);
    int listener = sockeye_bind_any(AF_INET, port, SOCK_STREAM);
    if (listen(listener, 1) != 0) sockeye_fail("listen");
    printf("listening=%u\n", sockeye_local_port(listener));
    fflush(stdout);

    uint32_t fd;
    uint32_t err = preview1_sock_accept((uint32_t)listener, 0, &fd); /* fdflags 0: blocking */
    if (err != 0) {
        errno = (int)err;
        sockeye_fail("sock_accept");
    }
    printf("accepted\n");
    fflush(stdout);

    char buf[16 * 1024];
    unsigned long long total = 0;
    for (;;) {
        ssize_t r = recv((int)fd, buf, sizeof buf, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
        for (ssize_t sent = 0; sent < r;) {
            ssize_t w = send((int)fd, buf + sent, (size_t)(r - sent), 0);
            if (w < 0) sockeye_fail("send");
            sent += w;
        }
        total += (unsigned long long)r;
    }
    printf("echoed=%llu\n", total);
    fflush(stdout);
    close((int)fd);
    close(listener);
    return 0;
}
