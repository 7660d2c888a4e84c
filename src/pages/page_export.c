/* page_export.c - citation files for a work or a researcher's works. */
#include <string.h>

#include "core/ids.h"
#include "export/export.h"
#include "pages/pages.h"

#define EXPORT_PAGE_WORKS 500

/* Splits "W12.bib" into the id and the format. */
static enum bz_status export_target(struct bz_request *req, const char *name,
                                    char **id, enum bz_export_format *format,
                                    struct bz_error *err)
{
    const char *dot = strrchr(name, '.');

    if (dot == NULL || (strcmp(dot, ".bib") && strcmp(dot, ".ris")))
        return bz_error_set(err, BZ_NOT_FOUND,
                            "citation files end in .bib or .ris");
    *format = strcmp(dot, ".bib") == 0 ? BZ_EXPORT_BIBTEX : BZ_EXPORT_RIS;
    *id = bz_arena_strndup(req->arena, name, (size_t)(dot - name));
    return *id ? BZ_OK : bz_error_set(err, BZ_NOMEM, "out of memory");
}

static int export_hidden(const struct bz_work_flag *flags, size_t n,
                         int64_t work_id)
{
    for (size_t i = 0; i < n; i++)
        if (flags[i].work_id == work_id)
            return flags[i].hidden;
    return 0;
}

static enum bz_status export_researcher_works(struct bz_request *req,
                                              struct bz_response *resp,
                                              int64_t id,
                                              enum bz_export_format format,
                                              struct bz_error *err)
{
    struct bz_researcher r;
    struct bz_work_flag *flags;
    size_t flag_count;
    int64_t after = 0;
    int more = 1;
    enum bz_status rc;

    rc = req->store->ops->researcher_get(req->store, req->arena, id, &r, err);
    if (rc != BZ_OK)
        return rc;
    if (r.hidden_at != 0)
        return bz_error_set(err, BZ_GONE, "this record is hidden at the "
                            "request of the person it describes");
    /* the works its owner hid are left out, as on the profile */
    rc = req->store->ops->researcher_work_flags(req->store, req->arena, id,
                                                &flags, &flag_count, err);
    if (rc != BZ_OK)
        return rc;
    while (more) {
        struct bz_work *works;
        size_t count, i;

        rc = req->store->ops->works_page(req->store, req->arena, id, after,
                                         EXPORT_PAGE_WORKS, &works, &count,
                                         &more, err);
        if (rc != BZ_OK)
            return rc;
        for (i = 0; i < count; i++)
            if (!export_hidden(flags, flag_count, works[i].id))
                bz_export_work(&resp->body, format, &works[i]);
        if (count)
            after = works[count - 1].id;
    }
    return BZ_OK;
}

enum bz_status bz_page_export(struct bz_request *req, struct bz_response *resp,
                              const char *path, struct bz_error *err)
{
    enum bz_export_format format = BZ_EXPORT_BIBTEX;
    struct bz_id_ref ref;
    int64_t number;
    char *id;
    int is_work = strncmp(path, "works/", 6) == 0;
    enum bz_status rc;

    if (!is_work && strncmp(path, "researchers/", 12) != 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no export at this address");
    rc = export_target(req, path + (is_work ? 6 : 12), &id, &format, err);
    if (rc == BZ_OK)
        rc = bz_resolve_id(req, id, is_work ? 'W' : 'R', &number, &ref, err);
    if (rc != BZ_OK)
        return rc;
    if (is_work) {
        struct bz_work w;

        rc = req->store->ops->work_get(req->store, req->arena, number, &w,
                                       err);
        if (rc != BZ_OK)
            return rc;
        bz_export_work(&resp->body, format, &w);
    } else if ((rc = export_researcher_works(req, resp, number, format,
                                             err)) != BZ_OK) {
        return rc;
    }
    resp->content_type = bz_export_content_type(format);
    resp->cacheable = 1;
    return BZ_OK;
}
