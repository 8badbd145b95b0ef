/* The core inside the UEFI image, before any call: the layouts cp_type_layout computes for the
 * UEFI structures agree with clang's LLP64 layout; every firmware signature the application
 * uses builds into a Win64 plan that cp_plan_check accepts; Win64's rejections hold; and the
 * builder stays inside a buffer that is too small. */
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

struct layout_case {
    const char *name;
    const cp_type *type;
    size_t size, align;
    size_t offsets[16];
    uint32_t count;
};

#define OFF(type, field) offsetof(type, field)

static const struct layout_case layouts[] = {
    { "layout: EFI_GUID", &fw_type_guid, sizeof(EFI_GUID), _Alignof(EFI_GUID),
      { OFF(EFI_GUID, data1), OFF(EFI_GUID, data2), OFF(EFI_GUID, data3), OFF(EFI_GUID, data4) },
      4 },
    { "layout: EFI_TIME", &fw_type_time, sizeof(EFI_TIME), _Alignof(EFI_TIME),
      { OFF(EFI_TIME, year), OFF(EFI_TIME, month), OFF(EFI_TIME, day), OFF(EFI_TIME, hour),
        OFF(EFI_TIME, minute), OFF(EFI_TIME, second), OFF(EFI_TIME, pad1),
        OFF(EFI_TIME, nanosecond), OFF(EFI_TIME, time_zone), OFF(EFI_TIME, daylight),
        OFF(EFI_TIME, pad2) },
      11 },
    { "layout: EFI_MEMORY_DESCRIPTOR", &fw_type_memory_descriptor,
      sizeof(EFI_MEMORY_DESCRIPTOR), _Alignof(EFI_MEMORY_DESCRIPTOR),
      { OFF(EFI_MEMORY_DESCRIPTOR, type), OFF(EFI_MEMORY_DESCRIPTOR, physical_start),
        OFF(EFI_MEMORY_DESCRIPTOR, virtual_start), OFF(EFI_MEMORY_DESCRIPTOR, number_of_pages),
        OFF(EFI_MEMORY_DESCRIPTOR, attribute) },
      5 },
    { "layout: EFI_LOADED_IMAGE_PROTOCOL", &fw_type_loaded_image,
      sizeof(EFI_LOADED_IMAGE_PROTOCOL), _Alignof(EFI_LOADED_IMAGE_PROTOCOL),
      { OFF(EFI_LOADED_IMAGE_PROTOCOL, revision), OFF(EFI_LOADED_IMAGE_PROTOCOL, parent_handle),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, system_table),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, device_handle), OFF(EFI_LOADED_IMAGE_PROTOCOL, file_path),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, reserved),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, load_options_size),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, load_options), OFF(EFI_LOADED_IMAGE_PROTOCOL, image_base),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, image_size),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, image_code_type),
        OFF(EFI_LOADED_IMAGE_PROTOCOL, image_data_type), OFF(EFI_LOADED_IMAGE_PROTOCOL, unload) },
      13 },
};

static void layout_tests(void)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        const struct layout_case *c = &layouts[i];
        size_t size = 0, align = 0, offsets[16] = { 0 };
        int ok = cp_type_layout(c->type, &size, &align, offsets, 16) == CP_OK &&
                 size == c->size && align == c->align;
        for (uint32_t m = 0; m < c->count; m++)
            ok = ok && offsets[m] == c->offsets[m];
        check(ok, c->name);
    }
}

static const struct fw_service *const services[] = {
    &fw_output_string, &fw_allocate_pool, &fw_free_pool, &fw_get_memory_map, &fw_create_event,
    &fw_set_timer, &fw_wait_for_event, &fw_signal_event, &fw_close_event, &fw_check_event,
    &fw_handle_protocol, &fw_get_next_monotonic_count, &fw_stall, &fw_locate_protocol,
    &fw_install_protocols, &fw_uninstall_protocols, &fw_calculate_crc32, &fw_raise_tpl,
    &fw_restore_tpl, &fw_get_time, &fw_get_variable, &fw_set_variable,
};

/* Each service's plan: built, accepted by the checker at its exact length, no FP registers and
 * no hidden result pointer (every argument and result is an integer or a pointer). */
