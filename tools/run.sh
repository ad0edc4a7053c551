#!/usr/bin/env bash
# Installs what is missing, builds, and starts opendata-server on 127.0.0.1:50051 with its RocksDB data under
# var/data in the project folder (and a local HS256 token key at var/dev-hs256.key). Ctrl-C stops it cleanly.
set -euo pipefail
OPENDATA_ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$OPENDATA_ROOT/tools/setup/packages.sh"
opendata_install_packages
opendata_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cd "$OPENDATA_ROOT"
mkdir -p var
[[ -f var/dev-hs256.key ]] || build/bin/opendata-admin gen-key --key-file var/dev-hs256.key
exec build/bin/opendata-server --listen=127.0.0.1:50051 --data-dir=var/data --dev-hs256-key-file=var/dev-hs256.key "$@"
