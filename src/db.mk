# Database commands: migrate, demo loader, schedule.
libsolardash_a_SOURCES += src/cmd_db.c \
	src/db/connect.c \
	src/db/migrate.c \
	src/db/sqlsplit.c \
	src/db/sqlfiles.c \
	src/db/catalog.c \
	src/db/demo.c \
	src/db/schedule.c
# The migrations compiled in (rule in sql/local.mk).
nodist_libsolardash_a_SOURCES = src/db/sql_files.c
BUILT_SOURCES = src/db/sql_files.c
CLEANFILES += src/db/sql_files.c src/db/sql_files.c-t
noinst_HEADERS += include/solardash/db_admin.h include/solardash/db_catalog.h
