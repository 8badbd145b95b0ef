/* Line editing on the serial port, for a person at a terminal and for a piped script alike:
 * every byte taken is echoed, so both give the same transcript. Backspace/DEL erase, ^U erases
 * the line, ^C drops it, ^D on an empty line ends the session, the up arrow brings back the
 * previous line and the down arrow clears it; other escape sequences (ESC [ ... final byte)
 * and control bytes are swallowed. */
#include "shell.h"

#define CTRL_C 0x03
#define CTRL_D 0x04
#define CTRL_U 0x15
#define BACKSPACE 0x08
#define ESCAPE 0x1B
#define DELETE 0x7F

static char previous[SH_LINE_MAX + 1];
static size_t previous_len;

static void erase(size_t *n)
{
    for (; *n; --*n)
        kputs("\b \b");
}

/* After ESC: the final byte of a CSI/SS3 sequence ('A' for up...), or 0. */
static int escape_final(void)
{
    int c = serial_getc();
    if (c != '[' && c != 'O')
        return 0;
    do
        c = serial_getc();
    while (c < 0x40 || c > 0x7E);           /* parameter and intermediate bytes */
    return c;
}

int sh_read_line(char *buf, size_t cap, int *too_long)
{
    static int last_cr;
    size_t n = 0;
    *too_long = 0;
    for (;;) {
        int c = serial_getc();
        if (c == '\n' && last_cr) {         /* \r\n from a terminal: one end of line */
            last_cr = 0;
            continue;
        }
        last_cr = c == '\r';
        if (c == '\r' || c == '\n')
            break;
        if (c == CTRL_D && n == 0) {
            kputs("^D\n");
            return -1;
        }
        if (c == CTRL_C) {
            kputs("^C");
            n = 0;
            break;
        }
        if (c == BACKSPACE || c == DELETE) {
            if (n) {
                n--;
                kputs("\b \b");
            }
            continue;
        }
        if (c == CTRL_U) {
            erase(&n);
            continue;
        }
        if (c == ESCAPE) {
            c = escape_final();
            if (c == 'A' || c == 'B')
                erase(&n);
            if (c == 'A') {
                for (; n < previous_len && n + 1 < cap; n++)
                    buf[n] = previous[n];
                kwrite(buf, n);
            }
            continue;
        }
        if (c == '\t')
            c = ' ';
        if (c < ' ' || c > '~')
            continue;                       /* other control bytes and non-ASCII: ignored */
        if (n + 1 >= cap) {
            *too_long = 1;
            continue;
        }
        buf[n++] = (char)c;
        kwrite(&buf[n - 1], 1);
    }
    kputs("\n");
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = 0;
    if (n) {
        memcpy(previous, buf, n + 1);
        previous_len = n;
    }
    return (int)n;
}
