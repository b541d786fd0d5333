// Checks the key and certificate files named on the settings page, one at a time and at once (as the
// shop owner picks them): does each file load, and do the private key and the certificate belong
// together. Plain words for the page beside each field; nothing is sent.
#pragma once

#include <QDateTime>
#include <QString>

namespace desk {

struct FileCheck
{
    enum class State { Empty, Ok, Problem };
    State state = State::Empty;
    QString text; // staff-facing: what loaded (serial, validity) or what is wrong

    bool ok() const { return state == State::Ok; }
};

struct KeyFilesCheck
{
    FileCheck privateKey; // merchant/private_key_file
    FileCheck certificate; // merchant/cert_file (also: matches the private key, still valid)
    FileCheck publicKey; // verify/public_key_file
    QString certSerial; // read from the certificate, empty when it does not load
};

// Paths as typed (native separators allowed); empty paths are Empty, not problems.
KeyFilesCheck checkKeyFiles(const QString &privateKeyFile, const QString &certFile,
    const QString &publicKeyFile, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace desk
