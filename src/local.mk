# The program: everything but main() lives in libsolardash.a so that tests link the same code.
# Each part of the program adds its files in its own fragment (db.mk, data.mk, ui.mk).
noinst_LIBRARIES += libsolardash.a
libsolardash_a_SOURCES = \
	src/cli.c \
	src/error.c \
	src/result.c \
	src/sanitize.c

noinst_HEADERS += \
	include/solardash/cli.h \
	include/solardash/commands.h \
	include/solardash/config.h \
	include/solardash/data.h \
	include/solardash/error.h \
	include/solardash/result.h \
	include/solardash/sanitize.h

bin_PROGRAMS += solardash
solardash_SOURCES = src/main.c
solardash_LDADD = libsolardash.a $(SD_LIBS)

include src/db.mk
include src/data.mk
include src/ui.mk
