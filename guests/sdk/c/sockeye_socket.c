/*
 * sockeye_socket.c: POSIX-style sockets over WasmEdge's socket ABI.
 *
 * Every import below has the same name and signature as in
 * second-state/wasmedge_wasi_socket 0.5.x (src/socket.rs), including its mix
 * of "V1" and "V2" forms:
 *   sock_accept        V1: (fd, *new_fd)                  (not preview1's 3-param form)
 *   sock_recv_from     V2: 8 params, with a port out-param
 *   sock_getlocaladdr  V1: (fd, *address(16-byte buf), *addr_type, *port)
 *   sock_getpeeraddr   V1: same
 * All parameters and results are i32 in wasm.
 */
#include "sockeye_socket.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#define WASI_IMPORT(name) \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

/* address: u32 buf_ptr; u32 buf_len. buf_len 4 (IPv4 bytes), 16 (IPv6 bytes)
 * or 128 (storage: u16 LE family at 0, address bytes from offset 2). */
typedef struct {
    uint8_t *buf;
    uint32_t buf_len;
} wasi_address_t;

typedef struct {
    uint8_t *buf;
    uint32_t buf_len;
} wasi_iovec_t;

/* sockaddr inside an addrinfo entry (12 bytes). sa_data is the host's native
 * sockaddr minus its family: IPv4 = port(2, BE) addr(4) zero(8) = 14 bytes;
 * IPv6 = port(2, BE) flowinfo(4) addr(16) scope_id(4) = 26 bytes. */
typedef struct {
    uint8_t sa_family;
    uint32_t sa_data_len;
    uint8_t *sa_data;
} wasi_sockaddr_t;

/* addrinfo entry (28 bytes), pre-allocated by the guest as a chain. */
typedef struct {
    uint16_t ai_flags;
    uint8_t ai_family;
    uint8_t ai_socktype;
    uint8_t ai_protocol;
    uint32_t ai_addrlen;
    wasi_sockaddr_t *ai_addr;
    char *ai_canonname;
    uint32_t ai_canonname_len;
    void *ai_next;
} wasi_addrinfo_t;

_Static_assert(sizeof(wasi_address_t) == 8, "address is 8 bytes");
_Static_assert(sizeof(wasi_sockaddr_t) == 12, "sockaddr is 12 bytes");
_Static_assert(sizeof(wasi_addrinfo_t) == 28, "addrinfo is 28 bytes");
_Static_assert(offsetof(wasi_addrinfo_t, ai_addrlen) == 8, "ai_addrlen @8");
_Static_assert(offsetof(wasi_addrinfo_t, ai_next) == 24, "ai_next @24");

/* ABI constants. */
enum { ABI_AF_UNSPEC = 0, ABI_AF_INET4 = 1, ABI_AF_INET6 = 2 };
enum { ABI_SOCK_ANY = 0, ABI_SOCK_DGRAM = 1, ABI_SOCK_STREAM = 2 };
enum { ABI_PROTO_IP = 0, ABI_PROTO_TCP = 1, ABI_PROTO_UDP = 2 };
enum { ABI_SOL_SOCKET = 0 };

WASI_IMPORT("sock_open")
uint32_t wasi_sock_open(uint32_t family, uint32_t type, uint32_t *fd);
WASI_IMPORT("sock_bind")
uint32_t wasi_sock_bind(uint32_t fd, wasi_address_t *addr, uint32_t port);
WASI_IMPORT("sock_listen")
uint32_t wasi_sock_listen(uint32_t fd, uint32_t backlog);
WASI_IMPORT("sock_accept")
uint32_t wasi_sock_accept(uint32_t fd, uint32_t *new_fd);
WASI_IMPORT("sock_connect")
uint32_t wasi_sock_connect(uint32_t fd, wasi_address_t *addr, uint32_t port);
WASI_IMPORT("sock_recv")
uint32_t wasi_sock_recv(uint32_t fd, wasi_iovec_t *iovs, uint32_t iovs_len, uint32_t ri_flags,
                        uint32_t *nread, uint32_t *ro_flags);
