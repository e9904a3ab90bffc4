# The program: everything but main() lives in libsolardash.a so that tests link the same code.
noinst_LIBRARIES += libsolardash.a
libsolardash_a_SOURCES = \
	src/cli.c \
	src/error.c

noinst_HEADERS += \
	include/solardash/cli.h \
	include/solardash/error.h

bin_PROGRAMS += solardash
solardash_SOURCES = src/main.c
solardash_LDADD = libsolardash.a $(SD_LIBS)
