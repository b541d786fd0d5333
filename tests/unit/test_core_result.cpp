// core::Result: values and errors, and a lower layer's result passed up with its error converted
// (desk::Result from wechatpay::Result); move-only values survive the conversion.
#include "core/result.h"

#include <QString>
#include <QTest>

#include <memory>

namespace {

struct LowError
{
    QString code;
};

struct HighError
{
    HighError() = default;
    HighError(const LowError &low) // NOLINT(google-explicit-constructor)
        : what(QStringLiteral("low: ") + low.code)
    {
    }
    QString what;
};

template<typename T> using Low = core::Result<T, LowError>;
template<typename T> using High = core::Result<T, HighError>;

Low<int> lowValue(int v)
{
    return v;
}

Low<int> lowFailure()
{
    return LowError { QStringLiteral("GONE") };
}

} // namespace

class TestCoreResult : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holdsValueOrError()
    {
        const Low<int> ok = lowValue(7);
        QVERIFY(ok.ok());
        QCOMPARE(ok.value(), 7);
        const Low<int> bad = lowFailure();
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("GONE"));
    }

    void lowerResultPassesUpConverted()
    {
        const High<int> ok = lowValue(7);
        QVERIFY(ok.ok());
        QCOMPARE(ok.value(), 7);
        const High<int> bad = lowFailure();
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().what, QStringLiteral("low: GONE"));

        const High<void> fine = Low<void>();
        QVERIFY(fine.ok());
        const High<void> failed = Low<void>(LowError { QStringLiteral("X") });
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().what, QStringLiteral("low: X"));
    }

    void moveOnlyValueSurvivesConversion()
    {
        Low<std::unique_ptr<int>> low(std::make_unique<int>(42));
        High<std::unique_ptr<int>> high = std::move(low);
        QVERIFY(high.ok());
        QCOMPARE(*high.value(), 42);
    }

    void conversionNeedsAConstructor()
    {
        // No way from HighError back to LowError: the conversion exists only upwards.
        static_assert(std::is_convertible_v<Low<int>, High<int>>);
        static_assert(!std::is_convertible_v<High<int>, Low<int>>);
        static_assert(!core::ErrorConvertibleTo<HighError, HighError>);
    }
};

QTEST_GUILESS_MAIN(TestCoreResult)
#include "test_core_result.moc"
