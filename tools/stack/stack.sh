#!/usr/bin/env bash
# CoLink local stack without Docker: every backing component, native, on 127.0.0.1.
#
#   stack.sh up                 install what is missing, start what is not running, wait, print addresses
#   stack.sh status             one line per component; exit 1 if any is down
#   stack.sh down               stop what this stack started (by pid file)
#   stack.sh stop NAME...       stop one component (e.g. `stack.sh stop kafka` for an outage test)
#   stack.sh start NAME...      start (and wait for) one component
#   stack.sh logs NAME [-f]     tail one component's log
#   stack.sh reset              down, then wipe .stack data (next `up` starts from scratch)
#   stack.sh env                print the path of the env file (.stack/env)
#   stack.sh mem                resident memory (RSS) per component and in total
#
# Versions: deploy/versions.env. Data, logs, pids: <repo>/.stack/ (git-ignored). Downloads and
# builds: ${COLINK_CACHE:-$HOME/.cache/colink} (and ~/.m2), so a fresh clone does not re-download.
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
STACK=${COLINK_STACK_DIR:-$REPO/.stack}
CACHE=${COLINK_CACHE:-$HOME/.cache/colink}
M2_REPO=${COLINK_M2_REPO:-$HOME/.m2/repository}
DEPLOY=$REPO/deploy
RUN=$STACK/run
LOGS=$STACK/logs
# shellcheck source=../../deploy/versions.env
source "$DEPLOY/versions.env"

COMPONENTS=(postgres redis kafka mongo minio keycloak opensearch clamd prometheus)
# Unprivileged OS user for OpenSearch (it refuses to run as root). PostgreSQL runs as `postgres`.
STACK_USER=${COLINK_STACK_USER:-colink}
PG_BIN=/usr/lib/postgresql/${POSTGRES_VERSION}/bin

# Ports (loopback only).
PG_PORT=5432 REDIS_PORT=6379 KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 MONGO_PORT=27017
MINIO_PORT=9000 MINIO_CONSOLE_PORT=9001 KEYCLOAK_PORT=8180 KEYCLOAK_MGMT_PORT=9180
OPENSEARCH_PORT=9200 OPENSEARCH_TRANSPORT_PORT=9300 CLAMD_PORT=3310 PROMETHEUS_PORT=9090

# Seconds to wait for each component to answer its protocol.
declare -A TIMEOUT=([postgres]=60 [redis]=30 [kafka]=120 [mongo]=60 [minio]=60 [keycloak]=240
  [opensearch]=180 [clamd]=90 [prometheus]=60)

KAFKA_TOPICS=(message.created message.updated message.deleted reaction.added reaction.removed
  channel.created channel.updated channel.member_added channel.member_removed user.created
  user.updated presence.updated file.uploaded file.scanned moderation.action audit.recorded)

# ---------------------------------------------------------------------------------------------
# helpers

