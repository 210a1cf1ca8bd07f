# shellcheck shell=bash
# keycloak: the Quarkus dist zip from Maven Central, dev mode, H2 file DB under .stack; imports
# deploy/keycloak/colink-realm.json when it changed.
# Sourced by tools/stack/stack.sh (what a component file defines: docs/stack.md).

KEYCLOAK_PORT=8180 KEYCLOAK_MGMT_PORT=9180
stack_component keycloak --timeout 240

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
  for _ in $(seq 1 20); do
    [[ $(http_code "http://127.0.0.1:$KEYCLOAK_PORT/realms/colink/.well-known/openid-configuration") == 200 ]] && return 0
    sleep 0.5
  done
  die "keycloak: realm colink not served after import, see $(logfile keycloak)"
}
keycloak_addr() { echo "http://localhost:$KEYCLOAK_PORT realm colink (admin admin/admin; management 127.0.0.1:$KEYCLOAK_MGMT_PORT)"; }
keycloak_ports() { echo "$KEYCLOAK_PORT $KEYCLOAK_MGMT_PORT"; }
keycloak_stop() { stop_launched keycloak; }
keycloak_env() {
  cat <<ENV
KEYCLOAK_URL=http://localhost:$KEYCLOAK_PORT
KEYCLOAK_REALM=colink
KEYCLOAK_ADMIN=admin
KEYCLOAK_ADMIN_PASSWORD=admin
ENV
}
