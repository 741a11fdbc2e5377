#!/bin/sh
# Builds {{name}}.wasm from main.c and the Sockeye C SDK in sdk/.
# Needs clang with wasi-libc (Debian/Ubuntu: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "build.sh: $CC not found (install clang, lld, wasi-libc and libclang-rt-*-dev-wasm32, or set CC)" >&2
    exit 2
fi
"$CC" --target=wasm32-wasi -O2 -std=gnu11 -Wall -Wextra -Isdk \
    main.c sdk/sockeye_wagi.c sdk/sockeye_socket.c sdk/sockeye_tls.c -Wl,--strip-debug -o {{name}}.wasm
echo "built {{name}}.wasm"
