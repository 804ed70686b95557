/*++

Module Name:

    support.cpp

Abstract:

    Small helpers of the requests sample driver: the results its callbacks kept, the cleanup
    watch, completing with a result structure, COM identity. (Its driver callback object and COM
    support are in tests/wdk/common.)

--*/

#include "internal.h"

REQUESTS_HARDWARE_OUT g_Hardware;
REQUESTS_DEVICE_OUT g_Device;

HRESULT
CCleanupWatch::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IObjectCleanup))) {
        *Object = static_cast<IObjectCleanup *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

VOID
CCleanupWatch::OnCleanup(
    _In_ IWDFObject *FxObject
    )
{
    UNREFERENCED_PARAMETER(FxObject);
    InterlockedIncrement(&m_Cleaned);
}

//
// Completes a request with a result structure in its output buffer.
//
void
CompleteWith(
    _In_ IWDFIoRequest *FxRequest,
    _In_ HRESULT Hr,
    _In_reads_bytes_(Size) const void *Out,
    _In_ SIZE_T Size
    )
{
    IWDFMemory *memory = NULL;
    SIZE_T written = 0;
    if (SUCCEEDED(Hr)) {
        FxRequest->GetOutputMemory(&memory);
        if (memory == NULL || memory->GetSize() < Size) {
            Hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
    }
    if (SUCCEEDED(Hr)) {
        Hr = memory->CopyFromBuffer(0, const_cast<void *>(Out), Size);
        written = Size;
    }
    if (memory != NULL) {
        memory->Release();
    }
    FxRequest->CompleteWithInformation(Hr, SUCCEEDED(Hr) ? written : 0);
}

//
// COM identity: two interface pointers are the same object when their IUnknowns are.
//
BOOL
SameObject(
    _In_opt_ IUnknown *A,
    _In_opt_ IUnknown *B
    )
{
    IUnknown *a = NULL;
    IUnknown *b = NULL;
    if (A == NULL || B == NULL) {
        return FALSE;
    }
    A->QueryInterface(IID_PPV_ARGS(&a));
    B->QueryInterface(IID_PPV_ARGS(&b));
    BOOL same = a != NULL && a == b;
    if (a != NULL) {
        a->Release();
    }
    if (b != NULL) {
        b->Release();
    }
    return same;
}
