// Must not compile: the GUI never sees the simulator (test_layering_gui_simulator).
#include "simulator/simulator.h"
