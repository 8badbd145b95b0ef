/* cp_sig_parse: signature strings (the grammar is in callplan.h) into descriptors in the caller's
 * arena. One pass over the tokens, recursive descent whose depth is bounded by CP_MAX_DEPTH, and
 * each aggregate checked by the core's own layout rules as soon as it closes, so that an error
 * points at the token that caused it. Member and argument arrays must be contiguous while nested
 * aggregates allocate in between: a list's length is counted ahead (cp__lex_count_items). */
#include "sig_internal.h"

struct parser {
    struct cp__lex lx;
    uint8_t *arena;
    size_t cap;         /* bytes of arena */
    size_t used;        /* bytes taken, from arena's start (alignment padding included) */
    size_t err_off;
};

static cp_status fail_at(struct parser *p, cp_status s, size_t off)
{
    p->err_off = off;
    return s;
}

static cp_status fail_here(struct parser *p, cp_status s)
{
    return fail_at(p, s, p->lx.off);
}

/* Takes `size` zeroed bytes aligned for descriptors and pointers; `off` is the token they are
 * for, reported when the arena is too small. */
static cp_status arena_take(struct parser *p, size_t size, size_t off, void **out)
{
    const size_t align = 8;
    uintptr_t base = (uintptr_t)p->arena;
    size_t start = (size_t)(((base + p->used + align - 1) & ~(uintptr_t)(align - 1)) - base);

    _Static_assert(_Alignof(cp_type) <= 8 && _Alignof(cp_member) <= 8 &&
                   _Alignof(const cp_type *) <= 8, "arena alignment");
    if (start > p->cap || size > p->cap - start)
        return fail_at(p, CP_ERR_NOSPACE, off);
    *out = p->arena + start;
    cp__memset(*out, 0, size);
    p->used = start + size;
    return CP_OK;
}

static int is_keyword(const struct parser *p, enum cp__keyword k)
{
    return cp__lex_word(&p->lx, CP__W_KEYWORD, (unsigned)k);
}

static cp_status expect(struct parser *p, unsigned tok)
{
    if (p->lx.tok != tok)
        return fail_here(p, CP_ERR_SYNTAX);
    cp__lex_next(&p->lx);
    return CP_OK;
}

/* Reads a numeral into *v; numbers that do not fit `limit` are CP_ERR_TYPE (well formed, but no
 * descriptor can hold them). */
static cp_status read_number(struct parser *p, uint64_t limit, uint32_t *v)
{
    if (p->lx.tok != CP__TOK_NUM)
        return fail_here(p, CP_ERR_SYNTAX);
    if (p->lx.num > limit)
        return fail_here(p, CP_ERR_TYPE);
    *v = (uint32_t)p->lx.num;
    cp__lex_next(&p->lx);
    return CP_OK;
}

/* Validates t, complete, nested at `level`: the core's rules, so the parser accepts exactly the
 * descriptors cp_plan_build does. */
static cp_status check_layout(const cp_type *t, unsigned level, struct cp__layout *l)
{
    struct cp__walk w;
    cp__walk_init(&w);
    return cp__type_layout(t, level, &w, l);
}

static cp_status parse_type(struct parser *p, unsigned level, const cp_type **out,
                            unsigned *height);

/* Attributes between `struct`/`union` and `{`: packed, align(n), size(n), each at most once.
 * Records where align and size were written, for their errors. */
