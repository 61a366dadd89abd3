// Config: the generic holder of options that every layer declares. These
// cases use options declared here, so they test the mechanism (layers,
// precedence, the file, --print-config, reload) and not any option of
// datagate's; tests/app/tst_options covers the real ones. Every case passes
// an environment built here, never the real one.
#include "config/Config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Action = Config::Action;

char *toString(Action action)
{
    switch (action) {
    case Action::Run: return qstrdup("Run");
    case Action::ShowHelp: return qstrdup("ShowHelp");
    case Action::ShowVersion: return qstrdup("ShowVersion");
    case Action::PrintConfig: return qstrdup("PrintConfig");
    case Action::Fail: return qstrdup("Fail");
    }
    return qstrdup("?");
}

char *toString(Config::Source source)
{
    switch (source) {
    case Config::Source::Default: return qstrdup("Default");
    case Config::Source::File: return qstrdup("File");
    case Config::Source::Environment: return qstrdup("Environment");
    case Config::Source::CommandLine: return qstrdup("CommandLine");
    case Config::Source::Code: return qstrdup("Code");
    }
    return qstrdup("?");
}

namespace {

QList<OptionSpec> specs()
{
    OptionSpec pairs;
    pairs.name = QStringLiteral("pair");
    pairs.valueName = QStringLiteral("k=v");
    pairs.help = QStringLiteral("A repeatable key=value.");
    pairs.defaultValue = QStringList();
    pairs.repeatable = true;
    pairs.parse = [](const QStringList &values) -> OptionSpec::Parsed {
        for (const QString &value : values) {
            if (!value.contains(QLatin1Char('=')))
                return {{}, QStringLiteral("expected k=v, not \"%1\"").arg(value)};
        }
        return {values, {}};
    };
    return {
        OptionSpec::integer(QStringLiteral("count"), QStringLiteral("n"), QStringLiteral("A number."), 7, 1, 100),
        OptionSpec::toggle(QStringLiteral("quiet"), QStringLiteral("A switch.")),
        OptionSpec::choice(QStringLiteral("colour"), QStringLiteral("name"), QStringLiteral("One of a few."), QStringLiteral("red"),
            {QStringLiteral("red"), QStringLiteral("green")}),
        OptionSpec::list(QStringLiteral("items"), QStringLiteral("list"), QStringLiteral("A list."), {QStringLiteral("a")}),
        OptionSpec::text(QStringLiteral("name"), QStringLiteral("text"), QStringLiteral("Free text."), QString()),
        pairs,
    };
}

QProcessEnvironment environment(const QStringList &assignments)
{
    QProcessEnvironment env;
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        env.insert(assignment.left(eq), assignment.sliced(eq + 1));
    }
    return env;
}

Config::ParseResult parse(const QStringList &arguments, const QStringList &env = {})
{
    return Config::parse(specs(), QStringList {QStringLiteral("prog")} + arguments, environment(env));
}

} // namespace

class tst_Config final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaults();
    void precedence_data();
    void precedence();
    void fileKinds();
    void fileErrors_data();
    void fileErrors();
    void higherLayerHidesAnInvalidLowerOne();
    void configFromEnvironment();
    void emptySwitchInEnvironment();
    void printConfigRoundTrips();
    void reloadReadsTheFileAgain();
    void setFromCode();
    void helpShowsDefaults();