static void service_plan_tests(void)
{
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const struct fw_service *svc = services[i];
        _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(FW_MAX_ARGS)];
        char name[96];
        size_t used = 0, size = 0;
        uint32_t want_flags = (svc->sig.flags & CP_SIG_VARIADIC) ? CP_PLAN_VARIADIC : 0;
        cp_status s = cp_plan_build(plan, sizeof plan, &svc->sig, &used);
        out_str("# ");
        out_str(svc->name);
        out_str(": ");
        out_str(cp_strerror(s));
        out_str(", ");
        out_dec(used);
        out_str(" bytes, executor ");
        out_str(s == CP_OK ? cp_plan_executor((const cp_plan *)(const void *)plan) : "-");
        out_str("\n");
        check(s == CP_OK && cp_plan_size(&svc->sig, &size) == CP_OK && size == used &&
                  cp_plan_check(plan, used) == CP_OK &&
                  cp_plan_flags((const cp_plan *)(const void *)plan) == want_flags,
              join(name, sizeof name, svc->name, "Win64 plan built and checked"));
    }
}

static size_t text_length(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Each service's prototype as text, parsed by cp_sig_parse, gives the very plan its
 * descriptors give, byte for byte; cp_sig_format names the descriptors canonically. */
static void text_signature_tests(void)
{
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        const struct fw_service *svc = services[i];
        _Alignas(CP_PLAN_ALIGN) unsigned char a[CP_PLAN_SIZE(FW_MAX_ARGS)];
        _Alignas(CP_PLAN_ALIGN) unsigned char b[CP_PLAN_SIZE(FW_MAX_ARGS)];
        _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(96)];
        char canonical[128], name[96];
        size_t len = text_length(svc->text), used_a = 0, used_b = 1;
        cp_sig sig;
        int same = len <= 96 &&
                   cp_sig_parse(svc->text, len, arena, sizeof arena, &sig, NULL) == CP_OK &&
                   cp_plan_build(a, sizeof a, &sig, &used_a) == CP_OK &&
                   cp_plan_build(b, sizeof b, &svc->sig, &used_b) == CP_OK && used_a == used_b;
        for (size_t k = 0; same && k < used_a; k++)
            same = a[k] == b[k];
        if (cp_sig_format(&svc->sig, canonical, sizeof canonical, NULL) == CP_OK) {
            out_str("# ");
            out_str(svc->text);
            out_str(" = ");
            out_str(canonical);
            out_str("\n");
        }
        check(same, join(name, sizeof name, svc->name, "the plan from its text is the same"));
    }
}

/* The parser's C words take this build's sizes: `long` is 4 bytes in LLP64, `size_t` 8. */
static void llp64_text_test(void)
{
    static const char text[] = "efiapi unsigned long(long, size_t, long long)";
    _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(sizeof text)];
    size_t ret = 0, a0 = 0, a1 = 0, a2 = 0;
    cp_sig sig;
    int ok = cp_sig_parse(text, sizeof text - 1, arena, sizeof arena, &sig, NULL) == CP_OK &&
             sig.abi == CP_ABI_WIN64 && sig.nargs == 3 &&
             cp_type_layout(sig.ret, &ret, NULL, NULL, 0) == CP_OK &&
             cp_type_layout(sig.args[0], &a0, NULL, NULL, 0) == CP_OK &&
             cp_type_layout(sig.args[1], &a1, NULL, NULL, 0) == CP_OK &&
             cp_type_layout(sig.args[2], &a2, NULL, NULL, 0) == CP_OK;
    check(ok && ret == sizeof(unsigned long) && a0 == sizeof(long) && a1 == sizeof(size_t) &&
              a2 == sizeof(long long) && sizeof(long) == 4,
          "cp_sig_parse: long is 4 bytes here (LLP64), size_t and long long 8");
}

/* Writes a dump as "# " comment lines of the report. */
static void dump_sink(void *ctx, const char *text, size_t len)
{
    int *at_line_start = ctx;
    for (size_t i = 0; i < len; i++) {
        char c[2] = { text[i], 0 };
        if (*at_line_start)
            out_str("#   ");
        out_str(c);
        *at_line_start = text[i] == '\n';
    }
}

/* The listing of one five-argument plan, for a reader of the log: the fifth argument goes to
 * the stack past the 32-byte shadow space. */
