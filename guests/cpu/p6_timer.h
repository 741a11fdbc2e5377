/* Shared by the P6 CPU-bound guests: a monotonic clock around the work and one result line. */
#ifndef P6_TIMER_H
#define P6_TIMER_H
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>

static double p6_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* argv[1] scales the work (the benchmark uses the default, the test a small value). */
static long p6_arg(int argc, char **argv, long fallback) {
    if (argc < 2) return fallback;
    char *end;
    long value = strtol(argv[1], &end, 10);
    if (*end != '\0' || value <= 0) {
        fprintf(stderr, "usage: %s [positive count]\n", argv[0]);
        exit(2);
    }
    return value;
}

/* One line the benchmark and the test parse: the checksum must match across engines, the time is the engine's. */
static void p6_report(const char *name, uint64_t checksum, double started_ms) {
    printf("%s checksum=%016llx compute_ms=%.1f\n", name, (unsigned long long)checksum, p6_now_ms() - started_ms);
}
#endif
