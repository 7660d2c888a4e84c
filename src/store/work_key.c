/* work_key.c - the keys that match a work without a shared id
 * (work_key.h). */
#include "store/work_key.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

/* Initials and suffixes that may follow a surname ("Kadmon J",
 * "Smith Jr."): they are passed over. */
static int work_key_name_suffix(const char *word, size_t len)
{
    static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};

    if (len == 1)
        return 1;
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
        if (strlen(suffixes[i]) == len && memcmp(suffixes[i], word, len) == 0)
            return 1;
    return 0;
}

/* The surname key of an author's name (work_key.h); *key is NULL when
 * the name has no word. */
static enum bz_status work_key_surname(struct bz_arena *arena, const char *name,
                                       const char **key)
{
    const char *comma = strchr(name, ',');
    char *folded = NULL;
    size_t end, start, last_start = 0, last_len = 0;

    *key = NULL;
    if (comma != NULL) {
        char *before = bz_arena_strndup(arena, name, (size_t)(comma - name));

        if (before == NULL ||
            (folded = bz_text_fold_words(arena, before)) == NULL)
            return BZ_NOMEM;
        if (strspn(folded, " ") == strlen(folded))
            folded = NULL; /* no word before the comma */
    }
    if (folded == NULL && (folded = bz_text_fold_words(arena, name)) == NULL)
        return BZ_NOMEM;

    /* folded is " w1 w2 ... wn ": walk its words from the end */
    end = strlen(folded);
    while (end > 0) {
        while (end > 0 && folded[end - 1] == ' ')
            end--;
        start = end;
        while (start > 0 && folded[start - 1] != ' ')
            start--;
        if (start == end)
            break;
        if (last_len == 0) {
            last_start = start; /* the last word, if all are suffixes */
            last_len = end - start;
        }
        if (!work_key_name_suffix(folded + start, end - start)) {
            last_start = start;
            last_len = end - start;
            break;
        }
        end = start;
    }
    if (last_len == 0)
        return BZ_OK;
    *key = bz_arena_strndup(arena, folded + last_start, last_len);
    return *key == NULL ? BZ_NOMEM : BZ_OK;
}

enum bz_status bz_work_key_of(struct bz_arena *arena, const char *title,
                              const char *first_author, struct bz_work_key *key)
{
    key->first_author = NULL;
    key->title = bz_text_fold_words(arena, title);
    if (key->title == NULL)
        return BZ_NOMEM;
    if (first_author == NULL)
        return BZ_OK;
    return work_key_surname(arena, first_author, &key->first_author);
}

enum bz_status bz_work_key_of_record(struct bz_arena *arena,
                                     const struct bz_work_record *record,
                                     struct bz_work_key *key)
{
    return bz_work_key_of(arena, record->title,
                          record->author_count
                              ? bz_work_key_author_name(&record->authors[0])
                              : NULL,
                          key);
}

const char *bz_work_key_author_name(const struct bz_author_record *author)
{
    const char *s = author->display_name;

    if (s != NULL && s[strspn(s, " \t\n\r")] != '\0')
        return s;
    return author->raw_name;
}

int bz_work_key_usable(const struct bz_work_key *key, int year)
{
    size_t len, spaces = 0;

    if (key->first_author == NULL || year == 0 || key->title == NULL)
        return 0;
    len = strlen(key->title);
    for (size_t i = 0; i < len; i++)
        spaces += key->title[i] == ' ';
    return spaces >= 3 || len >= 24 + 2;
}

int bz_work_key_match(const struct bz_work_key *key, int year,
                      const struct bz_work_key *stored, int stored_year)
{
    return bz_work_key_usable(key, year) &&
           bz_work_key_usable(stored, stored_year) &&
           strcmp(key->title, stored->title) == 0 &&
           strcmp(key->first_author, stored->first_author) == 0 &&
           abs(year - stored_year) <= BZ_WORK_KEY_YEARS;
}

int bz_work_key_version_id(const struct bz_external_id *id)
{
    if (strcmp(id->scheme, "doi") == 0)
        return strncasecmp(id->value, "10.48550/arxiv.", 15) != 0;
    return strcmp(id->scheme, "arxiv") == 0;
}
