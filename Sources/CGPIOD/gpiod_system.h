// libgpiod's own header (v1 1.6.x on Debian 12, v2 2.x on Debian 13), found through pkg-config.
// Swift never calls it directly: GPIODShim wraps both versions behind one small API.
#include <gpiod.h>
