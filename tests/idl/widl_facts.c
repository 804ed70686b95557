/*
 * test_idl: what widl made of inc/wudfddi.idl. wudfddi_widl.h is the header widl generates from it
 * (for this test only: drivers use wudfddi.h), read here alone since it declares the same names as
 * wudfddi.h; facts.inc turns it into the tables test_idl.cpp compares with wudfddi.h's.
 */
#ifdef _WIN32
#include <rpc.h>
#include <rpcndr.h>
#endif
#include <windows.h>
#include <ole2.h>
#include <unknwn.h>
/* The platform's types that wudfddi.idl restates for widl only: where wudfddi.h takes them from. */
#include <openwudf/wintypes.h>

#include "facts.h"

/* Everything the generated header includes is in (and guarded) by now: its IIDs get names of their
 * own, for wudfddi.h's IID_ symbols are linked into the same program. */
#undef DEFINE_GUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)                                  \
    __attribute__((unused)) static const GUID widl_##name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }

#include "wudfddi_widl.h"

#define IDL_FACTS idl_facts_widl
#define IDL_IID(itf) widl_IID_##itf
#include "facts.inc"
