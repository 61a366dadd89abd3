#pragma once

#include "config/OptionSpec.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

// The parsed values of every declared option (OptionSpec), and where each
// came from. Built from, in this order of precedence: the command line, the
// environment (DATAGATE_<OPTION>), the config file (--config FILE, INI), and
// the declared defaults. Config knows no option of its own beyond --config
// and --print-config: each layer and feed declares and reads its own.
class Config {
    Q_DECLARE_TR_FUNCTIONS(Config)

public:
    enum class Source { Default, File, Environment, CommandLine, Code };
    enum class Action { Run, ShowHelp, ShowVersion, PrintConfig, Fail };
    struct ParseResult;

    Config();
    // Every option at its default.
    explicit Config(const QList<OptionSpec> &specs);

    const QList<OptionSpec> &specs() const { return *m_specs; }
    const OptionSpec *spec(const QString &name) const;
    bool contains(const QString &name) const { return m_index.contains(name); }

    // The value of a declared option; reading an undeclared one is a bug (asserts).
    QVariant value(const QString &name) const;
    qint64 integer(const QString &name) const { return value(name).toLongLong(); }
    bool toggle(const QString &name) const { return value(name).toBool(); }
    QString text(const QString &name) const { return value(name).toString(); }
    QStringList list(const QString &name) const { return value(name).toStringList(); }
    QVariantMap map(const QString &name) const { return value(name).toMap(); }

    Source source(const QString &name) const;
    // "default", "command line", "environment (DATAGATE_PORT)", "config file /etc/datagate/datagate.conf".
    QString sourceText(const QString &name) const;
    // Sets a value from code (tests, the dashboard's retry on another port).
    void set(const QString &name, const QVariant &value);

    QString configFile() const { return m_configFile; }
    // The effective configuration as a config file would hold it, each value
    // preceded by a comment naming its source (--print-config).
    QString describe() const;
    // Names of the options whose values differ between the two.
    QStringList differences(const Config &other) const;

    // arguments includes the program name, as QCoreApplication::arguments() does.
    static ParseResult parse(const QList<OptionSpec> &specs, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(), const QString &description = {});
    // The same command line and environment with the config file read again
    // (SIGHUP): what a running process may re-apply.
    ParseResult reload() const;

private:
    struct Entry {
        QVariant value;
        Source source = Source::Default;
    };

    const Entry &entry(const QString &name) const;
    Entry &entry(const QString &name);

    std::shared_ptr<const QList<OptionSpec>> m_specs;
    QHash<QString, qsizetype> m_index;
    QList<Entry> m_entries;
    QString m_configFile;
    // What parse() was given, so that reload() can read the same layers again.
    QStringList m_arguments;
    QProcessEnvironment m_environment;
    QString m_description;
};

struct Config::ParseResult {
    Action action = Action::Fail;
    Config config;
    QString text; // help, version, the effective configuration or the error, ready to print
};
