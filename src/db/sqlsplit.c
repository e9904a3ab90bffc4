/* Splits a migration file into its statements, so that a failure can name the statement and
 * its line. Knows the lexical parts where a ';' does not end a statement: quotes, E'' strings,
 * quoted identifiers, dollar quotes and both kinds of comments. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "solardash/db_admin.h"

/* Length of a dollar-quote tag ("$$" or "$name$") at s, 0 when s does not start one. */
static long dollar_tag(const char *s)
{
	long n = 1;

	if (s[0] != '$')
		return 0;
	if (isdigit((unsigned char)s[1]))
		return 0;   /* $1: a parameter */
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return s[n] == '$' ? n + 1 : 0;
}

/* Offset just past the quoted or commented part that starts at i (i itself if none). */
static long skip_lexeme(const char *s, long i)
{
	long tag, n;
	int depth;

	if (s[i] == '-' && s[i + 1] == '-') {
		while (s[i] && s[i] != '\n')
			i++;
		return i;
	}
	if (s[i] == '/' && s[i + 1] == '*') {
		for (depth = 1, i += 2; s[i] && depth > 0; i++) {
			if (s[i] == '/' && s[i + 1] == '*')
				depth++, i++;
			else if (s[i] == '*' && s[i + 1] == '/')
				depth--, i++;
		}
		return i;
	}
	if (s[i] == '\'' || s[i] == '"') {
		char q = s[i];
		int esc = q == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');

		for (i++; s[i]; i++) {
			if (esc && s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == q && s[i + 1] == q)
				i++;
			else if (s[i] == q)
				return i + 1;
		}
		return i;
	}
	tag = dollar_tag(s + i);
	if (tag > 0 && (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))) {
		const char *end;

		for (n = i + tag; s[n]; n++)
			if (s[n] == '$' && strncmp(s + n, s + i, tag) == 0)
				break;
		end = s + n;
		return *end ? n + tag : n;
	}
	return i;
}

long sd_sql_next_statement(const char *sql, long from, long *start)
{
	long i = from, j;

	*start = -1;
	while (sql[i]) {
		j = skip_lexeme(sql, i);
		if (j != i) {
			/* A comment before the first token does not start the statement. */
			if (*start < 0 && !(sql[i] == '-' || sql[i] == '/'))
				*start = i;
			i = j;
			continue;
		}
		if (sql[i] == ';')
			return *start < 0 ? (*start = -1, i + 1) : i + 1;
		if (*start < 0 && !isspace((unsigned char)sql[i]))
			*start = i;
		i++;
	}
	return *start < 0 ? -1 : i;
}
