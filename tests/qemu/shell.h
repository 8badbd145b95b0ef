/* The demo kernel's shell (`make run`): a line-oriented command language over COM1 that calls
 * exported kernel functions through plans, with signatures written as text.
 *
 *   shell.c          the loop: dispatches commands, keeps the verdict
 *   shell_line.c     line editing on COM1 (echo, backspace, ^U ^C ^D, the previous line)
 *   shell_lex.c      tokens of a line: words, numbers, strings, $variables, signature spans
 *   shell_value.c    literals -> argument bytes by cp_type; result bytes -> text
 *   shell_text.c     bounded text building
 *   shell_vars.c     variables that keep results
 *   shell_call.c     call, plan, bench, cache: signatures -> plans -> cp_call, under a trap guard
 *   shell_expr.c     the tiny expression language of script-defined comparators
 *   shell_sort.c     def and sort: a script comparator as a closure handed to a kernel routine
 *   shell_exports.c  the export table: real kernel functions with their direct bindings
 *   shell_fp.c       built with SSE: float literals, float printing, the double callee
 * Everything but shell_fp.c is kernel code (general registers only): floating-point values are
 * handled as bit patterns and converted in shell_fp.c. */
#ifndef CALLPLAN_SHELL_H
#define CALLPLAN_SHELL_H

#include "callplan.h"
#include "kernel.h"

#define SH_LINE_MAX 256
#define SH_NO_COLUMN ((size_t)-1)

/* ---- shell_line.c ------------------------------------------------------------------------ */
/* Reads one line into buf (cap bytes, NUL-terminated, trailing blanks cut), echoing it.
 * Returns its length, or -1 for ^D on an empty line. Bytes past the buffer are dropped and
 * *too_long says so. */
int sh_read_line(char *buf, size_t cap, int *too_long);

/* ---- shell_lex.c ------------------------------------------------------------------------- */
enum sh_tok {
    SH_END,         /* end of line */
    SH_WORD,        /* [A-Za-z_][A-Za-z0-9_]* */
    SH_INT,         /* 42, -7, 0x1f */
    SH_FLOAT,       /* 1.5, -2e3 */
    SH_STR,         /* "text" with \n \t \\ \" \xNN */
    SH_VAR,         /* $name */
    SH_PUNCT,       /* one of { } , = ( ) */
};

struct sh_token {
    enum sh_tok kind;
    size_t pos, len;        /* span in the line (SH_VAR: the name after '$') */
    uint64_t mag;           /* SH_INT: magnitude */
    int neg;                /* SH_INT: a leading '-' */
};

struct sh_line {
    const char *text;
    size_t len;
    size_t pos;             /* next byte to read */
};

/* Reads the next token. Returns 0, or -1 after printing a lexical error (bad number, an
 * unterminated string). */
int sh_next(struct sh_line *l, struct sh_token *t);
/* The same without consuming it. */
int sh_peek(struct sh_line *l, struct sh_token *t);
/* The next non-blank byte (0 at the end of the line), not consumed. */
char sh_peek_char(struct sh_line *l);
/* Takes a signature: from the next non-blank byte to the ')' that closes its first top-level
 * '(' (or to the end of the line if there is none). */
void sh_sig_span(struct sh_line *l, size_t *start, size_t *len);
/* Decodes a SH_STR token into out (cap bytes, NUL-terminated); returns the length. */
size_t sh_str_decode(const struct sh_line *l, const struct sh_token *t, char *out, size_t cap);
int sh_word_is(const struct sh_line *l, const struct sh_token *t, const char *word);
int sh_punct_is(const struct sh_line *l, const struct sh_token *t, char c);

/* Prints a caret under column pos of the line just echoed (SH_NO_COLUMN: none) and
 * "error: column N: message". Always returns -1, so commands can `return sh_error(...)`. */
