#pragma once

#include "model/FeedHealth.h"

#include <QWidget>

// A health light: a coloured dot with the state's word beside it, on a
// pill of the same colour's tint; optionally a name before it ("bitcoinPrice
// ● Healthy"). The text is also the widget's accessible name.
class HealthBadge final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthBadge)

public:
    explicit HealthBadge(QWidget *parent = nullptr);
    ~HealthBadge() override;

    void setState(FeedHealth::State state);
    FeedHealth::State state() const { return m_state; }
    void setName(const QString &name);
    QString name() const { return m_name; }
    // A word other than the state's own, e.g. "Stale" in the degraded colour.
    void setWord(const QString &word);
    // The word shown, e.g. "Healthy".
    QString word() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateTexts();

    FeedHealth::State m_state = FeedHealth::State::Starting;
    QString m_name;
    QString m_word;
};
