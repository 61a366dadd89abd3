#include "app/ExampleConfig.h"

#include <QStringList>

namespace {

constexpr qsizetype LineWidth = 78;

// Words of text on comment lines of at most LineWidth characters.
QStringList commentLines(const QString &text)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > LineWidth - 2) {
            lines.append(QStringLiteral("; ") + line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines.append(QStringLiteral("; ") + line);
    return lines;
}

QString reloadText(const OptionSpec &spec)
{
    return spec.reload == OptionSpec::Reload::Runtime ? QStringLiteral("reload") : QStringLiteral("restart");
}

QString markdownCell(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|"));
}

} // namespace

namespace ExampleConfig {

QString configFile(const QList<OptionSpec> &specs)
{
    QStringList out {
        QStringLiteral("; datagate's configuration, read with --config FILE (the service reads"),
        QStringLiteral("; /etc/datagate/datagate.conf). Every command-line option is a key here,"),
        QStringLiteral("; without its leading \"--\"; a switch takes true or false. Every line"),
        QStringLiteral("; below is commented out and shows the default: remove the \";\" to"),
        QStringLiteral("; change one. The command line wins over the environment"),
        QStringLiteral("; (DATAGATE_<KEY>), which wins over this file. An unknown key or a bad"),
        QStringLiteral("; value stops datagate with exit code 2, naming the file and the key."),
        QStringLiteral(";"),
        QStringLiteral("; `datagate --config FILE --print-config` shows the configuration in"),
        QStringLiteral("; effect and where each value came from. `systemctl reload datagate`"),
        QStringLiteral("; (SIGHUP) reads this file again and applies the keys marked \"reload\";"),
        QStringLiteral("; the others are logged as needing a restart."),
        QStringLiteral(";"),
        QStringLiteral("; Generated from the option declarations (app/ExampleConfig.cpp)."),
    };
    for (const OptionSpec &spec : specs) {
        out.append(QString());
        out += commentLines(spec.help + QStringLiteral(" [") + reloadText(spec) + QLatin1Char(']'));
        out.append(QStringLiteral(";") + spec.name + QLatin1Char('=') + spec.defaultAsText());
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString optionsTable(const QList<OptionSpec> &specs)
{
    QStringList out {
        QStringLiteral("| option | config key | environment | default | on reload | meaning |"),
        QStringLiteral("|---|---|---|---|---|---|"),
    };
    for (const OptionSpec &spec : specs) {
        const QString option =
            QStringLiteral("`--") + spec.name + (spec.isSwitch() ? QString() : QLatin1Char(' ') + spec.valueName) + QLatin1Char('`');
        const QString shownDefault = spec.defaultText.isEmpty() ? spec.defaultAsText() : spec.defaultText;
        const QString defaultCell = shownDefault.isEmpty() ? QStringLiteral("(none)") : QLatin1Char('`') + shownDefault + QLatin1Char('`');
        out.append(QStringLiteral("| %1 | `%2` | `%3` | %4 | %5 | %6 |")
                       .arg(option, spec.name, spec.environmentName(), markdownCell(defaultCell),
                           spec.reload == OptionSpec::Reload::Runtime ? QStringLiteral("applied") : QStringLiteral("restart"),
                           markdownCell(spec.help)));
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace ExampleConfig
