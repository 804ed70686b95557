/*
 * test_idl: what one side declares of the UMDF interfaces, as tables that test_idl.cpp compares.
 * idl_facts_header is wudfddi.h's (test_idl_c.c), idl_facts_widl is what widl made of wudfddi.idl
 * (widl_facts.c); both are built by facts.inc from the same name lists (umdf_lists.h, lists.cmake).
 */
#ifndef WUDF_TEST_IDL_FACTS_H
#define WUDF_TEST_IDL_FACTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct idl_interface {
    const char *name;
    const GUID *iid;
    size_t slots; /* vtable entries, IUnknown's included */
};
struct idl_slot {
    const char *name; /* "IWDFDevice::CreateIoQueue" */
    size_t slot;
};
struct idl_enumerator {
    const char *name;
    long long value;
};
struct idl_size {
    const char *name;
    size_t size;
};
struct idl_facts {
    const struct idl_interface *interfaces;
    size_t n_interfaces;
    const struct idl_slot *slots;
    size_t n_slots;
    const struct idl_enumerator *enumerators;
    size_t n_enumerators;
    const struct idl_size *sizes;
    size_t n_sizes;
};

extern const struct idl_facts idl_facts_header;
extern const struct idl_facts idl_facts_widl;

/* test_idl_c.c: the C driver's checks through the vendor header; returns the number that failed. */
int idl_vendor_c_checks(void);

#ifdef __cplusplus
}
#endif

#endif
