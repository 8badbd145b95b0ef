/* The plan cache: built plans kept inline in a caller's buffer, keyed by the canonical text of
 * their signature (cp_sig_format), so that an interpreter calling by signature text classifies
 * each signature once.
 *
 * Set-associative: a key's hash picks one bucket of CP_CACHE_WAYS slots, and only that bucket is
 * searched (hash, length, then every byte of the text: equal hashes never alias). A full bucket
 * gives up a slot by CLOCK: the hand skips pinned slots and clears the "referenced" bit of the
 * others until it finds one already clear, so two turns of the hand always end. Every lookup is
 * bounded by the bucket size, whatever the cache size.
 *
 * Buffer layout (all 8-aligned):
 *   struct cp_cache | key scratch (max_text + 1) | parse arena | bucket 0 | bucket 1 | ...
 *   bucket = struct bucket (hashes, the hand) + CP_CACHE_WAYS slots
 *   slot   = struct slot + plan room (max_plan rounded up) + text room (max_text rounded up)
 * Frames are small (no array on the stack), so kernels with small stacks can use it. */
#include "sig_internal.h"

#define CACHE_MAGIC 0x43504348u     /* "CPCH" */

struct slot {
    uint32_t text_len;      /* 0: empty (no canonical text is empty) */
    uint32_t pins;
    uint8_t referenced;     /* CLOCK bit: set by a hit, cleared when the hand passes */
    uint8_t pad[7];
};

/* The hashes of a bucket's keys sit together (40 bytes with the hand), so a lookup reads them
 * before it touches any slot, instead of one slot header per way. */
struct bucket {
    uint32_t hash[CP_CACHE_WAYS];
    uint8_t hand;           /* the next way CLOCK looks at */
    uint8_t pad[7];
};

struct cp_cache {
    uint32_t magic;
    uint32_t nbuckets;
    uint32_t plan_room;     /* bytes for a plan in each slot */
    uint32_t text_room;     /* bytes for a key text in each slot */
    uint32_t slot_bytes;
    uint32_t bucket_bytes;
    uint32_t used;          /* slots holding a plan */
    uint32_t max_text;      /* longest key text */
    size_t arena_bytes;
    char *key;              /* max_text + 1 bytes: the canonical text being looked up */
    uint8_t *arena;         /* for cp_sig_parse */
    uint8_t *buckets;
    cp_sig sig;             /* the last parsed signature */
    uint64_t hits, misses, evictions;
};

_Static_assert(sizeof(struct cp_cache) <= CP__CACHE_HEADER, "CP_CACHE_SIZE counts the header");
_Static_assert(sizeof(struct slot) == CP__CACHE_SLOT_HEADER, "CP_CACHE_SIZE counts slot headers");
_Static_assert(sizeof(struct bucket) == CP__CACHE_BUCKET_HEADER, "CP_CACHE_SIZE counts buckets");

static size_t round8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* FNV-1a over the canonical text. Not secret and not collision-free: lookups compare the text. */
CP__HIDDEN uint32_t cp__cache_hash(const char *text, size_t len);
uint32_t cp__cache_hash(const char *text, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (uint8_t)text[i];
        h *= 16777619u;
    }
    return h;
}

