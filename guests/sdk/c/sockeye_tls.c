/*
 * sockeye_tls.c: the host TLS calls of sockeye_tls.h over Sockeye's two
 * imports of `wasi_snapshot_preview1` (docs/guest-abi.md, "Host TLS"):
 *   sock_tls_connect(fd, server_name*, server_name_len, alpn*, alpn_len) -> errno
 *   sock_tls_alpn(fd, buf*, buf_len, *len) -> errno
 */
#include "sockeye_tls.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define SOCKEYE_TLS_IMPORT(name) \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

SOCKEYE_TLS_IMPORT("sock_tls_connect")
int32_t __sockeye_sock_tls_connect(int32_t fd, const char *server_name, uint32_t server_name_len,
                                   const char *alpn, uint32_t alpn_len);

SOCKEYE_TLS_IMPORT("sock_tls_alpn")
int32_t __sockeye_sock_tls_alpn(int32_t fd, char *buf, uint32_t buf_len, uint32_t *len);

static int fail_with(int32_t code) {
    errno = code;
    return -1;
}

int sockeye_tls_connect(int fd, const char *server_name, const char *alpn) {
    if (server_name == NULL) return fail_with(EINVAL);
    const char *offer = alpn == NULL ? "" : alpn;
    int32_t code = __sockeye_sock_tls_connect(fd, server_name, (uint32_t)strlen(server_name), offer,
                                              (uint32_t)strlen(offer));
    return code == 0 ? 0 : fail_with(code);
}

ssize_t sockeye_tls_alpn(int fd, char *buf, size_t len) {
    if (buf == NULL || len == 0) return fail_with(ENOBUFS);
    uint32_t written = 0;
    /* One byte stays free for the NUL. */
    int32_t code = __sockeye_sock_tls_alpn(fd, buf, (uint32_t)(len - 1), &written);
    if (code != 0) return fail_with(code);
    buf[written] = '\0';
    return (ssize_t)written;
}