int sh_error(const struct sh_line *l, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- shell_vars.c ------------------------------------------------------------------------ */
enum sh_var_kind { SH_V_INT, SH_V_UINT, SH_V_FLOAT, SH_V_PTR, SH_V_STR, SH_V_BLOB };

#define SH_VAR_NAME 16
#define SH_VAR_BYTES 128

struct sh_var {
    char name[SH_VAR_NAME];         /* "" when the slot is free */
    enum sh_var_kind kind;
    uint64_t bits;                  /* INT, UINT, PTR; FLOAT: the f64 bit pattern */
    uint32_t size;                  /* STR: buffer size; BLOB: bytes of the value */
    _Alignas(16) unsigned char data[SH_VAR_BYTES];  /* STR: the string buffer; BLOB: the bytes */
    char shown[SH_VAR_BYTES];       /* BLOB: its text when it was stored */
};

struct sh_var *sh_var_find(const char *name, size_t len);
/* Finds or creates the variable; NULL (and an error printed) when the table is full. */
struct sh_var *sh_var_make(const struct sh_line *l, const struct sh_token *name);
/* Stores a typed result in v (its kind follows the type). */
void sh_var_store(struct sh_var *v, const cp_type *t, const void *bytes);
/* Appends v's value as text. */
void sh_var_show(const struct sh_var *v, char *out, size_t cap, size_t *n);
void sh_vars_list(void);

/* ---- shell_value.c ----------------------------------------------------------------------- */
/* Memory of one call: argument values and the strings they point at. */
struct sh_arena {
    _Alignas(16) unsigned char bytes[4096];
    size_t used;
};
void *sh_arena_take(struct sh_arena *a, size_t size, size_t align);

/* Reads one argument value of type t from the line and writes its bytes at dst (t's size).
 * Returns 0, or -1 after printing an error with the column. */
int sh_put_arg(struct sh_line *l, const cp_type *t, void *dst, struct sh_arena *a);
/* The type a literal gets in the variadic part (int -> i64, float -> f64, string -> ptr). */
int sh_variadic_type(struct sh_line *l, const struct sh_token *t, const cp_type **out);
/* Appends the value of type t at src as text ({a, b} for aggregates). */
void sh_show(const cp_type *t, const void *src, char *out, size_t cap, size_t *n);
const char *sh_kind_name(const cp_type *t);

/* ---- shell_text.c: bounded text building (out[*n], NUL-terminated, at most cap bytes) -- */
void sh_cat(char *out, size_t cap, size_t *n, const char *s);
void sh_cat_n(char *out, size_t cap, size_t *n, const char *s, size_t len);
void sh_cat_dec(char *out, size_t cap, size_t *n, int64_t v);
void sh_cat_udec(char *out, size_t cap, size_t *n, uint64_t v);
void sh_cat_hex(char *out, size_t cap, size_t *n, uint64_t v);
size_t sh_strnlen(const char *s, size_t max);

/* ---- shell_call.c ------------------------------------------------------------------------ */
struct cp_aot_plan;                 /* generated by tools/cpgen (aot_plans.h) */
int sh_cmd_call(struct sh_line *l, struct sh_var *dest);
int sh_cmd_plan(struct sh_line *l);
int sh_cmd_bench(struct sh_line *l);
int sh_cmd_cache(struct sh_line *l);
/* Runs fn(arg) with every fault but #DF contained: returns 0, or -1 after printing what the
 * fault was. The shell continues either way. */
int sh_guarded(uint64_t (*fn)(const void *), const void *arg, uint64_t *result);
/* Checks the ahead-of-time plans at boot; prints one line. Returns the number of bad ones. */
unsigned sh_check_aot(void);
/* The ahead-of-time plan of a name, or NULL. */
const struct cp_aot_plan *sh_aot_find(const char *name, size_t len);

/* ---- shell_expr.c ------------------------------------------------------------------------ */
struct sh_expr_env {
    const char *names[2];           /* the parameters' names */
    size_t name_len[2];
    int64_t values[2];
    int syntax_only;                /* def: division by zero is not an error yet */
};
/* Evaluates text[0..len) in env. Returns 0 with *out, or -1 with *err_off and *msg. */
int sh_expr_eval(const char *text, size_t len, const struct sh_expr_env *env, int64_t *out,
                 size_t *err_off, const char **msg);

/* ---- shell_sort.c ------------------------------------------------------------------------ */
int sh_cmd_def(struct sh_line *l);
int sh_cmd_sort(struct sh_line *l);
void sh_defs_list(void);

/* ---- shell_exports.c --------------------------------------------------------------------- */
/* A compiled call of the function with the arguments of a plan's argument array, as a
 * hand-written binding would make it: what `bench` compares cp_call with. */
typedef void sh_direct_fn(void *ret, void *const *args);

struct sh_export {
    const char *name;               /* also the name of its plan in tests/qemu/aot.sigs */
    void (*fn)(void);
    sh_direct_fn *direct;           /* NULL: no binding to bench against */
    const char *about;
};
extern const struct sh_export sh_exports[];
extern const unsigned sh_export_count;
const struct sh_export *sh_export_find(const char *name, size_t len);

/* ---- shell_fp.c (SSE) -------------------------------------------------------------------- */
/* Float literal text -> f64 bits; 0, or -1 if malformed. */
int sh_fp_parse(const char *s, size_t n, uint64_t *bits);
uint64_t sh_fp_from_i64(int64_t v);
uint64_t sh_fp_from_u64(uint64_t v);
uint32_t sh_fp_to_f32(uint64_t bits);
uint64_t sh_fp_from_f32(uint32_t bits);
void sh_fp_to_f80(uint64_t bits, void *out16);
uint64_t sh_fp_from_f80(const void *in16);
/* f64 bits -> text ("1.5", "-0.125", "1e+30", "inf"), NUL-terminated; returns the length. */
size_t sh_fp_format(uint64_t bits, char *out, size_t cap);
double k_lerp(double a, double b, double t);
void sh_direct_lerp(void *ret, void *const *args);

#endif
