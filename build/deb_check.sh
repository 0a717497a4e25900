#!/usr/bin/env bash
# make deb-check: the .deb on a FRESH Debian root (default Debian 11 "bullseye",
# debootstrap minbase from http://deb.debian.org/debian): apt-get install ./plandesk….deb
# (Depends from the mirror), plandesk --start-and-quit as a normal user and as root
# (offscreen), desktop-file-validate on the installed entry, then apt-get remove and
# apt-get purge: /opt/PlanDesk and /usr/bin/plandesk gone, the user's data folder
# untouched. One PASS/FAIL line with times.
#
#   bash build/deb_check.sh [dist/plandesk_VERSION_amd64.deb]
#   DEB_CHECK_SUITE=bookworm bash build/deb_check.sh   (the host's Debian 12)
#
# As build/fresh_check.sh: root only; the base root is cached in
# build/fresh/base-SUITE-deb (delete it to rebuild), each run copies it to
# build/fresh/run-deb-SUITE; mounts live in a private mount namespace.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/build/roots.sh"      # in_root, net_settings
WORK=${FRESH_DIR:-$REPO/build/fresh}
SUITE=${DEB_CHECK_SUITE:-bullseye}
MIRROR=${DEB_CHECK_MIRROR:-http://deb.debian.org/debian}
BASE=$WORK/base-$SUITE-deb
RUN=$WORK/run-deb-$SUITE
LOG=$WORK/deb-check-$SUITE.log

say() { printf 'deb-check: %s\n' "$*"; }
now() { date +%s; }

[ "$(id -u)" = 0 ] || { say "FAIL: needs root (debootstrap and chroot): sudo make deb-check"; exit 1; }
DEB=${1:-$(ls -t "$REPO"/dist/plandesk_*_amd64.deb 2>/dev/null | head -1)}
[ -n "$DEB" ] && [ -f "$DEB" ] || { say "FAIL: no .deb: build it with make deb"; exit 1; }
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
command -v unshare >/dev/null || { say "FAIL: unshare (util-linux) is missing"; exit 1; }

mkdir -p "$WORK"
: > "$LOG"
t0=$(now)
if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    apt-get update -qq >>"$LOG" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >>"$LOG" 2>&1
fi

base_s=0
if [ ! -f "$BASE/.complete" ]; then
    say "building the base root ($SUITE minbase from $MIRROR); log: $LOG"
    rm -rf "$BASE" "$BASE.part"
    tb=$(now)
    debootstrap --variant=minbase "$SUITE" "$BASE.part" "$MIRROR" >>"$LOG" 2>&1 \
        || { say "FAIL: debootstrap failed (see $LOG)"; exit 1; }
    for f in /etc/apt/apt.conf.d/*; do [ -f "$f" ] && cp "$f" "$BASE.part/etc/apt/apt.conf.d/"; done
    echo "deb $MIRROR $SUITE main" > "$BASE.part/etc/apt/sources.list"
    rm -rf "$BASE.part/var/cache/apt/archives/"*.deb
    touch "$BASE.part/.complete"
    mv "$BASE.part" "$BASE"
    base_s=$(( $(now) - tb ))
fi

say "copying the base root; installing $(basename "$DEB") in it"
rm -rf "$RUN"
cp -a "$BASE" "$RUN"
net_settings "$RUN"
cp "$DEB" "$RUN/root/"

cat > "$RUN/root/deb-check.sh" <<'EOF'
#!/bin/sh
# inside the fresh root: install, start, validate, remove, purge — each step timed
set -u
deb=/root/$1
t() { echo "$1 $(( $(date +%s) - $2 ))" >> /root/times; }
fail() { echo "STEP-FAILED: $*"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
s=$(date +%s)
apt-get update -qq > /root/apt.log 2>&1 || fail "apt-get update (see apt.log)"
# desktop-file-utils first: its dpkg trigger then updates the MIME cache when the package lands
apt-get install -y -qq desktop-file-utils >> /root/apt.log 2>&1 || fail "apt-get install desktop-file-utils"
t update $s
s=$(date +%s)
apt-get install -y "$deb" > /root/install.log 2>&1 || {
    grep -E "Depends|E:" /root/install.log | head -3
    fail "apt-get install $(basename "$deb"):$(grep -m1 -o 'Depends:.*' /root/install.log | sed 's/^/ /')"; }
t install $s
dpkg-query -W -f='installed ${Package} ${Version} ${Installed-Size} KiB\n' plandesk
desktop-file-validate /usr/share/applications/plandesk.desktop || fail "desktop-file-validate"
grep -q plandesk.desktop /usr/share/applications/mimeinfo.cache || fail "the MIME cache does not name plandesk.desktop (trigger)"
useradd -m -s /bin/sh reader || fail "useradd"
run() {   # $1: user; the rest: arguments
    u=$1; shift
    h=$(getent passwd "$u" | cut -d: -f6)
    runuser -u "$u" -- env -i HOME="$h" USER="$u" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        PATH=/usr/local/bin:/usr/bin:/bin plandesk "$@"
}
s=$(date +%s)
run reader --start-and-quit > /root/user-run.log 2>&1; rc=$?
t user-run $s
sed 's/^/user: /' /root/user-run.log | grep "started in"
[ $rc = 0 ] && grep -q "PlanDesk started in" /root/user-run.log || { tail -5 /root/user-run.log; fail "plandesk as a user"; }
data=/home/reader/.local/share/PlanDesk
[ -f $data/user.sqlite ] || fail "no user data folder $data after starting"
(cd $data && find . -type f ! -name .lock -print0 | sort -z | xargs -0 sha256sum) > /root/data.before
s=$(date +%s)
run root --start-and-quit > /root/root-run.log 2>&1; rc=$?
t root-run $s
[ $rc = 0 ] && grep -q "PlanDesk started in" /root/root-run.log || { tail -5 /root/root-run.log; fail "plandesk as root"; }
sed 's/^/root: /' /root/root-run.log | grep "started in"
s=$(date +%s)
apt-get remove -y plandesk > /root/remove.log 2>&1 || fail "apt-get remove"
[ ! -e /opt/PlanDesk ] && [ ! -e /usr/bin/plandesk ] && [ ! -L /usr/bin/plandesk ] \
    || fail "apt-get remove left /opt/PlanDesk or /usr/bin/plandesk"
# remove leaves nothing of a package without conffiles (dpkg forgets it): to purge
# through apt as an administrator would, install it again and apt-get purge that
apt-get install -y "$deb" > /root/reinstall.log 2>&1 || fail "apt-get install (again, before purge)"
[ -x /opt/PlanDesk/PlanDesk ] || fail "reinstall did not bring back /opt/PlanDesk"
apt-get purge -y plandesk > /root/purge.log 2>&1 || fail "apt-get purge"
t remove-purge $s
st=$(dpkg-query -W -f='${db:Status-Status}' plandesk 2>/dev/null || true)
[ -z "$st" ] || [ "$st" = not-installed ] || fail "dpkg still has plandesk ($st) after purge"
[ ! -e /opt/PlanDesk ] && [ ! -L /usr/bin/plandesk ] && [ ! -e /usr/share/applications/plandesk.desktop ] && [ ! -e /usr/share/doc/plandesk ] \
    || fail "purge left files behind"
(cd $data && find . -type f ! -name .lock -print0 | sort -z | xargs -0 sha256sum) > /root/data.after
cmp -s /root/data.before /root/data.after || fail "the user's data folder changed on remove/purge"
echo "user data intact: $(wc -l < /root/data.after) files in $data"
EOF
chmod +x "$RUN/root/deb-check.sh"

set +e
in_root "$RUN" /root/deb-check.sh "$(basename "$DEB")" 2>&1 | tee -a "$LOG" | tail -6
rc=${PIPESTATUS[0]}
set -e

times=$(awk '{printf "%s%s %s s", sep, $1, $2; sep=", "}' "$RUN/root/times" 2>/dev/null)
total=$(( $(now) - t0 ))
deb_mib=$(( $(stat -c %s "$DEB") / 1048576 ))
if [ "$rc" = 0 ]; then
    say "PASS in ${total} s on $SUITE: base root ${base_s} s$( [ "$base_s" = 0 ] && echo ' (cached)'), ${times}; $(basename "$DEB") ${deb_mib} MiB"
else
    reason=$(grep -h "STEP-FAILED" "$LOG" | tail -1 | sed 's/STEP-FAILED: //')
    say "FAIL in ${total} s on $SUITE: ${reason:-see $LOG} (${times:-no step finished}); logs in $RUN/root/"
    exit 1
fi