WASI_IMPORT("sock_recv_from")
uint32_t wasi_sock_recv_from(uint32_t fd, wasi_iovec_t *iovs, uint32_t iovs_len,
                             wasi_address_t *addr, uint32_t ri_flags, uint32_t *port,
                             uint32_t *nread, uint32_t *ro_flags);
WASI_IMPORT("sock_send")
uint32_t wasi_sock_send(uint32_t fd, const wasi_iovec_t *iovs, uint32_t iovs_len,
                        uint32_t si_flags, uint32_t *nwritten);
WASI_IMPORT("sock_send_to")
uint32_t wasi_sock_send_to(uint32_t fd, const wasi_iovec_t *iovs, uint32_t iovs_len,
                           const wasi_address_t *addr, uint32_t port, uint32_t si_flags,
                           uint32_t *nwritten);
WASI_IMPORT("sock_shutdown")
uint32_t wasi_sock_shutdown(uint32_t fd, uint32_t how);
WASI_IMPORT("sock_getlocaladdr")
uint32_t wasi_sock_getlocaladdr(uint32_t fd, wasi_address_t *addr, uint32_t *addr_type,
                                uint32_t *port);
WASI_IMPORT("sock_getpeeraddr")
uint32_t wasi_sock_getpeeraddr(uint32_t fd, wasi_address_t *addr, uint32_t *addr_type,
                               uint32_t *port);
WASI_IMPORT("sock_getlocaladdr_v2")
uint32_t wasi_sock_getlocaladdr_v2(uint32_t fd, wasi_address_t *addr, uint32_t *port);
WASI_IMPORT("sock_getpeeraddr_v2")
uint32_t wasi_sock_getpeeraddr_v2(uint32_t fd, wasi_address_t *addr, uint32_t *port);
WASI_IMPORT("sock_getsockopt")
uint32_t wasi_sock_getsockopt(uint32_t fd, uint32_t level, uint32_t name, void *value,
                              uint32_t *len);
WASI_IMPORT("sock_setsockopt")
uint32_t wasi_sock_setsockopt(uint32_t fd, uint32_t level, uint32_t name, const void *value,
                              uint32_t len);
WASI_IMPORT("sock_getaddrinfo")
uint32_t wasi_sock_getaddrinfo(const char *node, uint32_t node_len, const char *service,
                               uint32_t service_len, const wasi_addrinfo_t *hints,
                               uint32_t *res, uint32_t max_len, uint32_t *res_len);

/* Turns a WASI errno into the POSIX convention: errno set, -1 returned. */
static int fail_with(uint32_t wasi_errno) {
    errno = (int)wasi_errno;
    return -1;
}

static uint32_t to_abi_socktype(int type) {
    switch (type) {
    case SOCK_STREAM: return ABI_SOCK_STREAM;
    case SOCK_DGRAM: return ABI_SOCK_DGRAM;
    default: return ABI_SOCK_ANY;
    }
}

static int from_abi_socktype(uint32_t type) {
    switch (type) {
    case ABI_SOCK_STREAM: return SOCK_STREAM;
    case ABI_SOCK_DGRAM: return SOCK_DGRAM;
    default: return 0;
    }
}

/*
 * Points `out` at the IP bytes of a sockaddr_in/in6 and returns the port in
 * host order, or -1 with errno for a family or length the ABI cannot carry.
 */
static int to_abi_address(const struct sockaddr *sa, socklen_t len, wasi_address_t *out) {
    if (sa == NULL) return fail_with(EFAULT);
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)sa;
        out->buf = (uint8_t *)&in4->sin_addr;
        out->buf_len = 4;
        return ntohs(in4->sin_port);
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        out->buf = (uint8_t *)&in6->sin6_addr;
        out->buf_len = 16;
        return ntohs(in6->sin6_port);
    }
    return fail_with(sa->sa_family == AF_INET || sa->sa_family == AF_INET6 ? EINVAL
                                                                          : EAFNOSUPPORT);
}

