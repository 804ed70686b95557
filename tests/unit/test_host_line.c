/*
 * How the reflector re-logs a line of a host's output (reflector/host_line.c): the host's own
 * fields stay searchable, device= and pid= are the reflector's, and what a host claims to be (the
 * reflector, another device, another pid) is kept only as host_*= beside them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "reflector.h"

#define FAULTY "ROOT\\FAULTY\\0000"

static wudf_log_level level;
static char out[WUDF_LOG_RELAY_MAX];

static const char *format(const char *line, int truncated)
{
    wudf_host_line_format(line, strlen(line), FAULTY, 900, truncated, &level, out, sizeof out);
    return out;
}

static void a_hosts_own_line_keeps_its_event_and_fields(void **state)
{
    (void)state;
    assert_string_equal(format("ts=2026-01-01T00:00:00.000Z level=warn prog=wudfhost event=leak pid=900 objects=3", 0),
                        "event=leak device=" FAULTY " pid=900 objects=3");
    assert_int_equal(level, WUDF_LOG_WARN);
    assert_string_equal(format("ts=x level=info prog=WudfFaulty pid=900 event=fault-inject kind=abort", 0),
                        "event=fault-inject device=" FAULTY " pid=900 host_prog=WudfFaulty kind=abort");
    assert_int_equal(level, WUDF_LOG_INFO);
}

static void a_line_posing_as_the_reflector_names_the_host_that_wrote_it(void **state)
{
    (void)state;
    format("ts=2026-01-01T00:00:00.000Z level=error prog=wudfrd event=device-started device=ROOT\\ECHO\\0000 pid=1 "
           "status=0x00000000",
           0);
    assert_string_equal(out, "event=device-started device=" FAULTY " pid=900 host_prog=wudfrd "
                             "host_device=ROOT\\ECHO\\0000 host_pid=1 status=0x00000000");
    assert_int_equal(level, WUDF_LOG_ERROR);
    /* a second event or level is a claim too, not a field that could be read as the line's */
    assert_string_equal(format("event=a event=b level=loud x=1", 0),
                        "event=a device=" FAULTY " pid=900 host_event=b host_level=loud x=1");
}

static void values_are_quoted_as_the_reflectors_own(void **state)
{
    (void)state;
    assert_string_equal(format("event=x reason=\"a b \\\"c\\\"\" path=\"plain\"", 0),
                        "event=x device=" FAULTY " pid=900 reason=\"a b \\\"c\\\"\" path=plain");
}

static void other_text_is_quoted_whole(void **state)
{
    (void)state;
    assert_string_equal(format("Segmentation fault \"x\" = y", 0),
                        "event=output device=" FAULTY " pid=900 text=\"Segmentation fault \\\"x\\\" = y\"");
    assert_string_equal(format("x prog=wudfrd event=device-started", 0),
                        "event=output device=" FAULTY " pid=900 text=\"x prog=wudfrd event=device-started\"");
    /* an unterminated quote, a stray '=': not logfmt */
    assert_non_null(strstr(format("event=x reason=\"open", 0), "event=output "));
    assert_non_null(strstr(format("event=a=b", 0), "event=output "));
    assert_string_equal(format("", 0), "event=output device=" FAULTY " pid=900 text=\"\"");
    /* control characters never make a second line */
    char bytes[] = {'a', '\r', 'b', '\x1b', 'c', '\0'};
    assert_null(strchr(format(bytes, 0), '\r'));
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\n'));
}

static void a_cut_line_says_so(void **state)
{
    (void)state;
    assert_string_equal(format("event=x a=1", 1), "event=x device=" FAULTY " pid=900 a=1 truncated=1");
    char line[WUDF_HOST_LINE_MAX + 100];
    memset(line, 'z', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    format(line, 1);
    assert_true(strlen(out) < WUDF_HOST_LINE_MAX + 100);
    assert_non_null(strstr(out, " truncated=1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_hosts_own_line_keeps_its_event_and_fields),
        cmocka_unit_test(a_line_posing_as_the_reflector_names_the_host_that_wrote_it),
        cmocka_unit_test(values_are_quoted_as_the_reflectors_own),
        cmocka_unit_test(other_text_is_quoted_whole),
        cmocka_unit_test(a_cut_line_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
