#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// The user interface language: datagate's own translations (embedded under
// :/i18n/) and Qt's (for its dialogs and the command-line parser's words),
// from the system locale unless --lang names another. Log messages are
// never translated.
namespace Translations {

// The language asked for before the options are parsed, so that --help is
// already translated: --lang X or --lang=X on the command line, else
// DATAGATE_LANG; empty for the system's.
QString preScan(const QStringList &arguments, const QProcessEnvironment &environment);

// Installs the translations for language (e.g. "de"; empty: the system's
// UI languages), replacing any installed before, and makes an explicit
// language the default locale for numbers and dates too. Needs the
// application object. Returns the language of datagate's texts now: "de",
// "es", or "en" when there is no translation for it.
QString install(const QString &language);

} // namespace Translations
