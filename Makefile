# PlanDesk: `make run` and `make test` do all set-up on a fresh Debian machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DATA    ?= $(if $(PLANDESK_DATA),$(PLANDESK_DATA),)
DATAARG := $(if $(DATA),--data $(DATA),)

.PHONY: run test test-bundle bundle bundle-host bundle-check deb deb-check release release-check bundle-suites bundle-lib-pkgs bench bench-segmenter data sysdeps sysdeps-headless \
        sysdeps-test sysdeps-bundle install clean fresh-check

$(BIN)/python:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "PlanDesk needs Python >= 3.11 (found " + sys.version.split()[0] + ")")'
	@$(PY) -c 'import ensurepip' 2>/dev/null || { $(call need_pkgs_sh,python3-venv) }
	@$(PY) -m venv $(VENV) || { rm -rf $(VENV); echo "python3-venv is missing: sudo apt-get install -y python3-venv"; exit 1; }

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

install: $(STAMP)

# System libraries Qt needs (headless for the tests; X and a CJK font for the
# window). Installed when root, otherwise the one command to run is printed.
HEADLESS_PKGS := libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
WINDOW_PKGS   := $(HEADLESS_PKGS) libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
                 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-noto-cjk
# Programs the tests start (tests/system/test_external_programs.py checks that every one
# comes from a package listed here): mount (tmpfs for the disk-full tests),
# dpkg (that check itself), desktop-file-validate (the .desktop entry).
TEST_PKGS     := mount dpkg desktop-file-utils
TEST_SYSDEPS  := $(HEADLESS_PKGS) $(TEST_PKGS)
# The system libraries Qt loads, present where a bundle is built so that PyInstaller
# carries them (on a headless machine the X11/xcb ones would be missing from the
# bundle); the same names on Debian 11 and 12 (build/old_root.sh asks for this list).
# PyInstaller reads the libraries it bundles with objdump (binutils).
BUNDLE_LIB_PKGS := libegl1 libgl1 libx11-6 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
  libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxcb-sync1 libxcb-xfixes0 \
  libxcb-shm0 libxcb-glx0 libxcb-util1 libcups2 libwayland-client0 libwayland-cursor0 libwayland-egl1
