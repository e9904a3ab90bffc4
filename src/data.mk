# Data layer: config, query catalogue, PostgreSQL, Redis cache, admin commands, --once.
libsolardash_a_SOURCES += src/cmd_admin.c src/cmd_once.c
libsolardash_a_SOURCES += src/config.c src/catalog.c
noinst_HEADERS += include/solardash/catalog.h
libsolardash_a_SOURCES += src/db.c
noinst_HEADERS += include/solardash/db.h
libsolardash_a_SOURCES += src/cache.c src/data/codec.c
noinst_HEADERS += include/solardash/cache.h
libsolardash_a_SOURCES += src/data/flight.c
libsolardash_a_SOURCES += src/metrics.c
noinst_HEADERS += include/solardash/metrics.h
libsolardash_a_SOURCES += src/data.c src/data/gens.c
noinst_HEADERS += src/data/internal.h
libsolardash_a_SOURCES += src/data/warm.c
libsolardash_a_SOURCES += src/data/admin.c
libsolardash_a_SOURCES += src/output.c
noinst_HEADERS += include/solardash/output.h
libsolardash_a_SOURCES += src/data/check.c

# The benchmark (not a test): `make bench` builds bench/solardash-bench; scripts/bench runs it.
EXTRA_PROGRAMS = bench/solardash-bench
bench_solardash_bench_SOURCES = bench/bench.c
bench_solardash_bench_LDADD = libsolardash.a $(SD_LIBS)
CLEANFILES += bench/solardash-bench$(EXEEXT)
EXTRA_DIST += scripts/bench
bench: bench/solardash-bench$(EXEEXT)
.PHONY: bench
