#!/usr/bin/env bash
# The release bundle for old Linux (Kylin V10: glibc 2.31; anything at least as new):
# built inside a minimal Debian 11 (bullseye, glibc 2.31) root, then tested inside a
# second, fresh bullseye root that has only the system libraries the bundle does
# not carry.
#
#   build/old_root.sh build   # -> dist/PlanDesk, dist/PlanDesk-*.tar.gz (glibc floor <= 2.31)
#   build/old_root.sh check   # the bundle's tests (make test-bundle's) and its window (offscreen,
#                             # then X11 on Xvfb) in a fresh bullseye root
#   build/old_root.sh all     # both (the default)
#
# The build root (build/fresh/bullseye-build: debootstrap + a Python 3.11 built there
# from Debian's source, with bullseye's -dev libraries) is cached; delete it to
# rebuild. Each build copies the working tree's tracked and untracked-not-ignored
# files into it, installs '.[bundle]' (PySide6 held to the 6.9 series: its wheels
# are manylinux_2_28; 6.10 needs glibc 2.34) into a cached venv there and runs
# build/make_bundle.py. Mounts live in a private mount namespace. Needs root.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${FRESH_DIR:-$REPO/build/fresh}
MIRROR=${OLD_MIRROR:-http://deb.debian.org/debian}
SUITE=bullseye
GLIBC_MAX=2.31
BASE=$WORK/bullseye-build
CHECK_BASE=$WORK/bullseye-check-base
CHECK=$WORK/bullseye-check
LOG=$WORK/old-root.log
DEPS=$REPO/build/runtime-deps-bullseye.txt
CONSTRAINTS=$REPO/build/constraints-glibc231.txt
# Python from Debian's source package (bookworm's python3.11; the orig tarball is upstream's)
PY_ORIG=python3.11_3.11.2.orig.tar.gz
PY_URL=$MIRROR/pool/main/p/python3.11/$PY_ORIG
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_DIR=Python-3.11.2
PREFIX=/opt/python3.11
# the compiler and the -dev libraries Python's modules build against
BUILD_PKGS=build-essential,binutils,ca-certificates,git,pkg-config,xz-utils,libssl-dev,libffi-dev,libsqlite3-dev,zlib1g-dev,libbz2-dev,liblzma-dev,libexpat1-dev,uuid-dev,libreadline-dev,libncurses-dev,libgdbm-dev
# the system libraries Qt loads, installed in the build root so that PyInstaller
# bundles bullseye's copies (those on its exclude list, GL/EGL/libxcb/wayland, stay
# system needs: build/runtime-deps-bullseye.txt); the Makefile's list, one home
QT_LIB_PKGS=$(make -s --no-print-directory -C "$REPO" bundle-lib-pkgs)
# the fresh test root: minbase + the runtime deps + the programs the tests start
TEST_PKGS="desktop-file-utils mount dpkg"
# the test harness (the built Python that runs pytest; not the thing tested) needs these
# system libraries; installed only after the bundle's own libraries were checked
HARNESS_PKGS="libssl1.1 libffi7 libsqlite3-0 zlib1g libbz2-1.0 liblzma5 libexpat1 libuuid1 libreadline8 libncursesw6 libgdbm6"

say() { printf 'old-root: %s\n' "$*"; }
now() { date +%s; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot): sudo build/old_root.sh"
command -v unshare >/dev/null || die "unshare (util-linux) is missing"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install -y debootstrap"

. "$REPO/build/roots.sh"      # in_root, net_settings

debootstrap_root() {  # debootstrap_root DIR INCLUDE
    debootstrap --variant=minbase --include="$2" "$SUITE" "$1" "$MIRROR" >>"$LOG" 2>&1 \
        || die "debootstrap of $1 failed (see $LOG)"
    rm -rf "$1/var/cache/apt/archives/"*.deb
}

# ---- the build root: debootstrap, then Python built there (each stage resumable)
build_root() {
    [ -f "$BASE/.complete" ] && return 0
    local part=$BASE.part t
    if [ ! -f "$part/.debootstrapped" ]; then
        say "debootstrap $SUITE (minbase + compiler + -dev libs) into $part"
        rm -rf "$part"; t=$(now)
        debootstrap_root "$part" "$BUILD_PKGS"
        touch "$part/.debootstrapped"
        say "debootstrap: $(( $(now) - t )) s"
    fi
    net_settings "$part"
    if [ ! -f "$part$PREFIX/.built" ]; then
        mkdir -p "$WORK/src" "$part/usr/src"
        if ! echo "$PY_SHA256  $WORK/src/$PY_ORIG" | sha256sum -c --quiet 2>/dev/null; then
            say "downloading $PY_URL"
            curl -sSf -o "$WORK/src/$PY_ORIG" "$PY_URL" || die "cannot download $PY_URL"
            echo "$PY_SHA256  $WORK/src/$PY_ORIG" | sha256sum -c --quiet || die "$PY_ORIG: wrong sha256"
        fi
        cp "$WORK/src/$PY_ORIG" "$part/usr/src/"
        cat > "$part/usr/src/build-python.sh" <<EOF
#!/bin/sh
set -e
cd /usr/src && rm -rf $PY_DIR && tar xzf $PY_ORIG && cd $PY_DIR
./configure -q --enable-shared --prefix=$PREFIX --with-ensurepip=install LDFLAGS=-Wl,-rpath,$PREFIX/lib
make -j2 -s
make -s install
cd /usr/src && rm -rf $PY_DIR
$PREFIX/bin/python3.11 -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid, readline, pyexpat; print("python ok: sqlite", sqlite3.sqlite_version, ssl.OPENSSL_VERSION)'
touch $PREFIX/.built
EOF
        chmod +x "$part/usr/src/build-python.sh"
        say "building Python 3.11.2 in the root (configure; make -j2; no PGO); log: $LOG"
        t=$(now)
        in_root "$part" /usr/src/build-python.sh >>"$LOG" 2>&1 || die "the Python build failed (see $LOG)"
        say "Python build: $(( $(now) - t )) s"
    fi
    touch "$part/.complete"
    mv "$part" "$BASE"
}

# ---- inside the build root: the venv, the bundle, and the runtime packages it needs
write_build_script() {
    cat > "$BASE/root/make-bundle.sh" <<EOF
#!/bin/sh
set -e
DEBIAN_FRONTEND=noninteractive
export DEBIAN_FRONTEND
apt-get install -y -qq --no-install-recommends $(echo $QT_LIB_PKGS) >/dev/null 2>&1 || {
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(echo $QT_LIB_PKGS) >/dev/null; }
[ -x /root/venv/bin/python ] || $PREFIX/bin/python3.11 -m venv /root/venv
cd /root/plandesk
/root/venv/bin/python -m pip install -q --upgrade pip
/root/venv/bin/python -m pip install -q -c build/constraints-glibc231.txt '.[test,bundle]'
grep -H '^Tag' /root/venv/lib/python3.11/site-packages/*/WHEEL | grep -v 'none-any' | sed 's|.*/site-packages/||; s|/WHEEL:Tag:||' > /root/wheel-tags.txt || true
t=\$(date +%s)
/root/venv/bin/python build/make_bundle.py
echo "make_bundle \$(( \$(date +%s) - t ))" > /root/times
/root/venv/bin/python /root/runtime_deps.py dist/PlanDesk > /root/runtime-deps.txt
EOF
    chmod +x "$BASE/root/make-bundle.sh"
    cat > "$BASE/root/runtime_deps.py" <<'EOF'
"""The Debian packages of the libraries the bundle's ELF files need but do not carry."""
import os, re, subprocess, sys
from pathlib import Path
app = Path(sys.argv[1])
carried = {p.name for p in app.rglob("*")}
needed = {}
for p in sorted(app.rglob("*")):
    if p.is_symlink() or not p.is_file():
        continue
    with open(p, "rb") as f:
        if f.read(4) != b"\x7fELF":
            continue
    out = subprocess.run(["objdump", "-p", str(p)], capture_output=True, text=True).stdout
    for so in re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M):
        if so not in carried:
            needed.setdefault(so, set()).add(str(p.relative_to(app)))
where = {}
for line in subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines():
    m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
    if m and "x86-64" in m.group(2):
        where.setdefault(m.group(1), m.group(3))
def package(path):
    for cand in (path, os.path.realpath(path), re.sub(r"^/usr/", "/", path), "/usr" + path):
        r = subprocess.run(["dpkg", "-S", cand], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0]
    return None
pkgs, missing = {}, []
for so in sorted(needed):
    pkg = package(where[so]) if so in where else None
    if pkg:
        pkgs.setdefault(pkg, []).append(so)
    else:
        users = sorted(needed[so])
        missing.append(f"# not found: {so} (needed by {', '.join(users[:3])}{' …' if len(users) > 3 else ''})")
# the data the carried libraries read from the system (fonts.conf, XKB, X11 locale):
# the architecture-independent packages their own packages depend on (not those of
# priority required, such as debconf: every Debian system has them)
def query(fmt, *names):
    r = subprocess.run(["dpkg-query", "-W", "-f", fmt, *names], capture_output=True, text=True)
    return r.stdout
carried_pkgs = set()
for p in sorted(app.rglob("*.so*")):
    if p.is_file() and not p.is_symlink():
        r = subprocess.run(["dpkg-query", "-S", f"*/{p.name}"], capture_output=True, text=True)
        carried_pkgs.update(line.split(":")[0] for line in r.stdout.splitlines() if line.endswith("/" + p.name))
data = {}
for pkg in sorted(carried_pkgs):
    for dep in re.split(r",\s*", query("${Depends}", pkg).strip()):
        name = dep.split("|")[0].split()[0].split(":")[0] if dep.strip() else ""
        if name and name not in pkgs and query("${Architecture} ${Priority}", name).strip() in ("all important", "all optional", "all standard"):
            data.setdefault(name, set()).add(pkg)
print("# The Debian 11 (bullseye) packages PlanDesk's bundle needs from the system: the")
print("# NEEDED entries of every ELF file in dist/PlanDesk not carried in the bundle, each")
print("# found with ldconfig in the bullseye build root and named with dpkg -S; then the")
print("# architecture-independent data packages (Depends) of the packages whose libraries")
print("# the bundle carries. Written by build/old_root.sh build (glibc floor: build/glibc_floor.py).")
for pkg in sorted(pkgs):
    print(f"# {pkg}: {' '.join(pkgs[pkg])}")
for pkg in sorted(data):
    print(f"# {pkg}: data for the carried {', '.join(sorted(data[pkg]))}")
for line in missing:
    print(line)
for pkg in sorted(set(pkgs) | set(data)):
    print(pkg)
EOF
}

