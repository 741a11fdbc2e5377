/*
 * sockeye_socket.h: a small POSIX-style socket layer for wasm32-wasi guests,
 * built on WasmEdge's socket extension of `wasi_snapshot_preview1`.
 *
 * wasi-libc (preview1) only knows accept/recv/send/shutdown and a getsockopt
 * that answers SO_TYPE. This layer supplies the rest and replaces those five,
 * so that every socket call goes through the imports listed in sockeye_socket.c,
 * which are exactly the ones second-state/wasmedge_wasi_socket (the Rust SDK)
 * imports. Hosts are therefore tested against the real guest convention.
 *
 * Conventions, as in POSIX:
 *  - calls return -1 and set errno on failure. WASI errno values and wasi-libc
 *    errno constants are the same numbers, so errno == the host's WASI errno.
 *  - addresses are struct sockaddr_in / sockaddr_in6 with the port in network
 *    byte order (use htons/ntohs).
 *  - constants are wasi-libc's: AF_INET 1, AF_INET6 2, SOCK_STREAM 6,
 *    SOCK_DGRAM 5 (wasi-libc uses the WASI filetype numbers), SOL_SOCKET
 *    0x7fffffff. The layer translates them to the ABI's numbers.
 *  - SO_* option names are the ABI's numbers (SO_REUSEADDR 0 ... SO_BINDTODEVICE
 *    14): wasi-libc's lone SO_TYPE 3 is replaced.
 *
 * getaddrinfo differs from POSIX in one way: it returns 0 or a positive WASI
 * errno: the EAI_* values below (WasmEdge's 77..87) or any other errno the host
 * chooses (e.g. EACCES when a sandbox policy refuses the name).
 *
 * poll(): use wasi-libc's poll() unchanged; see the note at the end.
 */
#ifndef SOCKEYE_SOCKET_H
#define SOCKEYE_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Socket option names: the ABI's numbering (level SOL_SOCKET or 0). */
#undef SO_TYPE
#define SO_REUSEADDR 0
#define SO_TYPE 1        /* int: SOCK_DGRAM or SOCK_STREAM (wasi-libc numbers) */
#define SO_ERROR 2       /* int: pending WASI errno, cleared by reading */
#define SO_DONTROUTE 3
#define SO_BROADCAST 4
#define SO_SNDBUF 5
#define SO_RCVBUF 6
#define SO_KEEPALIVE 7
#define SO_OOBINLINE 8
#define SO_LINGER 9
#define SO_RCVLOWAT 10
#define SO_RCVTIMEO 11   /* struct timeval: i64 tv_sec, i64 tv_usec (16 bytes) */
#define SO_SNDTIMEO 12   /* struct timeval, as SO_RCVTIMEO */
#define SO_ACCEPTCONN 13
#define SO_BINDTODEVICE 14

/* getaddrinfo flags: the ABI's bits, passed through unchanged. */
#define AI_PASSIVE 0x01
#define AI_CANONNAME 0x02
#define AI_NUMERICHOST 0x04
#define AI_NUMERICSERV 0x08
#define AI_V4MAPPED 0x10
#define AI_ALL 0x20
#define AI_ADDRCONFIG 0x40

/* getaddrinfo results: WasmEdge's WASI errno extension (positive numbers). */
#define EAI_ADDRFAMILY 77
#define EAI_AGAIN 78
#define EAI_BADFLAGS 79
#define EAI_FAIL 80
#define EAI_FAMILY 81
#define EAI_MEMORY 82
#define EAI_NODATA 83
#define EAI_NONAME 84
#define EAI_SERVICE 85
#define EAI_SOCKTYPE 86
#define EAI_SYSTEM 87

struct addrinfo {
    int ai_flags;
    int ai_family;    /* AF_INET, AF_INET6 */
    int ai_socktype;  /* SOCK_STREAM, SOCK_DGRAM or 0 */
    int ai_protocol;  /* IPPROTO_TCP, IPPROTO_UDP or 0 */
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
    struct addrinfo *ai_next;
};

/* Declared by wasi-libc too (same prototypes); our definitions replace its. */
int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen);
ssize_t send(int fd, const void *buf, size_t len, int flags);
ssize_t recv(int fd, void *buf, size_t len, int flags);
int shutdown(int fd, int how);
int getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len);

/* Hidden by wasi-libc's headers; provided here. */
int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr *addr, socklen_t addrlen);
int connect(int fd, const struct sockaddr *addr, socklen_t addrlen);
int listen(int fd, int backlog);
int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen);
int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen);
ssize_t sendto(int fd, const void *buf, size_t len, int flags,
               const struct sockaddr *dest, socklen_t destlen);
ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict src, socklen_t *__restrict srclen);
int setsockopt(int fd, int level, int name, const void *value, socklen_t len);

int getaddrinfo(const char *__restrict node, const char *__restrict service,
                const struct addrinfo *__restrict hints, struct addrinfo **__restrict res);
