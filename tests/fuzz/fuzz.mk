# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c), built by clang with the
# project's warnings and ASan + UBSan. The library sources are compiled
# again with clang into $(FUZZ_DIR)/obj, instrumented for coverage
# (-fsanitize=fuzzer-no-link); the gcc objects are not used.
#
#   make fuzz          each harness for FUZZ_SECONDS (60) on its corpus,
#                      tests/fuzz/corpus/NAME; what it finds is added
#                      there, a crash too (crash-*) until fixed
#   make fuzz-corpus   each harness once over its corpus (part of make test)
#   make fuzz-merge    shrinks each corpus to what adds coverage

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# clang's -Wformat-nonliteral (in -Wformat=2) also flags vprintf-style
# callbacks (httpd.c's mhd_log) that gcc accepts: off here only.
FUZZ_CFLAGS  := -std=c11 $(WARN) -Wno-format-nonliteral -O1 -g \
                -fno-omit-frame-pointer -pthread -MMD -MP $(FUZZ_SAN)
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter src/%,$(LIB_SRC)))
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-corpus fuzz-build fuzz-merge

$(FUZZ_DIR)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CLANG   $<"
	@$(FUZZ_CC) $(CPPFLAGS) -Itests $(PKG_CFLAGS) $(FUZZ_CFLAGS) \
	  -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/libinventui.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/libinventui.a
	@echo "  LINK    $@"
	@$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -pthread -o $@ $^ $(PKG_LIBS)

.SECONDARY: $(FUZZ_NAMES:%=$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o)

fuzz-build: $(FUZZ_BINS)

fuzz-corpus: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh corpus $(FUZZ_DIR) $(FUZZ_NAMES)

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_NAMES)

fuzz-merge: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh merge $(FUZZ_DIR) $(FUZZ_NAMES)