/* Writes family/ip/port into a caller's sockaddr buffer, truncating like POSIX. */
static void fill_sockaddr(int family, const uint8_t *ip, uint32_t port,
                          struct sockaddr *out, socklen_t *outlen) {
    if (out == NULL || outlen == NULL) return;
    union {
        struct sockaddr_in in4;
        struct sockaddr_in6 in6;
    } tmp;
    socklen_t len;
    memset(&tmp, 0, sizeof tmp);
    if (family == AF_INET6) {
        tmp.in6.sin6_family = AF_INET6;
        tmp.in6.sin6_port = htons((uint16_t)port);
        memcpy(&tmp.in6.sin6_addr, ip, 16);
        len = sizeof(struct sockaddr_in6);
    } else {
        tmp.in4.sin_family = AF_INET;
        tmp.in4.sin_port = htons((uint16_t)port);
        memcpy(&tmp.in4.sin_addr, ip, 4);
        len = sizeof(struct sockaddr_in);
    }
    memcpy(out, &tmp, *outlen < len ? *outlen : len);
    *outlen = len;
}

int socket(int domain, int type, int protocol) {
    (void)protocol; /* the host picks TCP for stream, UDP for datagram */
    int nonblock = (type & SOCK_NONBLOCK) != 0;
    type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (domain != AF_INET && domain != AF_INET6) return fail_with(EAFNOSUPPORT);
    uint32_t abi_type = to_abi_socktype(type);
    if (abi_type == ABI_SOCK_ANY) return fail_with(EPROTOTYPE);
    uint32_t fd;
    /* AF_INET/AF_INET6 are 1/2 in wasi-libc, as in the ABI. */
    uint32_t err = wasi_sock_open((uint32_t)domain, abi_type, &fd);
    if (err != 0) return fail_with(err);
    if (nonblock && sockeye_set_nonblocking((int)fd, 1) != 0) {
        int saved = errno;
        close((int)fd);
        errno = saved;
        return -1;
    }
    return (int)fd;
}

int bind(int fd, const struct sockaddr *addr, socklen_t addrlen) {
    wasi_address_t abi_addr;
    int port = to_abi_address(addr, addrlen, &abi_addr);
    if (port < 0) return -1;
    uint32_t err = wasi_sock_bind((uint32_t)fd, &abi_addr, (uint32_t)port);
    return err ? fail_with(err) : 0;
}

int connect(int fd, const struct sockaddr *addr, socklen_t addrlen) {
    wasi_address_t abi_addr;
    int port = to_abi_address(addr, addrlen, &abi_addr);
    if (port < 0) return -1;
    uint32_t err = wasi_sock_connect((uint32_t)fd, &abi_addr, (uint32_t)port);
    return err ? fail_with(err) : 0;
}

int listen(int fd, int backlog) {
    uint32_t err = wasi_sock_listen((uint32_t)fd, (uint32_t)backlog);
    return err ? fail_with(err) : 0;
}

