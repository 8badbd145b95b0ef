/* The demo shell's loop: read a line from COM1 (shell_line.c echoes it, so a piped script
 * prints the same transcript as a person typing), run one command, repeat until `exit` or ^D.
 * A command that fails prints "error: ..." and the shell goes on; a line starting with '!' is
 * one that must fail (the demo script shows errors on purpose). `exit` reports the verdict
 * through isa-debug-exit: pass when no command failed unexpectedly and every '!' command
 * failed. */
#include "aot_plans.h"
#include "shell.h"

static unsigned commands, unexpected;

/* ---- commands ---- */
static int cmd_help(struct sh_line *l);

static int cmd_sigs(struct sh_line *l)
{
    unsigned i;
    (void)l;
    for (i = 0; i < sh_export_count; i++) {
        const struct sh_export *e = &sh_exports[i];
        const struct cp_aot_plan *a = sh_aot_find(e->name, sh_strnlen(e->name, 64));
        const char *sig = a ? a->sig : "(no plan)";
        kprintf("  %s%.*s%s\n", e->name, (int)(10 - sh_strnlen(e->name, 10)), "          ",
                sig);
        kprintf("            %s\n", e->about);
    }
    return 0;
}

static int cmd_call(struct sh_line *l)
{
    return sh_cmd_call(l, 0);
}

static int cmd_vars(struct sh_line *l)
{
    (void)l;
    sh_vars_list();
    sh_defs_list();
    return 0;
}

/* print VALUE...: strings as text, numbers, $variables. */
static int cmd_print(struct sh_line *l)
{
    struct sh_token t;
    char text[SH_LINE_MAX];
    const char *sep = "";
    for (;;) {
        size_t n = 0;
        if (sh_next(l, &t))
            return -1;
        if (t.kind == SH_END)
            break;
        if (t.kind == SH_STR) {
            sh_str_decode(l, &t, text, sizeof text);
        } else if (t.kind == SH_VAR) {
            const struct sh_var *v = sh_var_find(l->text + t.pos, t.len);
            if (!v)
                return sh_error(l, t.pos, "no variable '%.*s'", (int)t.len, l->text + t.pos);
            if (v->kind == SH_V_STR)
                sh_cat_n(text, sizeof text, &n, (const char *)v->data,
                         sh_strnlen((const char *)v->data, v->size));
            else
                sh_var_show(v, text, sizeof text, &n);
        } else if (t.kind == SH_INT || t.kind == SH_FLOAT || t.kind == SH_WORD) {
            sh_cat_n(text, sizeof text, &n, l->text + t.pos, t.len);
        } else {
            return sh_error(l, t.pos, "print takes strings, numbers and $variables");
        }
        kprintf("%s%s", sep, text);
        sep = " ";
    }
    kputs("\n");
    return 0;
}

static int assign_value(struct sh_line *l, const struct sh_token *name, struct sh_var *v);

/* NAME = call ... | NAME = buffer N | NAME = VALUE (a number, a string, a $variable) */
static int assign(struct sh_line *l, const struct sh_token *name)
{
    struct sh_token t;
    struct sh_var *v;
    int created;
    if (sh_peek(l, &t))
        return -1;
    if (t.kind == SH_END)
        return sh_error(l, t.pos, "a value after '='");
    created = !sh_var_find(l->text + name->pos, name->len);
    v = sh_var_make(l, name);
    if (!v)
        return -1;
    if (assign_value(l, name, v) == 0)
        return 0;
    if (created)
        v->name[0] = 0;                     /* a failed assignment makes no variable */
    return -1;
}

static int assign_value(struct sh_line *l, const struct sh_token *name, struct sh_var *v)
{
    struct sh_token t;
    char text[SH_LINE_MAX];
    size_t n = 0;
    if (sh_peek(l, &t))
        return -1;
    if (sh_word_is(l, &t, "call")) {
        sh_next(l, &t);
        return sh_cmd_call(l, v);
    }
    sh_next(l, &t);
    if (sh_word_is(l, &t, "buffer")) {
        uint64_t size = 0;
        if (sh_put_arg(l, &cp_type_u64, &size, 0))
            return -1;
        if (size == 0 || size > SH_VAR_BYTES)
            return sh_error(l, t.pos, "a buffer has 1 to %u bytes", SH_VAR_BYTES);
        memset(v->data, 0, sizeof v->data);
        v->kind = SH_V_STR;
        v->size = (uint32_t)size;
    } else if (t.kind == SH_STR) {
        v->kind = SH_V_STR;
        v->size = SH_VAR_BYTES;
        memset(v->data, 0, sizeof v->data);
        sh_str_decode(l, &t, (char *)v->data, sizeof v->data);
    } else if (t.kind == SH_VAR) {
        const struct sh_var *from = sh_var_find(l->text + t.pos, t.len);
        if (!from)
            return sh_error(l, t.pos, "no variable '%.*s'", (int)t.len, l->text + t.pos);
        if (from != v) {
            *v = *from;
            memset(v->name, 0, sizeof v->name);
            memcpy(v->name, l->text + name->pos, name->len);
        }
    } else if (t.kind == SH_INT) {
        v->kind = t.neg || t.mag <= INT64_MAX ? SH_V_INT : SH_V_UINT;
        v->bits = t.neg ? 0 - t.mag : t.mag;
    } else if (t.kind == SH_FLOAT) {
        if (sh_fp_parse(l->text + t.pos, t.len, &v->bits))
            return sh_error(l, t.pos, "malformed float");
        v->kind = SH_V_FLOAT;
    } else {
        return sh_error(l, t.pos, "expected call, buffer, a number, a string or a $variable");
    }
    if (sh_peek(l, &t) || t.kind != SH_END)
        return t.kind == SH_END ? -1 : sh_error(l, t.pos, "unexpected text after the value");
    sh_var_show(v, text, sizeof text, &n);
    kprintf("$%s = %s\n", v->name, text);
    return 0;
}