die() { printf 'stack: %s\n' "$*" >&2; exit 1; }
note() { printf 'stack: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s; }

pidfile() { echo "$RUN/$1.pid"; }
logfile() { echo "$LOGS/$1.log"; }

# The pid recorded for a component, if that process is alive.
live_pid() {
  local f; f=$(pidfile "$1")
  [[ -f $f ]] || return 1
  local pid; pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the recorded start marker must still match.
  [[ -f $f.start ]] && [[ $(proc_start "$pid") == "$(<"$f.start")" ]] || return 1
  echo "$pid"
}
proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

# Who listens on a TCP port (empty when free).
port_owner() {
  local out
  out=$(ss -Hltnp "sport = :$1" 2>/dev/null || true)
  [[ -n $out ]] || return 1
  local who; who=$(grep -o 'users:(([^)]*' <<<"$out" | head -n1 | sed 's/users:((//')
  echo "${who:-unknown process}"
}

# Run a command detached in its own session (pid == process group id), as USER, logging to LOG.
launch() { # NAME USER LOG -- cmd...
  local name=$1 user=$2 log=$3; shift 4
  mkdir -p "$RUN" "$LOGS"
  printf '\n==== %s: starting %s\n' "$(date -u +%FT%TZ)" "$name" >>"$log"
  if [[ $user == root ]]; then
    setsid "$@" >>"$log" 2>&1 </dev/null 9>&- &
  else
    (cd / && exec setsid setpriv --reuid="$user" --regid="$user" --init-groups --reset-env "$@") >>"$log" 2>&1 </dev/null 9>&- &
  fi
  local pid=$!
  echo "$pid" >"$(pidfile "$name")"
  sleep 0.05
  proc_start "$pid" >"$(pidfile "$name").start"
}

# Find a JDK under /usr/lib/jvm (or $JAVA_HOME) whose major version is within [MIN, MAX]; newest first.
find_jdk() { # MIN MAX [override]
  local min=$1 max=$2 override=${3:-} d v best="" bestv=0
  if [[ -n $override ]]; then [[ -x $override/bin/java ]] && { echo "$override"; return 0; }; return 1; fi
  for d in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [[ -x $d/bin/java && -f $d/release ]] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")
    [[ -n $v ]] || continue
    if ((v >= min && v <= max && v > bestv)); then best=$d bestv=$v; fi
  done
  [[ -n $best ]] && echo "$best"
}
need_jdk() { # COMPONENT MIN MAX OVERRIDE_VAR
  local j
  if [[ -z ${!4:-} ]] && (($2 <= 17)) && ! find_jdk "$2" "$3" >/dev/null; then
    apt_install openjdk-17-jdk-headless >&2 # Debian's JDK 17 serves Kafka and OpenSearch
  fi
  j=$(find_jdk "$2" "$3" "${!4:-}") ||
    if (($2 <= 17)); then
      die "$1: no JDK ${2}..${3} found (looked in /usr/lib/jvm${!4:+ and $4=${!4}}); fix: apt-get install -y openjdk-17-jdk-headless, or set $4 to a JDK ${2}..${3}"
    else
      die "$1: no JDK ${2}..${3} found (looked in /usr/lib/jvm${!4:+ and $4=${!4}}); fix: install a JDK ${2}..${3} under /usr/lib/jvm (Debian 12 ships only 17; e.g. Temurin), or set $4"
    fi
  echo "$j"
}

ensure_user() {
  id -u "$STACK_USER" >/dev/null 2>&1 && return 0
  note "creating OS user $STACK_USER (OpenSearch refuses to run as root)"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$STACK_USER" ||
    die "could not create OS user $STACK_USER; fix: run as root or create it (useradd --system $STACK_USER)"
}

# A data dir that OS user USER can reach: .stack/NAME when every parent is traversable by USER,
# else a per-repo dir under /var/lib/colink-stack linked from .stack/NAME (e.g. a clone under /root).
user_dir() { # NAME USER
  local name=$1 user=$2 d=$STACK/$1
  if [[ -L $d ]]; then readlink -f "$d"; return; fi
  mkdir -p "$STACK"
  if setpriv --reuid="$user" --regid="$user" --init-groups test -x "$STACK" 2>/dev/null; then
    mkdir -p "$d"; chown "$user:" "$d"; echo "$d"; return
  fi
  local alt
  alt=/var/lib/colink-stack/$(printf '%s' "$STACK" | sha1sum | cut -c1-12)/$name
  # A new .stack means new state: drop what an earlier clone at this same path left there.
  rm -rf "$alt"
  mkdir -p "$alt"; chown "$user:" "$alt"; chmod 755 "$(dirname "$alt")" /var/lib/colink-stack
  ln -sfn "$alt" "$d"; echo "$alt"
}

APT_UPDATED=0
apt_install() { # PKG...
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  have apt-get || die "missing Debian packages ${missing[*]} and no apt-get; fix: install them by hand"
  note "installing Debian packages: ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    timeout 300 apt-get update -qq >>"$LOGS/install.log" 2>&1 || die "apt-get update failed (see $LOGS/install.log); fix: check the Debian mirror is reachable"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOGS/install.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed (see $LOGS/install.log); fix: check the Debian mirror, then re-run up"
}

deb_version_check() { # PKG PINNED_PREFIX
  local v; v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)
  v=${v#*:}
  [[ $v == "$2"* ]] || note "warning: $1 is $v, deploy/versions.env pins $2"
}

maven_get() { # COMPONENT G:A:V:zip -> path of the artifact in ~/.m2
  local comp=$1 coord=$2 g a v t
  IFS=: read -r g a v t <<<"$coord"
  local f="$M2_REPO/${g//.//}/$a/$v/$a-$v.$t"
  if [[ ! -s $f ]]; then
    have mvn || apt_install maven
    note "$comp: downloading $coord from Maven Central"
    timeout 900 mvn -B -q -Dmaven.repo.local="$M2_REPO" dependency:get -Dartifact="$coord" -Dtransitive=false \
      >>"$LOGS/install.log" 2>&1 ||
      die "$comp: download of $coord failed (see $LOGS/install.log); fix: check Maven Central is reachable and the version in deploy/versions.env exists"
  fi
  echo "$f"
}

go_build() { # COMPONENT MODULE@VERSION BINNAME -> path of the binary in the cache
  local comp=$1 mod=$2 bin=$3 ver=${2##*@}
  local dir="$CACHE/go/$bin-$ver"
  if [[ ! -x $dir/$bin ]]; then
    have go || die "$comp: go not found to build $mod; fix: install Go 1.24+ (Debian 12's golang package is too old) and put it on PATH"
    note "$comp: building $mod with go install (several minutes on 2 cores)"
    mkdir -p "$dir"
    GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-mod=mod timeout 1800 go install "$mod" >>"$LOGS/install.log" 2>&1 ||
      die "$comp: go install $mod failed (see $LOGS/install.log); fix: check the Go module proxy is reachable and the version in deploy/versions.env resolves"
  fi
  echo "$dir/$bin"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$1" 2>/dev/null || true; }

s3() { # METHOD PATH [curl args...]
  local m=$1 p=$2; shift 2
  curl -s --max-time 5 -X "$m" --user colink:colink-secret --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" "http://127.0.0.1:$MINIO_PORT$p"
}

# ---------------------------------------------------------------------------------------------
# postgres

postgres_install() {
  apt_install "postgresql-$POSTGRES_VERSION" postgresql-contrib
  deb_version_check "postgresql-$POSTGRES_VERSION" "$POSTGRES_VERSION"
  [[ -x $PG_BIN/postgres ]] || die "postgres: $PG_BIN/postgres missing; fix: apt-get install -y postgresql-$POSTGRES_VERSION"
}
postgres_start() {
  local d; d=$(user_dir postgres postgres)
  mkdir -p "$d/run"; chown postgres: "$d/run"
  if [[ ! -f $d/data/PG_VERSION ]]; then
    mkdir -p "$d/data"; chown postgres: "$d/data"; chmod 700 "$d/data"
    (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/initdb" -D "$d/data" -U postgres \
      -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256) >>"$(logfile postgres)" 2>&1 ||
      die "postgres: initdb failed, see $(logfile postgres)"
    cat >>"$d/data/postgresql.conf" <<EOF
# --- colink stack
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$d/run'
max_connections = 200
shared_buffers = 128MB
fsync = on
log_destination = 'stderr'
logging_collector = off
EOF
  fi
  launch postgres postgres "$(logfile postgres)" -- "$PG_BIN/postgres" -D "$d/data"
}
postgres_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }
psql_su() { # as the postgres OS user over the unix socket (the real dir: .stack may sit under /root)
  local sock; sock=$(readlink -f "$STACK/postgres")/run
  (cd / && setpriv --reuid=postgres --regid=postgres --init-groups "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$sock" -p "$PG_PORT" -U postgres "$@")
}
postgres_post() {
  psql_su -d postgres >>"$(logfile postgres)" 2>&1 <<'EOF' || die "postgres: creating role/database colink failed, see $(logfile postgres)"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'colink') THEN
    CREATE ROLE colink LOGIN PASSWORD 'colink' CREATEDB;
  END IF;
END $$;
SELECT 'CREATE DATABASE colink OWNER colink' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'colink')\gexec
EOF
  psql_su -d colink -f - <"$DEPLOY/postgres/init.sql" >>"$(logfile postgres)" 2>&1 ||
    die "postgres: CREATE EXTENSION pg_trgm failed; fix: apt-get install -y postgresql-contrib"
  PGPASSWORD=colink "$PG_BIN/psql" -X -qAt -h 127.0.0.1 -p "$PG_PORT" -U colink -d colink -c 'select 1' >/dev/null 2>&1 ||
    die "postgres: colink cannot log in over TCP, see $(logfile postgres)"
}
postgres_addr() { echo "postgres://colink:colink@localhost:$PG_PORT/colink"; }
postgres_ports() { echo "$PG_PORT"; }
postgres_stop_signal() { echo INT; } # fast shutdown

# ---------------------------------------------------------------------------------------------
# redis

redis_install() { apt_install redis-server redis-tools; deb_version_check redis-server "$REDIS_VERSION"; }
redis_start() {
  mkdir -p "$STACK/redis"
  launch redis root "$(logfile redis)" -- redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$STACK/redis" --daemonize no --protected-mode yes --save 60 1000 --appendonly no
}
redis_ready() { [[ $(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
redis_addr() { echo "redis://localhost:$REDIS_PORT"; }
redis_ports() { echo "$REDIS_PORT"; }

# ---------------------------------------------------------------------------------------------
# kafka (KRaft, combined broker+controller, jars from Maven Central)

KAFKA_HOME=$CACHE/kafka-$KAFKA_VERSION
kafka_install() {
  KAFKA_JAVA=$(need_jdk kafka "$KAFKA_JAVA_MIN" "$KAFKA_JAVA_MAX" KAFKA_JAVA_HOME)
  [[ -f $KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar ]] && return 0
  have mvn || apt_install maven
  note "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its dependencies from Maven Central"
  rm -rf "$KAFKA_HOME/libs.tmp"
  timeout 900 mvn -B -q -Dmaven.repo.local="$M2_REPO" -f "$DEPLOY/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs.tmp" \
    >>"$LOGS/install.log" 2>&1 ||
    die "kafka: resolving kafka_2.13:$KAFKA_VERSION failed (see $LOGS/install.log); fix: check Maven Central is reachable and KAFKA_VERSION in deploy/versions.env"
  rm -rf "$KAFKA_HOME/libs"; mv "$KAFKA_HOME/libs.tmp" "$KAFKA_HOME/libs"
}
kafka_java() { # main-class args...  (bounded by KJ_TIMEOUT seconds, default 60)
  local java=${KAFKA_JAVA:-}
  [[ -n $java ]] || java=$(need_jdk kafka "$KAFKA_JAVA_MIN" "$KAFKA_JAVA_MAX" KAFKA_JAVA_HOME)
  timeout "${KJ_TIMEOUT:-60}" "$java/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$STACK/kafka/log4j2-tools.properties" -cp "$KAFKA_HOME/libs/*" "$@"
}
kafka_start() {
  local d=$STACK/kafka
  mkdir -p "$d/data"
  cat >"$d/server.properties" <<EOF
# generated by tools/stack/stack.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$d/data
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
delete.topic.enable=true
EOF
  for f in log4j2.properties log4j2-tools.properties; do
    local lvl=INFO; [[ $f == log4j2-tools.properties ]] && lvl=WARN
    cat >"$d/$f" <<EOF
status = warn
appender.console.type = Console
appender.console.name = STDERR
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $lvl
rootLogger.appenderRef.console.ref = STDERR
logger.kafka.name = kafka
logger.kafka.level = $lvl
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
  done
  if [[ ! -f $d/data/meta.properties ]]; then
    local cid; cid=$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$(logfile kafka)" | tail -n1)
    [[ -n $cid ]] || die "kafka: StorageTool random-uuid failed, see $(logfile kafka)"
    kafka_java kafka.tools.StorageTool format -t "$cid" -c "$d/server.properties" --standalone >>"$(logfile kafka)" 2>&1 ||
      kafka_java kafka.tools.StorageTool format -t "$cid" -c "$d/server.properties" >>"$(logfile kafka)" 2>&1 ||
      die "kafka: formatting KRaft storage failed, see $(logfile kafka)"
  fi
  local java=$KAFKA_JAVA
  launch kafka root "$(logfile kafka)" -- env LOG_DIR="$d" "$java/bin/java" -Xms256m -Xmx512m -XX:+UseG1GC \
    -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Dlog4j2.configurationFile="$d/log4j2.properties" \
    -Dkafka.logs.dir="$d" -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$d/server.properties"
}
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
kafka_ready() {
  # A metadata round trip: the broker answers a topic list (after a cheap check that it listens).
  tcp_open "$KAFKA_PORT" || return 1
  KJ_TIMEOUT=25 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
    >"$STACK/kafka/topics.txt" 2>>"$(logfile kafka)"
}
topic_partitions() { case $1 in message.* | reaction.* | channel.*) echo 3 ;; *) echo 1 ;; esac; }
kafka_post() {
  local want=() t have_list missing=()
  for t in "${KAFKA_TOPICS[@]}"; do want+=("$t" "$t.dlq"); done
  have_list=$(<"$STACK/kafka/topics.txt")
  for t in "${want[@]}"; do grep -qxF "$t" <<<"$have_list" || missing+=("$t"); done
  ((${#missing[@]})) || return 0
  note "kafka: creating ${#missing[@]} topics"
  local pids=() failed=0 p
  for t in "${missing[@]}"; do
    KJ_TIMEOUT=60 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
      --create --if-not-exists --topic "$t" --partitions "$(topic_partitions "${t%.dlq}")" --replication-factor 1 \
      >/dev/null 2>>"$(logfile kafka)" &
    pids+=($!)
    if ((${#pids[@]} >= 4)); then
      for p in "${pids[@]}"; do wait "$p" || failed=1; done
      pids=()
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  ((failed == 0)) || die "kafka: creating topics failed, see $(logfile kafka)"
  KJ_TIMEOUT=25 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
    >"$STACK/kafka/topics.txt" 2>>"$(logfile kafka)" || die "kafka: listing topics failed, see $(logfile kafka)"
  for t in "${want[@]}"; do
    grep -qxF "$t" "$STACK/kafka/topics.txt" || die "kafka: topic $t missing after create, see $(logfile kafka)"
  done
}
kafka_addr() { echo "localhost:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"; }
kafka_ports() { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }

# ---------------------------------------------------------------------------------------------
# mongo wire: mongod when on PATH, else FerretDB v1 (SQLite backend)

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

# ---------------------------------------------------------------------------------------------
# minio

minio_install() { MINIO_BIN=$(go_build minio "github.com/minio/minio@$MINIO_VERSION" minio); }
minio_start() {
  mkdir -p "$STACK/minio/data"
  launch minio root "$(logfile minio)" -- env MINIO_ROOT_USER=colink MINIO_ROOT_PASSWORD=colink-secret \
    MINIO_BROWSER=on MINIO_UPDATE=off MINIO_CI_CD=1 HOME="$STACK/minio" \
    "${MINIO_BIN:-$CACHE/go/minio-$MINIO_VERSION/minio}" server --quiet --anonymous \
    --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" "$STACK/minio/data"
}
minio_ready() { [[ $(http_code "http://127.0.0.1:$MINIO_PORT/minio/health/live") == 200 ]]; }
minio_post() {
  local code
  code=$(s3 HEAD /colink-files -o /dev/null -w '%{http_code}' -I) || true
  if [[ $code != 200 ]]; then
    code=$(s3 PUT /colink-files -o /dev/null -w '%{http_code}') || true
    [[ $code == 200 || $code == 409 ]] || die "minio: creating bucket colink-files failed (HTTP $code), see $(logfile minio)"
  fi
  code=$(s3 HEAD /colink-files -o /dev/null -w '%{http_code}' -I) || true
  [[ $code == 200 ]] || die "minio: bucket colink-files missing after create (HTTP $code)"
}
minio_addr() { echo "http://localhost:$MINIO_PORT bucket colink-files (console http://127.0.0.1:$MINIO_CONSOLE_PORT, colink/colink-secret)"; }
minio_ports() { echo "$MINIO_PORT $MINIO_CONSOLE_PORT"; }

# ---------------------------------------------------------------------------------------------
# keycloak (quarkus dist zip from Maven Central, dev mode, H2 file DB under .stack)

KEYCLOAK_HOME=$CACHE/keycloak-$KEYCLOAK_VERSION
REALM_FILE=$DEPLOY/keycloak/colink-realm.json
keycloak_install() {
  KEYCLOAK_JAVA=$(need_jdk keycloak "$KEYCLOAK_JAVA_MIN" "$KEYCLOAK_JAVA_MAX" KEYCLOAK_JAVA_HOME)
  [[ -x $KEYCLOAK_HOME/bin/kc.sh ]] && return 0
  local zip; zip=$(maven_get keycloak "org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip")
  local tmp="$CACHE/.keycloak-$KEYCLOAK_VERSION.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  unzip -q "$zip" -d "$tmp" || die "keycloak: unzip of $zip failed; fix: delete it and re-run up"
  rm -rf "$KEYCLOAK_HOME"; mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"; rm -rf "$tmp"
}
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }
# On Java 24+ jboss-threads needs java.lang opened (else executor threads die with
# IllegalAccessError), and netty's Unsafe use warns unless allowed (flag exists from Java 23).
keycloak_java_opts() {
  local v; v=$(jdk_major "$KEYCLOAK_JAVA")
  local o="--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
  ((v >= 23)) && o+=" --sun-misc-unsafe-memory-access=allow"
  echo "$o"
}
keycloak_start() {
  local d=$STACK/keycloak
  mkdir -p "$d/h2"
  launch keycloak root "$(logfile keycloak)" -- env JAVA_HOME="$KEYCLOAK_JAVA" \
    JAVA_OPTS_KC_HEAP="-Xms128m -Xmx768m" JAVA_OPTS_APPEND="$(keycloak_java_opts)" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MGMT_PORT" --health-enabled=true --metrics-enabled=true \
    --hostname="http://localhost:$KEYCLOAK_PORT" --db=dev-file \
    --db-url="jdbc:h2:file:$d/h2/keycloakdb;NON_KEYWORDS=VALUE" \
    --cache=local --log-console-output=default
}
keycloak_ready() {
  [[ $(http_code "http://127.0.0.1:$KEYCLOAK_PORT/realms/master/.well-known/openid-configuration") == 200 ]]
}
kc_admin_token() {
  curl -s --max-time 10 -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "http://127.0.0.1:$KEYCLOAK_PORT/realms/master/protocol/openid-connect/token" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
# Import deploy/keycloak/colink-realm.json when the realm is missing or the file changed since the
# last import (the realm is then deleted and re-created: users' sessions and changes made by hand
# in that realm are lost, which is what a local stack wants).
keycloak_post() {
  local sum stamp=$STACK/keycloak/realm.sha256 tok code
  sum=$(sha256sum "$REALM_FILE" | cut -d' ' -f1)
  code=$(http_code "http://127.0.0.1:$KEYCLOAK_PORT/realms/colink/.well-known/openid-configuration")
  [[ $code == 200 && -f $stamp && $(<"$stamp") == "$sum" ]] && return 0
  tok=$(kc_admin_token)
  [[ -n $tok ]] || die "keycloak: no admin token for admin/admin on the master realm, see $(logfile keycloak)"
  if [[ $code == 200 ]]; then
    note "keycloak: $REALM_FILE changed, re-importing realm colink"
    curl -s --max-time 30 -X DELETE -H "Authorization: Bearer $tok" "http://127.0.0.1:$KEYCLOAK_PORT/admin/realms/colink" >/dev/null
  fi
  code=$(curl -s --max-time 60 -o "$STACK/keycloak/import.out" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' --data-binary "@$REALM_FILE" \
    "http://127.0.0.1:$KEYCLOAK_PORT/admin/realms")
  [[ $code == 201 ]] || die "keycloak: importing $REALM_FILE failed (HTTP $code: $(head -c 300 "$STACK/keycloak/import.out"))"
  echo "$sum" >"$stamp"
  local i
  for i in $(seq 1 20); do
    [[ $(http_code "http://127.0.0.1:$KEYCLOAK_PORT/realms/colink/.well-known/openid-configuration") == 200 ]] && return 0
    sleep 0.5
  done
  die "keycloak: realm colink not served after import, see $(logfile keycloak)"
}
keycloak_addr() { echo "http://localhost:$KEYCLOAK_PORT realm colink (admin admin/admin; management 127.0.0.1:$KEYCLOAK_MGMT_PORT)"; }
keycloak_ports() { echo "$KEYCLOAK_PORT $KEYCLOAK_MGMT_PORT"; }

# ---------------------------------------------------------------------------------------------
# opensearch (integ-test zip from Maven Central, no security plugin; runs as $STACK_USER)

opensearch_home() {
  local h=$CACHE/opensearch-$OPENSEARCH_VERSION
  # The cache may sit under a home dir the unprivileged user cannot enter (/root): then use a
  # machine-wide cache dir that it can read.
  if id -u "$STACK_USER" >/dev/null 2>&1 && ! setpriv --reuid="$STACK_USER" --regid="$STACK_USER" --init-groups test -x "$CACHE" 2>/dev/null; then
    h=/var/cache/colink/opensearch-$OPENSEARCH_VERSION
  fi
  echo "$h"
}
opensearch_install() {
  OPENSEARCH_JAVA=$(need_jdk opensearch "$OPENSEARCH_JAVA_MIN" "$OPENSEARCH_JAVA_MAX" OPENSEARCH_JAVA_HOME)
  ensure_user
  OPENSEARCH_HOME=$(opensearch_home)
  if [[ ! -x $OPENSEARCH_HOME/bin/opensearch ]]; then
    local zip; zip=$(maven_get opensearch "org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip")
    local tmp="$OPENSEARCH_HOME.tmp"
    rm -rf "$tmp"; mkdir -p "$tmp"
    unzip -q "$zip" -d "$tmp" || die "opensearch: unzip of $zip failed; fix: delete it and re-run up"
    rm -rf "$OPENSEARCH_HOME"; mv "$tmp/opensearch-$OPENSEARCH_VERSION" "$OPENSEARCH_HOME"; rm -rf "$tmp"
  fi
  opensearch_analysis_common
  chmod -R a+rX "$OPENSEARCH_HOME"; chmod a+rx "$(dirname "$OPENSEARCH_HOME")"
}
# The integ-test zip ships only transport-netty4: add the analysis-common module (cjk, english,
# edge_ngram/ngram, stemmers) from its Maven Central jar, as the full distribution bundles it.
# lucene-analysis-common is already in lib/. Takes effect at the next OpenSearch start.
opensearch_analysis_common() {
  local dir=$OPENSEARCH_HOME/modules/analysis-common
  [[ -s $dir/plugin-descriptor.properties && -s $dir/analysis-common-$OPENSEARCH_VERSION.jar ]] && return 0
  local jar; jar=$(maven_get opensearch "org.opensearch.plugin:analysis-common:$OPENSEARCH_VERSION:jar")
  local tmp="$dir.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  cp "$jar" "$tmp/analysis-common-$OPENSEARCH_VERSION.jar"
  cat >"$tmp/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch.
version=$OPENSEARCH_VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
  rm -rf "$dir"; mv "$tmp" "$dir"
}
opensearch_start() {
  local d; d=$(user_dir opensearch "$STACK_USER")
  local home=${OPENSEARCH_HOME:-$(opensearch_home)}
  mkdir -p "$d/config" "$d/data" "$d/logs" "$d/tmp"
  cp -rn "$home/config/." "$d/config/"
  cat >"$d/config/opensearch.yml" <<EOF
# generated by tools/stack/stack.sh
cluster.name: colink-local
node.name: colink-local-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $OPENSEARCH_PORT
transport.port: $OPENSEARCH_TRANSPORT_PORT
path.data: $d/data
path.logs: $d/logs
action.auto_create_index: true
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  # jvm.options uses paths relative to the working directory (logs/gc.log, data): make them absolute.
  sed -i -e "s#file=logs/gc.log#file=$d/logs/gc.log#" -e "s#^-XX:HeapDumpPath=data#-XX:HeapDumpPath=$d/data#" \
    -e "s#^-XX:ErrorFile=logs/#-XX:ErrorFile=$d/logs/#" -e "s#^\(.*\)-Xlog:gc\*,gc+age=trace,safepoint:file=logs/#\1-Xlog:gc*,gc+age=trace,safepoint:file=$d/logs/#" \
    "$d/config/jvm.options"
  mkdir -p "$d/config/jvm.options.d"
  printf -- '-Xms512m\n-Xmx512m\n' >"$d/config/jvm.options.d/heap.options"
  chown -R "$STACK_USER:" "$d/"
  launch opensearch "$STACK_USER" "$(logfile opensearch)" -- env OPENSEARCH_JAVA_HOME="$OPENSEARCH_JAVA" \
    OPENSEARCH_PATH_CONF="$d/config" OPENSEARCH_TMPDIR="$d/tmp" PATH=/usr/bin:/bin \
    "$home/bin/opensearch"
}
opensearch_ready() {
  local body
  body=$(curl -s --max-time 3 "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health" 2>/dev/null) || return 1
  [[ $body == *'"status":"green"'* || $body == *'"status":"yellow"'* ]]
}
opensearch_addr() { echo "http://localhost:$OPENSEARCH_PORT"; }
opensearch_ports() { echo "$OPENSEARCH_PORT $OPENSEARCH_TRANSPORT_PORT"; }

# ---------------------------------------------------------------------------------------------
# clamd (offline: only the repo's signature dir deploy/clamav)

clamd_install() { apt_install clamav-daemon; deb_version_check clamav-daemon "$CLAMAV_VERSION"; }
clamd_start() {
  local d=$STACK/clamd
  mkdir -p "$d"
  cat >"$d/clamd.conf" <<EOF
# generated by tools/stack/stack.sh: offline clamd with the repo's signatures only
Foreground yes
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
DatabaseDirectory $DEPLOY/clamav
TemporaryDirectory $d
PidFile $d/clamd.pid
LogTime yes
LogVerbose no
StreamMaxLength 100M
MaxFileSize 100M
MaxScanSize 400M
AlertExceedsMax yes
SelfCheck 600
ConcurrentDatabaseReload no
EOF
  launch clamd root "$(logfile clamd)" -- clamd --config-file="$d/clamd.conf"
}
clamd_cmd() { # raw command (with leading z and trailing NUL) -> reply
  timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$CLAMD_PORT"' || exit 1; printf "$1" >&3; tr -d "\0" <&3' _ "$1" 2>/dev/null || true
}
clamd_ready() { [[ $(clamd_cmd 'zPING\0') == PONG ]]; }
clamd_addr() { echo "localhost:$CLAMD_PORT (clamd, signatures deploy/clamav)"; }
clamd_ports() { echo "$CLAMD_PORT"; }

# ---------------------------------------------------------------------------------------------
# prometheus

prometheus_install() { apt_install prometheus; deb_version_check prometheus "$PROMETHEUS_VERSION"; }
prometheus_start() {
  mkdir -p "$STACK/prometheus/data"
  launch prometheus root "$(logfile prometheus)" -- prometheus --config.file="$DEPLOY/prometheus/prometheus.yml" \
    --storage.tsdb.path="$STACK/prometheus/data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    --storage.tsdb.retention.time=7d --web.enable-lifecycle
}
prometheus_ready() { [[ $(http_code "http://127.0.0.1:$PROMETHEUS_PORT/-/ready") == 200 ]]; }
prometheus_addr() { echo "http://localhost:$PROMETHEUS_PORT"; }
prometheus_ports() { echo "$PROMETHEUS_PORT"; }

# ---------------------------------------------------------------------------------------------
# orchestration

valid_component() { local c; for c in "${COMPONENTS[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }
has_fn() { declare -F "$1" >/dev/null; }

status_line() { # NAME STATE
  printf '%-11s %-5s %s\n' "$1" "$2" "$("$1"_addr)"
}

# Refuse to start when another process holds one of the component's ports.
check_ports() {
  local c=$1 p who
  for p in $("$c"_ports); do
    if who=$(port_owner "$p"); then
      die "$c: port 127.0.0.1:$p is already taken by $who; fix: stop that process (or \`tools/stack/stack.sh down\` in the clone that started it), then re-run up"
    fi
  done
}

start_one() { # NAME: launch if not running (no wait)
  local c=$1
  if live_pid "$c" >/dev/null; then return 0; fi
  check_ports "$c"
  "$c"_start
}

wait_one() { # NAME: wait until it answers, then run its post step
  local c=$1 deadline pid
  deadline=$(($(now) + ${TIMEOUT[$c]}))
  until "$c"_ready; do
    if ! pid=$(live_pid "$c"); then
      die "$c: exited during start-up; see $(logfile "$c") (tools/stack/stack.sh logs $c)"
    fi
    if (($(now) >= deadline)); then
      die "$c: not ready after ${TIMEOUT[$c]} s; see $(logfile "$c") (tools/stack/stack.sh logs $c)"
    fi
    sleep 1
  done
  if has_fn "${c}_post"; then "${c}"_post; fi
}

stop_one() { # NAME
  local c=$1 pid sig=TERM i
  pid=$(live_pid "$c") || { rm -f "$(pidfile "$c")" "$(pidfile "$c").start"; return 0; }
  has_fn "${c}_stop_signal" && sig=$("${c}"_stop_signal)
  kill -"$sig" "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "$c: did not stop within 30 s, killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pidfile "$c")" "$(pidfile "$c").start"
  note "$c: stopped"
}

write_env() {
  mkdir -p "$STACK"
  cat >"$STACK/env.tmp" <<EOF
# generated by tools/stack/stack.sh: source it (set -a; . .stack/env; set +a)
DATABASE_URL=postgres://colink:colink@localhost:$PG_PORT/colink
REDIS_URL=redis://localhost:$REDIS_PORT
KAFKA_BROKERS=localhost:$KAFKA_PORT
MONGODB_URL=mongodb://localhost:$MONGO_PORT/colink_files
S3_ENDPOINT=http://localhost:$MINIO_PORT
S3_BUCKET=colink-files
S3_ACCESS_KEY=colink
S3_SECRET_KEY=colink-secret
S3_REGION=us-east-1
S3_FORCE_PATH_STYLE=true
KEYCLOAK_URL=http://localhost:$KEYCLOAK_PORT
KEYCLOAK_REALM=colink
KEYCLOAK_ADMIN=admin
KEYCLOAK_ADMIN_PASSWORD=admin
OPENSEARCH_URL=http://localhost:$OPENSEARCH_PORT
CLAMD_HOST=localhost
CLAMD_PORT=$CLAMD_PORT
PROMETHEUS_URL=http://localhost:$PROMETHEUS_PORT
EOF
  mv "$STACK/env.tmp" "$STACK/env"
}

ensure_gitignore() {
  local gi=$REPO/.gitignore
  [[ -f $gi ]] && grep -qxF '.stack/' "$gi" && return 0
  [[ -s $gi && $(tail -c1 "$gi") != "" ]] && echo >>"$gi"
  echo '.stack/' >>"$gi"
}

preflight() {
  have ss || die "ss not found; fix: apt-get install -y iproute2"
  have curl || die "curl not found; fix: apt-get install -y curl"
  have setpriv || die "setpriv not found; fix: apt-get install -y util-linux"
  have unzip || apt_install unzip
  [[ $(id -u) == 0 ]] || die "the native stack needs root (it installs Debian packages and runs PostgreSQL/OpenSearch as their own users); fix: run as root"
}

cmd_up() { # [NAME...]
  local comps=("$@") c
  ((${#comps[@]})) || comps=("${COMPONENTS[@]}")
  mkdir -p "$RUN" "$LOGS"
  ensure_gitignore
  preflight
  # Install what is missing: Debian packages in one apt run, the Go builds (the slow part of a cold
  # start) in the background while Maven fetches, then wait for all of them.
  local debs=() bg=() bgc=() i
  for c in "${comps[@]}"; do
    live_pid "$c" >/dev/null && continue
    case $c in
      postgres) debs+=("postgresql-$POSTGRES_VERSION" postgresql-contrib) ;;
      redis) debs+=(redis-server redis-tools) ;;
      clamd) debs+=(clamav-daemon) ;;
      prometheus) debs+=(prometheus) ;;
    esac
  done
  ((${#debs[@]} == 0)) || apt_install "${debs[@]}"
  for c in "${comps[@]}"; do
    live_pid "$c" >/dev/null && continue
    case $c in
      mongo | minio) ("$c"_install) & bg+=($!) bgc+=("$c") ;;
      *) "$c"_install ;;
    esac
  done
  for i in "${!bg[@]}"; do
    wait "${bg[$i]}" || die "${bgc[$i]}: install failed (see the message above and $LOGS/install.log)"
  done
  # Slow JVMs first so they boot in parallel with everything else.
  local order=(keycloak opensearch kafka postgres redis mongo minio clamd prometheus) started=()
  for c in "${order[@]}"; do
    [[ " ${comps[*]} " == *" $c "* ]] || continue
    start_one "$c"
    started+=("$c")
  done
  # Wait in an order where quick ones answer first.
  for c in postgres redis mongo minio clamd prometheus kafka opensearch keycloak; do
    [[ " ${started[*]} " == *" $c "* ]] || continue
    wait_one "$c"
  done
  write_env
  for c in "${comps[@]}"; do status_line "$c" up; done
}

cmd_status() {
  local c bad=0 pid
  for c in "${COMPONENTS[@]}"; do
    if pid=$(live_pid "$c") && "$c"_ready; then
      status_line "$c" up
    elif [[ -n ${pid:-} ]]; then
      status_line "$c" sick; bad=1
    else
      status_line "$c" down; bad=1
    fi
    pid=
  done
  return $bad
}

cmd_down() { # [NAME...]
  local comps=("$@") c
  ((${#comps[@]})) || comps=(prometheus clamd keycloak opensearch minio mongo kafka redis postgres)
  for c in "${comps[@]}"; do stop_one "$c"; done
}

cmd_reset() {
  cmd_down
  local d
  for d in "$STACK"/*; do
    [[ -e $d || -L $d ]] || continue
    if [[ -L $d ]]; then rm -rf "$(readlink -f "$d")"; fi
    rm -rf "$d"
  done
  note "wiped $STACK (caches in $CACHE and ~/.m2 kept)"
}

cmd_logs() {
  local c=${1:-}; shift || true
  valid_component "$c" || die "logs: unknown component '${c}'; one of: ${COMPONENTS[*]}"
  local f; f=$(logfile "$c")
  [[ -f $f ]] || die "logs: no log for $c yet ($f)"
  if [[ ${1:-} == -f ]]; then exec tail -n 200 -F "$f"; else tail -n "${LINES_TO_SHOW:-200}" "$f"; fi
}

# Resident memory per component: the sum of RSS over the component's session (it may fork).
cmd_mem() {
  local c pid kb total=0
  for c in "${COMPONENTS[@]}"; do
    if pid=$(live_pid "$c"); then
      kb=$(ps -e -o sid=,rss= | awk -v s="$pid" '$1 == s { t += $2 } END { print t + 0 }')
      total=$((total + kb))
      printf '%-11s %7d MiB\n' "$c" $((kb / 1024))
    else
      printf '%-11s %7s\n' "$c" down
    fi
  done
  printf '%-11s %7d MiB\n' total $((total / 1024))
}

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# One stack command at a time per clone (e.g. `tools/colink test` and a developer's `up`).
lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock -w 900 9 || die "another stack.sh command has held $RUN/.lock for 15 minutes; fix: wait for it or kill it"
}

main() {
  local cmd=${1:-}; shift || true
  local c
  case $cmd in up | start | stop | down | reset) lock ;; esac
  case $cmd in
    up) cmd_up ;;
    start)
      (($#)) || die "start: name a component: ${COMPONENTS[*]}"
      for c in "$@"; do valid_component "$c" || die "start: unknown component '$c'; one of: ${COMPONENTS[*]}"; done
      cmd_up "$@" ;;
    stop)
      (($#)) || die "stop: name a component: ${COMPONENTS[*]}"
      for c in "$@"; do valid_component "$c" || die "stop: unknown component '$c'; one of: ${COMPONENTS[*]}"; done
      cmd_down "$@" ;;
    status) cmd_status ;;
    down) cmd_down ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    env) echo "$STACK/env" ;;
    mem) cmd_mem ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
