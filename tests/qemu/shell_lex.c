/* Tokens of a shell line. Values are never converted here: a number keeps its sign and
 * magnitude and a string its span, so the argument writer can check them against the type
 * the signature asks for (range of an i8, a float for an f32...). */
#include "shell.h"

#define PROMPT_WIDTH 2                      /* "> " before every echoed line */

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Bytes that may follow a value: anything else glued to a number is a mistake ("12ab"). */
static int ends_value(char c)
{
    return c == 0 || c == ' ' || c == '\t' || c == ',' || c == '}' || c == ')';
}

static char at(const struct sh_line *l, size_t i)
{
    return i < l->len ? l->text[i] : 0;
}

static void skip_blanks(struct sh_line *l)
{
    while (l->pos < l->len && (l->text[l->pos] == ' ' || l->text[l->pos] == '\t'))
        l->pos++;
}

int sh_error(const struct sh_line *l, size_t pos, const char *fmt, ...)
{
    va_list ap;
    size_t i;
    if (pos != SH_NO_COLUMN && l) {
        for (i = 0; i < PROMPT_WIDTH + pos; i++)
            kputs(" ");
        kputs("^\n");
        kprintf("error: column %u: ", (unsigned)(pos + 1));
    } else {
        kputs("error: ");
    }
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kputs("\n");
    return -1;
}

/* A number: -?(0x hex | decimal), or a float if a '.' or an exponent follows the digits. */
static int lex_number(struct sh_line *l, struct sh_token *t)
{
    size_t i = l->pos;
    uint64_t mag = 0;
    int digits = 0;

    t->neg = at(l, i) == '-';
    if (t->neg)
        i++;
    if (at(l, i) == '0' && (at(l, i + 1) == 'x' || at(l, i + 1) == 'X')) {
        for (i += 2; hex_value(at(l, i)) >= 0; i++, digits++) {
            if (mag >> 60)
                return sh_error(l, t->pos, "number too large for 64 bits");
            mag = mag << 4 | (uint64_t)hex_value(at(l, i));
        }
    } else {
        for (; is_digit(at(l, i)); i++, digits++) {
            uint64_t d = (uint64_t)(at(l, i) - '0');
            if (mag > (UINT64_MAX - d) / 10)
                return sh_error(l, t->pos, "number too large for 64 bits");
            mag = mag * 10 + d;
        }
        if (digits && (at(l, i) == '.' || at(l, i) == 'e' || at(l, i) == 'E')) {
            if (at(l, i) == '.')
                for (i++; is_digit(at(l, i)); i++)
                    ;
            if (at(l, i) == 'e' || at(l, i) == 'E') {
                i++;
                if (at(l, i) == '+' || at(l, i) == '-')
                    i++;
                if (!is_digit(at(l, i)))
                    return sh_error(l, i, "exponent without digits");
                while (is_digit(at(l, i)))
                    i++;
            }
            t->kind = SH_FLOAT;
        }
    }
    if (!digits)
        return sh_error(l, t->pos, "a number needs digits");
    if (!ends_value(at(l, i)))
        return sh_error(l, i, "unexpected '%c' after a number", at(l, i));
    t->mag = mag;
    t->len = i - t->pos;
    l->pos = i;
    return 0;
}

static int lex_string(struct sh_line *l, struct sh_token *t)
{
    size_t i = l->pos + 1;
    while (i < l->len && l->text[i] != '"')
        i += l->text[i] == '\\' ? 2 : 1;
    if (i >= l->len)
        return sh_error(l, t->pos, "unterminated string");
    t->kind = SH_STR;
    t->len = i + 1 - t->pos;
    l->pos = i + 1;
    return 0;
}

int sh_next(struct sh_line *l, struct sh_token *t)
{
    char c;
    skip_blanks(l);
    c = at(l, l->pos);
    t->pos = l->pos;
    t->len = 0;
    t->mag = 0;
    t->neg = 0;
    if (!c) {
        t->kind = SH_END;
        return 0;
    }
    if (is_alpha(c) || c == '$') {
        size_t i = l->pos + (c == '$');
        t->kind = c == '$' ? SH_VAR : SH_WORD;
        t->pos = i;
        while (is_alpha(at(l, i)) || is_digit(at(l, i)))
            i++;
        t->len = i - t->pos;
        if (!t->len)
            return sh_error(l, l->pos, "'$' needs a variable name");
        l->pos = i;
        return 0;
    }
    if (is_digit(c) || (c == '-' && is_digit(at(l, l->pos + 1)))) {
        t->kind = SH_INT;
        return lex_number(l, t);
    }
    if (c == '"')
        return lex_string(l, t);
    if (c == '{' || c == '}' || c == ',' || c == '=' || c == '(' || c == ')') {
        t->kind = SH_PUNCT;
        t->len = 1;
        l->pos++;
        return 0;
    }
    return sh_error(l, l->pos, "unexpected character '%c'", c);
}

int sh_peek(struct sh_line *l, struct sh_token *t)
{
    size_t pos = l->pos;
    int r = sh_next(l, t);
    l->pos = pos;
    return r;
}

char sh_peek_char(struct sh_line *l)
{
    skip_blanks(l);
    return at(l, l->pos);
}

void sh_sig_span(struct sh_line *l, size_t *start, size_t *len)
{
    size_t i;
    int depth = 0, opened = 0;
    skip_blanks(l);
    *start = l->pos;
    for (i = l->pos; i < l->len; i++) {
        char c = l->text[i];
        if (c == '(' || c == '{' || c == '[')
            depth++, opened |= c == '(';
        else if (c == ')' || c == '}' || c == ']')
            depth--;
        if (opened && depth == 0) {
            i++;
            break;
        }
    }
    *len = i - *start;
    l->pos = i;
}

size_t sh_str_decode(const struct sh_line *l, const struct sh_token *t, char *out, size_t cap)
{
    size_t i = t->pos + 1, end = t->pos + t->len - 1, n = 0;
    while (i < end && n + 1 < cap) {
        char c = l->text[i++];
        if (c == '\\' && i < end) {
            c = l->text[i++];
            if (c == 'n')
                c = '\n';
            else if (c == 't')
                c = '\t';
            else if (c == '0')
                c = 0;
            else if (c == 'x' && i + 1 < end && hex_value(l->text[i]) >= 0 &&
                     hex_value(l->text[i + 1]) >= 0) {
                c = (char)(hex_value(l->text[i]) << 4 | hex_value(l->text[i + 1]));
                i += 2;
            }
        }
        out[n++] = c;
    }
    out[n] = 0;
    return n;
}

int sh_word_is(const struct sh_line *l, const struct sh_token *t, const char *word)
{
    size_t i;
    if (t->kind != SH_WORD)
        return 0;
    for (i = 0; i < t->len; i++)
        if (word[i] != l->text[t->pos + i])
            return 0;
    return word[i] == 0;
}

int sh_punct_is(const struct sh_line *l, const struct sh_token *t, char c)
{
    return t->kind == SH_PUNCT && l->text[t->pos] == c;
}
