/* Closures handed to the firmware, which calls them back with the Microsoft x64 convention:
 *   - a notify function for CreateEvent(EVT_NOTIFY_SIGNAL): SignalEvent runs it at once at
 *     TPL_CALLBACK, or later when the TPL is raised above that (proof that the firmware's
 *     dispatcher, not our code, made the call);
 *   - the notify function of a periodic timer, run from the timer interrupt during Stall;
 *   - the notify function of an EVT_NOTIFY_WAIT event, which CheckEvent runs and which itself
 *     signals its event through a plan (plan -> firmware -> closure -> plan -> firmware).
 * Every firmware call here goes through a plan as well. */
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

#define MS_100NS(ms) ((uint64_t)(ms) * 10000u)     /* SetTimer counts 100 ns units */
#define TPL_HIGH_LEVEL 31

/* What one notify closure saw. */
struct notify_state {
    EFI_BOOT_SERVICES *bs;
    unsigned calls;
    EFI_EVENT event;            /* the arguments of the last call */
    void *context;
    UINTN tpl;                  /* the TPL the last call ran at */
    unsigned signal_on;         /* signal the event on this call (0: never) */
};

/* The handler behind every notify closure: void (EFIAPI *)(EFI_EVENT event, void *context). */
static void on_notify(void *user, void *ret, void *const *args)
{
    struct notify_state *s = user;
    UINTN high = TPL_HIGH_LEVEL;
    (void)ret;
    s->calls++;
    s->event = *(EFI_EVENT const *)args[0];
    s->context = *(void *const *)args[1];
    /* RaiseTPL answers with the level we were called at; put it back at once. */
    s->tpl = fw_call(s->bs, &fw_raise_tpl, FW_ARGS(&high));
    fw_call(s->bs, &fw_restore_tpl, FW_ARGS(&s->tpl));
    if (s->signal_on && s->calls == s->signal_on)
        fw_call(s->bs, &fw_signal_event, FW_ARGS(&s->event));
}

static const cp_type *const notify_args[] = { &cp_type_ptr, &cp_type_ptr };
static const cp_sig notify_sig = { CP_ABI_WIN64, &cp_type_void, notify_args, 2, 0, 0 };

/* A notify closure for s, or NULL after a FAIL line; `what` names the check. */
static void (*notify_closure(struct notify_state *s, const char *what))(void)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(2)];
    char name[96];
    void (*fn)(void) = NULL;
    cp_status st = cp_plan_build(plan, sizeof plan, &notify_sig, NULL);
    if (st == CP_OK)
        st = cp_closure_alloc((const cp_plan *)(const void *)plan, on_notify, s, &fn);
    check_status(join(name, sizeof name, what, "cp_closure_alloc of an EFI_EVENT_NOTIFY"), st,
                 CP_OK);
    return st == CP_OK ? fn : NULL;
}

static EFI_EVENT create_event(EFI_BOOT_SERVICES *bs, uint32_t type, void (*notify)(void),
                              void *context, const char *name)
{
    UINTN tpl = TPL_CALLBACK;
    EFI_EVENT ev = NULL;
    check_eq(name, fw_call(bs, &fw_create_event,
                           FW_ARGS(&type, &tpl, &notify, &context, FW_REF(ev))),
             EFI_SUCCESS);
    return ev;
}

static void close_event(EFI_BOOT_SERVICES *bs, EFI_EVENT ev, void (*fn)(void), const char *what)
{
    char name[96];
    check_eq(join(name, sizeof name, what, "CloseEvent"),
             fw_call(bs, &fw_close_event, FW_ARGS(&ev)), EFI_SUCCESS);
    check_status(join(name, sizeof name, what, "cp_closure_free"), cp_closure_free(fn), CP_OK);
}

