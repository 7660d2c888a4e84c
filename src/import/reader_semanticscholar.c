/* reader_semanticscholar.c - Semantic Scholar Graph API JSON: a paper, the
 * lists that carry papers (search, batch, author papers, citations,
 * references, recommendations, snippets), an author with its papers, and
 * JSON Lines of papers (the API's or the datasets' lower-case keys). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "import/import.h"
#include "import/import_openalex.h"
#include "import/import_json.h"
#include "import/json_tree.h"
#include "import/reader.h"

/* Most authors kept per paper. */
#define S2_MAX_AUTHORS 5000

static const char s2_not_paper[] =
    "not a Semantic Scholar paper or list of papers";

/* --- detection ------------------------------------------------------------ */

static int s2_has(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle)) != NULL;
}

static int s2_detect(const char *head, size_t len, const char *name)
{
    size_t i = 0;

    (void)name;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (i == len || (head[i] != '{' && head[i] != '['))
        return 0;
    head += i;
    len -= i;
    return s2_has(head, len, "\"paperId\"") ||
           s2_has(head, len, "\"authorId\"") ||
           s2_has(head, len, "\"recommendedPapers\"") ||
           (s2_has(head, len, "\"snippet\"") &&
            s2_has(head, len, "\"corpusId\""));
}

/* --- one paper ------------------------------------------------------------ */

static enum bz_status s2_bad(struct bz_error *err, const char *field,
                             const char *want)
{
    return bz_error_set(err, BZ_INVALID, "field '%s' is not %s", field, want);
}

/* The member key, or its lower-case spelling in the datasets' files
 * ("externalIds" / "externalids"). */
static yajl_val s2_get(yajl_val object, const char *key)
{
    char lower[64];
    yajl_val v = bz_jt_get(object, key);
    size_t i;

    if (v || strlen(key) >= sizeof(lower))
        return v;
    for (i = 0; key[i]; i++)
        lower[i] = (char)tolower((unsigned char)key[i]);
    lower[i] = '\0';
    return bz_jt_get(object, lower);
}

/* A string member; NULL when absent, null or empty; *bad for another
 * type. */
static const char *s2_string(yajl_val object, const char *key, int *bad)
{
    yajl_val v = s2_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (!YAJL_IS_STRING(v)) {
        *bad = 1;
        return NULL;
    }
    return *v->u.string ? v->u.string : NULL;
}

/* An id that may be a string or a number (CorpusId, MAG), as a string. */
static const char *s2_id_text(struct bz_arena *arena, yajl_val v, int *bad)
{
    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (YAJL_IS_INTEGER(v))
        return bz_arena_printf(arena, "%lld", YAJL_GET_INTEGER(v));
    if (!YAJL_IS_STRING(v)) {
        *bad = 1;
        return NULL;
    }
    return *v->u.string ? v->u.string : NULL;
}

/* "2006.14178v2" -> "2006.14178"; "arXiv:hep-th/9901001" -> hep-th/... */
static const char *s2_arxiv(struct bz_arena *arena, const char *id)
{
    size_t n, k;

    if (strncasecmp(id, "arxiv:", 6) == 0)
        id += 6;
    n = strlen(id);
    k = n;
    while (k > 0 && isdigit((unsigned char)id[k - 1]))
        k--;
    if (k > 1 && k < n && id[k - 1] == 'v')
        n = k - 1;
    return n ? bz_arena_strndup(arena, id, n) : NULL;
}

static int s2_add_id(struct bz_work_record *out, const char *scheme,
                     const char *value)
{
    size_t i;

    if (value == NULL || *value == '\0')
        return 0;
    for (i = 0; i < out->id_count; i++)
        if (strcmp(out->ids[i].scheme, scheme) == 0)
            return 0;
    out->ids[out->id_count++] =
        (struct bz_external_id){scheme, value, "semanticscholar"};
    return 1;
}

/* A string member, or with numbers set a number too (CorpusId, MAG), as a
 * string; *bad_field names the first member of another type. */
