#include "gui/widgets/StatusDotDelegate.h"

#include <QPainter>

StatusDotDelegate::StatusDotDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

StatusDotDelegate::~StatusDotDelegate() = default;

void StatusDotDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (decoration.typeId() != QMetaType::QColor)
        return;
    // A transparent square keeps the room; paint() draws the dot in it.
    const int side = option->fontMetrics.height() * 3 / 4;
    QPixmap room(side, side);
    room.fill(Qt::transparent);
    option->icon = QIcon(room);
    option->decorationSize = QSize(side, side);
    option->features |= QStyleOptionViewItem::HasDecoration;
}

void StatusDotDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (decoration.typeId() != QMetaType::QColor)
        return;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : nullptr;
    QRect room = style ? style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, widget) : QRect();
    if (!room.isValid())
        return;
    const int diameter = std::min(room.width(), room.height()) * 3 / 4;
    const QRect dot(room.center().x() - diameter / 2, room.center().y() - diameter / 2, diameter, diameter);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(decoration.value<QColor>());
    painter->drawEllipse(dot);
    painter->restore();
}
