#pragma once

#include <QString>

// What every dashboard test sets up first: settings in test mode (never the
// user's), and the English plural forms the process would load (so that
// tests read "1 client", not "1 client(s)").
namespace GuiTestEnvironment {

void setUp();
// Replaces the installed dashboard translation with another language's
// (":/i18n/datagate_<language>.qm") and Qt's own; false if it is missing.
bool useLanguage(const QString &language);

} // namespace GuiTestEnvironment
