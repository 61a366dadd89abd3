// Linked into every fuzz target. Qt prints warnings for some inputs (and the
// parsers' callers log what they refuse); millions of inputs a minute would
// spend their time formatting them. Only a fatal message (a failed Q_ASSERT
// in Qt's inline code, which then aborts) is worth reading.

#include <QString>
#include <QtGlobal>

#include <cstdio>

namespace {

void quietMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg)
        std::fprintf(stderr, "Qt fatal: %s\n", qUtf8Printable(message));
}

} // namespace

// No QCoreApplication: the parsers use QJsonDocument, QUrl, QUrlQuery,
// QLocale and QDateTime, none of which needs one.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qInstallMessageHandler(quietMessageHandler);
    return 0;
}
