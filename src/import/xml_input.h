/* xml_input.h - libxml2's streaming reader over an import input, safely.
 *
 * The reader never touches the network, never loads a DTD or an external
 * entity (a loader that refuses everything is installed), and does not
 * substitute entities, so an entity bomb expands nothing. Errors libxml2
 * reports are kept in the struct instead of being printed.
 */
#ifndef BZ_XML_INPUT_H
#define BZ_XML_INPUT_H

#include <libxml/xmlreader.h>

#include "core/arena.h"
#include "import/reader.h"

/* A filter may stand between the input and libxml2 (DBLP's entities):
 * it fills buf with up to n bytes and returns the count, 0 at the end,
 * -1 on error (with err filled). */
typedef long (*bz_xml_read_fn)(void *data, char *buf, size_t n,
                               struct bz_error *err);

struct bz_xml {
    xmlTextReaderPtr reader;  /* owned */
    struct bz_import_input *in;
    bz_xml_read_fn read;      /* or NULL: read the input as it is */
    void *read_data;
    struct bz_error read_err; /* why reading the input failed */
    int read_failed;
    char error[256];          /* libxml2's first error, one line */
    int error_line;
};

/* Starts reading in as XML (through read when not NULL). Returns BZ_OK or
 * BZ_NOMEM. Release with bz_xml_release. */
enum bz_status bz_xml_open(struct bz_xml *x, struct bz_import_input *in,
                           bz_xml_read_fn read, void *read_data,
                           struct bz_error *err);
void bz_xml_release(struct bz_xml *x);

/* Moves to the next node: 1, 0 at the end, -1 on an error (see
 * bz_xml_failure). */
int bz_xml_next(struct bz_xml *x);

/* 1 when the current node is the start of an element called local_name
 * (namespace ignored). */
int bz_xml_is_start(struct bz_xml *x, const char *local_name);
/* 1 when it is the end of such an element (or an empty element's start). */
int bz_xml_is_end(struct bz_xml *x, const char *local_name);

/* The local name of the current node, or "". */
const char *bz_xml_name(struct bz_xml *x);

/* The text inside the current element (its descendants' text joined),
 * trimmed and with runs of white space made single spaces, in arena; the
 * reader stays on the element. NULL for an empty element. */
char *bz_xml_text(struct bz_xml *x, struct bz_arena *arena);

/* The value of an attribute of the current element, in arena, or NULL. */
char *bz_xml_attribute(struct bz_xml *x, struct bz_arena *arena,
                       const char *name);

/* The line of the current node. */
long bz_xml_line(struct bz_xml *x);

/* After bz_xml_next returned -1: the status and message for the reader
 * to return (a read error, or libxml2's message), with the input's line
 * set to where libxml2 met it, for the report's FILE:LINE. */
enum bz_status bz_xml_failure(struct bz_xml *x, struct bz_error *err);

#endif