BUNDLE_PKGS   := $(HEADLESS_PKGS) $(BUNDLE_LIB_PKGS) binutils
need_pkgs_sh = missing=$$(for p in $(1); do dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing $$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "PlanDesk needs system packages: sudo apt-get install -y $$missing"; exit 1; fi; \
	fi;
define HAS_LIBPYTHON
import ctypes.util, os, sys, sysconfig
so, libdir = sysconfig.get_config_var("INSTSONAME") or "", sysconfig.get_config_var("LIBDIR") or ""
sys.exit(0 if so and os.path.exists(os.path.join(libdir, so)) or ctypes.util.find_library("python%d.%d" % sys.version_info[:2]) else 1)
endef
export HAS_LIBPYTHON
define need_pkgs
	@$(call need_pkgs_sh,$(1))
endef

sysdeps:
	$(call need_pkgs,$(WINDOW_PKGS))

sysdeps-headless:
	$(call need_pkgs,$(HEADLESS_PKGS))

sysdeps-test:
	$(call need_pkgs,$(TEST_SYSDEPS))

# PyInstaller also needs Python's shared library: Debian's python3 keeps it in libpython3.X
sysdeps-bundle: $(STAMP)
	$(call need_pkgs,$(BUNDLE_PKGS))
	@$(BIN)/python -c "$$HAS_LIBPYTHON" || { $(call need_pkgs_sh,libpython$(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')) }

data: $(STAMP)
	@$(BIN)/python -c 'import sys; from db import paths; sys.exit(0 if paths.plans_db(paths.data_dir($(if $(DATA),"$(DATA)",None))).exists() else 1)' \
	  || $(BIN)/plandesk build $(DATAARG)

# ARGS: more arguments for the window, e.g. make run ARGS=--start-and-quit
run: $(STAMP) sysdeps data
	$(BIN)/plandesk $(DATAARG) $(ARGS)

test: $(STAMP) sysdeps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(MAKE) test-bundle

# The one-folder app dist/PlanDesk/ (and its .tar.gz): PyInstaller, the bundled
# plans prebuilt. Two ways to build it:
# - make bundle: the release, built inside a Debian 11 root (glibc 2.31, a Python
#   built there, PySide6 6.9) so it starts on Kylin V10 and anything newer; fails
#   when its glibc floor rises above 2.31 (build/glibc_floor.py). Root only; the
#   build root is cached in build/fresh/.
# - make bundle-host: the same spec with this machine's Python (its glibc is the
#   floor); what make test's bundle suites run on, in a minute or two.
BUNDLE_STAMP := $(VENV)/.bundle-tools
$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,bundle]'
	@touch $@

bundle: $(STAMP)
	$(call need_pkgs,debootstrap)
	@bash build/old_root.sh build

bundle-host: $(BUNDLE_STAMP) sysdeps-bundle
	$(BIN)/python build/make_bundle.py
	@$(BIN)/python build/glibc_floor.py dist/PlanDesk

# The bundle's suites (below) and the .deb's, on what dist/ holds, in a fresh Debian 11 root
bundle-check:
	$(call need_pkgs,debootstrap)
	@bash build/old_root.sh check

# (one list: build/old_root.sh check asks for it with make bundle-suites)
BUNDLE_SUITES := tests/bundle tests/build/test_notices_bundle.py tests/system/test_faults.py \
  tests/system/test_faults_round2.py tests/system/test_faults_formats.py tests/system/test_two_windows.py
DEB_SUITES    := tests/build/test_make_deb.py
bundle-suites:
	@echo $(BUNDLE_SUITES)
bundle-lib-pkgs:
	@echo $(BUNDLE_LIB_PKGS)

test-bundle: bundle-host sysdeps-test
	$(BIN)/python build/make_deb.py --quick
	PLANDESK_BUNDLE=$(CURDIR)/dist/PlanDesk/PlanDesk QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest \
	  $(BUNDLE_SUITES) $(DEB_SUITES)

# The Debian package dist/plandesk_<version>_amd64.deb of the release bundle: /opt/PlanDesk,
# /usr/bin/plandesk, the menu entry and icons, the licences; Depends from what it needs
deb: bundle
	$(BIN)/python build/make_deb.py

# The .deb installed, started (as a user and as root), removed and purged in a fresh
# Debian 11 root (root only; DEB_CHECK_SUITE=bookworm for Debian 12)
deb-check:
	$(call need_pkgs,debootstrap)
	@bash build/deb_check.sh

# What ships, end to end: the release bundle and its .deb, each tested in a fresh Debian 11 root
release: deb
release-check: release bundle-check deb-check

# One 250-plan library (build/bench-lib) serves every bench; removed after
bench: $(STAMP)
	rm -rf build/bench-lib
	$(BIN)/python bench/bench_build.py --lib build/bench-lib --out bench/build.json
	$(BIN)/python bench/bench_search.py --lib build/bench-lib --out bench/search.json
	$(BIN)/python bench/bench_startup.py --lib build/bench-lib --out bench/startup.json
	$(BIN)/python bench/bench_import.py --lib build/bench-lib --out bench/import.json
	$(BIN)/python bench/report.py bench/build.json bench/search.json bench/startup.json bench/import.json --out bench/report.json
	rm -rf build/bench-lib

# The segmenters side by side (jieba against rjieba, which the index uses): cut, start-up,
# term differences, relevance key, index build and first search at 250 plans (minutes)
bench-segmenter: $(STAMP)
	$(BIN)/python bench/bench_segmenter.py --repeat 3 --out bench/segmenter.json

# The README's two commands on a minimal Debian 12 root (debootstrap; root only;
# minutes). The base root is cached in build/fresh/; nothing outside it is touched.
fresh-check:
	@bash build/fresh_check.sh

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis dist build/pyinstaller build/prebuilt build/VERSION
