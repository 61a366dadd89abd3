#include "gui/widgets/SendBufferDelegate.h"

#include "gui/model/ClientTableModel.h"
#include "gui/style/HealthPalette.h"

#include <QPainter>

SendBufferDelegate::SendBufferDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

SendBufferDelegate::~SendBufferDelegate() = default;

void SendBufferDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const double fill = index.data(ClientTableModel::SendBufferFillRole).toDouble();
    if (fill <= 0)
        return;
    const auto state = FeedHealth::State(index.data(ClientTableModel::SendBufferStateRole).toInt());
    const QRect cell = option.rect.adjusted(4, 0, -4, -2);
    const int height = 3;
    const QRect track(cell.left(), cell.bottom() - height, cell.width(), height);
    QRect bar = track;
    bar.setWidth(std::max(1, int(track.width() * std::min(1.0, fill))));
    painter->save();
    painter->fillRect(track, HealthPalette::tint(state));
    painter->fillRect(bar, HealthPalette::color(state));
    painter->restore();
}
