/*
 * A minimal stand-in for the UMDF framework, for the drivers' unit tests: just enough IWDFDriver,
 * IWDFDeviceInitialize, IWDFDevice, IWDFIoQueue, IWDFIoRequest, IWDFFile, IWDFMemory and
 * IWDFNamedPropertyStore to run OnDeviceAdd and OnPrepareHardware and hand single requests to the queue
 * callbacks a driver registered. It dispatches the
 * way UMDF does (ioctls to the queue configured for them, else the default queue) but serializes
 * nothing and runs everything on the caller's thread. Objects count references and never free
 * themselves, so a test can check that the driver gave back every reference it was handed.
 * Shared by drivers/echo, drivers/faulty and drivers/cppsample (a C test driving a C++ module through
 * the C binding).
 */
#ifndef OPENWUDF_TEST_FAKE_FRAMEWORK_H
#define OPENWUDF_TEST_FAKE_FRAMEWORK_H

#define WUDF_NO_VERSION_DATA /* a test program, not a driver */
#define COBJMACROS
#include <wudfddi.h>

#include <uv.h>

/* A driver module loaded as the host loads it, with its two COM entry points. */
typedef HRESULT(STDAPICALLTYPE *fake_get_class_object_fn)(REFCLSID, REFIID, LPVOID *);
typedef HRESULT(STDAPICALLTYPE *fake_can_unload_now_fn)(void);
typedef struct fake_module {
    uv_lib_t lib;
    fake_get_class_object_fn get_class_object;
    fake_can_unload_now_fn can_unload_now;
} fake_module;

/* Loads bin/drivers/UMDF/<file_name>, found from the test program's own place in bin/. */
int fake_module_load(fake_module *m, const char *file_name);
/* cmocka group fixtures: load file_name into a module kept for the group's tests, and unload it. */
int fake_module_setup(void **state, const char *file_name);
int fake_module_teardown(void **state);

typedef struct fake_memory {
    IWDFMemory iface;
    LONG refs;
    unsigned char *data;
    SIZE_T size;
} fake_memory;

typedef struct fake_file {
    IWDFFile iface;
    LONG refs;
} fake_file;

typedef struct fake_request {
    IWDFIoRequest iface;
    LONG refs;
    WDF_REQUEST_TYPE type;
    fake_memory *in, *out; /* NULL when the length is 0, as the framework gives no memory then */
    fake_file *file;
    int completions;       /* more than 1 is a driver bug the tests catch */
    HRESULT status;
    ULONG_PTR information;
    IRequestCallbackCancel *cancel; /* set (referenced) while the request is cancelable */
    int cancel_started;
    uv_thread_t completed_on; /* the thread of the (last) completion */
} fake_request;

typedef struct fake_queue {
    IWDFIoQueue iface;
    LONG refs;
    struct fake_device *device;
    IUnknown *callback; /* referenced, as the framework holds a queue's callback object */
    BOOL is_default;
    WDF_IO_QUEUE_DISPATCH_TYPE dispatch;
} fake_queue;

#define FAKE_MAX_QUEUES 4

/* The device's property store: the settings given to the device (strings), read-only. */
typedef struct fake_property_store {
    IWDFNamedPropertyStore iface;
    LONG refs; /* the driver's references; 0 when it gave back every store it retrieved */
    const char *const *settings; /* name, value, name, value ..., NULL */
} fake_property_store;

typedef struct fake_device {
    IWDFDevice iface;
    LONG refs;
    IUnknown *callback; /* referenced */
    const char *instance_id;
    char symbolic_link[128]; /* UTF-16 name narrowed to ASCII */
    fake_queue queues[FAKE_MAX_QUEUES];
    int queue_count;
    fake_queue *ioctl_queue; /* from ConfigureRequestDispatching(WdfRequestDeviceIoControl) */
    fake_property_store store; /* what RetrieveDevicePropertyStore hands out */
} fake_device;

typedef struct fake_framework {
    IWDFDriver driver;
    IWDFDeviceInitialize init;
    LONG driver_refs, init_refs;
    WDF_CALLBACK_CONSTRAINT locking; /* WdfDeviceLevel unless the driver changes it */
    fake_device device;
    int device_created;
} fake_framework;

void fake_framework_init(fake_framework *fw, const char *instance_id);
/* The device's settings (name, value, ..., NULL; kept by reference), as the INF or wudfctl gave them. */
void fake_framework_set_settings(fake_framework *fw, const char *const *settings);
/* Releases the framework's references to the driver's callback objects (queues, then device). */
void fake_framework_release_callbacks(fake_framework *fw);

fake_file *fake_file_new(void);
void fake_file_free(fake_file *f);
fake_request *fake_request_new(WDF_REQUEST_TYPE type, fake_file *file, const void *in, SIZE_T in_size, SIZE_T out_size);
void fake_request_free(fake_request *r);

/* IPnpCallbackHardware::OnPrepareHardware / OnReleaseHardware of the device's callback object (S_OK
 * when it has none, as the framework goes on without). */
HRESULT fake_prepare_hardware(fake_framework *fw);
HRESULT fake_release_hardware(fake_framework *fw);

/* Dispatch to the driver's callbacks; each returns once the callback did. */
void fake_create(fake_framework *fw, fake_request *r);
void fake_read(fake_framework *fw, fake_request *r);
void fake_write(fake_framework *fw, fake_request *r);
void fake_ioctl(fake_framework *fw, fake_request *r, ULONG code);
/* The client cancels r: OnCancel if the request is cancelable (1 returned), else nothing (0). */
int fake_cancel(fake_request *r);
void fake_cleanup(fake_framework *fw, fake_file *f);
void fake_close(fake_framework *fw, fake_file *f);

#endif
