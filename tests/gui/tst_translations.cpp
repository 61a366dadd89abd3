// The dashboard in German and in Spanish shows no English: every visible
// text of the window (labels, buttons, menus, tabs, headers, cells, tooltips,
// placeholders, chart legends) is checked against the source strings and
// their translations in translations/*.ts. A text that matches an English
// source but not its translation is untranslated; a text that matches
// neither is a string that bypassed tr(), unless it is data (numbers, times,
// names, addresses). The .ts files must be complete, too.
#include "FakeSource.h"
#include "GuiTestEnvironment.h"

#include "gui/Dashboard.h"
#include "gui/widgets/ChartsPanel.h"
#include "gui/widgets/HealthBadge.h"
#include "gui/widgets/MainWindow.h"
#include "gui/widgets/StartFailureBanner.h"
#include "gui/widgets/StreamChart.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString Price = QStringLiteral("bitcoinPrice");
const QString Random = QStringLiteral("randomNumber");

// What the test feeds the window: data, shown as it is in every language.
const QStringList InjectedData {QStringLiteral("coinbase"), QStringLiteral("kraken"),
    QStringLiteral("coinbase: HTTP 503 Service Unavailable"), QStringLiteral("kraken: timeout after 1000 ms"), QStringLiteral("datagate"),
    QStringLiteral("Socket.IO"), QStringLiteral("JSON"), Price, Random, QStringLiteral("datagate.feed.btc"),
    QStringLiteral("datagate.server")};

struct Message {
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    bool finished = false;
};

QList<Message> readTs(const QString &path)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("message")) {
                current = Message {context, {}, {}, false};
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (xml.name() == QLatin1String("source"))
                current.source = xml.readElementText();
            else if (xml.name() == QLatin1String("translation")) {
                current.finished = xml.attributes().value(QLatin1String("type")).isEmpty();
                if (!numerus) {
                    const QString text = xml.readElementText();
                    if (!text.trimmed().isEmpty())
                        current.translations.append(text);
                }
            } else if (xml.name() == QLatin1String("numerusform")) {
                current.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(current);
        }
    }
    return messages;
}

// A UI string as a pattern: its placeholders (%1, %L1, %n) match anything,
// captured so that what fills them can be checked in turn.
QRegularExpression patternOf(QString text)
{
    text.remove(QLatin1Char('&'));
    static const QRegularExpression placeholder(QStringLiteral(R"(%L?[0-9n])"));
    QStringList pieces;
    for (const QString &piece : text.split(placeholder))
        pieces.append(QRegularExpression::escape(piece));
    const QString pattern = pieces.join(QStringLiteral("(.+?)"));
    return QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'), QRegularExpression::DotMatchesEverythingOption);
}

class Checker {
public:
    explicit Checker(const QList<Message> &messages)
    {
        for (const Message &message : messages) {
            for (const QString &translation : message.translations)
                m_translated.append(patternOf(translation));
            m_sources.append({patternOf(message.source), message.source});
        }
    }

