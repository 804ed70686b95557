// Must NOT build (test_wdk_super_to_pure_virtual_fails_to_link): the first base only declares Value
// (an interface listed first), so __super::Value names a function that has no definition. MSVC would
// have looked in Implementation too; here the link fails instead of the call going astray.
#include <windows.h>

struct Interface {
    virtual ~Interface() {}
    virtual int Value() = 0;
};

struct Implementation {
    virtual ~Implementation() {}
    virtual int Value() { return 1; }
};

struct Both : Interface, Implementation {
    int Value() override { return __super::Value(); }
};

int UseBoth()
{
    Both b;
    Interface &i = b;
    return i.Value();
}
