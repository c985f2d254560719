#ifndef HALO_CLI_H
#define HALO_CLI_H
#endif
