/* Written by hand for Voxbench: what OpenJPEG's CMake generates from opj_config_private.h.cmake.in on Linux and
   macOS (glibc and Darwin both have fseeko and posix_memalign; Linux has <malloc.h> and memalign too). */

#define OPJ_PACKAGE_VERSION "2.5.4"

#define _LARGEFILE_SOURCE
#define _LARGE_FILES
#define _FILE_OFFSET_BITS 64
#define OPJ_HAVE_FSEEKO 1

#if defined(__linux__)
#define OPJ_HAVE_MALLOC_H
#define OPJ_HAVE_MEMALIGN
#endif
#define OPJ_HAVE_POSIX_MEMALIGN

#if !defined(_POSIX_C_SOURCE)
#if defined(OPJ_HAVE_FSEEKO) || defined(OPJ_HAVE_POSIX_MEMALIGN)
/* Get declarations of fseeko, ftello, posix_memalign. */
#define _POSIX_C_SOURCE 200112L
#endif
#endif

/* Byte order: CMake finds it with TRY_RUN; the compiler says it here (Mac OS X defines __BIG_ENDIAN__ as before). */
#if !defined(__APPLE__)
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define OPJ_BIG_ENDIAN
#endif
#elif defined(__BIG_ENDIAN__)
# define OPJ_BIG_ENDIAN
#endif
