#pragma once

#include <QStyledItemDelegate>

// Draws the "waiting to be sent" cell of a client as its size over a thin
// bar: how full the client's send buffer is against the limit at which the
// server closes it, in the health palette's colour for how close it is.
class SendBufferDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendBufferDelegate)

public:
    explicit SendBufferDelegate(QObject *parent = nullptr);
    ~SendBufferDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
