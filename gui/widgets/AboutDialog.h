#pragma once

#include <QDialog>

class QLabel;

// Help > About: what datagate is, its version, the Qt it runs on and the
// options it was built with.
class AboutDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    QLabel *detailsLabel() const { return m_details; }

private:
    QLabel *m_details;
};