    // Empty when text is translated or data; else what is wrong with it.
    QString problem(const QString &raw, int depth = 0) const
    {
        QString text = raw;
        text.remove(QLatin1Char('&'));
        text = text.trimmed();
        if (text.isEmpty() || isData(text))
            return {};
        for (const QRegularExpression &pattern : m_translated) {
            const QRegularExpressionMatch match = pattern.match(text);
            if (!match.hasMatch())
                continue;
            bool fillsOk = true;
            for (int group = 1; group <= match.lastCapturedIndex() && fillsOk; ++group)
                fillsOk = depth < 3 && problem(match.captured(group), depth + 1).isEmpty();
            if (fillsOk)
                return {};
        }
        for (const auto &[pattern, source] : m_sources) {
            if (pattern.match(text).hasMatch())
                return QStringLiteral("untranslated: \"%1\" (source \"%2\")").arg(text, source);
        }
        return QStringLiteral("not from the translations: \"%1\"").arg(text);
    }

private:
    static bool isData(const QString &text)
    {
        // Numbers, prices, times and sizes in the locale's own format (its
        // spaces may be non-breaking), and dates with the locale's own names.
        static const QRegularExpression numbersAndTimes(QStringLiteral(R"(^[\d\s\x{00A0}\x{202F}.,:/%$€+\-—–()]*$)"));
        static const QRegularExpression dateTime(QStringLiteral(R"(\d{4}.*\d{1,2}:\d\d:\d\d)"));
        static const QRegularExpression address(QStringLiteral(R"(^\d+\.\d+\.\d+\.\d+(:\d+)?$)"));
        static const QRegularExpression url(QStringLiteral(R"(^(https?|wss?)://\S+$)"));
        // A monitored datagate's host and port, as in the window's title.
        static const QRegularExpression hostPort(QStringLiteral(R"(^[a-z0-9-]+(\.[a-z0-9-]+)+:\d+$)"));
        static const QRegularExpression sizes(QStringLiteral(R"(^[\d.,\s]+[\s\x{00A0}](bytes|Bytes|B|KiB|MiB|GiB)$)"));
        if (InjectedData.contains(text))
            return true;
        // A list of data, such as subscriptions.
        const QStringList parts = text.split(QStringLiteral(", "));
        if (parts.size() > 1 && std::all_of(parts.cbegin(), parts.cend(), [](const QString &part) { return InjectedData.contains(part); }))
            return true;
        return numbersAndTimes.match(text).hasMatch() || dateTime.match(text).hasMatch() || address.match(text).hasMatch()
            || url.match(text).hasMatch() || hostPort.match(text).hasMatch() || sizes.match(text).hasMatch();
    }

    QList<QRegularExpression> m_translated;
    QList<std::pair<QRegularExpression, QString>> m_sources;
};

void addAction(QStringList &texts, const QAction *action)
{
    texts << action->text() << action->toolTip() << action->statusTip();
    if (action->menu()) {
        texts << action->menu()->title();
        for (const QAction *child : action->menu()->actions())
            addAction(texts, child);
    }
}

void addItemView(QStringList &texts, const QAbstractItemView *view)
{
    const QAbstractItemModel *model = view->model();
    if (!model)
        return;
    const auto *table = qobject_cast<const QTableView *>(view);
    for (int column = 0; column < model->columnCount(); ++column) {
        if (table && table->isColumnHidden(column))
            continue;
        texts << model->headerData(column, Qt::Horizontal).toString()
              << model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
        for (int row = 0; row < std::min(model->rowCount(), 30); ++row) {
            // The log's own lines are data: they stay English by design.
            if (view->objectName() == QLatin1String("logTable") && (column == 2 || column == 3))
                continue;
            texts << model->index(row, column).data().toString() << model->index(row, column).data(Qt::ToolTipRole).toString();
        }
    }
}

// Every text a user can see in the window, its menus, tooltips and charts.
QStringList visibleTexts(QMainWindow &window)
{
    QStringList texts {window.windowTitle()};
    for (QWidget *widget : window.findChildren<QWidget *>()) {
        if (!widget->isVisibleTo(&window))
            continue;
        texts << widget->toolTip() << widget->accessibleName();
        if (auto *label = qobject_cast<QLabel *>(widget))
            texts << label->text();
        else if (auto *button = qobject_cast<QAbstractButton *>(widget))
            texts << button->text();
        else if (auto *edit = qobject_cast<QLineEdit *>(widget))
            texts << edit->placeholderText();
        else if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i)
                texts << combo->itemText(i);
        } else if (auto *tabs = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts << tabs->tabText(i) << tabs->tabToolTip(i);
        } else if (auto *view = qobject_cast<QAbstractItemView *>(widget)) {
            addItemView(texts, view);
        } else if (auto *badge = qobject_cast<HealthBadge *>(widget)) {
            texts << badge->name() << badge->word();
        }
        for (const QAction *action : widget->actions())
            addAction(texts, action);
    }
    for (const QAction *action : window.menuBar()->actions())
        addAction(texts, action);
    for (StreamChart *chart : window.findChildren<StreamChart *>()) {
        for (QLegendMarker *marker : chart->chart()->legend()->markers()) {
            if (marker->isVisible())
                texts << marker->label();
        }
    }
    QStringList lines;
    for (const QString &text : std::as_const(texts))
        lines += text.split(QLatin1Char('\n'));
    lines.removeDuplicates();
    return lines;
}

