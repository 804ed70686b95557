/* test_idl where no widl was found: CTest's skip code (SKIP_RETURN_CODE 77). */
#include <stdio.h>

int main(void)
{
    puts("test_idl: skipped: no widl (Debian 12: apt-get install wine64-tools, or -DOPENWUDF_WIDL=<path>)");
    return 77;
}
