# The terminal: ui loop, screens, themes.
libsolardash_a_SOURCES += src/ui/main.c
