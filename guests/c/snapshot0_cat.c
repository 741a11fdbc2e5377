/*
 * snapshot0_cat FILE: a C guest that imports only `wasi_unstable` (WASI snapshot 0), as guests built with older
 * wasi-libc do. It opens FILE in the first preopened directory (fd 3), finds its size twice, with snapshot 0's
 * fd_seek (whence END is 1 there, SET is 2) and with its 56-byte filestat (nlink is a u32, so size sits at
 * offset 24), reads it from the start and prints "size=<seek> stat=<filestat> text=<contents>".
 * Built without wasi-libc's start files, which would import preview1: the calls below are its whole ABI.
 */
#include <stdint.h>

#define SNAPSHOT0(name) __attribute__((import_module("wasi_unstable"), import_name(name)))

typedef struct { uint8_t *buf; uint32_t len; } iovec;

SNAPSHOT0("args_sizes_get") int32_t args_sizes_get(uint32_t *argc, uint32_t *argv_bytes);
SNAPSHOT0("args_get") int32_t args_get(uint8_t **argv, uint8_t *argv_buf);
SNAPSHOT0("path_open") int32_t path_open(int32_t dirfd, uint32_t dirflags, const char *path, uint32_t path_len,
                                         uint32_t oflags, uint64_t rights, uint64_t inheriting, uint32_t fdflags,
                                         int32_t *fd);
SNAPSHOT0("fd_seek") int32_t fd_seek(int32_t fd, int64_t offset, uint32_t whence, uint64_t *position);
SNAPSHOT0("fd_filestat_get") int32_t fd_filestat_get(int32_t fd, uint8_t *filestat);
SNAPSHOT0("fd_read") int32_t fd_read(int32_t fd, const iovec *iovs, uint32_t count, uint32_t *read);
SNAPSHOT0("fd_write") int32_t fd_write(int32_t fd, const iovec *iovs, uint32_t count, uint32_t *written);
SNAPSHOT0("proc_exit") _Noreturn void proc_exit(int32_t code);

enum { WHENCE_END = 1, WHENCE_SET = 2, FILESTAT_BYTES = 56, FILESTAT_SIZE_OFFSET = 24 };

static uint8_t out[512];
static uint32_t out_len;

static void put(const char *text) {
    while (*text && out_len < sizeof out) out[out_len++] = (uint8_t)*text++;
}

static void put_number(uint64_t value) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (n && out_len < sizeof out) out[out_len++] = (uint8_t)digits[--n];
}

static void check(int32_t errno_value, const char *call) {
    if (errno_value == 0) return;
    put(call);
    put(": errno=");
    put_number((uint64_t)errno_value);
    put("\n");
    iovec line = {out, out_len};
    uint32_t written;
    fd_write(2, &line, 1, &written);
    proc_exit(errno_value);
}

static uint32_t length(const char *text) {
    uint32_t n = 0;
    while (text[n]) n++;
    return n;
}

void _start(void) {
    uint32_t argc, argv_bytes;
    check(args_sizes_get(&argc, &argv_bytes), "args_sizes_get");
    if (argc != 2 || argv_bytes > 256) check(28, "usage: snapshot0_cat FILE"); /* EINVAL */
    static uint8_t *argv[2];
    static uint8_t argv_buf[256];
    check(args_get(argv, argv_buf), "args_get");
    const char *file = (const char *)argv[1];

    int32_t fd;
    uint64_t read_rights = (1u << 1) | (1u << 2) | (1u << 21); /* fd_read, fd_seek, fd_filestat_get */
    check(path_open(3, 0, file, length(file), 0, read_rights, 0, 0, &fd), "path_open");

    uint64_t size;
    check(fd_seek(fd, 0, WHENCE_END, &size), "fd_seek(END)");
    uint8_t filestat[FILESTAT_BYTES];
    check(fd_filestat_get(fd, filestat), "fd_filestat_get");
    uint64_t stat_size = 0;
    for (int i = 7; i >= 0; i--) stat_size = stat_size << 8 | filestat[FILESTAT_SIZE_OFFSET + i];
    uint64_t start;
    check(fd_seek(fd, 0, WHENCE_SET, &start), "fd_seek(SET)");

    static uint8_t text[128];
    iovec into = {text, sizeof text};
    uint32_t got;
    check(fd_read(fd, &into, 1, &got), "fd_read");

    put("size=");
    put_number(size);
    put(" stat=");
    put_number(stat_size);
    put(" text=");
    for (uint32_t i = 0; i < got && out_len < sizeof out; i++) out[out_len++] = text[i];
    put("\n");
    iovec line = {out, out_len};
    uint32_t written;
    check(fd_write(1, &line, 1, &written), "fd_write");
    proc_exit(0);
}
