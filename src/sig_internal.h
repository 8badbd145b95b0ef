/* Internals of signature strings (sig_lex.c, sig_names.c, sig_parse.c, sig_format.c): the token
 * reader and the one table of type names, shared so that the parser and the formatter can never
 * disagree on a spelling. */
#ifndef CP_SIG_INTERNAL_H
#define CP_SIG_INTERNAL_H

#include "internal.h"

/* ---- sig_lex.c: tokens ------------------------------------------------------------------- */
enum cp__tok {
    CP__TOK_END,        /* the end of the text: its length, or the first NUL before it */
    CP__TOK_NAME,       /* [A-Za-z_][A-Za-z0-9_]* */
    CP__TOK_NUM,        /* decimal or 0x hexadecimal */
    CP__TOK_LPAREN, CP__TOK_RPAREN, CP__TOK_LBRACE, CP__TOK_RBRACE,
    CP__TOK_LBRACKET, CP__TOK_RBRACKET, CP__TOK_COMMA, CP__TOK_STAR, CP__TOK_AT,
    CP__TOK_ELLIPSIS,   /* ... */
    CP__TOK_BAD         /* a byte no token starts with, or a malformed numeral */
};

/* Numerals above this saturate to it: every number the grammar takes is a uint32_t. */
#define CP__NUM_TOO_BIG 0x100000000ull

/* What a name is: classified once, when the token reader meets it (sig_names.c). */
enum cp__word_class {
    CP__W_NONE,         /* not a name of the grammar */
    CP__W_SCALAR,       /* a one-word type: val is its cp_kind */
    CP__W_CSPEC,        /* a C specifier word: val is its bit index in struct cp__cspec */
    CP__W_QUAL,         /* const, volatile: accepted, ignored */
    CP__W_KEYWORD       /* val is an enum cp__keyword */
};

enum cp__keyword {
    CP__KW_STRUCT, CP__KW_UNION, CP__KW_PACKED, CP__KW_ALIGN, CP__KW_SIZE, CP__KW_SYSV,
    CP__KW_EFIAPI
};

struct cp__lex {
    const char *text;
    size_t len;         /* bytes before the first NUL, at most the caller's length */
    size_t pos;         /* where the token after the current one starts its search */
    unsigned tok;       /* the current token (enum cp__tok) */
    size_t off;         /* its first byte */
    size_t tlen;        /* its length */
    uint64_t num;       /* a numeral's value, saturated at CP__NUM_TOO_BIG */
    uint8_t wcls;       /* a name's enum cp__word_class (CP__W_NONE for other tokens) */
    uint8_t wval;       /* and its value */
};

/* Starts reading text and loads the first token. */
CP__HIDDEN void cp__lex_init(struct cp__lex *lx, const char *text, size_t len);
/* Loads the next token. */
CP__HIDDEN void cp__lex_next(struct cp__lex *lx);
/* Whether the current token is a name of class cls and value val. */
CP__HIDDEN int cp__lex_word(const struct cp__lex *lx, unsigned cls, unsigned val);
/* The kind of token after the current one, without consuming anything. */
CP__HIDDEN unsigned cp__lex_peek(const struct cp__lex *lx);
/* Items of the list that starts at the current token: 1 + the commas at this nesting level
 * before the bracket that closes it (or the end). Counted over bytes, not tokens (no token but a
 * bracket or a comma holds one of these bytes), not counting empty items (a syntax error the
 * parser reports where it is): an upper bound of the items the parser will accept, exact for a
 * well-formed list, and never more than one per two bytes of text (CP_SIG_ARENA_SIZE). Reads each byte once per enclosing list, so at most
 * CP_MAX_DEPTH + 1 times in a whole parse. */
CP__HIDDEN size_t cp__lex_count_items(const struct cp__lex *lx);

/* ---- sig_names.c: type names -------------------------------------------------------------- */
/* Canonical name of each scalar kind ("void" .. "c80"), indexed by cp_kind up to CP_KIND_C80. */
CP__HIDDEN extern const char *const cp__sig_scalar_names[CP_KIND_C80 + 1];
/* The built-in descriptor of each scalar kind, same index. */
CP__HIDDEN extern const cp_type *const cp__sig_scalar_types[CP_KIND_C80 + 1];

/* Classifies a name (case-sensitive): *cls is an enum cp__word_class, *val its value. */
CP__HIDDEN void cp__sig_word(const char *name, size_t len, uint8_t *cls, uint8_t *val);

/* C type specifiers ("unsigned long long int", "long double _Complex"): gathered word by word
 * in any order, as C allows, then resolved to one kind. */
struct cp__cspec {
    uint32_t seen;      /* one bit per specifier word */
    uint32_t nlong;     /* `long` may appear twice */
};

/* Adds the word of bit index `bit` (a CP__W_CSPEC value); CP_ERR_SYNTAX when it cannot combine
 * with the words before it. */
CP__HIDDEN cp_status cp__cspec_add(struct cp__cspec *c, unsigned bit);
/* The kind the gathered words denote, or -1 when they are incomplete (e.g. `_Complex` alone). */
CP__HIDDEN int cp__cspec_kind(const struct cp__cspec *c);

#endif /* CP_SIG_INTERNAL_H */
