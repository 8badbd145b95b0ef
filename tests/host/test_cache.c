/* The plan cache: hits and misses, CLOCK eviction inside a bucket, a bucket whose slots are all
 * pinned, two signatures with the same hash, a closure that outlives its cached plan, buffers
 * and plans too small, bad arguments. Every plan the cache hands out is compared with a fresh
 * cp_plan_build of the same signature. */
#include "callplan.h"
#include "harness.h"

#include <stdlib.h>

/* The cache's hash (src/plan_cache.c, hidden but linkable from the static library): the
 * collision test needs it to find two texts with the same hash. */
uint32_t cp__cache_hash(const char *text, size_t len);

#define MAX_PLAN CP_PLAN_SIZE(8)
#define MAX_TEXT 128
/* One bucket: every key competes for the same CP_CACHE_WAYS slots. */
#define ONE_BUCKET CP_CACHE_SIZE(CP_CACHE_WAYS, MAX_PLAN, MAX_TEXT)

static _Alignas(16) unsigned char small_buf[ONE_BUCKET];
static _Alignas(16) unsigned char big_buf[CP_CACHE_SIZE(256, MAX_PLAN, MAX_TEXT)];
static _Alignas(16) unsigned char arena[8192];

static cp_cache *new_cache(unsigned char *buf, size_t size)
{
    cp_cache *c = NULL;
    cp_status s = cp_cache_init(buf, size, MAX_PLAN, MAX_TEXT, &c);
    if (s != CP_OK)
        printf("#   cp_cache_init: %s\n", cp_strerror(s));
    return c;
}

static cp_cache_stats stats(const cp_cache *c)
{
    cp_cache_stats st;
    memset(&st, 0xFF, sizeof st);
    if (cp_cache_get_stats(c, &st) != CP_OK)
        printf("#   cp_cache_get_stats failed\n");
    return st;
}

/* Whether plan is exactly what cp_plan_build makes of text. */
static int plan_is(const cp_plan *plan, const char *text)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char want[CP_PLAN_SIZE(CP_MAX_ARGS)];
    cp_sig sig;
    size_t len = 0;
    if (!plan || cp_sig_parse(text, strlen(text), arena, sizeof arena, &sig, NULL) != CP_OK ||
        cp_plan_build(want, sizeof want, &sig, &len) != CP_OK)
        return 0;
    return memcmp(plan, want, len) == 0;
}

static const cp_plan *get(cp_cache *c, const char *text)
{
    const cp_plan *plan = NULL;
    size_t off;
    cp_status s = cp_cache_get(c, text, strlen(text), &plan, NULL, &off);
    if (s != CP_OK)
        printf("#   get \"%s\": %s at %zu\n", text, cp_strerror(s), off);
    return s == CP_OK ? plan : NULL;
}

/* Texts "u64(T1, ..., T6)" over twelve integer types: with 2^32 hashes, a few hundred thousand
 * of them hold a collision (birthday bound). */
static const char *const int_types[] = { "bool", "i8", "u8", "i16", "u16", "i32", "u32", "i64",
                                         "u64", "i128", "u128", "ptr" };

static void nth_text(char *out, size_t cap, unsigned long n)
{
    size_t k = (size_t)snprintf(out, cap, "u64(");
    unsigned i;
    for (i = 0; i < 6; i++, n /= 12)
        k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? ", " : "", int_types[n % 12]);
    snprintf(out + k, cap - k, ")");
}

