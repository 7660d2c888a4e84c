/* xml_input.c - a libxml2 text reader with no network, no DTD, no
 * entities, and errors kept for the import report. */
#include "import/xml_input.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

/* Refuses every external entity, DTD or schema libxml2 would load. */
static xmlParserInputPtr xml_no_loader(const char *url, const char *id,
                                       xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(xml_no_loader);
}

static int xml_read_cb(void *context, char *buf, int len)
{
    struct bz_xml *x = context;
    long got;

    if (len <= 0)
        return 0;
    got = x->read ? x->read(x->read_data, buf, (size_t)len, &x->read_err)
                  : bz_input_read(x->in, buf, (size_t)len, &x->read_err);
    if (got < 0) {
        x->read_failed = 1;
        return -1;
    }
    return (int)got;
}

static int xml_close_cb(void *context)
{
    (void)context;
    return 0;
}

static void xml_error_cb(void *arg, const char *msg,
                         xmlParserSeverities severity,
                         xmlTextReaderLocatorPtr locator)
{
    struct bz_xml *x = arg;
    size_t n;

    if (x->error[0] || (severity != XML_PARSER_SEVERITY_ERROR &&
                        severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
        return;
    snprintf(x->error, sizeof(x->error), "%s", msg ? msg : "XML error");
    n = strlen(x->error);
    while (n > 0 && (x->error[n - 1] == '\n' || x->error[n - 1] == ' '))
        x->error[--n] = '\0';
    x->error_line = xmlTextReaderLocatorLineNumber(locator);
}

enum bz_status bz_xml_open(struct bz_xml *x, struct bz_import_input *in,
                           bz_xml_read_fn read, void *read_data,
                           struct bz_error *err)
{
    /* no NOENT (entities stay unexpanded), no DTDLOAD, no DTDATTR, no
     * XINCLUDE; NONET in case anything asks all the same */
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                  XML_PARSE_NOWARNING;

    pthread_once(&xml_once, xml_init);
    memset(x, 0, sizeof(*x));
    x->in = in;
    x->read = read;
    x->read_data = read_data;
    x->reader = xmlReaderForIO(xml_read_cb, xml_close_cb, x, NULL, NULL,
                               options);
    if (x->reader == NULL)
        return bz_error_set(err, BZ_NOMEM, "cannot start the XML reader");
    xmlTextReaderSetErrorHandler(x->reader, xml_error_cb, x);
    return BZ_OK;
}

void bz_xml_release(struct bz_xml *x)
{
    if (x->reader)
        xmlFreeTextReader(x->reader);
    x->reader = NULL;
}

int bz_xml_next(struct bz_xml *x)
{
    int rc = xmlTextReaderRead(x->reader);

    if (rc < 0 || x->read_failed || x->error[0])
        return -1;
    return rc;
}

const char *bz_xml_name(struct bz_xml *x)
{
    const xmlChar *name = xmlTextReaderConstLocalName(x->reader);

    return name ? (const char *)name : "";
}

int bz_xml_is_start(struct bz_xml *x, const char *local_name)
{
    return xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT &&
           strcmp(bz_xml_name(x), local_name) == 0;
}

int bz_xml_is_end(struct bz_xml *x, const char *local_name)
{
    int type = xmlTextReaderNodeType(x->reader);

    if (strcmp(bz_xml_name(x), local_name) != 0)
        return 0;
    return type == XML_READER_TYPE_END_ELEMENT ||
           (type == XML_READER_TYPE_ELEMENT &&
            xmlTextReaderIsEmptyElement(x->reader) == 1);
}

/* Copies s into arena with white space runs made single spaces, trimmed. */
static char *xml_squeeze(struct bz_arena *arena, const char *s)
{
    size_t n = strlen(s), o = 0, i;
    char *out = bz_arena_alloc(arena, n + 1);
    int space = 0;

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return o ? out : NULL;
}

char *bz_xml_text(struct bz_xml *x, struct bz_arena *arena)
{
    xmlChar *text = xmlTextReaderReadString(x->reader);
    char *out;

    if (text == NULL)
        return NULL;
    out = xml_squeeze(arena, (const char *)text);
    xmlFree(text);
    return out;
}

char *bz_xml_attribute(struct bz_xml *x, struct bz_arena *arena,
                       const char *name)
{
    xmlChar *value = xmlTextReaderGetAttribute(x->reader,
                                               (const xmlChar *)name);
    char *out;

    if (value == NULL)
        return NULL;
    out = bz_arena_strdup(arena, (const char *)value);
    xmlFree(value);
    return out;
}

long bz_xml_line(struct bz_xml *x)
{
    return xmlTextReaderGetParserLineNumber(x->reader);
}

enum bz_status bz_xml_failure(struct bz_xml *x, struct bz_error *err)
{
    bz_input_set_line(x->in, x->error_line > 0 ? x->error_line
                                               : bz_xml_line(x));
    if (x->read_failed) {
        if (err)
            *err = x->read_err;
        return x->read_err.status != BZ_OK ? x->read_err.status : BZ_IO;
    }
    return bz_error_set(err, BZ_INVALID, "XML: %s",
                        x->error[0] ? x->error : "the document is not "
                                                 "well-formed");
}
