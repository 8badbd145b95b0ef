/* The expression language of script-defined functions (def): 64-bit integers, the two
 * parameters, $variables, + - * / %, comparisons (1 or 0), unary minus and parentheses.
 *
 *   expr    := sum [('<' | '>' | '<=' | '>=' | '==' | '!=') sum]
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/' | '%') unary)*
 *   unary   := '-' unary | number | name | '$' name | '(' expr ')'
 *
 * Arithmetic wraps (two's complement, no undefined behaviour); division by zero is an error.
 * Recursion is bounded by MAX_DEPTH. The text is evaluated each time: a comparator is called
 * a few dozen times per sort, parsing is not worth caching here. */
#include "shell.h"

#define MAX_DEPTH 32

struct ev {
    const char *s;
    size_t len, pos;
    const struct sh_expr_env *env;
    unsigned depth;
    const char *msg;                        /* the first error, at err_off */
    size_t err_off;
};

static int fail(struct ev *e, size_t at, const char *msg)
{
    if (!e->msg) {
        e->msg = msg;
        e->err_off = at;
    }
    return -1;
}

static char peek(struct ev *e)
{
    while (e->pos < e->len && (e->s[e->pos] == ' ' || e->s[e->pos] == '\t'))
        e->pos++;
    return e->pos < e->len ? e->s[e->pos] : 0;
}

static int is_name_char(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static int expr(struct ev *e, int64_t *out);

static int name_value(struct ev *e, size_t at, size_t n, int64_t *out)
{
    unsigned i;
    const struct sh_var *v;
    if (e->s[at] == '$') {
        v = sh_var_find(e->s + at + 1, n - 1);
        if (!v || (v->kind != SH_V_INT && v->kind != SH_V_UINT))
            return fail(e, at, "not an integer variable");
        *out = (int64_t)v->bits;
        return 0;
    }
    for (i = 0; i < 2; i++)
        if (e->env->name_len[i] == n && memcmp(e->env->names[i], e->s + at, n) == 0) {
            *out = e->env->values[i];
            return 0;
        }
    return fail(e, at, "unknown name");
}

static int unary(struct ev *e, int64_t *out)
{
    char c = peek(e);
    size_t at = e->pos;
    if (++e->depth > MAX_DEPTH)
        return fail(e, at, "expression nested too deeply");
    if (c == '-') {
        e->pos++;
        if (unary(e, out))
            return -1;
        *out = (int64_t)(0 - (uint64_t)*out);
    } else if (c == '(') {
        e->pos++;
        if (expr(e, out))
            return -1;
        if (peek(e) != ')')
            return fail(e, e->pos, "expected ')'");
        e->pos++;
    } else if (c >= '0' && c <= '9') {
        uint64_t v = 0;
        for (; e->pos < e->len && e->s[e->pos] >= '0' && e->s[e->pos] <= '9'; e->pos++) {
            if (v > (UINT64_MAX - 9) / 10)
                return fail(e, at, "number too large");
            v = v * 10 + (uint64_t)(e->s[e->pos] - '0');
        }
        *out = (int64_t)v;
    } else if (c == '$' || is_name_char(c, 1)) {
        for (e->pos++; e->pos < e->len && is_name_char(e->s[e->pos], 0); e->pos++)
            ;
        if (name_value(e, at, e->pos - at, out))
            return -1;
    } else {
        return fail(e, at, c ? "expected a value" : "expression ends too early");
    }
    e->depth--;
    return 0;
}

static int product(struct ev *e, int64_t *out)
{
    if (unary(e, out))
        return -1;
    for (;;) {
        char op = peek(e);
        size_t at = e->pos;
        int64_t r;
        if (op != '*' && op != '/' && op != '%')
            return 0;
        e->pos++;
        if (unary(e, &r))
            return -1;
        if (op == '*') {
            *out = (int64_t)((uint64_t)*out * (uint64_t)r);
            continue;
        }
        if (r == 0 && e->env->syntax_only)
            *out = 0;
        else if (r == 0)
            return fail(e, at, "division by zero");
        else if (r == -1)                   /* INT64_MIN / -1 overflows: wrap instead */
            *out = op == '/' ? (int64_t)(0 - (uint64_t)*out) : 0;
        else
            *out = op == '/' ? *out / r : *out % r;
    }
}

static int sum(struct ev *e, int64_t *out)
{
    if (product(e, out))
        return -1;
    for (;;) {
        char op = peek(e);
        int64_t r;
        if (op != '+' && op != '-')
            return 0;
        e->pos++;
        if (product(e, &r))
            return -1;
        *out = (int64_t)(op == '+' ? (uint64_t)*out + (uint64_t)r : (uint64_t)*out - (uint64_t)r);
    }
}

static int expr(struct ev *e, int64_t *out)
{
    char op, op2;
    int64_t r;
    if (sum(e, out))
        return -1;
    op = peek(e);
    if (op != '<' && op != '>' && op != '=' && op != '!')
        return 0;
    op2 = e->pos + 1 < e->len ? e->s[e->pos + 1] : 0;
    if ((op == '=' || op == '!') && op2 != '=')
        return fail(e, e->pos, "expected '==' or '!='");
    e->pos += op2 == '=' ? 2 : 1;
    if (sum(e, &r))
        return -1;
    if (op == '<')
        *out = op2 == '=' ? *out <= r : *out < r;
    else if (op == '>')
        *out = op2 == '=' ? *out >= r : *out > r;
    else
        *out = op == '=' ? *out == r : *out != r;
    return 0;
}

int sh_expr_eval(const char *text, size_t len, const struct sh_expr_env *env, int64_t *out,
                 size_t *err_off, const char **msg)
{
    struct ev e = { text, len, 0, env, 0, 0, 0 };
    if (expr(&e, out) == 0 && peek(&e))
        fail(&e, e.pos, "unexpected text after the expression");
    if (e.msg) {
        *err_off = e.err_off;
        *msg = e.msg;
        return -1;
    }
    return 0;
}