TEST(init_sizes_and_arguments)
{
    static _Alignas(16) unsigned char buf[CP_CACHE_SIZE(64, MAX_PLAN, MAX_TEXT)];
    size_t one = ONE_BUCKET;
    cp_cache *c = NULL;
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, MAX_PLAN, MAX_TEXT, &c), CP_OK);
    CHECK(c != NULL && stats(c).entries == 64 && stats(c).used == 0);
    CHECK_STATUS(cp_cache_init(NULL, sizeof buf, MAX_PLAN, MAX_TEXT, &c), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, MAX_PLAN, MAX_TEXT, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, CP_PLAN_SIZE(0) - 1, MAX_TEXT, &c), CP_ERR_ARG);
    CHECK(c == NULL);
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, 0x10001, MAX_TEXT, &c), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, MAX_PLAN, 7, &c), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_init(buf, sizeof buf, MAX_PLAN, 0x10001, &c), CP_ERR_ARG);
    /* CP_CACHE_SIZE counts 7 bytes for aligning the buffer */
    CHECK_STATUS(cp_cache_init(buf, one - 7, MAX_PLAN, MAX_TEXT, &c), CP_OK);
    CHECK(stats(c).entries == CP_CACHE_WAYS);
    CHECK_STATUS(cp_cache_init(buf, one - 8, MAX_PLAN, MAX_TEXT, &c), CP_ERR_NOSPACE);
    CHECK_STATUS(cp_cache_init(buf + 1, one, MAX_PLAN, MAX_TEXT, &c), CP_OK);
    CHECK(((uintptr_t)c % 8) == 0 && (unsigned char *)c >= buf + 1);
    CHECK_STATUS(cp_cache_init(buf + 1, one - 1, MAX_PLAN, MAX_TEXT, &c), CP_ERR_NOSPACE);
    CHECK_STATUS(cp_cache_init(buf, 0, MAX_PLAN, MAX_TEXT, &c), CP_ERR_NOSPACE);
}

TEST(hit_and_miss_share_the_canonical_key)
{
    static const cp_type *const args[] = { &cp_type_i32, &cp_type_ptr };
    cp_sig hand = { .abi = CP_ABI_DEFAULT, .ret = &cp_type_i64, .args = args, .nargs = 2 };
    cp_cache *c = new_cache(big_buf, sizeof big_buf);
    const cp_plan *a, *b, *d = NULL;
    const cp_sig *sig = NULL;
    cp_cache_stats st;
    if (!c)
        return;
    a = get(c, "long(int, char*)");
    st = stats(c);
    CHECK(a && st.misses == 1 && st.hits == 0 && st.used == 1 && st.evictions == 0);
    CHECK(plan_is(a, "i64(i32, ptr)"));
    b = get(c, " i64 ( i32 , ptr ) ");              /* same canonical text: a hit */
    CHECK(b == a && stats(c).hits == 1);
    CHECK_STATUS(cp_cache_get_sig(c, &hand, &d), CP_OK);
    CHECK(d == a && stats(c).hits == 2);
    CHECK_STATUS(cp_cache_get(c, "sysv i64(i32, ptr)", 18, &b, &sig, NULL), CP_OK);
    CHECK(b != a && plan_is(b, "sysv i64(i32, ptr)"));  /* another key (the same plan bytes) */
    CHECK(sig && sig->abi == CP_ABI_SYSV64 && sig->nargs == 2 && sig->args[1] == &cp_type_ptr);
    st = stats(c);
    CHECK(st.misses == 2 && st.hits == 2 && st.used == 2);
    /* a canonical text is its own key: found without a parse when no sig is wanted; the text
     * ends at its length or its first NUL */
    CHECK_STATUS(cp_cache_get(c, "i64(i32, ptr)\0junk", 18, &b, NULL, NULL), CP_OK);
    CHECK(b == a && stats(c).hits == 3);
    CHECK_STATUS(cp_cache_get(c, "i64(i32, ptr))", 13, &b, NULL, NULL), CP_OK);
    CHECK(b == a && stats(c).hits == 4);
    CHECK_STATUS(cp_cache_get(c, "i64(i32, ptr)", 13, &b, &sig, NULL), CP_OK);
    CHECK(b == a && stats(c).hits == 5 && sig && sig->abi == CP_ABI_DEFAULT && sig->nargs == 2);
    /* blanks around a canonical text: still the fast path (the same key) */
    CHECK_STATUS(cp_cache_get(c, " \t i64(i32, ptr)\r\n", 19, &b, NULL, NULL), CP_OK);
    CHECK(b == a && stats(c).hits == 6);
    /* the signature a lookup returned (in the cache's arena) can be looked up itself */
    CHECK_STATUS(cp_cache_get_sig(c, sig, &b), CP_OK);
    CHECK(b == a && stats(c).hits == 7);
    /* a prefix of a key is not that key */
    CHECK_STATUS(cp_cache_get(c, "i64(i32, ptr)", 12, &b, NULL, NULL), CP_ERR_SYNTAX);
    CHECK(stats(c).misses == 2);
}

