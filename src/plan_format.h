/* The plan format: header layout and the move table. Included by C and by the asm stubs, so
 * everything outside `#ifndef __ASSEMBLER__` is plain #defines.
 *
 * A plan is one contiguous, pointer-free, 8-aligned block:
 *
 *   header   CP__PLAN_HDR bytes (below)
 *   moves    nmoves x 8 bytes: how each argument value reaches the frame, sorted by frame
 *            offset (register images in the order of the registers, then the stack area);
 *            at a fixed offset, so the stubs find move k without arithmetic
 *   sizes    nargs x u16: the byte size of each argument value (what cp_call may read),
 *            padded with zeros to a multiple of 8
 *
 * The "frame" is the block the stub reserves below its stack pointer before the call: first the
 * register images (arch.h: CP__IMG_*), then the outgoing stack-argument area. A move copies
 * bytes of one argument value into the frame; the stub then loads the registers from their
 * images, drops the images and calls, so the stack-argument area starts exactly at RSP.
 *
 * Any change here bumps CP_PLAN_VERSION (include/callplan.h) and updates the builder, the
 * checker, the dump and CP_PLAN_SIZE together. */
#ifndef CP_PLAN_FORMAT_H
#define CP_PLAN_FORMAT_H

#define CP__PLAN_MAGIC     0x4C504370  /* "pCPL" read as a little-endian u32 */

/* Header field offsets (bytes). */
#define CP__H_MAGIC        0   /* u32  CP__PLAN_MAGIC */
#define CP__H_VERSION      4   /* u16  CP_PLAN_VERSION */
#define CP__H_ABI          6   /* u8   cp_abi (resolved: never CP_ABI_DEFAULT) */
#define CP__H_EXEC         7   /* u8   executor (arch.h CP__EXEC_*): 0 = the move interpreter */
#define CP__H_FLAGS        8   /* u32  CP_PLAN_* */
#define CP__H_LENGTH       12  /* u32  total bytes of the plan */
#define CP__H_CHECKSUM     16  /* u32  FNV-1a of the whole plan with this field zero */
#define CP__H_RETSIZE      20  /* u32  bytes written to the return buffer (or by the callee: sret) */
#define CP__H_FRAME        24  /* u16  bytes of frame: register images + stack area, 16-multiple */
#define CP__H_NMOVES       26  /* u16  number of argument moves */
#define CP__H_NARGS        28  /* u8   number of arguments */
#define CP__H_NSSE         29  /* u8   vector registers carrying arguments (AL for variadic calls) */
#define CP__H_NGP          30  /* u8   integer registers carrying arguments, sret pointer included */
#define CP__H_RESULT       31  /* u8   result shape (arch.h CP__RES_*): how the stub stores it */
#define CP__H_RET0         32  /* 4 bytes: first return move (reg, len, dst, 0) */
#define CP__H_RET1         36  /* 4 bytes: second return move */
#define CP__PLAN_HDR       40  /* header size; the moves follow */

/* Plan flags the stubs test: the values of CP_PLAN_* in callplan.h (asserted in internal.h). */
#define CP__PF_USES_FP     0x01
#define CP__PF_SRET        0x04

/* A return move: after the call, `len` bytes of register `reg` go to ret + dst. The register
 * codes (CP__RET_*) are the arch's, in arch.h; 0 always means "no move". `sign` is 1 for a
 * signed integer result narrower than 4 bytes: a closure returning it sign-extends it. */
#define CP__RM_REG         0
#define CP__RM_LEN         1
#define CP__RM_DST         2
#define CP__RM_SIGN        3
#define CP__RET_NONE       0

/* An argument move, 8 bytes: */
#define CP__M_OP           0   /* u8   CP__OP_* */
#define CP__M_ARG          1   /* u8   argument index */
#define CP__M_SRC          2   /* u16  byte offset inside the argument value (ADDR: in the frame) */
#define CP__M_DST          4   /* u16  byte offset inside the frame */
#define CP__M_LEN          6   /* u16  bytes (COPY only; 0 for the fixed-size loads) */
#define CP__MOVE_BYTES     8

/* The move table: every op, once. X(name, bytes read, bytes written, effect).
 * The fixed loads read 1/2/4/8 bytes and always store a full 8-byte slot (an extended integer,
 * or a float's bits with zero above them); COPY moves `len` bytes as they are (aggregates,
 * 16-byte scalars, struct tails of 3/5/6/7 bytes, whose slot bytes above `len` are padding).
 * "bytes read/written" of 0 means "len". ADDR passes an argument by reference (Microsoft x64):
 * `src` is then the frame offset of the argument's copy (made by a COPY move of `len` bytes) and
 * the op writes that copy's address; it reads nothing from the argument itself.
 * The stub's jump table is generated from this list. */
