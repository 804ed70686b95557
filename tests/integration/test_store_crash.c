/*
 * The device store survives kill -9 at any point: a tool installs and
 * removes devices in a loop while the reflector is killed at a varying
 * moment; every restart must load the store, and find at most the one
 * device that was installed at that moment, started, with its INF copy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "platform.h"

#ifdef _WIN32
#define ROUNDS 12 /* each reflector start under Wine costs a few hundred ms */
#else
#define ROUNDS 30
#endif

typedef struct churn {
    harness *h;
    volatile int stop;
    unsigned cycles;
} churn;

static void churn_main(void *arg)
{
    churn *c = arg;
    while (!c->stop) {
        char id[300];
        /* A failure means the reflector was killed: this round's churn is over. */
        if (harness_install(c->h, "echo.inf", NULL, id, sizeof id) < 0 || !id[0])
            break;
        wudf_kv reply;
        wudf_kv_init(&reply);
        int32_t st = harness_tool(c->h, "remove", id, &reply);
        wudf_kv_free(&reply);
        if (st < 0)
            break;
        c->cycles++;
    }
}

/* The instance ids in a status-of-all reply. */
static size_t devices(harness *h, char ids[][300], size_t max)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    size_t n = 0;
    if (harness_tool(h, "status", NULL, &reply) >= 0)
        for (size_t i = 0; i < reply.count; i++)
            if (strcmp(reply.keys[i], "device") == 0 && n < max)
                snprintf(ids[n++], 300, "%s", reply.values[i]);
    wudf_kv_free(&reply);
    return n;
}

static void store_survives_kill_9_during_install_and_remove(void **state)
{
    harness *h = *state;
    /* The kill points come from the seed: WUDF_TEST_SEED=N replays a run's. */
    const char *fixed = getenv("WUDF_TEST_SEED");
    unsigned seed = fixed && *fixed ? (unsigned)strtoul(fixed, NULL, 10) : (unsigned)(uv_hrtime() & 0xffff);
    print_message("seed %u (WUDF_TEST_SEED=%u replays these kill points)\n", seed, seed);
    srand(seed);
    unsigned total_cycles = 0;
    for (unsigned round = 0; round < ROUNDS; round++) {
        size_t mark = harness_log_mark(h);
        churn c = {h, 0, 0};
        uv_thread_t thread;
        assert_int_equal(uv_thread_create(&thread, churn_main, &c), 0);
        /* Kill at a varying point: after the k-th install or removal was logged. */
        unsigned k = 1 + (unsigned)rand() % 6;
        const char *event = rand() % 2 ? "event=device-installed" : "event=device-removed";
        uint64_t deadline = uv_hrtime() + 20000ull * 1000000u;
        while (harness_log_count(h, event, mark) < k && uv_hrtime() < deadline)
            harness_wait_log(h, event, harness_log_mark(h), 200);
        assert_true(harness_log_count(h, event, mark) >= k);
        assert_true(harness_kill(h) >= 0);
        c.stop = 1;
        uv_thread_join(&thread);
        total_cycles += c.cycles;

        /* The restart loads the store (a torn one would stop it here) ... */
        mark = harness_log_mark(h);
        assert_int_equal(harness_restart(h), 0);
        char ids[8][300];
        size_t n = devices(h, ids, 8);
        /* ... and holds at most the device that was installed when the kill came. */
        assert_true(n <= 1);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(harness_wait_state(h, ids[i], "started", mark, 20000), 0);
            char inf[300], path[WUDF_PATH_MAX];
            harness_field(h, ids[i], "inf", inf, sizeof inf);
            snprintf(path, sizeof path, "%s/inf/%s", h->state, inf);
            FILE *f = fopen(path, "rb");
            assert_non_null(f);
            fclose(f);
            wudf_kv reply;
            wudf_kv_init(&reply);
            assert_int_equal(harness_tool(h, "remove", ids[i], &reply), 0);
            wudf_kv_free(&reply);
        }
        assert_int_equal(devices(h, ids, 8), 0);
    }
    print_message("%u rounds, %u install/remove cycles\n", ROUNDS, total_cycles);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(store_survives_kill_9_during_install_and_remove, fixture_start, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