int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen) {
    uint32_t new_fd;
    uint32_t err = wasi_sock_accept((uint32_t)fd, &new_fd);
    if (err != 0) return fail_with(err);
    if (addr != NULL && addrlen != NULL && getpeername((int)new_fd, addr, addrlen) != 0) {
        *addrlen = 0; /* the connection is still good; only its address is unknown */
    }
    return (int)new_fd;
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
    wasi_iovec_t iov = {(uint8_t *)buf, (uint32_t)len};
    uint32_t nwritten = 0;
    uint32_t err = wasi_sock_send((uint32_t)fd, &iov, 1, (uint32_t)flags, &nwritten);
    return err ? fail_with(err) : (ssize_t)nwritten;
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
    /* MSG_PEEK/MSG_WAITALL are the WASI riflags bits in wasi-libc. */
    wasi_iovec_t iov = {(uint8_t *)buf, (uint32_t)len};
    uint32_t nread = 0, ro_flags = 0;
    uint32_t err = wasi_sock_recv((uint32_t)fd, &iov, 1, (uint32_t)flags, &nread, &ro_flags);
    return err ? fail_with(err) : (ssize_t)nread;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
               const struct sockaddr *dest, socklen_t destlen) {
    if (dest == NULL) return send(fd, buf, len, flags);
    wasi_address_t abi_addr;
    int port = to_abi_address(dest, destlen, &abi_addr);
    if (port < 0) return -1;
    wasi_iovec_t iov = {(uint8_t *)buf, (uint32_t)len};
    uint32_t nwritten = 0;
    uint32_t err = wasi_sock_send_to((uint32_t)fd, &iov, 1, &abi_addr, (uint32_t)port,
                                     (uint32_t)flags, &nwritten);
    return err ? fail_with(err) : (ssize_t)nwritten;
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict src, socklen_t *__restrict srclen) {
    if (src == NULL) return recv(fd, buf, len, flags);
    /* V2 form: the address is a 128-byte storage buffer (u16 LE family at 0,
     * IP bytes from 2) and the port comes back through its own out-param.
     * WasmEdge writes that port as 16 bits, so the 32-bit slot starts zeroed. */
    uint8_t storage[128];
    memset(storage, 0, sizeof storage);
    wasi_address_t abi_addr = {storage, sizeof storage};
    wasi_iovec_t iov = {(uint8_t *)buf, (uint32_t)len};
    uint32_t port = 0, nread = 0, ro_flags = 0;
    uint32_t err = wasi_sock_recv_from((uint32_t)fd, &iov, 1, &abi_addr, (uint32_t)flags,
                                       &port, &nread, &ro_flags);
    if (err != 0) return fail_with(err);
    uint16_t family = (uint16_t)(storage[0] | (storage[1] << 8));
    fill_sockaddr(family == ABI_AF_INET6 ? AF_INET6 : AF_INET, storage + 2, port & 0xffff,
                  src, srclen);
    return (ssize_t)nread;
}

int shutdown(int fd, int how) {
    /* SHUT_RD 1, SHUT_WR 2, SHUT_RDWR 3: the WASI sdflags bits. */
    uint32_t err = wasi_sock_shutdown((uint32_t)fd, (uint32_t)how);
    return err ? fail_with(err) : 0;
}

/* V1 form: 16-byte IP buffer; addr_type is 4 or 6 (WasmEdge), or 1/2 (the
 * ABI family numbers, which the Rust SDK also accepts). */
static int socket_address(int peer, int fd, struct sockaddr *addr, socklen_t *addrlen) {
    uint8_t ip[16];
    memset(ip, 0, sizeof ip);
    wasi_address_t abi_addr = {ip, sizeof ip};
    uint32_t addr_type = 0, port = 0;
    uint32_t err = peer ? wasi_sock_getpeeraddr((uint32_t)fd, &abi_addr, &addr_type, &port)
                        : wasi_sock_getlocaladdr((uint32_t)fd, &abi_addr, &addr_type, &port);
    if (err != 0) return fail_with(err);
    int family;
    if (addr_type == 4 || addr_type == ABI_AF_INET4) {
        family = AF_INET;
    } else if (addr_type == 6 || addr_type == ABI_AF_INET6) {
        family = AF_INET6;
    } else {
        return fail_with(EAFNOSUPPORT);
    }
    fill_sockaddr(family, ip, port & 0xffff, addr, addrlen);
    return 0;
}

int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen) {
    return socket_address(0, fd, addr, addrlen);
}

int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen) {
    return socket_address(1, fd, addr, addrlen);
}

