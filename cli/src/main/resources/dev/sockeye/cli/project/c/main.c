/*
 * {{name}}: a Sockeye HTTP function in C (WAGI: one run per request).
 *
 * The request arrives through sockeye_wagi_read_request (method, path, query,
 * headers, body); the response is whatever sockeye_wagi_header and
 * sockeye_wagi_printf write. For sockets, include "sockeye_socket.h": socket,
 * connect, getaddrinfo, send, recv, poll... work as in POSIX, and every
 * destination needs an egress rule in sockeye.toml. For HTTPS, include
 * "sockeye_tls.h": sockeye_tls_connect upgrades a connected socket to TLS
 * that the host does and verifies.
 */
#include <stdio.h>

#include "sockeye_wagi.h"

int main(void) {
    sockeye_request req;
    if (sockeye_wagi_read_request(&req, 1024 * 1024) != 0) {
        return sockeye_wagi_error(413, "the body is larger than 1 MiB");
    }
    char name[128];
    if (sockeye_wagi_query_param(&req, "name", name, sizeof name) < 0) {
        snprintf(name, sizeof name, "world");
    }
    sockeye_wagi_header("Content-Type", "application/json");
    sockeye_wagi_printf("{\"greeting\":");
    char greeting[192];
    snprintf(greeting, sizeof greeting, "hello, %s from {{name}}", name);
    sockeye_wagi_write_json_string(greeting);
    sockeye_wagi_printf(",\"method\":");
    sockeye_wagi_write_json_string(req.method);
    sockeye_wagi_printf(",\"path\":");
    sockeye_wagi_write_json_string(req.path);
    sockeye_wagi_printf(",\"bodyBytes\":%zu}\n", req.body_len);
    return sockeye_wagi_finish();
}
