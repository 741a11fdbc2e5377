/*
 * udp_server [-6] PORT COUNT
 * Binds 0.0.0.0:PORT ([::]:PORT with -6), then for COUNT datagrams: prints the
 * sender and payload and replies to the sender with the payload upper-cased.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define USAGE "udp_server [-6] PORT COUNT"

int main(int argc, char **argv) {
    int arg = 1;
    int family = sockeye_arg_flag(argc, argv, &arg, "-6") ? AF_INET6 : AF_INET;
    if (argc - arg != 2) sockeye_usage(USAGE);
    unsigned port = (unsigned)sockeye_arg_number(argv[arg], USAGE);
    unsigned long long count = sockeye_arg_number(argv[arg + 1], USAGE);

    int fd = sockeye_bind_any(family, port, SOCK_DGRAM);
    printf("listening=%u\n", sockeye_local_port(fd));
    fflush(stdout);

    static char buf[65536];
    for (unsigned long long i = 0; i < count; i++) {
        struct sockaddr_storage from;
        socklen_t from_len = sizeof from;
        ssize_t r = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &from_len);
        if (r < 0) sockeye_fail("recvfrom");
        buf[r] = '\0';
        char text[64];
        printf("from=%s data=%s\n", sockeye_format_addr((struct sockaddr *)&from, text, sizeof text),
               buf);
        fflush(stdout);
        for (ssize_t k = 0; k < r; k++) {
            if (buf[k] >= 'a' && buf[k] <= 'z') buf[k] = (char)(buf[k] - 'a' + 'A');
        }
        if (sendto(fd, buf, (size_t)r, 0, (struct sockaddr *)&from, from_len) < 0) {
            sockeye_fail("sendto");
        }
    }
    close(fd);
    return 0;
}