static void signal_test(EFI_BOOT_SERVICES *bs)
{
    static int marker;
    struct notify_state s = { .bs = bs };
    void (*fn)(void) = notify_closure(&s, "signal event");
    UINTN notify = TPL_NOTIFY, old;
    EFI_EVENT ev;

    if (!fn)
        return;
    ev = create_event(bs, EVT_NOTIFY_SIGNAL, fn, &marker,
                      "CreateEvent(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, closure)");
    if (!ev)
        return;
    check_eq("the closure is not called before the event is signalled", s.calls, 0);
    check_eq("SignalEvent", fw_call(bs, &fw_signal_event, FW_ARGS(&ev)), EFI_SUCCESS);
    check_eq("SignalEvent: the firmware called the closure once", s.calls, 1);
    check(s.event == ev, "notify closure: its first argument is the event");
    check(s.context == &marker, "notify closure: its second argument is our context");
    check_eq("notify closure: it ran at TPL_CALLBACK", s.tpl, TPL_CALLBACK);

    old = fw_call(bs, &fw_raise_tpl, FW_ARGS(&notify));
    fw_call(bs, &fw_signal_event, FW_ARGS(&ev));
    check_eq("signalled at TPL_NOTIFY: the call waits", s.calls, 1);
    fw_call(bs, &fw_restore_tpl, FW_ARGS(&old));
    check_eq("RestoreTPL(TPL_APPLICATION): the firmware made the waiting call", s.calls, 2);
    close_event(bs, ev, fn, "signal event");
}

static void timer_test(EFI_BOOT_SERVICES *bs)
{
    struct notify_state s = { .bs = bs };
    void (*fn)(void) = notify_closure(&s, "timer event");
    uint32_t periodic = TimerPeriodic, cancel = TimerCancel;
    uint64_t period = MS_100NS(2), zero = 0;
    UINTN stall_us = 10000;
    unsigned ticks, waited = 0;
    EFI_EVENT ev;

    if (!fn)
        return;
    ev = create_event(bs, EVT_TIMER | EVT_NOTIFY_SIGNAL, fn, &s,
                      "CreateEvent(EVT_TIMER | EVT_NOTIFY_SIGNAL, closure)");
    if (!ev)
        return;
    check_eq("SetTimer(periodic, 2 ms)", fw_call(bs, &fw_set_timer,
                                                 FW_ARGS(&ev, &periodic, &period)),
             EFI_SUCCESS);
    /* Stalls of 10 ms until three ticks (at most 2 s: a loaded machine may starve QEMU). */
    while (s.calls < 3 && waited < 200) {
        fw_call(bs, &fw_stall, FW_ARGS(&stall_us));
        waited++;
    }
    fw_call(bs, &fw_set_timer, FW_ARGS(&ev, &cancel, &zero));
    ticks = s.calls;
    out_str("# periodic timer: ");
    out_dec(ticks);
    out_str(" notify calls in ");
    out_dec(waited * 10);
    out_str(" ms of Stall\n");
    check(ticks >= 3, "timer notify closure: called from the timer interrupt during Stall");
    check(s.event == ev && s.context == &s && s.tpl == TPL_CALLBACK,
          "timer notify closure: its event, its context, TPL_CALLBACK");
    stall_us = 30000;
    fw_call(bs, &fw_stall, FW_ARGS(&stall_us));
    check_eq("cancelled timer: no more calls", s.calls, ticks);
    close_event(bs, ev, fn, "timer event");
}

static void wait_test(EFI_BOOT_SERVICES *bs)
{
    struct notify_state s = { .bs = bs, .signal_on = 2 };
    void (*fn)(void) = notify_closure(&s, "wait event");
    EFI_EVENT ev;

    if (!fn)
        return;
    ev = create_event(bs, EVT_NOTIFY_WAIT, fn, NULL, "CreateEvent(EVT_NOTIFY_WAIT, closure)");
    if (!ev)
        return;
    check_eq("CheckEvent: the closure ran, did not signal: EFI_NOT_READY",
             fw_call(bs, &fw_check_event, FW_ARGS(&ev)), EFI_NOT_READY);
    check_eq("CheckEvent: one call", s.calls, 1);
    check_eq("CheckEvent again: the closure signalled it through a plan: EFI_SUCCESS",
             fw_call(bs, &fw_check_event, FW_ARGS(&ev)), EFI_SUCCESS);
    check_eq("CheckEvent again: two calls", s.calls, 2);
    close_event(bs, ev, fn, "wait event");
}

void closure_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    signal_test(st->boot_services);
    timer_test(st->boot_services);
    wait_test(st->boot_services);
}