copy_tree() {  # the working tree's tracked and untracked-not-ignored files into $1
    rm -rf "$1"; mkdir -p "$1"
    (cd "$REPO" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) \
        | tar -C "$1" -xf -
    # shared/ sits beside the checkout, as in CI
    rm -rf "$(dirname "$1")/shared"
    if [ -d "$REPO/../shared" ]; then cp -a "$REPO/../shared" "$(dirname "$1")/shared"; fi
}

do_build() {
    local t0 t1 cold=0
    t0=$(now)
    [ -f "$BASE/.complete" ] || cold=1
    build_root
    t1=$(now)
    net_settings "$BASE"
    say "copying the working tree into the build root"
    copy_tree "$BASE/root/plandesk"
    write_build_script
    say "pip install '.[bundle]' (PySide6 6.9) and build/make_bundle.py in $SUITE; log: $LOG"
    in_root "$BASE" /root/make-bundle.sh >>"$LOG" 2>&1 || die "the bundle build failed (see $LOG)"
    local src=$BASE/root/plandesk/dist
    mkdir -p "$REPO/dist"
    rm -rf "$REPO/dist/PlanDesk.new"
    cp -a "$src/PlanDesk" "$REPO/dist/PlanDesk.new"
    rm -rf "$REPO/dist/PlanDesk"
    mv "$REPO/dist/PlanDesk.new" "$REPO/dist/PlanDesk"
    cp -a "$src/"PlanDesk-*.tar.gz "$REPO/dist/"
    cp "$BASE/root/runtime-deps.txt" "$DEPS"
    local archive size
    archive=$(ls "$src/"PlanDesk-*.tar.gz | head -1)
    size=$(du -sm "$REPO/dist/PlanDesk" | cut -f1)
    say "bundle: dist/PlanDesk ${size} MiB, $(basename "$archive") $(( $(stat -c %s "$archive") / 1048576 )) MiB"
    say "PySide6: $(grep -i '^pyside6' "$BASE/root/wheel-tags.txt" | head -1); binary wheels: $(sed 's/\.dist-info//' "$BASE/root/wheel-tags.txt" | tr '\n' ';')"
    say "runtime packages (build/runtime-deps-bullseye.txt): $(grep -v '^#' "$DEPS" | tr '\n' ' ')"
    say "glibc floor:"
    local frc=0
    python3 "$REPO/build/glibc_floor.py" "$REPO/dist/PlanDesk" --max "$GLIBC_MAX" > "$WORK/floor.txt" || frc=$?
    sed 's/^/  /' "$WORK/floor.txt"
    [ "$frc" = 0 ] || die "the bundle needs a newer glibc than $GLIBC_MAX (lines above)"
    say "build done in $(( $(now) - t0 )) s ($( [ $cold = 1 ] && echo "cold: root + Python $(( t1 - t0 )) s" || echo "root cached"))"
}

