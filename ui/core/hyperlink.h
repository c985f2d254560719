/* SPDX-License-Identifier: MIT */
/* OSC 8 hyperlinks over text that curses drew. A curses cell cannot carry
 * a hyperlink, so a pane names, as it draws, the cells that show a link
 * (its text, as drawn, and the URL); after the frame is on the screen the
 * loop writes each of them again, straight to the terminal, wrapped in
 * OSC 8 open and close: the cursor and the attributes are saved before
 * (DECSC) and restored after (DECRC), the text is written with the same
 * attributes it was drawn with, so that what curses believes is on the
 * screen stays true. Only printable ASCII text is linked (one column a
 * byte), and only when nothing is drawn over the pane that named it.
 * `hyperlinks: auto|on|off` decides; auto asks termseq_hyperlinks_auto.
 * UI thread only. */
#ifndef HALO_UI_HYPERLINK_H
#define HALO_UI_HYPERLINK_H

#include <stdbool.h>
#include <stddef.h>

struct ui;
struct pane;

/* Whether links are written (the setting and the terminal). */
bool ui_links_enabled(struct ui *ui);
/* Cells (y, x) .. (y, x + n) of pane p show text[0..n) in attr as drawn,
 * a link to url (weburl_clean'ed). Ignored when links are off or either
 * is not printable ASCII. */
void ui_link_add(struct ui *ui, struct pane *p, int y, int x,
                 const char *text, size_t n, int attr, const char *url);
/* Forgets the last frame's links (before drawing one). */
void ui_links_reset(void);
/* Writes this frame's links (after the frame is on the screen). */
void ui_links_flush(struct ui *ui);

#endif
