/* Plans built ahead of time on the build machine (tools/cpgen, from tests/uefi/aot.sigs, by
 * the LP64 Linux build of the core) and linked in as const data: plans hold no pointers and no
 * host addresses, so the bytes made there are the bytes this LLP64 build makes from the same
 * text, and the firmware can be called through them as they are. */
#include "aot_plans.h"
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

static int same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* The AOT plan of that name (aot.sigs), or NULL after a FAIL line. */
static const cp_plan *aot(const char *name)
{
    for (size_t i = 0; i < aot_plan_count; i++)
        if (same_text(aot_plans[i].name, name))
            return aot_plans[i].plan;
    check(0, join((char[96]){ 0 }, 96, "no AOT plan named", name));
    return NULL;
}

/* Each AOT plan passes cp_plan_check here and equals what this build makes of its text. */
static void aot_plan_tests(void)
{
    for (size_t i = 0; i < aot_plan_count; i++) {
        const struct cp_aot_plan *p = &aot_plans[i];
        _Alignas(CP_PLAN_ALIGN) unsigned char here[CP_PLAN_SIZE(FW_MAX_ARGS)];
        _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(128)];
        const unsigned char *bytes = (const unsigned char *)(const void *)p->plan;
        char name[96];
        size_t len = 0, used = 0;
        cp_sig sig;
        int same;
        while (p->sig[len])
            len++;
        same = len <= 128 && cp_plan_check(p->plan, p->size) == CP_OK &&
               cp_sig_parse(p->sig, len, arena, sizeof arena, &sig, NULL) == CP_OK &&
               cp_plan_build(here, sizeof here, &sig, &used) == CP_OK && used == p->size;
        for (size_t k = 0; same && k < used; k++)
            same = here[k] == bytes[k];
        check(same, join(name, sizeof name, p->name, "AOT plan checked, the bytes built here"));
    }
}

static unsigned notify_calls;
static void *notify_context;

static void on_notify(void *user, void *ret, void *const *args)
{
    (void)ret;
    (void)user;
    notify_calls++;
    notify_context = *(void *const *)args[1];
}

#define FN(service) ((void (*)(void))(service))

/* Firmware calls and a closure through the AOT plans only. */
static void aot_call_tests(EFI_BOOT_SERVICES *bs)
{
    const cp_plan *alloc = aot("AllocatePool"), *free_ = aot("FreePool");
    const cp_plan *crc32 = aot("CalculateCrc32"), *create = aot("CreateEvent");
    const cp_plan *signal = aot("SignalEvent"), *close = aot("CloseEvent");
    const cp_plan *notify_plan = aot("EventNotify");
    static const char check_string[] = "123456789";
    const void *data = check_string;
    uint32_t type = EfiLoaderData, crc = 0, evt = EVT_NOTIFY_SIGNAL;
    UINTN size = 64, tpl = TPL_CALLBACK, nine = 9;
    EFI_STATUS s = FW_NO_PLAN;
    void *p = NULL, (*fn)(void) = NULL;
    EFI_EVENT ev = NULL;

    if (!alloc || !free_ || !crc32 || !create || !signal || !close || !notify_plan)
        return;
    cp_call(alloc, FN(bs->allocate_pool), &s, FW_ARGS(&type, &size, FW_REF(p)));
    check(s == EFI_SUCCESS && p, "AllocatePool through an AOT plan");
    s = FW_NO_PLAN;
    cp_call(free_, FN(bs->free_pool), &s, FW_ARGS(&p));
    check_eq("FreePool through an AOT plan", s, EFI_SUCCESS);
    cp_call(crc32, FN(bs->calculate_crc32), &s, FW_ARGS(&data, &nine, FW_REF(crc)));
    check(s == EFI_SUCCESS && crc == 0xCBF43926u, "CalculateCrc32 through an AOT plan");

    check_status("cp_closure_alloc from the AOT EventNotify plan",
                 cp_closure_alloc(notify_plan, on_notify, NULL, &fn), CP_OK);
    if (!fn)
        return;
    cp_call(create, FN(bs->create_event), &s,
            FW_ARGS(&evt, &tpl, &fn, FW_REF(notify_calls), FW_REF(ev)));
    check(s == EFI_SUCCESS && ev, "CreateEvent through an AOT plan, an AOT-plan closure");
    cp_call(signal, FN(bs->signal_event), &s, FW_ARGS(&ev));
    check(s == EFI_SUCCESS && notify_calls == 1 && notify_context == &notify_calls,
          "SignalEvent through an AOT plan: the closure ran, with its context");
    cp_call(close, FN(bs->close_event), &s, FW_ARGS(&ev));
    check_eq("CloseEvent through an AOT plan", s, EFI_SUCCESS);
    check_status("cp_closure_free", cp_closure_free(fn), CP_OK);
}

void aot_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    aot_plan_tests();
    aot_call_tests(st->boot_services);
}