static const char *s2_member(struct bz_arena *arena, yajl_val object,
                             const char *key, int numbers,
                             const char **bad_field)
{
    yajl_val v = s2_get(object, key);
    int bad = v && YAJL_IS_INTEGER(v) && !numbers;
    const char *s = bad ? NULL : s2_id_text(arena, v, &bad);

    if (bad && *bad_field == NULL)
        *bad_field = key;
    return s;
}

/* paperId and externalIds: DOI, ArXiv, DBLP, PubMed, MAG, CorpusId. */
static enum bz_status s2_ids(yajl_val paper, struct bz_arena *arena,
                             struct bz_work_record *out, struct bz_error *err)
{
    yajl_val ext = s2_get(paper, "externalIds");
    const char *paper_id, *doi, *arxiv, *corpus, *bad = NULL;

    if (ext && !YAJL_IS_NULL(ext) && !YAJL_IS_OBJECT(ext))
        return s2_bad(err, "externalIds", "an object");
    out->ids = bz_arena_calloc(arena, 8, sizeof(*out->ids));
    if (out->ids == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    paper_id = s2_member(arena, paper, "paperId", 0, &bad);
    doi = s2_member(arena, ext, "DOI", 0, &bad);
    arxiv = s2_member(arena, ext, "ArXiv", 0, &bad);
    s2_add_id(out, "dblp", s2_member(arena, ext, "DBLP", 0, &bad));
    s2_add_id(out, "pmid", s2_member(arena, ext, "PubMed", 1, &bad));
    s2_add_id(out, "mag", s2_member(arena, ext, "MAG", 1, &bad));
    corpus = s2_member(arena, ext, "CorpusId", 1, &bad);
    if (corpus == NULL)
        corpus = s2_member(arena, paper, "corpusId", 1, &bad);
    if (bad)
        return s2_bad(err, bad, "a string");

    if (paper_id) {
        s2_add_id(out, "s2", paper_id);
        out->source_record = bz_arena_printf(arena, "s2:%s", paper_id);
    } else if (corpus) {
        out->source_record = bz_arena_printf(arena, "s2:CorpusId:%s", corpus);
    }
    if (doi && (doi = bz_openalex_normalise_doi(arena, doi)) != NULL)
        s2_add_id(out, "doi", doi);
    if (arxiv)
        s2_add_id(out, "arxiv", s2_arxiv(arena, arxiv));
    s2_add_id(out, "s2corpus", corpus);
    return BZ_OK;
}

/* "JournalArticle" -> "journal article". */
static char *s2_type_words(struct bz_arena *arena, const char *type)
{
    char *out = bz_arena_alloc(arena, 2 * strlen(type) + 1);
    size_t i, o = 0;

    if (out == NULL)
        return NULL;
    for (i = 0; type[i]; i++) {
        unsigned char c = (unsigned char)type[i];

        if (isupper(c) && o > 0 && out[o - 1] != ' ')
            out[o++] = ' ';
        out[o++] = c == '-' || c == '_' ? ' ' : (char)tolower(c);
    }
    out[o] = '\0';
    return out;
}

/* publicationTypes, most telling first, in bzpeer's words. */
static enum bz_status s2_type(yajl_val paper, struct bz_arena *arena,
                              const char **type, struct bz_error *err)
{
    static const char *const map[][2] = {
        {"Conference", "conference paper"},
        {"JournalArticle", "article"},
        {"BookSection", "book chapter"},
        {"Book", "book"},
        {"Dataset", "dataset"},
        {"Thesis", "thesis"},
    };
    yajl_val types = s2_get(paper, "publicationTypes");
    size_t i, j;

    *type = NULL;
    if (types == NULL || YAJL_IS_NULL(types))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(types))
        return s2_bad(err, "publicationTypes", "a list of strings");
    for (j = 0; j < types->u.array.len; j++)
        if (!YAJL_IS_STRING(types->u.array.values[j]))
            return s2_bad(err, "publicationTypes", "a list of strings");
    for (i = 0; i < sizeof(map) / sizeof(*map); i++)
        for (j = 0; j < types->u.array.len; j++)
            if (strcmp(types->u.array.values[j]->u.string, map[i][0]) == 0) {
                *type = map[i][1];
                return BZ_OK;
            }
    if (types->u.array.len > 0)
        *type = s2_type_words(arena, types->u.array.values[0]->u.string);
    return BZ_OK;
}

