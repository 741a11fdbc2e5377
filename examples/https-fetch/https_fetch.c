/*
 * https-fetch: GETs a JSON document over HTTPS and answers it. The TLS is the
 * host's (sockeye_tls.h): the function connects a TCP socket, asks the host to
 * upgrade it naming the API's host, and from then on speaks plain HTTP/1.1 on
 * the same fd while the host encrypts, having verified the server's
 * certificate for that name. The guest carries no TLS stack and no CA list.
 *
 * API_URL (sockeye.toml [env]) is https://HOST[:PORT]/PATH; the egress rule
 * tls://HOST[:PORT] allows exactly that: a connection to HOST only with host
 * TLS and a certificate valid for HOST. The answer is the API's JSON body with
 * its status, plus X-Upstream-Url and X-Tls-Alpn; any failure is a 502 with
 * {"error": "..."} naming the step and the errno.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sockeye_socket.h"
#include "sockeye_tls.h"
#include "sockeye_wagi.h"

#define MAX_RESPONSE (1024 * 1024)
#define MAX_HOST 256

typedef struct {
    char host[MAX_HOST];
    char port[8];
    const char *path;
} https_url;

static char response[MAX_RESPONSE + 1];

/* A 502 whose JSON names what failed. */
static int fail(const char *format, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *format, ...) {
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    fprintf(stderr, "https-fetch: %s\n", message);
    sockeye_wagi_status(502);
    sockeye_wagi_header("Content-Type", "application/json");
    sockeye_wagi_printf("{\"error\":");
    sockeye_wagi_write_json_string(message);
    sockeye_wagi_printf("}\n");
    return sockeye_wagi_finish();
}

/* Splits https://HOST[:PORT][/PATH]; 0, or -1 when it is no such URL. */
static int parse_url(const char *url, https_url *out) {
    static const char scheme[] = "https://";
    if (strncmp(url, scheme, sizeof scheme - 1) != 0) return -1;
    const char *host = url + sizeof scheme - 1;
    const char *end = host + strcspn(host, ":/");
    if (end == host || (size_t)(end - host) >= sizeof out->host) return -1;
    memcpy(out->host, host, (size_t)(end - host));
    out->host[end - host] = '\0';
    strcpy(out->port, "443");
    if (*end == ':') {
        const char *digits = end + 1;
        size_t length = strspn(digits, "0123456789");
        if (length == 0 || length > 5 || (digits[length] != '/' && digits[length] != '\0')) return -1;
        memcpy(out->port, digits, length);
        out->port[length] = '\0';
        end = digits + length;
    }
    out->path = *end == '\0' ? "/" : end;
    return 0;
}

/* Reads until the server closes (the request said Connection: close); the length, or -1 with errno. */
static ssize_t read_all(int fd) {
    size_t length = 0;
    for (;;) {
        if (length == MAX_RESPONSE) {
            errno = EFBIG;
            return -1;
        }
        ssize_t got = recv(fd, response + length, MAX_RESPONSE - length, 0);
        if (got < 0) return -1;
        if (got == 0) break;
        length += (size_t)got;
    }
    response[length] = '\0';
    return (ssize_t)length;
}

/* The value of header `name` in the header block `headers` (CRLF lines), copied into out; NULL if absent. */
static const char *header(const char *headers, const char *name, char *out, size_t outlen) {
    size_t name_length = strlen(name);
    for (const char *line = strstr(headers, "\r\n"); line != NULL && line[2] != '\r';
         line = strstr(line + 2, "\r\n")) {
        const char *start = line + 2;
        if (strncasecmp(start, name, name_length) != 0 || start[name_length] != ':') continue;
        const char *value = start + name_length + 1;
        value += strspn(value, " \t");
        size_t length = strcspn(value, "\r");
        if (length >= outlen) length = outlen - 1;
        memcpy(out, value, length);
        out[length] = '\0';
        return out;
    }
    return NULL;
}