# ---- the check: a fresh bullseye root with only the runtime packages
do_check() {
    local t0 pkgs
    t0=$(now)
    [ -x "$REPO/dist/PlanDesk/PlanDesk" ] || die "no dist/PlanDesk: run build/old_root.sh build first"
    [ -f "$DEPS" ] || die "no $DEPS: run build/old_root.sh build first"
    [ -f "$BASE/.complete" ] || die "no build root (its Python runs the tests): run build/old_root.sh build first"
    pkgs=$(grep -v '^#' "$DEPS" | tr '\n' ',')$(echo $TEST_PKGS | tr ' ' ',')
    if [ ! -f "$CHECK_BASE/.complete" ] || [ "$(cat "$CHECK_BASE/.pkgs" 2>/dev/null)" != "$pkgs" ]; then
        say "debootstrap a fresh $SUITE minbase + runtime deps + $TEST_PKGS"
        rm -rf "$CHECK_BASE" "$CHECK_BASE.part"
        debootstrap_root "$CHECK_BASE.part" "${pkgs%,}"
        echo "$pkgs" > "$CHECK_BASE.part/.pkgs"
        touch "$CHECK_BASE.part/.complete"
        mv "$CHECK_BASE.part" "$CHECK_BASE"
    fi
    say "copying the fresh root, the bundle, the tests and the harness Python"
    rm -rf "$CHECK"
    cp -a "$CHECK_BASE" "$CHECK"
    net_settings "$CHECK"
    mkdir -p "$CHECK/opt"
    cp -a "$REPO/dist/PlanDesk" "$CHECK/opt/PlanDesk"
    cp -a "$BASE$PREFIX" "$CHECK$PREFIX"
    cp -a "$BASE/root/venv" "$CHECK/root/venv"
    copy_tree "$CHECK/root/plandesk"
    local suites
    suites=$(make -s --no-print-directory -C "$REPO" bundle-suites)     # the Makefile's list, one home
    cat > "$CHECK/root/check.sh" <<EOF
#!/bin/sh
# 1. every library the bundle needs resolves with only the runtime packages installed
cd /opt/PlanDesk
missing=\$(find . -type f \( -name '*.so*' -o -name PlanDesk \) -exec sh -c 'head -c4 "\$1" | grep -q ELF && LD_LIBRARY_PATH=/opt/PlanDesk/_internal ldd "\$1" 2>/dev/null | grep "not found" | sed "s|^|\$1: |"' sh {} \; | sort -u)
echo "\$missing" | grep . > /root/ldd-missing.txt
# 2. the window starts (offscreen), timed
t=\$(date +%s%N)
QT_QPA_PLATFORM=offscreen timeout 300 /opt/PlanDesk/PlanDesk --start-and-quit > /root/start.log 2>&1; rc=\$?
echo "start \$rc \$(( (\$(date +%s%N) - t) / 1000000 ))" > /root/times
# 3. the harness Python's own libraries, then make test-bundle's tests
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $HARNESS_PKGS >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $HARNESS_PKGS >/dev/null; }
cd /root/plandesk
t=\$(date +%s)
PLANDESK_BUNDLE=/opt/PlanDesk/PlanDesk QT_QPA_PLATFORM=offscreen /root/venv/bin/python -m pytest -p no:cacheprovider -p no:pytest-qt -W ignore::pytest.PytestConfigWarning -rs \
  $suites > /root/pytest.log 2>&1; prc=\$?
