/*
 * sockeye_wagi.h: the request and response of one WAGI (CGI-style) run, for
 * functions behind a Sockeye HTTP trigger (docs/invoker.md, "The WAGI contract").
 *
 * The platform starts one guest per request: the request line and headers are
 * environment variables, the body is stdin; the guest writes a header block,
 * a blank line and the body to stdout. This helper does both halves:
 *
 *     sockeye_request req;
 *     if (sockeye_wagi_read_request(&req, 1 << 20) != 0) return sockeye_wagi_error(413, "body too large");
 *     sockeye_wagi_header("Content-Type", "application/json");
 *     sockeye_wagi_printf("{\"path\":\"%s\"}\n", req.path);
 *     return sockeye_wagi_finish();
 *
 * Response headers are buffered until the first body byte (or finish), so the
 * status and headers can be set in any order before that. One request per
 * process, as WAGI runs are: the state is global, no locking.
 */
#ifndef SOCKEYE_WAGI_H
#define SOCKEYE_WAGI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *method;       /* REQUEST_METHOD, "GET" when unset */
    const char *path;         /* PATH_INFO (decoded) under the route, or X_RAW_PATH; never NULL */
    const char *query;        /* QUERY_STRING, raw (percent-encoded); "" when none */
    const char *content_type; /* CONTENT_TYPE, NULL when absent */
    unsigned char *body;      /* the whole body read from stdin, NUL-terminated; never NULL */
    size_t body_len;
} sockeye_request;

/*
 * Fills `req` from the environment and reads the body (stdin to EOF).
 * Returns 0, or -1 with errno: EFBIG when the body exceeds max_body bytes,
 * ENOMEM, or the error of read().
 */
int sockeye_wagi_read_request(sockeye_request *req, size_t max_body);

/*
 * A request header by its HTTP name ("User-Agent"), from HTTP_USER_AGENT;
 * Content-Type and Content-Length come from their CGI variables. NULL when absent.
 */
const char *sockeye_wagi_request_header(const char *name);

/*
 * The first query parameter called `name`, percent- and '+'-decoded into
 * `out` (NUL-terminated). Returns its length, or -1 when absent or when it does
 * not fit in outlen bytes (errno ENOENT or ENAMETOOLONG).
 */
int sockeye_wagi_query_param(const sockeye_request *req, const char *name, char *out, size_t outlen);

/* The status of the response (default 200); the reason phrase is the standard one. */
void sockeye_wagi_status(int status);

/*
 * Adds a response header. Returns 0, or -1 with errno EINVAL when the name is
 * not a token or the value holds CR/LF, EALREADY once the body has started, or
 * ENOMEM when the header block would pass 16 KiB.
 */
int sockeye_wagi_header(const char *name, const char *value);

/* Writes body bytes (the header block first, once). Returns 0, or -1 with errno. */
int sockeye_wagi_write(const void *data, size_t len);

/* printf into the body. Returns the bytes written, or -1 with errno. */
int sockeye_wagi_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Sends the header block if nothing was sent yet and flushes stdout. Returns 0 (an exit code). */
int sockeye_wagi_finish(void);

/*
 * A complete text/plain response with `status` and `message` plus a newline;
 * returns 0 so a handler can `return sockeye_wagi_error(...)`. After the body
 * has started it can only append the message.
 */
int sockeye_wagi_error(int status, const char *message);

/* Appends `text` to the body as a JSON string literal (quotes and escapes included). */
int sockeye_wagi_write_json_string(const char *text);

#ifdef __cplusplus
}
#endif

#endif /* SOCKEYE_WAGI_H */
