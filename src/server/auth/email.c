#include "server/auth/email.h"

#include <stdio.h>
#include <string.h>

static bool local_char(unsigned char c)
{
    if (c <= ' ' || c == 0x7f)
        return false;
    return !strchr("()<>[]\\,;:\"@", c);
}

static bool alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool label_char(unsigned char c)
{
    return alpha(c) || (c >= '0' && c <= '9') || c == '-';
}

bool email_valid(const char *s)
{
    if (!s)
        return false;
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (len == 0 || len > EMAIL_MAX_LEN || !at || at == s || at - s > 64)
        return false;
    for (const char *p = s; p < at; p++)
        if (!local_char((unsigned char)*p))
            return false;
    const char *d = at + 1;
    int labels = 0;
    const char *last = NULL;
    while (*d) {
        const char *end = d;
        while (*end && *end != '.')
            end++;
        size_t n = (size_t)(end - d);
        if (n == 0 || n > 63 || d[0] == '-' || end[-1] == '-')
            return false;
        for (const char *p = d; p < end; p++)
            if (!label_char((unsigned char)*p))
                return false;
        labels++;
        last = d;
        if (!*end)
            break;
        d = end + 1;
        if (!*d)
            return false; /* trailing dot */
    }
    if (labels < 2)
        return false;
    size_t tld = strlen(last);
    if (tld < 2)
        return false;
    for (const char *p = last; *p; p++)
        if (!alpha((unsigned char)*p))
            return false;
    return true;
}

void email_mask(const char *email, char *out, size_t size)
{
    const char *at = strchr(email, '@');
    char first = email[0] ? email[0] : '*';
    char dom = at && at[1] ? at[1] : '*';
    snprintf(out, size, "%c***@%c***", first, dom);
}

void email_lower(const char *s, char *out, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    if (size)
        out[i] = '\0';
}