/* Decodes a chunked body in place; its length, or -1 when the chunks are malformed. */
static ssize_t dechunk(char *body, size_t length) {
    char *end = body + length, *read = body, *write = body;
    for (;;) {
        char *digits_end;
        unsigned long chunk = strtoul(read, &digits_end, 16);
        char *data = strstr(digits_end, "\r\n");
        if (digits_end == read || data == NULL) return -1;
        data += 2;
        if (chunk == 0) return write - body;
        if (chunk > (size_t)(end - data)) return -1;
        memmove(write, data, chunk);
        write += chunk;
        read = data + chunk;
        if (end - read < 2 || read[0] != '\r' || read[1] != '\n') return -1;
        read += 2;
    }
}

int main(void) {
    sockeye_request req;
    if (sockeye_wagi_read_request(&req, 0) != 0) {
        return sockeye_wagi_error(413, "https-fetch takes no request body");
    }
    const char *api = getenv("API_URL");
    https_url url;
    if (api == NULL || parse_url(api, &url) != 0) {
        return fail("API_URL must be https://HOST[:PORT]/PATH, not '%s'", api == NULL ? "" : api);
    }

    const char *failed_call;
    int fd = sockeye_try_dial(url.host, url.port, SOCK_STREAM, &failed_call);
    if (fd < 0 && strcmp(failed_call, "getaddrinfo") == 0) return fail("lookup %s: %s", url.host, gai_strerror(errno));
    if (fd < 0) return fail("connect %s:%s: %s (errno %d)", url.host, url.port, strerror(errno), errno);
    if (sockeye_tls_connect(fd, url.host, "http/1.1") != 0) {
        return fail("tls %s:%s: %s (errno %d)", url.host, url.port, strerror(errno), errno);
    }
    char alpn[32];
    if (sockeye_tls_alpn(fd, alpn, sizeof alpn) < 0) strcpy(alpn, "-");

    char request[1024];
    int request_length = snprintf(request, sizeof request,
                                  "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: sockeye-https-fetch\r\n"
                                  "Accept: application/json\r\nConnection: close\r\n\r\n",
                                  url.path, url.host);
    if (request_length < 0 || (size_t)request_length >= sizeof request) return fail("API_URL is too long");
    if (sockeye_send_all(fd, request, (size_t)request_length) != 0) {
        return fail("send to %s: %s (errno %d)", url.host, strerror(errno), errno);
    }
    ssize_t length = read_all(fd);
    if (length < 0) return fail("read from %s: %s (errno %d)", url.host, strerror(errno), errno);
    close(fd);

    int status = 0;
    char *body = strstr(response, "\r\n\r\n");
    if (sscanf(response, "HTTP/1.%*d %d", &status) != 1 || body == NULL) {
        return fail("%s answered no HTTP response", url.host);
    }
    body[2] = '\0'; /* ends the header block after its last CRLF, for header() */
    body += 4;
    size_t body_length = (size_t)(response + length - body);
    char value[128];
    if (header(response, "Transfer-Encoding", value, sizeof value) != NULL && strcasecmp(value, "chunked") == 0) {
        ssize_t decoded = dechunk(body, body_length);
        if (decoded < 0) return fail("%s sent a malformed chunked body", url.host);
        body_length = (size_t)decoded;
    } else if (header(response, "Content-Length", value, sizeof value) != NULL) {
        unsigned long declared = strtoul(value, NULL, 10);
        if (declared > body_length) return fail("%s closed after %zu of %lu bytes", url.host, body_length, declared);
        body_length = declared;
    }
    if (header(response, "Content-Type", value, sizeof value) == NULL || strstr(value, "json") == NULL) {
        return fail("%s answered HTTP %d with %s, not JSON", url.host, status,
                    header(response, "Content-Type", value, sizeof value) ? value : "no Content-Type");
    }

    sockeye_wagi_status(status);
    sockeye_wagi_header("Content-Type", value);
    sockeye_wagi_header("X-Upstream-Url", api);
    sockeye_wagi_header("X-Tls-Alpn", alpn[0] == '\0' ? "-" : alpn);
    sockeye_wagi_write(body, body_length);
    return sockeye_wagi_finish();
}
