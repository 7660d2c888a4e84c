/* reader_openalex.c - OpenAlex JSON: snapshot JSON Lines (one entity per
 * line) and API responses (one entity, or {"results": [...]}). */
#include <stdio.h>
#include <string.h>

#include "import/import.h"
#include "import/import_json.h"
#include "import/import_openalex.h"
#include "import/json_tree.h"
#include "import/reader.h"

static int openalex_detect(const char *head, size_t len, const char *name)
{
    size_t i = 0;

    (void)name;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (i == len || head[i] != '{')
        return 0;
    return memmem(head, len, "openalex.org/", 13) != NULL ||
           memmem(head, len, "\"authorships\"", 13) != NULL ||
           memmem(head, len, "\"abstract_inverted_index\"", 25) != NULL;
}

/* One entity object at line: a work, author, institution, source or
 * topic; concepts, publishers and funders are not kept. 0 to go on, -1 to
 * stop. */
static int openalex_entity(struct bz_import_context *ctx, yajl_val object,
                           long line)
{
    struct bz_arena *arena = bz_import_record_arena(ctx);
    struct bz_error err = {0};
    enum bz_status rc;

    bz_import_record_begin(ctx);
    switch (bz_openalex_kind(object)) {
    case 'W': {
        struct bz_work_record r;

        if ((rc = bz_openalex_work_read(object, arena, &r, &err)) == BZ_OK)
            return bz_import_work(ctx, &r, line);
        break;
    }
    case 'A': {
        struct bz_researcher_record r;

        if ((rc = bz_openalex_author_read(object, arena, &r, &err)) == BZ_OK)
            return bz_import_researcher(ctx, &r, line);
        break;
    }
    case 'I': {
        struct bz_institution_record r;

        rc = bz_openalex_institution_read(object, arena, &r, &err);
        if (rc == BZ_OK)
            return bz_import_institution(ctx, &r, line);
        break;
    }
    case 'S': {
        struct bz_venue_record r;

        if ((rc = bz_openalex_source_read(object, arena, &r, &err)) == BZ_OK)
            return bz_import_venue(ctx, &r, line);
        break;
    }
    case 'T': {
        struct bz_topic_record r;

        if ((rc = bz_openalex_topic_read(object, arena, &r, &err)) == BZ_OK)
            return bz_import_topic(ctx, &r, line);
        break;
    }
    case 'C':
    case 'P':
    case 'F':
        return 0; /* legacy concepts, publishers, funders: not kept */
    default:
        return bz_import_skip(ctx, line, "not an OpenAlex entity");
    }
    return bz_import_skip(ctx, line, err.message);
}

/* One JSON text: an entity, or a response whose "results" are entities. */
static int openalex_text(struct bz_import_context *ctx, yajl_val root,
                         long line, void *data)
{
    yajl_val results;
    int bad = 0, rc = 0;
    size_t i;

    (void)data;
    results = bz_openalex_kind(root) ? NULL
                                     : bz_jt_array(root, "results", &bad);
    if (results == NULL)
        return openalex_entity(ctx, root, line);
    for (i = 0; i < results->u.array.len && rc == 0; i++)
        rc = openalex_entity(ctx, results->u.array.values[i], line);
    return rc;
}

static enum bz_status openalex_read(struct bz_import_input *in,
                                    struct bz_import_context *ctx,
                                    struct bz_error *err)
{
    return bz_import_json_read(in, ctx, openalex_text, NULL, err);
}

const struct bz_reader bz_reader_openalex = {
    .name = "openalex",
    .detect = openalex_detect,
    .read = openalex_read,
};

/* --- merged ids ---------------------------------------------------------- */

/* merged_ids/<entity>/<date>.csv(.gz): "merge_date,id,merge_into_id", then
 * one row per id that OpenAlex merged into another. */
static int merged_ids_detect(const char *head, size_t len, const char *name)
{
    static const char header[] = "merge_date,id,merge_into_id";

    (void)name;
    return len >= sizeof(header) - 1 &&
           memcmp(head, header, sizeof(header) - 1) == 0;
}

/* "A123" or "https://openalex.org/A123": the short id, or NULL. */
static const char *merged_ids_short(char *field)
{
    char *slash = strrchr(field, '/');
    char *id = slash ? slash + 1 : field;
    size_t i;

    if (!strchr("WAISCTPF", id[0]) || id[1] == '\0')
        return NULL;
    for (i = 1; id[i]; i++)
        if (id[i] < '0' || id[i] > '9')
            return NULL;
    return id;
}

static int merged_ids_row(struct bz_import_context *ctx, char *row,
                          long line)
{
    char *date = row, *old_id, *new_id;
    const char *from, *to;
    char kind;

    old_id = strchr(date, ',');
    new_id = old_id ? strchr(old_id + 1, ',') : NULL;
    if (new_id == NULL || strchr(new_id + 1, ','))
        return bz_import_skip(ctx, line,
                              "expected merge_date,id,merge_into_id");
    *old_id++ = '\0';
    *new_id++ = '\0';
    from = merged_ids_short(old_id);
    to = merged_ids_short(new_id);
    if (from == NULL || to == NULL || from[0] != to[0])
        return bz_import_skip(ctx, line,
                              "ids are not two OpenAlex ids of one kind");
    kind = from[0] == 'A' ? 'R' : from[0];
    if (!strchr("WRIT", kind))
        return 0; /* sources, concepts, publishers, funders: not kept */
    return bz_import_alias(ctx, kind, "openalex", from, to, line);
}

static enum bz_status merged_ids_read(struct bz_import_input *in,
                                      struct bz_import_context *ctx,
                                      struct bz_error *err)
{
    struct bz_buf line;
    int got, too_long;

    bz_buf_init(&line, 4096);
    while ((got = bz_input_line(in, &line, &too_long, err)) == 1) {
        long number = bz_input_line_number(in);

        if (number == 1 || line.len == 0)
            continue; /* the header */
        bz_import_record_begin(ctx);
        if (too_long ? bz_import_skip(ctx, number, "row too long") < 0
                     : merged_ids_row(ctx, line.data, number) < 0)
            break;
    }
    bz_buf_release(&line);
    return got < 0 ? BZ_IO : BZ_OK;
}

const struct bz_reader bz_reader_openalex_merged_ids = {
    .name = "openalex-merged-ids",
    .detect = merged_ids_detect,
    .read = merged_ids_read,
};
