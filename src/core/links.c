/* links.c - finding code and dataset addresses in text. */
#include "core/links.h"

#include <string.h>
#include <strings.h>

/* Each a host (matched with any subdomain) and what the path must begin
 * with; the first that matches names the kind. */
static const struct {
    const char *host, *path;
    enum bz_link_kind kind;
} links_hosts[] = {
    {"github.com", "/", BZ_LINK_CODE},
    {"gitlab.com", "/", BZ_LINK_CODE},
    {"bitbucket.org", "/", BZ_LINK_CODE},
    {"codeberg.org", "/", BZ_LINK_CODE},
    {"sourceforge.net", "/", BZ_LINK_CODE},
    {"huggingface.co", "/datasets/", BZ_LINK_DATASET},
    {"huggingface.co", "/", BZ_LINK_CODE},
    {"zenodo.org", "/", BZ_LINK_DATASET},
    {"figshare.com", "/", BZ_LINK_DATASET},
    {"datadryad.org", "/", BZ_LINK_DATASET},
    {"kaggle.com", "/datasets/", BZ_LINK_DATASET},
    {"openneuro.org", "/datasets/", BZ_LINK_DATASET},
    {"physionet.org", "/content/", BZ_LINK_DATASET},
    {"doi.org", "/10.5281/zenodo.", BZ_LINK_DATASET},
    {NULL, NULL, BZ_LINK_OTHER},
};

/* Characters that may stand inside an address (RFC 3986's, less the
 * quote-like ones that end a link in prose). */
static int links_url_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' &&
           c != '\\' && c != '^' && c != '`' && c != '{' && c != '|' &&
           c != '}';
}

static size_t links_trim(const char *url, size_t n)
{
    for (;;) {
        char c;

        if (n == 0)
            return 0;
        c = url[n - 1];
        if (strchr(".,;:!?'", c)) {
            n--;
        } else if (c == ')' || c == ']') {
            char open = c == ')' ? '(' : '[';

            if (memchr(url, open, n) != NULL)
                return n;
            n--;
        } else {
            return n;
        }
    }
}

/* 1 when the host of n bytes is name or a subdomain of it. */
static int links_host_is(const char *host, size_t n, const char *name)
{
    size_t k = strlen(name);

    if (n < k || strncasecmp(host + n - k, name, k) != 0)
        return 0;
    return n == k || host[n - k - 1] == '.';
}

/* The kind of the address of n bytes at url (no NUL needed at n). */
static enum bz_link_kind links_kind_of(const char *url, size_t n)
{
    const char *host, *path, *end = url + n;
    size_t i, host_len;
    int dataverse;

    if (n > 7 && strncasecmp(url, "http://", 7) == 0)
        host = url + 7;
    else if (n > 8 && strncasecmp(url, "https://", 8) == 0)
        host = url + 8;
    else
        return BZ_LINK_OTHER;
    for (path = host; path < end && *path != '/' && *path != '?' &&
                      *path != '#';
         path++)
        ;
    host_len = (size_t)(path - host);
    if (memchr(host, '@', host_len) != NULL) /* user@host: not the host */
        return BZ_LINK_OTHER;
    if (memchr(host, ':', host_len) != NULL)
        host_len = (size_t)((const char *)memchr(host, ':', host_len) - host);
    /* a Dataverse is any host whose first label is "dataverse" */
    dataverse = host_len > 10 && strncasecmp(host, "dataverse.", 10) == 0;
    for (i = 0; links_hosts[i].host; i++) {
        size_t k = strlen(links_hosts[i].path);

        if (links_host_is(host, host_len, links_hosts[i].host) &&
            (size_t)(end - path) > k &&
            strncasecmp(path, links_hosts[i].path, k) == 0)
            return links_hosts[i].kind;
    }
    if (dataverse && end - path > 1 && *path == '/')
        return BZ_LINK_DATASET;
    return BZ_LINK_OTHER;
}

enum bz_link_kind bz_links_kind(const char *url)
{
    return url ? links_kind_of(url, strlen(url)) : BZ_LINK_OTHER;
}

size_t bz_links_code(struct bz_arena *arena, const char *text,
                     const char **out, size_t max)
{
    return bz_links_find(arena, text, BZ_LINK_CODE, out, max);
}

size_t bz_links_find(struct bz_arena *arena, const char *text,
                     enum bz_link_kind kind, const char **out, size_t max)
{
    size_t count = 0;
    const char *p = text;

    if (text == NULL)
        return 0;
    while (count < max && (p = strstr(p, "http")) != NULL) {
        size_t n = 0, i;
        int seen = 0;
        char *url;

        if (strncmp(p, "http://", 7) != 0 && strncmp(p, "https://", 8) != 0) {
            p += 4;
            continue;
        }
        while (links_url_char((unsigned char)p[n]))
            n++;
        n = links_trim(p, n);
        if (links_kind_of(p, n) == kind) {
            url = bz_arena_strndup(arena, p, n);
            for (i = 0; url && i < count; i++)
                seen |= strcmp(out[i], url) == 0;
            if (url && !seen)
                out[count++] = url;
        }
        p += n > 0 ? n : 4;
    }
    return count;
}
