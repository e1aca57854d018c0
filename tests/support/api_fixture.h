/* api_fixture — small helpers the API suites share: creating a product
 * through the API and reading the error envelope. */
#ifndef INVENTUI_TESTS_API_FIXTURE_H
#define INVENTUI_TESTS_API_FIXTURE_H

#include <stdbool.h>

#include "support/testsrv.h"

/* POSTs a valid product (description and price filled in) with token (an
 * admin's: product writes are theirs) and returns its id (malloc'd); fails
 * the test unless the answer is 201. */
char *api_create_product(const struct testsrv *s, const char *token,
                         const char *name, const char *sku,
                         const char *category, long long quantity);
/* True if error.details (an array) names field. */
bool api_has_detail(const cJSON *json, const char *field);
/* How many entries error.details (an array) has; -1 if it is not one. */
int api_detail_count(const cJSON *json);
/* Asserts an error envelope: status, error.code, success false, a
 * request id in meta equal to the X-Request-Id header. */
void api_assert_error(const struct http_resp *r, long status,
                      const char *code);
/* data.quantity of GET /products/{id}. */
long long api_stock(const struct testsrv *s, const char *token,
                    const char *id);
/* Sends n copies of GET path with token at once (curl multi, one
 * connection each) and stores each answer's status in statuses[]. */
void api_get_concurrently(const struct testsrv *s, const char *token,
                          const char *path, int n, long *statuses);

#endif
