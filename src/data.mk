# Data layer: config, query catalogue, PostgreSQL, Redis cache, admin commands, --once.
libsolardash_a_SOURCES += src/cmd_admin.c src/cmd_once.c
libsolardash_a_SOURCES += src/config.c src/catalog.c
noinst_HEADERS += include/solardash/catalog.h
