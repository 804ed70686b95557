/*
 * The driver store (docs/install.md, "The driver store"): the packages' files and the verbs that
 * list, delete and update them, in the manner of pnputil /enum-drivers, /delete-driver and
 * /add-driver /install (devcon update). The package records themselves are in reflector.h.
 */
#ifndef OPENWUDF_REFLECTOR_DRIVER_STORE_H
#define OPENWUDF_REFLECTOR_DRIVER_STORE_H

#include "inf.h"
#include "reflector.h"

/* ---- driver_store.c: the files ---- */

/* The package named name ("oem0.inf", any case), or NULL. */
wudf_package *wudf_package_find(const char *name);
/* The devices installed from p (its users), not counting one being freed. */
unsigned wudf_package_users(const wudf_package *p);
/* Copies the files p's INF installs (the service binaries of each models line) into
 * <state>/driverstore/<oemN>/, laid out as below %12%, unless p has its copy already. A file the
 * INF names that is not there is left out (its devices load it from where the INF says). */
int wudf_driver_store_copy(wudf_package *p, const wudf_inf *inf, wudf_error *err);
/* Points d's services at p's copy of their files, where p has them and hosts can read them. */
void wudf_driver_store_bind(wudf_devnode *d, wudf_package *p);
/* Points d's services back at the files where the INF found them (%12%). */
void wudf_driver_store_unbind(wudf_devnode *d, const wudf_package *p);
/* store.c, once the store is loaded: each device is bound to its package's copy, or to the INF's
 * files when the hosts (as whoever they run as now) cannot read the copy. */
void wudf_driver_store_rebind_all(wudf_reflector *r);
/* Deletes p's INF and its copy of the files (p itself is the caller's). */
void wudf_driver_store_delete_files(const wudf_package *p);

/* ---- tool_package.c: staging ---- */

/* Hardware ids as Windows compares them: without regard to case. */
int wudf_hardware_id_equal(const char *a, const char *b);
/* Whether id is one of p's hardware ids. */
int wudf_package_has_id(const wudf_package *p, const char *id);
/* "driver package oemN.inf added for A, B" (or "(already added)"): what an install registered. */
void wudf_package_note(const wudf_package *p, int added, char *buf, size_t size);
/* Takes back what wudf_package_stage added (nothing when it found the package there). */
void wudf_package_unstage(wudf_package *p, int added);

/* ---- driver_store_install.c: op=install (devcon install, or pnputil /add-driver /install) ---- */
void wudf_tool_install(wudf_conn *c, uint64_t irp_id, const wudf_kv *req);
/* The INF a request names, parsed; NULL after an answer that says why it cannot be used. */
wudf_inf *wudf_tool_read_inf(wudf_conn *c, uint64_t irp_id, const char *op, const char *inf_path);
/* tool.c: saves the device store; -1 after an answer that says why it could not. */
int wudf_tool_save_store(wudf_conn *c, uint64_t irp_id);

/* ---- driver_store_tool.c: op=delete-driver (op=packages, the listing, is in tool_package.c) ---- */
void wudf_tool_delete_driver(wudf_conn *c, uint64_t irp_id, const wudf_kv *req);

/* ---- driver_store_update.c: op=update ---- */
void wudf_tool_update(wudf_conn *c, uint64_t irp_id, const wudf_kv *req);

/* ---- driver_store_job.c: a tool request answered once its devices have settled ---- */
typedef enum wudf_store_wait {
    WUDF_STORE_WAIT_STARTED, /* a new host's start ended (started, failed), or the device cannot start */
    WUDF_STORE_WAIT_REMOVED
} wudf_store_wait;
typedef struct wudf_store_job wudf_store_job;
/* Runs from the loop once every device is done; the job is freed after it. */
typedef void (*wudf_store_job_done)(wudf_store_job *job);
struct wudf_store_job {
    wudf_list link;
    wudf_conn *conn;              /* NULL once the tool has gone: the work is finished all the same */
    uint64_t irp_id;
    wudf_store_wait wait;
    wudf_store_job_done done;
    char package[256];            /* delete-driver: the package to delete; update: those left, comma-separated */
    char note[1200];              /* what was done before the wait; the reply starts with it */
    size_t count;
    struct wudf_store_job_device *devices;
    int started;                  /* every device was added and acted on */
    int finishing;                /* its timer runs the done callback next */
    int failed;                   /* a device did not start */
    int vetoed;                   /* a device's removal was vetoed: it was kept */
    int force;                    /* delete-driver --force */
    /* update: moves d onto the new package once its removal goes ahead (wudf_store_job_await) */
    void (*move)(wudf_store_job *job, wudf_devnode *d);
    wudf_inf *inf;                /* update: the INF it moves devices with, freed with the job */
    char *inf_path;
    char target[256];             /* update: the package the devices move onto */
    uv_timer_t timer;
};
wudf_store_job *wudf_store_job_new(wudf_conn *c, uint64_t irp_id, wudf_store_wait wait, wudf_store_job_done done);
/* Before acting on d; what: what is done to it, the start of its part of the reply. 0, or -1 out
 * of memory. */
int wudf_store_job_add(wudf_store_job *job, const wudf_devnode *d, const char *what);
/* What is done to d, said again once it is known. */
void wudf_store_job_what(wudf_store_job *job, const wudf_devnode *d, const char *what);
/* The instance id of the i-th device added. */
const char *wudf_store_job_device_id(const wudf_store_job *job, size_t i);
/* d is moved by job->move once its stop for the restart goes ahead (all asked agreed). */
void wudf_store_job_await(wudf_store_job *job, const wudf_devnode *d);
/* Whether d waits for that. */
int wudf_store_job_awaits(wudf_store_job *job, const wudf_devnode *d);
/* d is already where it will stay (disabled, not present): its outcome now. */
void wudf_store_job_settled(wudf_store_job *job, const wudf_devnode *d, const char *outcome);
/* Every device was added and acted on: the job finishes once they are done. */
void wudf_store_job_start(wudf_store_job *job);
/* The outcomes, "; "-separated, after the note. */
void wudf_store_job_message(const wudf_store_job *job, char *buf, size_t size);
/* Abandons a job nothing was done for yet. */
void wudf_store_job_free(wudf_store_job *job);
/* tool.c: d's state changed or it is going (d->removed); a tool connection closed. A vetoed removal
 * is told by wudf_driver_store_removal_vetoed (reflector.h), not by the state it leaves. */
void wudf_driver_store_devnode_changed(const wudf_devnode *d);
void wudf_driver_store_conn_gone(wudf_conn *c);
/* store.c (teardown): jobs still waiting. */
void wudf_driver_store_jobs_free(void);

#endif
