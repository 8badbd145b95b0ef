/* The tables the firmware handed over are the ones efi.h describes: signatures, header sizes
 * at least as large as our structs, and the CRC32 each header carries, recomputed by the
 * firmware's own CalculateCrc32. Direct calls only: the plan checks build on these. */
#include "report.h"
#include "uefi_tests.h"

/* The header's CRC32, as the firmware computes it over the table with the field zeroed. */
static EFI_STATUS header_crc(EFI_BOOT_SERVICES *bs, const EFI_TABLE_HEADER *h, uint32_t *crc)
{
    static uint8_t copy[4096];
    const uint8_t *p = (const uint8_t *)h;
    if (h->header_size > sizeof copy)
        return EFI_BUFFER_TOO_SMALL;
    for (uint32_t i = 0; i < h->header_size; i++)
        copy[i] = p[i];
    ((EFI_TABLE_HEADER *)(void *)copy)->crc32 = 0;
    return bs->calculate_crc32(copy, h->header_size, crc);
}

static void check_table(EFI_BOOT_SERVICES *bs, const char *table, const EFI_TABLE_HEADER *h,
                        uint64_t signature, uint32_t min_size)
{
    char name[96];
    uint32_t crc = 0;
    out_str("# ");
    out_str(table);
    out_str(": revision ");
    out_hex(h->revision);
    out_str(", header size ");
    out_dec(h->header_size);
    out_str("\n");
    check_eq(join(name, sizeof name, table, "signature"), h->signature, signature);
    check(h->header_size >= min_size,
          join(name, sizeof name, table, "at least as large as efi.h's struct"));
    check_eq(join(name, sizeof name, table, "CalculateCrc32 (direct) of the header"),
             header_crc(bs, h, &crc), EFI_SUCCESS);
    check_eq(join(name, sizeof name, table, "the CRC32 its header carries"), crc, h->crc32);
}

void tables_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_BOOT_SERVICES *bs = st->boot_services;
    EFI_LOADED_IMAGE_PROTOCOL *li = NULL;
    static const EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;

    check_table(bs, "system table", &st->hdr, EFI_SYSTEM_TABLE_SIGNATURE,
                (uint32_t)sizeof *st);
    check_table(bs, "boot services", &bs->hdr, EFI_BOOT_SERVICES_SIGNATURE,
                (uint32_t)sizeof *bs);
    check_table(bs, "runtime services", &st->runtime_services->hdr,
                EFI_RUNTIME_SERVICES_SIGNATURE, (uint32_t)sizeof *st->runtime_services);

    /* Our own image: the loaded image protocol on the handle we were given. */
    check_eq("HandleProtocol (direct): loaded image",
             bs->handle_protocol(image, &loaded_image_guid, (void **)&li), EFI_SUCCESS);
    if (li) {
        uintptr_t base = (uintptr_t)li->image_base, here = (uintptr_t)&tables_tests;
        check(li->system_table == st, "loaded image: the system table we were given");
        check(here >= base && here < base + li->image_size, "loaded image: our code inside it");
    }
    check_eq("ConOut->OutputString (direct)",
             st->con_out->output_string(st->con_out, u"callplan: direct OutputString\r\n"),
             EFI_SUCCESS);
}
