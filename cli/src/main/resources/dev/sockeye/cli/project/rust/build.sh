#!/bin/sh
# Builds {{name}}.wasm from src/main.rs and the Sockeye Rust SDK in src/sockeye.rs (no Cargo, no crates).
# Needs a rustc with the wasm32-wasi standard library (Debian: apt-get install rustc libstd-rust-dev-wasm32;
# rustup: rustup target add wasm32-wasi).
set -eu
cd "$(dirname "$0")"
RUSTC=${RUSTC:-rustc}
if ! command -v "$RUSTC" >/dev/null 2>&1; then
    echo "build.sh: $RUSTC not found (install rustc with the wasm32-wasi target, or set RUSTC)" >&2
    exit 2
fi
"$RUSTC" --edition 2021 --target wasm32-wasi -O -C strip=debuginfo src/main.rs -o {{name}}.wasm
echo "built {{name}}.wasm"
