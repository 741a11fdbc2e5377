/*
 * files [ARGS...]
 * Plain preview1, no sockets: args, environment, a preopened dir mounted as
 * /data, file and directory calls, stdin. Expects /data/in.txt to exist and
 * /data/sub not to. Any failing call ends the program with
 * "<call>: errno=<n>" and exit code n.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockeye_socket.h"

#define OUT_TEXT "written by files\n"

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path) {
    DIR *dir = opendir(path);
    if (dir == NULL) sockeye_fail("opendir");
    char *names[256];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 256) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    for (size_t i = 0; i < count; i++) {
        printf("entry=%s\n", names[i]);
        free(names[i]);
    }
}

/* Reads a whole stream into a NUL-terminated heap buffer. */
static char *read_all(FILE *in, size_t *len_out, const char *call) {
    size_t cap = 4096, len = 0;
    char *data = malloc(cap + 1);
    for (;;) {
        if (data == NULL) sockeye_fail("malloc");
        size_t n = fread(data + len, 1, cap - len, in);
        len += n;
        if (n == 0) break;
        if (len == cap) data = realloc(data, (cap *= 2) + 1);
    }
    if (ferror(in)) sockeye_fail(call);
    data[len] = '\0';
    *len_out = len;
    return data;
}

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    const char *env = getenv("SOCKEYE_TEST");
    printf("SOCKEYE_TEST=%s\n", env != NULL ? env : "<unset>");

    list_dir("/data");

    FILE *in = fopen("/data/in.txt", "r");
    if (in == NULL) sockeye_fail("open(/data/in.txt)");
    size_t in_len;
    char *in_text = read_all(in, &in_len, "read(/data/in.txt)");
    fclose(in);
    printf("in_bytes=%zu\n", in_len);
    if (in_len > 0 && in_text[in_len - 1] == '\n') in_text[in_len - 1] = '\0';
    printf("in=%s\n", in_text); /* one trailing newline dropped */
    free(in_text);

    FILE *out = fopen("/data/out.txt", "w");
    if (out == NULL) sockeye_fail("open(/data/out.txt)");
    if (fputs(OUT_TEXT, out) < 0 || fclose(out) != 0) sockeye_fail("write(/data/out.txt)");
    printf("wrote=/data/out.txt\n");

    if (rename("/data/out.txt", "/data/moved.txt") != 0) sockeye_fail("rename");
    printf("renamed=/data/moved.txt\n");

    struct stat st;
    if (stat("/data/moved.txt", &st) != 0) sockeye_fail("stat");
    printf("size=%lld\n", (long long)st.st_size);

    if (mkdir("/data/sub", 0755) != 0) sockeye_fail("mkdir");
    printf("mkdir=/data/sub\n");

    if (unlink("/data/moved.txt") != 0) sockeye_fail("unlink");
    printf("unlinked=/data/moved.txt\n");
    fflush(stdout);

    size_t stdin_len;
    char *stdin_data = read_all(stdin, &stdin_len, "read(stdin)");
    printf("stdin_bytes=%zu\n", stdin_len);
    fwrite(stdin_data, 1, stdin_len, stdout);
    free(stdin_data);
    fflush(stdout);
    return 0;
}
