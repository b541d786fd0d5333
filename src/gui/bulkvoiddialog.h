// Bulk void from a file (manager): choose, preview with per-row problems, start, watch, report.
#pragma once

#include "appcontext.h"

#include "desk/bulkvoid.h"

#include <QDialog>
#include <QLockFile>

#include <memory>

namespace Ui {
class BulkVoidDialog;
}

namespace gui {

class BulkVoidDialog final : public QDialog
{
    Q_OBJECT
public:
    BulkVoidDialog(AppContext &context, desk::StaffSession manager, QWidget *parent = nullptr);
    ~BulkVoidDialog() override;

    // Reads and previews a file (what "Choose file…" does after the file dialog).
    void loadFile(const QString &path);
    void start();
    desk::BulkVoidJob *job() const { return m_job.get(); }
    const desk::BulkPreview &preview() const { return m_preview; }

Q_SIGNALS:
    void jobFinished(const desk::BulkSummary &summary);

private:
    void reparse();
    void showPreview();
    void updateButtons();
    void saveReport();

    std::unique_ptr<Ui::BulkVoidDialog> ui;
    AppContext &m_ctx;
    desk::StaffSession m_manager;
    QString m_path;
    QByteArray m_bytes;
    desk::BulkPreview m_preview;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<desk::BulkVoidJob> m_job;
    QString m_manifestPath;
};

} // namespace gui
