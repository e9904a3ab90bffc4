/* The one poll() loop: keyboard, timers (refresh interval, clock, idle logout, reconnect
 * backoff), the data layer's event descriptors and the worker's pipe. Handlers return
 * flags; only this loop fetches and draws. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <unistd.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

#define MAX_FDS 8

/* When the data layer wants its next turn (sd_data_process): 0 = not scheduled. */
static double data_due;

/* Milliseconds until the next thing the loop must do by itself. */
static int next_timeout(struct sd_ui *ui)
{
	double now = sd_ui_now(), t = 60.0 - fmod(now, 60.0);   /* the clock's next minute */
	int ms, dt;

	if (ui->logged_in && !ui->frozen && ui->next_fetch - now < t)
		t = ui->next_fetch - now;
	if (ui->kiosk && ui->logged_in && ui->cfg->idle_logout_s > 0 &&
	    ui->last_key + ui->cfg->idle_logout_s - now < t)
		t = ui->last_key + ui->cfg->idle_logout_s - now;
	if (ui->job && 1.0 < t)
		t = 1.0;   /* the job's elapsed time on screen */
	ms = t <= 0 ? 0 : (int)(t * 1000) + 1;
	if (ui->data && data_due) {
		dt = data_due <= now ? 0 : (int)ceil((data_due - now) * 1000.0);
		if (dt < ms)
			ms = dt;
	}
	return ms;
}

/* Reads every pending key; a terminal that reports input but gives none is gone. */
static void read_keys(struct sd_ui *ui, int readable)
{
	static int empty_reads;
	int key, got = 0;

	while (!ui->quit && (key = getch()) != ERR) {
		got = 1;
		sd_ui_apply(ui, sd_ui_handle_key(ui, key));
	}
	if (readable && !got) {
		/* read() of 0: the terminal hung up (SSH drop) without a SIGHUP. */
		if (++empty_reads >= 3)
			ui->quit = 1;
	} else if (got)
		empty_reads = 0;
}

static void timers(struct sd_ui *ui)
{
	double now = sd_ui_now();

	if (ui->kiosk && ui->logged_in && ui->cfg->idle_logout_s > 0 &&
	    now - ui->last_key >= ui->cfg->idle_logout_s)
		sd_ui_apply(ui, SD_UI_LOGOUT);
	if (ui->logged_in && !ui->frozen && now >= ui->next_fetch)
		ui->need_fetch = 1;
	ui->dirty = 1;   /* the clock, ages and the job's time */
}

/* Returns 1 when one of the data layer's descriptors is readable. */
static int handle_fds(struct sd_ui *ui, struct pollfd *fds, int n, int job_idx)
{
	int i;

	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		ui->quit = 1;
	read_keys(ui, fds[0].revents & POLLIN);
	if (job_idx >= 0 && fds[job_idx].revents)
		sd_ui_apply(ui, sd_job_finish(ui));
	for (i = 1; i < n; i++)
		if (i != job_idx && fds[i].revents)
			return 1;
	return 0;
}

/* The data layer's turn: an event arrived, or its timer (the shared generations' TTL, a
 * reconnect backoff) ran out. So a refresh made by pg_cron, which publishes nothing, and a
 * server that went away while every screen is served from the cache are both noticed
 * within that timer, not only at the next refresh interval. */
static void data_tick(struct sd_ui *ui)
{
	int flags = sd_data_process(ui->data);

	if (flags & SD_DATA_VIEWS_REFRESHED)
		ui->need_fetch = ui->logged_in && !ui->frozen;
	if (flags)
		ui->dirty = 1;
}

int sd_ui_loop(struct sd_ui *ui)
{
	struct pollfd fds[MAX_FDS];
	int n, rc, job_idx, data_event;
	double due;

	ui->last_key = sd_ui_now();
	while (!ui->quit && !sd_ui_signal) {
		if (ui->need_fetch) {
			sd_ui_fetch(ui);
			if (ui->opts->cycles && ui->cycles >= ui->opts->cycles)
				ui->quit = 1;
		}
		if (ui->dirty)
			sd_ui_draw(ui);
		if (ui->quit)
			break;
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		n = 1 + (ui->data ? sd_data_pollfds(ui->data, fds + 1, MAX_FDS - 2) : 0);
		job_idx = -1;
		if (ui->job) {
			job_idx = n++;
			fds[job_idx].fd = sd_job_fd(ui->job);
			fds[job_idx].events = POLLIN;
			fds[job_idx].revents = 0;
		}
		/* the data layer's timer may have moved closer (a reconnect backoff began) */
		due = ui->data ? sd_ui_now() + sd_data_timeout_ms(ui->data) / 1000.0 : 0;
		if (due && (!data_due || due < data_due))
			data_due = due;
		rc = poll(fds, (nfds_t)n, next_timeout(ui));
		if (rc < 0 && errno == EINTR) {
			read_keys(ui, 0);   /* SIGWINCH: ncurses queues KEY_RESIZE */
			continue;
		}
		data_event = rc > 0 && handle_fds(ui, fds, n, job_idx);
		if (ui->data && (data_event || sd_ui_now() >= data_due)) {
			data_tick(ui);
			data_due = 0;
		}
		timers(ui);
	}
	return sd_ui_signal ? 128 + sd_ui_signal : 0;
}
