/* shortid — the short ids the tables show work wherever a command asks for
 * an id: any beginning of 8 or more characters of a product's, an order's
 * or a DLQ message's id, as long as only one id starts with it.
 *
 * The API has no "ids starting with" query, so the matches are found by
 * listing: at most SHORTID_MAX_PAGES pages of SHORTID_PAGE_LIMIT (the
 * API's largest page), 2,000 records. The bound is a page count, not a
 * record count, because it bounds the time a person waits: each page is a
 * round trip (on the deployed API Gateway + Lambda + DynamoDB scan,
 * 100–300 ms), so 20 pages are a few seconds at most, and a DynamoDB scan
 * may send short or empty pages that still carry a nextToken. A prefix
 * counts as unambiguous only when the whole listing was read: past the
 * bound the command refuses (exit 2) and asks for the whole id. Orders are
 * the signed-in person's own (GET /orders). */
#ifndef INVENTUI_CLIENT_CLI_SHORTID_H
#define INVENTUI_CLIENT_CLI_SHORTID_H

#include "client/api.h"

#define SHORTID_MIN 8
#define SHORTID_MAX_PAGES 20
#define SHORTID_PAGE_LIMIT 100

enum shortid_kind {
    SHORTID_PRODUCT,
    SHORTID_ORDER,
    SHORTID_DLQ_MESSAGE,
};

/* How a command prints an API failure and what it exits with (a
 * command's own wording of a 403; NULL: cli_api_error). */
typedef int (*shortid_fail_fn)(struct api_result *res);

/* The id arg stands for. A whole id, or text that cannot begin an id (not
 * hex digits and dashes where a UUID has them), is taken as given (the API
 * says whether it exists). Otherwise it must be SHORTID_MIN or more
 * characters (else CLI_USAGE) and begin exactly one id of that kind:
 * CLI_OK with *id set (caller frees); CLI_REFUSED when none does
 * (NOT_FOUND); CLI_USAGE when several do (they are listed) or the listing
 * is too long to tell; a failed listing goes through fail. Messages are
 * on stderr. */
int shortid_resolve(struct api *a, enum shortid_kind kind, const char *arg,
                    shortid_fail_fn fail, char **id);

#endif
