/* The sample drivers' symbolic links, numbered after their instance ids (sample_link.h). */
#define COBJMACROS
#include "sample_link.h"

#include <stdio.h>
#include <stdlib.h>

/* The number that ends an instance id ("ROOT\ECHO\0012" -> 12); 0 when it ends otherwise. */
static unsigned long instance_number(const WCHAR *id, DWORD length)
{
    DWORD start = length;
    while (start > 0 && id[start - 1] >= '0' && id[start - 1] <= '9')
        start--;
    unsigned long n = 0;
    for (DWORD i = start; i < length && n < 100000000ul; i++)
        n = n * 10 + (unsigned long)(id[i] - '0');
    return n;
}

HRESULT wudf_sample_create_link(IWDFDevice *device, const char *prefix)
{
    DWORD count = 0;
    HRESULT hr = IWDFDevice_RetrieveDeviceInstanceId(device, NULL, &count);
    if (hr != HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) && FAILED(hr))
        return hr;
    WCHAR *id = calloc(count + 1, sizeof *id);
    if (!id)
        return E_OUTOFMEMORY;
    hr = IWDFDevice_RetrieveDeviceInstanceId(device, id, &count);
    unsigned long n = 0;
    if (SUCCEEDED(hr)) {
        DWORD length = 0;
        while (length < count && id[length])
            length++;
        n = instance_number(id, length);
    }
    free(id);
    if (FAILED(hr))
        return hr;
    char ascii[96];
    int w = snprintf(ascii, sizeof ascii, "\\DosDevices\\%s%lu", prefix, n);
    if (w < 0 || (size_t)w >= sizeof ascii)
        return E_INVALIDARG;
    WCHAR name[96];
    for (int i = 0; i <= w; i++)
        name[i] = (WCHAR)(unsigned char)ascii[i];
    return IWDFDevice_CreateSymbolicLink(device, name);
}
