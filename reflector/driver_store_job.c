/*
 * A driver-store request that acts on several devices (update restarts them, delete-driver
 * --uninstall removes them) is answered once each of them has settled, with what became of each,
 * as `wudfctl restart` is answered once its device has. Devices are followed by instance id: a
 * removed devnode is freed while the job still waits on the others. A device whose removal was
 * vetoed is kept: the one veto path (wudf_pnp_removal_vetoed) says so, since the state it leaves,
 * started, reads like the end of a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_store.h"

typedef struct wudf_store_job_device {
    char id[300];
    char what[400];
    char outcome[600];
    int moving; /* seen on its way (stopping, starting): the next settled state is the outcome */
    int awaiting; /* update: moved only once its removal goes ahead (job->move) */
    int done;
} job_device;

static wudf_list jobs = {&jobs, &jobs};

wudf_store_job *wudf_store_job_new(wudf_conn *c, uint64_t irp_id, wudf_store_wait wait, wudf_store_job_done done)
{
    wudf_store_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->conn = c;
    job->irp_id = irp_id;
    job->wait = wait;
    job->done = done;
    wudf_list_add_tail(&jobs, &job->link);
    return job;
}

int wudf_store_job_add(wudf_store_job *job, const wudf_devnode *d, const char *what)
{
    job_device *grown = realloc(job->devices, (job->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    job->devices = grown;
    job_device *jd = &grown[job->count++];
    memset(jd, 0, sizeof *jd);
    snprintf(jd->id, sizeof jd->id, "%s", d->instance_id);
    snprintf(jd->what, sizeof jd->what, "%s", what);
    return 0;
}

const char *wudf_store_job_device_id(const wudf_store_job *job, size_t i)
{
    return job->devices[i].id;
}

void wudf_store_job_free(wudf_store_job *job)
{
    wudf_list_remove(&job->link);
    if (job->inf)
        wudf_inf_free(job->inf);
    free(job->inf_path);
    free(job->devices);
    free(job);
}

static void job_closed(uv_handle_t *handle)
{
    wudf_store_job_free(handle->data);
}

static void job_finish(uv_timer_t *timer)
{
    wudf_store_job *job = timer->data;
    job->done(job);
    uv_close((uv_handle_t *)&job->timer, job_closed);
}

/* Finishing is deferred to the loop: the last device may be in the middle of being freed. */
static void check_finished(wudf_store_job *job)
{
    if (!job->started || job->finishing)
        return;
    for (size_t i = 0; i < job->count; i++)
        if (!job->devices[i].done)
            return;
    job->finishing = 1;
    uv_timer_init(g_reflector->loop, &job->timer); /* cannot fail for a timer */
    job->timer.data = job;
    uv_timer_start(&job->timer, job_finish, 0, 0);
}

static job_device *find_device(wudf_store_job *job, const char *id)
{
    for (size_t i = 0; i < job->count; i++)
        if (!job->devices[i].done && strcmp(job->devices[i].id, id) == 0)
            return &job->devices[i];
    return NULL;
}

void wudf_store_job_what(wudf_store_job *job, const wudf_devnode *d, const char *what)
{
    job_device *jd = find_device(job, d->instance_id);
    if (jd)
        snprintf(jd->what, sizeof jd->what, "%s", what);
}

void wudf_store_job_await(wudf_store_job *job, const wudf_devnode *d)
{
    job_device *jd = find_device(job, d->instance_id);
    if (jd)
        jd->awaiting = 1;
}

int wudf_store_job_awaits(wudf_store_job *job, const wudf_devnode *d)
{
    job_device *jd = find_device(job, d->instance_id);
    return jd && jd->awaiting;
}

void wudf_store_job_settled(wudf_store_job *job, const wudf_devnode *d, const char *outcome)
{
    job_device *jd = find_device(job, d->instance_id);
    if (!jd)
        return;
    snprintf(jd->outcome, sizeof jd->outcome, "%s", outcome);
    jd->done = 1;
}

/* Where d's start ended; NULL while it is still on its way. */
static const char *start_outcome(const wudf_devnode *d, char *buf, size_t size, int *failed)
{
    switch (d->state) {
    case WUDF_DN_STARTED:
        return "started";
    case WUDF_DN_DISABLED:
        return "is disabled";
    case WUDF_DN_FAILED:
        *failed = 1;
        snprintf(buf, size, "failed to start (problem %d): %s", d->problem, d->last_failure);
        return buf;
    case WUDF_DN_STOPPED:
        return d->problem == CM_PROB_DEVICE_NOT_THERE ? "is not present" : NULL;
    default:
        return NULL;
    }
}

static void device_changed(wudf_store_job *job, job_device *jd, const wudf_devnode *d)
{
    if (d->removed) {
        snprintf(jd->outcome, sizeof jd->outcome, "%s", job->wait == WUDF_STORE_WAIT_REMOVED ? "removed" : "was removed");
        jd->done = 1;
        return;
    }
    if (job->wait != WUDF_STORE_WAIT_STARTED)
        return;
    char buf[sizeof jd->outcome];
    int failed = 0;
    const char *outcome = start_outcome(d, buf, sizeof buf, &failed);
    if (!outcome) {
        jd->moving = 1;
        return;
    }
    if (d->state == WUDF_DN_STARTED && !jd->moving)
        return; /* the host it had before the restart */
    if (jd->awaiting) {
        /* Neither agreed nor vetoed: its host ended while it was asked, and the restart that follows
         * is on the package it had. */
        snprintf(jd->outcome, sizeof jd->outcome, "not moved: its host ended while its removal was asked; on "
                 "%.255s it %.200s (`wudfctl update` again moves it)", d->inf_name, outcome);
        jd->awaiting = 0;
        failed = 1;
    } else {
        snprintf(jd->outcome, sizeof jd->outcome, "%s", outcome);
    }
    jd->done = 1;
    job->failed |= failed;
}

void wudf_driver_store_removal_vetoed(const wudf_devnode *d, const char *by)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &jobs) {
        wudf_store_job *job = WUDF_CONTAINER_OF(pos, wudf_store_job, link);
        job_device *jd = find_device(job, d->instance_id);
        if (!jd)
            continue;
        if (jd->awaiting)
            snprintf(jd->outcome, sizeof jd->outcome, "kept on %.200s %.40s: its removal was vetoed by %.250s",
                     d->inf_name[0] ? d->inf_name : "(no package)", d->driver_version, by);
        else
            snprintf(jd->outcome, sizeof jd->outcome, "kept: its removal was vetoed by %.250s", by);
        jd->awaiting = 0;
        jd->done = 1;
        job->vetoed = 1;
        check_finished(job);
    }
}

