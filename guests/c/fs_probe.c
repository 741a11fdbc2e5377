// fs_probe: a test guest for Sockeye's preview1 filesystem and stdio calls.
// Each argument is one command, "op" or "op:arg" or "op:arg1:arg2"; every command prints one line
// "op: ok ..." or "op: errno N" (N is the WASI errno, which wasi-libc's errno equals).
// Build: clang --target=wasm32-wasi -O2 -Wl,--strip-debug -o guests/bin/fs_probe.wasm guests/c/fs_probe.c
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

// The raw imports, so that bad pointers and absolute paths reach the host unchanged by wasi-libc.
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
                      int64_t rights_base, int64_t rights_inheriting, int32_t fdflags, int32_t fd_out)
    __attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")));
int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nwritten_out)
    __attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")));
int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread_out)
    __attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read")));

static int fail(const char *op) {
    printf("%s: errno %d\n", op, errno);
    return 1;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list(const char *op, const char *path) {
    DIR *dir = opendir(path);
    if (!dir) return fail(op);
    char *names[256];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 256) {
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    printf("%s: ok", op);
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");
    return 0;
}

static int cat(const char *op, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return fail(op);
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n < 0) return fail(op);
    buffer[n] = 0;
    printf("%s: ok %s\n", op, buffer);
    return 0;
}

static int write_file(const char *op, const char *path, const char *text, int flags) {
    int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
    if (fd < 0) return fail(op);
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    if (n < 0) return fail(op);
    printf("%s: ok %zd\n", op, n);
    return 0;
}

static int show_stat(const char *op, const char *path, int follow) {
    struct stat st;
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return fail(op);
    const char *type = S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISLNK(st.st_mode) ? "link" : "other";
    printf("%s: ok size=%lld type=%s\n", op, (long long)st.st_size, type);
    return 0;
}

// Opens the file, reads 3 bytes at offset 2, reports the offset, then seeks to the end.
static int seek(const char *op, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return fail(op);
    char buffer[4] = {0};
    if (lseek(fd, 2, SEEK_SET) != 2 || read(fd, buffer, 3) != 3) return fail(op);
    off_t here = lseek(fd, 0, SEEK_CUR);
    off_t end = lseek(fd, 0, SEEK_END);
    char tail[8] = {0};
    ssize_t pread_n = pread(fd, tail, 2, 0);
    close(fd);
    printf("%s: ok read=%s at=%lld end=%lld pread=%s/%zd\n", op, buffer, (long long)here, (long long)end, tail, pread_n);
    return 0;
}

static int raw_open(const char *op, const char *path, int follow) {
    int32_t fd = -1;
    int32_t errno_value = raw_path_open(3, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, (int32_t)(intptr_t)path,
                                        (int32_t)strlen(path), 0, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&fd);
    if (errno_value) {
        printf("%s: errno %d\n", op, errno_value);
        return 1;
    }
    printf("%s: ok\n", op);
    close(fd);
    return 0;
}

static void report(const char *op, int32_t errno_value) {
    if (errno_value) printf("%s: errno %d\n", op, errno_value);
    else printf("%s: ok\n", op);
}

