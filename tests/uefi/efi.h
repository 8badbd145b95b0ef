/* The few UEFI definitions this application uses, written from the UEFI specification (2.x):
 * the tables it walks, the services it calls, their status codes and constants. Every service
 * is EFIAPI, the Microsoft x64 convention; on the x86_64-unknown-windows target that is the
 * default, and the attribute keeps the header right for any other x86-64 target too.
 * Table layouts are pinned with _Static_assert against the offsets the specification implies,
 * so a missing or misplaced slot fails the build instead of calling the wrong service. */
#ifndef UEFI_EFI_H
#define UEFI_EFI_H

#include <stddef.h>
#include <stdint.h>

#define EFIAPI __attribute__((ms_abi))

typedef uint64_t UINTN;         /* native width: 8 bytes on x64 */
typedef UINTN EFI_STATUS;
typedef void *EFI_HANDLE;
typedef void *EFI_EVENT;
typedef UINTN EFI_TPL;
typedef uint16_t CHAR16;
typedef uint8_t BOOLEAN;
typedef uint64_t EFI_PHYSICAL_ADDRESS;

/* Status codes: errors have the top bit set. */
#define EFI_ERROR_BIT          ((UINTN)1 << 63)
#define EFI_SUCCESS            ((EFI_STATUS)0)
#define EFI_INVALID_PARAMETER  (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED        (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL   (EFI_ERROR_BIT | 5)
#define EFI_NOT_READY          (EFI_ERROR_BIT | 6)
#define EFI_NOT_FOUND          (EFI_ERROR_BIT | 14)

typedef struct {
    uint32_t data1;
    uint16_t data2, data3;
    uint8_t data4[8];
} EFI_GUID;

typedef struct {
    uint64_t signature;
    uint32_t revision;
    uint32_t header_size;
    uint32_t crc32;             /* of header_size bytes, computed with this field zero */
    uint32_t reserved;
} EFI_TABLE_HEADER;

#define EFI_SYSTEM_TABLE_SIGNATURE   0x5453595320494249ull  /* "IBI SYST" */
#define EFI_BOOT_SERVICES_SIGNATURE  0x56524553544f4f42ull  /* "BOOTSERV" */
#define EFI_RUNTIME_SERVICES_SIGNATURE 0x56524553544e5552ull /* "RUNTSERV" */

/* ---- console output -------------------------------------------------------------------- */
typedef struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL;
struct EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL {
    void *reset;
    EFI_STATUS (EFIAPI *output_string)(EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *self, const CHAR16 *s);
    EFI_STATUS (EFIAPI *test_string)(EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *self, const CHAR16 *s);
    /* query_mode, set_mode, set_attribute, ... follow: unused */
};

/* ---- memory ---------------------------------------------------------------------------- */
typedef enum {
    EfiReservedMemoryType, EfiLoaderCode, EfiLoaderData, EfiBootServicesCode,
    EfiBootServicesData, EfiRuntimeServicesCode, EfiRuntimeServicesData,
    EfiConventionalMemory, EfiUnusableMemory, EfiACPIReclaimMemory, EfiACPIMemoryNVS,
    EfiMemoryMappedIO, EfiMemoryMappedIOPortSpace, EfiPalCode, EfiPersistentMemory
} EFI_MEMORY_TYPE;

typedef struct {
    uint32_t type;              /* EFI_MEMORY_TYPE */
    EFI_PHYSICAL_ADDRESS physical_start;
    uint64_t virtual_start;
    uint64_t number_of_pages;   /* 4 KiB pages */
    uint64_t attribute;
} EFI_MEMORY_DESCRIPTOR;        /* the firmware's stride is its DescriptorSize, maybe larger */

#define EFI_MEMORY_DESCRIPTOR_VERSION 1

