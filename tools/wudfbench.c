/*
 * wudfbench: measures what today's socket path costs, next to baselines
 * measured in the same run, and prints one table (or JSON with --json).
 *
 *   wudfbench [--quick] [--json] [--inf PATH] [--round-trip-loop SECONDS]
 *
 * It starts its own reflector from its own bin directory in a temporary
 * directory, installs inf/echo.inf (up to 100 times), measures, shuts the
 * reflector down and removes the directory. Exit status 0 when every figure
 * was measured, 1 when some could not be (the table says which), 2 on bad
 * usage. The figures are for people: nothing here decides pass or fail.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wudfbench.h"


int bench_failed;

static bench_row *rows;
static size_t row_count, row_cap;

bench_row *bench_add(const char *group, const char *name, double value, const char *unit, double ratio,
                     const char *ratio_of)
{
    if (row_count == row_cap) {
        size_t cap = row_cap ? row_cap * 2 : 64;
        bench_row *r = realloc(rows, cap * sizeof *r);
        if (!r)
            return NULL;
        rows = r;
        row_cap = cap;
    }
    bench_row *r = &rows[row_count++];
    memset(r, 0, sizeof *r);
    snprintf(r->group, sizeof r->group, "%s", group);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->value = value;
    r->unit = unit;
    r->ratio = ratio;
    r->ratio_of = ratio_of;
    return r;
}

void bench_target(bench_row *row, bench_target_on on, int at_most, double target)
{
    if (!row)
        return;
    row->target_on = on;
    row->target_at_most = at_most;
    row->target = target;
}

void bench_note(bench_row *row, const char *fmt, ...)
{
    if (!row)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(row->note, sizeof row->note, fmt, ap);
    va_end(ap);
}

void bench_why(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

void bench_progress(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wudfbench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* --- output --------------------------------------------------------------------------------- */

/* Enough digits to read, never so many that noise looks like precision. */
static void format_number(char *buf, size_t size, double v)
{
    if (isnan(v) || isinf(v))
        snprintf(buf, size, "n/a");
    else if (fabs(v) >= 100)
        snprintf(buf, size, "%.0f", v);
    else if (fabs(v) >= 10)
        snprintf(buf, size, "%.1f", v);
    else
        snprintf(buf, size, "%.2f", v);
}

/* Ratios span 0.0005x (4 KiB against memcpy) to 50x: two significant digits below 0.1. */
static void format_ratio(char *buf, size_t size, double v)
{
    if (isnan(v) || isinf(v))
        snprintf(buf, size, "n/a");
    else if (v >= 10)
        snprintf(buf, size, "%.1fx", v);
    else if (v >= 0.1)
        snprintf(buf, size, "%.2fx", v);
    else
        snprintf(buf, size, "%.2gx", v);
}

/* -1 no target or no value, 1 met, 0 missed; *factor says by how much it misses (>= 1). */
static int verdict(const bench_row *r, double *factor)
{
    double v = r->target_on == BENCH_TARGET_RATIO ? r->ratio : r->value;
    if (r->target_on == BENCH_TARGET_NONE || isnan(v) || v <= 0)
        return -1;
    *factor = r->target_at_most ? v / r->target : r->target / v;
    return *factor <= 1.0;
}

/* "<= 1.5x: met", ">= 0.5x: missed 24x" -- by how much, since that is what the fast path needs to know. */
static void target_text(const bench_row *r, char *buf, size_t size)
{
    double factor = 0;
    char t[48];
    int met = verdict(r, &factor);
    if (r->target_on == BENCH_TARGET_NONE) {
        buf[0] = '\0';
        return;
    }
    if (r->target_on == BENCH_TARGET_RATIO)
        snprintf(t, sizeof t, "%s %gx", r->target_at_most ? "<=" : ">=", r->target);
    else
        snprintf(t, sizeof t, "%s %g %s", r->target_at_most ? "<=" : ">=", r->target, r->unit);
    if (met < 0)
        snprintf(buf, size, "%s: n/a", t);
    else if (met)
        snprintf(buf, size, "%s: met", t);
    else
        snprintf(buf, size, "%s: missed %.*fx", t, factor < 10 ? 2 : 1, factor);
}

