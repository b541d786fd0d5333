#include "logging.h"
Q_LOGGING_CATEGORY(lcSimulator, "coupondesk.simulator", QtInfoMsg)
