/* dblp_entities.h - dblp.dtd's character entities, built in, and a filter
 * that resolves them in the byte stream before libxml2 sees it.
 *
 * dblp.xml names its accented letters with entities that only dblp.dtd
 * declares (&ouml; &szlig; &eacute; ...). Loading that DTD would mean
 * reading an outside file, and substituting entities is how entity bombs
 * work, so xml_input.c does neither; instead this filter stands between
 * the input and libxml2 (as its bz_xml_read_fn) and rewrites each
 * "&name;" of the table as the numeric character reference of its code
 * point ("&ouml;" -> "&#246;"). libxml2 turns that into the character
 * whatever encoding the document declares (dblp.xml says ISO-8859-1, so
 * writing UTF-8 bytes in its place would be misread).
 *
 * Left as they are: the five entities XML predefines (&amp; &lt; &gt;
 * &quot; &apos;), numeric references (&#...;), an '&' that does not start
 * a reference, and names longer than BZ_DBLP_ENTITY_NAME_MAX. Any other
 * name (one no table entry knows) becomes U+FFFD, the replacement
 * character, and its record goes through: a document never needs a DTD
 * to be read, and an entity declared in a document's own internal subset
 * is never expanded, so a bomb defined there is defused. The filter works
 * byte by byte and keeps a reference cut by the end of a read in a small
 * carry until the next read, so memory stays constant.
 */
#ifndef BZ_DBLP_ENTITIES_H
#define BZ_DBLP_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "import/reader.h"

/* The longest entity name the filter looks up. */
#define BZ_DBLP_ENTITY_NAME_MAX 32

/* Raw bytes read from the input at a time. */
#define BZ_DBLP_FILTER_CHUNK 16384

/* The code point of the entity called name (n bytes, case-sensitive), or
 * 0 when the table has no such name. */
uint32_t bz_dblp_entity_lookup(const char *name, size_t n);

/* The number of entries in the table, and the i-th one (tests). */
size_t bz_dblp_entity_count(void);
const char *bz_dblp_entity_name(size_t i, uint32_t *code_point);

/* The filter's state; the caller owns it (it is about 64 KB: allocate it
 * rather than put it on a small stack). */
struct bz_dblp_filter {
    struct bz_import_input *in;
    char name[BZ_DBLP_ENTITY_NAME_MAX + 1]; /* the carry: a name after '&' */
    size_t name_len;
    int in_reference; /* an '&' was read and its name is being gathered */
    int at_end;       /* the input ended and the carry was flushed */
    long unknown;     /* names replaced by U+FFFD so far */
    char raw[BZ_DBLP_FILTER_CHUNK];
    /* rewritten bytes not yet handed out; a reference can grow from "&x;"
     * to "&#65533;", so three times the chunk and a carry always fit */
    char out[3 * BZ_DBLP_FILTER_CHUNK + 2 * BZ_DBLP_ENTITY_NAME_MAX + 16];
    size_t out_len, out_pos;
};

/* Prepares f to read in. */
void bz_dblp_filter_init(struct bz_dblp_filter *f, struct bz_import_input *in);

/* A bz_xml_read_fn (data is a struct bz_dblp_filter): up to n rewritten
 * bytes into buf, 0 at the end, -1 on a read error (err filled). Newlines
 * read are counted on the input (bz_input_count_lines). */
long bz_dblp_filter_read(void *data, char *buf, size_t n, struct bz_error *err);

#endif
