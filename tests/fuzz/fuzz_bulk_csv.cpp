// libFuzzer target: the bulk-void CSV / code-list import (desk::parseBulkFile, pure).
// Properties: nothing crashes; every row is Ok, Invalid (with a reason) or a Duplicate of an
// earlier line; a refused file has no rows to send.
#include "desk/bulkvoid.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    desk::BulkParseOptions options;
    options.maxRows = 2000;
    if (data[0] & 1)
        options.stockId = QStringLiteral("1212000000000001");
    if (data[0] & 2)
        options.defaultReason = QStringLiteral("批量作废");
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const desk::BulkPreview preview = desk::parseBulkFile(bytes, options);
    if (!preview.isFileOk() && preview.canStart(true))
        std::abort(); // a refused file cannot start a job
    for (const desk::BulkRow &row : preview.rows) {
        if (row.status == desk::BulkRowStatus::Invalid && row.errors.isEmpty())
            std::abort(); // an invalid row says why
        if (row.status == desk::BulkRowStatus::Duplicate
            && (row.duplicateOfLine < 1 || row.duplicateOfLine >= row.line))
            std::abort(); // a duplicate points at an earlier line
    }
    (void)preview.validCount();
    (void)preview.invalidCount();
    (void)preview.duplicateCount();
    return 0;
}