#define CP__MOVES(X)                                                                          \
    X(LD8,  8, 8, "frame[dst..+8]  = arg[src..+8]")                                          \
    X(LD4S, 4, 8, "frame[dst..+8]  = sign-extended 32-bit arg[src]")                         \
    X(LD4Z, 4, 8, "frame[dst..+8]  = zero-extended 32-bit arg[src]")                         \
    X(LD2S, 2, 8, "frame[dst..+8]  = sign-extended 16-bit arg[src]")                         \
    X(LD2Z, 2, 8, "frame[dst..+8]  = zero-extended 16-bit arg[src]")                         \
    X(LD1S, 1, 8, "frame[dst..+8]  = sign-extended 8-bit arg[src]")                          \
    X(LD1Z, 1, 8, "frame[dst..+8]  = zero-extended 8-bit arg[src]")                          \
    X(COPY, 0, 0, "frame[dst..+len] = arg[src..+len]")                                       \
    X(ADDR, 0, 8, "frame[dst..+8]  = &frame[src], a copy of the len-byte argument")

/* The one op number the fast executors test directly (asserted below against the table). */
#define CP__OP_LD8_NUM     0

#ifndef __ASSEMBLER__
#include <stdint.h>

enum cp__op {
#define CP__OP_ENUM(name, rd, wr, doc) CP__OP_##name,
    CP__MOVES(CP__OP_ENUM)
#undef CP__OP_ENUM
    CP__OP_COUNT
};

struct cp__move {
    uint8_t  op;
    uint8_t  arg;
    uint16_t src;
    uint16_t dst;
    uint16_t len;
};

struct cp__retmove {
    uint8_t reg;
    uint8_t len;
    uint8_t dst;
    uint8_t sign;
};

struct cp__plan_hdr {
    uint32_t magic;
    uint16_t version;
    uint8_t  abi;
    uint8_t  exec;
    uint32_t flags;
    uint32_t length;
    uint32_t checksum;
    uint32_t ret_size;
    uint16_t frame;
    uint16_t nmoves;
    uint8_t  nargs;
    uint8_t  nsse;
    uint8_t  ngp;
    uint8_t  result;
    struct cp__retmove ret[2];
};

#include <stddef.h>
_Static_assert(CP__OP_LD8 == CP__OP_LD8_NUM, "LD8 is the first move op");
_Static_assert(sizeof(struct cp__move) == CP__MOVE_BYTES, "move size");
_Static_assert(offsetof(struct cp__move, op) == CP__M_OP, "move op");
_Static_assert(offsetof(struct cp__move, arg) == CP__M_ARG, "move arg");
_Static_assert(offsetof(struct cp__move, src) == CP__M_SRC, "move src");
_Static_assert(offsetof(struct cp__move, dst) == CP__M_DST, "move dst");
_Static_assert(offsetof(struct cp__move, len) == CP__M_LEN, "move len");
_Static_assert(sizeof(struct cp__plan_hdr) == CP__PLAN_HDR, "header size");
_Static_assert(offsetof(struct cp__plan_hdr, version) == CP__H_VERSION, "hdr version");
_Static_assert(offsetof(struct cp__plan_hdr, abi) == CP__H_ABI, "hdr abi");
_Static_assert(offsetof(struct cp__plan_hdr, exec) == CP__H_EXEC, "hdr exec");
_Static_assert(offsetof(struct cp__plan_hdr, flags) == CP__H_FLAGS, "hdr flags");
_Static_assert(offsetof(struct cp__plan_hdr, length) == CP__H_LENGTH, "hdr length");
_Static_assert(offsetof(struct cp__plan_hdr, checksum) == CP__H_CHECKSUM, "hdr checksum");
_Static_assert(offsetof(struct cp__plan_hdr, ret_size) == CP__H_RETSIZE, "hdr ret_size");
_Static_assert(offsetof(struct cp__plan_hdr, frame) == CP__H_FRAME, "hdr frame");
_Static_assert(offsetof(struct cp__plan_hdr, nmoves) == CP__H_NMOVES, "hdr nmoves");
_Static_assert(offsetof(struct cp__plan_hdr, nargs) == CP__H_NARGS, "hdr nargs");
_Static_assert(offsetof(struct cp__plan_hdr, nsse) == CP__H_NSSE, "hdr nsse");
_Static_assert(offsetof(struct cp__plan_hdr, ngp) == CP__H_NGP, "hdr ngp");
_Static_assert(offsetof(struct cp__plan_hdr, result) == CP__H_RESULT, "hdr result");
_Static_assert(offsetof(struct cp__plan_hdr, ret) == CP__H_RET0, "hdr ret0");
_Static_assert(sizeof(struct cp__retmove) == 4, "retmove size");
#endif /* !__ASSEMBLER__ */

#endif /* CP_PLAN_FORMAT_H */
