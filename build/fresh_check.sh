#!/usr/bin/env bash
# make fresh-check: the README's two commands (make test; make run, headless,
# with --start-and-quit) on a minimal Debian 12 root that has nothing but
# Python, make and certificates, from a clean clone of HEAD.
#
# Everything lives under build/fresh/ (FRESH_DIR): the base root (cached
# between runs; delete it to rebuild), and the run root copied from it each
# time. Mounts are made in a private mount namespace, so they vanish with the
# check and never reach the host's mount table. Needs root (debootstrap and
# chroot); the base root uses the host's own Debian mirror and apt settings.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/build/roots.sh"      # in_root, net_settings
WORK=${FRESH_DIR:-$REPO/build/fresh}
SUITE=${FRESH_SUITE:-bookworm}
BASE=$WORK/base-$SUITE
RUN=$WORK/run
LOG=$WORK/fresh-check.log
BASE_PKGS=python3,make,ca-certificates

say() { printf 'fresh-check: %s\n' "$*"; }
now() { date +%s; }

[ "$(id -u)" = 0 ] || { say "FAIL: needs root (debootstrap and chroot): sudo make fresh-check"; exit 1; }
command -v unshare >/dev/null || { say "FAIL: unshare (util-linux) is missing"; exit 1; }

mirror() {
    # the Debian mirror this machine's apt uses for $SUITE (deb822 or one-line sources)
    [ -n "${FRESH_MIRROR:-}" ] && { echo "$FRESH_MIRROR"; return; }
    local m
    m=$(awk -v s="$SUITE" 'BEGIN{RS=""} $0 ~ "Suites:[^\n]*[ \t]" s "([ \t\n]|$)" {
            for (i = 1; i <= NF; i++) if ($i == "URIs:") { print $(i+1); exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
    [ -z "$m" ] && m=$(awk -v s="$SUITE" '$1 == "deb" && $3 == s { print $2; exit }' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)
    echo "$m"
}

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
    m=$(mirror)
    [ -n "$m" ] || { say "FAIL: no Debian mirror for $SUITE in /etc/apt (set FRESH_MIRROR)"; exit 1; }
    say "building the base root ($SUITE, minbase + $BASE_PKGS); log: $LOG"
    rm -rf "$BASE" "$BASE.part"
    tb=$(now)
    if ! debootstrap --variant=minbase --include="$BASE_PKGS" "$SUITE" "$BASE.part" "$m" >>"$LOG" 2>&1; then
        say "FAIL: debootstrap failed (see $LOG)"; exit 1
    fi
    # the host's apt settings (as every new machine here has them), not its packages
    for f in /etc/apt/apt.conf.d/*; do [ -f "$f" ] && cp "$f" "$BASE.part/etc/apt/apt.conf.d/"; done
    rm -rf "$BASE.part/var/cache/apt/archives/"*.deb
    touch "$BASE.part/.complete"
    mv "$BASE.part" "$BASE"
    base_s=$(( $(now) - tb ))
fi

say "copying the base root and a clean clone of HEAD"
rm -rf "$RUN"
cp -a "$BASE" "$RUN"
# this workplace's network settings, as every new machine here is given them
net_settings "$RUN"
git clone -q --no-local "$REPO" "$RUN/root/plandesk"
git -C "$RUN/root/plandesk" checkout -q "$(git -C "$REPO" rev-parse HEAD)"
# shared/ sits beside the checkout, as in CI
if [ -d "$REPO/../shared" ]; then cp -a "$REPO/../shared" "$RUN/root/shared"; fi

cat > "$RUN/root/two-commands.sh" <<'EOF'
#!/bin/sh
# inside the fresh root: the README's two commands, each timed
cd /root/plandesk || exit 1
t=$(date +%s)
make test > /root/make-test.log 2>&1; rc=$?
echo "make-test $rc $(( $(date +%s) - t ))" > /root/times
tail -5 /root/make-test.log
[ $rc = 0 ] || exit 1
t=$(date +%s)
QT_QPA_PLATFORM=offscreen timeout 900 make run ARGS=--start-and-quit > /root/make-run.log 2>&1; rc=$?
echo "make-run $rc $(( $(date +%s) - t ))" >> /root/times
tail -3 /root/make-run.log
[ $rc = 0 ] && grep -q "PlanDesk started in" /root/make-run.log
EOF
chmod +x "$RUN/root/two-commands.sh"

say "running make test, then make run --start-and-quit, in the fresh root"
set +e
in_root "$RUN" /root/two-commands.sh 2>&1 | tee -a "$LOG" | tail -8
rc=${PIPESTATUS[0]}
set -e

tests_s=$(awk '$1 == "make-test" {print $3}' "$RUN/root/times" 2>/dev/null)
run_s=$(awk '$1 == "make-run" {print $3}' "$RUN/root/times" 2>/dev/null)
summary=$(grep -E '^[0-9]+ passed|passed' "$RUN/root/make-test.log" 2>/dev/null | tail -2 | tr '\n' ' ')
total=$(( $(now) - t0 ))
if [ "$rc" = 0 ]; then
    say "PASS in ${total} s: base root ${base_s} s$( [ "$base_s" = 0 ] && echo ' (cached)'), make test ${tests_s:-?} s, make run ${run_s:-?} s — ${summary}"
else
    say "FAIL in ${total} s (make test ${tests_s:-not run} s, make run ${run_s:-not run} s); logs: $RUN/root/make-test.log, $RUN/root/make-run.log"
    exit 1
fi