static cp_status parse_attributes(struct parser *p, cp_type *t, size_t *align_off,
                                  size_t *size_off)
{
    for (;;) {
        size_t off = p->lx.off;
        uint32_t v;
        cp_status s;
        if (is_keyword(p, CP__KW_PACKED)) {
            if (t->flags & CP_TYPE_PACKED)
                return fail_here(p, CP_ERR_SYNTAX);
            t->flags |= CP_TYPE_PACKED;
            cp__lex_next(&p->lx);
            continue;
        }
        if (is_keyword(p, CP__KW_ALIGN)) {
            if (t->align)
                return fail_here(p, CP_ERR_SYNTAX);
            cp__lex_next(&p->lx);
            if ((s = expect(p, CP__TOK_LPAREN)) != CP_OK)
                return s;
            if (p->lx.tok == CP__TOK_NUM && (p->lx.num == 0 || p->lx.num > 0x8000 ||
                                             (p->lx.num & (p->lx.num - 1))))
                return fail_here(p, CP_ERR_ALIGN);  /* not a power of two up to 32768 */
            if ((s = read_number(p, 0x8000, &v)) != CP_OK)
                return s;
            t->align = (uint16_t)v;
            *align_off = off;
        } else if (is_keyword(p, CP__KW_SIZE)) {
            if (t->size)
                return fail_here(p, CP_ERR_SYNTAX);
            cp__lex_next(&p->lx);
            if ((s = expect(p, CP__TOK_LPAREN)) != CP_OK)
                return s;
            if (p->lx.tok == CP__TOK_NUM && p->lx.num == 0)
                return fail_here(p, CP_ERR_TYPE);   /* 0 would mean "computed" */
            if ((s = read_number(p, CP_MAX_TYPE_SIZE, &v)) != CP_OK)
                return s;
            t->size = v;
            *size_off = off;
        } else {
            return CP_OK;
        }
        if ((s = expect(p, CP__TOK_RPAREN)) != CP_OK)
            return s;
    }
}

/* One member of an aggregate at `level`: a type, then an optional `@ offset`; placed right away
 * so that an overlap or a misplaced offset is reported at the member. */
static cp_status parse_member(struct parser *p, unsigned level, cp_type *agg, cp_member *members,
                              uint32_t i, uint32_t *cursor, unsigned *height)
{
    size_t off = p->lx.off;
    struct cp__layout ml;
    uint32_t placed;
    cp_status s = parse_type(p, level + 1, &members[i].type, height);

    if (s != CP_OK)
        return s;
    members[i].offset = CP_OFFSET_AUTO;
    if (p->lx.tok == CP__TOK_AT) {
        cp__lex_next(&p->lx);
        if ((s = read_number(p, CP_OFFSET_AUTO - 1u, &members[i].offset)) != CP_OK)
            return s;
    }
    if (members[i].type->kind == CP_KIND_VOID)
        return fail_at(p, CP_ERR_TYPE, off);       /* void has no storage */
    s = check_layout(members[i].type, level + 1, &ml);
    if (s == CP_OK)
        s = cp__member_place(agg, i, &ml, cursor, &placed);
    return s == CP_OK ? CP_OK : fail_at(p, s, off);
}

/* `struct` or `union` (the current token), attributes, `{` members `}`. The aggregate sits at
 * `level` (enclosing aggregates); *height is its own nesting (1 + its deepest member's). */
static cp_status parse_aggregate(struct parser *p, unsigned level, const cp_type **out,
                                 unsigned *height)
{
    size_t kw_off = p->lx.off, align_off = 0, size_off = 0, brace_off, n;
    cp_member *members = NULL;
    uint32_t i = 0, cursor = 0;
    unsigned deepest = 0;
    struct cp__layout l;
    cp_type *t;
    cp_status s;

    if (level >= CP_MAX_DEPTH)
        return fail_at(p, CP_ERR_DEPTH, kw_off);
    if ((s = arena_take(p, sizeof *t, kw_off, (void **)&t)) != CP_OK)
        return s;
    t->kind = is_keyword(p, CP__KW_STRUCT) ? CP_KIND_STRUCT : CP_KIND_UNION;
    cp__lex_next(&p->lx);
    if ((s = parse_attributes(p, t, &align_off, &size_off)) != CP_OK)
        return s;
    brace_off = p->lx.off;
    if ((s = expect(p, CP__TOK_LBRACE)) != CP_OK)
        return s;
    if (p->lx.tok != CP__TOK_RBRACE) {
        n = cp__lex_count_items(&p->lx);
        if (n > p->cap / sizeof *members)
            return fail_at(p, CP_ERR_NOSPACE, brace_off);
        if ((s = arena_take(p, n * sizeof *members, brace_off, (void **)&members)) != CP_OK)
            return s;
        t->members = members;
        for (;; i++) {
            unsigned h;
            if (i >= n)                             /* only if the count was fooled */
                return fail_here(p, CP_ERR_SYNTAX);
            if ((s = parse_member(p, level, t, members, i, &cursor, &h)) != CP_OK)
                return s;
            deepest = h > deepest ? h : deepest;
            if (p->lx.tok != CP__TOK_COMMA)
                break;
            cp__lex_next(&p->lx);
        }
        i++;
    }
    if ((s = expect(p, CP__TOK_RBRACE)) != CP_OK)
        return s;
    t->count = i;
    s = check_layout(t, level, &l);
    if (s != CP_OK) {
        if (s == CP_ERR_ALIGN && align_off)
            kw_off = align_off;                     /* align(n) below the members' needs */
        else if (s == CP_ERR_TYPE && size_off)
            kw_off = size_off;                      /* size(n) contradicts the members */
        return fail_at(p, s, kw_off);
    }
    *out = t;
    *height = deepest + 1;
    return CP_OK;
}