/* {"authorId", "name", "affiliations"}, or a bare name (snippets);
 * *kept is 0 for an author with no name. */
static enum bz_status s2_author(yajl_val a, struct bz_arena *arena,
                                struct bz_author_record *out, int *kept,
                                struct bz_error *err)
{
    yajl_val affs;
    const char *id;
    int bad = 0;
    size_t i;

    memset(out, 0, sizeof(*out));
    *kept = 0;
    if (YAJL_IS_STRING(a)) {
        out->raw_name = bz_import_plain_text(arena, a->u.string);
        *kept = out->raw_name != NULL;
        return BZ_OK;
    }
    out->raw_name = bz_import_plain_text(arena, s2_string(a, "name", &bad));
    id = s2_id_text(arena, s2_get(a, "authorId"), &bad);
    affs = bz_jt_array(a, "affiliations", &bad);
    if (bad || !YAJL_IS_OBJECT(a))
        return s2_bad(err, "authors", "a list of authors");
    if (out->raw_name == NULL)
        return BZ_OK;
    *kept = 1;
    if (id) {
        out->ids = bz_arena_calloc(arena, 1, sizeof(*out->ids));
        if (out->ids == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->ids[out->id_count++] =
            (struct bz_external_id){"s2", id, "semanticscholar"};
    }
    if (affs == NULL || affs->u.array.len == 0)
        return BZ_OK;
    out->institutions =
        bz_arena_calloc(arena, affs->u.array.len, sizeof(*out->institutions));
    if (out->institutions == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < affs->u.array.len; i++) {
        yajl_val aff = affs->u.array.values[i];
        const char *name;

        if (!YAJL_IS_STRING(aff))
            return s2_bad(err, "authors[].affiliations", "a list of names");
        if ((name = bz_import_plain_text(arena, aff->u.string)) != NULL)
            out->institutions[out->institution_count++].display_name = name;
    }
    return BZ_OK;
}

/* A string member as plain text; *bad_field names the first member of
 * another type. */
static const char *s2_text_member(struct bz_arena *arena, yajl_val object,
                                  const char *key, const char **bad_field)
{
    int bad = 0;
    const char *s = s2_string(object, key, &bad);

    if (bad && *bad_field == NULL)
        *bad_field = key;
    return bz_import_plain_text(arena, s);
}

/* isOpenAccess when stated, else 1 when an open-access PDF is given. */
static int s2_open_access(yajl_val paper, int *bad)
{
    yajl_val v = s2_get(paper, "isOpenAccess");
    yajl_val pdf = s2_get(paper, "openAccessPdf");

    if (v && YAJL_IS_TRUE(v))
        return 1;
    if (v && YAJL_IS_FALSE(v))
        return 0;
    if (v && !YAJL_IS_NULL(v))
        *bad = 1;
    return s2_string(pdf, "url", bad) ? 1 : -1;
}

/* Most references of a paper kept as citation edges. */
#define S2_MAX_REFERENCES 5000

/* citationCount, and the paperIds of references (those S2 resolved; the
 * others carry no paperId and are left out). */
static enum bz_status s2_citations(yajl_val paper, struct bz_arena *arena,
                                   struct bz_work_record *out,
                                   struct bz_error *err)
{
    yajl_val count = s2_get(paper, "citationCount");
    yajl_val refs = s2_get(paper, "references");
    size_t i, n;

