/*
 * sockeye_wagi.c: see sockeye_wagi.h. Plain wasi-libc (environment, stdin,
 * stdout); no socket calls, so a guest may use it without sockeye_socket.c.
 */
#include "sockeye_wagi.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEADER_BLOCK_MAX (16 * 1024)
#define READ_CHUNK (16 * 1024)

static int response_status = 200;
static char header_block[HEADER_BLOCK_MAX];
static size_t header_len = 0;
static int headers_sent = 0;

static const char *env_or(const char *name, const char *fallback) {
    const char *value = getenv(name);
    return value != NULL ? value : fallback;
}

int sockeye_wagi_read_request(sockeye_request *req, size_t max_body) {
    req->method = env_or("REQUEST_METHOD", "GET");
    const char *path = getenv("PATH_INFO");
    if (path == NULL || path[0] == '\0') path = env_or("X_RAW_PATH", "/");
    req->path = path;
    req->query = env_or("QUERY_STRING", "");
    const char *type = getenv("CONTENT_TYPE");
    req->content_type = type != NULL && type[0] != '\0' ? type : NULL;

    size_t capacity = READ_CHUNK, len = 0;
    unsigned char *body = malloc(capacity + 1);
    if (body == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (;;) {
        if (len == capacity) {
            if (capacity >= max_body + 1) break;
            capacity *= 2;
            unsigned char *bigger = realloc(body, capacity + 1);
            if (bigger == NULL) {
                free(body);
                errno = ENOMEM;
                return -1;
            }
            body = bigger;
        }
        ssize_t got = read(STDIN_FILENO, body + len, capacity - len);
        if (got < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            free(body);
            errno = saved;
            return -1;
        }
        if (got == 0) break;
        len += (size_t)got;
        if (len > max_body) break;
    }
    if (len > max_body) {
        free(body);
        errno = EFBIG;
        return -1;
    }
    body[len] = '\0';
    req->body = body;
    req->body_len = len;
    return 0;
}

const char *sockeye_wagi_request_header(const char *name) {
    if (strcasecmp(name, "Content-Type") == 0) return getenv("CONTENT_TYPE");
    if (strcasecmp(name, "Content-Length") == 0) return getenv("CONTENT_LENGTH");
    char variable[256] = "HTTP_";
    size_t n = strlen(variable);
    for (const char *c = name; *c != '\0'; c++) {
        if (n + 1 >= sizeof variable) return NULL;
        variable[n++] = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
    }
    variable[n] = '\0';
    return getenv(variable);
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes [from, to) into out; returns the decoded length or -1 when it does not fit. */
static int decode_component(const char *from, const char *to, char *out, size_t outlen) {
    size_t n = 0;
    for (const char *c = from; c < to; c++) {
        char decoded = *c;
        if (*c == '+') {
            decoded = ' ';
        } else if (*c == '%' && to - c >= 3 && hex_value(c[1]) >= 0 && hex_value(c[2]) >= 0) {
            decoded = (char)(hex_value(c[1]) * 16 + hex_value(c[2]));
            c += 2;
        }
        if (n + 1 >= outlen) return -1;
        out[n++] = decoded;
    }
    out[n] = '\0';
    return (int)n;
}

int sockeye_wagi_query_param(const sockeye_request *req, const char *name, char *out, size_t outlen) {
    const char *pair = req->query;
    char key[256];
    while (*pair != '\0') {
        const char *end = strchr(pair, '&');
        if (end == NULL) end = pair + strlen(pair);
        const char *equals = memchr(pair, '=', (size_t)(end - pair));
        const char *key_end = equals != NULL ? equals : end;
        if (decode_component(pair, key_end, key, sizeof key) >= 0 && strcmp(key, name) == 0) {
            const char *value = equals != NULL ? equals + 1 : end;
            int len = decode_component(value, end, out, outlen);
            if (len < 0) errno = ENAMETOOLONG;
            return len;
        }
        pair = *end == '&' ? end + 1 : end;
    }
    errno = ENOENT;
    return -1;
}

void sockeye_wagi_status(int status) {
    response_status = status;
}

static const char *reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return NULL;
    }
}

static int is_token(const char *name) {
    if (*name == '\0') return 0;
    for (const char *c = name; *c != '\0'; c++) {
        if (!isalnum((unsigned char)*c) && strchr("!#$%&'*+-.^_`|~", *c) == NULL) return 0;
    }
    return 1;
}

int sockeye_wagi_header(const char *name, const char *value) {
    if (headers_sent) {
        errno = EALREADY;
        return -1;
    }
    if (!is_token(name) || strpbrk(value, "\r\n") != NULL) {
        errno = EINVAL;
        return -1;
    }
    int n = snprintf(header_block + header_len, sizeof header_block - header_len, "%s: %s\n", name, value);
    if (n < 0 || (size_t)n >= sizeof header_block - header_len) {
        header_block[header_len] = '\0';
        errno = ENOMEM;
        return -1;
    }
    header_len += (size_t)n;
    return 0;
}

/* The status line, the headers (a Content-Type if none was set: WAGI needs one) and the blank line. */
static int send_headers(void) {
    if (headers_sent) return 0;
    headers_sent = 1;
    const char *reason = reason_phrase(response_status);
    if (reason != NULL) {
        printf("Status: %d %s\n", response_status, reason);
    } else {
        printf("Status: %d\n", response_status);
    }
    if (strncasecmp(header_block, "Content-Type:", 13) != 0 && strstr(header_block, "\nContent-Type:") == NULL) {
        fputs("Content-Type: text/plain; charset=utf-8\n", stdout);
    }
    fwrite(header_block, 1, header_len, stdout);
    return fputs("\n", stdout) == EOF ? -1 : 0;
}

int sockeye_wagi_write(const void *data, size_t len) {
    if (send_headers() != 0) return -1;
    return len == 0 || fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

int sockeye_wagi_printf(const char *format, ...) {
    if (send_headers() != 0) return -1;
    va_list args;
    va_start(args, format);
    int n = vprintf(format, args);
    va_end(args);
    return n;
}

int sockeye_wagi_finish(void) {
    send_headers();
    fflush(stdout);
    return 0;
}

int sockeye_wagi_error(int status, const char *message) {
    if (!headers_sent) {
        response_status = status;
        header_len = 0;
        header_block[0] = '\0';
        sockeye_wagi_header("Content-Type", "text/plain; charset=utf-8");
    }
    sockeye_wagi_printf("%s\n", message);
    return sockeye_wagi_finish();
}

int sockeye_wagi_write_json_string(const char *text) {
    if (send_headers() != 0) return -1;
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        switch (*c) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*c < 0x20) {
                printf("\\u%04x", *c);
            } else {
                putchar(*c);
            }
        }
    }
    return putchar('"') == EOF ? -1 : 0;
}