static int same_bytes(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static struct bucket *bucket_at(const cp_cache *c, uint32_t bucket)
{
    return (struct bucket *)(void *)(c->buckets + (size_t)bucket * c->bucket_bytes);
}

static struct slot *slot_at(const cp_cache *c, uint32_t bucket, unsigned way)
{
    uint8_t *b = c->buckets + (size_t)bucket * c->bucket_bytes;
    return (struct slot *)(void *)(b + sizeof(struct bucket) + (size_t)way * c->slot_bytes);
}

static uint8_t *slot_plan(struct slot *s)
{
    return (uint8_t *)(s + 1);
}

static char *slot_text(const cp_cache *c, struct slot *s)
{
    return (char *)slot_plan(s) + c->plan_room;
}

cp_status cp_cache_init(void *buf, size_t size, size_t max_plan_bytes, size_t max_text_bytes,
                        cp_cache **cache)
{
    uintptr_t start = ((uintptr_t)buf + 7) & ~(uintptr_t)7;
    size_t skip = (size_t)(start - (uintptr_t)buf), fixed, slot_bytes, bucket_bytes, nbuckets;
    cp_cache *c;
    uint32_t b;
    unsigned w;

    if (cache)
        *cache = NULL;
    if (!buf || !cache || max_plan_bytes < CP_PLAN_SIZE(0) || max_plan_bytes > 0x10000 ||
        max_text_bytes < 8 || max_text_bytes > 0x10000)
        return CP_ERR_ARG;
    fixed = CP__CACHE_HEADER + round8(max_text_bytes + 1) +
            round8(CP_SIG_ARENA_SIZE(max_text_bytes));
    slot_bytes = sizeof(struct slot) + round8(max_plan_bytes) + round8(max_text_bytes);
    bucket_bytes = sizeof(struct bucket) + CP_CACHE_WAYS * slot_bytes;
    if (size < skip || size - skip < fixed + bucket_bytes)
        return CP_ERR_NOSPACE;
    nbuckets = (size - skip - fixed) / bucket_bytes;
    if (nbuckets > 0xFFFFFFFFu / CP_CACHE_WAYS)
        nbuckets = 0xFFFFFFFFu / CP_CACHE_WAYS;
    c = (cp_cache *)start;
    cp__memset(c, 0, sizeof *c);
    c->nbuckets = (uint32_t)nbuckets;
    c->plan_room = (uint32_t)round8(max_plan_bytes);
    c->text_room = (uint32_t)round8(max_text_bytes);
    c->max_text = (uint32_t)max_text_bytes;
    c->slot_bytes = (uint32_t)slot_bytes;
    c->bucket_bytes = (uint32_t)bucket_bytes;
    c->key = (char *)c + CP__CACHE_HEADER;
    c->arena = (uint8_t *)c->key + round8(max_text_bytes + 1);
    c->arena_bytes = round8(CP_SIG_ARENA_SIZE(max_text_bytes));
    c->buckets = (uint8_t *)c + fixed;
    for (b = 0; b < c->nbuckets; b++) {
        cp__memset(bucket_at(c, b), 0, sizeof(struct bucket));
        for (w = 0; w < CP_CACHE_WAYS; w++)
            cp__memset(slot_at(c, b, w), 0, sizeof(struct slot));
    }
    c->magic = CACHE_MAGIC;
    *cache = c;
    return CP_OK;
}

/* The way of the bucket for a new entry: an empty slot, else CLOCK's choice; -1 when every slot
 * is pinned. */
static int choose_victim(cp_cache *c, uint32_t bucket)
{
    struct bucket *b = bucket_at(c, bucket);
    unsigned w, step;

    for (w = 0; w < CP_CACHE_WAYS; w++)
        if (slot_at(c, bucket, w)->text_len == 0)
            return (int)w;
    for (step = 0; step < 2 * CP_CACHE_WAYS; step++) {
        struct slot *s = slot_at(c, bucket, w = b->hand);
        b->hand = (uint8_t)((b->hand + 1) % CP_CACHE_WAYS);
        if (s->pins)
            continue;
        if (s->referenced) {
            s->referenced = 0;          /* a second chance */
            continue;
        }
        return (int)w;
    }
    return -1;
}

/* The cached plan whose key is text (len bytes, hash h), or NULL. A hit sets the CLOCK bit. */
static const cp_plan *find(cp_cache *c, const char *text, size_t len, uint32_t h)
{
    uint32_t bucket = (uint32_t)(((uint64_t)h * c->nbuckets) >> 32);
    struct bucket *b = bucket_at(c, bucket);
    unsigned w;

    for (w = 0; w < CP_CACHE_WAYS; w++) {
        struct slot *s;
        if (b->hash[w] != h)
            continue;
        s = slot_at(c, bucket, w);
        if (s->text_len == len && same_bytes(slot_text(c, s), text, len)) {
            s->referenced = 1;
            return (const cp_plan *)(const void *)slot_plan(s);
        }
    }
    return NULL;
}

/* Builds sig's plan into a slot of key h's bucket, keyed by c->key (len bytes). */
static cp_status insert(cp_cache *c, size_t len, uint32_t h, const cp_sig *sig,
                        const cp_plan **plan)
{
    uint32_t bucket = (uint32_t)(((uint64_t)h * c->nbuckets) >> 32);
    int victim = choose_victim(c, bucket);
    struct slot *s;
    cp_status st;

    if (victim < 0)
        return CP_ERR_BUSY;
    s = slot_at(c, bucket, (unsigned)victim);
    if (s->text_len) {
        c->evictions++;
        c->used--;
        s->text_len = 0;                /* empty until the new plan is complete */
    }
    st = cp_plan_build(slot_plan(s), c->plan_room, sig, NULL);
    if (st != CP_OK)
        return st;                      /* NOSPACE: the plan needs more than max_plan_bytes */
    cp__memcpy(slot_text(c, s), c->key, len);
    bucket_at(c, bucket)->hash[victim] = h;
    s->text_len = (uint32_t)len;
    s->referenced = 1;
    c->used++;
    *plan = (const cp_plan *)(const void *)slot_plan(s);
    return CP_OK;
}

/* Lookup-or-build of the canonical text in c->key (len bytes). */
static cp_status lookup(cp_cache *c, size_t len, const cp_sig *sig, const cp_plan **plan)
{
    uint32_t h = cp__cache_hash(c->key, len);
    if ((*plan = find(c, c->key, len, h)) != NULL) {
        c->hits++;
        return CP_OK;
    }
    c->misses++;
    return insert(c, len, h, sig, plan);
}

static int cache_ok(const cp_cache *c)
{
    return c && c->magic == CACHE_MAGIC;
}

/* The canonical text of sig into c->key; a text over max_text_bytes is CP_ERR_NOSPACE. */
static cp_status make_key(cp_cache *c, const cp_sig *sig, size_t *len)
{
    return cp_sig_format(sig, c->key, (size_t)c->max_text + 1, len);
}

/* The blanks the signature grammar skips between tokens. */
static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Bytes of text before its end: len, or its first NUL (as the parser reads it). */
static size_t text_length(const char *text, size_t len)
{
    size_t n = 0;
    while (n < len && text[n] != '\0')
        n++;
    return n;
}

cp_status cp_cache_get(cp_cache *c, const char *text, size_t len, const cp_plan **plan,
                       const cp_sig **sig, size_t *err_off)
{
    const cp_plan *found;
    size_t klen = 0, first, end;
    cp_status s;

    if (err_off)
        *err_off = 0;
    if (plan)
        *plan = NULL;
    if (!cache_ok(c) || !text || !plan)
        return CP_ERR_ARG;
    len = text_length(text, len);
    /* A text that is already canonical is its own key: a hit needs no formatting, and with no
     * sig wanted no parse either (one hash, one compare). Sound because a canonical text parses
     * back to itself (cp_sig_format); any other text simply misses here. Blanks around it (a
     * line read with its newline) do not count: canonical texts neither start nor end with one. */
    for (first = 0; first < len && is_blank(text[first]); first++)
        ;
    for (end = len; end > first && is_blank(text[end - 1]); end--)
        ;
    found = find(c, text + first, end - first, cp__cache_hash(text + first, end - first));
    if (found && !sig) {
        c->hits++;
        *plan = found;
        return CP_OK;
    }
    s = cp_sig_parse(text, len, c->arena, c->arena_bytes, &c->sig, err_off);
    if (s != CP_OK)
        return s;
    if (sig)
        *sig = &c->sig;
    if (found) {
        c->hits++;
        *plan = found;
        return CP_OK;
    }
    s = make_key(c, &c->sig, &klen);
    if (s != CP_OK) {
        if (err_off)
            *err_off = len;             /* the whole text: its canonical form is too long */
        return s;
    }
    return lookup(c, klen, &c->sig, plan);
}

cp_status cp_cache_get_sig(cp_cache *c, const cp_sig *sig, const cp_plan **plan)
{
    size_t klen = 0;
    cp_status s;

    if (plan)
        *plan = NULL;
    if (!cache_ok(c) || !sig || !plan)
        return CP_ERR_ARG;
    s = make_key(c, sig, &klen);
    if (s != CP_OK)
        return s;
    return lookup(c, klen, sig, plan);
}

/* The slot whose plan starts at `plan`, or NULL if it is not a cached plan of c. */
static struct slot *slot_of(const cp_cache *c, const cp_plan *plan)
{
    uintptr_t p = (uintptr_t)plan, base = (uintptr_t)c->buckets;
    size_t off, in_bucket;
    struct slot *s;

    if (p < base || p - base >= (size_t)c->nbuckets * c->bucket_bytes)
        return NULL;
    off = (size_t)(p - base);
    in_bucket = off % c->bucket_bytes;
    if (in_bucket < sizeof(struct bucket) ||
        (in_bucket - sizeof(struct bucket)) % c->slot_bytes != sizeof(struct slot))
        return NULL;
    s = slot_at(c, (uint32_t)(off / c->bucket_bytes),
                (unsigned)((in_bucket - sizeof(struct bucket)) / c->slot_bytes));
    return s->text_len ? s : NULL;
}

cp_status cp_cache_pin(cp_cache *c, const cp_plan *plan)
{
    struct slot *s;
    if (!cache_ok(c) || !(s = slot_of(c, plan)))
        return CP_ERR_ARG;
    if (s->pins == 0xFFFFFFFFu)
        return CP_ERR_TOOMANY;
    s->pins++;
    return CP_OK;
}

cp_status cp_cache_unpin(cp_cache *c, const cp_plan *plan)
{
    struct slot *s;
    if (!cache_ok(c) || !(s = slot_of(c, plan)) || s->pins == 0)
        return CP_ERR_ARG;
    s->pins--;
    return CP_OK;
}

cp_status cp_cache_get_stats(const cp_cache *c, cp_cache_stats *out)
{
    if (!cache_ok(c) || !out)
        return CP_ERR_ARG;
    out->hits = c->hits;
    out->misses = c->misses;
    out->evictions = c->evictions;
    out->entries = c->nbuckets * CP_CACHE_WAYS;
    out->used = c->used;
    return CP_OK;
}
