// Opening the chain database (issue 18) from what a counter is given: a libpq URI
// (postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full&sslrootcert=PATH) and, apart from it, a password.
#pragma once

#include "history/result.h"

#include <QSqlDatabase>
#include <QString>

namespace history {

// A QPSQL connection under a name of its own (unique per call), opened, with NOTICEs kept off stderr.
// Refused before connecting: a URI that is not postgresql:// or postgres://, one carrying a password
// (passwords belong in the keychain, not in settings), query options other than sslmode, sslrootcert,
// sslcrl, connect_timeout and application_name, and a TLS mode weaker than verify-full towards a host
// other than the loopback. With no sslmode the connection uses verify-full (libpq's own default,
// `prefer`, would accept any certificate). Close with closeChainDatabase().
Result<QSqlDatabase> openChainDatabase(const QString &uri, const QString &password);
void closeChainDatabase(QSqlDatabase &db);

// Whether openChainDatabase failed because the server refused the login (wrong role or password, or
// no pg_hba.conf entry for it, or the role was removed by `chain remove-counter`) rather than because it
// could not be reached: libpq says so only in its message text (SQLSTATE 28P01 / 28000 are not passed on by
// QPSQL).
bool isLoginRefused(const Error &error);

} // namespace history
