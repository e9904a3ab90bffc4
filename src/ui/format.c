/* Formatting for screens: durations, ages, and PostgreSQL time text to unix time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "solardash/ui_draw.h"

double sd_ui_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

const char *sd_fmt_duration(double s, char *buf, size_t size)
{
	long m;

	if (s < 0)
		s = 0;
	m = (long)(s / 60);
	if (m < 60)
		snprintf(buf, size, "%ldm", m);
	else if (m < 24 * 60)
		snprintf(buf, size, "%ldh %02ldm", m / 60, m % 60);
	else
		snprintf(buf, size, "%ldd %02ldh", m / 1440, (m % 1440) / 60);
	return buf;
}

const char *sd_fmt_ago(double s, char *buf, size_t size)
{
	if (s < 60)
		snprintf(buf, size, "just now");
	else if (s < 3600)
		snprintf(buf, size, "%ld min ago", (long)(s / 60));
	else if (s < 86400 * 2)
		snprintf(buf, size, "%ld h ago", (long)(s / 3600));
	else
		snprintf(buf, size, "%ld d ago", (long)(s / 86400));
	return buf;
}

/* "2026-12-03 19:22:01.123+00", "2026-12-03T19:22:01+05:30", "2026-12-03". */
double sd_parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, n = 0, oh = 0, om = 0;
	double sec = 0, t;
	const char *p;
	char sign;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	p = s + n;
	if ((*p == ' ' || *p == 'T') && sscanf(p + 1, "%2d:%2d:%lf%n", &h, &mi, &sec, &n) == 3)
		p += 1 + n;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	t = (double)timegm(&tm) + sec;
	sign = *p;
	if ((sign == '+' || sign == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) >= 1)
		t -= (sign == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
	return t;
}
