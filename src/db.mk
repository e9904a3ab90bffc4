# Database commands: migrate, demo loader, schedule.
libsolardash_a_SOURCES += src/cmd_db.c
