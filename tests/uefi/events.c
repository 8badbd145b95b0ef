/* Events and time through Win64 plans, no callbacks yet: a one-shot timer that Stall must
 * outlast (so Stall really waited), CheckEvent before and after, WaitForEvent on a timer, and
 * RaiseTPL/RestoreTPL (a void service). */
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

#define MS_100NS(ms) ((uint64_t)(ms) * 10000u)     /* SetTimer counts 100 ns units */

static void timer_test(EFI_BOOT_SERVICES *bs)
{
    uint32_t type = EVT_TIMER, delay = TimerRelative;
    UINTN tpl = 0, stall_us = 100000, count = 1, index = 99;
    uint64_t trigger = MS_100NS(1);
    void *notify = NULL, *context = NULL;
    EFI_EVENT ev = NULL;

    check_eq("CreateEvent(EVT_TIMER) through a plan",
             fw_call(bs, &fw_create_event, FW_ARGS(&type, &tpl, &notify, &context, FW_REF(ev))),
             EFI_SUCCESS);
    if (!ev)
        return;
    check_eq("SetTimer(1 ms, relative) through a plan",
             fw_call(bs, &fw_set_timer, FW_ARGS(&ev, &delay, &trigger)), EFI_SUCCESS);
    check_eq("CheckEvent at once: EFI_NOT_READY",
             fw_call(bs, &fw_check_event, FW_ARGS(&ev)), EFI_NOT_READY);
    /* 100 times the timer's delay: the timer interrupt lands inside the stall even when QEMU
     * is starved of CPU for a while (TCG on a loaded machine). */
    check_eq("Stall(100 ms) through a plan", fw_call(bs, &fw_stall, FW_ARGS(&stall_us)),
             EFI_SUCCESS);
    check_eq("CheckEvent after the stall: the 1 ms timer fired",
             fw_call(bs, &fw_check_event, FW_ARGS(&ev)), EFI_SUCCESS);
    check_eq("CheckEvent again: reset by the previous check",
             fw_call(bs, &fw_check_event, FW_ARGS(&ev)), EFI_NOT_READY);

    fw_call(bs, &fw_set_timer, FW_ARGS(&ev, &delay, &trigger));
    check_eq("WaitForEvent on a 1 ms timer through a plan",
             fw_call(bs, &fw_wait_for_event, FW_ARGS(&count, FW_REF(ev), FW_REF(index))),
             EFI_SUCCESS);
    check_eq("WaitForEvent: index of the signalled event", index, 0);
    check_eq("CloseEvent through a plan", fw_call(bs, &fw_close_event, FW_ARGS(&ev)),
             EFI_SUCCESS);
}

static void tpl_test(EFI_BOOT_SERVICES *bs)
{
    UINTN notify = TPL_NOTIFY, old = 0, again = 0;

    old = fw_call(bs, &fw_raise_tpl, FW_ARGS(&notify));
    check_eq("RaiseTPL(TPL_NOTIFY) through a plan: we ran at TPL_APPLICATION", old,
             TPL_APPLICATION);
    again = fw_call(bs, &fw_raise_tpl, FW_ARGS(&notify));
    check_eq("RaiseTPL again: now at TPL_NOTIFY", again, TPL_NOTIFY);
    fw_call(bs, &fw_restore_tpl, FW_ARGS(&again));
    check_eq("RestoreTPL (void) through a plan", fw_call(bs, &fw_restore_tpl, FW_ARGS(&old)), 0);
    again = fw_call(bs, &fw_raise_tpl, FW_ARGS(&notify));
    fw_call(bs, &fw_restore_tpl, FW_ARGS(&again));
    check_eq("RestoreTPL: back at TPL_APPLICATION", again, TPL_APPLICATION);
}

void event_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    timer_test(st->boot_services);
    tpl_test(st->boot_services);
}