/* V2 form: 128-byte storage, u16 LE family (1 or 2) at 0, IP bytes from 2. */
static int socket_address_v2(int peer, int fd, struct sockaddr *addr, socklen_t *addrlen) {
    uint8_t storage[128];
    memset(storage, 0, sizeof storage);
    wasi_address_t abi_addr = {storage, sizeof storage};
    uint32_t port = 0;
    uint32_t err = peer ? wasi_sock_getpeeraddr_v2((uint32_t)fd, &abi_addr, &port)
                        : wasi_sock_getlocaladdr_v2((uint32_t)fd, &abi_addr, &port);
    if (err != 0) return fail_with(err);
    uint16_t family = (uint16_t)(storage[0] | (storage[1] << 8));
    if (family != ABI_AF_INET4 && family != ABI_AF_INET6) return fail_with(EAFNOSUPPORT);
    fill_sockaddr(family == ABI_AF_INET6 ? AF_INET6 : AF_INET, storage + 2, port & 0xffff,
                  addr, addrlen);
    return 0;
}

int sockeye_getsockname_v2(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen) {
    return socket_address_v2(0, fd, addr, addrlen);
}

int sockeye_getpeername_v2(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict addrlen) {
    return socket_address_v2(1, fd, addr, addrlen);
}

static int to_abi_level(int level, uint32_t *out) {
    if (level != SOL_SOCKET && level != ABI_SOL_SOCKET) return fail_with(ENOPROTOOPT);
    *out = ABI_SOL_SOCKET;
    return 0;
}

int getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len) {
    uint32_t abi_level;
    if (to_abi_level(level, &abi_level) != 0) return -1;
    if (value == NULL || len == NULL) return fail_with(EFAULT);
    /* The length goes by pointer, as in WasmEdge and the Rust SDK. */
    uint32_t abi_len = *len;
    uint32_t err = wasi_sock_getsockopt((uint32_t)fd, abi_level, (uint32_t)name, value, &abi_len);
    if (err != 0) return fail_with(err);
    *len = abi_len;
    if (name == SO_TYPE && abi_len >= sizeof(int)) {
        int *type = (int *)value;
        *type = from_abi_socktype((uint32_t)*type);
    }
    return 0;
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
    uint32_t abi_level;
    if (to_abi_level(level, &abi_level) != 0) return -1;
    uint32_t err = wasi_sock_setsockopt((uint32_t)fd, abi_level, (uint32_t)name, value, len);
    return err ? fail_with(err) : 0;
}

int sockeye_set_nonblocking(int fd, int on) {
    __wasi_fdstat_t stat;
    __wasi_errno_t err = __wasi_fd_fdstat_get((__wasi_fd_t)fd, &stat);
    if (err != 0) return fail_with(err);
    __wasi_fdflags_t flags = stat.fs_flags;
    flags = on ? (flags | __WASI_FDFLAGS_NONBLOCK) : (flags & ~__WASI_FDFLAGS_NONBLOCK);
    err = __wasi_fd_fdstat_set_flags((__wasi_fd_t)fd, flags);
    return err ? fail_with(err) : 0;
}

/* ---- getaddrinfo over sock_getaddrinfo ---------------------------------- */

#define GAI_MAX_RESULTS 16
#define GAI_SA_DATA_LEN 26 /* room for an IPv6 sa_data, see wasi_sockaddr_t */
#define GAI_CANONNAME_LEN 256

/* What the host writes into: the pre-allocated chain and its buffers. */
struct gai_scratch {
    wasi_addrinfo_t entries[GAI_MAX_RESULTS];
    wasi_sockaddr_t sockaddrs[GAI_MAX_RESULTS];
    uint8_t sa_data[GAI_MAX_RESULTS][GAI_SA_DATA_LEN];
    char canonnames[GAI_MAX_RESULTS][GAI_CANONNAME_LEN];
};

/* What the caller gets: one allocation per result, freed by freeaddrinfo. */
struct gai_result {
    struct addrinfo info;
    union {
        struct sockaddr_in in4;
        struct sockaddr_in6 in6;
    } addr;
    char canonname[GAI_CANONNAME_LEN];
};

