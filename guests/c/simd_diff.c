// simd_diff: a differential test of Sockeye's SIMD interpreter. For many pseudo-random inputs it computes each
// operation twice in one run: once with the wasm_simd128.h intrinsics (v128 instructions) and once lane by lane
// with scalar C written from the spec's definition, and compares the bytes. Prints one line per operation
// family and a summary; exits 1 if any result differs. Built with -msimd128 -fno-vectorize -fno-slp-vectorize
// (guests/build.sh) so that the scalar path stays scalar. Usage: simd_diff [cases] (default 3000).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasm_simd128.h>

typedef union {
    v128_t v;
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    int64_t i64[2];
    float f32[4];
} lanes;

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint64_t next(void) {  // xorshift64*
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
}

// Random lanes, biased towards edge values (0, -1, min, max) that saturation and sign bugs show on.
static lanes random_lanes(void) {
    lanes x;
    for (int i = 0; i < 16; i++) {
        uint64_t r = next();
        switch (r & 7) {
            case 0: x.u8[i] = 0; break;
            case 1: x.u8[i] = 0xff; break;
            case 2: x.u8[i] = 0x80; break;
            case 3: x.u8[i] = 0x7f; break;
            default: x.u8[i] = (uint8_t)(r >> 8); break;
        }
    }
    return x;
}

static lanes random_floats(void) {
    lanes x;
    for (int i = 0; i < 4; i++) {
        uint64_t r = next();
        x.f32[i] = (float)((int64_t)(r >> 11) % 2000001 - 1000000) / (float)((r & 0xff) + 1);
        if ((r & 0x700) == 0) x.f32[i] = -0.0f;
    }
    return x;
}

static long mismatches = 0;

static void check(const char *op, int item, lanes simd, lanes scalar) {
    if (memcmp(simd.u8, scalar.u8, 16) != 0) {
        if (mismatches < 10) {
            printf("MISMATCH %s case %d: simd %016llx%016llx scalar %016llx%016llx\n", op, item,
                   (unsigned long long)simd.i64[1], (unsigned long long)simd.i64[0],
                   (unsigned long long)scalar.i64[1], (unsigned long long)scalar.i64[0]);
        }
        mismatches++;
    }
}

static int sat(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void integer_ops(int item, lanes a, lanes b) {
    lanes s, r;
    r.v = wasm_i8x16_add_sat(a.v, b.v);
    for (int i = 0; i < 16; i++) s.i8[i] = (int8_t)sat(a.i8[i] + b.i8[i], -128, 127);
    check("i8x16.add_sat_s", item, r, s);
    r.v = wasm_u8x16_sub_sat(a.v, b.v);
    for (int i = 0; i < 16; i++) s.u8[i] = (uint8_t)sat(a.u8[i] - b.u8[i], 0, 255);
    check("i8x16.sub_sat_u", item, r, s);
    r.v = wasm_u8x16_avgr(a.v, b.v);
    for (int i = 0; i < 16; i++) s.u8[i] = (uint8_t)((a.u8[i] + b.u8[i] + 1) >> 1);
    check("i8x16.avgr_u", item, r, s);
    r.v = wasm_i8x16_min(a.v, b.v);
    for (int i = 0; i < 16; i++) s.i8[i] = a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i];
    check("i8x16.min_s", item, r, s);
    r.v = wasm_u8x16_max(a.v, b.v);
    for (int i = 0; i < 16; i++) s.u8[i] = a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i];
    check("i8x16.max_u", item, r, s);
    r.v = wasm_i8x16_popcnt(a.v);
    for (int i = 0; i < 16; i++) s.u8[i] = (uint8_t)__builtin_popcount(a.u8[i]);
    check("i8x16.popcnt", item, r, s);
    r.v = wasm_i16x8_mul(a.v, b.v);
    for (int i = 0; i < 8; i++) s.u16[i] = (uint16_t)(a.u16[i] * b.u16[i]);
    check("i16x8.mul", item, r, s);
    r.v = wasm_i16x8_q15mulr_sat(a.v, b.v);
    for (int i = 0; i < 8; i++) s.i16[i] = (int16_t)sat((a.i16[i] * b.i16[i] + 0x4000) >> 15, -32768, 32767);
    check("i16x8.q15mulr_sat_s", item, r, s);
    r.v = wasm_i32x4_dot_i16x8(a.v, b.v);
    for (int i = 0; i < 4; i++)
        s.u32[i] = (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]);
    check("i32x4.dot_i16x8_s", item, r, s);
    r.v = wasm_i64x2_mul(a.v, b.v);
    for (int i = 0; i < 2; i++) s.i64[i] = (int64_t)((uint64_t)a.i64[i] * (uint64_t)b.i64[i]);
    check("i64x2.mul", item, r, s);
    int count = (int)(next() & 63);
    r.v = wasm_i16x8_shr(a.v, count);
    for (int i = 0; i < 8; i++) s.i16[i] = (int16_t)(a.i16[i] >> (count & 15));
    check("i16x8.shr_s", item, r, s);
    r.v = wasm_u32x4_shr(a.v, count);
    for (int i = 0; i < 4; i++) s.u32[i] = a.u32[i] >> (count & 31);
    check("i32x4.shr_u", item, r, s);
    r.v = wasm_i64x2_shl(a.v, count);
    for (int i = 0; i < 2; i++) s.i64[i] = (int64_t)((uint64_t)a.i64[i] << (count & 63));
    check("i64x2.shl", item, r, s);
}

