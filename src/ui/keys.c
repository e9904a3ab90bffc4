/* The key table built from SD_ACTIONS: lookups by key and by name, and key names for the
 * help screen and for scripts ("<Down>", "<C-c>"). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "solardash/ui_keys.h"

static const struct sd_keydef table[] = {
#define SD_KEY_ROW(id, name, k1, k2, k3, help) { SD_ACT_##id, name, { k1, k2, k3 }, help },
	SD_ACTIONS(SD_KEY_ROW)
#undef SD_KEY_ROW
};

const struct sd_keydef *sd_keys_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

enum sd_action sd_keys_action(int key)
{
	size_t i, k;

	if (key == 0)
		return SD_ACT_NONE;
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		for (k = 0; k < 3; k++)
			if (table[i].keys[k] == key)
				return table[i].action;
	return SD_ACT_NONE;
}

enum sd_action sd_keys_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].action;
	return SD_ACT_NONE;
}

const char *sd_keys_action_name(enum sd_action a)
{
	if (a <= SD_ACT_NONE || a >= SD_ACT_COUNT)
		return "none";
	return table[a - 1].name;
}

/* Named keys, both for the help screen and for <Name> in scripts. */
static const struct { const char *name; int key; } names[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Tab", '\t' }, { "S-Tab", KEY_BTAB }, { "Enter", '\n' }, { "KEnter", KEY_ENTER },
	{ "Return", '\r' }, { "Esc", 27 }, { "Space", ' ' }, { "BS", KEY_BACKSPACE },
	{ "Del", 127 }, { "Resize", KEY_RESIZE }, { "Lt", '<' }, { "Gt", '>' },
};

const char *sd_keys_key_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key)
			return names[i].name;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key >= 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

int sd_keys_parse_name(const char *name)
{
	size_t i;
	int n;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(names[i].name, name) == 0)
			return names[i].key;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3])
		return SD_CTRL(name[2]);
	if ((name[0] == 'F' || name[0] == 'f') && sscanf(name + 1, "%d", &n) == 1 &&
	    n >= 1 && n <= 12)
		return KEY_F(n);
	if (name[0] && !name[1])
		return (unsigned char)name[0];
	return -1;
}
