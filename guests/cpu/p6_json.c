/* P6: a JSON parse/serialise loop. A generated document (objects, arrays, strings with escapes, integers) is
 * parsed into a tree, every integer is incremented, and the tree is written back as text: N rounds (default 300). */
#include "p6_timer.h"
#include <string.h>

enum kind { NUL, BOOL, NUMBER, STRING, ARRAY, OBJECT };

typedef struct node {
    enum kind kind;
    long long number;        /* NUMBER, BOOL */
    const char *text;        /* STRING, or an OBJECT member's key */
    uint32_t length;
    struct node *first;      /* ARRAY, OBJECT children */
    struct node *next;
    const char *key;
    uint32_t key_length;
} node;

static node *nodes;
static size_t node_count, node_capacity;
static char *strings;
static size_t string_used, string_capacity;

static node *new_node(enum kind kind) {
    if (node_count == node_capacity) {
        fprintf(stderr, "json: node arena full\n");
        exit(1);
    }
    node *n = &nodes[node_count++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    return n;
}

static const char *p;

static void skip_space(void) {
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
}

static void fail(const char *what) {
    fprintf(stderr, "json: %s at '%.10s'\n", what, p);
    exit(1);
}

/* Decodes a string literal into the string arena (escapes resolved); p is after the opening quote. */
static const char *parse_string(uint32_t *length) {
    char *start = strings + string_used;
    char *out = start;
    for (;;) {
        char c = *p++;
        if (c == '"') break;
        if (c == '\0') fail("unterminated string");
        if (c == '\\') {
            char e = *p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            default: fail("bad escape");
            }
        }
        *out++ = c;
    }
    *length = (uint32_t)(out - start);
    string_used += *length;
    if (string_used >= string_capacity) fail("string arena full");
    return start;
}

static node *parse_value(void) {
    skip_space();
    char c = *p;
    if (c == '{' || c == '[') {
        int object = c == '{';
        node *n = new_node(object ? OBJECT : ARRAY);
        node **tail = &n->first;
        p++;
        skip_space();
        if (*p == (object ? '}' : ']')) { p++; return n; }
        for (;;) {
            const char *key = NULL;
            uint32_t key_length = 0;
            if (object) {
                skip_space();
                if (*p++ != '"') fail("expected a key");
                key = parse_string(&key_length);
                skip_space();
                if (*p++ != ':') fail("expected ':'");
            }
            node *child = parse_value();
            child->key = key;
            child->key_length = key_length;
            *tail = child;
            tail = &child->next;
            skip_space();
            if (*p == ',') { p++; continue; }
            if (*p++ != (object ? '}' : ']')) fail("expected a close");
            return n;
        }
    }
    if (c == '"') {
        p++;
        node *n = new_node(STRING);
        n->text = parse_string(&n->length);
        return n;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        node *n = new_node(NUMBER);
        int negative = c == '-';
        if (negative) p++;
        long long v = 0;
        while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
        n->number = negative ? -v : v;
        return n;
    }
    if (strncmp(p, "true", 4) == 0) { p += 4; node *n = new_node(BOOL); n->number = 1; return n; }
    if (strncmp(p, "false", 5) == 0) { p += 5; return new_node(BOOL); }
    if (strncmp(p, "null", 4) == 0) { p += 4; return new_node(NUL); }
    fail("unexpected character");
    return NULL;
}

static char *out;
static size_t out_used, out_capacity;

static void put(const char *s, size_t n) {
    if (out_used + n >= out_capacity) {
        fprintf(stderr, "json: output full\n");
        exit(1);
    }
    memcpy(out + out_used, s, n);
    out_used += n;
}

static void put_string(const char *s, uint32_t n) {
    put("\"", 1);
    for (uint32_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') put("\\\"", 2);
        else if (c == '\\') put("\\\\", 2);
        else if (c == '\n') put("\\n", 2);
        else if (c == '\t') put("\\t", 2);
        else put(&c, 1);
    }
    put("\"", 1);
}

static void put_number(long long v) {
    char digits[24];
    int i = sizeof digits;
    unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
    do { digits[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) digits[--i] = '-';
    put(digits + i, sizeof digits - i);
}

static void write_value(node *n) {
    switch (n->kind) {
    case NUL: put("null", 4); break;
    case BOOL: if (n->number) put("true", 4); else put("false", 5); break;
    case NUMBER: put_number(n->number + 1); break;
    case STRING: put_string(n->text, n->length); break;
    case ARRAY:
    case OBJECT:
        put(n->kind == OBJECT ? "{" : "[", 1);
        for (node *c = n->first; c; c = c->next) {
            if (n->kind == OBJECT) { put_string(c->key, c->key_length); put(":", 1); }
            write_value(c);
            if (c->next) put(",", 1);
        }
        put(n->kind == OBJECT ? "}" : "]", 1);
        break;
    }
}

/* The starting document: 2,000 records of a shape a web API returns. */
static void generate(void) {
    static const char *names[] = {"ada", "grace \"amazing\" hopper", "linus\\torvalds", "margaret\thamilton", "ken"};
    out_used = 0;
    put("[", 1);
    uint32_t x = 99;
    for (int i = 0; i < 2000; i++) {
        char record[256];
        x = x * 1103515245u + 12345u;
        int n = snprintf(record, sizeof record,
                         "%s{\"id\":%d,\"name\":\"%s\",\"score\":%d,\"active\":%s,\"tags\":[\"a\",\"b%d\",null],"
                         "\"pos\":{\"x\":%d,\"y\":-%u}}",
                         i ? "," : "", i, i % 5 == 1 ? "grace \\\"amazing\\\" hopper" : i % 5 == 2 ? "linus\\\\torvalds" :
                         i % 5 == 3 ? "margaret\\thamilton" : names[i % 5],
                         (int)(x >> 20), (x & 1) ? "true" : "false", i % 7, (int)(x % 1000), (x >> 8) % 5000);
        put(record, (size_t)n);
    }
    put("]", 1);
}

int main(int argc, char **argv) {
    long rounds = p6_arg(argc, argv, 300);
    node_capacity = 64 * 1024;
    nodes = malloc(node_capacity * sizeof *nodes);
    string_capacity = 1 << 20;
    strings = malloc(string_capacity);
    out_capacity = 1 << 20;
    out = malloc(out_capacity);
    char *in = malloc(out_capacity);
    if (!nodes || !strings || !out || !in) {
        fprintf(stderr, "json: out of memory\n");
        return 1;
    }
    generate();
    double started = p6_now_ms();
    for (long round = 0; round < rounds; round++) {
        memcpy(in, out, out_used);
        in[out_used] = '\0';
        node_count = 0;
        string_used = 0;
        p = in;
        node *root = parse_value();
        out_used = 0;
        write_value(root);
    }
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < out_used; i++) hash = (hash ^ (uint8_t)out[i]) * 0x100000001b3ull;
    p6_report("json", hash ^ out_used, started);
    return 0;
}