FeedHealth priceHealth()
{
    FeedHealth health;
    health.state = FeedHealth::State::Degraded;
    health.source = QStringLiteral("coinbase");
    health.latencyMs = 142;
    health.consecutiveFailures = 2;
    health.lastError = QStringLiteral("coinbase: HTTP 503 Service Unavailable");
    health.lastSuccessAt = QDateTime::currentDateTimeUtc().addSecs(-75);
    health.nextAttemptAt = QDateTime::currentDateTimeUtc().addSecs(9);
    FeedHealth::ProviderStats coinbase;
    coinbase.name = QStringLiteral("coinbase");
    coinbase.requests = 12;
    coinbase.successes = 9;
    coinbase.failures = 2;
    coinbase.rejected = 1;
    coinbase.consecutiveFailures = 2;
    coinbase.lastError = QStringLiteral("coinbase: HTTP 503 Service Unavailable");
    FeedHealth::ProviderStats kraken;
    kraken.name = QStringLiteral("kraken");
    kraken.requests = 3;
    kraken.failures = 3;
    kraken.consecutiveFailures = 3;
    kraken.lastError = QStringLiteral("kraken: timeout after 1000 ms");
    kraken.cooldownUntil = QDateTime::currentDateTimeUtc().addSecs(60);
    health.providers = {coinbase, kraken};
    return health;
}

ClientInfo client(quint64 id, ClientInfo::Protocol protocol, const QStringList &streams)
{
    ClientInfo info;
    info.id = id;
    info.protocol = protocol;
    info.peer = QStringLiteral("127.0.0.1:%1").arg(50000 + id);
    info.connectedAt = QDateTime::currentDateTime().addSecs(-30);
    info.streams = streams;
    info.messagesSent = 1234 * id;
    info.bytesQueued = id == 2 ? 3 * 1024 * 1024 : 0;
    return info;
}

LogEntry logEntry(quint64 seq, QtMsgType type, const QString &category, const QString &message)
{
    return {seq, QDateTime::currentDateTime(), type, category, message};
}

// A dashboard with something in every part: a degraded feed with failing
// and resting providers, a stale price, clients, warnings in the log.
void populate(FakeSource &source)
{
    source.setBacklog({logEntry(1, QtInfoMsg, QStringLiteral("datagate.server"), QStringLiteral("listening on any port 3000")),
        logEntry(2, QtWarningMsg, QStringLiteral("datagate.feed.btc"), QStringLiteral("coinbase: HTTP 503 Service Unavailable")),
        logEntry(3, QtCriticalMsg, QStringLiteral("datagate.feed.btc"), QStringLiteral("all providers failed"))});
    source.setState(DashboardSource::State::Live);
    FeedHealth random;
    random.state = FeedHealth::State::Healthy;
    random.lastSuccessAt = QDateTime::currentDateTimeUtc();
    source.setHealth(Random, random);
    source.setHealth(Price, priceHealth());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 40; ++i)
        source.tick(Random, (i * 37) % 100, {}, now - (40 - i) * 1000);
    for (int i = 0; i < 8; ++i)
        source.tick(Price, 97000.0 + i * 12.5,
            {{QStringLiteral("currency"), QStringLiteral("USD")}, {QStringLiteral("source"), QStringLiteral("coinbase")},
                {QStringLiteral("stale"), i >= 5}},
            now - (8 - i) * 5000);
    Q_EMIT source.clientsSampled({client(1, ClientInfo::Protocol::JsonWs, {Random}), client(2, ClientInfo::Protocol::SocketIo, {Price}),
        client(3, ClientInfo::Protocol::JsonWs, {Random, Price}), client(4, ClientInfo::Protocol::SocketIo, {})});
    TrafficStats stats;
    stats.protocols[TrafficStats::Json].connectionsOpen = 2;
    stats.protocols[TrafficStats::SocketIo].connectionsOpen = 2;
    Q_EMIT source.trafficSampled(stats);
    stats.protocols[TrafficStats::Json].messagesSent = 40;
    stats.protocols[TrafficStats::Json].bytesSent = 4000;
    QTest::qWait(1000);
    Q_EMIT source.trafficSampled(stats);
}

} // namespace

