#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QSpinBox;

// Shown across the window when the server does not serve, or a monitored
// one cannot be reached: the reason in full, and a retry, on another port
// when the source can change it.
class StartFailureBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartFailureBanner)

public:
    explicit StartFailureBanner(QWidget *parent = nullptr);
    ~StartFailureBanner() override;

    // port 0: retry without choosing a port. title: empty for the default
    // ("The server is not running").
    void showProblem(const QString &reason, bool canChangePort, quint16 suggestedPort, const QString &title = QString());
    QLabel *titleLabel() const { return m_title; }

    QLabel *reasonLabel() const { return m_reason; }
    QSpinBox *portBox() const { return m_port; }
    QPushButton *retryButton() const { return m_retry; }

Q_SIGNALS:
    void retryRequested(quint16 port);

private:
    QLabel *m_title;
    QLabel *m_reason;
    QLabel *m_portLabel;
    QSpinBox *m_port;
    QPushButton *m_retry;
};