/* A scalar written as C specifiers ("unsigned long int"), gathered while the words combine. */
static cp_status parse_cspec(struct parser *p, const cp_type **out)
{
    struct cp__cspec c = { 0, 0 };
    size_t start = p->lx.off;
    int kind;

    for (; p->lx.tok == CP__TOK_NAME; cp__lex_next(&p->lx)) {
        if (p->lx.wcls == CP__W_CSPEC) {
            if (cp__cspec_add(&c, p->lx.wval) != CP_OK)
                return fail_here(p, CP_ERR_SYNTAX); /* e.g. the second `unsigned`, `short long` */
        } else if (p->lx.wcls != CP__W_QUAL) {
            break;
        }
    }
    kind = cp__cspec_kind(&c);
    if (kind < 0)
        return fail_at(p, CP_ERR_SYNTAX, start);    /* `_Complex` alone */
    *out = cp__sig_scalar_types[kind];
    return CP_OK;
}

/* The type before any `*` or `[n]`: an aggregate, a one-word name, or C specifiers. */
static cp_status parse_base(struct parser *p, unsigned level, const cp_type **out,
                            unsigned *height)
{
    *height = 0;
    while (p->lx.tok == CP__TOK_NAME && p->lx.wcls == CP__W_QUAL)
        cp__lex_next(&p->lx);
    if (is_keyword(p, CP__KW_STRUCT) || is_keyword(p, CP__KW_UNION))
        return parse_aggregate(p, level, out, height);
    if (p->lx.tok == CP__TOK_NAME && p->lx.wcls == CP__W_SCALAR) {
        *out = cp__sig_scalar_types[p->lx.wval];
        cp__lex_next(&p->lx);
        return CP_OK;
    }
    if (p->lx.tok == CP__TOK_NAME && p->lx.wcls == CP__W_CSPEC)
        return parse_cspec(p, out);
    return fail_here(p, CP_ERR_SYNTAX);             /* an unknown name, or no name */
}

/* One `[n]` suffix. Consecutive suffixes nest as in C: `i32[2][3]` is 2 arrays of 3, so each new
 * dimension goes inside the innermost array of the run (*run) instead of around the type. */
static cp_status parse_dimension(struct parser *p, unsigned level, const cp_type **t,
                                 unsigned *height, cp_type **run)
{
    size_t off = p->lx.off;
    struct cp__layout l;
    uint32_t count;
    cp_type *a;
    cp_status s;

    if (level + *height + 1 > CP_MAX_DEPTH)
        return fail_here(p, CP_ERR_DEPTH);
    cp__lex_next(&p->lx);
    if ((s = read_number(p, 0xFFFFFFFFu, &count)) != CP_OK)
        return s;
    if ((s = expect(p, CP__TOK_RBRACKET)) != CP_OK)
        return s;
    if ((s = arena_take(p, sizeof *a, off, (void **)&a)) != CP_OK)
        return s;
    a->kind = CP_KIND_ARRAY;
    a->count = count;
    if (*run) {
        a->elem = (*run)->elem;
        (*run)->elem = a;
    } else {
        a->elem = *t;
        *t = a;
    }
    *run = a;
    ++*height;
    s = check_layout(*t, level, &l);                /* a void element, a size over the cap */
    return s == CP_OK ? CP_OK : fail_at(p, s, off);
}

/* A whole type: a base, then any of `*` (a pointer: whatever it points to is dropped, and its
 * descriptors given back to the arena), `[n]`, and ignored qualifiers. */
