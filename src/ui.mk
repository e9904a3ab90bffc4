# The terminal: ui loop, screens, themes.
libsolardash_a_SOURCES += \
	src/ui/main.c \
	src/ui/ui.c \
	src/ui/dispatch.c \
	src/ui/loop.c \
	src/ui/layout.c \
	src/ui/status.c \
	src/ui/keys.c \
	src/ui/theme.c \
	src/ui/draw.c \
	src/ui/format.c \
	src/ui/pane.c \
	src/ui/job.c \
	src/ui/script.c \
	src/ui/screen_login.c \
	src/ui/screen_queue.c \
	src/ui/screen_orders.c \
	src/ui/screen_quality.c \
	src/ui/screen_views.c \
	src/ui/screen_partitions.c \
	src/ui/screen_cache.c

noinst_HEADERS += \
	include/solardash/ui.h \
	include/solardash/ui_keys.h \
	include/solardash/ui_theme.h \
	include/solardash/ui_draw.h

# The worker thread for long admin jobs.
SD_LIBS += -lpthread