/* One bucket, CLOCK: keys 0..W-1 fill it (each referenced); key W sweeps every bit clear and
 * takes key 0's slot; after a hit on key 1, key W+1 clears key 1's bit again and takes key 2's
 * slot, the next unreferenced one. */
TEST(clock_eviction_in_a_bucket)
{
    cp_cache *c = new_cache(small_buf, sizeof small_buf);
    char keys[CP_CACHE_WAYS + 2][128];
    cp_cache_stats st;
    unsigned i;
    if (!c)
        return;
    for (i = 0; i < CP_CACHE_WAYS + 2; i++)
        nth_text(keys[i], sizeof keys[i], i);
    for (i = 0; i <= CP_CACHE_WAYS; i++)
        CHECK(plan_is(get(c, keys[i]), keys[i]));
    st = stats(c);
    CHECK(st.misses == CP_CACHE_WAYS + 1 && st.evictions == 1 && st.used == CP_CACHE_WAYS);
    CHECK(plan_is(get(c, keys[1]), keys[1]));       /* a hit */
    CHECK(stats(c).hits == 1);
    CHECK(plan_is(get(c, keys[CP_CACHE_WAYS + 1]), keys[CP_CACHE_WAYS + 1]));   /* evicts 2 */
    CHECK(stats(c).evictions == 2);
    for (i = 1; i < CP_CACHE_WAYS + 2; i++)         /* everything else survived */
        if (i != 2)
            CHECK(plan_is(get(c, keys[i]), keys[i]));
    st = stats(c);
    CHECK(st.hits == 1 + CP_CACHE_WAYS && st.misses == CP_CACHE_WAYS + 2);
    CHECK(plan_is(get(c, keys[2]), keys[2]));       /* 2 was gone */
    CHECK(stats(c).misses == CP_CACHE_WAYS + 3);
}

TEST(pinned_plans_are_never_evicted)
{
    cp_cache *c = new_cache(small_buf, sizeof small_buf);
    char keys[CP_CACHE_WAYS + 2][128];
    const cp_plan *pinned[CP_CACHE_WAYS], *p = NULL;
    const char *extra = keys[CP_CACHE_WAYS], *extra2 = keys[CP_CACHE_WAYS + 1];
    unsigned i;
    if (!c)
        return;
    for (i = 0; i < CP_CACHE_WAYS + 2; i++)
        nth_text(keys[i], sizeof keys[i], i);
    for (i = 0; i < CP_CACHE_WAYS; i++) {
        pinned[i] = get(c, keys[i]);
        CHECK_STATUS(cp_cache_pin(c, pinned[i]), CP_OK);
    }
    CHECK_STATUS(cp_cache_pin(c, pinned[0]), CP_OK);    /* pins count */
    CHECK_STATUS(cp_cache_get(c, extra, strlen(extra), &p, NULL, NULL), CP_ERR_BUSY);
    CHECK(p == NULL && stats(c).used == CP_CACHE_WAYS);
    for (i = 0; i < CP_CACHE_WAYS; i++)                 /* hits still work, plans intact */
        CHECK(get(c, keys[i]) == pinned[i] && plan_is(pinned[i], keys[i]));
    CHECK_STATUS(cp_cache_unpin(c, pinned[2]), CP_OK);
    CHECK(get(c, extra) == pinned[2] && plan_is(pinned[2], extra));  /* the one unpinned slot */
    CHECK_STATUS(cp_cache_unpin(c, pinned[0]), CP_OK);  /* pinned twice: still pinned */
    CHECK_STATUS(cp_cache_get(c, extra2, strlen(extra2), &p, NULL, NULL), CP_OK);
    CHECK(p == pinned[2]);                              /* that slot again, after a 2nd chance */
    for (i = 0; i < CP_CACHE_WAYS; i++)
        if (i != 2)
            CHECK(plan_is(pinned[i], keys[i]));
    /* pin bookkeeping errors */
    CHECK_STATUS(cp_cache_unpin(c, pinned[2]), CP_ERR_ARG);     /* not pinned */
    CHECK_STATUS(cp_cache_pin(c, (const cp_plan *)(const void *)arena), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_pin(c, (const cp_plan *)(const void *)((const char *)pinned[1] + 8)),
                 CP_ERR_ARG);
    CHECK_STATUS(cp_cache_pin(NULL, pinned[1]), CP_ERR_ARG);
}

