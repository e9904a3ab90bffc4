/* The key table: one X-macro gives the action enum, the names used in the config and in
 * scripts, the default keys and the help text, so the help screen cannot drift. */
#ifndef SOLARDASH_UI_KEYS_H
#define SOLARDASH_UI_KEYS_H

#include <stddef.h>

#define SD_CTRL(c) ((c) & 0x1f)

/* X(ENUM, "name", key1, key2, key3, "help"); 0 = no key. Keys are ncurses codes. */
#define SD_ACTIONS(X) \
	X(UP,         "up",         KEY_UP,    'k',   0,   "move up") \
	X(DOWN,       "down",       KEY_DOWN,  'j',   0,   "move down") \
	X(PGUP,       "page-up",    KEY_PPAGE, SD_CTRL('b'), 0, "page up") \
	X(PGDN,       "page-down",  KEY_NPAGE, SD_CTRL('f'), 0, "page down") \
	X(HOME,       "first",      KEY_HOME,  'g',   0,   "first row") \
	X(END,        "last",       KEY_END,   'G',   0,   "last row") \
	X(NEXT_PANE,  "next-pane",  '\t',      0,     0,   "next pane") \
	X(PREV_PANE,  "prev-pane",  KEY_BTAB,  0,     0,   "previous pane") \
	X(SORT_PREV,  "sort-prev",  '<',       0,     0,   "sort by the column to the left") \
	X(SORT_NEXT,  "sort-next",  '>',       0,     0,   "sort by the column to the right") \
	X(SORT_FLIP,  "sort-flip",  'r',       0,     0,   "reverse the sort order") \
	X(SEARCH,     "search",     '/',       0,     0,   "search (barcode, order number, name)") \
	X(HELP,       "help",       '?',       KEY_F(1), 0, "this help") \
	X(FREEZE,     "freeze",     ' ',       0,     0,   "freeze / unfreeze the data") \
	X(FASTER,     "faster",     '+',       0,     0,   "refresh more often") \
	X(SLOWER,     "slower",     '-',       0,     0,   "refresh less often") \
	X(RELOAD,     "reload",     SD_CTRL('l'), KEY_F(5), 0, "fetch the data now") \
	X(SCR_QUEUE,  "queue",      '1',       0,     0,   "station queue (operator)") \
	X(SCR_ORDERS, "orders",     '2',       0,     0,   "order board (supervisor)") \
	X(SCR_QUALITY,"quality",    '3',       0,     0,   "quality trends (manager)") \
	X(SCR_VIEWS,  "views",      '4',       0,     0,   "materialized views (admin)") \
	X(SCR_PARTS,  "partitions", '5',       0,     0,   "partitions (admin)") \
	X(SCR_CACHE,  "cache",      '6',       0,     0,   "cache (admin)") \
	X(STATION,    "station",    's',       0,     0,   "queue: show another station") \
	X(ENTER,      "select",     '\n',      KEY_ENTER, '\r', "act on the selected row") \
	X(REFRESH_ONE,"refresh-view", 'R',     0,     0,   "admin: refresh the selected view") \
	X(REFRESH_ALL,"refresh-all", 'A',      0,     0,   "admin: refresh all views") \
	X(CREATE,     "create",     'C',       0,     0,   "admin: create partitions ahead") \
	X(ARCHIVE,    "archive",    'X',       0,     0,   "admin: archive old partitions (preview first)") \
	X(WARM,       "warm",       'W',       0,     0,   "admin: warm the cache for a role") \
	X(INVALIDATE, "invalidate", 'I',       0,     0,   "admin: invalidate cache keys") \
	X(YES,        "yes",        'y',       0,     0,   "confirm") \
	X(NO,         "no",         'n',       27,    0,   "cancel / close") \
	X(LOGOUT,     "logout",     'L',       0,     0,   "log out") \
	X(QUIT,       "quit",       'q',       0,     0,   "quit (not in kiosk mode)")

enum sd_action {
	SD_ACT_NONE = 0,
#define SD_ACT_ENUM(id, name, k1, k2, k3, help) SD_ACT_##id,
	SD_ACTIONS(SD_ACT_ENUM)
#undef SD_ACT_ENUM
	SD_ACT_COUNT
};

struct sd_keydef {
	enum sd_action action;
	const char *name;
	int keys[3];
	const char *help;
};

/* The table, in help order (SD_ACT_COUNT - 1 entries). */
const struct sd_keydef *sd_keys_table(size_t *n);
/* The action bound to an ncurses key code, or SD_ACT_NONE. */
enum sd_action sd_keys_action(int key);
/* The action with this config/script name, or SD_ACT_NONE. */
enum sd_action sd_keys_by_name(const char *name);
const char *sd_keys_action_name(enum sd_action a);
/* Printable name of a key ("Up", "PgDn", "Tab", "q"); writes into buf. */
const char *sd_keys_key_name(int key, char *buf, size_t size);
/* A key name as written in scripts and help ("Down", "C-c", "F5") to a code, or -1. */
int sd_keys_parse_name(const char *name);

#endif
