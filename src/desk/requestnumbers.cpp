#include "requestnumbers.h"

#include "wechatpay/crypto.h"

#include <QRegularExpression>

namespace desk {

QString makeRequestNumber(const QString &counterId, history::Operation operation, const QDateTime &localTime)
{
    QChar op;
    switch (operation) {
    case history::Operation::Use:
        op = QLatin1Char('U');
        break;
    case history::Operation::Deactivate:
        op = QLatin1Char('D');
        break;
    case history::Operation::Return:
        op = QLatin1Char('R');
        break;
    case history::Operation::Query:
        op = QLatin1Char('Q');
        break;
    }
    return counterId + QLatin1Char('-') + op + localTime.toString(QStringLiteral("yyMMddHHmmss"))
        + QLatin1Char('-') + QString::fromLatin1(wechatpay::crypto::randomAlphanumeric(4));
}

bool isValidRequestNumber(const QString &requestNo)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z_-]{1,32}$"));
    return re.match(requestNo).hasMatch();
}

bool isValidCounterId(const QString &counterId)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z]{1,8}$"));
    return re.match(counterId).hasMatch();
}

} // namespace desk