struct hashed {
    uint32_t hash;
    uint32_t n;
};

static int by_hash(const void *a, const void *b)
{
    const struct hashed *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash ? 1 : (x->n > y->n) - (x->n < y->n);
}

static int find_collision(char *a, char *b, size_t cap)
{
    const unsigned count = 400000;
    struct hashed *h = malloc(count * sizeof *h);
    unsigned i;
    int found = 0;
    for (i = 0; i < count; i++) {
        nth_text(a, cap, i);
        h[i].hash = cp__cache_hash(a, strlen(a));
        h[i].n = i;
    }
    qsort(h, count, sizeof *h, by_hash);
    for (i = 1; i < count && !found; i++)
        if (h[i].hash == h[i - 1].hash) {
            nth_text(a, cap, h[i - 1].n);
            nth_text(b, cap, h[i].n);
            found = 1;
        }
    free(h);
    return found;
}

TEST(equal_hashes_never_alias)
{
    char a[128], b[128];
    cp_cache *c = new_cache(small_buf, sizeof small_buf);
    const cp_plan *pa, *pb;
    int found = find_collision(a, b, sizeof a);

    CHECK(found);                                   /* among 400000 texts */
    if (!c || !found)
        return;
    printf("#   same hash %#x: \"%s\" and \"%s\"\n", cp__cache_hash(a, strlen(a)), a, b);
    CHECK(strcmp(a, b) != 0 && cp__cache_hash(a, strlen(a)) == cp__cache_hash(b, strlen(b)));
    pa = get(c, a);
    pb = get(c, b);
    CHECK(pa && pb && pa != pb && stats(c).misses == 2 && stats(c).hits == 0);
    CHECK(get(c, a) == pa && get(c, b) == pb && stats(c).hits == 2);
    CHECK(plan_is(pa, a) && plan_is(pb, b));
}

/* The handler of i64(i64, i64) closures: 3a + b. */
static void combine(void *user, void *ret, void *const *args)
{
    int64_t a, b, r;
    memcpy(&a, args[0], 8);
    memcpy(&b, args[1], 8);
    r = 3 * a + b + (int64_t)(intptr_t)user;
    memcpy(ret, &r, 8);
}

TEST(closure_outlives_its_cached_plan)
{
    cp_cache *c = new_cache(small_buf, sizeof small_buf);
    const cp_plan *plan;
    void (*fn)(void) = NULL;
    int64_t (*call)(int64_t, int64_t);
    char other[128];
    unsigned i;
    if (!c)
        return;
    plan = get(c, "i64(i64, i64)");
    if (!plan)
        return;
    CHECK_STATUS(cp_closure_alloc(plan, combine, (void *)(intptr_t)100, &fn), CP_OK);
    if (!fn)
        return;
    for (i = 0; i < 2 * CP_CACHE_WAYS; i++) {       /* every slot of the bucket is rewritten */
        nth_text(other, sizeof other, i);
        get(c, other);
    }
    CHECK(stats(c).evictions >= CP_CACHE_WAYS && stats(c).used == CP_CACHE_WAYS);
    CHECK(!plan_is(plan, "i64(i64, i64)"));         /* its slot holds another plan now */
    memset((void *)(uintptr_t)plan, 0xCC, MAX_PLAN);    /* and then some: scribble over it */
    call = (int64_t (*)(int64_t, int64_t))(uintptr_t)fn;
    CHECK_EQ_U64(call(5, 7), 3 * 5 + 7 + 100);
    CHECK_EQ_U64(call(-2, 1), (uint64_t)(int64_t)(-6 + 1 + 100));
    CHECK_STATUS(cp_closure_free(fn), CP_OK);
}