    out->cited_by_count = -1;
    if (count && YAJL_IS_INTEGER(count) && YAJL_GET_INTEGER(count) >= 0)
        out->cited_by_count = (long)YAJL_GET_INTEGER(count);
    if (refs == NULL || !YAJL_IS_ARRAY(refs) || refs->u.array.len == 0)
        return BZ_OK;
    n = refs->u.array.len;
    if (n > S2_MAX_REFERENCES)
        n = S2_MAX_REFERENCES;
    out->references = bz_arena_calloc(arena, n, sizeof(*out->references));
    if (out->references == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        yajl_val id = bz_jt_get(refs->u.array.values[i], "paperId");

        if (id == NULL || !YAJL_IS_STRING(id) || *YAJL_GET_STRING(id) == '\0')
            continue;
        out->references[out->reference_count++] = (struct bz_external_id){
            "s2", YAJL_GET_STRING(id), "semanticscholar"};
    }
    return BZ_OK;
}

/* Fills out from one paper object, in arena. owner (or NULL) is the author
 * whose papers these are: the sole author of a paper that lists none. */
enum bz_status bz_reader_semanticscholar_paper(yajl_val paper, yajl_val owner,
                                               struct bz_arena *arena,
                                               struct bz_work_record *out,
                                               struct bz_error *err)
{
    yajl_val year = s2_get(paper, "year");
    yajl_val authors = s2_get(paper, "authors");
    const char *bad_field = NULL;
    enum bz_status rc;
    int bad = 0;

