// An Excel workbook (libxlsxwriter) that appears whole or not at all: written to "<path>.part" beside
// the target and renamed over it by commit(); dropped without commit() (an error half-way), the part
// file is closed and removed. The history export and the report export share it.
#pragma once

#include "result.h"

#include <QString>

#include <xlsxwriter.h>

namespace desk {

class XlsxFile
{
public:
    // With shared strings (libxlsxwriter's default, not constant_memory): the same codes and words
    // repeat a lot in these workbooks.
    explicit XlsxFile(const QString &path);
    ~XlsxFile();
    XlsxFile(const XlsxFile &) = delete;
    XlsxFile &operator=(const XlsxFile &) = delete;

    // nullptr when the part file could not be created: then openError() says so.
    lxw_workbook *book() const { return m_book; }
    Error openError() const;
    // Writes the workbook and puts it in place of `path`.
    Status commit();

private:
    QString m_path;
    QString m_partial;
    lxw_workbook *m_book = nullptr;
};

} // namespace desk
