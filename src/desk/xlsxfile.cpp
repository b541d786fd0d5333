#include "xlsxfile_p.h"

#include "historymapping_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace desk {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(desk::XlsxFile)
};

// libxlsxwriter opens a UTF-8 name on Windows (lxw_fopen → _wfopen) and the native 8-bit name elsewhere.
QByteArray xlsxFileName(const QString &path)
{
#ifdef Q_OS_WIN
    return QDir::toNativeSeparators(path).toUtf8();
#else
    return QFile::encodeName(path);
#endif
}

} // namespace

XlsxFile::XlsxFile(const QString &path)
    : m_path(path)
    , m_partial(path + QStringLiteral(".part"))
{
    QFile::remove(m_partial);
    lxw_workbook_options options {};
    options.constant_memory = LXW_FALSE;
    m_book = workbook_new_opt(xlsxFileName(m_partial).constData(), &options);
}

XlsxFile::~XlsxFile()
{
    if (m_book) { // not committed: an error half-way leaves nothing behind
        workbook_close(m_book);
        QFile::remove(m_partial);
    }
}

Error XlsxFile::openError() const
{
    return exportError(Text::tr("Cannot create %1").arg(m_path));
}

Status XlsxFile::commit()
{
    lxw_workbook *book = m_book;
    m_book = nullptr;
    if (!book)
        return openError();
    if (const lxw_error rc = workbook_close(book); rc != LXW_NO_ERROR) {
        QFile::remove(m_partial);
        return exportError(Text::tr("Cannot write %1: %2").arg(m_path, QString::fromUtf8(lxw_strerror(rc))));
    }
    QFile::remove(m_path);
    if (!QFile::rename(m_partial, m_path))
        return exportError(Text::tr("Cannot write %1").arg(m_path));
    return {};
}

} // namespace desk
