/* P6: FNV-1a (64-bit) over a 4 MiB buffer, N rounds (default 800), each round seeded with the last hash.
 * Byte loads and 64-bit multiplies: the memory access path of the engine. */
#include "p6_timer.h"

#define BUFFER_BYTES (4u << 20)

static uint8_t buffer[BUFFER_BYTES];

int main(int argc, char **argv) {
    long rounds = p6_arg(argc, argv, 800);
    uint32_t x = 12345;
    for (uint32_t i = 0; i < BUFFER_BYTES; i++) {
        x = x * 1103515245u + 12345u;
        buffer[i] = (uint8_t)(x >> 16);
    }
    double started = p6_now_ms();
    uint64_t hash = 0xcbf29ce484222325ull;
    for (long round = 0; round < rounds; round++) {
        uint64_t h = hash ^ (uint64_t)round;
        for (uint32_t i = 0; i < BUFFER_BYTES; i++) {
            h ^= buffer[i];
            h *= 0x100000001b3ull;
        }
        hash = h;
    }
    p6_report("fnv1a", hash, started);
    return 0;
}
