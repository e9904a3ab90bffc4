/* The dashboard's core: the ui state, the screen interface (a table of functions per
 * screen), handler flags, the worker for long admin jobs, and the scripted mode. */
#ifndef SOLARDASH_UI_H
#define SOLARDASH_UI_H

#include <signal.h>
#include <stddef.h>

#include "solardash/cli.h"
#include "solardash/config.h"
#include "solardash/data.h"
#include "solardash/ui_keys.h"
#include "solardash/ui_theme.h"

/* What a handler asks the loop to do; handlers never draw. */
enum {
	SD_UI_REDRAW = 1,
	SD_UI_REFETCH = 2,
	SD_UI_QUIT = 4,
	SD_UI_LOGOUT = 8
};

#define SD_UI_MIN_COLS 60
#define SD_UI_MIN_LINES 16
/* A message ("welcome, …", "refreshed 5 of 5 views") shows this long, or until a key; the
 * clock's minute wake-up takes it away, so an idle kiosk does not greet all shift. A failure
 * stays until a key: nobody should miss it by looking away. */
#define SD_UI_MSG_S 30

struct sd_ui;

/* A screen: one file, one const table of functions (designated initializers). */
struct sd_screen_ops {
	const char *name;          /* "queue": the --once name, the help, scripts */
	const char *title;
	enum sd_role min_role;     /* nobody below this role sees the screen */
	enum sd_action key;        /* the action that switches to it */
	void *(*open)(struct sd_ui *ui);
	/* Fetches through the data layer into the screen's own structs. */
	void (*fetch)(struct sd_ui *ui, void *st);
	/* Draws in rows [y, y+h) from those structs only. */
	void (*draw)(struct sd_ui *ui, void *st, int y, int h, int w);
	int (*action)(struct sd_ui *ui, void *st, enum sd_action a);
	/* Optional: raw keys before the key table (text fields). */
	int (*rawkey)(struct sd_ui *ui, void *st, int key);
	/* Optional: a worker job this screen started has finished. */
	int (*job_done)(struct sd_ui *ui, void *st, struct sd_table *result, sd_err err,
			const char *msg);
	void (*close)(void *st);
};

extern const struct sd_screen_ops sd_screen_login;
extern const struct sd_screen_ops sd_screen_queue;
extern const struct sd_screen_ops sd_screen_orders;
extern const struct sd_screen_ops sd_screen_quality;
extern const struct sd_screen_ops sd_screen_views;
extern const struct sd_screen_ops sd_screen_partitions;
extern const struct sd_screen_ops sd_screen_cache;

/* A one-line text prompt in the message line (search, patterns). */
struct sd_prompt {
	int active;
	char label[64];
	char text[128];
	char deflt[64];                 /* what Enter on an empty field means, shown as [..] */
	size_t len;
	void (*done)(struct sd_ui *ui, const char *text);   /* NULL text = cancelled */
};

/* A yes/no question; the callback runs on y. */
struct sd_confirm {
	int active;
	char text[256];
	int (*yes)(struct sd_ui *ui);
};

/* A long job (refresh, archive, warm) runs in a thread with its own data layer, so the
 * keyboard never freezes; the loop polls the job's pipe. */
struct sd_job;

struct sd_ui {
	const struct sd_cli_opts *opts;
	struct sd_config *cfg;
	struct sd_data *data;
	int admin_data;                 /* data was opened with the admin conninfo */

	struct sd_login login;
	int logged_in;

	const struct sd_screen_ops *screen;
	void *screen_st;

	struct sd_theme theme;
	int color, ascii, kiosk;
	char theme_msg[256];            /* a theme error, shown once */

	int rows, cols;
	int frozen, show_help, help_top;
	int interval_s;
	double next_fetch, last_key, fetched_at;
	long cycles;                    /* refresh cycles done (-n) */

	char msg[256];                  /* message line */
	enum sd_color_role msg_role;
	double msg_at;

	struct sd_prompt prompt;
	struct sd_confirm confirm;
	struct sd_job *job;
	char job_label[128];
	double job_started;

	int scripted;                   /* --script: no terminal, fixed size */
	int quit;
	int dirty;                      /* redraw before waiting */
	int need_fetch;                 /* fetch before drawing */
	int src_known;                  /* the current screen's data: where from, how old */
	enum sd_source src;
	double src_computed, src_views;
	struct sd_pane *search_pane;    /* where the / prompt's text goes */
	int login_failures;             /* repeated failures slow down */
	double login_blocked_until;
};

/* Process-wide signal flags (handlers only set these). */
extern volatile sig_atomic_t sd_ui_signal;

/* ui.c */
sd_err sd_ui_init(struct sd_ui *ui, const struct sd_cli_opts *opts, struct sd_config *cfg);
void sd_ui_done(void);   /* idempotent: restores the terminal */
int sd_ui_loop(struct sd_ui *ui);
int sd_ui_handle_key(struct sd_ui *ui, int key);
int sd_ui_apply(struct sd_ui *ui, int flags);
void sd_ui_draw(struct sd_ui *ui);
void sd_ui_fetch(struct sd_ui *ui);
int sd_ui_switch(struct sd_ui *ui, const struct sd_screen_ops *ops);
int sd_ui_can_see(const struct sd_ui *ui, const struct sd_screen_ops *ops);
void sd_ui_message(struct sd_ui *ui, enum sd_color_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sd_ui_ask(struct sd_ui *ui, int (*yes)(struct sd_ui *ui), const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A one-line text field; it starts empty and Enter on an empty field gives deflt (may be NULL). */
void sd_ui_prompt(struct sd_ui *ui, const char *label, const char *deflt,
		  void (*done)(struct sd_ui *ui, const char *text));
/* After a successful login: identity, interval, warm, the role's home screen. */
void sd_ui_logged_in(struct sd_ui *ui);
const struct sd_screen_ops *sd_ui_home_screen(enum sd_role role);
const struct sd_screen_ops *sd_ui_screen_by_name(const char *name);

/* job.c: run a catalogue query, a warm, a refresh or an invalidation in a worker thread.
 * The screen's job_done receives (and owns) the result table. */
int sd_job_start(struct sd_ui *ui, const char *label, const char *query,
		 const char *const *params, int nparams);
int sd_job_start_warm(struct sd_ui *ui, const char *label, enum sd_role role);
/* view NULL: all views. Goes through sd_data_refresh, which announces the generation. */
int sd_job_start_refresh(struct sd_ui *ui, const char *label, const char *view);
int sd_job_start_invalidate(struct sd_ui *ui, const char *label, const char *pattern);
int sd_job_fd(const struct sd_job *job);
/* Called when the job's fd is readable: joins it, hands the result to the screen. */
int sd_job_finish(struct sd_ui *ui);
void sd_job_wait(struct sd_ui *ui);   /* scripted mode: block until done */

/* Pane focus (Tab), / search and the pane keys for a screen with n panes. */
struct sd_pane;
int sd_panes_action(struct sd_ui *ui, struct sd_pane *const *panes, int n, int *focus,
		    enum sd_action a);

/* status.c */
void sd_status_draw(struct sd_ui *ui, int y, int w);
/* Screens call this after a fetch with their main table (NULL: the fetch failed). */
void sd_ui_note_source(struct sd_ui *ui, const struct sd_table *t);

/* script.c */
int sd_script_run(struct sd_ui *ui, const char *path);
int sd_script_dump(struct sd_ui *ui, const char *path);

/* Admin action query names (the data layer's catalogue). */
#define SD_Q_CREATE_PARTITIONS "create_partitions"
#define SD_Q_ARCHIVE_PARTITIONS "archive_partitions"

#endif
