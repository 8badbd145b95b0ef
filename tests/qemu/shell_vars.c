/* Variables of the shell: a fixed table in .bss. A variable keeps a result by what it is
 * (signed or unsigned integer, float bits, pointer, string buffer, aggregate bytes), so it can
 * be passed again to any parameter that accepts that kind. */
#include "shell.h"

#define SH_VARS 32

static struct sh_var vars[SH_VARS];

struct sh_var *sh_var_find(const char *name, size_t len)
{
    unsigned i;
    size_t k;
    if (len >= SH_VAR_NAME)
        return 0;
    for (i = 0; i < SH_VARS; i++) {
        for (k = 0; k < len && vars[i].name[k] == name[k]; k++)
            ;
        if (k == len && vars[i].name[0] && vars[i].name[len] == 0)
            return &vars[i];
    }
    return 0;
}

struct sh_var *sh_var_make(const struct sh_line *l, const struct sh_token *name)
{
    struct sh_var *v = sh_var_find(l->text + name->pos, name->len);
    unsigned i;
    if (v)
        return v;
    if (name->len >= SH_VAR_NAME) {
        sh_error(l, name->pos, "variable names have at most %u characters", SH_VAR_NAME - 1);
        return 0;
    }
    for (i = 0; i < SH_VARS && vars[i].name[0]; i++)
        ;
    if (i == SH_VARS) {
        sh_error(l, name->pos, "all %u variables are in use", SH_VARS);
        return 0;
    }
    memset(&vars[i], 0, sizeof vars[i]);
    memcpy(vars[i].name, l->text + name->pos, name->len);
    return &vars[i];
}

void sh_var_store(struct sh_var *v, const cp_type *t, const void *bytes)
{
    size_t size = 0, n = 0;
    uint64_t word = 0;
    cp_type_layout(t, &size, 0, 0, 0);
    memcpy(&word, bytes, size < 8 ? size : 8);
    v->size = 0;
    switch (t->kind) {
    case CP_KIND_I8: case CP_KIND_I16: case CP_KIND_I32: case CP_KIND_I64:
        v->kind = SH_V_INT;
        if (size < 8 && (word >> (size * 8 - 1)) & 1)
            word |= UINT64_MAX << (size * 8);
        v->bits = word;
        return;
    case CP_KIND_BOOL: case CP_KIND_U8: case CP_KIND_U16: case CP_KIND_U32: case CP_KIND_U64:
        v->kind = SH_V_UINT;
        v->bits = word;
        return;
    case CP_KIND_PTR:
        v->kind = SH_V_PTR;
        v->bits = word;
        return;
    case CP_KIND_F32:
        v->kind = SH_V_FLOAT;
        v->bits = sh_fp_from_f32((uint32_t)word);
        return;
    case CP_KIND_F64:
        v->kind = SH_V_FLOAT;
        v->bits = word;
        return;
    case CP_KIND_F80:
        v->kind = SH_V_FLOAT;
        v->bits = sh_fp_from_f80(bytes);
        return;
    default:
        /* Anything else is kept as bytes (up to SH_VAR_BYTES) with its text. */
        v->kind = SH_V_BLOB;
        v->size = (uint32_t)(size < SH_VAR_BYTES ? size : SH_VAR_BYTES);
        memcpy(v->data, bytes, v->size);
        sh_show(t, bytes, v->shown, sizeof v->shown, &n);
        return;
    }
}

void sh_var_show(const struct sh_var *v, char *out, size_t cap, size_t *n)
{
    char text[40];
    switch (v->kind) {
    case SH_V_INT:
        sh_cat_dec(out, cap, n, (int64_t)v->bits);
        break;
    case SH_V_UINT:
        sh_cat_udec(out, cap, n, v->bits);
        break;
    case SH_V_FLOAT:
        sh_fp_format(v->bits, text, sizeof text);
        sh_cat(out, cap, n, text);
        break;
    case SH_V_PTR:
        if (v->bits) {
            sh_cat(out, cap, n, "(ptr)");
            sh_cat_hex(out, cap, n, v->bits);
        } else {
            sh_cat(out, cap, n, "null");
        }
        break;
    case SH_V_STR:
        sh_cat(out, cap, n, "\"");
        sh_cat_n(out, cap, n, (const char *)v->data, sh_strnlen((const char *)v->data, v->size));
        sh_cat(out, cap, n, "\"");
        break;
    case SH_V_BLOB:
        sh_cat(out, cap, n, v->shown);
        break;
    }
}

void sh_vars_list(void)
{
    static const char *const kind_names[] = { "int", "uint", "float", "ptr", "string", "bytes" };
    unsigned i, none = 1;
    for (i = 0; i < SH_VARS; i++) {
        char text[200];
        size_t n = 0;
        if (!vars[i].name[0])
            continue;
        none = 0;
        sh_var_show(&vars[i], text, sizeof text, &n);
        kprintf("  $%s %s = %s\n", vars[i].name, kind_names[vars[i].kind], text);
    }
    if (none)
        kputs("  (no variables)\n");
}
