wudf_unit_test(test_wire test_wire.c)
