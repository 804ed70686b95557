/*
 * UMDF 1.11 work items (wudfworkitem.h): the configuration a driver passes to
 * IWDFDevice3::CreateWorkItem and the OnWorkItem callback it names, with the
 * names, layout and initializer of Microsoft's header. IWDFWorkItem itself is
 * in wudfddi.h.
 */
#ifndef OPENWUDF_WUDFWORKITEM_H
#define OPENWUDF_WUDFWORKITEM_H

#include <wudfddi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A driver's OnWorkItem: runs on a framework thread, once per Enqueue that queued the item. */
typedef VOID WUDF_WORKITEM_FUNCTION(IWDFWorkItem *pWorkItem);
typedef WUDF_WORKITEM_FUNCTION *PFN_WUDF_WORKITEM;

/* Size is sizeof(WUDF_WORKITEM_CONFIG). AutomaticSerialization: the callback holds the device's
 * callback lock (SetLockingConstraint(WdfDeviceLevel)) while it runs; no effect without it. */
struct _WUDF_WORKITEM_CONFIG {
    ULONG Size;
    PFN_WUDF_WORKITEM OnWorkItemFunc;
    BOOLEAN AutomaticSerialization;
};

/* As in the WDK: the callback, and AutomaticSerialization TRUE. */
static inline VOID WUDF_WORKITEM_CONFIG_INIT(PWUDF_WORKITEM_CONFIG Config, PFN_WUDF_WORKITEM OnWorkItemFunc)
{
    Config->Size = sizeof(WUDF_WORKITEM_CONFIG);
    Config->OnWorkItemFunc = OnWorkItemFunc;
    Config->AutomaticSerialization = TRUE;
}

#ifdef __cplusplus
}
#endif

#endif
