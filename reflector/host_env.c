/*
 * The environment a host starts with. Not the reflector's, which may hold anything (credentials,
 * proxies, LD_ variables): a fixed set of PATH and the sanitizers' options (for the tests of a
 * sanitizer build), plus the variables wudfrd --host-env names, such as a test's umockdev preload.
 * The host itself reads no variable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflector.h"

static const char *const fixed[] = {"PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"};

/* "NAME=value" of the reflector's own variable, or NULL when it has none. */
static char *entry(const char *name)
{
    char small[512], *value = small;
    size_t size = sizeof small;
    int rc = uv_os_getenv(name, value, &size);
    if (rc == UV_ENOBUFS && (value = malloc(size)) != NULL)
        rc = uv_os_getenv(name, value, &size);
    char *out = NULL;
    if (rc == 0 && (out = malloc(strlen(name) + size + 2)) != NULL)
        sprintf(out, "%s=%s", name, value);
    if (value != small)
        free(value);
    return out;
}

char **wudf_host_env_new(const wudf_config *cfg)
{
    size_t capacity = sizeof fixed / sizeof fixed[0] + 2, count = 0;
    for (const char *p = cfg->host_env; *p; p++)
        capacity += *p == ',';
    char **env = calloc(capacity, sizeof *env);
    if (!env)
        return NULL;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if ((env[count] = entry(fixed[i])) != NULL)
            count++;
    char names[sizeof cfg->host_env];
    snprintf(names, sizeof names, "%s", cfg->host_env);
    for (char *name = names, *next; name && *name; name = next) {
        next = strchr(name, ',');
        if (next)
            *next++ = '\0';
        if (count + 1 < capacity && (env[count] = entry(name)) != NULL)
            count++;
    }
    return env;
}

void wudf_host_env_free(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}
