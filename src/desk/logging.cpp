#include "logging.h"
Q_LOGGING_CATEGORY(lcDesk, "coupondesk.desk", QtInfoMsg)
