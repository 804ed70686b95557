/*
 * test_idl: the parameter and return types of every slot of the probe interfaces' vtables, as widl
 * wrote them from wudfddi.idl into the driver's generated header (acme.idl), compared at compile
 * time with wudfddi.h's, all but the interface pointer `This` that leads each slot. CINTERFACE: a
 * header generated from IDL writes the vtables for C only.
 */
#define CINTERFACE
#include <windows.h>

#include "acme.h"

#include <type_traits>

#include "umdf_lists.h"

template <typename F> struct idl_after_this;
template <typename R, typename T, typename... A> struct idl_after_this<R(STDMETHODCALLTYPE *)(T *, A...)> {
    typedef R type(A...);
};

#define SAME_TYPES(probe, itf, method)                                                             \
    static_assert(std::is_same<idl_after_this<decltype(probe##Vtbl::method)>::type,                 \
                               idl_after_this<decltype(itf##Vtbl::method)>::type>::value,           \
                  #itf "::" #method ": widl's parameter or return types (wudfddi.idl) differ from wudfddi.h's");

#define PROBE_DEVICE(itf, method) SAME_TYPES(IAcmeProbeDevice, itf, method)
#define PROBE_QUEUE(itf, method) SAME_TYPES(IAcmeProbeIoQueue, itf, method)
#define PROBE_REQUEST(itf, method) SAME_TYPES(IAcmeProbeIoRequest, itf, method)
#define PROBE_DRIVER(itf, method) SAME_TYPES(IAcmeProbeDriver, itf, method)
#define PROBE_ENTRY(itf, method) SAME_TYPES(IAcmeProbeDriverEntry, itf, method)
UMDF_SLOTS_IWDFDevice(PROBE_DEVICE)
UMDF_SLOTS_IWDFIoQueue(PROBE_QUEUE)
UMDF_SLOTS_IWDFIoRequest(PROBE_REQUEST)
UMDF_SLOTS_IWDFDriver(PROBE_DRIVER)
UMDF_SLOTS_IDriverEntry(PROBE_ENTRY)

/* The check itself can fail: a slot of another type is told apart. */
static_assert(!std::is_same<idl_after_this<decltype(IAcmeProbeDeviceVtbl::GetDriver)>::type,
                            idl_after_this<decltype(IWDFDeviceVtbl::GetDefaultIoQueue)>::type>::value,
              "idl_after_this tells GetDriver from GetDefaultIoQueue");
