/* Runtime services through Win64 plans: the real-time clock (GetTime, against a direct call)
 * and a volatile variable written, read back in two sizes and deleted (SetVariable and
 * GetVariable take five arguments: the fifth travels on the stack, past the shadow space). */
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

/* Our variables' vendor GUID (generated for this test). */
static const EFI_GUID vendor_guid = {
    0x8E2B7C14, 0x51D3, 0x4A6F, { 0xB0, 0x93, 0x2C, 0x5E, 0x71, 0x0A, 0xD8, 0x46 } };

static uint32_t seconds_of_day(const EFI_TIME *t)
{
    return (uint32_t)t->hour * 3600u + (uint32_t)t->minute * 60u + t->second;
}

static void time_test(EFI_RUNTIME_SERVICES *rt)
{
    EFI_TIME t = { 0 }, direct = { 0 };
    EFI_TIME_CAPABILITIES caps = { 0 };
    void *none = NULL;
    uint32_t a, b;

    check_eq("GetTime through a plan",
             fw_call(rt, &fw_get_time, FW_ARGS(FW_REF(t), FW_REF(caps))), EFI_SUCCESS);
    check_eq("GetTime direct", rt->get_time(&direct, NULL), EFI_SUCCESS);
    out_str("# GetTime: ");
    out_dec(t.year);
    out_str("-");
    out_dec(t.month);
    out_str("-");
    out_dec(t.day);
    out_str(" ");
    out_dec(seconds_of_day(&t));
    out_str(" s into the day, resolution ");
    out_dec(caps.resolution);
    out_str(" Hz\n");
    check(t.year >= 2000 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
              t.day <= 31 && t.hour < 24 && t.minute < 60 && t.second < 60,
          "GetTime: a valid date and time");
    check(caps.resolution > 0, "GetTime: the capabilities were filled in");
    a = seconds_of_day(&t);
    b = seconds_of_day(&direct);
    check(t.year == direct.year && t.month == direct.month &&
              ((b >= a && b - a <= 2) || (t.day != direct.day && a >= 86398 && b <= 2)),
          "GetTime: the direct call's clock, within 2 s");
    check_eq("GetTime(NULL) through a plan: EFI_INVALID_PARAMETER",
             fw_call(rt, &fw_get_time, FW_ARGS(&none, &none)), EFI_INVALID_PARAMETER);
}

static void variable_test(EFI_RUNTIME_SERVICES *rt)
{
    static const uint64_t value = 0x0123456789ABCDEFull;
    const CHAR16 *name = u"CallplanUefiTest";
    const EFI_GUID *guid = &vendor_guid;
    uint32_t attributes = EFI_VARIABLE_BOOTSERVICE_ACCESS, got_attributes = 0;
    UINTN size = sizeof value, got_size = 4;
    const void *data = &value, *none = NULL;
    uint64_t got = 0, direct = 0;

    check_eq("SetVariable through a plan (5 arguments)",
             fw_call(rt, &fw_set_variable, FW_ARGS(&name, &guid, &attributes, &size, &data)),
             EFI_SUCCESS);
    check_eq("GetVariable through a plan, 4-byte buffer: EFI_BUFFER_TOO_SMALL",
             fw_call(rt, &fw_get_variable, FW_ARGS(&name, &guid, FW_REF(got_attributes),
                                                   FW_REF(got_size), FW_REF(got))),
             EFI_BUFFER_TOO_SMALL);
    check_eq("GetVariable: the size needed", got_size, sizeof value);
    check_eq("GetVariable: nothing written to the small buffer", got, 0);
    got_size = sizeof got;
    check_eq("GetVariable through a plan",
             fw_call(rt, &fw_get_variable, FW_ARGS(&name, &guid, FW_REF(got_attributes),
                                                   FW_REF(got_size), FW_REF(got))),
             EFI_SUCCESS);
    check_eq("GetVariable: the value written", got, value);
    check_eq("GetVariable: the attributes written", got_attributes, attributes);
    got_size = sizeof direct;
    check_eq("GetVariable direct", rt->get_variable(name, guid, NULL, &got_size, &direct),
             EFI_SUCCESS);
    check_eq("GetVariable direct: the value written through the plan", direct, value);

    size = 0;
    check_eq("SetVariable through a plan, size 0: deleted",
             fw_call(rt, &fw_set_variable, FW_ARGS(&name, &guid, &attributes, &size, &none)),
             EFI_SUCCESS);
    got_size = sizeof got;
    check_eq("GetVariable after it: EFI_NOT_FOUND",
             fw_call(rt, &fw_get_variable, FW_ARGS(&name, &guid, FW_REF(got_attributes),
                                                   FW_REF(got_size), FW_REF(got))),
             EFI_NOT_FOUND);
}

void runtime_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    time_test(st->runtime_services);
    variable_test(st->runtime_services);
}
