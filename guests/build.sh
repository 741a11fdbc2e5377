#!/bin/sh
# Rebuilds every guest in guests/bin/<name>.wasm from its source.
# Toolchain (Debian/Ubuntu packages): clang lld wasi-libc libclang-rt-14-dev-wasm32
# rustc libstd-rust-dev-wasm32 wabt python3. The outputs are committed, so tests need none of it.
# Flags are fixed and no paths or timestamps end up in the modules: rebuilding on
# the same toolchain gives the same bytes.
set -eu
cd "$(dirname "$0")"
mkdir -p bin

CC=${CC:-clang}
RUSTC=${RUSTC:-/usr/bin/rustc}   # not ~/.cargo/bin/rustc: that one lacks the wasm32-wasi std
CFLAGS="--target=wasm32-wasi -O2 -std=gnu11 -Wall -Wextra -Werror -Isdk/c"
LDFLAGS="-Wl,--strip-debug"

for src in c/*.c; do
    name=$(basename "$src" .c)
    extra=""
    if [ "$name" = snapshot0_cat ]; then
        # Imports only wasi_unstable: no wasi-libc start files (they import preview1), no socket SDK.
        "$CC" $CFLAGS -nostartfiles -Wl,--no-entry -Wl,--export=_start "$src" $LDFLAGS -o "bin/$name.wasm"
        echo "built bin/$name.wasm"
        continue
    fi
    # park_recv runs 10,000 at once in the benchmark: an 8 KiB stack keeps it in one 64 KiB page.
    [ "$name" = park_recv ] && extra="-Wl,-z,stack-size=8192"
    # wagi_* guests are WAGI handlers the invoker tests; wagi_probe's dial mode runs 1,000 at once too.
    [ "$name" = wagi_probe ] && extra="-Wl,-z,stack-size=16384"
    # simd_diff compares intrinsics with scalar C: SIMD on, but no auto-vectorising of the scalar path.
    [ "$name" = simd_diff ] && extra="-msimd128 -fno-vectorize -fno-slp-vectorize"
    # tls_* guests and wagi_probe (its tls mode) also use host TLS (sdk/c/sockeye_tls.c).
    sdk_tls=""
    case "$name" in tls_* | wagi_probe) sdk_tls=sdk/c/sockeye_tls.c ;; esac
    # simd_sum is the SIMD benchmark's guest (bench/simd): built with SIMD here, and without it below.
    [ "$name" = simd_sum ] && extra="-msimd128"
    "$CC" $CFLAGS "$src" sdk/c/sockeye_socket.c $sdk_tls $LDFLAGS $extra -o "bin/$name.wasm"
    echo "built bin/$name.wasm"
    if [ "$name" = simd_sum ]; then
        "$CC" $CFLAGS "$src" sdk/c/sockeye_socket.c $LDFLAGS -o "bin/${name}_scalar.wasm"
        echo "built bin/${name}_scalar.wasm"
    fi
done

# The P6 CPU-bound guests (bench/p6): plain C, no socket SDK; each prints its compute time and a checksum.
for src in cpu/p6_*.c; do
    name=$(basename "$src" .c)
    "$CC" $CFLAGS "$src" $LDFLAGS -o "bin/$name.wasm"
    echo "built bin/$name.wasm"
done

for src in rust/*.rs; do
    name=$(basename "$src" .rs)
    "$RUSTC" --edition 2021 --target wasm32-wasi -O -C strip=debuginfo \
        --remap-path-prefix "$PWD=." "$src" -o "bin/$name.wasm"
    echo "built bin/$name.wasm"
done

# Generated text too large to commit: the script writes it, wat2wasm builds it.
generated=$(mktemp --suffix=.wat)
python3 wat/huge_function.py "$generated"
wat2wasm "$generated" -o bin/huge_function.wasm
python3 wat/huge_function.py --simd "$generated"
wat2wasm "$generated" -o bin/huge_function_simd.wasm
rm -f "$generated"
echo "built bin/huge_function.wasm bin/huge_function_simd.wasm"

for src in wat/*.wat; do
    name=$(basename "$src" .wat)
    features=""
    # relaxed_simd is the one guest using a feature wat2wasm does not enable by default.
    [ "$name" = relaxed_simd ] && features="--enable-relaxed-simd"
    # simd_bad_* are invalid on purpose: the tests check that Sockeye refuses them at load.
    case "$name" in simd_bad_*) features="--no-check" ;; esac
    wat2wasm $features "$src" -o "bin/$name.wasm"
    echo "built bin/$name.wasm"
done

# The examples (examples/*/) use the SDKs in sdk/: rebuilt from the same toolchain.
../examples/build.sh