static int run(char *command) {
    char *op = command;
    char *arg1 = strchr(command, ':');
    char *arg2 = NULL;
    if (arg1) {
        *arg1++ = 0;
        arg2 = strchr(arg1, ':');
        if (arg2) *arg2++ = 0;
    }
    if (!strcmp(op, "echo")) {
        char buffer[1024];
        ssize_t n;
        while ((n = read(0, buffer, sizeof buffer)) > 0) write(1, buffer, n);
        return n < 0 ? fail(op) : 0;
    }
    if (!strcmp(op, "env")) {
        const char *value = getenv(arg1);
        printf("%s: ok %s=%s\n", op, arg1, value ? value : "(unset)");
        return 0;
    }
    if (!strcmp(op, "ls")) return list(op, arg1);
    if (!strcmp(op, "cat")) return cat(op, arg1);
    if (!strcmp(op, "write")) return write_file(op, arg1, arg2, O_TRUNC);
    if (!strcmp(op, "append")) return write_file(op, arg1, arg2, O_APPEND);
    if (!strcmp(op, "stat")) return show_stat(op, arg1, 1);
    if (!strcmp(op, "lstat")) return show_stat(op, arg1, 0);
    if (!strcmp(op, "seek")) return seek(op, arg1);
    if (!strcmp(op, "mkdir")) return mkdir(arg1, 0755) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "rmdir")) return rmdir(arg1) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "unlink")) return unlink(arg1) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "rename")) return rename(arg1, arg2) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "symlink")) return symlink(arg1, arg2) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "link")) return link(arg1, arg2) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "truncate")) return truncate(arg1, atoi(arg2)) ? fail(op) : (printf("%s: ok\n", op), 0);
    if (!strcmp(op, "readlink")) {
        char target[256];
        ssize_t n = readlink(arg1, target, sizeof target - 1);
        if (n < 0) return fail(op);
        target[n] = 0;
        printf("%s: ok %s\n", op, target);
        return 0;
    }
    if (!strcmp(op, "swap")) {
        // swap:DIR:TARGET opens DIR, moves it to DIR.old, puts a link to TARGET in its place, then opens
        // secret.txt through the fd opened first.
        int dir_fd = open(arg1, O_RDONLY | O_DIRECTORY);
        if (dir_fd < 0) return fail(op);
        char moved[256];
        snprintf(moved, sizeof moved, "%s.old", arg1);
        if (rename(arg1, moved) || symlink(arg2, arg1)) return fail(op);
        int fd = openat(dir_fd, "secret.txt", O_RDONLY);
        if (fd < 0) return fail(op);
        char text[64] = {0};
        read(fd, text, sizeof text - 1);
        printf("%s: ok %s\n", op, text);
        return 0;
    }
    if (!strcmp(op, "raw-open")) return raw_open(op, arg1, 0);
    if (!strcmp(op, "raw-open-follow")) return raw_open(op, arg1, 1);
    if (!strcmp(op, "bad-fd")) {
        int32_t n;
        report(op, raw_fd_write(99, 0, 0, (int32_t)(intptr_t)&n));
        return 0;
    }
    if (!strcmp(op, "bad-iovec")) {
        int32_t n;
        report(op, raw_fd_write(1, (int32_t)0xfffffff0, 1, (int32_t)(intptr_t)&n));
        return 0;
    }
    if (!strcmp(op, "bad-buffer")) {
        int32_t iov[2] = {(int32_t)0xffffff00, 4096};
        int32_t n;
        report(op, raw_fd_read(0, (int32_t)(intptr_t)iov, 1, (int32_t)(intptr_t)&n));
        return 0;
    }
    if (!strcmp(op, "bad-out")) {
        char byte = 'x';
        int32_t iov[2] = {(int32_t)(intptr_t)&byte, 1};
        report(op, raw_fd_write(1, (int32_t)(intptr_t)iov, 1, (int32_t)0xfffffffe));
        return 0;
    }
    if (!strcmp(op, "bad-path")) {
        int32_t fd;
        report(op, raw_path_open(3, 0, (int32_t)0xfffffff0, 100, 0, __WASI_RIGHTS_FD_READ, 0, 0, (int32_t)(intptr_t)&fd));
        return 0;
    }
    if (!strcmp(op, "fdstat")) {
        __wasi_fdstat_t stat;
        __wasi_errno_t errno_value = __wasi_fd_fdstat_get(atoi(arg1), &stat);
        if (errno_value) printf("%s: errno %d\n", op, errno_value);
        else printf("%s: ok type=%d flags=%d\n", op, stat.fs_filetype, stat.fs_flags);
        return 0;
    }
    if (!strcmp(op, "trap")) __builtin_trap();
    if (!strcmp(op, "exit")) exit(atoi(arg1));
    printf("%s: unknown command\n", op);
    return 2;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 1) {
        printf("argc=%d\n", argc);
        return 0;
    }
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "args")) {
            printf("args: ok");
            for (int j = 0; j < argc; j++) printf(" [%s]", argv[j]);
            printf("\n");
            continue;
        }
        failures += run(argv[i]);
    }
    return failures ? 1 : 0;
}
