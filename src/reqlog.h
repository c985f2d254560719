#ifndef HALO_REQLOG_H
#define HALO_REQLOG_H
#endif