/* ---- events ---------------------------------------------------------------------------- */
#define EVT_TIMER          0x80000000u
#define EVT_NOTIFY_WAIT    0x00000100u
#define EVT_NOTIFY_SIGNAL  0x00000200u
#define TPL_APPLICATION    4
#define TPL_CALLBACK       8
#define TPL_NOTIFY         16

typedef void (EFIAPI *EFI_EVENT_NOTIFY)(EFI_EVENT event, void *context);

typedef enum { TimerCancel, TimerPeriodic, TimerRelative } EFI_TIMER_DELAY;

/* ---- boot services --------------------------------------------------------------------- */
typedef struct {
    EFI_TABLE_HEADER hdr;
    void *raise_tpl;
    void *restore_tpl;
    void *allocate_pages;
    void *free_pages;
    EFI_STATUS (EFIAPI *get_memory_map)(UINTN *map_size, EFI_MEMORY_DESCRIPTOR *map,
                                        UINTN *map_key, UINTN *desc_size, uint32_t *desc_version);
    EFI_STATUS (EFIAPI *allocate_pool)(EFI_MEMORY_TYPE type, UINTN size, void **buffer);
    EFI_STATUS (EFIAPI *free_pool)(void *buffer);
    EFI_STATUS (EFIAPI *create_event)(uint32_t type, EFI_TPL tpl, EFI_EVENT_NOTIFY notify,
                                      void *context, EFI_EVENT *event);
    EFI_STATUS (EFIAPI *set_timer)(EFI_EVENT event, EFI_TIMER_DELAY type, uint64_t trigger_100ns);
    EFI_STATUS (EFIAPI *wait_for_event)(UINTN count, EFI_EVENT *events, UINTN *index);
    EFI_STATUS (EFIAPI *signal_event)(EFI_EVENT event);
    EFI_STATUS (EFIAPI *close_event)(EFI_EVENT event);
    EFI_STATUS (EFIAPI *check_event)(EFI_EVENT event);
    void *install_protocol_interface;
    void *reinstall_protocol_interface;
    void *uninstall_protocol_interface;
    EFI_STATUS (EFIAPI *handle_protocol)(EFI_HANDLE handle, const EFI_GUID *protocol,
                                         void **interface);
    void *reserved;
    void *register_protocol_notify;
    void *locate_handle;
    void *locate_device_path;
    void *install_configuration_table;
    void *load_image;
    void *start_image;
    void *exit;
    void *unload_image;
    void *exit_boot_services;
    EFI_STATUS (EFIAPI *get_next_monotonic_count)(uint64_t *count);
    EFI_STATUS (EFIAPI *stall)(UINTN microseconds);
    EFI_STATUS (EFIAPI *set_watchdog_timer)(UINTN timeout_s, uint64_t code, UINTN data_size,
                                            const CHAR16 *data);
    void *connect_controller;
    void *disconnect_controller;
    void *open_protocol;
    void *close_protocol;
    void *open_protocol_information;
    void *protocols_per_handle;
    void *locate_handle_buffer;
    EFI_STATUS (EFIAPI *locate_protocol)(const EFI_GUID *protocol, void *registration,
                                         void **interface);
    EFI_STATUS (EFIAPI *install_multiple_protocol_interfaces)(EFI_HANDLE *handle, ...);
    EFI_STATUS (EFIAPI *uninstall_multiple_protocol_interfaces)(EFI_HANDLE handle, ...);
    EFI_STATUS (EFIAPI *calculate_crc32)(const void *data, UINTN size, uint32_t *crc);
    void *copy_mem;
    void *set_mem;
    void *create_event_ex;
} EFI_BOOT_SERVICES;

