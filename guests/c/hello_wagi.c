/* hello_wagi: a WAGI (CGI-style) handler: headers, blank line, body. */
#include <stdio.h>

int main(void) {
    fputs("Content-Type: text/plain\n\nhello from sockeye\n", stdout);
    return 0;
}
