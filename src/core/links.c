/* links.c - finding code-host addresses in text. */
#include "core/links.h"

#include <string.h>
#include <strings.h>

static const char *const links_hosts[] = {
    "github.com/", "gitlab.com/",     "bitbucket.org/", "codeberg.org/",
    "sourceforge.net/", "huggingface.co/", NULL,
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

static int links_on_code_host(const char *url, size_t n)
{
    const char *host = strstr(url, "://");
    size_t i;

    if (host == NULL || (size_t)(host - url) > 5)
        return 0;
    host += 3;
    if (strncasecmp(host, "www.", 4) == 0)
        host += 4;
    for (i = 0; links_hosts[i]; i++) {
        size_t len = strlen(links_hosts[i]);

        if ((size_t)(host - url) + len < n &&
            strncasecmp(host, links_hosts[i], len) == 0)
            return 1;
    }
    return 0;
}

size_t bz_links_code(struct bz_arena *arena, const char *text,
                     const char **out, size_t max)
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
        if (links_on_code_host(p, n)) {
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