static uint32_t to_abi_protocol(int protocol) {
    switch (protocol) {
    case IPPROTO_TCP: return ABI_PROTO_TCP;
    case IPPROTO_UDP: return ABI_PROTO_UDP;
    default: return ABI_PROTO_IP;
    }
}

static int from_abi_protocol(uint32_t protocol) {
    switch (protocol) {
    case ABI_PROTO_TCP: return IPPROTO_TCP;
    case ABI_PROTO_UDP: return IPPROTO_UDP;
    default: return 0;
    }
}

/* Converts one filled entry; returns NULL for entries without a usable address. */
static struct gai_result *convert_entry(const wasi_addrinfo_t *entry) {
    const wasi_sockaddr_t *sa = entry->ai_addr;
    if (entry->ai_addrlen == 0 || sa == NULL) return NULL;
    struct gai_result *out = calloc(1, sizeof *out);
    if (out == NULL) return NULL;
    const uint8_t *data = sa->sa_data;
    /* sa_data: big-endian port at 0, then the native sockaddr's remainder. */
    if (sa->sa_family == ABI_AF_INET4 && sa->sa_data_len >= 6) {
        out->addr.in4.sin_family = AF_INET;
        memcpy(&out->addr.in4.sin_port, data, 2);
        memcpy(&out->addr.in4.sin_addr, data + 2, 4);
        out->info.ai_family = AF_INET;
        out->info.ai_addrlen = sizeof(struct sockaddr_in);
    } else if (sa->sa_family == ABI_AF_INET6 && sa->sa_data_len >= 22) {
        out->addr.in6.sin6_family = AF_INET6;
        memcpy(&out->addr.in6.sin6_port, data, 2);
        /* data + 2 holds the 4-byte flowinfo; the address follows it. */
        memcpy(&out->addr.in6.sin6_addr, data + 6, 16);
        out->info.ai_family = AF_INET6;
        out->info.ai_addrlen = sizeof(struct sockaddr_in6);
    } else {
        free(out);
        return NULL;
    }
    out->info.ai_flags = entry->ai_flags;
    out->info.ai_socktype = from_abi_socktype(entry->ai_socktype);
    out->info.ai_protocol = from_abi_protocol(entry->ai_protocol);
    out->info.ai_addr = (struct sockaddr *)&out->addr;
    if (entry->ai_canonname_len > 0 && entry->ai_canonname_len < GAI_CANONNAME_LEN) {
        memcpy(out->canonname, entry->ai_canonname, entry->ai_canonname_len);
        out->info.ai_canonname = out->canonname;
    }
    return out;
}

