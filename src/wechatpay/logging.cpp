#include "logging.h"
Q_LOGGING_CATEGORY(lcWechatpay, "coupondesk.wechatpay", QtInfoMsg)
