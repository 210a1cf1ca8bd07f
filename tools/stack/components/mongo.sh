# shellcheck shell=bash
# mongo: the MongoDB wire protocol, mongod when on PATH, else FerretDB v1 (SQLite backend) built
# from the Go module proxy.
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

MONGO_PORT=27017
stack_component mongo --timeout 60 --background-install

mongo_impl() { if have mongod; then echo mongod; else echo ferretdb; fi; }
mongo_install() {
  [[ $(mongo_impl) == mongod ]] && return 0
  FERRETDB_BIN=$CACHE/go/ferretdb-$FERRETDB_VERSION/ferretdb
  [[ -x $FERRETDB_BIN ]] && return 0
  have go || die "mongo: go not found to build FerretDB $FERRETDB_VERSION; fix: install Go 1.24+ and put it on PATH (or put mongod on PATH)"
  # FerretDB reads its version from build/version/version.txt, which its module zip leaves out
  # (a plain `go install ...@version` binary panics at start): build from the module source with it.
  note "mongo: building FerretDB $FERRETDB_VERSION from the Go module proxy (a minute or two)"
  local src=$CACHE/go/src/ferretdb-$FERRETDB_VERSION moddir
  moddir=$(GOFLAGS=-mod=mod timeout 600 go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" 2>>"$LOGS/install.log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || true
  [[ -n $moddir && -d $moddir ]] || die "mongo: go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION failed (see $LOGS/install.log); fix: check the Go module proxy is reachable"
  rm -rf "$src"; mkdir -p "$(dirname "$src")"; cp -r "$moddir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  echo "colink-stack" >"$src/build/version/package.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod timeout 1200 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) >>"$LOGS/install.log" 2>&1 ||
    die "mongo: building FerretDB failed (see $LOGS/install.log)"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
}
mongo_start() {
  local d=$STACK/mongo
  mkdir -p "$d/data" "$d/state"
  if [[ $(mongo_impl) == mongod ]]; then
    launch mongo root "$(logfile mongo)" -- mongod --bind_ip 127.0.0.1 --port "$MONGO_PORT" --dbpath "$d/data"
  else
    launch mongo root "$(logfile mongo)" -- "${FERRETDB_BIN:-$CACHE/go/ferretdb-$FERRETDB_VERSION/ferretdb}" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --handler=sqlite --sqlite-url="file:$d/data/" \
      --state-dir="$d/state" --telemetry=disable --debug-addr=- --log-level=warn
  fi
}
# A real wire-protocol round trip: OP_MSG {ping: 1, $db: "admin"} must answer ok: 1.0.
mongo_ready() {
  local out
  out=$(timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/'"$MONGO_PORT"' || exit 1
    # header: len 51, requestID 1, responseTo 0, opCode 2013; flags 0; section 0; BSON {ping:1,$db:"admin"}
    printf "\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\$db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    n=$(head -c 4 <&3 | od -An -tu4 | tr -d " \n")
    [[ $n =~ ^[0-9]+$ ]] && ((n > 4 && n < 65536)) || exit 1
    head -c $((n - 4)) <&3 | od -An -tx1 | tr -d " \n"' 2>/dev/null || true)
  # "ok" as a double 1.0: 01 6f 6b 00 00 00 00 00 00 00 f0 3f
  [[ $out == *016f6b00000000000000f03f* ]]
}
mongo_addr() { echo "mongodb://localhost:$MONGO_PORT/colink_files ($(mongo_impl))"; }
mongo_ports() { echo "$MONGO_PORT"; }
mongo_stop() { stop_launched mongo; }
mongo_env() { echo "MONGODB_URL=mongodb://localhost:$MONGO_PORT/colink_files"; }
