/*
 * wagi_probe MODE [ARGS...]: a WAGI handler whose behaviour the invoker tests pick with argv
 * (the function version's args). Every mode writes CGI headers, a blank line, then a body,
 * unless the mode is about bad output.
 *
 *   env                 body: argv[i]=... lines, then every environment entry, sorted
 *   echo                body: stdin copied as it arrives (64 KiB reads), then nothing else
 *   count               reads stdin to EOF, body: "stdin_bytes=<n>"
 *   status CODE [LOC]   "Status: CODE", optional "Location: LOC", "X-Probe: yes", body "status"
 *   big BYTES           body: BYTES bytes of 'a'..'z' repeating, in 64 KiB writes
 *   slow MILLIS         body "first\n", flush, sleep MILLIS, "second\n"
 *   late MILLIS         sleeps MILLIS before any output, then body "late"
 *   bad                 prints "this is not a header block" and no blank line, exit 0
 *   crash CODE          writes "crashing" to stderr, exits CODE before any header
 *   spin                headers never come: loops forever
 *   logs                two stderr lines, then body "logged"
 *   alloc MIB           malloc MIB MiB and touch it; body "allocated=<MIB>"; exit 12 if malloc fails
 *   dial                connects to $PROBE_HOST:$PROBE_PORT, sends "ping\n", reads one reply
 *                       (up to 256 bytes or EOF), body "reply=<text>"; errno exit as the SDK does
 *   tls                 as dial, but over host TLS to $PROBE_TLS_NAME (sock_tls_connect) before the ping;
 *                       a refused handshake is the SDK's errno exit (ECONNABORTED for an untrusted chain)
 *   redial              dials $PROBE_HOST:$PROBE_PORT again and again (ping, one reply, close, 20 ms pause)
 *                       until a connect fails or 3,000 dials are done; body "dials=<n> errno=<e>"
 *   grow                memory.grow by one page until it answers -1; body "pages=<n> grow=-1"
 *   sockets             opens TCP sockets until socket() fails, closing none; body "sockets=<n> errno=<e>"
 *   files PATH          opens PATH until open() fails, closing none; body "files=<n> errno=<e>"
 *   udp                 binds UDP on 127.0.0.1, body line "port=<p>" (flushed), reads stdin to EOF, then
 *                       receives without blocking until none is left; body line "datagrams=<n> bytes=<b>"
 *   flood               headers, then body bytes forever, whatever write answers
 *   noheaders           output forever with no blank line, so no header block ever ends
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sockeye_socket.h"
#include "sockeye_tls.h"

#define IO_BYTES 65536

extern char **environ;

/* Heap, not static: modes that do no bulk I/O (dial runs 1,000 at once) stay within a page or two. */
static char *io_buffer(void) {
    static char *buf;
    if (!buf && !(buf = malloc(IO_BYTES))) {
        fprintf(stderr, "malloc: out of memory\n");
        exit(12);
    }
    return buf;
}

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void headers(const char *type) {
    printf("Content-Type: %s\n\n", type);
}

static int mode_env(int argc, char **argv) {
    headers("text/plain");
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    int n = 0;
    while (environ[n]) n++;
    qsort(environ, n, sizeof(char *), compare);
    for (int i = 0; i < n; i++) printf("%s\n", environ[i]);
    return 0;
}

static int mode_echo(void) {
    headers("application/octet-stream");
    fflush(stdout);
    char *buf = io_buffer();
    ssize_t r;
    while ((r = read(0, buf, IO_BYTES)) > 0) {
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(1, buf + off, r - off);
            if (w < 0) sockeye_fail("write");
            off += w;
        }
    }
    if (r < 0) sockeye_fail("read(stdin)");
    return 0;
}

static int mode_count(void) {
    char *buf = io_buffer();
    long long total = 0;
    ssize_t r;
    while ((r = read(0, buf, IO_BYTES)) > 0) total += r;
    if (r < 0) sockeye_fail("read(stdin)");
    headers("text/plain");
    printf("stdin_bytes=%lld\n", total);
    return 0;
}

