/* The token reader of signature strings, with its two look-aheads. It never looks at a byte at
 * or past lx->len, which cp__lex_init stops at the first NUL: a text cut by its length or by a
 * NUL simply ends there. */
#include "sig_internal.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Value of a hexadecimal digit, or -1. */
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

/* Reads a numeral at lx->off: decimal, or 0x followed by at least one hex digit. A numeral
 * running into a letter or digit it cannot use ("12ab", "0x") is one bad token. */
static void read_number(struct cp__lex *lx)
{
    size_t i = lx->off;
    unsigned base = 10;
    uint64_t v = 0;
    size_t digits = 0;

    if (i + 1 < lx->len && lx->text[i] == '0' && (lx->text[i + 1] == 'x' || lx->text[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    for (; i < lx->len; i++) {
        int d = hex_value(lx->text[i]);
        if (d < 0 || (unsigned)d >= base)
            break;
        v = v * base + (unsigned)d;
        if (v > CP__NUM_TOO_BIG)
            v = CP__NUM_TOO_BIG;    /* saturate: the caller reports it, no overflow here */
        digits++;
    }
    lx->tok = CP__TOK_NUM;
    if (digits == 0 || (i < lx->len && (is_alpha(lx->text[i]) || is_digit(lx->text[i]))))
        lx->tok = CP__TOK_BAD;
    lx->num = v;
    lx->tlen = i - lx->off;
}

static unsigned punct_token(char c)
{
    switch (c) {
    case '(': return CP__TOK_LPAREN;
    case ')': return CP__TOK_RPAREN;
    case '{': return CP__TOK_LBRACE;
    case '}': return CP__TOK_RBRACE;
    case '[': return CP__TOK_LBRACKET;
    case ']': return CP__TOK_RBRACKET;
    case ',': return CP__TOK_COMMA;
    case '*': return CP__TOK_STAR;
    case '@': return CP__TOK_AT;
    default: return CP__TOK_BAD;
    }
}

void cp__lex_next(struct cp__lex *lx)
{
    size_t i = lx->pos;
    while (i < lx->len && is_space(lx->text[i]))
        i++;
    lx->off = i;
    lx->tlen = 1;
    lx->num = 0;
    lx->wcls = CP__W_NONE;
    lx->wval = 0;
    if (i >= lx->len) {
        lx->tok = CP__TOK_END;
        lx->tlen = 0;
    } else if (is_alpha(lx->text[i])) {
        size_t j = i + 1;
        while (j < lx->len && (is_alpha(lx->text[j]) || is_digit(lx->text[j])))
            j++;
        lx->tok = CP__TOK_NAME;
        lx->tlen = j - i;
        cp__sig_word(lx->text + i, lx->tlen, &lx->wcls, &lx->wval);
    } else if (is_digit(lx->text[i])) {
        read_number(lx);
    } else if (lx->text[i] == '.') {
        int three = i + 2 < lx->len && lx->text[i + 1] == '.' && lx->text[i + 2] == '.';
        lx->tok = three ? CP__TOK_ELLIPSIS : CP__TOK_BAD;
        lx->tlen = three ? 3 : 1;
    } else {
        lx->tok = punct_token(lx->text[i]);
    }
    lx->pos = lx->off + lx->tlen;
}

void cp__lex_init(struct cp__lex *lx, const char *text, size_t len)
{
    size_t n = 0;
    while (n < len && text[n] != '\0')
        n++;
    lx->text = text;
    lx->len = n;
    lx->pos = 0;
    cp__lex_next(lx);
}

int cp__lex_word(const struct cp__lex *lx, unsigned cls, unsigned val)
{
    return lx->tok == CP__TOK_NAME && lx->wcls == cls && lx->wval == val;
}

unsigned cp__lex_peek(const struct cp__lex *lx)
{
    struct cp__lex ahead;
    /* Field by field: a struct copy may become a memcpy call, which the core cannot have. */
    ahead.text = lx->text;
    ahead.len = lx->len;
    ahead.pos = lx->pos;
    cp__lex_next(&ahead);
    return ahead.tok;
}

size_t cp__lex_count_items(const struct cp__lex *lx)
{
    size_t depth = 0, n = 0, i;
    int text = 0;           /* the current item has a character other than blanks */

    /* Empty items (`a,,b`) are not counted: they are syntax errors the parser reports at their
     * place, and counting them would let blank commas claim arena space beyond what
     * CP_SIG_ARENA_SIZE promises. */
    for (i = lx->off; i < lx->len; i++) {
        char c = lx->text[i];
        if (is_space(c))
            continue;
        switch (c) {
        case '(': case '{': case '[':
            depth++;
            break;
        case ')': case '}': case ']':
            if (depth == 0)
                return n + (size_t)text;
            depth--;
            break;
        case ',':
            if (depth == 0) {
                n += (size_t)text;
                text = 0;
                continue;
            }
            break;
        default:
            break;
        }
        text = 1;
    }
    return n + (size_t)text;
}