/* Share of time each CPU was busy over 250 ms, before anything of the run starts: other work on the
 * machine moves every figure (docs/performance.md, "Placement"), so the table says how much there was. */
static void busy_text(char *buf, size_t size)
{
    uv_cpu_info_t *before = NULL, *after = NULL;
    int n0 = 0, n1 = 0;
    buf[0] = '\0';
    if (uv_cpu_info(&before, &n0) != 0)
        return;
    uv_sleep(250);
    if (uv_cpu_info(&after, &n1) == 0 && n1 == n0) {
        size_t w = 0;
        for (int i = 0; i < n0 && w < size; i++) {
            const struct uv_cpu_times_s *a = &before[i].cpu_times, *b = &after[i].cpu_times;
            double idle = (double)(b->idle - a->idle);
            double total = idle + (double)(b->user - a->user) + (double)(b->nice - a->nice) +
                           (double)(b->sys - a->sys) + (double)(b->irq - a->irq);
            int n = snprintf(buf + w, size - w, "%s%.0f %%", i ? ", " : "", total > 0 ? 100 * (1 - idle / total) : 0);
            w += n > 0 ? (size_t)n : 0;
        }
    }
    if (after)
        uv_free_cpu_info(after, n1);
    uv_free_cpu_info(before, n0);
}

static void machine_text(char *buf, size_t size)
{
    uv_cpu_info_t *cpus = NULL;
    int count = 0;
    uv_utsname_t un;
    const char *model = "?";
    if (uv_cpu_info(&cpus, &count) == 0 && count > 0)
        model = cpus[0].model;
    if (uv_os_uname(&un) != 0) {
        snprintf(un.sysname, sizeof un.sysname, "?");
        un.release[0] = '\0';
    }
    char busy[200];
    busy_text(busy, sizeof busy);
    bench_why(buf, size, "%d CPUs (%s), %s %s; CPUs busy before the run: %s", count, model, un.sysname, un.release,
              busy[0] ? busy : "?");
    if (cpus)
        uv_free_cpu_info(cpus, count);
}

/* Rows grouped by their group, groups in the order the run first measured them. */
static void print_table(const bench_opts *o, const char *machine, const char *placement)
{
    printf("wudfbench: %s run on %s\n", o->quick ? "quick" : "normal", machine);
    printf("placement: %s\n", placement);
    printf("%-46s %10s %-6s %9s  %-17s %s\n", "figure", "value", "unit", "ratio", "ratio to", "DESIGN.md target");
    for (size_t g = 0; g < row_count; g++) {
        int seen = 0;
        for (size_t k = 0; k < g && !seen; k++)
            seen = strcmp(rows[k].group, rows[g].group) == 0;
        if (seen)
            continue;
        printf("-- %s\n", rows[g].group);
        for (size_t i = g; i < row_count; i++) {
            const bench_row *r = &rows[i];
            char v[32], ratio[32], target[80];
            if (strcmp(r->group, rows[g].group) != 0)
                continue;
            format_number(v, sizeof v, r->value);
            if (r->ratio_of)
                format_ratio(ratio, sizeof ratio, r->ratio);
            else
                ratio[0] = '\0';
            target_text(r, target, sizeof target);
            char line[400];
            snprintf(line, sizeof line, "  %-44s %10s %-6s %9s  %-17s %s", r->name, v, r->unit ? r->unit : "",
                     ratio, r->ratio_of ? r->ratio_of : "", target);
            /* Padding for columns a row leaves empty would end the line in blanks. */
            for (size_t n = strlen(line); n > 0 && line[n - 1] == ' '; n--)
                line[n - 1] = '\0';
            puts(line);
            if (r->note[0])
                printf("  %-44s   (%s)\n", "", r->note);
        }
    }
}

