/*
 * lookup NAME [SERVICE]
 * getaddrinfo(NAME, SERVICE) with AF_UNSPEC and SOCK_STREAM (one entry per
 * address rather than one per socket type). Prints every address, then the
 * count. With SERVICE, each line also carries the port the host resolved.
 */
#include <stdio.h>
#include <string.h>

#include "sockeye_socket.h"

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) sockeye_usage("lookup NAME [SERVICE]");
    const char *service = argc == 3 ? argv[2] : NULL;

    struct addrinfo hints, *results;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(argv[1], service, &hints, &results);
    if (rc != 0) sockeye_fail_gai(rc);

    int count = 0;
    for (struct addrinfo *ai = results; ai != NULL; ai = ai->ai_next) {
        char ip[INET6_ADDRSTRLEN];
        sockeye_format_ip(ai->ai_addr, ip, sizeof ip);
        if (service != NULL) {
            unsigned port = ai->ai_family == AF_INET6
                                ? ntohs(((struct sockaddr_in6 *)ai->ai_addr)->sin6_port)
                                : ntohs(((struct sockaddr_in *)ai->ai_addr)->sin_port);
            printf("addr=%s port=%u\n", ip, port);
        } else {
            printf("addr=%s\n", ip);
        }
        count++;
    }
    freeaddrinfo(results);
    printf("count=%d\n", count);
    fflush(stdout);
    return 0;
}
