/* html.c - escaping, links and the site layout. */
#include "pages/html.h"

#include <string.h>
#include <strings.h>

void bz_html_raw(struct bz_buf *out, const char *literal)
{
    bz_buf_puts(out, literal);
}

void bz_html_textn(struct bz_buf *out, const char *s, size_t n)
{
    size_t i, start = 0;

    for (i = 0; i < n; i++) {
        const char *rep;

        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        bz_buf_add(out, s + start, i - start);
        bz_buf_puts(out, rep);
        start = i + 1;
    }
    bz_buf_add(out, s + start, n - start);
}

void bz_html_text(struct bz_buf *out, const char *s)
{
    if (s)
        bz_html_textn(out, s, strlen(s));
}

void bz_html_long(struct bz_buf *out, long n)
{
    bz_buf_printf(out, "%ld", n);
}

int bz_html_url(struct bz_buf *out, const char *url)
{
    if (url == NULL || (strncasecmp(url, "http://", 7) != 0 &&
                        strncasecmp(url, "https://", 8) != 0))
        return 0;
    bz_html_text(out, url);
    return 1;
}

void bz_html_link(struct bz_buf *out, const char *href, const char *text)
{
    bz_html_raw(out, "<a href=\"");
    bz_html_text(out, href);
    bz_html_raw(out, "\">");
    bz_html_text(out, text);
    bz_html_raw(out, "</a>");
}

void bz_html_begin(struct bz_buf *out, const char *title)
{
    bz_html_raw(out, "<!doctype html>\n<html lang=\"en\">\n<head>\n"
                     "<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\">\n<title>");
    bz_html_text(out, title);
    bz_html_raw(out, " · bzpeer</title>\n"
                     "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                     "<link rel=\"icon\" href=\"/static/favicon.svg\" "
                     "type=\"image/svg+xml\">\n"
                     "</head>\n<body>\n"
                     "<header class=\"site\"><a class=\"brand\" href=\"/\">"
                     "bzpeer</a><span class=\"tagline\">open research "
                     "discovery</span><a class=\"account-link\" "
                     "href=\"/account\">Your account</a></header>\n"
                     "<main>\n");
}

void bz_html_end(struct bz_buf *out)
{
    bz_html_raw(out, "</main>\n<footer class=\"site\">bzpeer: public records "
                     "built from open scholarly metadata.</footer>\n"
                     "</body>\n</html>\n");
}