static void json_string(const char *s)
{
    putchar('"');
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void json_number(double v)
{
    if (isnan(v) || isinf(v))
        fputs("null", stdout);
    else
        printf("%.6g", v);
}

static void print_json(const bench_opts *o, const char *machine, const char *placement)
{
    printf("{\"quick\":%s,\"machine\":", o->quick ? "true" : "false");
    json_string(machine);
    printf(",\"placement\":\"%s\",\"placement_text\":", bench_placement_name(o->placement));
    json_string(placement);
    printf(",\"complete\":%s,\"figures\":[", bench_failed ? "false" : "true");
    for (size_t i = 0; i < row_count; i++) {
        const bench_row *r = &rows[i];
        double factor = 0;
        int met = verdict(r, &factor);
        printf("%s\n {\"group\":", i ? "," : "");
        json_string(r->group);
        fputs(",\"name\":", stdout);
        json_string(r->name);
        fputs(",\"value\":", stdout);
        json_number(r->value);
        fputs(",\"unit\":", stdout);
        json_string(r->unit);
        fputs(",\"ratio\":", stdout);
        json_number(r->ratio_of ? r->ratio : NAN);
        fputs(",\"ratio_to\":", stdout);
        if (r->ratio_of)
            json_string(r->ratio_of);
        else
            fputs("null", stdout);
        if (r->target_on != BENCH_TARGET_NONE) {
            printf(",\"target\":{\"on\":\"%s\",\"%s\":", r->target_on == BENCH_TARGET_RATIO ? "ratio" : "value",
                   r->target_at_most ? "at_most" : "at_least");
            json_number(r->target);
            printf(",\"met\":%s}", met < 0 ? "null" : met ? "true" : "false");
        }
        if (r->note[0]) {
            fputs(",\"note\":", stdout);
            json_string(r->note);
        }
        putchar('}');
    }
    printf("\n]}\n");
}

/* --- the run -------------------------------------------------------------------------------- */

static int parse_args(int argc, char **argv, bench_opts *o)
{
    static char inf[WUDF_PATH_MAX];
    char infs[WUDF_PATH_MAX];
    if (wudf_install_path(WUDF_INSTALL_INF_DIR, infs, sizeof infs, NULL) ||
        wudf_path_join(inf, sizeof inf, infs, "echo.inf", NULL))
        snprintf(inf, sizeof inf, "echo.inf");
    o->inf = inf;
    if (wudf_version_asked(argc, argv, "wudfbench"))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            o->quick = 1;
        else if (strcmp(argv[i], "--json") == 0)
            o->json = 1;
        else if (strcmp(argv[i], "--inf") == 0 && i + 1 < argc)
            o->inf = argv[++i];
        else if (strcmp(argv[i], "--kernel") == 0)
            o->kernel = 1;
        else if (strcmp(argv[i], "--placement") == 0 && i + 1 < argc && bench_placement_parse(argv[i + 1], &o->placement) == 0)
            i++;
        else if (strcmp(argv[i], "--round-trip-loop") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0)
            o->loop_seconds = (unsigned)atoi(argv[++i]);
        else {
            int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
            fprintf(help ? stdout : stderr,
                    "usage: wudfbench [--quick] [--json] [--placement split|shared|free] [--kernel] [--inf PATH]\n"
                    "                 [--round-trip-loop SECONDS]\n"
                    "  --kernel           Windows: also the round trip through reflector.sys (wudfctl kernel install)\n"
                    "  --quick            fewer iterations (well under a minute)\n"
                    "  --json             the figures as JSON on stdout instead of a table\n"
                    "  --placement P      split (default): client and ping-pong parent on one CPU, the other side on\n"
                    "                     another; shared: all on one CPU; free: where the scheduler puts them\n"
                    "  --inf PATH         the echo INF to install (default %s)\n"
                    "  --version          the release, then exit\n"
                    "  --round-trip-loop N  only N seconds of small IOCTL round trips, to run under a profiler\n",
                    inf);
            return help ? 0 : 2;
        }
    }
    return -1;
}

