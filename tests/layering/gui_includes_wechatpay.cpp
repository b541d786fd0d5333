// Must not compile: the GUI sees desk and Qt, nothing below (test_layering_gui_wechatpay).
#include "wechatpay/crypto.h"
