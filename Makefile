# inventui — build, test, install.  `make help` lists the targets.
#
# Objects go to $(BUILD) (build/ by default, build-san/ with SANITIZE=1).
# Flags come from pkg-config; CI=1 adds -Werror.

PREFIX  ?= /usr/local
DESTDIR ?=
# Where `make install` puts the themes; the binary looks there.
DATADIR  = $(PREFIX)/share/inventui
BUILD   ?= build
CC      ?= cc

PKGS := ncursesw panelw formw menuw libcurl libcjson libjwt libmicrohttpd \
        inih sqlite3 openssl
TEST_PKGS := check vterm

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-unused-parameter
ifeq ($(CI),1)
WARN += -Werror
endif

OPT ?= -O2 -g
ifeq ($(SANITIZE),1)
BUILD := build-san
OPT   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
         -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS))
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS))

CPPFLAGS += -Isrc -I. -D_GNU_SOURCE -DINVENTUI_VERSION=\"$(VERSION)\"
CFLAGS   += -std=c11 $(WARN) $(OPT) -pthread -MMD -MP
LDFLAGS  += -pthread $(LDSAN)

VERSION := 0.1.0

# Every .c under src/ and ui/ is part of the program; main.c is the only
# file left out of the library the tests link against.
LIB_SRC  := $(filter-out src/main.c,$(shell find src ui -name '*.c' 2>/dev/null | sort))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
BIN      := $(BUILD)/inventui

UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
INTG_SRC := $(sort $(wildcard tests/integration/*.c))
UI_SRC   := $(sort $(wildcard tests/ui/*.c))
TLIB_SRC := $(sort $(wildcard tests/support/*.c))
UNIT_BIN := $(BUILD)/tests/unit_tests
INTG_BIN := $(BUILD)/tests/integration_tests
UI_BIN   := $(BUILD)/tests/ui_tests

DEPS_OK := $(BUILD)/.deps-ok

.PHONY: FORCE all deps test unit integration ui-test valgrind-test bench demo serve-demo install uninstall install-check clean help

all: $(BIN)

help:
	@echo "make            build $(BIN)"
	@echo "make test       build and run every test (unit, integration, screen)"
	@echo "make ui-test    the screen tests: inventui in a pty, read with libvterm"
	@echo "make test SANITIZE=1   the same under AddressSanitizer + UBSan"
	@echo "make bench      HTTP benchmarks with wrk (table and bench/results.json,"
	@echo "                beside json-server and libmicrohttpd), the TUI's frame"
	@echo "                and bytes (not part of make test)"
	@echo "make fuzz       each libFuzzer harness (tests/fuzz, clang) for"
	@echo "                FUZZ_SECONDS=60 on its corpus; make test runs each"
	@echo "                once over its corpus (make fuzz-corpus); make"
	@echo "                fuzz-merge shrinks the corpora to what adds coverage"
	@echo "make demo       the TUI with the bundled demo server (inventui --demo)"
	@echo "make serve-demo the bare demo server on 127.0.0.1:8080"
	@echo "                (INVENTUI_DEMO_LISTEN=127.0.0.1:8081 for another port)"
	@echo "make install    install to \$$DESTDIR\$$PREFIX (default /usr/local): the"
	@echo "                binary, the man page, the themes; make uninstall"
	@echo "make install-check  install into a temporary dir, check, uninstall"

# Installs missing Debian packages (as root) or prints the apt-get line.
$(DEPS_OK): tools/bootstrap.sh
	@sh tools/bootstrap.sh
	@mkdir -p $(@D) && touch $@
deps: $(DEPS_OK)

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) -Itests $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libinventui.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(BUILD)/libinventui.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

TLIB_OBJ := $(TLIB_SRC:%.c=$(BUILD)/%.o)

$(UNIT_BIN): $(UNIT_SRC:%.c=$(BUILD)/%.o) $(TLIB_OBJ) $(BUILD)/libinventui.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(INTG_BIN): $(INTG_SRC:%.c=$(BUILD)/%.o) $(TLIB_OBJ) $(BUILD)/libinventui.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

$(UI_BIN): $(UI_SRC:%.c=$(BUILD)/%.o) $(TLIB_OBJ) $(BUILD)/libinventui.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

unit: $(UNIT_BIN)
	$(UNIT_BIN)

integration: $(INTG_BIN) $(BIN)
	INVENTUI_BIN=$(abspath $(BIN)) $(INTG_BIN)

RUN_UI = INVENTUI_BIN=$(abspath $(BIN)) $(UI_BIN)
ui-test: $(UI_BIN) $(BIN)
	$(RUN_UI)

# The screen tests time the program and count its bytes: they run after
# the other suites rather than beside them.
test: unit integration install-check fuzz-corpus $(UI_BIN)
	$(RUN_UI)

# The server's integration tests with the server under valgrind: a leak or
# memory error makes the server exit non-zero, which fails the test.
VALGRIND ?= valgrind --quiet --leak-check=full --error-exitcode=99 \
            --errors-for-leak-kinds=definite,indirect \
            --show-leak-kinds=definite,indirect
# Every suite; VALGRIND_SUITES=a,b picks some.
VALGRIND_SUITES ?=
valgrind-test: $(INTG_BIN) $(BIN)
	INVENTUI_BIN=$(abspath $(BIN)) INVENTUI_SERVER_WRAPPER="$(VALGRIND)" \
	  INVENTUI_VALGRIND=1 INVENTUI_SUITES=$(VALGRIND_SUITES) $(INTG_BIN)

TUI_BENCH := $(BUILD)/tests/tui_bench
$(TUI_BENCH): $(BUILD)/tests/bench/tui_bench.o $(BUILD)/tests/ui/vt.o \
              $(BUILD)/tests/ui/tui.o $(TLIB_OBJ) $(BUILD)/libinventui.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# libmicrohttpd alone answering a fixed body: the ceiling GET /products
# is measured against (tests/bench/mhd_fixed.c).
MHD_FIXED := $(BUILD)/tests/mhd_fixed
$(MHD_FIXED): $(BUILD)/tests/bench/mhd_fixed.o
	$(CC) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs libmicrohttpd)

# The steady-rate order load for run.sh's steady row (plain sockets).
STEADY := $(BUILD)/tests/steady
$(STEADY): $(BUILD)/tests/bench/steady.o
	$(CC) $(LDFLAGS) -o $@ $^

# A neighbour making writes durable, for run.sh's control rows.
SYNC_LOOP := $(BUILD)/tests/sync_loop
$(SYNC_LOOP): $(BUILD)/tests/bench/sync_loop.o
	$(CC) $(LDFLAGS) -o $@ $^

# The HTTP table goes to bench/results.json too (BENCH_RESULTS=FILE
# elsewhere); json-server is installed under $(BUILD)/bench when node is.
bench: $(BIN) $(TUI_BENCH) $(MHD_FIXED) $(STEADY) $(SYNC_LOOP)
	BENCH_NODE_DIR=$(abspath $(BUILD)/bench) INVENTUI_STEADY=$(abspath $(STEADY)) \
	  INVENTUI_SYNC_LOOP=$(abspath $(SYNC_LOOP)) \
	  sh tests/bench/run.sh $(abspath $(BIN)) $(abspath $(MHD_FIXED))
	$(TUI_BENCH) $(abspath $(BIN))

# The TUI with the bundled server inside it (needs a terminal).
demo: $(BIN)
	$(abspath $(BIN)) --demo

# The bare demo server on 127.0.0.1:8080, for curl or the CLI
# (INVENTUI_DEMO_LISTEN=ADDR:PORT elsewhere; tools/demo.sh).
serve-demo: $(BIN)
	sh tools/demo.sh $(abspath $(BIN))

MANDIR  ?= $(PREFIX)/share/man

# The man page names the data dir as /usr/local/share/inventui (so it reads
# right in the source tree too) and the version of the Makefile.
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/themes \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/inventui
	install -m 0644 inventui.conf.example $(DESTDIR)$(DATADIR)/
	if ls themes/*.theme >/dev/null 2>&1; then \
	  install -m 0644 themes/*.theme $(DESTDIR)$(DATADIR)/themes/; fi
	sed -e 's|/usr/local/share/inventui|$(DATADIR)|g' \
	  -e '/^\.TH /s|"inventui [^"]*"|"inventui $(VERSION)"|' inventui.1 \
	  > $(DESTDIR)$(MANDIR)/man1/inventui.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/inventui.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/inventui
	rm -f $(DESTDIR)$(MANDIR)/man1/inventui.1
	rm -rf $(DESTDIR)$(DATADIR)

# make install into a temporary DESTDIR and back out with make uninstall,
# and the man page rendered without a warning (part of make test). Its own
# build dir: PREFIX=/usr is compiled into the theme lookup, and relinking
# $(BIN) while other tests run it (make -j) would pull it from under them.
install-check: $(BIN)
	sh tests/install_check.sh "$(MAKE)" "$(BUILD)/install-check"

clean:
	rm -rf build build-san

include tests/fuzz/fuzz.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The embedded files are not seen by -MMD (.incbin).
$(BUILD)/src/server/assets/assets.o: src/server/assets/openapi.json src/server/assets/docs.html

# The themes directory is compiled into theme_file.o: it is rebuilt when
# DATADIR (or PREFIX) changes, so `make install PREFIX=/usr` after a plain
# `make` looks where it installs. default and mono are compiled in too.
DATADIR_STAMP := $(BUILD)/.datadir
$(DATADIR_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/ui/theme_file.o: CPPFLAGS += -DINVENTUI_DATADIR=\"$(DATADIR)\"
$(BUILD)/ui/theme_file.o: $(DATADIR_STAMP) themes/default.theme themes/mono.theme
