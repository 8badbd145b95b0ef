/* Boot services called through Win64 plans built at run time, each checked against what the
 * firmware does when the compiler calls it directly: console output, pool memory, the memory
 * map (with the EFI_BUFFER_TOO_SMALL round), protocols found and not found, protocols
 * installed with the variadic InstallMultipleProtocolInterfaces, CRC32 and the monotonic
 * counter. */
#include "fw.h"
#include "report.h"
#include "uefi_tests.h"

static const EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
/* A GUID no firmware uses (generated for this test). */
static const EFI_GUID unknown_guid = {
    0x3C1F0A52, 0x6B1E, 0x4D0F, { 0x9A, 0x61, 0x0E, 0x8D, 0x2B, 0x77, 0xC4, 0x10 } };

static void output_string_test(EFI_SYSTEM_TABLE *st)
{
    EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *out = st->con_out;
    const CHAR16 *text = u"callplan: OutputString through a Win64 plan\r\n";
    check_eq("ConOut->OutputString through a plan", fw_call(out, &fw_output_string,
                                                             FW_ARGS(&out, &text)),
             EFI_SUCCESS);
}

/* Pool memory from a plan call, used, and given back by another; a bad pool type refused. */
static void pool_test(EFI_BOOT_SERVICES *bs)
{
    uint32_t type = EfiLoaderData;
    UINTN size = 4000;
    uint8_t *p = NULL, *q = NULL;
    int kept = 1;

    check_eq("AllocatePool through a plan",
             fw_call(bs, &fw_allocate_pool, FW_ARGS(&type, &size, FW_REF(p))), EFI_SUCCESS);
    check(p && (uintptr_t)p % 8 == 0, "AllocatePool: an 8-aligned buffer");
    check_eq("AllocatePool direct", bs->allocate_pool(EfiLoaderData, size, (void **)&q),
             EFI_SUCCESS);
    if (!p || !q)
        return;
    check(p + size <= q || q + size <= p, "the two pool buffers do not overlap");
    for (UINTN i = 0; i < size; i++)
        p[i] = (uint8_t)(i * 7);
    for (UINTN i = 0; i < size; i++)
        kept = kept && p[i] == (uint8_t)(i * 7);
    check(kept, "AllocatePool: the whole buffer is ours");
    check_eq("FreePool through a plan", fw_call(bs, &fw_free_pool, FW_ARGS(&p)), EFI_SUCCESS);
    check_eq("FreePool direct", bs->free_pool(q), EFI_SUCCESS);

    type = 0x6FFFFFFF;              /* reserved: neither a memory type nor an OEM/OS one */
    p = NULL;
    check_eq("AllocatePool of a bad pool type: EFI_INVALID_PARAMETER",
             fw_call(bs, &fw_allocate_pool, FW_ARGS(&type, &size, FW_REF(p))),
             EFI_INVALID_PARAMETER);
}

/* Walks a memory map: sorted, no overlap, our image inside a LoaderCode region. */
static void check_map(const uint8_t *map, UINTN size, UINTN stride, uintptr_t image_base)
{
    uint64_t conventional = 0, end = 0;
    int sorted = 1, image_found = 0;
    for (UINTN at = 0; at + stride <= size; at += stride) {
        const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(const void *)(map + at);
        uint64_t bytes = d->number_of_pages * 4096;
        sorted = sorted && d->physical_start >= end;
        end = d->physical_start + bytes;
        if (d->type == EfiConventionalMemory)
            conventional += bytes;
        if (d->type == EfiLoaderCode && image_base >= d->physical_start && image_base < end)
            image_found = 1;
    }
    out_str("# memory map: ");
    out_dec(size / stride);
    out_str(" descriptors of ");
    out_dec(stride);
    out_str(" bytes, ");
    out_dec(conventional >> 20);
    out_str(" MiB free\n");
    check(sorted, "memory map: sorted, no overlaps");
    check(conventional >= (64u << 20), "memory map: at least 64 MiB of conventional memory");
    check(image_found, "memory map: our image in a LoaderCode region");
}

/* The EFI_BUFFER_TOO_SMALL round, then the same map from a plan call and a direct call. */
static void memory_map_test(EFI_BOOT_SERVICES *bs, uintptr_t image_base)
{
    UINTN size = 0, key = 0, stride = 0, cap, size2, key2 = 1, stride2 = 0;
    uint32_t version = 0, version2 = 0, type = EfiLoaderData;
    uint8_t *map = NULL, *map2 = NULL;
    int same = 1;

    check_eq("GetMemoryMap through a plan, no buffer: EFI_BUFFER_TOO_SMALL",
             fw_call(bs, &fw_get_memory_map, FW_ARGS(FW_REF(size), &map, FW_REF(key),
                                                     FW_REF(stride), FW_REF(version))),
             EFI_BUFFER_TOO_SMALL);
    check(size > 0 && stride >= sizeof(EFI_MEMORY_DESCRIPTOR) && size % stride == 0,
          "GetMemoryMap: the size needed, in whole descriptors");
    if (!size || stride < sizeof(EFI_MEMORY_DESCRIPTOR))
        return;
    /* Room for the descriptors our own two allocations may add. */
    cap = size + 4 * stride;
    if (fw_call(bs, &fw_allocate_pool, FW_ARGS(&type, &cap, FW_REF(map))) != EFI_SUCCESS ||
        fw_call(bs, &fw_allocate_pool, FW_ARGS(&type, &cap, FW_REF(map2))) != EFI_SUCCESS) {
        check(0, "AllocatePool for the memory maps");
        return;
    }
    size = size2 = cap;
    check_eq("GetMemoryMap through a plan",
             fw_call(bs, &fw_get_memory_map, FW_ARGS(FW_REF(size), &map, FW_REF(key),
                                                     FW_REF(stride), FW_REF(version))),
             EFI_SUCCESS);
    check_eq("GetMemoryMap direct",
             bs->get_memory_map(&size2, (EFI_MEMORY_DESCRIPTOR *)(void *)map2, &key2, &stride2,
                                &version2),
             EFI_SUCCESS);
    check_eq("GetMemoryMap: descriptor version 1", version, EFI_MEMORY_DESCRIPTOR_VERSION);
    check_eq("GetMemoryMap: the direct call's map key", key, key2);
    check(size == size2 && stride == stride2, "GetMemoryMap: the direct call's sizes");
    for (UINTN i = 0; i < size && size == size2; i++)
        same = same && map[i] == map2[i];
    check(same, "GetMemoryMap: the direct call's descriptors, byte for byte");
    check_map(map, size, stride, image_base);
    fw_call(bs, &fw_free_pool, FW_ARGS(&map));
    fw_call(bs, &fw_free_pool, FW_ARGS(&map2));
}

