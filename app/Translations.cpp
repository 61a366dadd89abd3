#include "app/Translations.h"

#include "app/QtUiTranslator.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace {

const QString LangOption = QStringLiteral("--lang");

// Owned here, alive as long as the application needs them.
std::unique_ptr<QTranslator> s_datagate;
std::unique_ptr<QtUiTranslator> s_qt;

} // namespace

namespace Translations {

QString preScan(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QString language = environment.value(QStringLiteral("DATAGATE_LANG"));
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == LangOption && i + 1 < arguments.size())
            language = arguments.at(i + 1);
        else if (argument.startsWith(LangOption + QLatin1Char('=')))
            language = argument.sliced(LangOption.size() + 1);
    }
    return language.trimmed();
}

QString install(const QString &language)
{
    if (s_datagate) {
        QCoreApplication::removeTranslator(s_datagate.get());
        s_datagate.reset();
    }
    if (s_qt) {
        QCoreApplication::removeTranslator(s_qt.get());
        s_qt.reset();
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);

    // English, the source language, is the fallback; datagate_en holds its
    // plural forms ("1 client", "2 clients").
    auto ours = std::make_unique<QTranslator>();
    const bool found = ours->load(locale, QStringLiteral("datagate"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    if (found || ours->load(QStringLiteral(":/i18n/datagate_en.qm"))) {
        QCoreApplication::installTranslator(ours.get());
        s_datagate = std::move(ours);
    }
    // Qt's words only with ours: a help half in German and half in English
    // (say, in a build without the dashboard, which embeds no translations)
    // is worse than one all in English.
    if (!found)
        return QStringLiteral("en");
    auto qt = std::make_unique<QtUiTranslator>();
    if (qt->loadFor(locale)) {
        QCoreApplication::installTranslator(qt.get());
        s_qt = std::move(qt);
    }
    return s_datagate->language().section(QLatin1Char('_'), 0, 0);
}

} // namespace Translations
