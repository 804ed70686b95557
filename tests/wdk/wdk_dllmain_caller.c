/* A C caller of test_wdk_cxx.cpp's DllMain: this links only if that C++ DllMain has C linkage, as
 * MSVC gives it and openwudf/wdk/wdk.h arranges for g++. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);
int wdk_call_dllmain_from_c(DWORD reason);

int wdk_call_dllmain_from_c(DWORD reason)
{
    return DllMain(NULL, reason, NULL);
}
