/* The dashboard entry point: config, data layer, terminal; the login screen first (or the
 * trusted OS user), then the loop or the script; the terminal restored on every path. */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solardash/commands.h"
#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static void warn_config(const char *msg)
{
	fprintf(stderr, "solardash: warning: %s\n", msg);
}

/* SSH mode: the OS user is the login name, no PIN asked. */
static void trust_os_user(struct sd_ui *ui)
{
	struct passwd *pw = getpwuid(getuid());

	if (!pw || !ui->cfg->trust_os_user)
		return;
	if (sd_data_login(ui->data, pw->pw_name, NULL, &ui->login) == SD_OK) {
		sd_ui_logged_in(ui);
		return;
	}
	/* Not a dashboard user, or the database session is someone else: the PIN decides. */
	sd_ui_message(ui, SD_COLOR_WARN, "OS user '%s' is not trusted here: log in with your PIN",
		      pw->pw_name);
}

static int run(struct sd_ui *ui)
{
	int rc = 0;

	ui->interval_s = 30;
	sd_ui_apply(ui, sd_ui_switch(ui, &sd_screen_login));
	trust_os_user(ui);
	if (ui->scripted)
		rc = sd_script_run(ui, ui->opts->script) == 0 ? 0 : SD_EXIT_FAILURE;
	else
		rc = sd_ui_loop(ui);
	/* q while an admin job runs: it ends first (the database finishes it anyway), and the
	 * screen says so instead of freezing on "running for N s". After SIGTERM, SIGINT or
	 * SIGHUP nothing is waited for: the job is the database's, and ends or rolls back there. */
	if (ui->job && !sd_ui_signal) {
		ui->quit = 1;   /* the message line says what is waited for */
		if (!ui->scripted)
			sd_ui_draw(ui);
		sd_job_wait(ui);
	}
	if (sd_ui_signal && rc == 0)
		rc = 128 + sd_ui_signal;   /* a signal during that wait */
	if (ui->screen && ui->screen->close)
		ui->screen->close(ui->screen_st);
	ui->screen = NULL;
	return rc;
}

int sd_ui_main(const struct sd_cli_opts *opts)
{
	struct sd_config cfg;
	struct sd_ui ui;
	int rc;

	memset(&ui, 0, sizeof ui);
	sd_config_init(&cfg);
	if (sd_config_load(&cfg, opts->config_path, warn_config) != SD_OK) {
		fprintf(stderr, "solardash: %s\n", sd_err_last());
		sd_config_done(&cfg);
		return SD_EXIT_FAILURE;
	}
	if (sd_data_open(&ui.data, &cfg, SD_DATA_DASHBOARD) != SD_OK) {
		fprintf(stderr, "solardash: %s\n", sd_err_last());
		sd_config_done(&cfg);
		return SD_EXIT_FAILURE;
	}
	if (sd_ui_init(&ui, opts, &cfg) != SD_OK) {
		fprintf(stderr, "solardash: %s\n", sd_err_last());
		sd_data_close(ui.data);
		sd_config_done(&cfg);
		return SD_EXIT_FAILURE;
	}
	rc = run(&ui);
	sd_ui_done();
	if (rc == SD_EXIT_FAILURE && ui.scripted)
		fprintf(stderr, "solardash: %s\n", sd_err_last());
	if (sd_ui_signal)
		fprintf(stderr, "solardash: stopped by signal %d\n", (int)sd_ui_signal);
	sd_data_close(ui.data);
	sd_config_done(&cfg);
	return rc;
}