static cp_status parse_type(struct parser *p, unsigned level, const cp_type **out,
                            unsigned *height)
{
    size_t mark = p->used;
    cp_type *run = NULL;
    cp_status s = parse_base(p, level, out, height);

    while (s == CP_OK) {
        if (p->lx.tok == CP__TOK_STAR) {
            p->used = mark;
            *out = &cp_type_ptr;
            *height = 0;
            run = NULL;
            cp__lex_next(&p->lx);
        } else if (p->lx.tok == CP__TOK_NAME && p->lx.wcls == CP__W_QUAL) {
            cp__lex_next(&p->lx);
        } else if (p->lx.tok == CP__TOK_LBRACKET) {
            s = parse_dimension(p, level, out, height, &run);
        } else {
            break;
        }
    }
    return s;
}

/* The arguments after `(`, up to and including `)`. */
static cp_status parse_args(struct parser *p, cp_sig *sig)
{
    const cp_type **args = NULL;
    size_t n;
    cp_status s;

    if (cp__lex_word(&p->lx, CP__W_SCALAR, CP_KIND_VOID) && cp__lex_peek(&p->lx) == CP__TOK_RPAREN)
        cp__lex_next(&p->lx);
    if (p->lx.tok == CP__TOK_RPAREN) {
        cp__lex_next(&p->lx);
        return CP_OK;
    }
    n = cp__lex_count_items(&p->lx);
    n = n > CP_MAX_ARGS ? CP_MAX_ARGS : n;      /* one more is CP_ERR_TOOMANY at that argument */
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of descriptor pointers */
    if ((s = arena_take(p, n * sizeof *args, p->lx.off, (void **)&args)) != CP_OK)
        return s;
    sig->args = args;
    for (;;) {
        size_t off = p->lx.off;
        if (p->lx.tok == CP__TOK_ELLIPSIS) {
            if (sig->flags & CP_SIG_VARIADIC)
                return fail_here(p, CP_ERR_SYNTAX); /* a second `...` */
            sig->flags |= CP_SIG_VARIADIC;
            sig->nfixed = sig->nargs;
            cp__lex_next(&p->lx);
        } else {
            unsigned h;
            if (sig->nargs == CP_MAX_ARGS)
                return fail_here(p, CP_ERR_TOOMANY);
            if (sig->nargs >= n)                    /* only if the count was fooled */
                return fail_here(p, CP_ERR_SYNTAX);
            if ((s = parse_type(p, 0, &args[sig->nargs], &h)) != CP_OK)
                return s;
            if (args[sig->nargs]->kind == CP_KIND_VOID)
                return fail_at(p, CP_ERR_TYPE, off);   /* void is a return type only */
            sig->nargs++;
        }
        if (p->lx.tok != CP__TOK_COMMA)
            break;
        cp__lex_next(&p->lx);
    }
    if (sig->nargs == 0)
        sig->args = NULL;
    return expect(p, CP__TOK_RPAREN);
}

static cp_status parse_signature(struct parser *p, cp_sig *sig)
{
    unsigned h;
    cp_status s;

    sig->abi = CP_ABI_DEFAULT;
    sig->ret = NULL;
    sig->args = NULL;
    sig->nargs = sig->nfixed = sig->flags = 0;
    if (is_keyword(p, CP__KW_SYSV)) {
        sig->abi = CP_ABI_SYSV64;
        cp__lex_next(&p->lx);
    } else if (is_keyword(p, CP__KW_EFIAPI)) {
        sig->abi = CP_ABI_WIN64;
        cp__lex_next(&p->lx);
    }
    if ((s = parse_type(p, 0, &sig->ret, &h)) != CP_OK)
        return s;
    if ((s = expect(p, CP__TOK_LPAREN)) != CP_OK)
        return s;
    if ((s = parse_args(p, sig)) != CP_OK)
        return s;
    if (!(sig->flags & CP_SIG_VARIADIC))
        sig->nfixed = sig->nargs;
    return p->lx.tok == CP__TOK_END ? CP_OK : fail_here(p, CP_ERR_SYNTAX);
}

cp_status cp_sig_parse(const char *text, size_t len, void *arena, size_t arena_size,
                       cp_sig *sig, size_t *err_off)
{
    struct parser p;
    cp_status s;

    if (err_off)
        *err_off = 0;
    if (!text || !sig || (!arena && arena_size))
        return CP_ERR_ARG;
    cp__lex_init(&p.lx, text, len);
    p.arena = arena;
    p.cap = arena_size;
    p.used = 0;
    p.err_off = 0;
    s = parse_signature(&p, sig);
    if (s != CP_OK && err_off)
        *err_off = p.err_off;
    return s;
}
