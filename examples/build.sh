#!/bin/sh
# Rebuilds every example's .wasm from its source (guests/build.sh calls this too).
# Toolchain as for guests/: clang + wasi-libc for C, Debian's rustc with the wasm32-wasi std for Rust.
# The C examples compile the SDK from guests/sdk/c, the Rust ones include guests/sdk/rust/sockeye.rs.
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang}
RUSTC=${RUSTC:-/usr/bin/rustc}
SDK=../guests/sdk
CFLAGS="--target=wasm32-wasi -O2 -std=gnu11 -Wall -Wextra -Werror -I$SDK/c"
LDFLAGS="-Wl,--strip-debug"

build_c() { # example, source name, extra sources...
    dir=$1; name=$2; shift 2
    "$CC" $CFLAGS "$dir/$name.c" "$@" $LDFLAGS -o "$dir/$name.wasm"
    echo "built $dir/$name.wasm"
}

build_rust() { # example, source name
    "$RUSTC" --edition 2021 --target wasm32-wasi -O -C strip=debuginfo \
        --remap-path-prefix "$PWD/..=." "$1/$2.rs" -o "$1/$2.wasm"
    echo "built $1/$2.wasm"
}

build_c hello hello $SDK/c/sockeye_wagi.c
build_c redis-counter redis_counter $SDK/c/sockeye_wagi.c $SDK/c/sockeye_socket.c
build_c https-fetch https_fetch $SDK/c/sockeye_wagi.c $SDK/c/sockeye_socket.c $SDK/c/sockeye_tls.c
build_rust fetch-json fetch_json
build_rust telemetry-gateway telemetry_gateway
build_rust echo-service echo_service
build_rust pg-query pg_query