void freeaddrinfo(struct addrinfo *res);
const char *gai_strerror(int code);

/*
 * Sets (on != 0) or clears O_NONBLOCK with fd_fdstat_get + fd_fdstat_set_flags.
 * Returns 0, or -1 with errno. (fcntl(F_SETFL) works too; this avoids its
 * dependence on the rights the host reports.)
 */
int sockeye_set_nonblocking(int fd, int on);

/*
 * getsockname/getpeername through the V2 imports sock_getlocaladdr_v2 and
 * sock_getpeeraddr_v2 (fd, address* to a 128-byte storage buffer, port*).
 * The Rust SDK uses the V1 form (see getsockname); these let a guest exercise
 * the other one. Imported only by guests that call them.
 */
int sockeye_getsockname_v2(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen);
int sockeye_getpeername_v2(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen);

/*
 * Guest conventions shared by every program in guests/c.
 */

/* Exit codes that are not WASI errnos (those stop at 87). */
#define SOCKEYE_EXIT_MISMATCH 100   /* data differed from what was expected */
#define SOCKEYE_EXIT_EOF 101        /* the peer closed before the expected end */
#define SOCKEYE_EXIT_UNEXPECTED 102 /* a call succeeded where failure was expected */
#define SOCKEYE_EXIT_USAGE 120      /* bad command line */

/* Prints "usage: <text>" to stderr and exits SOCKEYE_EXIT_USAGE. */
_Noreturn void sockeye_usage(const char *text);

/* If argv[*next] is `flag`, steps *next past it and returns 1; else returns 0. */
int sockeye_arg_flag(int argc, char **argv, int *next, const char *flag);

/* Parses a non-negative decimal argument or exits through sockeye_usage. */
unsigned long long sockeye_arg_number(const char *text, const char *usage);

/* Formats an IPv4/IPv6 socket address as "ip:port" or "[ip6]:port". */
const char *sockeye_format_addr(const struct sockaddr *addr, char *out, size_t outlen);

/* Formats only the IP of a socket address. */
const char *sockeye_format_ip(const struct sockaddr *addr, char *out, size_t outlen);

/* Prints "<call>: errno=<errno>" to stderr and exits with errno as status. */
_Noreturn void sockeye_fail(const char *call);

/* Prints "getaddrinfo: errno=<code> (<text>)" and exits with code. */
_Noreturn void sockeye_fail_gai(int code);

/*
 * Resolves host:port (a name or a literal IPv4/IPv6 address) with
 * getaddrinfo(AF_UNSPEC, socktype) and connects a blocking socket to the first
 * address that accepts. Returns the fd, or -1 with errno and *failed_call (if
 * not NULL) naming the call that failed last: "getaddrinfo" (errno is then
 * getaddrinfo's code, see gai_strerror), "socket" or "connect".
 */
int sockeye_try_dial(const char *host, const char *port, int socktype, const char **failed_call);

/*
 * sockeye_try_dial, failing the program when nothing works: sockeye_fail_gai
 * for a failed lookup, else sockeye_fail("socket") or sockeye_fail("connect").
 */
int sockeye_dial(const char *host, const char *port, int socktype);

/*
 * Sends all `length` bytes of `data` on a blocking socket, as many send()s as
 * it takes. Returns 0, or -1 with errno of the send() that failed.
 */
int sockeye_send_all(int fd, const void *data, size_t length);

/*
 * Opens a socket of `socktype` bound to the wildcard address of `family`
 * (0.0.0.0 or [::]) and `port` (0: the host picks). Fails the program on error.
 */
int sockeye_bind_any(int family, unsigned port, int socktype);

/* The local port of a bound socket, via getsockname. Fails the program on error. */
unsigned sockeye_local_port(int fd);

/*
 * poll()s one fd for `events` (POLLIN and/or POLLOUT) and returns its revents.
 * Fails the program with "poll: errno=<n>" on error, and with ETIMEDOUT (73)
 * when nothing happens within timeout_ms.
 */
int sockeye_wait(int fd, short events, int timeout_ms);

/*
 * Note on poll(): wasi-libc's poll() turns each pollfd into FD_READ (POLLIN) /
 * FD_WRITE (POLLOUT) subscriptions for poll_oneoff, plus one relative clock
 * subscription when timeout >= 0. It never looks at the fd's type, so it works
 * with socket fds as long as the host's poll_oneoff accepts them. Results:
 * POLLIN/POLLOUT on readiness, POLLHUP added when the event carries
 * FD_READWRITE_HANGUP, POLLNVAL for an EBADF event, POLLHUP for EPIPE, POLLERR
 * for any other event error. A pollfd with neither POLLIN nor POLLOUT makes
 * poll() fail with ENOSYS; poll() with nothing at all fails with ENOTSUP.
 */

#ifdef __cplusplus
}
#endif

#endif /* SOCKEYE_SOCKET_H */
