// Must compile: the control case for the layering tests; desk's API is what the GUI uses.
#include "desk/historyservice.h"
#include "desk/session.h"
#include "desk/versioninfo.h"
