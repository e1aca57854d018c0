/* The files are pulled in with the assembler's .incbin (GCC and Clang on
 * ELF), so they stay ordinary files to edit: openapi.json and docs.html in
 * this folder. The Makefile makes this object depend on them. */
#include "server/assets/assets.h"

#define EMBED(sym, file)                                                   \
    __asm__(".section .rodata\n"                                           \
            ".global " #sym "_start\n"                                      \
            ".global " #sym "_end\n"                                        \
            ".balign 16\n" #sym "_start:\n"                                 \
            ".incbin \"" file "\"\n" #sym "_end:\n"                          \
            ".byte 0\n"                                                     \
            ".previous\n");                                                 \
    extern const char sym##_start[], sym##_end[];

EMBED(inventui_openapi, "src/server/assets/openapi.json")
EMBED(inventui_docs, "src/server/assets/docs.html")

struct asset asset_openapi_json(void)
{
    return (struct asset){inventui_openapi_start,
                          (size_t)(inventui_openapi_end - inventui_openapi_start)};
}

struct asset asset_docs_html(void)
{
    return (struct asset){inventui_docs_start,
                          (size_t)(inventui_docs_end - inventui_docs_start)};
}
