#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

// One option of datagate, declared once by the layer or the feed it belongs
// to. The command line (--name), the environment (DATAGATE_NAME), the config
// file (key `name`), --help and --print-config are all generated from these
// declarations, so a default or a range is written in one place only.
struct OptionSpec {
    Q_DECLARE_TR_FUNCTIONS(OptionSpec)

public:
    // What a parser makes of an option's raw text: a value, or why not.
    struct Parsed {
        QVariant value;
        QString error; // ready to show a user, without the option's name
    };
    // values: one text per occurrence for repeatable options, else exactly one.
    using Parser = std::function<Parsed(const QStringList &values)>;

    // Whether a running server can take a new value on reload (SIGHUP) or
    // needs a restart.
    enum class Reload { Restart, Runtime };

    QString name; // "random-interval": --random-interval, DATAGATE_RANDOM_INTERVAL, key random-interval
    QString valueName; // "ms" in --help; empty for a switch
    QString help; // one sentence, translated, without the default
    QVariant defaultValue;
    QString defaultText; // the default as --help shows it; derived from defaultValue when empty
    Parser parse;
    bool repeatable = false; // each occurrence adds; the environment and the file separate values with spaces
    Reload reload = Reload::Restart;

    bool isSwitch() const { return valueName.isEmpty(); }
    QString environmentName() const;
    // The default as a config file or --print-config writes it.
    QString defaultAsText() const;

    OptionSpec &reloadable()
    {
        reload = Reload::Runtime;
        return *this;
    }

    // The common kinds of option. Texts passed in must already be translated.
    static OptionSpec toggle(const QString &name, const QString &help);
    static OptionSpec integer(
        const QString &name, const QString &valueName, const QString &help, qint64 defaultValue, qint64 min, qint64 max);
    // One of a few words, matched case-insensitively and stored lower case.
    static OptionSpec choice(
        const QString &name, const QString &valueName, const QString &help, const QString &defaultValue, const QStringList &choices);
    // Free text; validate returns an error, or an empty string to accept.
    static OptionSpec text(const QString &name, const QString &valueName, const QString &help, const QString &defaultValue,
        std::function<QString(const QString &)> validate = {});
    // A comma-separated list, trimmed, lower-cased, without duplicates or
    // empty entries; validate sees the list.
    static OptionSpec list(const QString &name, const QString &valueName, const QString &help, const QStringList &defaultValue,
        std::function<QString(const QStringList &)> validate = {});

    // Shared by the parsers and by anything that reads a yes/no text.
    static std::optional<bool> parseBool(const QString &text);
};
