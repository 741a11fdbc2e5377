/* P6: sorting 1M 32-bit keys (quicksort, median of three, insertion sort below 16), N rounds of fresh keys
 * (default 12); the checksum folds the sorted keys by position. */
#include "p6_timer.h"

#define KEYS (1u << 20)

static uint32_t keys[KEYS];

static void insertion(uint32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, int n) {
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* recurse into the smaller side, loop on the larger: the stack stays shallow */
        if (j + 1 < n - j - 1) { quicksort(a, j + 1); a += j + 1; n -= j + 1; }
        else { quicksort(a + j + 1, n - j - 1); n = j + 1; }
    }
    insertion(a, n);
}

int main(int argc, char **argv) {
    long rounds = p6_arg(argc, argv, 12);
    uint32_t x = 2024;
    uint64_t checksum = 0;
    double started = p6_now_ms();
    for (long round = 0; round < rounds; round++) {
        for (uint32_t i = 0; i < KEYS; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            keys[i] = x;
        }
        quicksort(keys, (int)KEYS);
        for (uint32_t i = 1; i < KEYS; i++)
            if (keys[i - 1] > keys[i]) { fprintf(stderr, "sort: not sorted at %u\n", i); return 1; }
        for (uint32_t i = 0; i < KEYS; i += 97) checksum = checksum * 1099511628211ull + keys[i];
    }
    p6_report("sort", checksum, started);
    return 0;
}
