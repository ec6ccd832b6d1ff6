/*
 * spectest.h - the `spectest` host module that the spec test scripts
 * import from (the test suite's README and imports.wast).
 */
#ifndef SPEC_SPECTEST_H
#define SPEC_SPECTEST_H

#include <stdbool.h>

#include "wexec.h"

/* Creates the module's functions, globals, table and memory in the
 * linker's store and defines them under "spectest". The print functions
 * write their arguments to stdout only when `verbose`. */
wexec_status spectest_define(wexec_linker *linker, wexec_store *store,
                             bool verbose, wexec_error *err);

#endif /* SPEC_SPECTEST_H */
