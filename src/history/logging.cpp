#include "logging.h"
Q_LOGGING_CATEGORY(lcHistory, "coupondesk.history", QtInfoMsg)