/* Our loaded image, by handle and by search; a protocol nobody installed is not found. */
static uintptr_t protocol_test(EFI_BOOT_SERVICES *bs, EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_LOADED_IMAGE_PROTOCOL *li = NULL, *direct = NULL, *found = NULL;
    const EFI_GUID *guid = &loaded_image_guid;
    void *registration = NULL;

    check_eq("HandleProtocol through a plan: our loaded image",
             fw_call(bs, &fw_handle_protocol, FW_ARGS(&image, &guid, FW_REF(li))),
             EFI_SUCCESS);
    bs->handle_protocol(image, guid, (void **)&direct);
    check(li && li == direct && li->system_table == st,
          "HandleProtocol: the direct call's interface, with our system table");
    check_eq("LocateProtocol through a plan: a loaded image",
             fw_call(bs, &fw_locate_protocol, FW_ARGS(&guid, &registration, FW_REF(found))),
             EFI_SUCCESS);
    check(found && found->system_table == st, "LocateProtocol: an image of this system table");
    guid = &unknown_guid;
    check_eq("LocateProtocol through a plan, unknown GUID: EFI_NOT_FOUND",
             fw_call(bs, &fw_locate_protocol, FW_ARGS(&guid, &registration, FW_REF(found))),
             EFI_NOT_FOUND);
    return li ? (uintptr_t)li->image_base : 0;
}

/* A protocol of our own, installed and removed by the variadic services: (handle, GUID,
 * interface, NULL), with the terminating NULL in the variadic part. */
static void install_test(EFI_BOOT_SERVICES *bs)
{
    static const uint64_t interface_value = 0x5EED;
    EFI_HANDLE handle = NULL;
    const EFI_GUID *guid = &unknown_guid;
    const void *interface = &interface_value, *end = NULL;
    void *registration = NULL, *found = NULL;

    check_eq("InstallMultipleProtocolInterfaces (variadic) through a plan",
             fw_call(bs, &fw_install_protocols,
                     FW_ARGS(FW_REF(handle), &guid, &interface, &end)),
             EFI_SUCCESS);
    check(handle != NULL, "InstallMultipleProtocolInterfaces: a new handle");
    check_eq("LocateProtocol finds it", fw_call(bs, &fw_locate_protocol,
                                                FW_ARGS(&guid, &registration, FW_REF(found))),
             EFI_SUCCESS);
    check(found == interface, "LocateProtocol: our interface");
    check_eq("UninstallMultipleProtocolInterfaces (variadic) through a plan",
             fw_call(bs, &fw_uninstall_protocols, FW_ARGS(&handle, &guid, &interface, &end)),
             EFI_SUCCESS);
    check_eq("LocateProtocol after it: EFI_NOT_FOUND",
             fw_call(bs, &fw_locate_protocol, FW_ARGS(&guid, &registration, FW_REF(found))),
             EFI_NOT_FOUND);
}

/* CRC32 of the standard check string and of the system table's header; monotonic counts
 * interleaved between plan calls and a direct call. */
static void counter_test(EFI_BOOT_SERVICES *bs, EFI_SYSTEM_TABLE *st)
{
    static const char check_string[] = "123456789";
    static EFI_SYSTEM_TABLE copy;
    const void *data = check_string;
    UINTN size = 9;
    uint32_t crc = 0;
    uint64_t a = 0, b = 0, c = 0;

    check_eq("CalculateCrc32 through a plan", fw_call(bs, &fw_calculate_crc32,
                                                      FW_ARGS(&data, &size, FW_REF(crc))),
             EFI_SUCCESS);
    check_eq("CalculateCrc32: the CRC-32 check value of \"123456789\"", crc, 0xCBF43926u);
    copy = *st;
    copy.hdr.crc32 = 0;
    data = &copy;
    size = sizeof copy;
    fw_call(bs, &fw_calculate_crc32, FW_ARGS(&data, &size, FW_REF(crc)));
    check_eq("CalculateCrc32: the system table's own CRC", crc, st->hdr.crc32);

    check_eq("GetNextMonotonicCount through a plan",
             fw_call(bs, &fw_get_next_monotonic_count, FW_ARGS(FW_REF(a))), EFI_SUCCESS);
    bs->get_next_monotonic_count(&b);
    fw_call(bs, &fw_get_next_monotonic_count, FW_ARGS(FW_REF(c)));
    check(a < b && b < c, "GetNextMonotonicCount: plan < direct < plan");
}

void boot_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_BOOT_SERVICES *bs = st->boot_services;
    uintptr_t image_base;
    output_string_test(st);
    pool_test(bs);
    image_base = protocol_test(bs, image, st);
    memory_map_test(bs, image_base);
    install_test(bs);
    counter_test(bs, st);
}
