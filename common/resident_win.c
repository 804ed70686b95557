/*
 * An idle host's resident memory (Windows): nothing to trim; the working set is the system's to
 * manage, and the DESIGN.md figure is measured on Linux.
 */
#include "platform.h"

void wudf_host_trim_resident(void)
{
}
