// Must NOT build (test_wdk_super_without_base_fails_to_compile): __super in a class with no base.
#include <windows.h>

struct Alone {
    int Value() { return __super::Value(); }
};

int UseAlone()
{
    return Alone().Value();
}
