# Sourced by p4-first-request.sh and large-module.sh: JDK 25, a scratch directory $WORK (removed on exit), the
# generated big guest $WORK/big.wasm (gen-big-guest.py with $FUNCTIONS functions), and the bench/invoker build
# and class path $CP. Expects ROOT and FUNCTIONS set. BIG_GUEST_WASM=FILE reuses a module an earlier run generated
# with the same FUNCTIONS (compiling 160,000 functions of C takes clang 15-40 minutes here).
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [[ -n "${BIG_GUEST_WASM:-}" ]]; then
  cp "$BIG_GUEST_WASM" "$WORK/big.wasm"
else
  python3 "$ROOT/bench/invoker/gen-big-guest.py" "$FUNCTIONS" >"$WORK/big.c"
  clang --target=wasm32-wasi -O1 "$WORK/big.c" -Wl,--strip-debug -o "$WORK/big.wasm"
fi
. "$ROOT/bench/invoker/bench-classpath.sh"
export WORK
