// CUnknown: the reference count every class of the C++ sample shares, and the count of live objects
// that DllCanUnloadNow looks at.
#include "cppsample.h"

std::atomic<long> CUnknown::s_cObjects{ 0 };

CUnknown::CUnknown() noexcept : m_cRefs(1)
{
    s_cObjects.fetch_add(1);
}

CUnknown::~CUnknown()
{
    s_cObjects.fetch_sub(1);
}

ULONG CUnknown::InternalAddRef() noexcept
{
    return m_cRefs.fetch_add(1) + 1;
}

ULONG CUnknown::InternalRelease() noexcept
{
    ULONG cRefs = m_cRefs.fetch_sub(1) - 1;
    if (cRefs == 0)
        delete this;
    return cRefs;
}

bool CUnknown::ObjectsAlive() noexcept
{
    return s_cObjects.load() != 0;
}
