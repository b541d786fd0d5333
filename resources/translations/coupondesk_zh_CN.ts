<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BulkVoidDialog</name>
    <message>
        <source>Bulk void</source>
        <translation>批量作废</translation>
    </message>
    <message>
        <source>Void every coupon listed in a file: a CSV with the header coupon_code,stock_id (optionally reason and openid), or a plain list of codes of one stock. Nothing is sent until you press Start; a stopped job continues where it left off when the same file is started again.</source>
        <translation>作废文件中列出的每一张券：带表头 coupon_code,stock_id（可选 reason 和 openid）的 CSV，或同一批次的券码清单（每行一个）。按“开始”之前不会发送任何请求；中途停止的任务，再次用同一文件开始时会从停下的地方继续。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>(none chosen)</source>
        <translation>（未选择）</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Stock (for a plain list of codes)</source>
        <translation>批次（券码清单时使用）</translation>
    </message>
    <message>
        <source>Reason (rows without their own)</source>
        <translation>原因（用于没有填写原因的行）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source> at once</source>
        <translation> 个同时</translation>
    </message>
    <message>
        <source> per second</source>
        <translation> 个/秒</translation>
    </message>
    <message>
        <source>Skip the rows with errors</source>
        <translation>跳过有错误的行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FirstManagerDialog</name>
    <message>
        <source>First manager</source>
        <translation>设置第一位店长</translation>
    </message>
    <message>
        <source>Before the settings can be changed, set up the shop's first manager. Only a manager with this PIN can change settings, void coupons and return them.</source>
        <translation>修改设置之前，请先设置本店第一位店长。只有店长凭此密码才能修改设置、作废券和退券。</translation>
    </message>
    <message>
        <source>&amp;Id</source>
        <translation>编号(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;PIN (4 to 12 digits)</source>
        <translation>密码（4 到 12 位数字）(&amp;P)</translation>
    </message>
    <message>
        <source>PIN &amp;again</source>
        <translation>再输一次密码(&amp;A)</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Shift handover</source>
        <translation>交班单</translation>
    </message>
    <message>
        <source>&amp;Past handovers</source>
        <translation>历史交班单(&amp;P)</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Value at the till</source>
        <translation>收银台抵扣金额</translation>
    </message>
    <message>
        <source>P&amp;aper</source>
        <translation>纸张(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>存为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>History</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>staff id</source>
        <translation>员工号</translation>
    </message>
    <message>
        <source>Settle now</source>
        <translation>立即核对</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>复制此行</translation>
    </message>
    <message>
        <source>Settle by hand…</source>
        <translation>人工确认…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>code, any part…</source>
        <translation>券码任意部分…</translation>
    </message>
    <message>
        <source>Whose history: this counter's own journal, this shop's or the whole chain's rows in the chain database</source>
        <translation>查看谁的记录：本柜台自己的记录，或连锁库中本店、全连锁的记录</translation>
    </message>
    <message>
        <source>Rows of this counter not yet sent to the chain database are not listed here; choose Only this counter to see them.</source>
        <translation>本柜台尚未上传到连锁库的记录不在此列出；请选择“本柜台”查看。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CouponDesk</source>
        <translation>商家券核销台</translation>
    </message>
    <message>
        <source>DEMO — practice mode on the built-in simulator. No real coupons are touched.</source>
        <translation>演示模式 — 使用内置模拟器练习，不会动到真实的券。</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Manager PIN</source>
        <translation>店长密码</translation>
    </message>
    <message>
        <source>&amp;Manager</source>
        <translation>店长(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>密码(&amp;P)</translation>
    </message>
</context>
<context>
    <name>RedeemPage</name>
    <message>
        <source>Redeem a coupon</source>
        <translation>核销商家券</translation>
    </message>
    <message>
        <source>Coupon &amp;code</source>
        <translation>券码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stock</source>
        <translation>批次(&amp;S)</translation>
    </message>
    <message>
        <source>Customer &amp;openid</source>
        <translation>顾客 openid(&amp;O)</translation>
    </message>
    <message>
        <source>Redeem (Enter)</source>
        <translation>核销 (Enter)</translation>
    </message>
    <message>
        <source>Check coupon (F5)</source>
        <translation>查券 (F5)</translation>
    </message>
    <message>
        <source>Demo coupons to try (double-click)</source>
        <translation>演示券码（双击填入）</translation>
    </message>
    <message>
        <source>Order &amp;amount</source>
        <translation>订单金额(&amp;A)</translation>
    </message>
    <message>
        <source>optional, in yuan, e.g. 128.00 — checked against the coupon's minimum</source>
        <translation>选填，单位元，例如 128.00 — 用于核对券的使用门槛</translation>
    </message>
    <message>
        <source>Check the order amount</source>
        <translation>核对订单金额</translation>
    </message>
    <message>
        <source>Scan or type code</source>
        <translation>扫码或输入券码</translation>
    </message>
    <message>
        <source>optional — helps confirm an unclear result</source>
        <translation>选填 — 结果未确认时程序可自动查询确认</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>First day of a date range</source>
        <translation>日期范围的第一天</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Last day of a date range (included)</source>
        <translation>日期范围的最后一天（含当天）</translation>
    </message>
    <message>
        <source>Whose operations: this counter's own journal, or this shop's, one shop's or the whole chain's rows in the chain database</source>
        <translation>统计谁的操作：本柜台自己的记录，或连锁库中本店、指定门店或全连锁的记录</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Not settled yet</source>
        <translation>尚未确认结果</translation>
    </message>
    <message>
        <source>Settle now</source>
        <translation>立即核对</translation>
    </message>
    <message>
        <source>Ask WeChat Pay how each of this counter's unsettled operations ended</source>
        <translation>向微信支付查询本柜台每笔未确认操作的结果</translation>
    </message>
    <message>
        <source>Excel…</source>
        <translation>Excel…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>图表存为 PNG…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Unlock with manager PIN…</source>
        <translation>输入店长密码解锁…</translation>
    </message>
    <message>
        <source>Merchant (from the WeChat Pay merchant platform)</source>
        <translation>商户信息（来自微信支付商户平台）</translation>
    </message>
    <message>
        <source>Merchant id (商户号)</source>
        <translation>商户号</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>Private key (apiclient_key.pem)</source>
        <translation>商户私钥 (apiclient_key.pem)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Certificate (apiclient_cert.pem)</source>
        <translation>商户证书 (apiclient_cert.pem)</translation>
    </message>
    <message>
        <source>Certificate serial</source>
        <translation>证书序列号</translation>
    </message>
    <message>
        <source>Verifying WeChat Pay's answers</source>
        <translation>微信支付应答验签</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>APIv3 key (32 characters)</source>
        <translation>APIv3 密钥（32 位）</translation>
    </message>
    <message>
        <source>WeChat Pay public key (pub_key.pem)</source>
        <translation>微信支付公钥 (pub_key.pem)</translation>
    </message>
    <message>
        <source>Public key ID (PUB_KEY_ID_…)</source>
        <translation>公钥 ID (PUB_KEY_ID_…)</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <source>This counter</source>
        <translation>本收银台</translation>
    </message>
    <message>
        <source>Counter id</source>
        <translation>收银台编号</translation>
    </message>
    <message>
        <source>Stocks (批次)</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>stock id</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>Add (name fetched from WeChat Pay)</source>
        <translation>添加（名称从微信支付获取）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Add staff</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>Set PIN…</source>
        <translation>设置密码…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Sound on success and failure</source>
        <translation>成功和失败时发出提示音</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Backup address</source>
        <translation>备用地址</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Answer timeout</source>
        <translation>应答超时</translation>
    </message>
    <message>
        <source>Addresses, timeouts and proxy (change only when told to)</source>
        <translation>地址、超时和代理（如无指示请勿修改）</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>system (default), none, or http://host:port</source>
        <translation>system（默认）、none 或 http://主机:端口</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>only if the proxy asks: the password, file:… or keychain:…</source>
        <translation>仅当代理要求时填写：密码、file:… 或 keychain:…</translation>
    </message>
</context>
<context>
    <name>VoidPage</name>
    <message>
        <source>Void or return a coupon (manager)</source>
        <translation>作废或退券（店长）</translation>
    </message>
    <message>
        <source>Coupon &amp;code</source>
        <translation>券码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Stock</source>
        <translation>批次(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Reason (void)</source>
        <translation>作废原因(&amp;R)</translation>
    </message>
    <message>
        <source>required, up to 64 characters, e.g. 活动配置错误</source>
        <translation>必填，最多 64 个字，例如：活动配置错误</translation>
    </message>
    <message>
        <source>Void coupon…</source>
        <translation>作废此券…</translation>
    </message>
    <message>
        <source>Return coupon (after a refund)…</source>
        <translation>退券（退款后）…</translation>
    </message>
    <message>
        <source>Bulk void from a file…</source>
        <translation>从文件批量作废…</translation>
    </message>
</context>
<context>
    <name>desk::BulkVoid</name>
    <message>
        <source>text after a closing quote; put the whole field in quotes and double any quote inside it</source>
        <translation>右引号后还有内容；请把整个字段放在引号内，字段内的引号写两次</translation>
    </message>
    <message>
        <source>a double quote inside an unquoted field; put the field in quotes and double the quote</source>
        <translation>未加引号的字段中有双引号；请给字段加上引号，并把其中的引号写两次</translation>
    </message>
    <message>
        <source>Line %1: a quoted field is never closed (a " is missing).</source>
        <translation>第 %1 行：引号没有闭合（缺少一个 "）。</translation>
    </message>
    <message>
        <source>(found "%1")</source>
        <translation>（发现 "%1"）</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>The file is too large (%1 MB; at most %2 MB). Split it into smaller files.</source>
        <translation>文件太大（%1 MB，最多 %2 MB）。请拆分成较小的文件。</translation>
    </message>
    <message>
        <source>The file is UTF-16 text. Save it as UTF-8 (in Excel: "CSV UTF-8").</source>
        <translation>文件是 UTF-16 编码。请另存为 UTF-8（Excel 中选择“CSV UTF-8”）。</translation>
    </message>
    <message>
        <source>This is not a text file (it contains NUL bytes). Save the list as CSV UTF-8.</source>
        <translation>这不是文本文件（含有 NUL 字节）。请将清单另存为 CSV UTF-8。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (line %1 is not). It may be GBK/ANSI from Excel: save it as "CSV UTF-8" and try again.</source>
        <translation>文件不是 UTF-8 编码（第 %1 行不是）。可能是 Excel 保存的 GBK/ANSI 编码：请另存为“CSV UTF-8”后重试。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.</source>
        <translation>文件不是 UTF-8 编码。请另存为“CSV UTF-8”后重试。</translation>
    </message>
    <message>
        <source>Unknown column "%1" in the header. The columns are coupon_code, stock_id and optionally reason and openid.</source>
        <translation>表头中有未知的列“%1”。列名应为 coupon_code、stock_id，可选 reason 和 openid。</translation>
    </message>
    <message>
        <source>The column "%1" appears twice in the header.</source>
        <translation>表头中的列“%1”出现了两次。</translation>
    </message>
    <message>
        <source>The header has no stock_id column. Add one, or give the stock for the whole file.</source>
        <translation>表头没有 stock_id 列。请添加该列，或为整个文件指定批次。</translation>
    </message>
    <message>
        <source>The first line must be the header coupon_code,stock_id (optionally ,reason and ,openid); it is "%1".</source>
        <translation>第一行必须是表头 coupon_code,stock_id（可选 ,reason 和 ,openid）；现在是“%1”。</translation>
    </message>
    <message>
        <source>There is no header line. For a plain list of codes (one per line), give the stock; otherwise start the file with the header coupon_code,stock_id.</source>
        <translation>没有表头行。如果是纯券码清单（每行一个），请指定批次；否则请在文件第一行写表头 coupon_code,stock_id。</translation>
    </message>
    <message>
        <source>The file has a header but no coupons.</source>
        <translation>文件只有表头，没有券。</translation>
    </message>
    <message>
        <source>The file has %1 rows; at most %2 can be voided in one job. Split it into smaller files.</source>
        <translation>文件有 %1 行；一次最多作废 %2 张。请拆分成较小的文件。</translation>
    </message>
    <message>
        <source>Line is not valid CSV: %1</source>
        <translation>此行不是有效的 CSV：%1</translation>
    </message>
    <message>
        <source>%1 fields, but the header has %2 (a comma inside a value must be in quotes)</source>
        <translation>有 %1 个字段，但表头只有 %2 个（值中的逗号必须放在引号内）</translation>
    </message>
    <message>
        <source>(give a default reason or fill the reason column)</source>
        <translation>（请填写默认原因，或填写 reason 列）</translation>
    </message>
    <message>
        <source>The bulk job file cannot be read: %1</source>
        <translation>无法读取批量作业文件：%1</translation>
    </message>
    <message>
        <source>The bulk job file was written by another version of the program.</source>
        <translation>批量作业文件由其他版本的程序写入。</translation>
    </message>
    <message>
        <source>The bulk job file has an invalid row (line %1).</source>
        <translation>批量作业文件中有无效的行（第 %1 行）。</translation>
    </message>
    <message>
        <source>The bulk job file is incomplete.</source>
        <translation>批量作业文件不完整。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for bulk jobs.</source>
        <translation>无法创建批量作业文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write the bulk job file %1: %2</source>
        <translation>无法写入批量作业文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the bulk job file %1: %2</source>
        <translation>无法读取批量作业文件 %1：%2</translation>
    </message>
    <message>
        <source>No row of the file can be voided.</source>
        <translation>文件中没有可以作废的行。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have errors; nothing was sent. Correct them or exclude them.</source>
        <translation><numerusform>%n 行有错误；没有发送任何请求。请改正或排除这些行。</numerusform></translation>
    </message>
    <message>
        <source>Voiding coupons needs a manager's PIN.</source>
        <translation>作废券需要店长密码。</translation>
    </message>
    <message>
        <source>The bulk job file %1 belongs to another job.</source>
        <translation>批量作业文件 %1 属于另一个作业。</translation>
    </message>
    <message>
        <source>This bulk job is already running (process %1 on %2); wait for it to finish.</source>
        <translation>此批量作业正在运行（%2 上的进程 %1）；请等待其完成。</translation>
    </message>
    <message>
        <source>Cannot lock the bulk job file %1.</source>
        <translation>无法锁定批量作业文件 %1。</translation>
    </message>
    <message>
        <source>Cannot write the report: %1</source>
        <translation>无法写入报告：%1</translation>
    </message>
    <message>
        <source>%1 of %2 coupons already handled: nothing to send. Show their results?</source>
        <translation>%2 张中 %1 张已处理，无需再发送。查看结果？</translation>
    </message>
    <message>
        <source>Void %1 coupons now (%2 already handled)? This cannot be undone.</source>
        <translation>现在作废 %1 张券（%2 张已处理）？此操作不能撤销。</translation>
    </message>
    <message>
        <source>Void %1 coupons now? This cannot be undone.</source>
        <translation>现在作废 %1 张券？此操作不能撤销。</translation>
    </message>
</context>
<context>
    <name>desk::BulkVoidJob</name>
    <message>
        <source>Voiding coupons needs a manager's PIN.</source>
        <translation>作废券需要店长密码。</translation>
    </message>
    <message>
        <source>Same coupon as line %1</source>
        <translation>与第 %1 行是同一张券</translation>
    </message>
    <message>
        <source>Already voided (not verified: no openid)</source>
        <translation>已作废（未确认：没有 openid）</translation>
    </message>
    <message>
        <source>Another operation on this coupon is not confirmed yet; run the job again later.</source>
        <translation>此券的另一项操作尚未确认；请稍后重新运行此作业。</translation>
    </message>
    <message>
        <source>Could not be sent (%1); running the job again sends it.</source>
        <translation>未能发送（%1）；重新运行此作业会再次发送。</translation>
    </message>
    <message>
        <source>Already voided (verified: deactivated by request %1)</source>
        <translation>已作废（已查询确认：由请求 %1 作废）</translation>
    </message>
    <message>
        <source>WeChat Pay refused the void as already voided, but the coupon shows as %1</source>
        <translation>微信支付以“已作废”拒绝，但查询显示此券为%1</translation>
    </message>
    <message>
        <source>Already voided (not verified: %1)</source>
        <translation>已作废（未确认：%1）</translation>
    </message>
    <message>
        <source>Coupon voided</source>
        <translation>券已作废</translation>
    </message>
    <message>
        <source>Already voided (not verified: the job was cancelled)</source>
        <translation>已作废（未确认：作业已取消）</translation>
    </message>
    <message>
        <source>Not started: the job was cancelled; running it again continues here.</source>
        <translation>未开始：作业已取消；重新运行会从这里继续。</translation>
    </message>
</context>
<context>
    <name>desk::ChainAdmin</name>
    <message>
        <source>Qt's PostgreSQL driver is not installed (Debian: libqt6sql6-psql)</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（Debian：libqt6sql6-psql）</translation>
    </message>
    <message>
        <source>the chain database was set up by a newer CouponDesk: update this program (%1)</source>
        <translation>连锁库由更新版本的 CouponDesk 建立：请更新本程序（%1）</translation>
    </message>
    <message>
        <source>the chain database at %1 refused the login: check chain/password (%2)</source>
        <translation>连锁库 %1 拒绝登录：请检查 chain/password（%2）</translation>
    </message>
    <message>
        <source>the chain database at %1 could not be verified (sslmode=verify-full, sslrootcert): %2</source>
        <translation>无法验证连锁库 %1 的证书（sslmode=verify-full、sslrootcert）：%2</translation>
    </message>
    <message>
        <source>cannot reach the chain database at %1: %2</source>
        <translation>无法连接连锁库 %1：%2</translation>
    </message>
    <message>
        <source>the login in chain/database_url may not set up the chain database: it needs CREATEROLE and must own the coupondesk schema (%1)</source>
        <translation>chain/database_url 中的登录无权建立连锁库：需要 CREATEROLE 权限并拥有 coupondesk 模式（%1）</translation>
    </message>
    <message>
        <source>lost the connection to the chain database at %1: %2</source>
        <translation>与连锁库 %1 的连接已断开：%2</translation>
    </message>
    <message>
        <source>the chain database refused: %1</source>
        <translation>连锁库拒绝：%1</translation>
    </message>
    <message>
        <source>the settings have no chain section: give chain/database_url (an administrator's login) and chain/password</source>
        <translation>设置中没有 chain 部分：请填写 chain/database_url（管理员登录）和 chain/password</translation>
    </message>
    <message>
        <source>a shop id is 1 to 32 letters, digits, - or _</source>
        <translation>门店编号为 1 到 32 个字母、数字、- 或 _</translation>
    </message>
    <message>
        <source>a counter id is 1 to 27 letters, digits, - or _</source>
        <translation>柜台编号为 1 到 27 个字母、数字、- 或 _</translation>
    </message>
    <message>
        <source>the shop's name must have 1 to 200 characters</source>
        <translation>门店名称须为 1 到 200 个字符</translation>
    </message>
    <message>
        <source>a port is a number from 1 to 65535</source>
        <translation>端口是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>give the chain database's host name alone, e.g. db.example</source>
        <translation>请只填写连锁库的主机名，例如 db.example</translation>
    </message>
    <message>
        <source>the counters need the CA certificate that signed the server's: give --ca PATH (the file as the counters' machines name it)</source>
        <translation>各柜台需要签发服务器证书的 CA 证书：请用 --ca 路径 指定（按柜台电脑上的文件路径）</translation>
    </message>
    <message>
        <source>the chain database at %1 has no CouponDesk schema yet: run coupondesk-cli chain init first</source>
        <translation>连锁库 %1 尚未建立 CouponDesk 模式：请先运行 coupondesk-cli chain init</translation>
    </message>
    <message>
        <source>the chain database was set up by a newer CouponDesk (schema version %1): update this program</source>
        <translation>连锁库由更新版本的 CouponDesk 建立（模式版本 %1）：请更新本程序</translation>
    </message>
    <message>
        <source>shop %1 has no counter %2 in the chain database at %3</source>
        <translation>连锁库 %3 中没有门店 %1 的柜台 %2</translation>
    </message>
</context>
<context>
    <name>desk::ChainHistory</name>
    <message>
        <source>The chain database password (chain/password) cannot be read: %1</source>
        <translation>无法读取连锁库密码（chain/password）：%1</translation>
    </message>
    <message>
        <source>The chain database cannot be reached (%1): %2. This counter's own history still works.</source>
        <translation>连锁库无法连接（%1）：%2。本柜台的记录仍可查看。</translation>
    </message>
    <message>
        <source>The chain database could not answer: %1</source>
        <translation>连锁库未能答复：%1</translation>
    </message>
    <message>
        <source>The chain database (%1) refused this counter's login: check chain/password. %2</source>
        <translation>连锁库（%1）拒绝了本柜台的登录：请检查 chain/password。%2</translation>
    </message>
</context>
<context>
    <name>desk::ChainMessages</name>
    <message>
        <source>%1 counter %2</source>
        <translation>%1 %2 号柜台</translation>
    </message>
    <message>
        <source>%1 counter %2 (%3)</source>
        <translation>%1 %2 号柜台（%3）</translation>
    </message>
    <message>
        <source>Redeemed on %1 at %2</source>
        <translation>已于 %1 在 %2 核销</translation>
    </message>
    <message>
        <source>Voided on %1 at %2</source>
        <translation>已于 %1 在 %2 作废</translation>
    </message>
    <message>
        <source>Another counter is still redeeming this coupon — not sent</source>
        <translation>另一柜台正在核销此券，结果未定 — 未发送</translation>
    </message>
    <message>
        <source>%1 has been waiting for WeChat Pay since %2. If this is another purchase, scan the code again to redeem it here.</source>
        <translation>%1 自 %2 起在等待微信支付的答复。如确认不是同一笔消费，请再扫一次码在本柜台核销。</translation>
    </message>
    <message>
        <source>Request %1 is %2 there</source>
        <translation>该柜台的请求 %1 状态为 %2</translation>
    </message>
</context>
<context>
    <name>desk::ChainSettings</name>
    <message>
        <source>%1%2 as %3</source>
        <translation>%1%2，登录角色 %3</translation>
    </message>
    <message>
        <source>the chain database address is missing (postgresql://ROLE@HOST:5432/coupondesk?…)</source>
        <translation>缺少连锁数据库地址（postgresql://角色@主机:5432/coupondesk?…）</translation>
    </message>
    <message>
        <source>write postgresql://ROLE@HOST:PORT/DATABASE?sslmode=verify-full&amp;sslrootcert=CA.pem, as coupondesk-cli chain add-counter printed it</source>
        <translation>请按 coupondesk-cli chain add-counter 给出的样子填写：postgresql://角色@主机:端口/数据库?sslmode=verify-full&amp;sslrootcert=CA.pem</translation>
    </message>
    <message>
        <source>take the password out of the address and put it in chain/password</source>
        <translation>地址里不能写密码：请把密码移到 chain/password</translation>
    </message>
    <message>
        <source>the chain database must be reached with sslmode=verify-full (and its sslrootcert)</source>
        <translation>连接连锁数据库必须使用 sslmode=verify-full（并给出 sslrootcert 证书）</translation>
    </message>
    <message>
        <source>the CA certificate %1 (sslrootcert) does not exist</source>
        <translation>找不到 CA 证书 %1（sslrootcert）</translation>
    </message>
    <message>
        <source>the chain database password is missing (the value, file:PATH or keychain:NAME)</source>
        <translation>缺少连锁数据库密码（密码本身、file:路径 或 keychain:名称）</translation>
    </message>
    <message>
        <source>the shop id must be 1 to 32 letters, digits, - or _, e.g. s1</source>
        <translation>门店编号须为 1–32 个字母、数字、- 或 _，例如 s1</translation>
    </message>
    <message>
        <source>the shop's name (up to 64 characters, e.g. 徐汇店) is missing</source>
        <translation>缺少门店名称（最多 64 个字，例如 徐汇店）</translation>
    </message>
</context>
<context>
    <name>desk::ChainStatus</name>
    <message>
        <source>Chain database: connecting…</source>
        <translation>连锁库：正在连接…</translation>
    </message>
    <message>
        <source>Chain database: synced</source>
        <translation>连锁库：已同步</translation>
    </message>
    <message numerus="yes">
        <source>Chain database: %n row(s) waiting</source>
        <translation><numerusform>连锁库：%n 条待同步</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Chain database unreachable since %1 (%n row(s) queued)</source>
        <translation><numerusform>连锁库：自 %1 起无法连接（已排队 %n 条）</numerusform></translation>
    </message>
    <message>
        <source>Chain database needs an upgrade: run coupondesk-cli chain init</source>
        <translation>连锁库需要升级：请运行 coupondesk-cli chain init</translation>
    </message>
    <message>
        <source>Chain database: %1</source>
        <translation>连锁库：%1</translation>
    </message>
    <message>
        <source>Last reached: %1</source>
        <translation>上次连通：%1</translation>
    </message>
    <message>
        <source>Oldest waiting change: %1</source>
        <translation>最早待同步的变更：%1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message numerus="yes">
        <source>Chain database refused this counter's login: check its password (%n row(s) queued)</source>
        <translation><numerusform>连锁库拒绝了本柜台的登录：请检查连锁库密码（已排队 %n 条）</numerusform></translation>
    </message>
</context>
<context>
    <name>desk::ConnectionStatus</name>
    <message>
        <source>WeChat Pay: %1</source>
        <translation>微信支付：%1</translation>
    </message>
    <message>
        <source>WeChat Pay unreachable since %1</source>
        <translation>自 %1 起无法连接微信支付</translation>
    </message>
    <message>
        <source>WeChat Pay answered at %1</source>
        <translation>微信支付 %1 正常应答</translation>
    </message>
    <message>
        <source>WeChat Pay: no call yet</source>
        <translation>微信支付：尚未调用</translation>
    </message>
    <message>
        <source>Connecting to WeChat Pay…</source>
        <translation>正在连接微信支付…</translation>
    </message>
    <message>
        <source>clock off by %1 s</source>
        <translation>时钟偏差 %1 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n not confirmed</source>
        <translation><numerusform>%n 笔未确认</numerusform></translation>
    </message>
</context>
<context>
    <name>desk::CouponInfo</name>
    <message>
        <source>%1 %2 · %3 (%4)</source>
        <translation>%1 %2 · %3（%4）</translation>
    </message>
    <message>
        <source>%1: no record at this counter</source>
        <translation>%1：本柜台没有此券的记录</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>For WeChat Pay's live state, type the customer's openid and press F5 again.</source>
        <translation>要查看微信支付中的实时状态，请填写顾客 openid 后再按 F5。</translation>
    </message>
</context>
<context>
    <name>desk::CouponValue</name>
    <message>
        <source>%1 off</source>
        <translation>减 %1</translation>
    </message>
    <message>
        <source>%1 zhe (%2% off)</source>
        <extracomment>%1 is the Chinese discount name (9 for 90 % paid), %2 the percentage taken off (10)</extracomment>
        <translation>%1折（优惠 %2%）</translation>
    </message>
    <message>
        <source>exchange price %1</source>
        <translation>兑换价 %1</translation>
    </message>
    <message>
        <source>%1 (orders from %2)</source>
        <translation>%1（满 %2 可用）</translation>
    </message>
    <message>
        <source>This order is %1, below the %2 this coupon needs</source>
        <translation>本单 %1 未满 %2，不能使用此券</translation>
    </message>
    <message>
        <source>Collect %1 (order %2)</source>
        <translation>应收 %1（订单 %2）</translation>
    </message>
</context>
<context>
    <name>desk::Desk</name>
    <message>
        <source>A manager must confirm with the PIN</source>
        <translation>需要店长输入密码确认</translation>
    </message>
    <message>
        <source>Voiding and returning coupons need a manager's PIN.</source>
        <translation>作废和退券需要店长密码。</translation>
    </message>
    <message>
        <source>This coupon is already being processed</source>
        <translation>此券正在处理中</translation>
    </message>
    <message>
        <source>Wait for its result; it was not sent again.</source>
        <translation>请等待结果；没有重复发送。</translation>
    </message>
    <message>
        <source>An earlier operation on this coupon is not confirmed yet</source>
        <translation>此券之前的操作结果尚未确认</translation>
    </message>
    <message>
        <source>It is being confirmed now; try again when it is settled. Nothing was sent.</source>
        <translation>正在核对中，确认后再试。没有发送新的请求。</translation>
    </message>
    <message>
        <source>The history file cannot be written, so nothing was sent</source>
        <translation>无法写入记录文件，因此没有发送请求</translation>
    </message>
    <message>
        <source>WeChat Pay's answer could not be read</source>
        <translation>无法读取微信支付的应答</translation>
    </message>
    <message>
        <source>WeChat Pay refused a repeat of an unconfirmed request (%1); without the customer's openid the program cannot tell whether the first one went through. Check the coupon in the WeChat Pay merchant platform.</source>
        <translation>微信支付拒绝了未确认请求的重发（%1）；没有顾客 openid，程序无法判断第一次是否成功。请在微信支付商户平台核对此券。</translation>
    </message>
    <message>
        <source>WeChat Pay shows the coupon unchanged; the request will be sent again</source>
        <translation>微信支付显示券状态未变；将再次发送请求</translation>
    </message>
    <message>
        <source>WeChat Pay reports the coupon as %1; check it in the merchant platform</source>
        <translation>微信支付显示券状态为 %1；请在商户平台核对</translation>
    </message>
    <message>
        <source>Recorded as not confirmed. The program keeps checking by itself; do not repeat it. A manager can settle it from History.</source>
        <translation>已记录为“未确认”。程序会继续自动核对，请勿重复操作。店长可在“记录”中立即核对。</translation>
    </message>
    <message>
        <source>No such history row</source>
        <translation>没有这条记录</translation>
    </message>
    <message>
        <source>This row is being confirmed right now</source>
        <translation>这条记录正在核对中</translation>
    </message>
    <message>
        <source>Already settled</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Every operation is confirmed</source>
        <translation>所有操作均已确认</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) still not confirmed</source>
        <translation><numerusform>还有 %n 笔操作未确认</numerusform></translation>
    </message>
    <message>
        <source>Already redeemed by another request (%1)</source>
        <translation>券已被其他请求核销（%1）</translation>
    </message>
    <message>
        <source>The coupon has expired</source>
        <translation>券已过期</translation>
    </message>
    <message>
        <source>The coupon has been voided</source>
        <translation>券已失效（已作废）</translation>
    </message>
    <message>
        <source>Already voided by another request</source>
        <translation>券已被其他请求作废</translation>
    </message>
    <message>
        <source>The coupon has already been redeemed</source>
        <translation>券已核销</translation>
    </message>
    <message>
        <source>Only a manager can settle a row by hand.</source>
        <translation>只有店长可以人工确认记录。</translation>
    </message>
    <message>
        <source>Write down how it was checked (e.g. "merchant platform shows USED at 10:32").</source>
        <translation>请写明如何核对的（例如：“商户平台显示 10:32 已核销”）。</translation>
    </message>
    <message>
        <source>Settled by hand by %1: %2</source>
        <translation>由 %1 人工确认：%2</translation>
    </message>
</context>
<context>
    <name>desk::HistoryExport</name>
    <message>
        <source>History</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>WeChat Pay time</source>
        <translation>微信支付时间</translation>
    </message>
    <message>
        <source>Request number</source>
        <translation>请求单号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Order amount (yuan)</source>
        <translation>订单金额（元）</translation>
    </message>
    <message>
        <source>Discount (yuan)</source>
        <translation>优惠金额（元）</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
</context>
<context>
    <name>desk::HistoryService</name>
    <message>
        <source>This counter is not part of a chain (the settings have no chain section): only its own history can be shown, not the shop's.</source>
        <translation>本柜台未加入连锁（设置中没有 chain 部分）：只能查看本柜台的记录，无法查看本店的记录。</translation>
    </message>
    <message>
        <source>This counter is not part of a chain (the settings have no chain section): only its own history can be shown, not the chain's.</source>
        <translation>本柜台未加入连锁（设置中没有 chain 部分）：只能查看本柜台的记录，无法查看全连锁的记录。</translation>
    </message>
</context>
<context>
    <name>desk::KeyFiles</name>
    <message>
        <source>Private key loaded.</source>
        <translation>私钥可以读取。</translation>
    </message>
    <message>
        <source>Does not belong to this private key: use the apiclient_cert.pem issued with it.</source>
        <translation>与这个私钥不配套：请使用与它一起下载的 apiclient_cert.pem。</translation>
    </message>
    <message>
        <source>Expired or not yet valid (valid until %1).</source>
        <translation>证书已过期或尚未生效（有效期至 %1）。</translation>
    </message>
    <message>
        <source>Matches the private key, valid until %1.</source>
        <translation>与私钥配套，有效期至 %1。</translation>
    </message>
    <message>
        <source>Certificate loaded, valid until %1.</source>
        <translation>证书可以读取，有效期至 %1。</translation>
    </message>
    <message>
        <source>WeChat Pay public key loaded.</source>
        <translation>微信支付公钥可以读取。</translation>
    </message>
</context>
<context>
    <name>desk::Messages</name>
    <message>
        <source>Redeem</source>
        <translation>核销</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Usable</source>
        <translation>可使用</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Deleted by the customer</source>
        <translation>顾客已删除</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Customer openid</source>
        <translation>顾客 openid</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Redeem time</source>
        <translation>核销时间</translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation>请填写%1</translation>
    </message>
    <message>
        <source>%1 is too long (at most %2 characters)</source>
        <translation>%1太长（最多 %2 个字符）</translation>
    </message>
    <message>
        <source>%1 may only contain letters, digits, spaces and - _ \ / = |</source>
        <translation>%1只能包含字母、数字、空格和 - _ \ / = |</translation>
    </message>
    <message>
        <source>%1 contains characters that are not allowed</source>
        <translation>%1含有不允许的字符</translation>
    </message>
    <message>
        <source>%1 must not contain emoji or rare characters</source>
        <translation>%1不能包含表情符号或生僻字</translation>
    </message>
    <message>
        <source>%1 must not contain line breaks or tabs</source>
        <translation>%1不能包含换行或制表符</translation>
    </message>
    <message>
        <source>%1 is not in the right format</source>
        <translation>%1格式不正确</translation>
    </message>
    <message>
        <source>Correct the field and try again; nothing was sent.</source>
        <translation>请改正后重试；没有发送任何请求。</translation>
    </message>
    <message>
        <source>Coupon redeemed</source>
        <translation>核销成功</translation>
    </message>
    <message>
        <source>Coupon voided</source>
        <translation>券已作废</translation>
    </message>
    <message>
        <source>Coupon returned to the customer</source>
        <translation>券已退回给顾客</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>WeChat Pay time: %1</source>
        <translation>微信支付时间：%1</translation>
    </message>
    <message>
        <source>Result not confirmed yet — checking with WeChat Pay…</source>
        <translation>结果未确认 — 正在向微信支付核对…</translation>
    </message>
    <message>
        <source>The network timed out. Do not repeat the %1; the program confirms it by itself.</source>
        <translation>网络超时。请勿重复%1，程序会自动核对。</translation>
    </message>
    <message>
        <source>WeChat Pay's answer could not be verified. Do not repeat the %1; the program confirms it by itself.</source>
        <translation>微信支付应答验签失败。请勿重复%1，程序会自动核对。</translation>
    </message>
    <message>
        <source>Do not repeat the %1; the program confirms it by itself and updates this result.</source>
        <translation>请勿重复%1，程序会自动核对并更新结果。</translation>
    </message>
    <message>
        <source>Check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <source>The merchant key or certificate cannot be used</source>
        <translation>商户私钥或证书无法使用</translation>
    </message>
    <message>
        <source>Ask the manager to check the key files in Settings.</source>
        <translation>请店长在设置中检查密钥文件。</translation>
    </message>
    <message>
        <source>Secure connection to WeChat Pay failed</source>
        <translation>与微信支付的安全连接失败</translation>
    </message>
    <message>
        <source>Check the network and this computer's date and time; nothing was sent.</source>
        <translation>请检查网络和电脑的日期时间；没有发送任何请求。</translation>
    </message>
    <message>
        <source>Cannot reach WeChat Pay</source>
        <translation>无法连接微信支付</translation>
    </message>
    <message>
        <source>Check the network cable or Wi-Fi and try again; nothing was sent.</source>
        <translation>请检查网线或 Wi-Fi 后重试；没有发送任何请求。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>WeChat Pay's answer could not be trusted</source>
        <translation>微信支付的应答不可信</translation>
    </message>
    <message>
        <source>Ask the manager to check the verification settings.</source>
        <translation>请店长检查验签设置。</translation>
    </message>
    <message>
        <source>Coupon already redeemed — do not redeem it again</source>
        <translation>券已核销，请勿重复核销</translation>
    </message>
    <message>
        <source>The coupon has already been redeemed</source>
        <translation>券已核销</translation>
    </message>
    <message>
        <source>Ask the customer for another coupon.</source>
        <translation>请顾客换一张券。</translation>
    </message>
    <message>
        <source>A redeemed coupon cannot be voided; use Return after a refund.</source>
        <translation>已核销的券不能作废；退款后请用退券。</translation>
    </message>
    <message>
        <source>The coupon has expired</source>
        <translation>券已过期</translation>
    </message>
    <message>
        <source>The coupon has been voided</source>
        <translation>券已失效（已作废）</translation>
    </message>
    <message>
        <source>It can no longer be used.</source>
        <translation>此券不能再使用。</translation>
    </message>
    <message>
        <source>The coupon has not been redeemed, so it cannot be returned</source>
        <translation>券未核销，不能退券</translation>
    </message>
    <message>
        <source>Only an unused coupon can be voided</source>
        <translation>只有未使用的券可以作废</translation>
    </message>
    <message>
        <source>This coupon does not belong to this shop's merchant account</source>
        <translation>此券不属于本店商户号，无权核销</translation>
    </message>
    <message>
        <source>Check the coupon and the stock; only the merchant that created the stock may use it.</source>
        <translation>请核对券和批次；只有创建批次的商户才能核销。</translation>
    </message>
    <message>
        <source>Unknown stock</source>
        <translation>批次不存在</translation>
    </message>
    <message>
        <source>Coupon code not found</source>
        <translation>券码不存在</translation>
    </message>
    <message>
        <source>Check the coupon code and the stock, then try again.</source>
        <translation>请核对券码和批次后重试。</translation>
    </message>
    <message>
        <source>Request number already used for another request</source>
        <translation>请求单号已被其他请求使用</translation>
    </message>
    <message>
        <source>Try again; a new request number is made each time.</source>
        <translation>请重试；每次都会生成新的单号。</translation>
    </message>
    <message>
        <source>This computer's clock differs from WeChat Pay's by more than 5 minutes</source>
        <translation>系统时间与微信支付相差超过5分钟</translation>
    </message>
    <message>
        <source>Correct the computer's date and time, then try again.</source>
        <translation>请校准电脑时间后重试。</translation>
    </message>
    <message>
        <source>WeChat Pay refused the signature</source>
        <translation>微信支付拒绝了签名</translation>
    </message>
    <message>
        <source>Ask the manager to check the merchant id, certificate serial and private key (coupondesk-cli sign helps).</source>
        <translation>请店长检查商户号、证书序列号和私钥（可用 coupondesk-cli sign 排查）。</translation>
    </message>
    <message>
        <source>WeChat Pay refused a field</source>
        <translation>微信支付拒绝了某个参数</translation>
    </message>
    <message>
        <source>WeChat Pay refused: %1</source>
        <translation>微信支付拒绝：%1</translation>
    </message>
    <message>
        <source>Too many requests right now</source>
        <translation>请求过于频繁</translation>
    </message>
    <message>
        <source>Wait a few seconds and try again.</source>
        <translation>请稍等几秒后重试。</translation>
    </message>
    <message>
        <source>WeChat Pay is busy</source>
        <translation>微信支付系统繁忙</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>请稍后重试。</translation>
    </message>
    <message>
        <source>WeChat Pay refused the request</source>
        <translation>微信支付拒绝了请求</translation>
    </message>
    <message>
        <source>WeChat Pay code: %1</source>
        <translation>微信支付错误码：%1</translation>
    </message>
    <message>
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <source>Network failure: WeChat Pay could not be reached</source>
        <translation>网络故障：无法连接微信支付</translation>
    </message>
    <message>
        <source>No connection to WeChat Pay in time</source>
        <translation>连接微信支付超时</translation>
    </message>
    <message>
        <source>WeChat Pay did not answer in time</source>
        <translation>微信支付未及时应答</translation>
    </message>
    <message>
        <source>The secure connection to WeChat Pay failed</source>
        <translation>与微信支付的安全连接失败</translation>
    </message>
    <message>
        <source>%1 (nothing was sent)</source>
        <translation>%1（未发送）</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>This coupon cannot be used yet</source>
        <translation>此券还未到可用时间</translation>
    </message>
    <message>
        <source>Ask the customer to come back when the coupon becomes valid.</source>
        <translation>请顾客在券生效后再来使用。</translation>
    </message>
    <message>
        <source>The proxy did not connect to WeChat Pay</source>
        <translation>代理未能连接微信支付</translation>
    </message>
    <message>
        <source>Cannot reach WeChat Pay through the proxy</source>
        <translation>无法通过代理连接微信支付</translation>
    </message>
    <message>
        <source>%1. Ask the manager to check the proxy in Settings (Advanced); nothing was sent.</source>
        <translation>%1。请店长在设置（高级）中检查代理；未发送任何请求。</translation>
    </message>
</context>
<context>
    <name>desk::Redeemer</name>
    <message>
        <source>Coupon code not found in this shop's stocks</source>
        <translation>本店的批次中没有这个券码</translation>
    </message>
    <message numerus="yes">
        <source>Checked %n stock(s). Check the code; the coupon may be from another shop.</source>
        <translation><numerusform>已查询 %n 个批次。请核对券码；这张券可能不是本店的。</numerusform></translation>
    </message>
    <message>
        <source>This counter redeemed it at %1 (%2) — no need to redeem again</source>
        <translation>本柜台已于 %1 核销成功（%2），无需再核销</translation>
    </message>
    <message>
        <source>The coupon is already used for this customer; hand over the goods or discount.</source>
        <translation>此券已为这位顾客核销过，请直接给予优惠或商品。</translation>
    </message>
    <message>
        <source>WeChat Pay answered: already used (request %1)</source>
        <translation>微信支付答复：券已核销（原请求号 %1）</translation>
    </message>
    <message>
        <source>The coupon cannot be used on this order; nothing was sent. Add to the order or keep the coupon for later.</source>
        <translation>本单不能使用此券，没有发送任何请求。请凑单，或请顾客留券下次再用。</translation>
    </message>
    <message>
        <source>It can be used from %1. Ask the customer to come back then.</source>
        <translation>此券从 %1 起可用，请顾客届时再来。</translation>
    </message>
</context>
<context>
    <name>desk::ReportExport</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unsettled</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Value at the till (yuan)</source>
        <translation>收银台抵扣金额（元）</translation>
    </message>
    <message>
        <source>Redemptions of unknown value</source>
        <translation>金额未知的核销</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Request number</source>
        <translation>请求单号</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>By stock</source>
        <translation>按批次</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>By shop</source>
        <translation>按门店</translation>
    </message>
</context>
<context>
    <name>desk::ReportService</name>
    <message>
        <source>This counter is not part of a chain (the settings have no chain section): only its own report can be made, not the shop's.</source>
        <translation>本收银台未加入连锁（设置中没有 chain 部分）：只能生成本收银台的报表，不能生成本店的报表。</translation>
    </message>
    <message>
        <source>This counter is not part of a chain (the settings have no chain section): only its own report can be made, not the chain's.</source>
        <translation>本收银台未加入连锁（设置中没有 chain 部分）：只能生成本收银台的报表，不能生成整个连锁的报表。</translation>
    </message>
    <message>
        <source>A report needs a period that ends after it starts.</source>
        <translation>报表的时间段必须先开始后结束。</translation>
    </message>
    <message>
        <source>This counter is not part of a chain (the settings have no chain section): it has no chain's shops to choose from.</source>
        <translation>本收银台未加入连锁（设置中没有 chain 部分）：没有连锁门店可选。</translation>
    </message>
    <message>
        <source>The chain has no shop %1 (its shops: %2).</source>
        <translation>连锁中没有门店 %1（现有门店：%2）。</translation>
    </message>
</context>
<context>
    <name>desk::Session</name>
    <message>
        <source>WeChat Pay has no platform certificates for this merchant: switch verify/mode to public-key and give the WeChat Pay public key and its PUB_KEY_ID</source>
        <translation>微信支付没有此商户的平台证书：请改用“微信支付公钥”方式，并填写公钥文件和 PUB_KEY_ID</translation>
    </message>
</context>
<context>
    <name>desk::Settings</name>
    <message>
        <source>settings file not found: %1</source>
        <translation>找不到设置文件：%1</translation>
    </message>
    <message>
        <source>the settings file cannot be read (bad format): %1</source>
        <translation>设置文件格式错误，无法读取：%1</translation>
    </message>
    <message>
        <source>must be platform-cert or public-key (it is "%1")</source>
        <translation>只能是 platform-cert 或 public-key（现在是“%1”）</translation>
    </message>
    <message>
        <source>timeouts must be positive, and the connect timeout not longer than the total</source>
        <translation>超时必须为正数，且连接超时不能长于总超时</translation>
    </message>
    <message>
        <source>must be an https:// address (plain http only for 127.0.0.1 or localhost)</source>
        <translation>必须是 https:// 地址（只有 127.0.0.1 或 localhost 可用 http）</translation>
    </message>
    <message>
        <source>must be an https:// address such as https://api.mch.weixin.qq.com (plain http only for 127.0.0.1 or localhost)</source>
        <translation>必须是 https:// 地址，例如 https://api.mch.weixin.qq.com（只有 127.0.0.1 或 localhost 可用 http）</translation>
    </message>
    <message>
        <source>the merchant id (商户号) is missing</source>
        <translation>缺少商户号</translation>
    </message>
    <message>
        <source>the merchant id must be 8 to 12 digits</source>
        <translation>商户号应为 8 到 12 位数字</translation>
    </message>
    <message>
        <source>the AppID bound to the merchant is missing</source>
        <translation>缺少与商户绑定的 AppID</translation>
    </message>
    <message>
        <source>the AppID must be up to 32 letters and digits, e.g. wx1234567890abcdef</source>
        <translation>AppID 最多 32 位字母和数字，例如 wx1234567890abcdef</translation>
    </message>
    <message>
        <source>the certificate serial must be hexadecimal (or leave it empty and give cert_file)</source>
        <translation>证书序列号必须是十六进制（或留空并提供证书文件）</translation>
    </message>
    <message>
        <source>the merchant private key file (apiclient_key.pem) is missing</source>
        <translation>缺少商户私钥文件 (apiclient_key.pem)</translation>
    </message>
    <message>
        <source>give the merchant certificate file (apiclient_cert.pem) or its serial number</source>
        <translation>请提供商户证书文件 (apiclient_cert.pem) 或证书序列号</translation>
    </message>
    <message>
        <source>public-key mode needs the WeChat Pay public key file (pub_key.pem)</source>
        <translation>公钥方式需要微信支付公钥文件 (pub_key.pem)</translation>
    </message>
    <message>
        <source>public-key mode needs the public key ID, which starts with PUB_KEY_ID_</source>
        <translation>公钥方式需要以 PUB_KEY_ID_ 开头的公钥 ID</translation>
    </message>
    <message>
        <source>platform-certificate mode needs the APIv3 key (32 characters) to decrypt the certificates</source>
        <translation>平台证书方式需要 APIv3 密钥（32 位）来解密证书</translation>
    </message>
    <message>
        <source>the public key ID starts with PUB_KEY_ID_</source>
        <translation>公钥 ID 以 PUB_KEY_ID_ 开头</translation>
    </message>
    <message>
        <source>the counter id must be 1 to 8 letters or digits, e.g. 01</source>
        <translation>收银台编号为 1 到 8 位字母或数字，例如 01</translation>
    </message>
    <message>
        <source>"%1" is not a stock id (up to 20 letters and digits)</source>
        <translation>“%1”不是批次号（最多 20 位字母和数字）</translation>
    </message>
    <message>
        <source>every staff member needs a unique id</source>
        <translation>每位员工需要唯一的员工号</translation>
    </message>
    <message>
        <source>manager %1 has no PIN</source>
        <translation>店长 %1 还没有设置密码</translation>
    </message>
    <message>
        <source>must be zh_CN or en</source>
        <translation>只能是 zh_CN 或 en</translation>
    </message>
    <message>
        <source>cannot write the settings file %1</source>
        <translation>无法写入设置文件 %1</translation>
    </message>
    <message>
        <source>the system keychain is not available here; put the APIv3 key in a file and use file:&lt;path&gt;</source>
        <translation>此电脑没有可用的系统钥匙串；请把 APIv3 密钥放在文件中并填写 file:&lt;路径&gt;</translation>
    </message>
    <message>
        <source>cannot read the secret file %1</source>
        <translation>无法读取密钥文件 %1</translation>
    </message>
    <message>
        <source>this certificate (serial %1) does not belong to the private key in %2; use the apiclient_cert.pem and apiclient_key.pem issued together</source>
        <translation>此证书（序列号 %1）与 %2 中的私钥不匹配，请使用同时下载的 apiclient_cert.pem 和 apiclient_key.pem</translation>
    </message>
    <message>
        <source>differs from the certificate's serial %1; leave it empty to use the certificate's</source>
        <translation>与证书序列号 %1 不一致；留空则自动读取证书的序列号</translation>
    </message>
    <message>
        <source>the APIv3 key must be exactly 32 characters (it has %1)</source>
        <translation>APIv3 密钥必须正好 32 位（现在是 %1 位）</translation>
    </message>
    <message>
        <source>cannot read "%1" from the system keychain (%2); store the APIv3 key again in Settings, or use file:&lt;path&gt;</source>
        <translation>无法从系统钥匙串读取“%1”（%2）；请在设置中重新保存 APIv3 密钥，或改用 file:&lt;路径&gt;</translation>
    </message>
    <message>
        <source>cannot store the secret in the system keychain (%1)</source>
        <translation>无法把密钥保存到系统钥匙串（%1）</translation>
    </message>
    <message>
        <source>the public key ID is PUB_KEY_ID_ followed by up to 64 letters and digits</source>
        <translation>公钥 ID 为 PUB_KEY_ID_ 加最多 64 位字母或数字</translation>
    </message>
    <message>
        <source>write a regular expression after re:</source>
        <translation>请在 re: 后写正则表达式</translation>
    </message>
    <message>
        <source>not a valid regular expression (%1)</source>
        <translation>不是有效的正则表达式（%1）</translation>
    </message>
    <message>
        <source>a code prefix cannot contain spaces</source>
        <translation>券码前缀不能包含空格</translation>
    </message>
    <message>
        <source>the code pattern of stock %1: %2</source>
        <translation>批次 %1 的券码规则：%2</translation>
    </message>
    <message>
        <source>write system, none or http://host:port (e.g. http://10.0.0.5:3128); the password goes in api/proxy_password</source>
        <translation>请填写 system、none 或 http://主机:端口（例如 http://10.0.0.5:3128）；密码填在 api/proxy_password</translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation>无法从 %1 读取 PEM 证书</translation>
    </message>
    <message>
        <source>invalid proxy "%1"</source>
        <translation>代理设置“%1”无效</translation>
    </message>
    <message>
        <source>the system's proxy settings</source>
        <translation>系统代理设置</translation>
    </message>
    <message>
        <source>no proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>proxy %1:%2</source>
        <translation>代理 %1:%2</translation>
    </message>
</context>
<context>
    <name>desk::Staff</name>
    <message>
        <source>Type an id, e.g. m01.</source>
        <translation>请填写编号，例如 m01。</translation>
    </message>
    <message>
        <source>Type the name shown to staff.</source>
        <translation>请填写显示给员工看的姓名。</translation>
    </message>
    <message>
        <source>A PIN is 4 to 12 digits.</source>
        <translation>密码为 4 到 12 位数字。</translation>
    </message>
    <message>
        <source>The two PINs differ. Type the same PIN twice.</source>
        <translation>两次输入的密码不一致，请输入相同的密码两次。</translation>
    </message>
</context>
<context>
    <name>desk::XlsxFile</name>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>gui::BulkVoidDialog</name>
    <message>
        <source>(from the file)</source>
        <translation>（使用文件中的批次）</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Check / result</source>
        <translation>检查 / 结果</translation>
    </message>
    <message>
        <source>Coupons to void</source>
        <translation>要作废的券</translation>
    </message>
    <message>
        <source>CSV or text (*.csv *.txt);;All files (*)</source>
        <translation>CSV 或文本 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Stop bulk void</source>
        <translation>停止批量作废</translation>
    </message>
    <message>
        <source>Stop after the coupons already on their way? Starting the same file again later continues from here.</source>
        <translation>处理完正在发送的券后停止？以后再次用同一文件开始会从这里继续。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>待作废</translation>
    </message>
    <message>
        <source>duplicate of line %1 (skipped)</source>
        <translation>与第 %1 行重复（跳过）</translation>
    </message>
    <message>
        <source>%1 rows: %2 to void, %3 with errors, %4 duplicates.</source>
        <translation>共 %1 行：%2 行待作废，%3 行有错误，%4 行重复。</translation>
    </message>
    <message>
        <source>Correct the file, or tick "Skip the rows with errors".</source>
        <translation>请改正文件，或勾选“跳过有错误的行”。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Bulk void</source>
        <translation>批量作废</translation>
    </message>
    <message>
        <source>Continuing the job started %1 for this file.</source>
        <translation>继续此文件于 %1 开始的任务。</translation>
    </message>
    <message>
        <source>Voided %1 · failed %2 · remaining %3 · %4 per second</source>
        <translation>已作废 %1 · 失败 %2 · 剩余 %3 · 每秒 %4 张</translation>
    </message>
    <message>
        <source>Finished: voided %1, already voided %2, failed %3, not confirmed %4, skipped %5.</source>
        <translation>完成：作废 %1，早已作废 %2，失败 %3，未确认 %4，跳过 %5。</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>gui::DutySwitch</name>
    <message>
        <source>%1 goes on duty with their PIN.</source>
        <translation>%1 上岗需要输入本人密码。</translation>
    </message>
</context>
<context>
    <name>gui::HandoverDialog</name>
    <message>
        <source>Past handovers could not be read: %1</source>
        <translation>无法读取历史交班单：%1</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Value at the till</source>
        <translation>收银台抵扣金额</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unsettled</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>No shift has been handed over at this counter yet.</source>
        <translation>本收银台还没有交过班。</translation>
    </message>
    <message>
        <source>Shift handed over — print the slip for the next shift</source>
        <translation>已交班 — 请打印交班单交给下一班</translation>
    </message>
    <message>
        <source>Handover no. %1 (printing it again marks it REPRINT)</source>
        <translation>第 %1 号交班单（再次打印将标注“补打”）</translation>
    </message>
    <message>
        <source>%1 · %2 – %3</source>
        <translation>%1 · %2 – %3</translation>
    </message>
    <message numerus="yes">
        <source>(+%n of unknown value)</source>
        <translation><numerusform>（另有 %n 张价值未知）</numerusform></translation>
    </message>
    <message>
        <source>Voided %1 · Returned %2 · Failed %3 · Unsettled %4</source>
        <translation>作废 %1 · 退券 %2 · 失败 %3 · 未确认 %4</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) were not confirmed by WeChat Pay when the shift ended; see History.</source>
        <translation><numerusform>交班时有 %n 笔操作未得到微信支付确认；请查看记录。</numerusform></translation>
    </message>
    <message>
        <source>Confirmed by %1 · counter %2 · no. %3</source>
        <translation>确认人 %1 · 收银台 %2 · 第 %3 号</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>The slip could not be printed: %1</source>
        <translation>交班单未能打印：%1</translation>
    </message>
    <message>
        <source>Save the slip as PDF</source>
        <translation>将交班单存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>存为 PDF</translation>
    </message>
    <message>
        <source>The slip could not be saved: %1</source>
        <translation>交班单未能保存：%1</translation>
    </message>
    <message>
        <source>The slip was saved to %1.</source>
        <translation>交班单已保存到 %1。</translation>
    </message>
    <message>
        <source>No. %1 · %2
%3</source>
        <translation>第 %1 号 · %2
%3</translation>
    </message>
</context>
<context>
    <name>gui::HandoverFlow</name>
    <message>
        <source>End shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Nobody is on duty: choose who is on duty in the status bar, then end their shift.</source>
        <translation>当前无人当班：请先在状态栏选择当班人员，再为其交班。</translation>
    </message>
    <message>
        <source>End %1's shift: the shift's totals are recorded and the slip printed. A manager's PIN, or the cashier's own.</source>
        <translation>为 %1 交班：将记录本班合计并打印交班单。请输入店长 PIN，或收银员本人的 PIN。</translation>
    </message>
    <message>
        <source>%1 cannot confirm this handover: a manager's PIN is needed, or the cashier's own.</source>
        <translation>%1 不能确认此次交班：需要店长 PIN 或收银员本人的 PIN。</translation>
    </message>
    <message>
        <source>This shift was handed over a moment ago in another window; see the past handovers (Shift+F9).</source>
        <translation>本班刚刚已在另一个窗口交班；请查看历史交班单（Shift+F9）。</translation>
    </message>
    <message>
        <source>The computer's clock is behind the last handover. Check the clock, then try again.</source>
        <translation>电脑时钟早于上次交班时间。请检查时钟后重试。</translation>
    </message>
    <message>
        <source>The handover could not be recorded: %1</source>
        <translation>交班未能记录：%1</translation>
    </message>
</context>
<context>
    <name>gui::HistoryPage</name>
    <message>
        <source>All operations</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation><numerusform>%n 条</numerusform></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Request number</source>
        <translation>请求单号</translation>
    </message>
    <message>
        <source>Request-ID</source>
        <translation>Request-ID</translation>
    </message>
    <message>
        <source>WeChat time</source>
        <translation>微信时间</translation>
    </message>
    <message>
        <source>Staff / counter</source>
        <translation>员工 / 收银台</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>发送次数</translation>
    </message>
    <message>
        <source>WeChat code / message</source>
        <translation>微信错误码 / 信息</translation>
    </message>
    <message>
        <source>Settled by</source>
        <translation>确认方式</translation>
    </message>
    <message>
        <source>Settle now</source>
        <translation>立即核对</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to %1</source>
        <translation><numerusform>已导出 %n 条到 %1</numerusform></translation>
    </message>
    <message>
        <source>Close row %1 (%2, coupon %3) by hand? First check the coupon in the WeChat Pay merchant platform.</source>
        <translation>人工确认记录 %1（%2，券码 %3）？请先在微信支付商户平台核对此券。</translation>
    </message>
    <message>
        <source>Settle by hand</source>
        <translation>人工确认</translation>
    </message>
    <message>
        <source>It went through</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>It did not go through</source>
        <translation>未成功</translation>
    </message>
    <message>
        <source>How was it checked?</source>
        <translation>如何核对的？</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV for other programs (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV（供其他程序使用） (*.csv)</translation>
    </message>
    <message>
        <source>This shop</source>
        <translation>本店</translation>
    </message>
    <message>
        <source>Whole chain</source>
        <translation>全连锁</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Only this counter</source>
        <translation>本柜台</translation>
    </message>
    <message>
        <source>More than %1 rows</source>
        <translation>超过 %1 条</translation>
    </message>
</context>
<context>
    <name>gui::JournalModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>WeChat time</source>
        <translation>微信时间</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收银台</translation>
    </message>
</context>
<context>
    <name>gui::MainWindow</name>
    <message>
        <source>Redeem  F1</source>
        <translation>核销  F1</translation>
    </message>
    <message>
        <source>Void / Return  F2</source>
        <translation>作废/退券  F2</translation>
    </message>
    <message>
        <source>History  F3</source>
        <translation>记录  F3</translation>
    </message>
    <message>
        <source>Settings  F4</source>
        <translation>设置  F4</translation>
    </message>
    <message>
        <source>CouponDesk — DEMO</source>
        <translation>商家券核销台 — 演示</translation>
    </message>
    <message>
        <source>CouponDesk</source>
        <translation>商家券核销台</translation>
    </message>
    <message>
        <source>DEMO — practice mode on the built-in simulator; no real coupons are touched. Manager PIN: %1</source>
        <translation>演示模式 — 使用内置模拟器练习，不会动到真实的券。店长密码：%1</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>NOT CONFIGURED</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Merchant %1 · Counter %2 · On duty:</source>
        <translation>商户号 %1 · 收银台 %2 · 当班：</translation>
    </message>
    <message>
        <source>Not configured: fill in Settings, or start with --demo</source>
        <translation>尚未配置：请填写设置，或用 --demo 启动演示</translation>
    </message>
    <message>
        <source>Clock %1%2 s</source>
        <translation>时钟偏差 %1%2 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) not confirmed yet — the program keeps checking; see History.</source>
        <translation><numerusform>有 %n 笔操作结果未确认 — 程序正在自动核对，详见“记录”。</numerusform></translation>
    </message>
    <message>
        <source>About CouponDesk</source>
        <translation>关于商家券核销台</translation>
    </message>
    <message>
        <source>Bulk void needs a manager's PIN.</source>
        <translation>批量作废需要店长密码。</translation>
    </message>
    <message>
        <source>About CouponDesk (F12)</source>
        <translation>关于商家券核销台 (F12)</translation>
    </message>
    <message>
        <source>End shift  F9</source>
        <translation>交班  F9</translation>
    </message>
    <message>
        <source>Past handovers…  Shift+F9</source>
        <translation>历史交班单…  Shift+F9</translation>
    </message>
    <message>
        <source>Reports need a manager's PIN.</source>
        <translation>查看报表需要店长 PIN。</translation>
    </message>
    <message>
        <source>Reports  F6</source>
        <translation>报表  F6</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CouponDesk %1&lt;/h3&gt;&lt;p&gt;Redeem, void and track WeChat Pay merchant coupons at the counter.&lt;/p&gt;&lt;p&gt;MIT License · Qt %2 · %3&lt;/p&gt;&lt;p&gt;Keys: F1 Redeem · F2 Void/Return · F3 History · F4 Settings · F5 Check coupon · F6 Reports · F9 End shift (Shift+F9 past handovers) · F12 About&lt;/p&gt;</source>
        <translation>&lt;h3&gt;商家券核销台 %1&lt;/h3&gt;&lt;p&gt;在收银台核销、作废和查询微信支付商家券。&lt;/p&gt;&lt;p&gt;MIT 许可证 · Qt %2 · %3&lt;/p&gt;&lt;p&gt;快捷键：F1 核销 · F2 作废/退券 · F3 记录 · F4 设置 · F5 查券 · F6 报表 · F9 交班（Shift+F9 历史交班单） · F12 关于&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>gui::PinDialog</name>
    <message>
        <source>No manager is set up. Add one in Settings.</source>
        <translation>还没有设置店长，请在设置中添加。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n attempt(s) left before a 5-minute lockout.</source>
        <translation><numerusform>密码错误。再错 %n 次将锁定 5 分钟。</numerusform></translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked for %1 more minute(s).</source>
        <translation>密码错误次数过多：还需等待 %1 分钟。</translation>
    </message>
    <message>
        <source>This manager has no PIN yet; set one in Settings.</source>
        <translation>该店长还没有密码，请在设置中设置。</translation>
    </message>
    <message>
        <source>Unknown manager.</source>
        <translation>未知的店长。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Staff</source>
        <translation>员工(&amp;S)</translation>
    </message>
</context>
<context>
    <name>gui::RedeemPage</name>
    <message>
        <source>Coupon %1</source>
        <translation>券码 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 · valid %2 to %3</source>
        <translation>%1 · 有效期 %2 至 %3</translation>
    </message>
    <message>
        <source>Ready — scan a coupon</source>
        <translation>请扫码核销</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Add the shop's stocks in Settings first</source>
        <translation>请先在设置中添加本店的批次</translation>
    </message>
    <message>
        <source>Processing %1…</source>
        <translation>处理中：%1…</translation>
    </message>
    <message>
        <source>Coupon %1 · %2</source>
        <translation>券码 %1 · %2</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>请求号 %1</translation>
    </message>
    <message>
        <source>Coupon %1 · confirmed later · request %2</source>
        <translation>券码 %1 · 已补确认 · 请求号 %2</translation>
    </message>
    <message>
        <source>Last: %1 — %2</source>
        <translation>上一张：%1 — %2</translation>
    </message>
    <message>
        <source>Processing: %1</source>
        <translation>处理中：%1</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>下一张：%1</translation>
    </message>
    <message>
        <source>Type the order amount in yuan, e.g. 128.00</source>
        <translation>请按元填写订单金额，例如 128.00</translation>
    </message>
    <message>
        <source>The order amount "%1" is not an amount</source>
        <translation>订单金额“%1”不是有效金额</translation>
    </message>
    <message>
        <source>Correct it (or empty the field) and scan again; nothing was sent.</source>
        <translation>请改正（或清空）后重新扫码；没有发送任何请求。</translation>
    </message>
</context>
<context>
    <name>gui::ReportCharts</name>
    <message>
        <source>Redemptions per hour, by stock</source>
        <translation>每小时核销数（按券批次）</translation>
    </message>
    <message>
        <source>Redemptions per hour, by stock: none in this period</source>
        <translation>每小时核销数（按券批次）：本期间没有核销</translation>
    </message>
    <message>
        <source>Redemptions per day</source>
        <translation>每日核销数</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
</context>
<context>
    <name>gui::ReportExports</name>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message numerus="yes">
        <source>%n sheet(s) written to %1</source>
        <translation><numerusform>已将 %n 个工作表写入 %1</numerusform></translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Coupon report</source>
        <translation>商家券核销报表</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>期间：%1</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>范围：%1</translation>
    </message>
    <message>
        <source>Breakdown: %1</source>
        <translation>分组：%1</translation>
    </message>
    <message>
        <source>Made: %1</source>
        <translation>生成时间：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) written to %1</source>
        <translation><numerusform>已将 %n 页写入 %1</numerusform></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The chart was written to %1</source>
        <translation>图表已写入 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>gui::ReportPdf</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>gui::ReportTableModel</name>
    <message numerus="yes">
        <source>unknown (%n)</source>
        <translation><numerusform>未知（%n 笔）</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 + %n unknown</source>
        <translation><numerusform>%1 + %n 笔未知</numerusform></translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message numerus="yes">
        <source>The value of %n redemption(s) is not known: a percentage or exchange coupon redeemed without the order amount, or a stock whose rule was never looked up.</source>
        <translation><numerusform>有 %n 笔核销的价值未知：折扣券或兑换券核销时未录入订单金额，或从未查询过该批次的规则。</numerusform></translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Value at the till</source>
        <translation>收银台抵扣金额</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unsettled</source>
        <translation>未确认</translation>
    </message>
</context>
<context>
    <name>gui::ReportUnsettled</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Coupon code</source>
        <translation>券码</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Ask WeChat Pay how each of this counter's unsettled operations ended</source>
        <translation>向微信支付查询本柜台每笔未确认操作的结果</translation>
    </message>
    <message>
        <source>Only this counter's own rows are settled here; the others are settled at their counter</source>
        <translation>此处只能结算本柜台自己的记录；其他记录由其所在柜台结算</translation>
    </message>
    <message>
        <source>Settle now</source>
        <translation>立即核对</translation>
    </message>
</context>
<context>
    <name>gui::ReportsPage</name>
    <message>
        <source>This shift</source>
        <translation>本班</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source>Only this counter</source>
        <translation>本柜台</translation>
    </message>
    <message>
        <source>This shop</source>
        <translation>本店</translation>
    </message>
    <message>
        <source>One shop</source>
        <translation>指定门店</translation>
    </message>
    <message>
        <source>Whole chain</source>
        <translation>全连锁</translation>
    </message>
    <message>
        <source>By stock</source>
        <translation>按批次</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>按小时</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>By shop</source>
        <translation>按门店</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s) in this report have no final result yet: the counts may still change. Settle them below.</source>
        <translation><numerusform>有 %n 笔未确认结果：报表中的数字可能还会变化，请在下方结算。</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n redeemed · value at the till: %1</source>
        <translation><numerusform>已核销 %n 张 · 收银台抵扣金额：%1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The value at the till is not known for %n redemption(s) (percentage or exchange coupons redeemed without the order amount): the values shown leave them out.</source>
        <translation><numerusform>有 %n 笔核销的收银台抵扣金额未知（折扣券或兑换券核销时未录入订单金额）：所示金额不含这些核销。</numerusform></translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>收银台 %1</translation>
    </message>
    <message>
        <source>Shop %1</source>
        <translation>门店 %1</translation>
    </message>
    <message>
        <source>The chain database has no shops registered yet, so there is no shop to choose. Counters are registered with coupondesk-cli chain add-counter.</source>
        <translation>连锁库中还没有登记任何门店，没有门店可选。收银台用 coupondesk-cli chain add-counter 登记。</translation>
    </message>
</context>
<context>
    <name>gui::ResultPanel</name>
    <message>
        <source>Copy the result</source>
        <translation>复制结果</translation>
    </message>
</context>
<context>
    <name>gui::SettingsPage</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Merchant private key</source>
        <translation>商户私钥</translation>
    </message>
    <message>
        <source>Merchant certificate</source>
        <translation>商户证书</translation>
    </message>
    <message>
        <source>WeChat Pay public key</source>
        <translation>微信支付公钥</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>New PIN (4 to 12 digits):</source>
        <translation>新密码（4 到 12 位数字）：</translation>
    </message>
    <message>
        <source>a PIN is 4 to 12 digits</source>
        <translation>密码为 4 到 12 位数字</translation>
    </message>
    <message>
        <source>Settings can be changed by a manager only.</source>
        <translation>只有店长可以修改设置。</translation>
    </message>
    <message>
        <source>Platform certificates (APIv3 key)</source>
        <translation>平台证书（APIv3 密钥）</translation>
    </message>
    <message>
        <source>WeChat Pay public key (PUB_KEY_ID)</source>
        <translation>微信支付公钥 (PUB_KEY_ID)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>(read from the certificate)</source>
        <translation>（从证书读取）</translation>
    </message>
    <message>
        <source>Not saved — please fix:</source>
        <translation>未保存 — 请改正：</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Verification setup failed: %1</source>
        <translation>验签准备失败：%1</translation>
    </message>
    <message>
        <source>Verification keys ready. Add a stock to test a signed call.</source>
        <translation>验签密钥已就绪。添加批次后可测试签名调用。</translation>
    </message>
    <message>
        <source>clock difference %1 s</source>
        <translation>时钟偏差 %1 秒</translation>
    </message>
    <message>
        <source>clock difference unknown</source>
        <translation>时钟偏差未知</translation>
    </message>
    <message>
        <source>Signing OK · answer verified · %1 · stock "%2" found</source>
        <translation>签名正常 · 应答验签通过 · %1 · 找到批次“%2”</translation>
    </message>
    <message>
        <source>Manager %1 is set up. Fill in the settings and press Save.</source>
        <translation>店长 %1 已设置。请填写各项设置后按“保存”。</translation>
    </message>
    <message>
        <source>Set up the first manager…</source>
        <translation>设置第一位店长…</translation>
    </message>
    <message>
        <source>Unlock with manager PIN…</source>
        <translation>输入店长密码解锁…</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>网络：%1</translation>
    </message>
</context>
<context>
    <name>gui::VoidPage</name>
    <message>
        <source>Voiding and returning need a manager's PIN each time. Every action is recorded with the manager's name.</source>
        <translation>每次作废和退券都需要店长密码，并会记录店长姓名。</translation>
    </message>
    <message>
        <source>Void coupon %1 of %2?
Reason: %3
The customer will no longer be able to use it. This cannot be undone.</source>
        <translation>作废“%2”的券 %1？
原因：%3
作废后顾客将无法使用，且不能撤销。</translation>
    </message>
    <message>
        <source>Return coupon %1 of %2 to the customer?
It becomes usable again until its original expiry.</source>
        <translation>把“%2”的券 %1 退还给顾客？
退券后可在原有效期内再次使用。</translation>
    </message>
    <message>
        <source>Void coupon</source>
        <translation>作废券</translation>
    </message>
    <message>
        <source>Return coupon</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Confirmed by %1.</source>
        <translation>确认人：%1。</translation>
    </message>
    <message>
        <source>Coupon %1 · request %2</source>
        <translation>券码 %1 · 请求单号 %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Welcome to CouponDesk</source>
        <translation>欢迎使用商家券核销台</translation>
    </message>
    <message>
        <source>CouponDesk is not configured yet.

Try it first in demo mode on the built-in simulator, or enter your merchant's details now?</source>
        <translation>商家券核销台还没有配置。

先用内置模拟器体验演示模式，还是现在填写商户信息？</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>体验演示</translation>
    </message>
    <message>
        <source>Configure</source>
        <translation>去配置</translation>
    </message>
    <message>
        <source>Settings need attention</source>
        <translation>设置需要检查</translation>
    </message>
    <message>
        <source>Settings saved and in use.</source>
        <translation>设置已保存并生效。</translation>
    </message>
</context>
<context>
    <name>print::Slip</name>
    <message>
        <source>58 mm receipt</source>
        <translation>58 毫米小票</translation>
    </message>
    <message>
        <source>80 mm receipt</source>
        <translation>80 毫米小票</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>交班单</translation>
    </message>
    <message>
        <source>(+%1 of unknown value)</source>
        <translation>（另有 %1 张价值未知）</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Shift start</source>
        <translation>班次开始</translation>
    </message>
    <message>
        <source>Shift end</source>
        <translation>班次结束</translation>
    </message>
    <message>
        <source>Handover no.</source>
        <translation>交班单号</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Value at the till</source>
        <translation>收银台抵扣金额</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退券</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unsettled</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Some operations were not confirmed by WeChat Pay when the shift ended.</source>
        <translation>交班时仍有操作未得到微信支付确认。</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Printed at</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>By stock</source>
        <translation>按批次</translation>
    </message>
    <message>
        <source>plus %1 redemption(s) of unknown value (a percentage or exchange coupon without the order amount)</source>
        <translation>另有 %1 笔核销价值未知（折扣券或兑换券未录入订单金额）</translation>
    </message>
</context>
</TS>