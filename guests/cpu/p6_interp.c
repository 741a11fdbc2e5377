/* P6: a bytecode interpreter's dispatch loop (a stack VM with locals and jumps, switch dispatch), running a
 * program that counts primes below 20,000 by trial division, N times (default 40). */
#include "p6_timer.h"

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, INC, HALT };

typedef struct { uint8_t op; int32_t arg; } insn;

/* locals: 0 = n, 1 = d, 2 = primes, 3 = limit, 4 = is_prime */
static const insn program[] = {
    /* 0 */ {PUSH, 2}, {STORE, 0}, {PUSH, 0}, {STORE, 2},
    /* 4: outer */ {LOAD, 0}, {LOAD, 3}, {LT, 0}, {JZ, 37},
    /* 8 */ {PUSH, 1}, {STORE, 4}, {PUSH, 2}, {STORE, 1},
    /* 12: inner: while d*d <= n */ {LOAD, 1}, {LOAD, 1}, {MUL, 0}, {LOAD, 0}, {PUSH, 1}, {ADD, 0}, {LT, 0}, {JZ, 31},
    /* 20: if n % d == 0 */ {LOAD, 0}, {LOAD, 1}, {MOD, 0}, {JZ, 27}, {INC, 1}, {JMP, 12}, {HALT, 0},
    /* 27: composite */ {PUSH, 0}, {STORE, 4}, {JMP, 31}, {HALT, 0},
    /* 31: after inner */ {LOAD, 2}, {LOAD, 4}, {ADD, 0}, {STORE, 2}, {INC, 0}, {JMP, 4},
    /* 37 */ {HALT, 0},
};

static int32_t run(int32_t limit) {
    int32_t stack[64];
    int32_t locals[8] = {0};
    int sp = 0;
    locals[3] = limit;
    const insn *pc = program;
    for (;;) {
        const insn *i = pc++;
        switch (i->op) {
        case PUSH: stack[sp++] = i->arg; break;
        case LOAD: stack[sp++] = locals[i->arg]; break;
        case STORE: locals[i->arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = program + i->arg; break;
        case JMP: pc = program + i->arg; break;
        case INC: locals[i->arg]++; break;
        case HALT: return locals[2];
        default: fprintf(stderr, "interp: bad opcode %d\n", i->op); exit(1);
        }
    }
}

int main(int argc, char **argv) {
    long rounds = p6_arg(argc, argv, 40);
    double started = p6_now_ms();
    uint64_t checksum = 0;
    for (long round = 0; round < rounds; round++) checksum = checksum * 31 + (uint64_t)run(20000 + (int32_t)round);
    p6_report("interp", checksum, started);
    return 0;
}
