/*
 * park_recv HOST PORT
 * Connects, prints "parked", then blocks in recv until the peer closes
 * (any data received is discarded) and prints "closed".
 */
#include <stdio.h>
#include <unistd.h>

#include "sockeye_socket.h"

int main(int argc, char **argv) {
    if (argc != 3) sockeye_usage("park_recv HOST PORT");
    int fd = sockeye_dial(argv[1], argv[2], SOCK_STREAM);
    printf("parked\n");
    fflush(stdout);
    char buf[512];
    for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
    }
    printf("closed\n");
    fflush(stdout);
    close(fd);
    return 0;
}
