// Numbered schema migrations. A migration is never edited once released: add a new one.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace history {

struct Migration
{
    int version = 0; // the schema version after this migration
    QString description;
    QStringList statements;
};

// The newest schema this program knows; a file whose schema_version is greater is refused.
inline constexpr int kSchemaVersion = 4;

// Ascending by version, versions 1..kSchemaVersion without gaps.
const QList<Migration> &migrations();

} // namespace history