static void dump_test(void)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(FW_MAX_ARGS)];
    int at_line_start = 1;
    check(cp_plan_build(plan, sizeof plan, &fw_create_event.sig, NULL) == CP_OK &&
              cp_plan_dump((const cp_plan *)(const void *)plan, dump_sink, &at_line_start) ==
                  CP_OK,
          "cp_plan_dump of the CreateEvent plan");
    if (!at_line_start)
        out_str("\n");
}

/* ABI.md section 2: Win64 rejects long double and __float128 (UEFI has neither). */
static void rejection_tests(void)
{
    static const cp_type *const f80_arg[] = { &cp_type_f80, &cp_type_i64 };
    static const cp_type *const f128_arg[] = { &cp_type_f128 };
    static const cp_sig f80_sig = { CP_ABI_WIN64, &cp_type_void, f80_arg, 2, 0, 0 };
    static const cp_sig f80_ret = { CP_ABI_WIN64, &cp_type_f80, NULL, 0, 0, 0 };
    static const cp_sig f128_sig = { CP_ABI_WIN64, &cp_type_void, f128_arg, 1, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(2)];
    check_status("Win64 long double argument: CP_ERR_UNSUPPORTED",
             cp_plan_build(plan, sizeof plan, &f80_sig, NULL), CP_ERR_UNSUPPORTED);
    check_status("Win64 long double result: CP_ERR_UNSUPPORTED",
             cp_plan_build(plan, sizeof plan, &f80_ret, NULL), CP_ERR_UNSUPPORTED);
    check_status("Win64 __float128 argument: CP_ERR_UNSUPPORTED",
             cp_plan_build(plan, sizeof plan, &f128_sig, NULL), CP_ERR_UNSUPPORTED);
}

/* In a build for this target, CP_ABI_DEFAULT is the C convention of the target: Microsoft x64.
 * The GetMemoryMap signature relabelled DEFAULT builds the same bytes, ABI field included. */
static void default_abi_test(void)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char win64[CP_PLAN_SIZE(FW_MAX_ARGS)];
    _Alignas(CP_PLAN_ALIGN) unsigned char native[CP_PLAN_SIZE(FW_MAX_ARGS)];
    cp_sig sig = fw_get_memory_map.sig;
    size_t n1 = 0, n2 = 0;
    int same;
    sig.abi = CP_ABI_WIN64;
    check_status("default ABI: the Win64 plan", cp_plan_build(win64, sizeof win64, &sig, &n1),
                 CP_OK);
    sig.abi = CP_ABI_DEFAULT;
    check_status("default ABI: the CP_ABI_DEFAULT plan",
                 cp_plan_build(native, sizeof native, &sig, &n2), CP_OK);
    same = n1 == n2 && n1 > 0;
    for (size_t i = 0; same && i < n1; i++)
        same = win64[i] == native[i];
    check(same, "default ABI: CP_ABI_DEFAULT is Microsoft x64 here (identical plan bytes)");
}

/* A buffer one word short: CP_ERR_NOSPACE, the size needed, and not a byte written past it. */
static void nospace_test(void)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char buf[CP_PLAN_SIZE(FW_MAX_ARGS) + 64];
    size_t need = 0, used = 0;
    int untouched = 1;
    check(cp_plan_size(&fw_get_memory_map.sig, &need) == CP_OK && need > 8 &&
              need + 64 <= sizeof buf,
          "cp_plan_size of the GetMemoryMap plan");
    if (need <= 8 || need + 64 > sizeof buf)
        return;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = 0xA5;
    check_status("one word short: CP_ERR_NOSPACE",
             cp_plan_build(buf, need - 8, &fw_get_memory_map.sig, &used), CP_ERR_NOSPACE);
    check_eq("one word short: the size needed", used, need);
    for (size_t i = need - 8; i < sizeof buf; i++)
        untouched = untouched && buf[i] == 0xA5;
    check(untouched, "one word short: nothing written past the buffer");
}

void core_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    (void)st;
    layout_tests();
    service_plan_tests();
    out_str("# signatures as text\n");
    text_signature_tests();
    llp64_text_test();
    dump_test();
    rejection_tests();
    default_abi_test();
    nospace_test();
}
