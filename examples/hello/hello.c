/*
 * hello: the smallest Sockeye HTTP function. GET /hello?name=Ada answers
 * "hello, Ada from sockeye" (name defaults to "world"); the request method and
 * path are echoed in X-Hello-* headers so you can see what the trigger passed.
 */
#include <stdio.h>

#include "sockeye_wagi.h"

int main(void) {
    sockeye_request req;
    if (sockeye_wagi_read_request(&req, 64 * 1024) != 0) {
        return sockeye_wagi_error(413, "the body is larger than 64 KiB");
    }
    char name[128];
    if (sockeye_wagi_query_param(&req, "name", name, sizeof name) < 0) {
        snprintf(name, sizeof name, "world");
    }
    sockeye_wagi_header("X-Hello-Method", req.method);
    sockeye_wagi_header("X-Hello-Path", req.path);
    sockeye_wagi_printf("hello, %s from sockeye\n", name);
    return sockeye_wagi_finish();
}
