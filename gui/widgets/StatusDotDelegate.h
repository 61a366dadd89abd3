#pragma once

#include <QStyledItemDelegate>

// Draws a cell whose decoration is a colour (a health state, a log level)
// as a small round dot before its text, instead of Qt's square swatch.
class StatusDotDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDotDelegate)

public:
    explicit StatusDotDelegate(QObject *parent = nullptr);
    ~StatusDotDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
