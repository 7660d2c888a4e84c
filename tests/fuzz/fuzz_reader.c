/* fuzz_reader.c - one libFuzzer target per import reader: the bytes are a
 * file given to the reader (and to its detect), stored into an in-memory
 * database and rolled back. BZ_FUZZ_READER names the reader's struct. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "import/import.h"
#include "import/reader.h"
#include "store/store.h"

#ifndef BZ_FUZZ_READER
#error "BZ_FUZZ_READER must name a reader, e.g. bz_reader_openalex"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bz_store *fuzz_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bz_import_options options = {.quiet = 1};
    struct bz_import_report report;
    struct bz_import_input *in;
    struct bz_error err;

    if (fuzz_store == NULL &&
        bz_store_open(":memory:", &fuzz_store, &err) != BZ_OK) {
        fprintf(stderr, "fuzz: %s\n", err.message);
        abort();
    }
    (void)BZ_FUZZ_READER.detect((const char *)data,
                                size < BZ_IMPORT_HEAD ? size : BZ_IMPORT_HEAD,
                                "fuzz");
    in = bz_input_memory("fuzz", data, size);
    if (in == NULL)
        return 0;
    if (bz_import_one(fuzz_store, &BZ_FUZZ_READER, in, &options, 0, &report,
                      &err) != BZ_OK) {
        fprintf(stderr, "fuzz: the store failed: %s\n", err.message);
        abort(); /* a reader must never break the database */
    }
    bz_import_report_release(&report);
    bz_input_free(in);
    return 0;
}
