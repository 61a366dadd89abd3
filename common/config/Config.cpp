#include "config/Config.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

namespace {

const QString ConfigOptionName = QStringLiteral("config");
const QString PrintConfigOptionName = QStringLiteral("print-config");
const QString ConfigEnvironmentName = QStringLiteral("DATAGATE_CONFIG");

QString helpWithDefault(const OptionSpec &spec)
{
    const QString shown = spec.defaultText.isEmpty() ? spec.defaultAsText() : spec.defaultText;
    if (spec.isSwitch() || shown.isEmpty())
        return spec.help;
    // "Sentence. " -> "Sentence (default: x)."
    const bool period = spec.help.endsWith(QLatin1Char('.'));
    return (period ? spec.help.chopped(1) : spec.help) + QLatin1Char(' ') + Config::tr("(default: %1)").arg(shown)
        + (period ? QStringLiteral(".") : QString());
}

// A value as a config file (and --print-config) writes it.
QString valueText(const OptionSpec &spec, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QStringList: return value.toStringList().join(spec.repeatable ? QLatin1Char(' ') : QLatin1Char(','));
    case QMetaType::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        QStringList pairs;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            pairs.append(it.key() + QLatin1Char('=') + it.value().toString());
        return pairs.join(QLatin1Char(' '));
    }
    default: return value.toString();
    }
}

// The environment and the config file hold one text per option; repeatable
// options separate their values with spaces there.
QStringList splitLayerText(const OptionSpec &spec, const QString &text)
{
    if (spec.repeatable)
        return text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    return {text};
}

} // namespace

Config::Config()
    : m_specs(std::make_shared<const QList<OptionSpec>>())
{
}

Config::Config(const QList<OptionSpec> &specs)
    : m_specs(std::make_shared<const QList<OptionSpec>>(specs))
{
    m_entries.reserve(specs.size());
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const OptionSpec &spec = specs.at(i);
        Q_ASSERT_X(!m_index.contains(spec.name), "Config", "an option is declared twice");
        m_index.insert(spec.name, i);
        m_entries.append({spec.defaultValue, Source::Default});
    }
}

const OptionSpec *Config::spec(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_specs->at(it.value());
}

const Config::Entry &Config::entry(const QString &name) const
{
    const auto it = m_index.constFind(name);
    Q_ASSERT_X(it != m_index.constEnd(), "Config", qPrintable(QStringLiteral("undeclared option --") + name));
    return m_entries.at(it.value());
}

Config::Entry &Config::entry(const QString &name)
{
    const auto it = m_index.constFind(name);
    Q_ASSERT_X(it != m_index.constEnd(), "Config", qPrintable(QStringLiteral("undeclared option --") + name));
    return m_entries[it.value()];
}

QVariant Config::value(const QString &name) const
{
    return entry(name).value;
}

Config::Source Config::source(const QString &name) const
{
    return entry(name).source;
}

QString Config::sourceText(const QString &name) const
{
    switch (source(name)) {
    case Source::Default: return tr("default");
    case Source::File: return tr("config file %1").arg(m_configFile);
    case Source::Environment: return tr("environment (%1)").arg(spec(name)->environmentName());
    case Source::CommandLine: return tr("command line");
    case Source::Code: return tr("set by the application");
    }
    return {};
}

void Config::set(const QString &name, const QVariant &value)
{
    Entry &slot = entry(name);
    slot.value = value;
    slot.source = Source::Code;
}

QString Config::describe() const
{
    QString out = QStringLiteral("; datagate %1: the effective configuration, as a config file holds it,\n"
                                 "; each value followed by where it came from.\n")
                      .arg(QCoreApplication::applicationVersion().isEmpty() ? QStringLiteral(DATAGATE_VERSION)
                                                                            : QCoreApplication::applicationVersion());
    QStringList lines;
    qsizetype width = 0;
    for (qsizetype i = 0; i < m_specs->size(); ++i) {
        lines.append(m_specs->at(i).name + QLatin1Char('=') + valueText(m_specs->at(i), m_entries.at(i).value));
        width = std::max(width, lines.constLast().size());
    }
    // QSettings reads "; …" after a value as a comment, so this is a config file too.
    for (qsizetype i = 0; i < lines.size(); ++i)
        out += lines.at(i).leftJustified(width + 2) + QStringLiteral("; ") + sourceText(m_specs->at(i).name) + QLatin1Char('\n');
    return out;
}

QStringList Config::differences(const Config &other) const
{
    QStringList names;
    for (qsizetype i = 0; i < m_specs->size(); ++i) {
        const QString &name = m_specs->at(i).name;
        if (!other.contains(name) || other.value(name) != m_entries.at(i).value)
            names.append(name);
    }
    return names;
}

