#!/usr/bin/env python3
# Writes the C source of a WAGI guest padded with N distinct functions; N=12200 gives a ~1 MiB module (P4).
import sys
n = int(sys.argv[1])
out = ['/* generated: a WAGI guest padded with many distinct functions (P4 benchmark) */', '#include <stdio.h>', '#include <stdint.h>']
for i in range(n):
    out.append(f'''__attribute__((noinline)) uint32_t f{i}(uint32_t x) {{
    uint32_t h = x ^ {i * 2654435761 % 4294967296}u;
    for (int k = 0; k < {3 + i % 5}; k++) {{ h = (h * {16777619 + i}u) ^ (h >> {1 + i % 13}); if (h & {1 << (i % 31)}u) h += {i * 7919 % 100000}u; else h -= {i * 104729 % 100000}u; }}
    return h;
}}''')
out.append('typedef uint32_t (*fn)(uint32_t);')
out.append('static fn table[] = {' + ','.join(f'f{i}' for i in range(n)) + '};')
out.append('''int main(int argc, char **argv) {
    (void)argv;
    uint32_t h = table[(unsigned)argc % (sizeof table / sizeof table[0])](42);
    printf("Content-Type: text/plain\\n\\nbig guest %u\\n", h);
    return 0;
}''')
print('\n'.join(out))