/* Installs echo devices until there are n; returns how many there are. */
static unsigned install_until(const bench_opts *o, bench_env *e, unsigned n)
{
    char why[400];
    while (e->devices < n) {
        if (bench_install_echo(e, o->inf, why, sizeof why)) {
            fprintf(stderr, "wudfbench: install #%u of %s failed: %s\n", e->devices + 1, o->inf, why);
            bench_note(bench_add("devices", "install", NAN, "", NAN, NULL), "#%u failed: %s", e->devices + 1, why);
            bench_failed = 1;
            break;
        }
    }
    return e->devices;
}

static void run_reflector_phases(const bench_opts *o, bench_env *e, const bench_baseline *b)
{
    bench_progress("install %s", o->inf);
    uint64_t t0 = uv_hrtime();
    if (install_until(o, e, 1) < 1)
        return;
    bench_row *r = bench_add("devices", "install + start of the first echo device", bench_us(t0, uv_hrtime()) / 1000,
                             "ms", NAN, NULL);
    bench_note(r, "op=install answers once the device has started");
    uv_sleep(200); /* let the fresh host settle before calling it idle */
    bench_run_rss(e, "fresh after start");
    bench_run_io(o, e, b, 0);
    bench_run_io(o, e, b, 1);
    bench_run_rss(e, "after the I/O figures");
    bench_progress("recycle");
    bench_run_recycle(o, e);
    bench_progress("install %u more devices", BENCH_MAX_DEVICES - e->devices);
    unsigned before = e->devices;
    t0 = uv_hrtime();
    install_until(o, e, BENCH_MAX_DEVICES);
    if (e->devices > before) {
        r = bench_add("devices", "install + start, mean per further device", bench_us(t0, uv_hrtime()) / 1000 /
                      (e->devices - before), "ms", NAN, NULL);
        bench_note(r, "%u devices installed one after the other", e->devices - before);
    }
    uv_sleep(200);
    bench_progress("status with %u devices", e->devices);
    bench_run_status(o, e);
    bench_run_scaling(o, e, b);
}

/* --round-trip-loop: a reflector and one device, then nothing but round trips, for a profiler. */
static int profile_loop(const bench_opts *o)
{
    bench_env e;
    char why[400];
    if (bench_env_start(&e, o->kernel, why, sizeof why)) {
        fprintf(stderr, "wudfbench: %s\n", why);
        return 1;
    }
    int rc = install_until(o, &e, 1) == 1 ? bench_round_trip_loop(&e, o->loop_seconds) : -1;
    if (bench_env_stop(&e, why, sizeof why)) {
        fprintf(stderr, "wudfbench: %s\n", why);
        rc = -1;
    }
    free(rows);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    bench_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    /* A reflector that dies mid-run must show up as failed figures, not kill us on a write. */
    wudf_process_init();
    char machine[300], placement[200];
    machine_text(machine, sizeof machine);
    o.placement = bench_place_init(o.placement, placement, sizeof placement);
    bench_progress("placement: %s", placement);
    if (o.loop_seconds)
        return profile_loop(&o);
    bench_env e;
    char why[400];
    bench_baseline b;
    bench_run_baselines(&o, &b);

    bench_progress("starting a reflector");
    if (bench_env_start(&e, o.kernel, why, sizeof why)) {
        fprintf(stderr, "wudfbench: %s\n", why);
        bench_note(bench_add("devices", "reflector", NAN, "", NAN, NULL), "%s", why);
        bench_failed = 1;
    } else {
        run_reflector_phases(&o, &e, &b);
        bench_progress("stopping the reflector");
        if (bench_env_stop(&e, why, sizeof why)) {
            fprintf(stderr, "wudfbench: %s\n", why);
            bench_failed = 1;
        }
    }
    if (o.json)
        print_json(&o, machine, placement);
    else
        print_table(&o, machine, placement);
    free(rows);
    return bench_failed ? 1 : 0;
}