static int cmd_exit(struct sh_line *l);

static const struct command {
    const char *name, *usage, *about;
    int (*run)(struct sh_line *l);
} commands_table[] = {
    { "help", "help", "this list", cmd_help },
    { "sigs", "sigs", "the exported functions and their signatures", cmd_sigs },
    { "call", "call NAME [SIG] ARG...", "call an export (SIG overrides its signature)",
      cmd_call },
    { "plan", "plan SIG | plan NAME", "a plan's moves (NAME: an ahead-of-time plan)",
      sh_cmd_plan },
    { "bench", "bench NAME ARG...", "cycles per call: direct C call vs cp_call", sh_cmd_bench },
    { "def", "def NAME(A, B) = EXPR", "a script function (+ - * / % < == ..., $vars)",
      sh_cmd_def },
    { "sort", "sort NAME V...", "the kernel's sort routine with NAME as a closure comparator",
      sh_cmd_sort },
    { "cache", "cache", "plan cache statistics", sh_cmd_cache },
    { "print", "print VALUE...", "strings, numbers and $variables", cmd_print },
    { "vars", "vars", "variables and definitions", cmd_vars },
    { "exit", "exit", "leave QEMU with the verdict", cmd_exit },
};

#define NCOMMANDS (sizeof commands_table / sizeof commands_table[0])

static int cmd_help(struct sh_line *l)
{
    unsigned i;
    (void)l;
    for (i = 0; i < NCOMMANDS; i++)
        kprintf("  %s%.*s%s\n", commands_table[i].usage,
                (int)(26 - sh_strnlen(commands_table[i].usage, 26)),
                "                          ", commands_table[i].about);
    kputs("  NAME = call ... | NAME = buffer N | NAME = VALUE    keep a value in $NAME\n"
          "  values: 42 -7 0x1f 1.5 \"text\" {1, 2} null $NAME\n"
          "  # a comment; ! before a command that must fail; up arrow: the previous line\n");
    return 0;
}

static int cmd_exit(struct sh_line *l)
{
    (void)l;
    kprintf("%u commands, %u unexpected result%s: %s\n", commands, unexpected,
            unexpected == 1 ? "" : "s", unexpected ? "FAIL" : "pass");
    qemu_exit(unexpected == 0);
}

static int run_line(struct sh_line *l)
{
    struct sh_token t, eq;
    unsigned i;
    int set;
    if (sh_next(l, &t))
        return -1;
    if (t.kind == SH_END)
        return 0;
    if (t.kind != SH_WORD)
        return sh_error(l, t.pos, "expected a command (see help)");
    set = sh_word_is(l, &t, "set");
    if (set && sh_next(l, &t))
        return -1;
    if (sh_peek(l, &eq))
        return -1;
    if (t.kind == SH_WORD && sh_punct_is(l, &eq, '=')) {
        sh_next(l, &eq);
        return assign(l, &t);
    }
    if (set)
        return sh_error(l, t.pos, "expected NAME = VALUE after set");
    for (i = 0; i < NCOMMANDS; i++)
        if (sh_word_is(l, &t, commands_table[i].name))
            return commands_table[i].run(l);
    return sh_error(l, t.pos, "unknown command '%.*s' (see help)", (int)t.len, l->text + t.pos);
}

void shell_main(void)
{
    char buf[SH_LINE_MAX + 1];
    kputs("callplan demo shell: kernel functions called through plans (type help)\n");
    if (sh_check_aot())
        unexpected++;
    for (;;) {
        struct sh_line l;
        int too_long, must_fail, failed;
        int n;
        kputs("> ");
        n = sh_read_line(buf, sizeof buf, &too_long);
        if (n < 0)
            cmd_exit(0);
        l.text = buf;
        l.len = (size_t)n;
        l.pos = 0;
        if (n == 0 || buf[0] == '#')
            continue;
        must_fail = buf[0] == '!';
        l.pos = (size_t)must_fail;
        commands++;
        failed = too_long ? sh_error(0, SH_NO_COLUMN, "line longer than %u bytes", SH_LINE_MAX)
                          : run_line(&l);
        if ((failed != 0) != must_fail) {
            unexpected++;
            kputs(must_fail ? "unexpected: this command should have failed\n" : "");
        }
    }
}
