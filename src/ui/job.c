/* Long admin operations (refresh, create/archive partitions, warm) run in a worker thread
 * with its own data layer opened on the admin conninfo, so the keyboard never freezes.
 * The thread writes one byte to a pipe the loop polls; the loop joins it and hands the
 * result to the screen that asked. Only one job runs at a time. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solardash/error.h"
#include "solardash/ui.h"
#include "solardash/ui_draw.h"

struct sd_job {
	pthread_t thread;
	int pipe[2];
	const struct sd_config *cfg;
	enum sd_role role;
	char user[64];
	enum { JOB_EXEC, JOB_WARM, JOB_REFRESH, JOB_INVALIDATE } kind;
	char query[128];        /* catalogue name; the view (NULL: all); the pattern */
	int all;
	char *params[4];
	int nparams;
	/* results, read after the join */
	struct sd_table *result;
	sd_err err;
	char msg[512];
	const struct sd_screen_ops *screen;
};

static void run(struct sd_job *j)
{
	struct sd_data *d = NULL;
	struct sd_warm_count wc;
	long deleted = 0;

	j->err = sd_data_open(&d, j->cfg, SD_DATA_ADMIN);
	if (j->err != SD_OK)
		goto out;
	sd_data_set_identity(d, j->role, j->user);
	switch (j->kind) {
	case JOB_WARM:
		/* the operator role is warmed for every station of the line */
		j->err = sd_data_warm(d, j->role, NULL, j->role == SD_ROLE_OPERATOR ?
				      SD_WARM_EVERY_STATION : 0, &wc);
		if (j->err == SD_OK)
			sd_warm_describe(&wc, j->msg, sizeof j->msg);
		break;
	case JOB_REFRESH:
		/* through the data layer, so every terminal hears of the new generation */
		j->err = sd_data_refresh(d, j->all ? NULL : j->query, &j->result);
		break;
	case JOB_INVALIDATE:
		j->err = sd_data_invalidate(d, j->query, &deleted);
		if (j->err == SD_OK)
			snprintf(j->msg, sizeof j->msg, "%ld keys deleted", deleted);
		break;
	default:
		j->err = sd_data_exec(d, j->query, (const char *const *)j->params, j->nparams,
				      &j->result);
	}
out:
	if (j->err != SD_OK)
		snprintf(j->msg, sizeof j->msg, "%s", sd_err_last());
	sd_data_close(d);
}

static void *thread_main(void *arg)
{
	struct sd_job *j = arg;
	ssize_t w;

	run(j);
	do
		w = write(j->pipe[1], "x", 1);
	while (w < 0);
	return NULL;
}

static struct sd_job *job_new(struct sd_ui *ui, const char *label)
{
	struct sd_job *j;

	if (ui->job) {
		sd_ui_message(ui, SD_COLOR_WARN, "busy: %s is still running", ui->job_label);
		return NULL;
	}
	j = sd_calloc(1, sizeof *j);
	if (pipe(j->pipe) != 0) {
		free(j);
		sd_ui_message(ui, SD_COLOR_FAIL, "cannot start %s: no pipe", label);
		return NULL;
	}
	j->cfg = ui->cfg;
	j->role = ui->login.role;
	snprintf(j->user, sizeof j->user, "%s", ui->login.name);
	j->screen = ui->screen;
	snprintf(ui->job_label, sizeof ui->job_label, "%s", label);
	return j;
}

static int job_launch(struct sd_ui *ui, struct sd_job *j)
{
	sigset_t block, old;
	int rc;

	/* The worker inherits a mask without the loop's signals, so SIGTERM, SIGHUP, SIGINT
	 * and SIGWINCH always interrupt the main thread's poll(). */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(&j->thread, NULL, thread_main, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(j->pipe[0]);
		close(j->pipe[1]);
		free(j);
		sd_ui_message(ui, SD_COLOR_FAIL, "cannot start %s: no thread", ui->job_label);
		return SD_UI_REDRAW;
	}
	ui->job = j;
	ui->job_started = sd_ui_now();
	ui->msg[0] = '\0';
	return SD_UI_REDRAW;
}

int sd_job_start(struct sd_ui *ui, const char *label, const char *query,
		 const char *const *params, int nparams)
{
	struct sd_job *j = job_new(ui, label);
	int i;

	if (!j)
		return SD_UI_REDRAW;
	snprintf(j->query, sizeof j->query, "%s", query);
	for (i = 0; i < nparams && i < 4; i++)
		j->params[i] = params[i] ? sd_strdup(params[i]) : NULL;
	j->nparams = i;
	return job_launch(ui, j);
}

int sd_job_start_warm(struct sd_ui *ui, const char *label, enum sd_role role)
{
	struct sd_job *j = job_new(ui, label);

	if (!j)
		return SD_UI_REDRAW;
	j->kind = JOB_WARM;
	j->role = role;
	return job_launch(ui, j);
}

int sd_job_start_refresh(struct sd_ui *ui, const char *label, const char *view)
{
	struct sd_job *j = job_new(ui, label);

	if (!j)
		return SD_UI_REDRAW;
	j->kind = JOB_REFRESH;
	j->all = view == NULL;
	snprintf(j->query, sizeof j->query, "%s", view ? view : "");
	return job_launch(ui, j);
}

int sd_job_start_invalidate(struct sd_ui *ui, const char *label, const char *pattern)
{
	struct sd_job *j = job_new(ui, label);

	if (!j)
		return SD_UI_REDRAW;
	j->kind = JOB_INVALIDATE;
	snprintf(j->query, sizeof j->query, "%s", pattern);
	return job_launch(ui, j);
}

int sd_job_fd(const struct sd_job *job)
{
	return job->pipe[0];
}

int sd_job_finish(struct sd_ui *ui)
{
	struct sd_job *j = ui->job;
	int flags = SD_UI_REDRAW | SD_UI_REFETCH, i;
	char c;

	if (!j)
		return 0;
	if (read(j->pipe[0], &c, 1) < 0)
		return 0;
	pthread_join(j->thread, NULL);
	ui->job = NULL;
	if (j->err == SD_OK)
		sd_ui_message(ui, SD_COLOR_OK, "%s: done in %.1f s%s%s", ui->job_label,
			      sd_ui_now() - ui->job_started, j->msg[0] ? ", " : "", j->msg);
	else
		sd_ui_message(ui, j->err == SD_ERR_BUSY ? SD_COLOR_WARN : SD_COLOR_FAIL,
			      "%s: %s", ui->job_label, j->msg);
	if (ui->screen == j->screen && ui->screen->job_done)
		flags |= ui->screen->job_done(ui, ui->screen_st, j->result, j->err, j->msg);
	else
		sd_table_free(j->result);
	close(j->pipe[0]);
	close(j->pipe[1]);
	for (i = 0; i < j->nparams; i++)
		free(j->params[i]);
	free(j);
	return flags;
}

void sd_job_wait(struct sd_ui *ui)
{
	if (ui->job)
		sd_ui_apply(ui, sd_job_finish(ui));   /* read() blocks until the thread writes */
}
