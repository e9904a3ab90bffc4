/* Text from the database made safe to draw: control characters become visible placeholders
 * (Unicode Control Pictures, or '?' in ASCII mode); invalid UTF-8 becomes U+FFFD. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "solardash/error.h"
#include "solardash/sanitize.h"

/* Decodes one UTF-8 sequence; returns its length, or 0 if invalid (overlong, surrogate,
 * truncated, above U+10FFFF). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) { len = 2; c = s[0] & 0x1F; }
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) { len = 3; c = s[0] & 0x0F; }
	else if (s[0] >= 0xF0 && s[0] <= 0xF4) { len = 4; c = s[0] & 0x07; }
	else return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Code points that would reorder or hide text on a terminal. */
static int is_format_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0xFEFF;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) { out[0] = (char)cp; return 1; }
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Writes the safe form of the sequence at s into out (room for 4 bytes); returns bytes
 * written, and the input length in *used. */
static size_t sanitize_one(const unsigned char *s, size_t *used, char *out, int ascii)
{
	uint32_t cp;
	size_t len = utf8_decode(s, &cp);

	*used = len ? len : 1;
	if (len == 1 && (cp == '\t' || cp == '\n' || cp == '\r')) {
		out[0] = ' ';
		return 1;
	}
	if (len == 1 && cp >= 0x20 && cp < 0x7F) {
		out[0] = (char)cp;
		return 1;
	}
	if (ascii) {
		out[0] = '?';
		return 1;
	}
	if (len == 0 || is_format_control(cp))
		return put_utf8(out, 0xFFFD);
	if (cp < 0x20)
		return put_utf8(out, 0x2400 + cp);    /* ␛ for ESC, ␀ for NUL, ... */
	if (cp == 0x7F)
		return put_utf8(out, 0x2421);         /* ␡ */
	memcpy(out, s, len);
	return len;
}

size_t sd_sanitize_into(char *dst, size_t dstsize, const char *src, int ascii)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = 0, used, w;
	char buf[4];

	if (dstsize == 0)
		return 0;
	while (s && *s) {
		w = sanitize_one(s, &used, buf, ascii);
		if (n + w >= dstsize)
			break;
		memcpy(dst + n, buf, w);
		n += w;
		s += used;
	}
	dst[n] = '\0';
	return n;
}

char *sd_sanitize(const char *src, int ascii)
{
	size_t cap = src ? strlen(src) * 3 + 1 : 1;   /* a byte grows to at most 3 bytes */
	char *dst = sd_malloc(cap);

	sd_sanitize_into(dst, cap, src ? src : "", ascii);
	return dst;
}

/* Replaces msg[from, to) with "***" (a shorter secret with as many '*': never grows). */
static size_t mask_span(char *msg, size_t from, size_t to)
{
	size_t len = strlen(msg), i;

	if (to - from < 3) {
		for (i = from; i < to; i++)
			msg[i] = '*';
		return to;
	}
	memcpy(msg + from, "***", 3);
	memmove(msg + from + 3, msg + to, len - to + 1);
	return from + 3;
}

void sd_mask_secrets(char *msg)
{
	size_t i, j, end;

	for (i = 0; msg[i]; i++) {
		if (strncmp(msg + i, "://", 3) == 0) {
			/* userinfo ends at '@' before any '/', '?' or space; the password after ':' */
			for (j = i + 3; msg[j] && !strchr("/?@ \t\"'", msg[j]); j++)
				;
			if (msg[j] != '@')
				continue;
			for (end = j, j = i + 3; j < end && msg[j] != ':'; j++)
				;
			if (j + 1 < end)
				i = mask_span(msg, j + 1, end);
		} else if (strncasecmp(msg + i, "password", 8) == 0) {
			for (j = i + 8; msg[j] == ' '; j++)
				;
			if (msg[j] != '=')
				continue;
			for (j++; msg[j] == ' '; j++)
				;
			if (msg[j] == '\'') {
				for (end = j + 1; msg[end] && msg[end] != '\''; end++)
					end += msg[end] == '\\' && msg[end + 1];
				if (msg[end])
					end++;
			} else {
				for (end = j; msg[end] && msg[end] != ' ' && msg[end] != '"'; end++)
					;
			}
			if (end > j)
				i = mask_span(msg, j, end) - 1;
		}
	}
}

/* The password as written in conninfo, into buf ("" when there is none). */
static void conninfo_password(const char *ci, char *buf, size_t size)
{
	const char *p = strstr(ci, "://"), *end, *colon;
	size_t n;

	buf[0] = '\0';
	if (p && strncmp(ci, "postgres", 8) == 0) {
		p += 3;
		end = p + strcspn(p, "/?");
		while (end > p && end[-1] != '@')   /* the last '@' of the authority */
			end--;
		if (end == p)
			return;
		colon = memchr(p, ':', (size_t)(end - 1 - p));
		if (!colon)
			return;
		n = (size_t)(end - 1 - (colon + 1));
		snprintf(buf, size, "%.*s", (int)n, colon + 1);
		return;
	}
	for (p = ci; (p = strstr(p, "password")) != NULL; p += 8) {
		const char *v = p + 8;

		if (p > ci && p[-1] != ' ' && p[-1] != '\t')
			continue;
		while (*v == ' ')
			v++;
		if (*v++ != '=')
			continue;
		while (*v == ' ')
			v++;
		if (*v == '\'') {
			for (v++, n = 0; *v && *v != '\'' && n + 1 < size; v++)
				buf[n++] = *v == '\\' && v[1] ? *++v : *v;
			buf[n] = '\0';
		} else {
			snprintf(buf, size, "%.*s", (int)strcspn(v, " \t"), v);
		}
		return;
	}
}

void sd_mask_conninfo_password(char *msg, const char *conninfo)
{
	char pw[256];
	char *hit;
	size_t n;

	sd_mask_secrets(msg);
	if (!conninfo)
		return;
	conninfo_password(conninfo, pw, sizeof pw);
	n = strlen(pw);
	if (n < 3)
		return;
	while ((hit = strstr(msg, pw)) != NULL)
		mask_span(msg, (size_t)(hit - msg), (size_t)(hit - msg) + n);
}
