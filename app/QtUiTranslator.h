#pragma once

#include <QTranslator>

#include <memory>

// Qt's own translations (qtbase_<lang>.qm) for what Qt shows a user: dialog
// buttons, file dialogs, editing menus, the command-line parser's "Usage:".
// Not for what Qt's network and I/O classes say in error strings: those end
// up in log lines ("coinbase failed: Connection refused"), and log lines stay
// English, for operators and grep, whatever the interface language.
class QtUiTranslator final : public QTranslator {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtUiTranslator)

public:
    explicit QtUiTranslator(QObject *parent = nullptr);
    ~QtUiTranslator() override;

    // Loads Qt's translation for locale from Qt's translations folder.
    bool loadFor(const QLocale &locale);

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;
    bool isEmpty() const override;

    // Whether a context's texts may be translated: false for the network
    // and I/O classes.
    static bool isUserInterface(const char *context);

private:
    std::unique_ptr<QTranslator> m_qt;
};