static void shape_ops(int item, lanes a, lanes b) {
    lanes s, r;
    r.v = wasm_u8x16_narrow_i16x8(a.v, b.v);
    for (int i = 0; i < 8; i++) {
        s.u8[i] = (uint8_t)sat(a.i16[i], 0, 255);
        s.u8[i + 8] = (uint8_t)sat(b.i16[i], 0, 255);
    }
    check("i8x16.narrow_i16x8_u", item, r, s);
    r.v = wasm_i16x8_narrow_i32x4(a.v, b.v);
    for (int i = 0; i < 4; i++) {
        s.i16[i] = (int16_t)(a.i32[i] < -32768 ? -32768 : a.i32[i] > 32767 ? 32767 : a.i32[i]);
        s.i16[i + 4] = (int16_t)(b.i32[i] < -32768 ? -32768 : b.i32[i] > 32767 ? 32767 : b.i32[i]);
    }
    check("i16x8.narrow_i32x4_s", item, r, s);
    r.v = wasm_u32x4_extmul_high_u16x8(a.v, b.v);
    for (int i = 0; i < 4; i++) s.u32[i] = (uint32_t)a.u16[i + 4] * b.u16[i + 4];
    check("i32x4.extmul_high_i16x8_u", item, r, s);
    r.v = wasm_i16x8_extadd_pairwise_i8x16(a.v);
    for (int i = 0; i < 8; i++) s.i16[i] = (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1]);
    check("i16x8.extadd_pairwise_i8x16_s", item, r, s);
    r.v = wasm_i64x2_extend_low_i32x4(a.v);
    for (int i = 0; i < 2; i++) s.i64[i] = a.i32[i];
    check("i64x2.extend_low_i32x4_s", item, r, s);
    r.v = wasm_i8x16_swizzle(a.v, wasm_v128_and(b.v, wasm_i8x16_splat(0x1f)));
    for (int i = 0; i < 16; i++) {
        int index = b.u8[i] & 0x1f;
        s.u8[i] = index < 16 ? a.u8[index] : 0;
    }
    check("i8x16.swizzle", item, r, s);
    r.v = wasm_i8x16_shuffle(a.v, b.v, 31, 0, 30, 1, 29, 2, 28, 3, 16, 15, 17, 14, 18, 13, 19, 12);
    static const int pick[16] = {31, 0, 30, 1, 29, 2, 28, 3, 16, 15, 17, 14, 18, 13, 19, 12};
    for (int i = 0; i < 16; i++) s.u8[i] = pick[i] < 16 ? a.u8[pick[i]] : b.u8[pick[i] - 16];
    check("i8x16.shuffle", item, r, s);
    memset(&s, 0, sizeof s);
    memset(&r, 0, sizeof r);
    r.i32[0] = wasm_i8x16_bitmask(a.v);
    r.i32[1] = wasm_i32x4_bitmask(b.v);
    r.i32[2] = wasm_i16x8_all_true(a.v);
    r.i32[3] = wasm_v128_any_true(wasm_v128_and(a.v, b.v));
    for (int i = 0; i < 16; i++) s.i32[0] |= (a.i8[i] < 0) << i;
    for (int i = 0; i < 4; i++) s.i32[1] |= (b.i32[i] < 0) << i;
    s.i32[2] = 1;
    for (int i = 0; i < 8; i++) s.i32[2] &= a.u16[i] != 0;
    for (int i = 0; i < 2; i++) s.i32[3] |= (a.i64[i] & b.i64[i]) != 0;
    check("bitmask/all_true/any_true", item, r, s);
}

static float wasm_min(float x, float y) {
    if (x != x || y != y) return NAN;
    if (x == y) return signbit(x) ? x : y;
    return x < y ? x : y;
}

static int32_t trunc_sat(float x) {
    if (x != x) return 0;
    if (x >= 2147483648.0f) return INT32_MAX;
    if (x < -2147483648.0f) return INT32_MIN;
    return (int32_t)x;
}

