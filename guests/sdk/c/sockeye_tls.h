/*
 * sockeye_tls.h: host TLS for wasm32-wasi guests on Sockeye.
 *
 * The host does the TLS: sockeye_tls_connect() turns a connected TCP socket
 * into a TLS connection in place. The host sends `server_name` as SNI and
 * verifies the server's certificate chain (the platform's trust store) and
 * that the certificate is valid for `server_name`; afterwards the same fd
 * reads and writes plaintext with recv/send/read/write, and poll() works as
 * before. See docs/guest-abi.md, "Host TLS".
 *
 * Calls return -1 and set errno on failure (WASI errno numbers):
 *   ECONNABORTED  the certificate did not verify (untrusted, expired, wrong name)
 *   EPROTO        the server does not speak TLS, or no version/cipher was agreed
 *   EACCES        the egress policy does not allow the verified name
 *   ETIMEDOUT     the handshake did not finish in time
 *   ECONNRESET    the server closed the connection during the handshake
 *   EINVAL        a bad server name or ALPN list; ENOTCONN not connected
 * After a failure the socket is no longer connected: close it.
 */
#ifndef SOCKEYE_TLS_H
#define SOCKEYE_TLS_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Upgrades the connected TCP socket `fd` to host TLS. `alpn` is NULL or a
 * comma-separated list of application protocols to offer, most preferred
 * first ("h2,http/1.1"). Blocks until the handshake ends; on a non-blocking
 * socket it fails with EINPROGRESS at once, poll() reports POLLOUT (POLLHUP
 * if it failed) when the handshake ended, and sockeye_tls_alpn() or
 * getsockopt(SO_ERROR) then gives its result (docs/guest-abi.md).
 */
int sockeye_tls_connect(int fd, const char *server_name, const char *alpn);

/*
 * Writes the application protocol the handshake negotiated into buf as a
 * NUL-terminated string ("" if none) and returns its length, or -1 (EINVAL:
 * fd is not a host TLS connection; ENOBUFS: buf is too small).
 */
ssize_t sockeye_tls_alpn(int fd, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
