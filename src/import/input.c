/* input.c - a file (plain or gzip), standard input, or bytes in memory,
 * read as bytes or as lines, with its head shown to detection first. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "import/input.h"

struct bz_import_input {
    const char *name;
    gzFile gz;                 /* owned; NULL for memory */
    const unsigned char *data; /* memory input */
    size_t data_len, data_pos;
    int fd;                    /* the file's descriptor, -1 for memory */
    long long file_size;       /* bytes on disk, or -1 when unknown */
    char head[BZ_IMPORT_HEAD]; /* the first bytes, replayed */
    size_t head_len, head_pos;
    int head_loaded;
    char chunk[65536];         /* line reading's buffer */
    size_t chunk_len, chunk_pos;
    long line;
    int eof;
};

const char *bz_input_name(const struct bz_import_input *in)
{
    return in->name;
}

long bz_input_line_number(const struct bz_import_input *in)
{
    return in->line;
}

void bz_input_set_line(struct bz_import_input *in, long line)
{
    in->line = line;
}

/* Reads from the source itself, past the head. */
static long input_source_read(struct bz_import_input *in, void *buf,
                              size_t n, struct bz_error *err)
{
    int zerr, got;
    const char *msg;

    if (in->gz == NULL) {
        size_t left = in->data_len - in->data_pos;

        if (n > left)
            n = left;
        memcpy(buf, in->data + in->data_pos, n);
        in->data_pos += n;
        return (long)n;
    }
    if (n > (1u << 30))
        n = 1u << 30;
    got = gzread(in->gz, buf, (unsigned)n);
    if (got >= 0)
        return got;
    msg = gzerror(in->gz, &zerr);
    if (zerr == Z_ERRNO)
        bz_error_errno(err, errno, "read failed");
    else
        bz_error_set(err, BZ_IO, "read failed: %s", msg);
    return -1;
}

/* After a read of 0 bytes: the end, or a gzip stream cut short (zlib then
 * keeps Z_BUF_ERROR, "unexpected end of file"). */
static int input_check_end(struct bz_import_input *in, struct bz_error *err)
{
    const char *msg;
    int zerr;

    if (in->gz == NULL)
        return 0;
    msg = gzerror(in->gz, &zerr);
    if (zerr == Z_OK || zerr == Z_STREAM_END)
        return 0;
    bz_error_set(err, BZ_IO, "read failed: %s (the compressed data ends "
                 "early)", msg);
    return -1;
}

enum bz_status bz_input_load_head(struct bz_import_input *in,
                                  const char **head, size_t *len,
                                  struct bz_error *err)
{
    if (!in->head_loaded) {
        while (in->head_len < sizeof(in->head)) {
            long got = input_source_read(in, in->head + in->head_len,
                                         sizeof(in->head) - in->head_len,
                                         err);

            if (got < 0)
                return BZ_IO;
            if (got == 0)
                break;
            in->head_len += (size_t)got;
        }
        in->head_loaded = 1;
    }
    *head = in->head;
    *len = in->head_len;
    return BZ_OK;
}

long bz_input_read(struct bz_import_input *in, void *buf, size_t n,
                   struct bz_error *err)
{
    long got;

    if (in->chunk_pos < in->chunk_len) { /* left over from line reading */
        size_t k = in->chunk_len - in->chunk_pos;

        if (k > n)
            k = n;
        memcpy(buf, in->chunk + in->chunk_pos, k);
        in->chunk_pos += k;
        return (long)k;
    }
    if (in->head_pos < in->head_len) {
        size_t k = in->head_len - in->head_pos;

        if (k > n)
            k = n;
        memcpy(buf, in->head + in->head_pos, k);
        in->head_pos += k;
        return (long)k;
    }
    if (in->eof || n == 0)
        return 0;
    got = input_source_read(in, buf, n, err);
    if (got == 0) {
        in->eof = 1;
        if (input_check_end(in, err) < 0)
            return -1;
    }
    return got;
}

int bz_input_line(struct bz_import_input *in, struct bz_buf *line,
                  int *too_long, struct bz_error *err)
{
    int got_any = 0;

    bz_buf_reset(line);
    *too_long = 0;
    for (;;) {
        char *nl;
        size_t n;

        if (in->chunk_pos == in->chunk_len) {
            long got;

            in->chunk_pos = in->chunk_len = 0;
            got = bz_input_read(in, in->chunk, sizeof(in->chunk), err);
            if (got < 0)
                return -1;
            if (got == 0)
                break;
            in->chunk_len = (size_t)got;
        }
        got_any = 1;
        n = in->chunk_len - in->chunk_pos;
        nl = memchr(in->chunk + in->chunk_pos, '\n', n);
        if (nl)
            n = (size_t)(nl - (in->chunk + in->chunk_pos));
        if (!*too_long && bz_buf_add(line, in->chunk + in->chunk_pos, n) < 0)
            *too_long = 1;
        in->chunk_pos += n;
        if (nl) {
            in->chunk_pos++;
            break;
        }
    }
    if (!got_any)
        return 0;
    in->line++;
    if (line->len && line->data[line->len - 1] == '\r')
        line->data[--line->len] = '\0';
    return 1;
}

void bz_input_count_lines(struct bz_import_input *in, const char *buf,
                          size_t n)
{
    const char *p = buf, *end = buf + n;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        in->line++;
        p++;
    }
}

long long bz_input_progress(const struct bz_import_input *in,
                            long long *total)
{
    *total = in->file_size;
    if (in->gz)
        return gzoffset(in->gz);
    return (long long)in->data_pos;
}

struct bz_import_input *bz_input_open(const char *path, struct bz_error *err)
{
    struct bz_import_input *in = calloc(1, sizeof(*in));
    int fd;

    if (in == NULL) {
        bz_error_set(err, BZ_NOMEM, "out of memory");
        return NULL;
    }
    in->name = path;
    in->file_size = -1;
    fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO)
                                : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        bz_error_errno(err, errno, "cannot open '%s'", path);
        free(in);
        return NULL;
    }
    if (strcmp(path, "-") != 0) {
        off_t size = lseek(fd, 0, SEEK_END);

        in->file_size = size >= 0 ? (long long)size : -1;
        lseek(fd, 0, SEEK_SET);
    }
    in->fd = fd;
    in->gz = gzdopen(fd, "rb");
    if (in->gz == NULL) {
        close(fd);
        free(in);
        bz_error_set(err, BZ_NOMEM, "cannot read '%s'", path);
        return NULL;
    }
    gzbuffer(in->gz, 256u * 1024);
    return in;
}

struct bz_import_input *bz_input_memory(const char *name, const void *data,
                                        size_t n)
{
    struct bz_import_input *in = calloc(1, sizeof(*in));

    if (in == NULL)
        return NULL;
    in->name = name;
    in->fd = -1;
    in->data = data;
    in->data_len = n;
    in->file_size = (long long)n;
    return in;
}

void bz_input_free(struct bz_import_input *in)
{
    if (in == NULL)
        return;
    if (in->gz)
        gzclose(in->gz); /* closes fd */
    free(in);
}