private:
    QString writeFile(const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Config::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_Config::writeFile(const QString &text)
{
    const QString path = m_dir->filePath(QStringLiteral("test.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text.toUtf8());
    return path;
}

void tst_Config::defaults()
{
    const Config config(specs());
    QCOMPARE(config.integer(QStringLiteral("count")), 7);
    QCOMPARE(config.toggle(QStringLiteral("quiet")), false);
    QCOMPARE(config.text(QStringLiteral("colour")), QStringLiteral("red"));
    QCOMPARE(config.list(QStringLiteral("items")), QStringList {QStringLiteral("a")});
    for (const OptionSpec &spec : config.specs())
        QCOMPARE(config.source(spec.name), Config::Source::Default);

    const Config::ParseResult parsed = parse({});
    QCOMPARE(parsed.action, Action::Run);
    QCOMPARE(parsed.config.differences(config), QStringList());
}

void tst_Config::precedence_data()
{
    QTest::addColumn<bool>("inFile");
    QTest::addColumn<bool>("inEnvironment");
    QTest::addColumn<bool>("onCommandLine");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<Config::Source>("source");

    // The file says 10, the environment 20, the command line 30.
    QTest::addRow("nothing") << false << false << false << qint64(7) << Config::Source::Default;
    QTest::addRow("file") << true << false << false << qint64(10) << Config::Source::File;
    QTest::addRow("environment") << false << true << false << qint64(20) << Config::Source::Environment;
    QTest::addRow("command line") << false << false << true << qint64(30) << Config::Source::CommandLine;
    QTest::addRow("environment over file") << true << true << false << qint64(20) << Config::Source::Environment;
    QTest::addRow("command line over file") << true << false << true << qint64(30) << Config::Source::CommandLine;
    QTest::addRow("command line over environment") << false << true << true << qint64(30) << Config::Source::CommandLine;
    QTest::addRow("command line over both") << true << true << true << qint64(30) << Config::Source::CommandLine;
}

void tst_Config::precedence()
{
    QFETCH(bool, inFile);
    QFETCH(bool, inEnvironment);
    QFETCH(bool, onCommandLine);
    QFETCH(qint64, expected);
    QFETCH(Config::Source, source);

    const QString file = writeFile(QStringLiteral("count=10\nquiet=true\n"));
    QStringList arguments;
    if (inFile)
        arguments << QStringLiteral("--config") << file;
    if (onCommandLine)
        arguments << QStringLiteral("--count") << QStringLiteral("30");
    const QStringList env = inEnvironment ? QStringList {QStringLiteral("DATAGATE_COUNT=20")} : QStringList();

    const Config::ParseResult parsed = parse(arguments, env);
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    QCOMPARE(parsed.config.integer(QStringLiteral("count")), expected);
    QCOMPARE(parsed.config.source(QStringLiteral("count")), source);
    // Another option is untouched by the layers that do not name it.
    QCOMPARE(parsed.config.toggle(QStringLiteral("quiet")), inFile);
}

void tst_Config::fileKinds()
{
    const QString file = writeFile(QStringLiteral("; a comment\n"
                                                  "# another\n"
                                                  "count = 12 ; trailing comment\n"
                                                  "colour=GREEN\n"
                                                  "items = x, y ,x\n"
                                                  "pair = a=1 b=2\n"
                                                  "name = two words\n"));
    const Config::ParseResult parsed = parse({QStringLiteral("--config"), file});
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    const Config &config = parsed.config;
    QCOMPARE(config.integer(QStringLiteral("count")), 12);
    QCOMPARE(config.text(QStringLiteral("colour")), QStringLiteral("green"));
    QCOMPARE(config.list(QStringLiteral("items")), (QStringList {QStringLiteral("x"), QStringLiteral("y")}));
    QCOMPARE(config.list(QStringLiteral("pair")), (QStringList {QStringLiteral("a=1"), QStringLiteral("b=2")}));
    QCOMPARE(config.text(QStringLiteral("name")), QStringLiteral("two words"));
    QCOMPARE(config.configFile(), file);
    QVERIFY(config.sourceText(QStringLiteral("count")).contains(file));
}

void tst_Config::fileErrors_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QStringList>("mentions");

    QTest::addRow("unknown key") << QStringLiteral("count=3\nfrobnicate=1\n")
                                 << QStringList {QStringLiteral("test.conf"), QStringLiteral("frobnicate"), QStringLiteral("unknown key")};
    QTest::addRow("key in a section") << QStringLiteral("[server]\ncount=3\n")
                                      << QStringList {QStringLiteral("test.conf"), QStringLiteral("server/count")};
    QTest::addRow("bad integer") << QStringLiteral("count=lots\n")
                                 << QStringList {QStringLiteral("test.conf"), QStringLiteral("count"), QStringLiteral("lots"),
                                        QStringLiteral("from 1 to 100")};
    QTest::addRow("out of range") << QStringLiteral("count=101\n") << QStringList {QStringLiteral("count"), QStringLiteral("101")};
    QTest::addRow("bad switch") << QStringLiteral("quiet=perhaps\n") << QStringList {QStringLiteral("quiet"), QStringLiteral("perhaps")};
    QTest::addRow("bad choice") << QStringLiteral("colour=blue\n") << QStringList {QStringLiteral("colour"), QStringLiteral("red, green")};
    QTest::addRow("bad repeatable entry") << QStringLiteral("pair=a=1 b\n")
                                          << QStringList {QStringLiteral("pair"), QStringLiteral("\"b\"")};
}

void tst_Config::fileErrors()
{
    QFETCH(QString, content);
    QFETCH(QStringList, mentions);

    const Config::ParseResult parsed = parse({QStringLiteral("--config"), writeFile(content)});
    QCOMPARE(parsed.action, Action::Fail);
    for (const QString &mention : mentions)
        QVERIFY2(parsed.text.contains(mention), qPrintable(QStringLiteral("\"%1\" does not name %2").arg(parsed.text, mention)));

    // A file that cannot be read at all.
    const Config::ParseResult missing = parse({QStringLiteral("--config"), m_dir->filePath(QStringLiteral("none.conf"))});
    QCOMPARE(missing.action, Action::Fail);
    QVERIFY2(missing.text.contains(QStringLiteral("none.conf")), qPrintable(missing.text));
}

void tst_Config::higherLayerHidesAnInvalidLowerOne()
{
    // Only the value in force is checked: an operator can override a bad
    // file or environment entry from the command line and start.
    const QString file = writeFile(QStringLiteral("count=lots\n"));
    Config::ParseResult parsed = parse({QStringLiteral("--config"), file, QStringLiteral("--count"), QStringLiteral("5")});
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    QCOMPARE(parsed.config.integer(QStringLiteral("count")), 5);
    parsed = parse({QStringLiteral("--config"), file}, {QStringLiteral("DATAGATE_COUNT=6")});
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    QCOMPARE(parsed.config.integer(QStringLiteral("count")), 6);
    parsed = parse({QStringLiteral("--count"), QStringLiteral("8")}, {QStringLiteral("DATAGATE_COUNT=many")});
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    // But an unknown key is refused whatever else says.
    parsed = parse({QStringLiteral("--config"), writeFile(QStringLiteral("cuont=1\n")), QStringLiteral("--count"), QStringLiteral("5")});
    QCOMPARE(parsed.action, Action::Fail);
}

void tst_Config::configFromEnvironment()
{
    const QString file = writeFile(QStringLiteral("count=11\n"));
    Config::ParseResult parsed = parse({}, {QStringLiteral("DATAGATE_CONFIG=") + file});
    QVERIFY2(parsed.action == Action::Run, qPrintable(parsed.text));
    QCOMPARE(parsed.config.integer(QStringLiteral("count")), 11);

    // --config names another file than the environment: the command line wins.
    const QString other = m_dir->filePath(QStringLiteral("other.conf"));
    QFile otherFile(other);
    QVERIFY(otherFile.open(QIODevice::WriteOnly));
    otherFile.write("count=13\n");
    otherFile.close();
    parsed = parse({QStringLiteral("--config"), other}, {QStringLiteral("DATAGATE_CONFIG=") + file});
    QCOMPARE(parsed.config.integer(QStringLiteral("count")), 13);
}

void tst_Config::emptySwitchInEnvironment()
{
    // DATAGATE_QUIET= (set, empty) turns the switch on, as a bare --quiet does.
    QCOMPARE(parse({}, {QStringLiteral("DATAGATE_QUIET=")}).config.toggle(QStringLiteral("quiet")), true);
    QCOMPARE(parse({}, {QStringLiteral("DATAGATE_QUIET=off")}).config.toggle(QStringLiteral("quiet")), false);
    QCOMPARE(parse({QStringLiteral("--quiet")}).config.toggle(QStringLiteral("quiet")), true);
}

void tst_Config::printConfigRoundTrips()
{
    const QString file = writeFile(QStringLiteral("colour=green\n"));
    const Config::ParseResult printed =
        parse({QStringLiteral("--config"), file, QStringLiteral("--count"), QStringLiteral("42"), QStringLiteral("--print-config"),
                  QStringLiteral("--pair"), QStringLiteral("a=1"), QStringLiteral("--pair"), QStringLiteral("b=2")},
            {QStringLiteral("DATAGATE_ITEMS=p,q")});
    QCOMPARE(printed.action, Action::PrintConfig);
    // Each value with where it came from.
    const QStringList lines = printed.text.split(QLatin1Char('\n'));
    auto lineOf = [&lines](const QString &key) {
        for (const QString &line : lines) {
            if (line.startsWith(key + QLatin1Char('=')))
                return line;
        }
        return QString();
    };
    QVERIFY2(lineOf(QStringLiteral("count")).contains(QStringLiteral("command line")), qPrintable(printed.text));
    QVERIFY2(lineOf(QStringLiteral("colour")).contains(file), qPrintable(printed.text));
    QVERIFY2(lineOf(QStringLiteral("items")).contains(QStringLiteral("DATAGATE_ITEMS")), qPrintable(printed.text));
    QVERIFY2(lineOf(QStringLiteral("quiet")).contains(QStringLiteral("default")), qPrintable(printed.text));

    // And it is a config file that gives the same configuration.
    const QString copy = m_dir->filePath(QStringLiteral("printed.conf"));
    QFile out(copy);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(printed.text.toUtf8());
    out.close();
    const Config::ParseResult again = parse({QStringLiteral("--config"), copy});
    QVERIFY2(again.action == Action::Run, qPrintable(again.text));
    QCOMPARE(again.config.differences(printed.config), QStringList());
}

void tst_Config::reloadReadsTheFileAgain()
{
    const QString file = writeFile(QStringLiteral("count=10\ncolour=green\n"));
    const Config::ParseResult first = parse({QStringLiteral("--config"), file, QStringLiteral("--colour"), QStringLiteral("red")});
    QVERIFY2(first.action == Action::Run, qPrintable(first.text));

    writeFile(QStringLiteral("count=20\ncolour=green\nquiet=yes\n"));
    const Config::ParseResult second = first.config.reload();
    QVERIFY2(second.action == Action::Run, qPrintable(second.text));
    QCOMPARE(second.config.integer(QStringLiteral("count")), 20);
    // The command line still wins over the file.
    QCOMPARE(second.config.text(QStringLiteral("colour")), QStringLiteral("red"));
    QCOMPARE(second.config.differences(first.config), (QStringList {QStringLiteral("count"), QStringLiteral("quiet")}));

    writeFile(QStringLiteral("count=zero\n"));
    const Config::ParseResult broken = first.config.reload();
    QCOMPARE(broken.action, Action::Fail);
    QVERIFY(broken.text.contains(QStringLiteral("zero")));
}

void tst_Config::setFromCode()
{
    Config config(specs());
    config.set(QStringLiteral("count"), qint64(99));
    QCOMPARE(config.integer(QStringLiteral("count")), 99);
    QCOMPARE(config.source(QStringLiteral("count")), Config::Source::Code);
    QCOMPARE(config.differences(Config(specs())), QStringList {QStringLiteral("count")});
}

void tst_Config::helpShowsDefaults()
{
    const Config::ParseResult parsed = parse({QStringLiteral("--help")});
    QCOMPARE(parsed.action, Action::ShowHelp);
    const QString help = parsed.text.simplified();
    QVERIFY2(help.contains(QStringLiteral("A number (default: 7).")), qPrintable(help));
    QVERIFY2(help.contains(QStringLiteral("One of a few (default: red).")), qPrintable(help));
    QVERIFY2(help.contains(QStringLiteral("A list (default: a).")), qPrintable(help));
    // A switch is off unless given; an empty default is not shown.
    QVERIFY2(help.contains(QStringLiteral("A switch.")) && !help.contains(QStringLiteral("A switch (default")), qPrintable(help));
    QVERIFY2(help.contains(QStringLiteral("Free text.")) && !help.contains(QStringLiteral("Free text (default")), qPrintable(help));
    for (const OptionSpec &spec : specs())
        QVERIFY2(help.contains(QStringLiteral("--") + spec.name), qPrintable(spec.name));
}

QTEST_GUILESS_MAIN(tst_Config)

#include "tst_config.moc"
