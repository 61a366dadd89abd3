#include "GuiTestEnvironment.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

#include <memory>

namespace {

std::unique_ptr<QTranslator> s_ours;
std::unique_ptr<QTranslator> s_qt;

} // namespace

namespace GuiTestEnvironment {

void setUp()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("datagate-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("datagate"));
    useLanguage(QStringLiteral("en"));
}

bool useLanguage(const QString &language)
{
    for (std::unique_ptr<QTranslator> *translator : {&s_ours, &s_qt}) {
        if (*translator) {
            QCoreApplication::removeTranslator(translator->get());
            translator->reset();
        }
    }
    QLocale::setDefault(QLocale(language));
    auto ours = std::make_unique<QTranslator>();
    if (!ours->load(QStringLiteral(":/i18n/datagate_%1.qm").arg(language)))
        return false;
    QCoreApplication::installTranslator(ours.get());
    s_ours = std::move(ours);
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        s_qt = std::move(qt);
    }
    return true;
}

} // namespace GuiTestEnvironment
