#include "app/QtUiTranslator.h"

#include <QLibraryInfo>
#include <QLocale>

#include <cstring>

QtUiTranslator::QtUiTranslator(QObject *parent)
    : QTranslator(parent)
    , m_qt(std::make_unique<QTranslator>())
{
}

QtUiTranslator::~QtUiTranslator() = default;

bool QtUiTranslator::loadFor(const QLocale &locale)
{
    return m_qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

bool QtUiTranslator::isUserInterface(const char *context)
{
    if (!context)
        return true;
    // The classes whose errorString() reaches logs: sockets, name lookup,
    // HTTP, TLS, WebSockets, files and processes.
    static const char *const dataContexts[] = {"QAbstractSocket", "QNativeSocketEngine", "QNetwork", "QHostInfo", "QHttp", "QSsl", "QTcp",
        "QUdp", "QLocalSocket", "QLocalServer", "QSocks5", "QWebSocket", "QDnsLookup", "QIODevice", "QFile", "QFSFileEngine", "QSaveFile",
        "QProcess", "QLibrary", "QPluginLoader"};
    for (const char *prefix : dataContexts) {
        if (std::strncmp(context, prefix, std::strlen(prefix)) == 0)
            return false;
    }
    return true;
}

QString QtUiTranslator::translate(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    return isUserInterface(context) ? m_qt->translate(context, sourceText, disambiguation, n) : QString();
}

bool QtUiTranslator::isEmpty() const
{
    return m_qt->isEmpty();
}
