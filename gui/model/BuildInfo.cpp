#include "gui/model/BuildInfo.h"

#include <QLibraryInfo>
#include <QSysInfo>

QString BuildInfo::version()
{
    return QStringLiteral(DATAGATE_VERSION);
}

QString BuildInfo::qtVersions()
{
    const QString built = QStringLiteral(QT_VERSION_STR);
    const QString running = QString::fromLatin1(qVersion());
    if (built == running)
        return tr("Qt %1").arg(running);
    return tr("Qt %1 (built with %2)").arg(running, built);
}

QStringList BuildInfo::options()
{
    const QString yes = tr("on", "a build option that is enabled");
    const QString no = tr("off", "a build option that is disabled");
    return {
        tr("Build type: %1").arg(QStringLiteral(DATAGATE_BUILD_TYPE)),
        tr("Compiler: %1").arg(QStringLiteral(DATAGATE_COMPILER)),
        tr("Dashboard: %1").arg(yes),
        tr("Warnings as errors: %1").arg(DATAGATE_BUILD_WERROR ? yes : no),
        tr("Sanitizers (ASan, UBSan): %1").arg(DATAGATE_BUILD_SANITIZE ? yes : no),
        tr("Platform: %1 on %2").arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture()),
    };
}
