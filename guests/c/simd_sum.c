/* simd_sum: the SIMD benchmark's guest (bench/simd). Fills 16 MiB with pseudo-random bytes, then sums them
 * PASSES times in a plain C loop, timing the fill and the sums with clock_gettime. guests/build.sh builds it
 * twice: bin/simd_sum.wasm with -msimd128 (clang vectorises the summing loop into v128 instructions) and
 * bin/simd_sum_scalar.wasm without. Prints "sum=<total> fill_ms=<ms> sum_ms=<ms>"; the sums of both builds must
 * be equal. An argument overrides PASSES (bench/simd/run.sh uses 1 for its smoke check). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BYTES (16u << 20)
#define PASSES 8

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* xorshift32, byte by byte: scalar in both builds, so only the sum differs between them. */
__attribute__((noinline)) static void fill(uint8_t *bytes, uint32_t n) {
    uint32_t state = 2463534242u;
    for (uint32_t i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes[i] = (uint8_t)state;
    }
}

/* Summed in blocks of 64 KiB into 32-bit lanes (no overflow: 65536 * 255 < 2^32), the form clang vectorises. */
__attribute__((noinline)) static uint64_t sum(const uint8_t *bytes, uint32_t n) {
    uint64_t total = 0;
    for (uint32_t block = 0; block < n; block += 65536) {
        uint32_t partial = 0;
        for (uint32_t i = 0; i < 65536; i++) {
            partial += bytes[block + i];
        }
        total += partial;
    }
    return total;
}

int main(int argc, char **argv) {
    int passes = argc > 1 ? atoi(argv[1]) : PASSES;
    if (passes < 1) {
        fprintf(stderr, "simd_sum: passes must be a positive number\n");
        return 2;
    }
    uint8_t *bytes = malloc(BYTES);
    if (bytes == NULL) {
        fprintf(stderr, "simd_sum: cannot allocate %u bytes\n", BYTES);
        return 1;
    }
    double start = now_ms();
    fill(bytes, BYTES);
    double filled = now_ms();
    uint64_t total = 0;
    for (int p = 0; p < passes; p++) {
        total += sum(bytes, BYTES);
    }
    double summed = now_ms();
    printf("sum=%llu fill_ms=%.0f sum_ms=%.0f\n", (unsigned long long)total, filled - start, summed - filled);
    free(bytes);
    return 0;
}
