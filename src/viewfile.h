/* SPDX-License-Identifier: MIT */
/* views.yaml: the views :save-view keeps, in the shape of config.yaml's
 * views: section, in a file of its own (config.yaml is the user's, with
 * comments that a rewrite through libyaml would lose). */
#ifndef HALO_VIEWFILE_H
#define HALO_VIEWFILE_H

#include <stddef.h>
#include "errbuf.h"
#include "viewdef.h"

/* The text of a views file holding views[0..n): a comment line, then
 * views: with each view's resource, search, filters as written (a list
 * for several values), sort and desc. NULL when out of memory. */
char *viewfile_text(const struct viewdef *views, size_t n);

/* Adds d to the views file at path, replacing a view of the same name:
 * the file is read again first (its other views are kept; a file that
 * cannot be read as a views file is left alone and is the error), then
 * written aside, synced and renamed, 0600 (cachefile_write_plain). */
enum halo_status viewfile_save(const char *path, const struct viewdef *d,
                               struct errbuf *err);

#endif
