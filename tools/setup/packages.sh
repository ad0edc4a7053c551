# Sourced by run.sh and test.sh: installs the Debian 12 packages the project needs, if any is missing.
# Only Debian packages are used; the build downloads nothing.
OPENDATA_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  librocksdb-dev libabsl-dev libspdlog-dev catch2 libjwt-dev libssl-dev
  golang-github-gogo-googleapis-dev
)

opendata_install_packages() {
  local missing=()
  for p in "${OPENDATA_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# opendata_build DIR [cmake args...]: configures (once) and builds into DIR with ccache.
opendata_build() {
  local dir=$1
  shift
  export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
  # Paths relative to the checkout, so that a clone in another folder (as CI makes) reuses the cache.
  export CCACHE_BASEDIR="$OPENDATA_ROOT"
  export CCACHE_NOHASHDIR=1
  cmake -S "$OPENDATA_ROOT" -B "$OPENDATA_ROOT/$dir" -G Ninja "$@" >/dev/null
  cmake --build "$OPENDATA_ROOT/$dir" -j "$(nproc)"
}
