/* input.h - the driver's side of struct bz_import_input (reader.h has the
 * readers' side). */
#ifndef BZ_INPUT_H
#define BZ_INPUT_H

#include "import/reader.h"

/* Opens path ("-": standard input), plain or gzip. NULL with err filled
 * when it cannot be opened. */
struct bz_import_input *bz_input_open(const char *path, struct bz_error *err);

/* Reads (once) and shows the first BZ_IMPORT_HEAD bytes. */
enum bz_status bz_input_load_head(struct bz_import_input *in,
                                  const char **head, size_t *len,
                                  struct bz_error *err);

/* Compressed bytes read so far and the file's size (-1 when unknown), for
 * the progress bar. */
long long bz_input_progress(const struct bz_import_input *in,
                            long long *total);

#endif
