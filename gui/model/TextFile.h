#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// Writes lines of text to a file (the saved log), UTF-8, one per line.
struct TextFile {
    Q_DECLARE_TR_FUNCTIONS(TextFile)

public:
    // An empty string on success, else why not, ready to show.
    static QString write(const QString &path, const QStringList &lines);
};
