# shellcheck shell=bash
# Helpers shared by tools/stack/stack.sh and its components (tools/stack/components/*.sh): process
# launch and stop by pid file, port and JDK checks, and the installers (apt, Maven Central, Go).
# Sourced, never run; expects STACK, CACHE, M2_REPO, RUN, LOGS and the versions.env pins.


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

# ---------------------------------------------------------------------------------------------
# what the orchestrator does to any component (each component file defines NAME_install,
# NAME_start, NAME_ready, NAME_stop, NAME_addr, NAME_ports and optionally NAME_post and NAME_env)

# Declares a component (called once at the top of its file): seconds `up` waits for it to answer,
# the Debian packages `up` installs for it in one apt run, and whether its install (a Go build)
# runs in the background while the others install.
# shellcheck disable=SC2034 # read by stack.sh
declare -A TIMEOUT=() DEBS=() BACKGROUND_INSTALL=()
# shellcheck disable=SC2034 # DEBS and BACKGROUND_INSTALL are read by stack.sh's cmd_up
stack_component() { # NAME --timeout S [--debs "PKG..."] [--background-install]
  local c=$1; shift
  while (($#)); do
    case $1 in
      --timeout) TIMEOUT[$c]=$2; shift 2 ;;
      --debs) DEBS[$c]=$2; shift 2 ;;
      --background-install) BACKGROUND_INSTALL[$c]=1; shift ;;
      *) die "stack_component $c: unknown option $1" ;;
    esac
  done
}

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

# Stop what `launch` started for NAME: SIGNAL (default TERM) to its pid, SIGKILL to its process
# group after 30 s.
stop_launched() { # NAME [SIGNAL]
  local c=$1 sig=${2:-TERM} pid
  pid=$(live_pid "$c") || { rm -f "$(pidfile "$c")" "$(pidfile "$c").start"; return 0; }
  kill -"$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
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
