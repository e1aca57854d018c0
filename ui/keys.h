/* keys — one int per key press: a Unicode character as itself, a curses
 * function key (KEY_UP, …) as UI_FN(code), above every code point. */
#ifndef INVENTUI_UI_KEYS_H
#define INVENTUI_UI_KEYS_H

#define UI_FN(k) (0x1000000 | (k))
#define UI_IS_FN(k) (((k) & 0x1000000) != 0)
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27
#define UI_ENTER '\r'
#define UI_TAB '\t'

#endif
