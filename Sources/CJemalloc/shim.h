#ifndef CLAIMCHECK_JEMALLOC_SHIM_H
#define CLAIMCHECK_JEMALLOC_SHIM_H
/* Nothing is called from here: linking libjemalloc into an executable replaces
   malloc and free for the whole process (Swift's runtime, libxml2, Foundation).
   See the CJemalloc target in Package.swift for why. */
#include <jemalloc/jemalloc.h>
#endif
