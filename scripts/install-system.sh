#!/usr/bin/env bash
# Install the Debian packages the tests need, only those that are missing:
#   - postgresql          a real PostgreSQL server (see scripts/start-postgres.sh)
#   - chromium            Debian's browser at /usr/bin/chromium, driven by Playwright
#                         (never download a browser with `playwright install`)
#   - fonts-dejavu-core, fonts-liberation
#                         so headless chromium renders text in screenshots
# Idempotent: with everything present it does nothing and never touches the network.
# Must run as root (or via sudo) on Debian 12 (bookworm).
set -euo pipefail

log() { printf 'install-system: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

have_postgres_server() {
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null \
        && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
        && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null \
        && command -v pg_isready >/dev/null \
        && command -v psql >/dev/null \
        && id -u postgres >/dev/null 2>&1
}

have_deb() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

missing=()
have_postgres_server || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
have_deb fonts-dejavu-core || missing+=(fonts-dejavu-core)
have_deb fonts-liberation || missing+=(fonts-liberation)

if [ "${#missing[@]}" -eq 0 ]; then
    log "all system packages present (postgresql, chromium, fonts)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO=(sudo)
    else
        die "need root to install: ${missing[*]}"
    fi
else
    SUDO=()
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
aptlog="$(mktemp -t dealscope-apt.XXXXXX.log)"

run_apt() {
    # Quiet on success; on failure show the end of apt's output and stop.
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" "$@" >>"$aptlog" 2>&1; then
        log "ERROR: 'apt-get $*' failed; last lines of $aptlog:"
        tail -n 40 "$aptlog" >&2
        exit 1
    fi
}

start=$SECONDS
log "installing: ${missing[*]} (apt log: $aptlog)"
run_apt update
run_apt install --no-install-recommends "${missing[@]}"
log "apt done in $((SECONDS - start)) s"

have_postgres_server || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres, pg_isready or postgres user"
[ -x /usr/bin/chromium ] || die "chromium installed but /usr/bin/chromium is missing"
rm -f "$aptlog"
