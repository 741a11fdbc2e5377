/*
 * redis-counter: counts the requests to each path in Redis. Every request sends
 * one RESP command, INCR sockeye:hits:<path>, over TCP and answers the new count
 * as JSON: {"key":"sockeye:hits:/counter","count":3}.
 *
 * Where Redis is comes from the environment (sockeye.toml [env]): REDIS_HOST
 * (a name or an IP, default 127.0.0.1) and REDIS_PORT (default 6379). The
 * function's egress rules must allow that host and port.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockeye_socket.h"
#include "sockeye_wagi.h"

#define KEY_PREFIX "sockeye:hits:"

/* Reads one CRLF-terminated RESP line into out (without CRLF). 0, or -1 with errno (EPROTO: too long). */
static int read_line(int fd, char *out, size_t outlen) {
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t got = recv(fd, &c, 1, 0);
        if (got < 0) return -1;
        if (got == 0) {
            errno = ECONNRESET;
            return -1;
        }
        if (c == '\n' && n > 0 && out[n - 1] == '\r') {
            out[n - 1] = '\0';
            return 0;
        }
        if (n + 1 >= outlen) {
            errno = EPROTO;
            return -1;
        }
        out[n++] = c;
    }
}

static int fail(const char *what, const char *host, const char *port) {
    char message[256];
    snprintf(message, sizeof message, "redis %s %s:%s failed: %s (errno %d)", what, host, port,
             strerror(errno), errno);
    fprintf(stderr, "%s\n", message);
    return sockeye_wagi_error(502, message);
}

int main(void) {
    sockeye_request req;
    if (sockeye_wagi_read_request(&req, 0) != 0) {
        return sockeye_wagi_error(413, "redis-counter takes no request body");
    }
    const char *host = getenv("REDIS_HOST");
    const char *port = getenv("REDIS_PORT");
    if (host == NULL || host[0] == '\0') host = "127.0.0.1";
    if (port == NULL || port[0] == '\0') port = "6379";

    char key[512];
    snprintf(key, sizeof key, KEY_PREFIX "%s", req.path);

    const char *failed_call;
    int fd = sockeye_try_dial(host, port, SOCK_STREAM, &failed_call);
    if (fd < 0 && strcmp(failed_call, "getaddrinfo") == 0) {
        char message[256];
        snprintf(message, sizeof message, "redis lookup %s failed: getaddrinfo errno %d", host, errno);
        fprintf(stderr, "%s\n", message);
        return sockeye_wagi_error(502, message);
    }
    if (fd < 0) return fail("connect", host, port);

    char command[640];
    int len = snprintf(command, sizeof command, "*2\r\n$4\r\nINCR\r\n$%zu\r\n%s\r\n", strlen(key), key);
    if (sockeye_send_all(fd, command, (size_t)len) != 0) return fail("send to", host, port);
    char reply[256];
    if (read_line(fd, reply, sizeof reply) != 0) return fail("reply from", host, port);
    close(fd);

    if (reply[0] != ':') { /* an error (-ERR ...) or a type we did not ask for */
        char message[320];
        snprintf(message, sizeof message, "redis answered INCR with %s", reply);
        fprintf(stderr, "%s\n", message);
        return sockeye_wagi_error(502, message);
    }
    sockeye_wagi_header("Content-Type", "application/json");
    sockeye_wagi_printf("{\"key\":");
    sockeye_wagi_write_json_string(key);
    sockeye_wagi_printf(",\"count\":%s}\n", reply + 1);
    return sockeye_wagi_finish();
}
