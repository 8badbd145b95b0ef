/* x86-64 pieces both conventions share: how a scalar or a piece of an aggregate becomes a move,
 * and the names of the frame's slots and return registers in dumps. */
#include "x86.h"

/* The op that loads `len` bytes of a value of kind k into an 8-byte slot. Integers of 8 bytes or
 * less are extended by kind (callplan extends _Bool/char/short to 64 bits: ABI.md 1.4 and 2);
 * other bytes go as they are, exactly `len` of them so no byte past the value is read. */
static unsigned load_op(cp_kind k, uint32_t len)
{
    switch (k) {
    case CP_KIND_BOOL: case CP_KIND_U8: return CP__OP_LD1Z;
    case CP_KIND_I8: return CP__OP_LD1S;
    case CP_KIND_I16: return CP__OP_LD2S;
    case CP_KIND_U16: return CP__OP_LD2Z;
    case CP_KIND_I32: return CP__OP_LD4S;
    case CP_KIND_U32: return CP__OP_LD4Z;
    case CP_KIND_VOID: case CP_KIND_I64: case CP_KIND_U64: case CP_KIND_I128: case CP_KIND_U128:
    case CP_KIND_F32: case CP_KIND_F64: case CP_KIND_F80: case CP_KIND_F128: case CP_KIND_PTR:
    case CP_KIND_C32: case CP_KIND_C64: case CP_KIND_C80: case CP_KIND_STRUCT:
    case CP_KIND_UNION: case CP_KIND_ARRAY: case CP_KIND_COUNT_:
        break;
    }
    switch (len) {
    case 8: return CP__OP_LD8;
    case 4: return CP__OP_LD4Z;
    case 2: return CP__OP_LD2Z;
    case 1: return CP__OP_LD1Z;
    default: return CP__OP_COPY;
    }
}

cp_status cp__x86_emit_bytes(struct cp__builder *b, cp_kind k, uint32_t arg, uint32_t src,
                             uint32_t dst, uint32_t len)
{
    unsigned op = load_op(k, len);
    return cp__emit_move(b, op, arg, src, dst, op == CP__OP_COPY ? len : 0);
}

int cp__x86_ret_is_fp(unsigned reg)
{
    return reg == CP__RET_XMM0 || reg == CP__RET_XMM1 || reg == CP__RET_ST0;
}

void cp__x86_slot_name(uint32_t dst, char *out, size_t cap)
{
    static const char *const gp[CP__IMG_NGP] = { "rdi", "rsi", "rdx", "rcx", "r8", "r9" };
    size_t n = 0;
    if (cap == 0)
        return;
    if (dst >= CP__IMG_GP && dst < CP__IMG_BYTES) {
        cp__fmt_str(out, cap, &n, gp[(dst - CP__IMG_GP) / 8]);
        if ((dst - CP__IMG_GP) % 8) {
            cp__fmt_str(out, cap, &n, "+");
            cp__fmt_dec(out, cap, &n, (dst - CP__IMG_GP) % 8);
        }
    } else if (dst < CP__IMG_BYTES) {
        cp__fmt_str(out, cap, &n, "xmm");
        cp__fmt_dec(out, cap, &n, (dst - CP__IMG_XMM) / CP__IMG_XMM_SLOT);
        if ((dst - CP__IMG_XMM) % CP__IMG_XMM_SLOT) {
            cp__fmt_str(out, cap, &n, "+");
            cp__fmt_dec(out, cap, &n, (dst - CP__IMG_XMM) % CP__IMG_XMM_SLOT);
        }
    } else {
        cp__fmt_str(out, cap, &n, "stack+");
        cp__fmt_dec(out, cap, &n, dst - CP__IMG_BYTES);
    }
    out[n] = '\0';
}

const char *const cp__x86_ret_names[CP__RET_COUNT] = {
    "none", "rax", "rdx", "xmm0", "xmm1", "st0"
};