static int mode_big(long long bytes) {
    headers("application/octet-stream");
    fflush(stdout);
    char *buf = io_buffer();
    long long sent = 0;
    while (sent < bytes) {
        size_t n = IO_BYTES;
        if ((long long)n > bytes - sent) n = (size_t)(bytes - sent);
        for (size_t i = 0; i < n; i++) buf[i] = (char)('a' + (sent + i) % 26);
        for (size_t off = 0; off < n;) {
            ssize_t w = write(1, buf + off, n - off);
            if (w < 0) sockeye_fail("write");
            off += w;
        }
        sent += n;
    }
    return 0;
}

static int mode_slow(long millis) {
    headers("text/plain");
    printf("first\n");
    fflush(stdout);
    struct timespec ts = {millis / 1000, (millis % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    printf("second\n");
    return 0;
}

/* Nothing reaches the client before the sleep ends: an interrupted run can still be answered with a problem. */
static int mode_late(long millis) {
    struct timespec ts = {millis / 1000, (millis % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    headers("text/plain");
    printf("late");
    return 0;
}

static int mode_alloc(long mib) {
    size_t size = (size_t)mib << 20;
    char *block = malloc(size);
    if (!block) {
        fprintf(stderr, "malloc(%ld MiB) failed\n", mib);
        return 12;
    }
    memset(block, 1, size);
    headers("text/plain");
    /* Reading the block back keeps clang from eliding the unused allocation. */
    printf("allocated=%ld last=%d\n", mib, ((volatile char *)block)[size - 1]);
    return 0;
}

/* dial and tls: ping $PROBE_HOST:$PROBE_PORT, over host TLS to tls_name unless it is NULL. */
static int ping_reply(const char *tls_name) {
    const char *host = getenv("PROBE_HOST");
    const char *port = getenv("PROBE_PORT");
    if (!host || !port) sockeye_usage("dial and tls need PROBE_HOST and PROBE_PORT");
    int fd = sockeye_dial(host, port, SOCK_STREAM);
    if (tls_name && sockeye_tls_connect(fd, tls_name, NULL) < 0) sockeye_fail("sock_tls_connect");
    if (send(fd, "ping\n", 5, 0) != 5) sockeye_fail("send");
    char reply[257];
    size_t got = 0;
    while (got < sizeof reply - 1) {
        ssize_t r = recv(fd, reply + got, sizeof reply - 1 - got, 0);
        if (r < 0) sockeye_fail("recv");
        if (r == 0) break;
        got += r;
        if (reply[got - 1] == '\n') break;
    }
    reply[got] = 0;
    if (got && reply[got - 1] == '\n') reply[got - 1] = 0;
    close(fd);
    headers("text/plain");
    printf("reply=%s\n", reply);
    return 0;
}

static int mode_redial(void) {
    const char *host = getenv("PROBE_HOST");
    const char *port = getenv("PROBE_PORT");
    if (!host || !port) sockeye_usage("redial needs PROBE_HOST and PROBE_PORT");
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo *target;
    int rc = getaddrinfo(host, port, &hints, &target);
    if (rc != 0) sockeye_fail_gai(rc);
    int dials = 0, failed = 0;
    while (dials < 3000) {
        int fd = socket(target->ai_family, SOCK_STREAM, 0);
        if (fd < 0) sockeye_fail("socket");
        if (connect(fd, target->ai_addr, target->ai_addrlen) != 0) {
            failed = errno;
            close(fd);
            break;
        }
        char reply[64];
        if (send(fd, "ping\n", 5, 0) != 5 || recv(fd, reply, sizeof reply, 0) < 0) sockeye_fail("ping");
        close(fd);
        dials++;
        struct timespec pause = {0, 20 * 1000000L};
        nanosleep(&pause, NULL);
    }
    freeaddrinfo(target);
    headers("text/plain");
    printf("dials=%d errno=%d\n", dials, failed);
    return 0;
}

static int mode_grow(void) {
    while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) {
    }
    headers("text/plain");
    printf("pages=%zu grow=-1\n", __builtin_wasm_memory_size(0));
    return 0;
}

static int mode_sockets(void) {
    int opened = 0;
    while (socket(AF_INET, SOCK_STREAM, 0) >= 0) opened++;
    int failed = errno;
    headers("text/plain");
    printf("sockets=%d errno=%d\n", opened, failed);
    return 0;
}

static int mode_files(const char *path) {
    int opened = 0;
    while (open(path, O_RDONLY) >= 0) opened++;
    int failed = errno;
    headers("text/plain");
    printf("files=%d errno=%d\n", opened, failed);
    return 0;
}

static int mode_udp(void) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) sockeye_fail("socket");
    struct sockaddr_in local;
    memset(&local, 0, sizeof local);
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) sockeye_fail("bind");
    headers("text/plain");
    printf("port=%u\n", sockeye_local_port(fd));
    fflush(stdout);
    char *buf = io_buffer();
    while (read(0, buf, IO_BYTES) > 0) {
    }
    if (sockeye_set_nonblocking(fd, 1) != 0) sockeye_fail("nonblocking");
    long datagrams = 0, bytes = 0;
    for (ssize_t r; (r = recv(fd, buf, IO_BYTES, 0)) >= 0;) {
        datagrams++;
        bytes += r;
    }
    if (errno != EAGAIN) sockeye_fail("recv");
    printf("datagrams=%ld bytes=%ld\n", datagrams, bytes);
    return 0;
}