int getaddrinfo(const char *__restrict node, const char *__restrict service,
                const struct addrinfo *__restrict hints, struct addrinfo **__restrict res) {
    if (res == NULL) return EAI_SYSTEM;
    *res = NULL;
    struct gai_scratch *scratch = calloc(1, sizeof *scratch);
    if (scratch == NULL) return EAI_MEMORY;

    /* Pre-allocate the chain the host fills in place: entry i links to i+1
     * and owns a sockaddr with a 26-byte data buffer and a canonname buffer. */
    for (int i = 0; i < GAI_MAX_RESULTS; i++) {
        scratch->sockaddrs[i].sa_data = scratch->sa_data[i];
        scratch->sockaddrs[i].sa_data_len = GAI_SA_DATA_LEN;
        scratch->entries[i].ai_addr = &scratch->sockaddrs[i];
        scratch->entries[i].ai_canonname = scratch->canonnames[i];
        scratch->entries[i].ai_canonname_len = GAI_CANONNAME_LEN;
        scratch->entries[i].ai_next = i + 1 < GAI_MAX_RESULTS ? &scratch->entries[i + 1] : NULL;
    }

    wasi_addrinfo_t abi_hints;
    memset(&abi_hints, 0, sizeof abi_hints); /* a NULL hints means AF_UNSPEC, any type */
    if (hints != NULL) {
        abi_hints.ai_flags = (uint16_t)hints->ai_flags;
        abi_hints.ai_family = (uint8_t)hints->ai_family; /* 0/1/2 as in the ABI */
        abi_hints.ai_socktype = (uint8_t)to_abi_socktype(hints->ai_socktype);
        abi_hints.ai_protocol = (uint8_t)to_abi_protocol(hints->ai_protocol);
    }

    /* Like the Rust SDK, strings go with their NUL and the length counts it;
     * an absent node or service is the empty string "\0" (length 1). */
    const char *node_text = node != NULL ? node : "";
    const char *service_text = service != NULL ? service : "";
    uint32_t first = (uint32_t)(uintptr_t)&scratch->entries[0];
    uint32_t count = 0;
    uint32_t err = wasi_sock_getaddrinfo(node_text, (uint32_t)strlen(node_text) + 1,
                                         service_text, (uint32_t)strlen(service_text) + 1,
                                         &abi_hints, &first, GAI_MAX_RESULTS, &count);
    if (err != 0) {
        free(scratch);
        return (int)err;
    }
    if (count > GAI_MAX_RESULTS) count = GAI_MAX_RESULTS;

    struct addrinfo *head = NULL, **tail = &head;
    for (uint32_t i = 0; i < count; i++) {
        struct gai_result *r = convert_entry(&scratch->entries[i]);
        if (r == NULL) continue;
        *tail = &r->info;
        tail = &r->info.ai_next;
    }
    free(scratch);
    if (head == NULL) return EAI_NONAME;
    *res = head;
    return 0;
}

void freeaddrinfo(struct addrinfo *res) {
    while (res != NULL) {
        struct addrinfo *next = res->ai_next;
        free(res); /* info is the first member of its gai_result */
        res = next;
    }
}

const char *gai_strerror(int code) {
    switch (code) {
    case 0: return "success";
    case EAI_ADDRFAMILY: return "address family for name not supported";
    case EAI_AGAIN: return "temporary failure in name resolution";
    case EAI_BADFLAGS: return "bad ai_flags";
    case EAI_FAIL: return "non-recoverable failure in name resolution";
    case EAI_FAMILY: return "ai_family not supported";
    case EAI_MEMORY: return "memory allocation failure";
    case EAI_NODATA: return "no address associated with name";
    case EAI_NONAME: return "name or service not known";
    case EAI_SERVICE: return "service not supported for socket type";
    case EAI_SOCKTYPE: return "ai_socktype not supported";
    case EAI_SYSTEM: return "system error";
    default: return strerror(code);
    }
}

/* ---- conventions shared by the guests ----------------------------------- */

const char *sockeye_format_ip(const struct sockaddr *addr, char *out, size_t outlen) {
    const void *ip = addr->sa_family == AF_INET6
                         ? (const void *)&((const struct sockaddr_in6 *)addr)->sin6_addr
                         : (const void *)&((const struct sockaddr_in *)addr)->sin_addr;
    if (inet_ntop(addr->sa_family, ip, out, (socklen_t)outlen) == NULL) {
        snprintf(out, outlen, "?");
    }
    return out;
}

const char *sockeye_format_addr(const struct sockaddr *addr, char *out, size_t outlen) {
    char ip[INET6_ADDRSTRLEN];
    sockeye_format_ip(addr, ip, sizeof ip);
    if (addr->sa_family == AF_INET6) {
        snprintf(out, outlen, "[%s]:%u", ip,
                 ntohs(((const struct sockaddr_in6 *)addr)->sin6_port));
    } else {
        snprintf(out, outlen, "%s:%u", ip, ntohs(((const struct sockaddr_in *)addr)->sin_port));
    }
    return out;
}

_Noreturn void sockeye_usage(const char *text) {
    fprintf(stderr, "usage: %s\n", text);
    exit(SOCKEYE_EXIT_USAGE);
}

