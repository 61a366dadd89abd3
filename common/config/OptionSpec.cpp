#include "config/OptionSpec.h"

#include <QCoreApplication>

QString OptionSpec::environmentName() const
{
    return QStringLiteral("DATAGATE_") + name.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString OptionSpec::defaultAsText() const
{
    if (defaultValue.typeId() == QMetaType::QStringList)
        return defaultValue.toStringList().join(QLatin1Char(','));
    if (defaultValue.typeId() == QMetaType::Bool)
        return defaultValue.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return defaultValue.toString();
}

std::optional<bool> OptionSpec::parseBool(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == QLatin1String("1") || value == QLatin1String("true") || value == QLatin1String("yes") || value == QLatin1String("on"))
        return true;
    if (value == QLatin1String("0") || value == QLatin1String("false") || value == QLatin1String("no") || value == QLatin1String("off"))
        return false;
    return std::nullopt;
}

OptionSpec OptionSpec::toggle(const QString &name, const QString &help)
{
    OptionSpec spec;
    spec.name = name;
    spec.help = help;
    spec.defaultValue = false;
    spec.parse = [](const QStringList &values) -> Parsed {
        // A bare --switch on the command line arrives as "true".
        if (const std::optional<bool> value = parseBool(values.constLast()))
            return {*value, {}};
        return {{}, tr("expected 1/0, true/false, yes/no or on/off")};
    };
    return spec;
}

OptionSpec OptionSpec::integer(
    const QString &name, const QString &valueName, const QString &help, qint64 defaultValue, qint64 min, qint64 max)
{
    OptionSpec spec;
    spec.name = name;
    spec.valueName = valueName;
    spec.help = help;
    spec.defaultValue = defaultValue;
    spec.parse = [min, max](const QStringList &values) -> Parsed {
        bool ok = false;
        const qint64 value = values.constLast().trimmed().toLongLong(&ok);
        if (!ok || value < min || value > max)
            return {{}, tr("expected an integer from %1 to %2").arg(min).arg(max)};
        return {value, {}};
    };
    return spec;
}

OptionSpec OptionSpec::choice(
    const QString &name, const QString &valueName, const QString &help, const QString &defaultValue, const QStringList &choices)
{
    OptionSpec spec;
    spec.name = name;
    spec.valueName = valueName;
    spec.help = help;
    spec.defaultValue = defaultValue;
    spec.parse = [choices](const QStringList &values) -> Parsed {
        const QString value = values.constLast().trimmed().toLower();
        if (!choices.contains(value))
            return {{}, tr("expected one of %1").arg(choices.join(QStringLiteral(", ")))};
        return {value, {}};
    };
    return spec;
}

OptionSpec OptionSpec::text(const QString &name, const QString &valueName, const QString &help, const QString &defaultValue,
    std::function<QString(const QString &)> validate)
{
    OptionSpec spec;
    spec.name = name;
    spec.valueName = valueName;
    spec.help = help;
    spec.defaultValue = defaultValue;
    spec.parse = [validate = std::move(validate)](const QStringList &values) -> Parsed {
        const QString value = values.constLast().trimmed();
        if (validate) {
            if (const QString error = validate(value); !error.isEmpty())
                return {{}, error};
        }
        return {value, {}};
    };
    return spec;
}

OptionSpec OptionSpec::list(const QString &name, const QString &valueName, const QString &help, const QStringList &defaultValue,
    std::function<QString(const QStringList &)> validate)
{
    OptionSpec spec;
    spec.name = name;
    spec.valueName = valueName;
    spec.help = help;
    spec.defaultValue = defaultValue;
    // A list that is empty by default (e.g. no trusted proxies) may be set
    // empty again, as the example config file does; others need an item.
    spec.parse = [validate = std::move(validate), emptyAllowed = defaultValue.isEmpty()](const QStringList &values) -> Parsed {
        QStringList items;
        for (const QString &part : values.constLast().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString item = part.trimmed().toLower();
            if (!item.isEmpty() && !items.contains(item))
                items.append(item);
        }
        if (items.isEmpty())
            return emptyAllowed ? Parsed {QStringList(), {}} : Parsed {{}, tr("expected a comma-separated list")};
        if (validate) {
            if (const QString error = validate(items); !error.isEmpty())
                return {{}, error};
        }
        return {items, {}};
    };
    return spec;
}