Config::ParseResult Config::parse(
    const QList<OptionSpec> &specs, const QStringList &arguments, const QProcessEnvironment &environment, const QString &description)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption configOption(ConfigOptionName,
        tr("Read options from this INI file; the keys are the option names (also DATAGATE_CONFIG)."), QStringLiteral("file"));
    const QCommandLineOption printConfigOption(
        PrintConfigOptionName, tr("Print the effective configuration and where each value came from, then exit."));
    parser.addOption(configOption);
    parser.addOption(printConfigOption);

    QList<QCommandLineOption> options;
    options.reserve(specs.size());
    for (const OptionSpec &spec : specs) {
        options.append(QCommandLineOption(spec.name, helpWithDefault(spec), spec.valueName));
        parser.addOption(options.constLast());
    }

    ParseResult result;
    if (!parser.parse(arguments)) {
        result.text = parser.errorText();
        return result;
    }
    // addHelpOption() also adds --help-all, which the help text advertises.
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        result.action = Action::ShowHelp;
        result.text = parser.helpText();
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.action = Action::ShowVersion;
        result.text = QStringLiteral("datagate ") + QStringLiteral(DATAGATE_VERSION);
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.text = tr("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst());
        return result;
    }

    Config config(specs);
    config.m_arguments = arguments;
    config.m_environment = environment;
    config.m_description = description;

    auto apply = [&config](qsizetype index, const QStringList &values, Source source) -> QString {
        const OptionSpec &spec = config.m_specs->at(index);
        const OptionSpec::Parsed parsed = spec.parse(values);
        if (!parsed.error.isEmpty())
            return parsed.error;
        config.m_entries[index] = {parsed.value, source};
        return {};
    };

    // Each option takes its value from the highest layer that sets it, and
    // only that value is checked: the command line beats the environment and
    // the file, even when they hold something invalid.
    enum class Layer { None, File, Environment, CommandLine };
    QList<Layer> highest(specs.size(), Layer::None);
    for (qsizetype i = 0; i < specs.size(); ++i) {
        if (parser.isSet(options.at(i)))
            highest[i] = Layer::CommandLine;
        else if (environment.contains(specs.at(i).environmentName()))
            highest[i] = Layer::Environment;
    }

    // The config file, from the command line or the environment. Its keys
    // are all checked, so that a typo never goes unnoticed.
    QString file = parser.value(configOption);
    if (file.isEmpty())
        file = environment.value(ConfigEnvironmentName);
    if (!file.isEmpty()) {
        config.m_configFile = QFileInfo(file).absoluteFilePath();
        const QFileInfo info(file);
        if (!info.isFile() || !info.isReadable()) {
            result.text = tr("cannot read the config file %1").arg(file);
            return result;
        }
        QSettings settings(file, QSettings::IniFormat);
        if (settings.status() != QSettings::NoError) {
            result.text = tr("%1: not a valid INI file").arg(file);
            return result;
        }
        const QStringList keys = settings.allKeys();
        for (const QString &key : keys) {
            const auto it = config.m_index.constFind(key);
            if (it == config.m_index.constEnd()) {
                result.text = key.contains(QLatin1Char('/'))
                    ? tr("%1: unknown key \"%2\": options are keys outside any [section]").arg(file, key)
                    : tr("%1: unknown key \"%2\"; every command-line option is a key, e.g. port=3000").arg(file, key);
                return result;
            }
            if (highest.at(it.value()) != Layer::None)
                continue;
            // A value with commas is read as a list; its text is what was written.
            const QVariant raw = settings.value(key);
            const QString text = raw.typeId() == QMetaType::QStringList ? raw.toStringList().join(QLatin1Char(',')) : raw.toString();
            const OptionSpec &spec = config.m_specs->at(it.value());
            if (const QString error = apply(it.value(), splitLayerText(spec, text), Source::File); !error.isEmpty()) {
                result.text = tr("%1: invalid value \"%2\" for key %3: %4").arg(file, text, key, error);
                return result;
            }
        }
    }

    for (qsizetype i = 0; i < specs.size(); ++i) {
        const OptionSpec &spec = specs.at(i);
        if (highest.at(i) == Layer::Environment) {
            const QString envName = spec.environmentName();
            const QString text = environment.value(envName);
            // A switch set to an empty value is on: DATAGATE_NO_GUI= reads as "set".
            const QStringList values =
                spec.isSwitch() && text.trimmed().isEmpty() ? QStringList {QStringLiteral("true")} : splitLayerText(spec, text);
            if (const QString error = apply(i, values, Source::Environment); !error.isEmpty()) {
                result.text = tr("invalid value \"%1\" for --%2 (from %3): %4").arg(text, spec.name, envName, error);
                return result;
            }
        } else if (highest.at(i) == Layer::CommandLine) {
            const QStringList values = spec.isSwitch() ? QStringList {QStringLiteral("true")} : parser.values(options.at(i));
            if (const QString error = apply(i, values, Source::CommandLine); !error.isEmpty()) {
                result.text = tr("invalid value \"%1\" for --%2: %3").arg(values.join(QLatin1Char(' ')), spec.name, error);
                return result;
            }
        }
    }

    result.config = config;
    if (parser.isSet(printConfigOption)) {
        result.action = Action::PrintConfig;
        result.text = config.describe();
        return result;
    }
    result.action = Action::Run;
    return result;
}

Config::ParseResult Config::reload() const
{
    return parse(*m_specs, m_arguments, m_environment, m_description);
}
