/*
 * udp_client [-c] HOST PORT MESSAGE
 * Sends MESSAGE as one datagram and waits up to 2 s (SO_RCVTIMEO) for one
 * reply. Default: sendto + recvfrom. With -c: connect + send + recv, and the
 * reply's source is the connected peer (getpeername).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define USAGE "udp_client [-c] HOST PORT MESSAGE"

int main(int argc, char **argv) {
    int arg = 1;
    int connected = sockeye_arg_flag(argc, argv, &arg, "-c");
    if (argc - arg != 3) sockeye_usage(USAGE);
    const char *message = argv[arg + 2];

    struct addrinfo hints, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    int rc = getaddrinfo(argv[arg], argv[arg + 1], &hints, &ai);
    if (rc != 0) sockeye_fail_gai(rc);

    int fd = socket(ai->ai_family, SOCK_DGRAM, 0);
    if (fd < 0) sockeye_fail("socket");
    struct timeval timeout = {.tv_sec = 2, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0) {
        sockeye_fail("setsockopt");
    }

    static char buf[65536];
    struct sockaddr_storage from;
    socklen_t from_len = sizeof from;
    ssize_t r;
    if (connected) {
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) sockeye_fail("connect");
        if (send(fd, message, strlen(message), 0) < 0) sockeye_fail("send");
        r = recv(fd, buf, sizeof buf - 1, 0);
        if (r < 0) sockeye_fail("recv");
        if (getpeername(fd, (struct sockaddr *)&from, &from_len) != 0) sockeye_fail("getpeername");
    } else {
        if (sendto(fd, message, strlen(message), 0, ai->ai_addr, ai->ai_addrlen) < 0) {
            sockeye_fail("sendto");
        }
        r = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &from_len);
        if (r < 0) sockeye_fail("recvfrom");
    }
    freeaddrinfo(ai);
    buf[r] = '\0';
    char text[64];
    printf("reply=%s from=%s\n", buf, sockeye_format_addr((struct sockaddr *)&from, text, sizeof text));
    fflush(stdout);
    close(fd);
    return 0;
}
