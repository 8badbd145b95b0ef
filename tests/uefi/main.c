/* The UEFI application's entry: runs each group of checks in turn, then reports the verdict.
 * The firmware enters efi_main with the Microsoft x64 convention (the target's default). */
#include "efi.h"
#include "report.h"
#include "uefi_tests.h"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

static const struct {
    const char *name;
    void (*run)(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);
} groups[] = {
    { "firmware tables, direct calls", tables_tests },
    { "the core: layouts and Win64 plans", core_tests },
    { "boot services through Win64 plans", boot_tests },
    { "events and time through Win64 plans", event_tests },
    { "runtime services through Win64 plans", runtime_tests },
    { "closures the firmware calls back", closure_tests },
    { "ABI.md section 2 rows compiled for this LLP64 target", native_tests },
    { "plans built ahead of time on the build machine", aot_tests },
};

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    out_str("# callplan UEFI application\n");
    /* The firmware's watchdog would reset the machine after 5 minutes; QEMU's time-out is the
     * guard here, and a reset under -no-reboot would read as a failure anyway. */
    st->boot_services->set_watchdog_timer(0, 0, 0, NULL);
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        out_str("# ");
        out_str(groups[i].name);
        out_str("\n");
        groups[i].run(image, st);
    }
    report_finish();
}