class tst_Translations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void cleanupTestCase() { GuiTestEnvironment::useLanguage(QStringLiteral("en")); }
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();
    void windowShowsNoEnglish_data();
    void windowShowsNoEnglish();
    void theCheckCatchesEnglish();
};

void tst_Translations::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::addRow("de") << QStringLiteral("de");
    QTest::addRow("es") << QStringLiteral("es");
}

void tst_Translations::tsFilesAreComplete()
{
    QFETCH(QString, language);
    const QList<Message> messages = readTs(QStringLiteral(DATAGATE_TS_DIR "/datagate_%1.ts").arg(language));
    QVERIFY(messages.size() > 150);
    QStringList unfinished;
    for (const Message &message : messages) {
        if (!message.finished || message.translations.isEmpty())
            unfinished.append(message.context + QStringLiteral(": ") + message.source);
    }
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QLatin1Char('\n'))));
}

void tst_Translations::windowShowsNoEnglish_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("monitored");
    for (const QString &language : {QStringLiteral("de"), QStringLiteral("es")}) {
        QTest::addRow("%s", qPrintable(language)) << language << false;
        // --monitor: connected, then out of reach (banner, countdown, unknown health).
        QTest::addRow("%s, monitoring", qPrintable(language)) << language << true;
    }
}

void tst_Translations::windowShowsNoEnglish()
{
    QFETCH(QString, language);
    QFETCH(bool, monitored);
    QVERIFY(GuiTestEnvironment::useLanguage(language));
    FakeSource source;
    const QUrl remote(QStringLiteral("http://gateway.example:3000"));
    if (monitored)
        source.setMonitored(remote);
    Dashboard dashboard(&source);
    dashboard.show();
    populate(source);
    QTest::qWait(400); // the coalesced values
    dashboard.window()->chartsPanel()->redraw();
    const Checker checker(readTs(QStringLiteral(DATAGATE_TS_DIR "/datagate_%1.ts").arg(language)));
    QStringList problems;
    QStringList texts;
    auto collect = [&] {
        for (int tab = 0; tab < dashboard.window()->tabs()->count(); ++tab) {
            dashboard.window()->tabs()->setCurrentIndex(tab);
            texts += visibleTexts(*dashboard.window());
        }
    };
    collect();
    if (monitored) {
        // As the remote source says it, in the language installed.
        source.setState(DashboardSource::State::Failed,
            QCoreApplication::translate("RemoteSource", "Cannot reach %1: nothing accepts connections on that port.")
                .arg(remote.toDisplayString()));
        collect();
        QVERIFY(dashboard.window()->banner()->isVisible());
    }
    texts.removeDuplicates();
    QVERIFY(texts.size() > 80); // the check did see the window
    for (const QString &text : std::as_const(texts)) {
        const QString problem = checker.problem(text);
        if (!problem.isEmpty())
            problems.append(problem);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_Translations::theCheckCatchesEnglish()
{
    const Checker checker(readTs(QStringLiteral(DATAGATE_TS_DIR "/datagate_de.ts")));
    QVERIFY(checker.problem(QStringLiteral("Letzter Fehler: coinbase: HTTP 503 Service Unavailable")).isEmpty());
    QVERIFY(checker.problem(QStringLiteral("vor 1 min 15 s")).isEmpty());
    QVERIFY(
        checker.problem(QStringLiteral("Last error: coinbase: HTTP 503 Service Unavailable")).startsWith(QLatin1String("untranslated")));
    QVERIFY(checker.problem(QStringLiteral("Bitcoin price")).startsWith(QLatin1String("untranslated")));
    QVERIFY(checker.problem(QStringLiteral("75 s ago")).startsWith(QLatin1String("untranslated")));
    QVERIFY(checker.problem(QStringLiteral("Hard-coded text")).startsWith(QLatin1String("not from the translations")));
    QVERIFY(checker.problem(QStringLiteral("127.0.0.1:50001")).isEmpty());
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