void wudf_driver_store_restart_agreed(wudf_devnode *d)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &jobs) {
        wudf_store_job *job = WUDF_CONTAINER_OF(pos, wudf_store_job, link);
        job_device *jd = find_device(job, d->instance_id);
        if (jd && jd->awaiting && job->move) {
            jd->awaiting = 0;
            job->move(job, d);
            check_finished(job);
        }
    }
}

void wudf_driver_store_devnode_changed(const wudf_devnode *d)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &jobs) {
        wudf_store_job *job = WUDF_CONTAINER_OF(pos, wudf_store_job, link);
        job_device *jd = find_device(job, d->instance_id);
        if (jd) {
            device_changed(job, jd, d);
            check_finished(job);
        }
    }
}

void wudf_store_job_start(wudf_store_job *job)
{
    job->started = 1;
    check_finished(job);
}

void wudf_store_job_message(const wudf_store_job *job, char *buf, size_t size)
{
    size_t w = (size_t)snprintf(buf, size, "%s", job->note);
    for (size_t i = 0; i < job->count && w < size; i++) {
        const job_device *jd = &job->devices[i];
        w += (size_t)snprintf(buf + w, size - w, "%s%s %s", w ? "; " : "", jd->what, jd->outcome);
    }
}

void wudf_driver_store_conn_gone(wudf_conn *c)
{
    wudf_list *pos;
    for (pos = jobs.next; pos != &jobs; pos = pos->next) {
        wudf_store_job *job = WUDF_CONTAINER_OF(pos, wudf_store_job, link);
        if (job->conn == c)
            job->conn = NULL;
    }
}

void wudf_driver_store_jobs_free(void)
{
    while (!wudf_list_empty(&jobs))
        wudf_store_job_free(WUDF_CONTAINER_OF(jobs.next, wudf_store_job, link));
}
