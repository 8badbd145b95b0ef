/* cpgen: ahead-of-time plans. Reads a list of `name  signature` lines and writes a C file of
 * const plans (.rodata: ROM-able), one symbol per signature, plus a table the program can walk:
 *
 *     cpgen [-p PREFIX] [-s SECTION] -H out.h -o out.c list.sigs
 *
 * PREFIX (default `aot`) names everything: PREFIX_plan_NAME (the plan's bytes, aligned to
 * CP_PLAN_ALIGN), PREFIX_plans[] ({name, signature text, plan, size}) and PREFIX_plan_count.
 * The header (-H) declares them and struct cp_aot_plan; the C file includes it by name. With
 * -s, every plan goes to that linker section (a GNU attribute), e.g. for a ROM region or a
 * linker script that checks where the plans landed. In the list, `#` starts a comment and blank
 * lines are skipped; a name is a C identifier.
 *
 * The plans are built by the host build of the same core, and each is checked before it is
 * written: cp_plan_check passes, and the canonical text of the signature (cp_sig_format), parsed
 * again, builds the very same bytes. Any error prints file:line:column and exits 1, writing
 * nothing. */
#include <callplan.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096
#define MAX_PLANS 1024
#define MAX_NAME 64

struct entry {
    char name[MAX_NAME];
    char *sig;                              /* the text as written, trimmed */
    unsigned line;
    size_t size;
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];
};

static struct entry entries[MAX_PLANS];
static unsigned nentries;
static const char *list_path;
static const char *current_line;            /* the line being read, for error messages */

/* Prints "list:line:column: error: ..." (column counted from 1) and returns 1. */
__attribute__((format(printf, 3, 4))) static int fail_at(unsigned line, size_t col,
                                                         const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%u:%zu: error: ", list_path, line, col + 1);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (current_line) {                     /* the line, and a caret under the column */
        fprintf(stderr, "    %s\n    %*s^\n", current_line, (int)col, "");
    }
    return 1;
}

static int is_ident(int c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

/* Parses and builds sig (len bytes) into plan; on error *off is where, in the text, and *stage
 * which step refused it. */
static cp_status build(const char *sig, size_t len, unsigned char *plan, size_t cap,
                       size_t *used, size_t *off, const char **stage)
{
    static _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(MAX_LINE)];
    cp_sig s;
    cp_status st = cp_sig_parse(sig, len, arena, sizeof arena, &s, off);
    *stage = "signature";
    if (st != CP_OK)
        return st;
    *off = 0;
    *stage = "plan";
    return cp_plan_build(plan, cap, &s, used);
}

/* The build-time check: the plan is valid, and the canonical text rebuilds it byte for byte. */
static int verify(const struct entry *e, size_t col)
{
    static _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(MAX_LINE)];
    static _Alignas(CP_PLAN_ALIGN) unsigned char again[CP_PLAN_SIZE(CP_MAX_ARGS)];
    static char canon[MAX_LINE * 2];
    cp_sig s;
    size_t off = 0, used = 0;
    const char *stage;
    cp_status st = cp_plan_check(e->plan, e->size);
    if (st != CP_OK)
        return fail_at(e->line, col, "the plan fails cp_plan_check: %s", cp_strerror(st));
    if (cp_sig_parse(e->sig, strlen(e->sig), arena, sizeof arena, &s, &off) != CP_OK ||
        (st = cp_sig_format(&s, canon, sizeof canon, 0)) != CP_OK)
        return fail_at(e->line, col, "no canonical text: %s", cp_strerror(st));
    st = build(canon, strlen(canon), again, sizeof again, &used, &off, &stage);
    if (st != CP_OK)
        return fail_at(e->line, col, "the canonical text does not build: %s", canon);
    if (used != e->size || memcmp(again, e->plan, used) != 0)
        return fail_at(e->line, col, "the canonical text %s builds another plan", canon);
    return 0;
}

static int add_line(char *text, unsigned line)
{
    size_t i = 0, start, len, off = 0, n;
    const char *stage;
    struct entry *e;
    cp_status st;
    unsigned k;
    char *hash = strchr(text, '#');

    if (hash)
        *hash = 0;
    len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
                   text[len - 1] == '\r'))
        text[--len] = 0;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (!text[i])
        return 0;
    current_line = text;
    start = i;
    if (!is_ident((unsigned char)text[i], 1))
        return fail_at(line, i, "expected a name (a C identifier)");
    while (is_ident((unsigned char)text[i], 0))
        i++;
    n = i - start;
    if (n >= MAX_NAME)
        return fail_at(line, start, "a name of at most %d characters", MAX_NAME - 1);
    if (text[i] && text[i] != ' ' && text[i] != '\t')
        return fail_at(line, i, "expected blanks between the name and the signature");
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (!text[i])
        return fail_at(line, i, "a signature after the name");
    if (nentries == MAX_PLANS)
        return fail_at(line, start, "more than %d plans", MAX_PLANS);
    e = &entries[nentries];
    memcpy(e->name, text + start, n);
    e->name[n] = 0;
    for (k = 0; k < nentries; k++)
        if (strcmp(entries[k].name, e->name) == 0)
            return fail_at(line, start, "the name %s is already used", e->name);
    e->line = line;
    e->sig = malloc(len - i + 1);
    if (!e->sig)
        return fail_at(line, i, "%s", strerror(errno));
    memcpy(e->sig, text + i, len - i + 1);
    st = build(e->sig, strlen(e->sig), e->plan, sizeof e->plan, &e->size, &off, &stage);
    if (st != CP_OK)
        return fail_at(line, i + off, "%s: %s", stage, cp_strerror(st));
    if (verify(e, i))
        return 1;
    nentries++;
    return 0;
}

