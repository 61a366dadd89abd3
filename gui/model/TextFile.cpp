#include "gui/model/TextFile.h"

#include <QSaveFile>

QString TextFile::write(const QString &path, const QStringList &lines)
{
    // All or nothing: a half-written log is worse than none.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    for (const QString &line : lines) {
        file.write(line.toUtf8());
        file.write("\n");
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}