    memset(out, 0, sizeof(*out));
    out->source = "semanticscholar";
    if (!YAJL_IS_OBJECT(paper))
        return bz_error_set(err, BZ_INVALID, "a paper is not a JSON object");
    out->title = s2_text_member(arena, paper, "title", &bad_field);
    out->abstract = s2_text_member(arena, paper, "abstract", &bad_field);
    out->venue = s2_text_member(arena, paper, "venue", &bad_field);
    if (out->venue == NULL)
        out->venue =
            s2_text_member(arena, s2_get(paper, "journal"), "name", &bad_field);
    out->landing_url = s2_string(paper, "url", &bad);
    if (bad && bad_field == NULL)
        bad_field = "url";
    out->open_access = s2_open_access(paper, &bad);
    if (bad && bad_field == NULL)
        bad_field = "isOpenAccess";
    if (bad_field)
        return s2_bad(err, bad_field, "a string");
    if (year && !YAJL_IS_NULL(year)) {
        if (!YAJL_IS_INTEGER(year))
            return s2_bad(err, "year", "a year");
        if (YAJL_GET_INTEGER(year) >= 1 && YAJL_GET_INTEGER(year) <= 9999)
            out->publication_year = (int)YAJL_GET_INTEGER(year);
    }
    if ((rc = s2_ids(paper, arena, out, err)) != BZ_OK)
        return rc;
    if (out->id_count == 0) /* S2 could not resolve the reference */
        return bz_error_set(err, BZ_INVALID,
                            "paper has no Semantic Scholar id (an "
                            "unresolved reference)");
    if (out->title == NULL)
        return out->source_record
                   ? bz_error_set(err, BZ_INVALID, "paper '%s' has no title",
                                  out->source_record + 3)
                   : bz_error_set(err, BZ_INVALID, "paper has no title");
    if ((rc = s2_type(paper, arena, &out->type, err)) != BZ_OK ||
        (rc = bz_import_json_authors(authors, arena, S2_MAX_AUTHORS,
                                     s2_author, "authors",
                                     "a list of authors", out, err)) !=
            BZ_OK ||
        (rc = s2_citations(paper, arena, out, err)) != BZ_OK)
        return rc;
    if (owner && authors == NULL) {
        int kept;

        out->authors = bz_arena_calloc(arena, 1, sizeof(*out->authors));
        if (out->authors == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        rc = s2_author(owner, arena, out->authors, &kept, err);
        out->author_count = (size_t)kept;
    }
    return rc;
}

/* --- shapes --------------------------------------------------------------- */

static int s2_is_paper(yajl_val v)
{
    return YAJL_IS_OBJECT(v) &&
           (bz_jt_get(v, "paperId") || s2_get(v, "corpusId"));
}

static int s2_is_author(yajl_val v)
{
    return YAJL_IS_OBJECT(v) && bz_jt_get(v, "authorId") &&
           !bz_jt_get(v, "paperId");
}

/* The paper an element of a list carries: itself, or the citing or cited
 * paper of a citation, or the paper of a snippet; NULL for none. */
static yajl_val s2_carried(yajl_val v)
{
    static const char *const keys[] = {"citingPaper", "citedPaper", "paper",
                                       NULL};
    size_t i;

    if (s2_is_paper(v))
        return v;
    for (i = 0; keys[i]; i++) {
        yajl_val p = bz_jt_get(v, keys[i]);

        if (YAJL_IS_OBJECT(p) && bz_jt_get(p, "title"))
            return p;
    }
    return NULL;
}

static int s2_one(struct bz_import_context *ctx, yajl_val paper, yajl_val owner,
                  long line)
{
    struct bz_work_record record;
    struct bz_error err;

    bz_import_record_begin(ctx);
    if (bz_reader_semanticscholar_paper(paper, owner,
                                        bz_import_record_arena(ctx), &record,
                                        &err) != BZ_OK ||
        bz_import_check_work(&record, &err) != BZ_OK)
        return bz_import_skip(ctx, line, err.message);
    return bz_import_work(ctx, &record, line);
}

/* An author's papers; an author without any is no record of ours. */
static int s2_author_papers(struct bz_import_context *ctx, yajl_val author,
                            long line)
{
    yajl_val papers = bz_jt_get(author, "papers");
    size_t i;

    if (papers == NULL || YAJL_IS_NULL(papers) ||
        (YAJL_IS_ARRAY(papers) && papers->u.array.len == 0))
        return bz_import_skip(ctx, line,
                              "a Semantic Scholar author without papers");
    if (!YAJL_IS_ARRAY(papers))
        return bz_import_skip(ctx, line, "field 'papers' is not a list");
    for (i = 0; i < papers->u.array.len; i++)
        if (s2_one(ctx, papers->u.array.values[i], author, line) < 0)
            return -1;
    return 0;
}

/* 1 when the element is or holds a paper (an author with papers does). */
static int s2_carries(yajl_val v)
{
    yajl_val papers = bz_jt_get(v, "papers");

    if (s2_carried(v))
        return 1;
    return s2_is_author(v) && YAJL_IS_ARRAY(papers) && papers->u.array.len;
}

/* The elements of "data", "recommendedPapers" or a batch's array. A list
 * that carries no paper at all (authors, say) is one skipped record; in a
 * list of papers, each element that is none is skipped by itself. */
static int s2_list(struct bz_import_context *ctx, yajl_val list, long line)
{
    size_t i, carrying = 0;

    for (i = 0; i < list->u.array.len; i++)
        carrying += (size_t)s2_carries(list->u.array.values[i]);
    if (carrying == 0)
        return list->u.array.len ? bz_import_skip(ctx, line, s2_not_paper) : 0;
    for (i = 0; i < list->u.array.len; i++) {
        yajl_val v = list->u.array.values[i];
        yajl_val paper = s2_carried(v);
        int rc;

        if (paper)
            rc = s2_one(ctx, paper, NULL, line);
        else if (s2_is_author(v))
            rc = s2_author_papers(ctx, v, line);
        else if (YAJL_IS_NULL(v))
            rc = bz_import_skip(ctx, line,
                                "a batch entry is null (no such paper)");
        else
            rc = bz_import_skip(ctx, line, s2_not_paper);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int s2_text(struct bz_import_context *ctx, yajl_val root, long line,
                   void *data)
{
    static const char *const lists[] = {"data", "recommendedPapers", NULL};
    yajl_val paper;
    size_t i;

    (void)data;
    if (YAJL_IS_ARRAY(root))
        return s2_list(ctx, root, line);
    for (i = 0; lists[i]; i++) {
        yajl_val list = bz_jt_get(root, lists[i]);

        if (YAJL_IS_ARRAY(list))
            return s2_list(ctx, list, line);
    }
    if ((paper = s2_carried(root)) != NULL)
        return s2_one(ctx, paper, NULL, line);
    if (s2_is_author(root))
        return s2_author_papers(ctx, root, line);
    return bz_import_skip(ctx, line, s2_not_paper);
}

static enum bz_status s2_read(struct bz_import_input *in,
                              struct bz_import_context *ctx,
                              struct bz_error *err)
{
    return bz_import_json_read(in, ctx, s2_text, NULL, err);
}

const struct bz_reader bz_reader_semanticscholar = {
    .name = "semanticscholar",
    .detect = s2_detect,
    .read = s2_read,
};