static int read_list(FILE *f)
{
    static char text[MAX_LINE + 2];
    unsigned line = 0;
    while (fgets(text, sizeof text, f)) {
        line++;
        current_line = 0;
        if (!strchr(text, '\n') && !feof(f))
            return fail_at(line, MAX_LINE, "a line longer than %d bytes", MAX_LINE);
        if (add_line(text, line))
            return 1;
    }
    current_line = 0;
    return ferror(f) ? fail_at(line, 0, "%s", strerror(errno)) : 0;
}

/* A C string literal of s (signatures hold no quote or backslash, but be exact anyway). */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_header(FILE *out, const char *prefix)
{
    unsigned i;
    fprintf(out, "/* Generated by tools/cpgen from %s: do not edit. */\n", list_path);
    fprintf(out, "#ifndef CPGEN_%s_H\n#define CPGEN_%s_H\n\n#include \"callplan.h\"\n\n", prefix,
            prefix);
    fprintf(out, "#ifndef CP_AOT_PLAN_DEFINED\n#define CP_AOT_PLAN_DEFINED\n"
                 "/* A plan built ahead of time: its name, its signature as written in the list,\n"
                 " * the plan (in .rodata, CP_PLAN_ALIGN-aligned) and its size in bytes. */\n"
                 "struct cp_aot_plan {\n    const char *name;\n    const char *sig;\n"
                 "    const cp_plan *plan;\n    size_t size;\n};\n#endif\n\n");
    fprintf(out, "extern const struct cp_aot_plan %s_plans[];\nextern const size_t %s_plan_count;\n",
            prefix, prefix);
    for (i = 0; i < nentries; i++)
        fprintf(out, "extern const unsigned char %s_plan_%s[%zu];\n", prefix, entries[i].name,
                entries[i].size);
    fprintf(out, "\n#endif\n");
}

static void write_plans(FILE *out, const char *prefix, const char *header, const char *section)
{
    unsigned i;
    size_t k;
    fprintf(out, "/* Generated by tools/cpgen from %s: do not edit. Each plan was checked by\n"
                 " * cp_plan_check and rebuilt from its canonical signature, byte for byte. */\n",
            list_path);
    fprintf(out, "#include \"%s\"\n\n", header);
    fprintf(out, "_Static_assert(CP_PLAN_VERSION == %d, \"plans of another format\");\n\n",
            CP_PLAN_VERSION);
    for (i = 0; i < nentries; i++) {
        const struct entry *e = &entries[i];
        fprintf(out, "/* %s: %s */\n", e->name, e->sig);
        if (section)
            fprintf(out, "__attribute__((section(\"%s\")))\n", section);
        fprintf(out, "_Alignas(CP_PLAN_ALIGN) const unsigned char %s_plan_%s[%zu] = {", prefix,
                e->name, e->size);
        for (k = 0; k < e->size; k++)
            fprintf(out, "%s0x%02x,", k % 12 ? " " : "\n    ", e->plan[k]);
        fprintf(out, "\n};\n\n");
    }
    fprintf(out, "const struct cp_aot_plan %s_plans[] = {\n", prefix);
    for (i = 0; i < nentries; i++) {
        fprintf(out, "    { \"%s\", ", entries[i].name);
        put_string(out, entries[i].sig);
        fprintf(out, ",\n      (const cp_plan *)(const void *)%s_plan_%s, %zu },\n", prefix,
                entries[i].name, entries[i].size);
    }
    if (!nentries)
        fprintf(out, "    { 0, 0, 0, 0 },\n");
    fprintf(out, "};\nconst size_t %s_plan_count = %u;\n", prefix, nentries);
}

static int usage(void)
{
    fprintf(stderr, "usage: cpgen [-p PREFIX] [-s SECTION] -H out.h -o out.c list.sigs\n");
    return 2;
}

static int write_file(const char *path, const char *prefix, const char *header,
                      const char *section, int is_header)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "cpgen: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (is_header)
        write_header(out, prefix);
    else
        write_plans(out, prefix, header, section);
    if (fclose(out) != 0) {
        fprintf(stderr, "cpgen: %s: %s\n", path, strerror(errno));
        remove(path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *prefix = "aot", *header = 0, *output = 0, *section = 0, *slash;
    FILE *f;
    int i, bad;
    size_t k;
    for (i = 1; i < argc - 1 && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "-p") == 0)
            prefix = argv[i + 1];
        else if (strcmp(argv[i], "-s") == 0)
            section = argv[i + 1];
        else if (strcmp(argv[i], "-H") == 0)
            header = argv[i + 1];
        else if (strcmp(argv[i], "-o") == 0)
            output = argv[i + 1];
        else
            return usage();
    }
    if (i != argc - 1 || !output || !header)
        return usage();
    for (k = 0; prefix[k]; k++)
        if (!is_ident((unsigned char)prefix[k], k == 0))
            return usage();
    list_path = argv[i];
    f = fopen(list_path, "r");
    if (!f) {
        fprintf(stderr, "cpgen: %s: %s\n", list_path, strerror(errno));
        return 1;
    }
    bad = read_list(f);
    fclose(f);
    if (bad)
        return 1;
    /* The .c file includes the header by its file name (both go to one folder). */
    slash = strrchr(header, '/');
    if (write_file(header, prefix, 0, 0, 1))
        return 1;
    return write_file(output, prefix, slash ? slash + 1 : header, section, 0);
}
