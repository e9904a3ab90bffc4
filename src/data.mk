# Data layer: config, query catalogue, PostgreSQL, Redis cache, metrics, output, the admin
# commands and --once (docs/data-layer.md).
libsolardash_a_SOURCES += \
	src/config.c \
	src/catalog.c \
	src/db.c \
	src/cache.c \
	src/metrics.c \
	src/data.c \
	src/data/codec.c \
	src/data/flight.c \
	src/data/gens.c \
	src/data/warm.c \
	src/data/admin.c \
	src/data/check.c \
	src/output.c \
	src/cmd_admin.c \
	src/cmd_once.c
noinst_HEADERS += \
	include/solardash/catalog.h \
	include/solardash/db.h \
	include/solardash/cache.h \
	include/solardash/metrics.h \
	include/solardash/output.h \
	src/data/internal.h

# The benchmark (not a test): `make bench` builds bench/solardash-bench; scripts/bench runs it.
EXTRA_PROGRAMS = bench/solardash-bench
bench_solardash_bench_SOURCES = bench/bench.c
bench_solardash_bench_LDADD = libsolardash.a $(SD_LIBS)
CLEANFILES += bench/solardash-bench$(EXEEXT)
EXTRA_DIST += scripts/bench
bench: bench/solardash-bench$(EXEEXT)
.PHONY: bench
