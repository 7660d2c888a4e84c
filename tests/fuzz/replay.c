/* replay.c - runs a fuzz target over every file of its corpus folders, so
 * that `make test` replays what fuzzing found (built without libFuzzer). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
        fprintf(stderr, "replay: cannot read '%s'\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    rewind(f);
    data = malloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "replay: cannot read '%s'\n", path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    int i, files = 0, failed = 0;

    for (i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        struct dirent *e;

        if (d == NULL) {
            failed += replay_file(argv[i]) < 0;
            files++;
            continue;
        }
        while ((e = readdir(d)) != NULL) {
            char path[4096];
            struct stat st;

            if (e->d_name[0] == '.' ||
                (size_t)snprintf(path, sizeof(path), "%s/%s", argv[i],
                                 e->d_name) >= sizeof(path) ||
                stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            failed += replay_file(path) < 0;
            files++;
        }
        closedir(d);
    }
    printf("replay: %d passed, %d failed\n", files - failed, failed);
    return failed ? 1 : 0;
}