_Static_assert(offsetof(EFI_BOOT_SERVICES, get_memory_map) == 0x38, "GetMemoryMap slot");
_Static_assert(offsetof(EFI_BOOT_SERVICES, create_event) == 0x50, "CreateEvent slot");
_Static_assert(offsetof(EFI_BOOT_SERVICES, handle_protocol) == 0x98, "HandleProtocol slot");
_Static_assert(offsetof(EFI_BOOT_SERVICES, stall) == 0xF8, "Stall slot");
_Static_assert(offsetof(EFI_BOOT_SERVICES, locate_protocol) == 0x140, "LocateProtocol slot");
_Static_assert(offsetof(EFI_BOOT_SERVICES, calculate_crc32) == 0x158, "CalculateCrc32 slot");
_Static_assert(sizeof(EFI_BOOT_SERVICES) == 0x178, "EFI 2.0+ boot services table");

/* ---- runtime services ------------------------------------------------------------------ */
typedef struct {
    uint16_t year;              /* 1900-9999 */
    uint8_t month, day, hour, minute, second, pad1;
    uint32_t nanosecond;
    int16_t time_zone;
    uint8_t daylight, pad2;
} EFI_TIME;

typedef struct {
    uint32_t resolution;
    uint32_t accuracy;
    BOOLEAN sets_to_zero;
} EFI_TIME_CAPABILITIES;

#define EFI_VARIABLE_BOOTSERVICE_ACCESS 0x00000002u

typedef struct {
    EFI_TABLE_HEADER hdr;
    EFI_STATUS (EFIAPI *get_time)(EFI_TIME *time, EFI_TIME_CAPABILITIES *capabilities);
    void *set_time;
    void *get_wakeup_time;
    void *set_wakeup_time;
    void *set_virtual_address_map;
    void *convert_pointer;
    EFI_STATUS (EFIAPI *get_variable)(const CHAR16 *name, const EFI_GUID *vendor,
                                      uint32_t *attributes, UINTN *data_size, void *data);
    void *get_next_variable_name;
    EFI_STATUS (EFIAPI *set_variable)(const CHAR16 *name, const EFI_GUID *vendor,
                                      uint32_t attributes, UINTN data_size, const void *data);
    void *get_next_high_monotonic_count;
    void *reset_system;
} EFI_RUNTIME_SERVICES;

_Static_assert(offsetof(EFI_RUNTIME_SERVICES, get_variable) == 0x48, "GetVariable slot");
_Static_assert(offsetof(EFI_RUNTIME_SERVICES, set_variable) == 0x58, "SetVariable slot");

/* ---- the system table ------------------------------------------------------------------ */
typedef struct {
    EFI_TABLE_HEADER hdr;
    const CHAR16 *firmware_vendor;
    uint32_t firmware_revision;
    EFI_HANDLE console_in_handle;
    void *con_in;
    EFI_HANDLE console_out_handle;
    EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *con_out;
    EFI_HANDLE standard_error_handle;
    EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL *std_err;
    EFI_RUNTIME_SERVICES *runtime_services;
    EFI_BOOT_SERVICES *boot_services;
    UINTN number_of_table_entries;
    void *configuration_table;
} EFI_SYSTEM_TABLE;

_Static_assert(offsetof(EFI_SYSTEM_TABLE, con_out) == 0x40, "ConOut");
_Static_assert(offsetof(EFI_SYSTEM_TABLE, boot_services) == 0x60, "BootServices");
_Static_assert(sizeof(EFI_SYSTEM_TABLE) == 0x78, "system table");

/* ---- the loaded image protocol --------------------------------------------------------- */
typedef struct {
    uint32_t revision;
    EFI_HANDLE parent_handle;
    EFI_SYSTEM_TABLE *system_table;
    EFI_HANDLE device_handle;
    void *file_path;
    void *reserved;
    uint32_t load_options_size;
    void *load_options;
    void *image_base;
    uint64_t image_size;
    EFI_MEMORY_TYPE image_code_type;
    EFI_MEMORY_TYPE image_data_type;
    void *unload;
} EFI_LOADED_IMAGE_PROTOCOL;

#define EFI_LOADED_IMAGE_PROTOCOL_GUID                                                        \
    { 0x5B1B31A1, 0x9562, 0x11D2, { 0x8E, 0x3F, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B } }

#endif /* UEFI_EFI_H */
