wudf_unit_test(test_wire test_wire.c)
wudf_unit_test(test_ring test_ring.c)
wudf_unit_test(test_status test_status.c)