int sockeye_arg_flag(int argc, char **argv, int *next, const char *flag) {
    if (*next >= argc || strcmp(argv[*next], flag) != 0) return 0;
    (*next)++;
    return 1;
}

unsigned long long sockeye_arg_number(const char *text, const char *usage) {
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (*text == '\0' || *text == '-' || *end != '\0' || errno != 0) sockeye_usage(usage);
    return value;
}

_Noreturn void sockeye_fail(const char *call) {
    int code = errno;
    fflush(stdout);
    fprintf(stderr, "%s: errno=%d\n", call, code);
    exit(code);
}

_Noreturn void sockeye_fail_gai(int code) {
    fflush(stdout);
    fprintf(stderr, "getaddrinfo: errno=%d (%s)\n", code, gai_strerror(code));
    exit(code);
}

int sockeye_bind_any(int family, unsigned port, int socktype) {
    int fd = socket(family, socktype, 0);
    if (fd < 0) sockeye_fail("socket");
    union {
        struct sockaddr_in in4;
        struct sockaddr_in6 in6;
    } addr;
    memset(&addr, 0, sizeof addr);
    socklen_t len;
    if (family == AF_INET6) {
        addr.in6.sin6_family = AF_INET6;
        addr.in6.sin6_port = htons((uint16_t)port);
        len = sizeof addr.in6;
    } else {
        addr.in4.sin_family = AF_INET;
        addr.in4.sin_port = htons((uint16_t)port);
        addr.in4.sin_addr.s_addr = htonl(INADDR_ANY);
        len = sizeof addr.in4;
    }
    if (bind(fd, (struct sockaddr *)&addr, len) != 0) sockeye_fail("bind");
    return fd;
}

unsigned sockeye_local_port(int fd) {
    struct sockaddr_storage local;
    socklen_t len = sizeof local;
    if (getsockname(fd, (struct sockaddr *)&local, &len) != 0) sockeye_fail("getsockname");
    return local.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&local)->sin6_port)
                                       : ntohs(((struct sockaddr_in *)&local)->sin_port);
}

int sockeye_wait(int fd, short events, int timeout_ms) {
    struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
    int n = poll(&pfd, 1, timeout_ms);
    if (n < 0) sockeye_fail("poll");
    if (n == 0) {
        errno = ETIMEDOUT;
        sockeye_fail("poll");
    }
    return pfd.revents;
}

int sockeye_try_dial(const char *host, const char *port, int socktype, const char **failed_call) {
    const char *unused;
    if (failed_call == NULL) failed_call = &unused;
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = socktype;
    struct addrinfo *results;
    int rc = getaddrinfo(host, port, &hints, &results);
    if (rc != 0) {
        *failed_call = "getaddrinfo";
        errno = rc;
        return -1;
    }
    int last_errno = EHOSTUNREACH;
    *failed_call = "connect";
    for (struct addrinfo *ai = results; ai != NULL; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, socktype, 0);
        if (fd < 0) {
            last_errno = errno;
            *failed_call = "socket";
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            freeaddrinfo(results);
            return fd;
        }
        last_errno = errno;
        *failed_call = "connect";
        close(fd);
    }
    freeaddrinfo(results);
    errno = last_errno;
    return -1;
}

int sockeye_dial(const char *host, const char *port, int socktype) {
    const char *failed_call;
    int fd = sockeye_try_dial(host, port, socktype, &failed_call);
    if (fd >= 0) return fd;
    if (strcmp(failed_call, "getaddrinfo") == 0) sockeye_fail_gai(errno);
    sockeye_fail(failed_call);
}

int sockeye_send_all(int fd, const void *data, size_t length) {
    const char *at = data;
    while (length > 0) {
        ssize_t sent = send(fd, at, length, 0);
        if (sent < 0) return -1;
        at += sent;
        length -= (size_t)sent;
    }
    return 0;
}
