#ifndef OPJ_CONFIG_H_INCLUDED
#define OPJ_CONFIG_H_INCLUDED

/* Written by hand for Voxbench: what OpenJPEG's CMake generates from opj_config.h.cmake.in on Linux and macOS. */

#define OPJ_HAVE_STDINT_H 1
#define OPJ_HAVE_INTTYPES_H 1

/* Version number. */
#define OPJ_VERSION_MAJOR 2
#define OPJ_VERSION_MINOR 5
#define OPJ_VERSION_BUILD 4

#endif