static int mode_flood(int with_headers) {
    if (with_headers) headers("application/octet-stream");
    char *buf = io_buffer();
    memset(buf, 'x', IO_BYTES);
    for (;;) (void)write(1, buf, IO_BYTES);
}

int main(int argc, char **argv) {
    if (argc < 2) sockeye_usage("wagi_probe MODE [ARGS...]");
    const char *mode = argv[1];
    if (!strcmp(mode, "env")) return mode_env(argc, argv);
    if (!strcmp(mode, "echo")) return mode_echo();
    if (!strcmp(mode, "count")) return mode_count();
    if (!strcmp(mode, "status") && argc >= 3) {
        printf("Status: %s\n", argv[2]);
        if (argc >= 4) printf("Location: %s\n", argv[3]);
        printf("X-Probe: yes\n");
        headers("text/plain");
        printf("status\n");
        return 0;
    }
    if (!strcmp(mode, "big") && argc == 3) return mode_big(atoll(argv[2]));
    if (!strcmp(mode, "slow") && argc == 3) return mode_slow(atol(argv[2]));
    if (!strcmp(mode, "late") && argc == 3) return mode_late(atol(argv[2]));
    if (!strcmp(mode, "bad")) {
        printf("this is not a header block");
        return 0;
    }
    if (!strcmp(mode, "crash") && argc == 3) {
        fprintf(stderr, "crashing\n");
        return atoi(argv[2]);
    }
    if (!strcmp(mode, "spin")) {
        for (volatile unsigned long i = 0;; i++) {
        }
    }
    if (!strcmp(mode, "logs")) {
        fprintf(stderr, "first log line\nsecond log line\n");
        headers("text/plain");
        printf("logged\n");
        return 0;
    }
    if (!strcmp(mode, "alloc") && argc == 3) return mode_alloc(atol(argv[2]));
    if (!strcmp(mode, "dial")) return ping_reply(NULL);
    if (!strcmp(mode, "tls")) {
        const char *name = getenv("PROBE_TLS_NAME");
        if (!name) sockeye_usage("tls needs PROBE_TLS_NAME");
        return ping_reply(name);
    }
    if (!strcmp(mode, "redial")) return mode_redial();
    if (!strcmp(mode, "grow")) return mode_grow();
    if (!strcmp(mode, "sockets")) return mode_sockets();
    if (!strcmp(mode, "files") && argc == 3) return mode_files(argv[2]);
    if (!strcmp(mode, "udp")) return mode_udp();
    if (!strcmp(mode, "flood")) return mode_flood(1);
    if (!strcmp(mode, "noheaders")) return mode_flood(0);
    sockeye_usage("wagi_probe MODE [ARGS...]: unknown mode or arguments");
}