static void float_ops(int item, lanes a, lanes b) {
    lanes s, r;
    r.v = wasm_f32x4_add(a.v, b.v);
    for (int i = 0; i < 4; i++) s.f32[i] = a.f32[i] + b.f32[i];
    check("f32x4.add", item, r, s);
    r.v = wasm_f32x4_div(a.v, b.v);
    for (int i = 0; i < 4; i++) s.f32[i] = a.f32[i] / b.f32[i];
    if (memcmp(r.u8, s.u8, 16) != 0) {  // 0/0 gives a NaN whose payload the spec leaves open
        for (int i = 0; i < 4; i++)
            if (r.f32[i] != r.f32[i] && s.f32[i] != s.f32[i]) r.f32[i] = s.f32[i];
    }
    check("f32x4.div", item, r, s);
    r.v = wasm_f32x4_min(a.v, b.v);
    for (int i = 0; i < 4; i++) s.f32[i] = wasm_min(a.f32[i], b.f32[i]);
    check("f32x4.min", item, r, s);
    r.v = wasm_f32x4_pmax(a.v, b.v);
    for (int i = 0; i < 4; i++) s.f32[i] = a.f32[i] < b.f32[i] ? b.f32[i] : a.f32[i];
    check("f32x4.pmax", item, r, s);
    r.v = wasm_f32x4_le(a.v, b.v);
    for (int i = 0; i < 4; i++) s.i32[i] = a.f32[i] <= b.f32[i] ? -1 : 0;
    check("f32x4.le", item, r, s);
    r.v = wasm_f32x4_nearest(a.v);
    for (int i = 0; i < 4; i++) s.f32[i] = nearbyintf(a.f32[i]);
    check("f32x4.nearest", item, r, s);
    r.v = wasm_f32x4_sqrt(wasm_f32x4_abs(a.v));
    for (int i = 0; i < 4; i++) s.f32[i] = sqrtf(fabsf(a.f32[i]));
    check("f32x4.sqrt", item, r, s);
    lanes big;
    big.v = wasm_f32x4_mul(a.v, wasm_f32x4_splat(1e4f));
    r.v = wasm_i32x4_trunc_sat_f32x4(big.v);
    for (int i = 0; i < 4; i++) s.i32[i] = trunc_sat(big.f32[i]);
    check("i32x4.trunc_sat_f32x4_s", item, r, s);
    r.v = wasm_f32x4_convert_u32x4(a.v);
    for (int i = 0; i < 4; i++) s.f32[i] = (float)a.u32[i];
    check("f32x4.convert_i32x4_u", item, r, s);
    r.v = wasm_f64x2_promote_low_f32x4(a.v);
    for (int i = 0; i < 2; i++) {
        double d = a.f32[i];
        memcpy(&s.i64[i], &d, 8);
    }
    check("f64x2.promote_low_f32x4", item, r, s);
}

// A byte histogram of a buffer, the loop -msimd128 code is typical of: v128 loads and compares against the
// scalar count of the same bytes.
static int histogram_agrees(const uint8_t *data, int size) {
    uint32_t simd_count[4] = {0}, scalar_count[4] = {0};
    const uint8_t wanted[4] = {0, 0x7f, 0x80, 0xff};
    for (int w = 0; w < 4; w++) {
        v128_t needle = wasm_i8x16_splat((int8_t)wanted[w]);
        v128_t sum = wasm_i32x4_splat(0);
        for (int i = 0; i + 16 <= size; i += 16) {
            v128_t hits = wasm_i8x16_eq(wasm_v128_load(data + i), needle);
            v128_t ones = wasm_v128_and(hits, wasm_i8x16_splat(1));
            sum = wasm_i32x4_add(sum, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(ones)));
        }
        simd_count[w] = (uint32_t)(wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) +
                                   wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3));
        for (int i = 0; i < size - size % 16; i++) scalar_count[w] += data[i] == wanted[w];
    }
    return memcmp(simd_count, scalar_count, sizeof simd_count) == 0;
}

int main(int argc, char **argv) {
    int cases = argc > 1 ? atoi(argv[1]) : 3000;
    if (cases <= 0) {
        fprintf(stderr, "usage: simd_diff [cases]\n");
        return 2;
    }
    for (int item = 0; item < cases; item++) {
        lanes a = random_lanes(), b = random_lanes();
        integer_ops(item, a, b);
        shape_ops(item, a, b);
        float_ops(item, random_floats(), random_floats());
    }
    static uint8_t buffer[64 * 1024];
    for (size_t i = 0; i < sizeof buffer; i++) buffer[i] = (uint8_t)next();
    int histogram = histogram_agrees(buffer, (int)sizeof buffer);
    printf("simd_diff: %d cases, %ld mismatches, histogram %s\n", cases, mismatches, histogram ? "agrees" : "DIFFERS");
    return mismatches == 0 && histogram ? 0 : 1;
}
