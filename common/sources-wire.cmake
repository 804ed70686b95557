list(APPEND WUDF_COMMON_SOURCES wire.c wire_kv.c wire_frame.c)
