#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice: a normal build (build/) and an
# AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/). Exits non-zero if anything fails.
set -euo pipefail
OPENDATA_ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$OPENDATA_ROOT/tools/setup/packages.sh"
opendata_install_packages

echo "== buf lint (proto/)"
command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
npm install --silent --no-audit --no-fund --prefix "$OPENDATA_ROOT/build-tools" @bufbuild/buf@1 >/dev/null
(cd "$OPENDATA_ROOT/proto" && "$OPENDATA_ROOT/build-tools/node_modules/.bin/buf" lint)

echo "== build (RelWithDebInfo)"
opendata_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== tests (RelWithDebInfo)"
ctest --test-dir "$OPENDATA_ROOT/build" --output-on-failure -j 2

echo "== build (ASan+UBSan)"
opendata_build build-asan -DCMAKE_BUILD_TYPE=Debug -DOPENDATA_SANITIZE=ON
echo "== tests (ASan+UBSan)"
export ASAN_OPTIONS=abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$OPENDATA_ROOT/build-asan" --output-on-failure -j 2
