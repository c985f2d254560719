/* SPDX-License-Identifier: MIT */
/* The SLA countdown's colours: the theme role of each risk (sla.breached,
 * sla.warning, sla.ok) and the list cell drawn in it. */
#ifndef HALO_UI_SLA_STYLE_H
#define HALO_UI_SLA_STYLE_H

#include <stdbool.h>
#include "columns.h"
#include "record.h"
#include "sla.h"
#include "theme.h"

struct ui;

/* The role for a state; false for one drawn as normal text (none,
 * paused). */
bool sla_role(enum sla_state state, enum theme_role *role);

/* The state of r's SLA now (clock_now). */
enum sla_state sla_state_now(const struct record *r);

/* Draws r's SLA cell again, in its risk's colour, over the row just
 * drawn at (y, x) with layout cl; nothing when cl shows no SLA column. */
void sla_paint_cell(struct ui *ui, const struct column_layout *cl,
                    const struct record *r, int y, int x);

#endif
