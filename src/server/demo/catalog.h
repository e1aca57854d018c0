/* catalog — the believable shop `inventui serve --seed-demo` stocks. */
#ifndef INVENTUI_SERVER_DEMO_CATALOG_H
#define INVENTUI_SERVER_DEMO_CATALOG_H

struct demo_product {
    const char *sku;
    const char *category;
    const char *name;
    const char *description;
    long long price;    /* cents */
    long long quantity;
};

/* Ends with a zeroed entry. */
extern const struct demo_product DEMO_CATALOG[];

#endif
