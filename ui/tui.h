#ifndef HALO_TUI_H
#define HALO_TUI_H
#endif
