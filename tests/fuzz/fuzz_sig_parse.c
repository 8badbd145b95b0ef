/* Fuzz target: the signature parser (cp_sig_parse) and formatter (cp_sig_format).
 *
 * Input: one control byte, then the text. The text is copied into a buffer of exactly its
 * length with no NUL after it, and the arena is allocated at exactly the size chosen (ASan sees
 * a read past the text or a write past the arena). Control bits: 0-1 the arena size (the
 * documented bound CP_SIG_ARENA_SIZE(len), or less), 2 an odd arena address (any alignment is
 * allowed), 3 a short output buffer for the formatter.
 *
 * Invariants: statuses are cp_status values and err_off stays inside the text; the documented
 * arena bound never runs out; a parsed signature lays out and builds (or is refused by the
 * builder with a status), and its canonical text is a fixed point: format -> parse -> format
 * gives the same text, and the re-parsed signature builds the same plan byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"

#define FAIL(...)                                                                              \
    do {                                                                                       \
        fprintf(stderr, "fuzz_sig_parse: " __VA_ARGS__);                                       \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

static void check_status(cp_status s, const char *what)
{
    if ((unsigned)s >= CP_STATUS_COUNT_)
        FAIL("%s returned %d, not a cp_status", what, (int)s);
}

/* Parses n bytes copied into an exact, unterminated buffer; arena of exactly arena_size bytes,
 * at an odd address when `odd`. The arena stays allocated for the signature's lifetime: the
 * caller frees *arena_out. */
static cp_status parse_exact(const char *text, size_t n, size_t arena_size, int odd,
                             cp_sig *sig, size_t *err_off, unsigned char **arena_out)
{
    char *copy = malloc(n ? n : 1);
    unsigned char *arena = malloc(arena_size + (size_t)odd + 1);
    cp_status s;
    memcpy(copy, text, n);
    memset(arena, 0xA5, arena_size + (size_t)odd + 1);  /* not zeros: nothing may rely on them */
    *err_off = (size_t)-1;
    s = cp_sig_parse(copy, n, arena_size ? arena + odd : NULL, arena_size, sig, err_off);
    check_status(s, "cp_sig_parse");
    if (s != CP_OK && *err_off > n)
        FAIL("err_off %zu past the text's %zu bytes (%s)", *err_off, n, cp_strerror(s));
    free(copy);
    *arena_out = arena;
    return s;
}

/* The canonical text of sig in an exact malloc'd buffer (NUL included), or NULL with *status. */
static char *format_exact(const cp_sig *sig, size_t *len, cp_status *status)
{
    char *out;
    cp_status s = cp_sig_format(sig, NULL, 0, len);
    check_status(s, "cp_sig_format");
    *status = s;
    if (s != CP_ERR_NOSPACE)
        return NULL;
    out = malloc(*len + 1);
    s = cp_sig_format(sig, out, *len + 1, NULL);
    *status = s;
    if (s != CP_OK)
        FAIL("cp_sig_format measured %zu bytes, then gave %s", *len, cp_strerror(s));
    if (strlen(out) != *len)
        FAIL("formatted text is %zu bytes, measured %zu", strlen(out), *len);
    return out;
}

/* A plan for sig in a fresh buffer: its status, and its bytes in *plan (caller frees). */
static cp_status build(const cp_sig *sig, unsigned char **plan, size_t *used)
{
    size_t cap = CP_PLAN_SIZE(CP_MAX_ARGS);
    cp_status s;
    *plan = malloc(cap);
    *used = 0;
    s = cp_plan_build(*plan, cap, sig, used);
    check_status(s, "cp_plan_build");
    if (s == CP_OK && cp_plan_check(*plan, *used) != CP_OK)
        FAIL("the plan of a parsed signature fails cp_plan_check");
    return s;
}

static void check_layouts(const cp_sig *sig)
{
    uint32_t i;
    if (!sig->ret || sig->nargs > CP_MAX_ARGS || (sig->nargs && !sig->args))
        FAIL("parsed signature: ret %p, %u args at %p", (const void *)sig->ret, sig->nargs,
             (const void *)sig->args);
    if (cp_type_layout(sig->ret, NULL, NULL, NULL, 0) != CP_OK)
        FAIL("the parsed return type fails cp_type_layout");
    for (i = 0; i < sig->nargs; i++)
        if (!sig->args[i] || cp_type_layout(sig->args[i], NULL, NULL, NULL, 0) != CP_OK)
            FAIL("parsed argument %u fails cp_type_layout", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data + 1;
    size_t n, bound, arena_size, err_off, len1, len2, used1, used2;
    unsigned char *arena1, *arena2 = NULL, *plan1 = NULL, *plan2 = NULL;
    char *canon1, *canon2 = NULL;
    cp_sig sig1, sig2;
    cp_status s, b1, b2;
    uint8_t ctrl;
    int odd;

    if (size < 1)
        return 0;
    ctrl = data[0];
    n = size - 1;
    odd = (ctrl >> 2) & 1;
    bound = CP_SIG_ARENA_SIZE(n);
    arena_size = (ctrl & 3) == 0 ? bound / 8 : (ctrl & 3) == 1 ? bound / 2 : bound;

    s = parse_exact(text, n, arena_size, odd, &sig1, &err_off, &arena1);
    if (s == CP_ERR_NOSPACE && arena_size == bound)
        FAIL("CP_SIG_ARENA_SIZE(%zu) = %zu bytes ran out at offset %zu", n, bound, err_off);
    if (s != CP_OK)
        goto out;
    check_layouts(&sig1);
    b1 = build(&sig1, &plan1, &used1);

    canon1 = format_exact(&sig1, &len1, &s);
    if (!canon1)
        FAIL("a parsed signature does not format: %s", cp_strerror(s));
    if (ctrl & 8 && len1 > 0) {             /* a short buffer: truncated, terminated, no overrun */
        size_t cap = len1 / 2 + 1, need = 0;
        char *small = malloc(cap);
        if (cp_sig_format(&sig1, small, cap, &need) != CP_ERR_NOSPACE || need != len1 ||
            memchr(small, '\0', cap) == NULL)
            FAIL("short format buffer of %zu for %zu bytes", cap, len1);
        free(small);
    }
    s = parse_exact(canon1, len1, CP_SIG_ARENA_SIZE(len1), 0, &sig2, &err_off, &arena2);
    if (s != CP_OK)
        FAIL("canonical text \"%s\" does not parse: %s at %zu", canon1, cp_strerror(s), err_off);
    canon2 = format_exact(&sig2, &len2, &s);
    if (!canon2 || len2 != len1 || memcmp(canon1, canon2, len1) != 0)
        FAIL("not a fixed point: \"%s\" -> \"%s\"", canon1, canon2 ? canon2 : "(error)");
    b2 = build(&sig2, &plan2, &used2);
    if (b1 != b2 || (b1 == CP_OK && (used1 != used2 || memcmp(plan1, plan2, used1) != 0)))
        FAIL("\"%s\": the re-parsed signature builds another plan (%s vs %s)", canon1,
             cp_strerror(b1), cp_strerror(b2));
    free(canon1);
    free(canon2);
out:
    free(plan1);
    free(plan2);
    free(arena1);
    free(arena2);
    return 0;
}