TEST(too_small_and_bad_input)
{
    static _Alignas(16) unsigned char tiny_plans[CP_CACHE_SIZE(4, CP_PLAN_SIZE(0), 16)];
    cp_cache *c = NULL, *big = new_cache(big_buf, sizeof big_buf);
    const cp_plan *p = (const cp_plan *)(const void *)arena;
    const cp_sig *sig = NULL;
    size_t off = 0;
    static const cp_type *const ten[] = { &cp_type_i8, &cp_type_i8, &cp_type_i8, &cp_type_i8,
                                          &cp_type_i8, &cp_type_i8, &cp_type_i8, &cp_type_i8,
                                          &cp_type_i8, &cp_type_i8 };
    cp_sig long_sig = { .ret = &cp_type_void, .args = ten, .nargs = 10 };

    CHECK_STATUS(cp_cache_init(tiny_plans, sizeof tiny_plans, CP_PLAN_SIZE(0), 16, &c), CP_OK);
    if (!c || !big)
        return;
    /* a plan bigger than max_plan_bytes: refused, nothing cached */
    CHECK_STATUS(cp_cache_get(c, "i64(i64)", 8, &p, NULL, &off), CP_ERR_NOSPACE);
    CHECK(p == NULL && stats(c).used == 0 && stats(c).misses == 1);
    CHECK(plan_is(get(c, "void()"), "void()"));      /* the header alone fits */
    /* a canonical text longer than max_text_bytes (16) */
    CHECK_STATUS(cp_cache_get(c, "void(i8, i8, i8, i8)", 20, &p, NULL, &off), CP_ERR_NOSPACE);
    CHECK(off == 20);
    CHECK_STATUS(cp_cache_get_sig(c, &long_sig, &p), CP_ERR_NOSPACE);
    /* errors of the parser, with their offsets */
    CHECK_STATUS(cp_cache_get(big, "i32(i32 i32)", 12, &p, &sig, &off), CP_ERR_SYNTAX);
    CHECK(off == 8 && p == NULL);
    CHECK_STATUS(cp_cache_get(big, "i32(struct{i8, i32 @1})", 23, &p, NULL, &off), CP_ERR_ALIGN);
    CHECK(off == 15);
    /* an error of the builder: f32 in a variadic part is unpromoted; nothing cached */
    off = 99;
    CHECK_STATUS(cp_cache_get(big, "i32(ptr, ..., i8)", 17, &p, NULL, &off), CP_ERR_VARIADIC);
    CHECK(off == 0 && stats(big).used == 0);
    /* bad arguments */
    CHECK_STATUS(cp_cache_get(NULL, "i32()", 5, &p, NULL, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get((cp_cache *)(void *)arena, "i32()", 5, &p, NULL, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get(big, NULL, 5, &p, NULL, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get(big, "i32()", 5, NULL, NULL, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get_sig(big, NULL, &p), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get_sig(big, &long_sig, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get_stats(big, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_get_stats(NULL, &(cp_cache_stats){ 0 }), CP_ERR_ARG);
    CHECK_STATUS(cp_cache_unpin(big, NULL), CP_ERR_ARG);
}

/* Many keys in a big cache: every plan handed out is intact, later lookups find them. */
TEST(many_entries_stay_intact)
{
    cp_cache *c = new_cache(big_buf, sizeof big_buf);
    char text[128];
    unsigned i, ok = 0;
    cp_cache_stats st;
    if (!c)
        return;
    for (i = 0; i < 200; i++) {
        nth_text(text, sizeof text, (unsigned long)i * 7919u);
        ok += (unsigned)plan_is(get(c, text), text);
    }
    for (i = 0; i < 200; i++) {
        nth_text(text, sizeof text, (unsigned long)i * 7919u);
        ok += (unsigned)plan_is(get(c, text), text);
    }
    st = stats(c);
    printf("#   %u entries: 400 lookups of 200 keys, %llu hits, %llu misses, %llu evictions\n",
           st.entries, (unsigned long long)st.hits, (unsigned long long)st.misses,
           (unsigned long long)st.evictions);
    CHECK(ok == 400);
    CHECK(st.hits + st.misses == 400 && st.misses >= 200 && st.hits >= 150);
    CHECK(st.used == st.misses - st.evictions);
}

int main(void)
{
    RUN(init_sizes_and_arguments);
    RUN(hit_and_miss_share_the_canonical_key);
    RUN(clock_eviction_in_a_bucket);
    RUN(pinned_plans_are_never_evicted);
    RUN(equal_hashes_never_alias);
    RUN(closure_outlives_its_cached_plan);
    RUN(too_small_and_bad_input);
    RUN(many_entries_stay_intact);
    return harness_done();
}
