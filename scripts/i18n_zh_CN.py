#!/usr/bin/env python3
"""Fills resources/translations/coupondesk_zh_CN.ts from the glossary below.

Run after `lupdate` (scripts/update-translations.sh does both). Strings the glossary does not know
stay "unfinished" and are listed, so a missing translation is seen, never silently English.
"""
import sys
import xml.etree.ElementTree as ET

ZH = {
# --- issue16 counter latency (the painted result panel)
"Copy the result": "复制结果",
# --- issue16 network (proxy)
"Cannot reach WeChat Pay through the proxy": "无法通过代理连接微信支付",
"%1. Ask the manager to check the proxy in Settings (Advanced); nothing was sent.": "%1。请店长在设置（高级）中检查代理；未发送任何请求。",
"The proxy did not connect to WeChat Pay": "代理未能连接微信支付",
"no PEM certificate could be read from %1": "无法从 %1 读取 PEM 证书",
"invalid proxy \"%1\"": "代理设置“%1”无效", "the system's proxy settings": "系统代理设置", "no proxy": "不使用代理",
"proxy %1:%2": "代理 %1:%2", "Network: %1": "网络：%1", "Proxy": "代理", "Proxy password": "代理密码",
"system (default), none, or http://host:port": "system（默认）、none 或 http://主机:端口",
"only if the proxy asks: the password, file:… or keychain:…": "仅当代理要求时填写：密码、file:… 或 keychain:…",
"Addresses, timeouts and proxy (change only when told to)": "地址、超时和代理（如无指示请勿修改）",
"write system, none or http://host:port (e.g. http://10.0.0.5:3128); the password goes in api/proxy_password": "请填写 system、none 或 http://主机:端口（例如 http://10.0.0.5:3128）；密码填在 api/proxy_password",
# --- issue15 counter (automatic stock, queued scans, already redeemed here, code patterns)
"Order amount (yuan)": "订单金额（元）", "Discount (yuan)": "优惠金额（元）",
"Automatic": "自动", "Add the shop's stocks in Settings first": "请先在设置中添加本店的批次",
"Processing %1…": "处理中：%1…", "Coupon %1 · %2": "券码 %1 · %2", "Request %1": "请求号 %1",
"Coupon %1 · confirmed later · request %2": "券码 %1 · 已补确认 · 请求号 %2", "Last: %1 — %2": "上一张：%1 — %2",
"Processing: %1": "处理中：%1", "Next: %1": "下一张：%1",
"Coupon code not found in this shop's stocks": "本店的批次中没有这个券码",
"Checked %n stock(s). Check the code; the coupon may be from another shop.": "已查询 %n 个批次。请核对券码；这张券可能不是本店的。",
"This counter redeemed it at %1 (%2) — no need to redeem again": "本柜台已于 %1 核销成功（%2），无需再核销",
"The coupon is already used for this customer; hand over the goods or discount.": "此券已为这位顾客核销过，请直接给予优惠或商品。",
"WeChat Pay answered: already used (request %1)": "微信支付答复：券已核销（原请求号 %1）",
"the code pattern of stock %1: %2": "批次 %1 的券码规则：%2", "write a regular expression after re:": "请在 re: 后写正则表达式",
"not a valid regular expression (%1)": "不是有效的正则表达式（%1）", "a code prefix cannot contain spaces": "券码前缀不能包含空格",
"succeeded": "成功", "failed": "失败", "not confirmed yet": "未确认", "%1 %2 · %3 (%4)": "%1 %2 · %3（%4）",
"%1: no record at this counter": "%1：本柜台没有此券的记录",
"%1 off": "减 %1", "%1 zhe (%2% off)": "%1折（优惠 %2%）", "exchange price %1": "兑换价 %1", "%1 (orders from %2)": "%1（满 %2 可用）",
"This order is %1, below the %2 this coupon needs": "本单 %1 未满 %2，不能使用此券",
"Collect %1 (order %2)": "应收 %1（订单 %2）", "Order amount": "订单金额", "Order &amount": "订单金额(&A)",
"optional, in yuan, e.g. 128.00 — checked against the coupon's minimum": "选填，单位元，例如 128.00 — 用于核对券的使用门槛",
"Check the order amount": "核对订单金额",
"Network failure: WeChat Pay could not be reached": "网络故障：无法连接微信支付", "No connection to WeChat Pay in time": "连接微信支付超时",
"WeChat Pay did not answer in time": "微信支付未及时应答", "The secure connection to WeChat Pay failed": "与微信支付的安全连接失败",
"%1 (nothing was sent)": "%1（未发送）", "Succeeded": "成功", "Failed": "失败",
"Result": "结果", "Counter": "收银台", "WeChat Pay time": "微信支付时间", "Request number": "请求号", "Cannot create %1": "无法创建 %1", "Cannot write %1": "无法写入 %1", "Export…": "导出…",
"WeChat Pay: %1": "微信支付：%1", "WeChat Pay unreachable since %1": "自 %1 起无法连接微信支付", "WeChat Pay answered at %1": "微信支付 %1 正常应答",
"WeChat Pay: no call yet": "微信支付：尚未调用", "Connecting to WeChat Pay…": "正在连接微信支付…", "clock off by %1 s": "时钟偏差 %1 秒",
"%n not confirmed": "%n 笔未确认", "About CouponDesk (F12)": "关于商家券核销台 (F12)",
"This coupon cannot be used yet": "此券还未到可用时间", "Ask the customer to come back when the coupon becomes valid.": "请顾客在券生效后再来使用。",
"It can be used from %1. Ask the customer to come back then.": "此券从 %1 起可用，请顾客届时再来。",
"Excel workbook (*.xlsx);;CSV for other programs (*.csv)": "Excel 工作簿 (*.xlsx);;CSV（供其他程序使用） (*.csv)", "code, any part…": "券码任意部分…", "Type the order amount in yuan, e.g. 128.00": "请按元填写订单金额，例如 128.00",
"The order amount \"%1\" is not an amount": "订单金额“%1”不是有效金额",
"Correct it (or empty the field) and scan again; nothing was sent.": "请改正（或清空）后重新扫码；没有发送任何请求。",
"The coupon cannot be used on this order; nothing was sent. Add to the order or keep the coupon for later.": "本单不能使用此券，没有发送任何请求。请凑单，或请顾客留券下次再用。",
"For WeChat Pay's live state, type the customer's openid and press F5 again.": "要查看微信支付中的实时状态，请填写顾客 openid 后再按 F5。",
# --- forms
"History": "记录", "From": "从", "to": "至", "staff id": "员工号", "coupon code starts with…": "券码开头…",
"Settle now": "立即核对", "Copy row": "复制此行", "Export CSV…": "导出 CSV…", "CouponDesk": "商家券核销台",
"DEMO — practice mode on the built-in simulator. No real coupons are touched.": "演示模式 — 使用内置模拟器练习，不会动到真实的券。",
"Manager PIN": "店长密码", "&Manager": "店长(&M)", "&PIN": "密码(&P)", "Redeem a coupon": "核销商家券",
"Coupon &code": "券码(&C)", "Scan or type code": "扫码或输入券码", "&Stock": "批次(&S)",
"Customer &openid": "顾客 openid(&O)", "optional — helps confirm an unclear result": "选填 — 结果未确认时程序可自动查询确认",
"Redeem (Enter)": "核销 (Enter)", "Check coupon (F5)": "查券 (F5)", "Demo coupons to try (double-click)": "演示券码（双击填入）",
"Settings": "设置", "Unlock with manager PIN…": "输入店长密码解锁…", "Merchant (from the WeChat Pay merchant platform)": "商户信息（来自微信支付商户平台）",
"Merchant id (商户号)": "商户号", "AppID": "AppID", "Private key (apiclient_key.pem)": "商户私钥 (apiclient_key.pem)",
"Browse…": "浏览…", "Certificate (apiclient_cert.pem)": "商户证书 (apiclient_cert.pem)", "Certificate serial": "证书序列号",
"Verifying WeChat Pay's answers": "微信支付应答验签", "Mode": "方式", "APIv3 key (32 characters)": "APIv3 密钥（32 位）",
"WeChat Pay public key (pub_key.pem)": "微信支付公钥 (pub_key.pem)", "Public key ID (PUB_KEY_ID_…)": "公钥 ID (PUB_KEY_ID_…)",
"API address": "接口地址", "This counter": "本收银台", "Counter id": "收银台编号", "Stocks (批次)": "批次", "stock id": "批次号",
"Add (name fetched from WeChat Pay)": "添加（名称从微信支付获取）", "Remove": "删除", "Staff": "员工", "Add staff": "添加员工",
"Set PIN…": "设置密码…", "Language": "语言", "Sound on success and failure": "成功和失败时发出提示音", "Test connection": "测试连接",
"Save": "保存", "Void or return a coupon (manager)": "作废或退券（店长）", "&Reason (void)": "作废原因(&R)",
"required, up to 64 characters, e.g. 活动配置错误": "必填，最多 64 个字，例如：活动配置错误", "Void coupon…": "作废此券…",
"Return coupon (after a refund)…": "退券（退款后）…", "Bulk void from a file…": "从文件批量作废…",
# --- desk::Messages
"Redeem": "核销", "Void": "作废", "Return": "退券", "Query": "查询", "Usable": "可使用", "Redeemed": "已核销", "Expired": "已过期",
"Voided": "已作废", "Deleted by the customer": "顾客已删除", "Coupon code": "券码", "Stock": "批次", "Customer openid": "顾客 openid",
"Reason": "原因", "Redeem time": "核销时间", "%1 is required": "请填写%1", "%1 is too long (at most %2 characters)": "%1太长（最多 %2 个字符）",
"%1 may only contain letters, digits, spaces and - _ \\ / = |": "%1只能包含字母、数字、空格和 - _ \\ / = |",
"%1 contains characters that are not allowed": "%1含有不允许的字符", "%1 must not contain emoji or rare characters": "%1不能包含表情符号或生僻字",
"%1 must not contain line breaks or tabs": "%1不能包含换行或制表符", "%1 is not in the right format": "%1格式不正确",
"Correct the field and try again; nothing was sent.": "请改正后重试；没有发送任何请求。", "Coupon redeemed": "核销成功",
"Coupon voided": "券已作废", "Coupon returned to the customer": "券已退回给顾客", "Done": "完成", "WeChat Pay time: %1": "微信支付时间：%1",
"Result not confirmed yet — checking with WeChat Pay…": "结果未确认 — 正在向微信支付核对…",
"The network timed out. Do not repeat the %1; the program confirms it by itself.": "网络超时。请勿重复%1，程序会自动核对。",
"WeChat Pay's answer could not be verified. Do not repeat the %1; the program confirms it by itself.": "微信支付应答验签失败。请勿重复%1，程序会自动核对。",
"Do not repeat the %1; the program confirms it by itself and updates this result.": "请勿重复%1，程序会自动核对并更新结果。",
"Check the input": "请检查输入", "The merchant key or certificate cannot be used": "商户私钥或证书无法使用",
"Ask the manager to check the key files in Settings.": "请店长在设置中检查密钥文件。", "Secure connection to WeChat Pay failed": "与微信支付的安全连接失败",
"Check the network and this computer's date and time; nothing was sent.": "请检查网络和电脑的日期时间；没有发送任何请求。",
"Cannot reach WeChat Pay": "无法连接微信支付", "Check the network cable or Wi-Fi and try again; nothing was sent.": "请检查网线或 Wi-Fi 后重试；没有发送任何请求。",
"Cancelled": "已取消", "WeChat Pay's answer could not be trusted": "微信支付的应答不可信", "Ask the manager to check the verification settings.": "请店长检查验签设置。",
"Coupon already redeemed — do not redeem it again": "券已核销，请勿重复核销", "The coupon has already been redeemed": "券已核销",
"Ask the customer for another coupon.": "请顾客换一张券。", "A redeemed coupon cannot be voided; use Return after a refund.": "已核销的券不能作废；退款后请用退券。",
"The coupon has expired": "券已过期", "The coupon has been voided": "券已失效（已作废）", "It can no longer be used.": "此券不能再使用。",
"The coupon has not been redeemed, so it cannot be returned": "券未核销，不能退券", "Only an unused coupon can be voided": "只有未使用的券可以作废",
"This coupon does not belong to this shop's merchant account": "此券不属于本店商户号，无权核销",
"Check the coupon and the stock; only the merchant that created the stock may use it.": "请核对券和批次；只有创建批次的商户才能核销。",
"Unknown stock": "批次不存在", "Coupon code not found": "券码不存在", "Check the coupon code and the stock, then try again.": "请核对券码和批次后重试。",
"Request number already used for another request": "请求单号已被其他请求使用", "Try again; a new request number is made each time.": "请重试；每次都会生成新的单号。",
"This computer's clock differs from WeChat Pay's by more than 5 minutes": "系统时间与微信支付相差超过5分钟",
"Correct the computer's date and time, then try again.": "请校准电脑时间后重试。", "WeChat Pay refused the signature": "微信支付拒绝了签名",
"Ask the manager to check the merchant id, certificate serial and private key (coupondesk-cli sign helps).": "请店长检查商户号、证书序列号和私钥（可用 coupondesk-cli sign 排查）。",
"WeChat Pay refused a field": "微信支付拒绝了某个参数", "WeChat Pay refused: %1": "微信支付拒绝：%1", "Too many requests right now": "请求过于频繁",
"Wait a few seconds and try again.": "请稍等几秒后重试。", "WeChat Pay is busy": "微信支付系统繁忙", "Try again in a moment.": "请稍后重试。",
"WeChat Pay refused the request": "微信支付拒绝了请求", "WeChat Pay code: %1": "微信支付错误码：%1",
# --- settings
"this certificate (serial %1) does not belong to the private key in %2; use the apiclient_cert.pem and apiclient_key.pem issued together": "此证书（序列号 %1）与 %2 中的私钥不匹配，请使用同时下载的 apiclient_cert.pem 和 apiclient_key.pem",
"differs from the certificate's serial %1; leave it empty to use the certificate's": "与证书序列号 %1 不一致；留空则自动读取证书的序列号",
"the APIv3 key must be exactly 32 characters (it has %1)": "APIv3 密钥必须正好 32 位（现在是 %1 位）",
"the system keychain is not available here; put the APIv3 key in a file and use file:<path>": "此电脑没有可用的系统钥匙串；请把 APIv3 密钥放在文件中并填写 file:<路径>",
"cannot read the secret file %1": "无法读取密钥文件 %1",
"WeChat Pay has no platform certificates for this merchant: switch verify/mode to public-key and give the WeChat Pay public key and its PUB_KEY_ID": "微信支付没有此商户的平台证书：请改用“微信支付公钥”方式，并填写公钥文件和 PUB_KEY_ID",
"settings file not found: %1": "找不到设置文件：%1", "the settings file cannot be read (bad format): %1": "设置文件格式错误，无法读取：%1",
"must be platform-cert or public-key (it is \"%1\")": "只能是 platform-cert 或 public-key（现在是“%1”）",
"timeouts must be positive, and the connect timeout not longer than the total": "超时必须为正数，且连接超时不能长于总超时",
"must be an https:// address (plain http only for 127.0.0.1 or localhost)": "必须是 https:// 地址（只有 127.0.0.1 或 localhost 可用 http）",
"must be an https:// address such as https://api.mch.weixin.qq.com (plain http only for 127.0.0.1 or localhost)": "必须是 https:// 地址，例如 https://api.mch.weixin.qq.com（只有 127.0.0.1 或 localhost 可用 http）",
"the merchant id (商户号) is missing": "缺少商户号", "the merchant id must be 8 to 12 digits": "商户号应为 8 到 12 位数字",
"the AppID bound to the merchant is missing": "缺少与商户绑定的 AppID", "the AppID must be up to 32 letters and digits, e.g. wx1234567890abcdef": "AppID 最多 32 位字母和数字，例如 wx1234567890abcdef",
"the certificate serial must be hexadecimal (or leave it empty and give cert_file)": "证书序列号必须是十六进制（或留空并提供证书文件）",
"the merchant private key file (apiclient_key.pem) is missing": "缺少商户私钥文件 (apiclient_key.pem)",
"give the merchant certificate file (apiclient_cert.pem) or its serial number": "请提供商户证书文件 (apiclient_cert.pem) 或证书序列号",
"public-key mode needs the WeChat Pay public key file (pub_key.pem)": "公钥方式需要微信支付公钥文件 (pub_key.pem)",
"public-key mode needs the public key ID, which starts with PUB_KEY_ID_": "公钥方式需要以 PUB_KEY_ID_ 开头的公钥 ID",
"platform-certificate mode needs the APIv3 key (32 characters) to decrypt the certificates": "平台证书方式需要 APIv3 密钥（32 位）来解密证书",
"the public key ID starts with PUB_KEY_ID_": "公钥 ID 以 PUB_KEY_ID_ 开头",
"the public key ID is PUB_KEY_ID_ followed by up to 64 letters and digits": "公钥 ID 为 PUB_KEY_ID_ 加最多 64 位字母或数字",
"the counter id must be 1 to 8 letters or digits, e.g. 01": "收银台编号为 1 到 8 位字母或数字，例如 01",
"\"%1\" is not a stock id (up to 20 letters and digits)": "“%1”不是批次号（最多 20 位字母和数字）", "every staff member needs a unique id": "每位员工需要唯一的员工号",
"manager %1 has no PIN": "店长 %1 还没有设置密码", "must be zh_CN or en": "只能是 zh_CN 或 en", "cannot write the settings file %1": "无法写入设置文件 %1",
# --- desk::Desk
"A manager must confirm with the PIN": "需要店长输入密码确认", "Voiding and returning coupons need a manager's PIN.": "作废和退券需要店长密码。",
"This coupon is already being processed": "此券正在处理中", "Wait for its result; it was not sent again.": "请等待结果；没有重复发送。",
"An earlier operation on this coupon is not confirmed yet": "此券之前的操作结果尚未确认", "It is being confirmed now; try again when it is settled. Nothing was sent.": "正在核对中，确认后再试。没有发送新的请求。",
"The history file cannot be written, so nothing was sent": "无法写入记录文件，因此没有发送请求", "WeChat Pay's answer could not be read": "无法读取微信支付的应答",
"WeChat Pay refused a repeat of an unconfirmed request (%1); without the customer's openid the program cannot tell whether the first one went through. Check the coupon in the WeChat Pay merchant platform.": "微信支付拒绝了未确认请求的重发（%1）；没有顾客 openid，程序无法判断第一次是否成功。请在微信支付商户平台核对此券。",
"WeChat Pay shows the coupon unchanged; the request will be sent again": "微信支付显示券状态未变；将再次发送请求",
"Already redeemed by another request (%1)": "券已被其他请求核销（%1）", "Already voided by another request": "券已被其他请求作废",
"WeChat Pay reports the coupon as %1; check it in the merchant platform": "微信支付显示券状态为 %1；请在商户平台核对",
"Recorded as not confirmed. The program keeps checking by itself; do not repeat it. A manager can settle it from History.": "已记录为“未确认”。程序会继续自动核对，请勿重复操作。店长可在“记录”中立即核对。",
"No such history row": "没有这条记录", "This row is being confirmed right now": "这条记录正在核对中", "Already settled": "已确认",
"Every operation is confirmed": "所有操作均已确认", "%n operation(s) still not confirmed": "还有 %n 笔操作未确认",
# --- history page / model
"All operations": "全部操作", "All states": "全部状态", "%n row(s)": "%n 条", "Operation": "操作", "State": "状态",
"Request number": "请求单号", "Request-ID": "Request-ID", "WeChat time": "微信时间", "Staff / counter": "员工 / 收银台", "Attempts": "发送次数",
"WeChat code / message": "微信错误码 / 信息", "Settled by": "确认方式", "Export history": "导出记录", "CSV (*.csv)": "CSV 文件 (*.csv)",
"Cannot write %1: %2": "无法写入 %1：%2", "%n row(s) written to %1": "已导出 %n 条到 %1", "Sending": "发送中", "Not confirmed": "未确认",
"Refused": "被拒绝", "Time": "时间", "Message": "信息",
# --- main window
"Redeem  F1": "核销  F1", "Void / Return  F2": "作废/退券  F2", "History  F3": "记录  F3", "Settings  F4": "设置  F4",
"CouponDesk — DEMO": "商家券核销台 — 演示", "DEMO — practice mode on the built-in simulator; no real coupons are touched. Manager PIN: %1": "演示模式 — 使用内置模拟器练习，不会动到真实的券。店长密码：%1",
"DEMO": "演示", "LIVE": "正式", "NOT CONFIGURED": "未配置", "Merchant %1 · Counter %2 · On duty:": "商户号 %1 · 收银台 %2 · 当班：",
"Not configured: fill in Settings, or start with --demo": "尚未配置：请填写设置，或用 --demo 启动演示", "● WeChat Pay: %1": "● 微信支付：%1",
"● WeChat Pay connected": "● 已连接微信支付", "○ connecting…": "○ 正在连接…", "Clock %1%2 s": "时钟偏差 %1%2 秒",
"%n operation(s) not confirmed yet — the program keeps checking; see History.": "有 %n 笔操作结果未确认 — 程序正在自动核对，详见“记录”。",
# --- PIN dialog
"No manager is set up. Add one in Settings.": "还没有设置店长，请在设置中添加。", "Wrong PIN. %n attempt(s) left before a 5-minute lockout.": "密码错误。再错 %n 次将锁定 5 分钟。",
"Too many wrong PINs: locked for %1 more minute(s).": "密码错误次数过多：还需等待 %1 分钟。", "This manager has no PIN yet; set one in Settings.": "该店长还没有密码，请在设置中设置。",
"Unknown manager.": "未知的店长。",
# --- redeem page
"Coupon %1 · request %2": "券码 %1 · 请求单号 %2", "Add a stock in Settings first": "请先在设置中添加批次", "Checking a coupon needs the customer's openid": "查券需要顾客的 openid",
"Coupon %1": "券码 %1", "Ready — scan a coupon": "请扫码核销", "%1: %2": "%1：%2", "%1 · valid %2 to %3": "%1 · 有效期 %2 至 %3",
# --- settings page
"Id": "编号", "Name": "姓名", "Role": "角色", "PEM files (*.pem *.crt);;All files (*)": "PEM 文件 (*.pem *.crt);;所有文件 (*)",
"Merchant private key": "商户私钥", "Merchant certificate": "商户证书", "WeChat Pay public key": "微信支付公钥", "Cashier": "收银员", "Manager": "店长",
"Set PIN": "设置密码", "New PIN (4 to 12 digits):": "新密码（4 到 12 位数字）：", "a PIN is 4 to 12 digits": "密码为 4 到 12 位数字",
"Settings can be changed by a manager only.": "只有店长可以修改设置。", "Platform certificates (APIv3 key)": "平台证书（APIv3 密钥）",
"WeChat Pay public key (PUB_KEY_ID)": "微信支付公钥 (PUB_KEY_ID)", "System language": "跟随系统", "(read from the certificate)": "（从证书读取）",
"valid until %1": "有效期至 %1", "Not saved — please fix:": "未保存 — 请改正：", "Saved to %1.": "已保存到 %1。", "Testing…": "正在测试…",
"Verification setup failed: %1": "验签准备失败：%1", "Verification keys ready. Add a stock to test a signed call.": "验签密钥已就绪。添加批次后可测试签名调用。",
"clock difference %1 s": "时钟偏差 %1 秒", "clock difference unknown": "时钟偏差未知", "Signing OK · answer verified · %1 · stock \"%2\" found": "签名正常 · 应答验签通过 · %1 · 找到批次“%2”",
# --- void page
"Voiding and returning need a manager's PIN each time. Every action is recorded with the manager's name.": "每次作废和退券都需要店长密码，并会记录店长姓名。",
"Void coupon %1 of %2?\nReason: %3\nThe customer will no longer be able to use it. This cannot be undone.": "作废“%2”的券 %1？\n原因：%3\n作废后顾客将无法使用，且不能撤销。",
"Return coupon %1 of %2 to the customer?\nIt becomes usable again until its original expiry.": "把“%2”的券 %1 退还给顾客？\n退券后可在原有效期内再次使用。",
"Void coupon": "作废券", "Return coupon": "退券", "Confirmed by %1.": "确认人：%1。",
# --- main
"Welcome to CouponDesk": "欢迎使用商家券核销台",
"CouponDesk is not configured yet.\n\nTry it first in demo mode on the built-in simulator, or enter your merchant's details now?": "商家券核销台还没有配置。\n\n先用内置模拟器体验演示模式，还是现在填写商户信息？",
"Try the demo": "体验演示", "Configure": "去配置", "Settings saved": "设置已保存", "Restart CouponDesk to use the new settings.": "请重新启动商家券核销台以使用新设置。",
"Settings need attention": "设置需要检查", "Settings saved and in use.": "设置已保存并生效。",
# --- desk::BulkVoid, desk::BulkVoidJob (bulk void)
'text after a closing quote; put the whole field in quotes and double any quote inside it': '右引号后还有内容；请把整个字段放在引号内，字段内的引号写两次',
'a double quote inside an unquoted field; put the field in quotes and double the quote': '未加引号的字段中有双引号；请给字段加上引号，并把其中的引号写两次',
'Line %1: a quoted field is never closed (a " is missing).': '第 %1 行：引号没有闭合（缺少一个 "）。',
'(found "%1")': '（发现 "%1"）',
'The file is empty.': '文件是空的。',
'The file is too large (%1 MB; at most %2 MB). Split it into smaller files.': '文件太大（%1 MB，最多 %2 MB）。请拆分成较小的文件。',
'The file is UTF-16 text. Save it as UTF-8 (in Excel: "CSV UTF-8").': '文件是 UTF-16 编码。请另存为 UTF-8（Excel 中选择“CSV UTF-8”）。',
'This is not a text file (it contains NUL bytes). Save the list as CSV UTF-8.': '这不是文本文件（含有 NUL 字节）。请将清单另存为 CSV UTF-8。',
'The file is not UTF-8 text (line %1 is not). It may be GBK/ANSI from Excel: save it as "CSV UTF-8" and try again.': '文件不是 UTF-8 编码（第 %1 行不是）。可能是 Excel 保存的 GBK/ANSI 编码：请另存为“CSV UTF-8”后重试。',
'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.': '文件不是 UTF-8 编码。请另存为“CSV UTF-8”后重试。',
'Unknown column "%1" in the header. The columns are coupon_code, stock_id and optionally reason and openid.': '表头中有未知的列“%1”。列名应为 coupon_code、stock_id，可选 reason 和 openid。',
'The column "%1" appears twice in the header.': '表头中的列“%1”出现了两次。',
'The header has no stock_id column. Add one, or give the stock for the whole file.': '表头没有 stock_id 列。请添加该列，或为整个文件指定批次。',
'The first line must be the header coupon_code,stock_id (optionally ,reason and ,openid); it is "%1".': '第一行必须是表头 coupon_code,stock_id（可选 ,reason 和 ,openid）；现在是“%1”。',
'There is no header line. For a plain list of codes (one per line), give the stock; otherwise start the file with the header coupon_code,stock_id.': '没有表头行。如果是纯券码清单（每行一个），请指定批次；否则请在文件第一行写表头 coupon_code,stock_id。',
'The file has a header but no coupons.': '文件只有表头，没有券。',
'The file has %1 rows; at most %2 can be voided in one job. Split it into smaller files.': '文件有 %1 行；一次最多作废 %2 张。请拆分成较小的文件。',
'Line is not valid CSV: %1': '此行不是有效的 CSV：%1',
'%1 fields, but the header has %2 (a comma inside a value must be in quotes)': '有 %1 个字段，但表头只有 %2 个（值中的逗号必须放在引号内）',
'(give a default reason or fill the reason column)': '（请填写默认原因，或填写 reason 列）',
'The bulk job file cannot be read: %1': '无法读取批量作业文件：%1',
'The bulk job file was written by another version of the program.': '批量作业文件由其他版本的程序写入。',
'The bulk job file has an invalid row (line %1).': '批量作业文件中有无效的行（第 %1 行）。',
'The bulk job file is incomplete.': '批量作业文件不完整。',
'Cannot create the folder %1 for bulk jobs.': '无法创建批量作业文件夹 %1。',
'Cannot write the bulk job file %1: %2': '无法写入批量作业文件 %1：%2',
'Cannot read the bulk job file %1: %2': '无法读取批量作业文件 %1：%2',
'No row of the file can be voided.': '文件中没有可以作废的行。',
'%n row(s) have errors; nothing was sent. Correct them or exclude them.': '%n 行有错误；没有发送任何请求。请改正或排除这些行。',
"Voiding coupons needs a manager's PIN.": '作废券需要店长密码。',
'The bulk job file %1 belongs to another job.': '批量作业文件 %1 属于另一个作业。',
'This bulk job is already running (process %1 on %2); wait for it to finish.': '此批量作业正在运行（%2 上的进程 %1）；请等待其完成。',
'Cannot lock the bulk job file %1.': '无法锁定批量作业文件 %1。',
'Cannot write the report: %1': '无法写入报告：%1',
'Same coupon as line %1': '与第 %1 行是同一张券',
'Already voided (verified: deactivated by request %1)': '已作废（已查询确认：由请求 %1 作废）',
'Already voided (not verified: no openid)': '已作废（未确认：没有 openid）',
'Another operation on this coupon is not confirmed yet; run the job again later.': '此券的另一项操作尚未确认；请稍后重新运行此作业。',
'Could not be sent (%1); running the job again sends it.': '未能发送（%1）；重新运行此作业会再次发送。',
'WeChat Pay refused the void as already voided, but the coupon shows as %1': '微信支付以“已作废”拒绝，但查询显示此券为%1',
'Already voided (not verified: %1)': '已作废（未确认：%1）',
'Already voided (not verified: the job was cancelled)': '已作废（未确认：作业已取消）',
'Not started: the job was cancelled; running it again continues here.': '未开始：作业已取消；重新运行会从这里继续。',
# --- About box (app/coupondesk)
"About CouponDesk": "关于商家券核销台",
"<h3>CouponDesk %1</h3><p>Redeem, void and track WeChat Pay merchant coupons at the counter.</p><p>MIT License · Qt %2 · %3</p><p>Keys: F1 Redeem · F2 Void/Return · F3 History · F4 Settings · F5 Check coupon · F12 About</p>": "<h3>商家券核销台 %1</h3><p>在收银台核销、作废和查询微信支付商家券。</p><p>MIT 许可证 · Qt %2 · %3</p><p>快捷键：F1 核销 · F2 作废/退券 · F3 记录 · F4 设置 · F5 查券 · F12 关于</p>",
# --- settle by hand
"Settle by hand…": "人工确认…", "Settle by hand": "人工确认", "Only a manager can settle a row by hand.": "只有店长可以人工确认记录。",
"Write down how it was checked (e.g. \"merchant platform shows USED at 10:32\").": "请写明如何核对的（例如：“商户平台显示 10:32 已核销”）。",
"Settled by hand by %1: %2": "由 %1 人工确认：%2",
"Close row %1 (%2, coupon %3) by hand? First check the coupon in the WeChat Pay merchant platform.": "人工确认记录 %1（%2，券码 %3）？请先在微信支付商户平台核对此券。",
"It went through": "已成功", "It did not go through": "未成功", "How was it checked?": "如何核对的？",
# --- keychain
"cannot read \"%1\" from the system keychain (%2); store the APIv3 key again in Settings, or use file:<path>": "无法从系统钥匙串读取“%1”（%2）；请在设置中重新保存 APIv3 密钥，或改用 file:<路径>",
"cannot store the secret in the system keychain (%1)": "无法把密钥保存到系统钥匙串（%1）",
# --- bulk void dialog
"Bulk void": "批量作废",
"Void every coupon listed in a file: a CSV with the header coupon_code,stock_id (optionally reason and openid), or a plain list of codes of one stock. Nothing is sent until you press Start; a stopped job continues where it left off when the same file is started again.": "作废文件中列出的每一张券：带表头 coupon_code,stock_id（可选 reason 和 openid）的 CSV，或同一批次的券码清单（每行一个）。按“开始”之前不会发送任何请求；中途停止的任务，再次用同一文件开始时会从停下的地方继续。",
"File": "文件", "(none chosen)": "（未选择）", "Choose file…": "选择文件…", "Stock (for a plain list of codes)": "批次（券码清单时使用）",
"Reason (rows without their own)": "原因（用于没有填写原因的行）", "Speed": "速度", " at once": " 个同时", " per second": " 个/秒",
"Skip the rows with errors": "跳过有错误的行", "Start": "开始", "Pause": "暂停", "Stop": "停止", "Save report…": "保存报告…", "Close": "关闭",
"(from the file)": "（使用文件中的批次）", "Line": "行", "Check / result": "检查 / 结果", "Coupons to void": "要作废的券",
"CSV or text (*.csv *.txt);;All files (*)": "CSV 或文本 (*.csv *.txt);;所有文件 (*)", "Stop bulk void": "停止批量作废",
"Stop after the coupons already on their way? Starting the same file again later continues from here.": "处理完正在发送的券后停止？以后再次用同一文件开始会从这里继续。",
"Cannot read %1: %2": "无法读取 %1：%2", "ready": "待作废", "duplicate of line %1 (skipped)": "与第 %1 行重复（跳过）",
"%1 rows: %2 to void, %3 with errors, %4 duplicates.": "共 %1 行：%2 行待作废，%3 行有错误，%4 行重复。",
"Correct the file, or tick \"Skip the rows with errors\".": "请改正文件，或勾选“跳过有错误的行”。", "Resume": "继续",
"Void %1 coupons now? This cannot be undone.": "现在作废 %1 张券？此操作不能撤销。",
"Continuing the job started %1 for this file.": "继续此文件于 %1 开始的任务。",
"Voided %1 · failed %2 · remaining %3 · %4 per second": "已作废 %1 · 失败 %2 · 剩余 %3 · 每秒 %4 张",
"Finished: voided %1, already voided %2, failed %3, not confirmed %4, skipped %5.": "完成：作废 %1，早已作废 %2，失败 %3，未确认 %4，跳过 %5。",
"Save report": "保存报告", "Bulk void needs a manager's PIN.": "批量作废需要店长密码。",
# --- issue15 settings
"Void %1 coupons now (%2 already handled)? This cannot be undone.": "现在作废 %1 张券（%2 张已处理）？此操作不能撤销。",
"%1 of %2 coupons already handled: nothing to send. Show their results?": "%2 张中 %1 张已处理，无需再发送。查看结果？",
"Private key loaded.": "私钥可以读取。", "WeChat Pay public key loaded.": "微信支付公钥可以读取。",
"Does not belong to this private key: use the apiclient_cert.pem issued with it.": "与这个私钥不配套：请使用与它一起下载的 apiclient_cert.pem。",
"Expired or not yet valid (valid until %1).": "证书已过期或尚未生效（有效期至 %1）。",
"Matches the private key, valid until %1.": "与私钥配套，有效期至 %1。", "Certificate loaded, valid until %1.": "证书可以读取，有效期至 %1。",
"Advanced": "高级", "Addresses and timeouts (change only when told to)": "地址和超时（无特别说明请勿修改）",
"%1 goes on duty with their PIN.": "%1 上岗需要输入本人密码。",
"PIN": "密码", "&Staff": "员工(&S)", "First manager": "设置第一位店长",
"Before the settings can be changed, set up the shop's first manager. Only a manager with this PIN can change settings, void coupons and return them.": "修改设置之前，请先设置本店第一位店长。只有店长凭此密码才能修改设置、作废券和退券。",
"&Id": "编号(&I)", "&Name": "姓名(&N)", "&PIN (4 to 12 digits)": "密码（4 到 12 位数字）(&P)", "PIN &again": "再输一次密码(&A)",
"Type an id, e.g. m01.": "请填写编号，例如 m01。", "Type the name shown to staff.": "请填写显示给员工看的姓名。",
"A PIN is 4 to 12 digits.": "密码为 4 到 12 位数字。", "The two PINs differ. Type the same PIN twice.": "两次输入的密码不一致，请输入相同的密码两次。",
"Set up the first manager…": "设置第一位店长…", "Manager %1 is set up. Fill in the settings and press Save.": "店长 %1 已设置。请填写各项设置后按“保存”。",
"Backup address": "备用地址", "(none)": "（无）", "Connect timeout": "连接超时", "Answer timeout": "应答超时", " ms": " 毫秒",
}

def main(path):
    tree = ET.parse(path)
    missing = []
    for ctx in tree.getroot().findall("context"):
        for m in ctx.findall("message"):
            src = m.find("source").text or ""
            t = m.find("translation")
            zh = ZH.get(src)
            if zh is None:
                if not (t.text or "").strip() and not t.findall("numerusform"):
                    missing.append(src)
                continue
            if m.get("numerus") == "yes":
                for n in t.findall("numerusform"):
                    t.remove(n)
                t.text = None
                nf = ET.SubElement(t, "numerusform")
                nf.text = zh
            else:
                t.text = zh
            t.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for s in missing:
        print("untranslated:", s.replace("\n", "\\n"))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "resources/translations/coupondesk_zh_CN.ts"))
