/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "sla_style.h"

#include <stdlib.h>

#include "clock.h"
#include "screen.h"
#include "text.h"
#include "trace.h"
#include "ui.h"

bool sla_role(enum sla_state state, enum theme_role *role)
{
	switch (state) {
	case SLA_BREACHED:
		*role = ROLE_SLA_BREACHED;
		return true;
	case SLA_WARNING:
		*role = ROLE_SLA_WARNING;
		return true;
	case SLA_OK:
		*role = ROLE_SLA_OK;
		return true;
	case SLA_NONE:
	case SLA_PAUSED:
		break;
	}
	return false;
}

enum sla_state sla_state_now(const struct record *r)
{
	struct sla_status s;

	sla_status(r, clock_now(), &s);
	return s.state;
}

void sla_paint_cell(struct ui *ui, const struct column_layout *cl,
                    const struct record *r, int y, int x)
{
	struct sla_status s;
	enum theme_role role;
	char cell[64], *fitted;
	int cx, i = columns_find(cl, FIELD_SLA, &cx);

	if (i < 0)
		return;
	sla_status(r, clock_now(), &s);
	if (!sla_role(s.state, &role))
		return;
	sla_cell(&s, cell, sizeof cell);
	fitted = text_fit(cell, cl->widths[i], 1);
	if (!fitted)
		ui_oom();
	screen_put(y, x + cx, cl->widths[i], fitted, ui->attrs[role]);
	free(fitted);
}