echo "pytest \$prc \$(( \$(date +%s) - t ))" >> /root/times
tail -3 /root/pytest.log
# 4. the window on X11 (Xvfb, part of the harness: installed after the libraries were checked)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null 2>&1
t=\$(date +%s%N)
QT_QPA_PLATFORM=xcb timeout 300 xvfb-run -a /opt/PlanDesk/PlanDesk --start-and-quit > /root/start-xcb.log 2>&1; xrc=\$?
echo "xcb \$xrc \$(( (\$(date +%s%N) - t) / 1000000 ))" >> /root/times
[ \$prc = 0 ] && [ \$xrc = 0 ]
EOF
    chmod +x "$CHECK/root/check.sh"
    say "ldd of every bundled ELF, PlanDesk --start-and-quit, the bundle's tests, the window on Xvfb; log: $LOG"
    set +e
    in_root "$CHECK" /root/check.sh 2>&1 | tee -a "$LOG" | tail -3
    local rc=${PIPESTATUS[0]}
    set -e
    local start_rc start_ms tests_s xcb_rc xcb_ms
    read -r _ start_rc start_ms < <(grep '^start' "$CHECK/root/times")
    tests_s=$(awk '$1 == "pytest" {print $3}' "$CHECK/root/times")
    if [ -s "$CHECK/root/ldd-missing.txt" ]; then
        say "libraries not found in the fresh root ($(wc -l < "$CHECK/root/ldd-missing.txt")):"
        sed 's/^/  /' "$CHECK/root/ldd-missing.txt" | head -20
    fi
    say "PlanDesk --start-and-quit: exit $start_rc in ${start_ms} ms ($(tail -1 "$CHECK/root/start.log"))"
    [ "$start_rc" = 0 ] || { sed 's/^/  /' "$CHECK/root/start.log" | tail -10; rc=1; }
    read -r _ xcb_rc xcb_ms < <(grep '^xcb' "$CHECK/root/times" || echo "xcb - -")
    say "PlanDesk --start-and-quit on X11 (xcb, Xvfb): exit $xcb_rc in ${xcb_ms} ms ($(tail -1 "$CHECK/root/start-xcb.log" 2>/dev/null))"
    [ "$xcb_rc" = 0 ] || { sed 's/^/  /' "$CHECK/root/start-xcb.log" | tail -10; rc=1; }
    say "tests: $(grep -E 'passed|failed|error' "$CHECK/root/pytest.log" | tail -1) in ${tests_s:-?} s"
    [ "$rc" = 0 ] || die "check failed in $(( $(now) - t0 )) s; logs: $CHECK/root/pytest.log, $CHECK/root/start.log"
    say "check PASS in $(( $(now) - t0 )) s"
}

mkdir -p "$WORK"
: > "$LOG"
case "${1:-all}" in
    build) do_build ;;
    check) do_check ;;
    all) do_build; do_check ;;
    *) echo "usage: build/old_root.sh [build|check|all]"; exit 2 ;;
esac
