/* The one sanitiser for text from the database: screens and text outputs both use it, so
 * an escape sequence in a station name or a note can never move the cursor. */
#ifndef SOLARDASH_SANITIZE_H
#define SOLARDASH_SANITIZE_H

#include <stddef.h>

/* Copies src into a new string in which every C0/C1 control character, DEL, and every byte
 * that is not part of valid UTF-8 is replaced by a visible placeholder: U+FFFD (or '?' when
 * ascii is set). Tabs and newlines become a space. Never returns NULL (aborts on OOM). */
char *sd_sanitize(const char *src, int ascii);

/* Same, into a caller's buffer; always NUL-terminates; returns the length written. */
size_t sd_sanitize_into(char *dst, size_t dstsize, const char *src, int ascii);

/* Masks passwords in a message in place: "scheme://user:SECRET@" and "password=SECRET"
 * (quoted or not) become "***", so a libpq error quoting a malformed conninfo cannot put the
 * password into a terminal, a cron mail or a monitoring log. */
void sd_mask_secrets(char *msg);

/* Also masks every occurrence in msg of the password written in conninfo (URI userinfo or
 * password=), so a message that quotes only a bad token of it ("pa%ss") hides it too.
 * Passwords shorter than 3 bytes are left to sd_mask_secrets' patterns. */
void sd_mask_conninfo_password(char *msg, const char *conninfo);

#endif
