/*
 * wudfbench: where a run's processes sit on the CPUs. A wake-up between two
 * processes costs a context switch when they share a CPU and an inter-processor
 * wake-up when they do not, and in a virtual machine the second can cost ten
 * times the first. Left to the scheduler, the baseline ping-pong and the
 * request path each land on one or two CPUs by chance, run by run, and their
 * ratio swings with it (docs/performance.md, "Placement"). So a run places
 * both the same way:
 *   split   the client side (wudfbench, ping-pong parent) on one CPU, the
 *           server side (ping-pong child, wudfrd and so every host) on another
 *   shared  everything on one CPU
 *   free    no pinning: where the scheduler puts things
 * A process inherits the CPUs of the thread that starts it, so pinning the
 * calling thread around a fork or uv_spawn places the child.
 */
#define _GNU_SOURCE 1 /* sched_setaffinity */
#include <stdio.h>
#include <string.h>

#include "wudfbench.h"

const char *bench_placement_name(bench_placement p)
{
    return p == BENCH_PLACE_SPLIT ? "split" : p == BENCH_PLACE_SHARED ? "shared" : "free";
}

int bench_placement_parse(const char *text, bench_placement *p)
{
    for (int i = BENCH_PLACE_SPLIT; i <= BENCH_PLACE_FREE; i++)
        if (strcmp(text, bench_placement_name((bench_placement)i)) == 0) {
            *p = (bench_placement)i;
            return 0;
        }
    return -1;
}

#ifdef __linux__
#include <sched.h>

static int client_cpu = -1, server_cpu = -1;

static void pin(int cpu)
{
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set); /* 0: the calling thread */
}

bench_placement bench_place_init(bench_placement wanted, char *text, size_t size)
{
    cpu_set_t allowed;
    int first = -1, second = -1;
    if (wanted != BENCH_PLACE_FREE && sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        for (int cpu = 0; cpu < CPU_SETSIZE && second < 0; cpu++)
            if (CPU_ISSET(cpu, &allowed)) {
                if (first < 0)
                    first = cpu;
                else
                    second = cpu;
            }
    if (wanted == BENCH_PLACE_SPLIT && second < 0)
        wanted = first < 0 ? BENCH_PLACE_FREE : BENCH_PLACE_SHARED; /* one CPU: nothing to split */
    if (wanted == BENCH_PLACE_SHARED && first < 0)
        wanted = BENCH_PLACE_FREE;
    client_cpu = wanted == BENCH_PLACE_FREE ? -1 : first;
    server_cpu = wanted == BENCH_PLACE_SPLIT ? second : client_cpu;
    pin(client_cpu);
    if (wanted == BENCH_PLACE_SPLIT)
        bench_why(text, size, "split: client on CPU %d, ping-pong peer, reflector and hosts on CPU %d", client_cpu,
                  server_cpu);
    else if (wanted == BENCH_PLACE_SHARED)
        bench_why(text, size, "shared: every process on CPU %d", client_cpu);
    else
        bench_why(text, size, "free: the scheduler places every process");
    return wanted;
}

void bench_place_server(void)
{
    pin(server_cpu);
}

void bench_place_client(void)
{
    pin(client_cpu);
}
#else
bench_placement bench_place_init(bench_placement wanted, char *text, size_t size)
{
    (void)wanted;
    bench_why(text, size, "free: this platform's processes are not pinned");
    return BENCH_PLACE_FREE;
}

void bench_place_server(void)
{
}

void bench_place_client(void)
{
}
#endif
