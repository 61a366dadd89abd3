// The log's model and filter: bounded, paused and resumed without losing
// what came meanwhile, filtered by level and text, fed by the real LogSink.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/model/LogFilterModel.h"
#include "gui/model/LogModel.h"
#include "gui/source/InProcessSource.h"
#include "logging/LogSink.h"

#include <QAbstractItemModelTester>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

namespace {

Q_LOGGING_CATEGORY(lcTest, "datagate.test")

quint64 s_seq = 0;

LogEntry entry(QtMsgType type, const QString &message, const QString &category = QStringLiteral("datagate.feed.btc"))
{
    LogEntry entry;
    entry.seq = ++s_seq;
    entry.time = QDateTime::currentDateTime();
    entry.type = type;
    entry.category = category;
    entry.message = message;
    return entry;
}

QStringList messages(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, LogModel::Message).data().toString());
    return result;
}

} // namespace

class tst_LogModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void passesModelTester();
    void keepsTheLatestWithinCapacity();
    void skipsWhatItHasSeen();
    void pauseHoldsEntriesUntilResumed();
    void filtersByLevel_data();
    void filtersByLevel();
    void searchesMessagesAndCategories();
    void linesForCopyAndSave();
    void fedByTheLogSink();
};

void tst_LogModel::passesModelTester()
{
    LogModel model(nullptr, 5);
    LogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({entry(QtInfoMsg, QStringLiteral("a")), entry(QtWarningMsg, QStringLiteral("b"))});
    filter.setMinimumSeverity(LogModel::Severity::Warning);
    model.append({entry(QtCriticalMsg, QStringLiteral("c")), entry(QtInfoMsg, QStringLiteral("d")), entry(QtInfoMsg, QStringLiteral("e")),
        entry(QtWarningMsg, QStringLiteral("f"))});
    filter.setSearchText(QStringLiteral("f"));
    model.setPaused(true);
    model.append({entry(QtInfoMsg, QStringLiteral("g"))});
    model.setPaused(false);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_LogModel::keepsTheLatestWithinCapacity()
{
    LogModel model(nullptr, 3);
    QList<LogEntry> batch;
    for (int i = 0; i < 10; ++i)
        batch.append(entry(QtInfoMsg, QString::number(i)));
    model.append(batch.mid(0, 2));
    model.append(batch.mid(2));
    QCOMPARE(messages(model), (QStringList {QStringLiteral("7"), QStringLiteral("8"), QStringLiteral("9")}));
}

void tst_LogModel::skipsWhatItHasSeen()
{
    LogModel model;
    const LogEntry first = entry(QtInfoMsg, QStringLiteral("first"));
    const LogEntry second = entry(QtInfoMsg, QStringLiteral("second"));
    model.append({first});
    model.append({first, second}); // a backlog and the next batch overlap
    QCOMPARE(messages(model), (QStringList {QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_LogModel::pauseHoldsEntriesUntilResumed()
{
    LogModel model;
    QSignalSpy held(&model, &LogModel::heldCountChanged);
    model.append({entry(QtInfoMsg, QStringLiteral("before"))});
    model.setPaused(true);
    model.append({entry(QtInfoMsg, QStringLiteral("while 1")), entry(QtInfoMsg, QStringLiteral("while 2"))});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.heldCount(), 2);
    QCOMPARE(held.last().at(0).value<qsizetype>(), 2);
    model.setPaused(false);
    QCOMPARE(messages(model), (QStringList {QStringLiteral("before"), QStringLiteral("while 1"), QStringLiteral("while 2")}));
    QCOMPARE(model.heldCount(), 0);
}

void tst_LogModel::filtersByLevel_data()
{
    QTest::addColumn<LogModel::Severity>("minimum");
    QTest::addColumn<QStringList>("shown");
    QTest::addRow("all") << LogModel::Severity::Debug
                         << QStringList {QStringLiteral("d"), QStringLiteral("i"), QStringLiteral("w"), QStringLiteral("c")};
    QTest::addRow("info") << LogModel::Severity::Info << QStringList {QStringLiteral("i"), QStringLiteral("w"), QStringLiteral("c")};
    QTest::addRow("warning") << LogModel::Severity::Warning << QStringList {QStringLiteral("w"), QStringLiteral("c")};
    QTest::addRow("error") << LogModel::Severity::Error << QStringList {QStringLiteral("c")};
}

void tst_LogModel::filtersByLevel()
{
    QFETCH(LogModel::Severity, minimum);
    QFETCH(QStringList, shown);
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    model.append({entry(QtDebugMsg, QStringLiteral("d")), entry(QtInfoMsg, QStringLiteral("i")), entry(QtWarningMsg, QStringLiteral("w")),
        entry(QtCriticalMsg, QStringLiteral("c"))});
    filter.setMinimumSeverity(minimum);
    QCOMPARE(messages(filter), shown);
    // New entries are filtered as they come.
    model.append({entry(QtDebugMsg, QStringLiteral("d2"))});
    QCOMPARE(filter.rowCount(), minimum == LogModel::Severity::Debug ? shown.size() + 1 : shown.size());
}

void tst_LogModel::searchesMessagesAndCategories()
{
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    model.append({entry(QtInfoMsg, QStringLiteral("listening on port 3000"), QStringLiteral("datagate.server")),
        entry(QtWarningMsg, QStringLiteral("coinbase: HTTP 503"), QStringLiteral("datagate.feed.btc")),
        entry(QtInfoMsg, QStringLiteral("random feed every 1000 ms"), QStringLiteral("datagate.feed.random"))});
    filter.setSearchText(QStringLiteral("HTTP"));
    QCOMPARE(messages(filter), QStringList {QStringLiteral("coinbase: HTTP 503")});
    filter.setSearchText(QStringLiteral("FEED."));
    QCOMPARE(filter.rowCount(), 2);
    filter.setSearchText(QStringLiteral("  "));
    QCOMPARE(filter.rowCount(), 3);
}

void tst_LogModel::linesForCopyAndSave()
{
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    const LogEntry one = entry(QtInfoMsg, QStringLiteral("one"));
    LogEntry warning = entry(QtWarningMsg, QStringLiteral("coinbase: HTTP 503"));
    warning.time = QDateTime(QDate(2025, 3, 1), QTime(12, 0, 1, 250));
    const LogEntry three = entry(QtInfoMsg, QStringLiteral("three"));
    model.append({one, warning, three});
    const QStringList lines = filter.lines({filter.index(2, 0), filter.index(1, 3), filter.index(1, 0)});
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("2025-03-01 12:00:01.250 warning datagate.feed.btc: coinbase: HTTP 503"));
    QVERIFY(lines.at(1).endsWith(QStringLiteral("info datagate.feed.btc: three")));
    filter.setMinimumSeverity(LogModel::Severity::Warning);
    QCOMPARE(filter.allLines(), QStringList {lines.at(0)});
}

void tst_LogModel::fedByTheLogSink()
{
    LogSink sink;
    qCInfo(lcTest) << "before the dashboard";
    QTest::qWait(0);
    InProcessSource source(Config(), &sink);
    LogModel model(&source);
    QVERIFY(messages(model).contains(QStringLiteral("before the dashboard")));
    qCWarning(lcTest) << "after it";
    QTRY_VERIFY(messages(model).contains(QStringLiteral("after it")));
    const int row = int(messages(model).indexOf(QStringLiteral("after it")));
    QCOMPARE(model.index(row, LogModel::Category).data().toString(), QStringLiteral("datagate.test"));
    QCOMPARE(model.index(row, LogModel::Level).data(LogModel::LevelRole).toInt(), int(LogModel::Severity::Warning));
    QCOMPARE(model.index(row, LogModel::Level).data().toString(), QStringLiteral("Warning"));
}

QTEST_GUILESS_MAIN(tst_LogModel)
#include "tst_logmodel.moc"
