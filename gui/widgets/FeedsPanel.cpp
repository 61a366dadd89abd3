#include "gui/widgets/FeedsPanel.h"

#include "gui/model/FeedModel.h"
#include "gui/widgets/FeedCard.h"

#include <QEvent>
#include <QScrollBar>
#include <QVBoxLayout>

FeedsPanel::FeedsPanel(FeedModel *model, QWidget *parent)
    : QScrollArea(parent)
    , m_model(model)
    , m_content(new QWidget(this))
    , m_layout(new QVBoxLayout(m_content))
{
    setObjectName(QStringLiteral("feedsPanel"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_layout->setContentsMargins(0, 0, 4, 0);
    m_layout->setSpacing(8);
    m_layout->addStretch();
    setWidget(m_content);
    // The cards may grow wider (a feed's providers come with its first
    // health report); the panel grows with them.
    m_content->installEventFilter(this);

    connect(model, &QAbstractItemModel::modelReset, this, &FeedsPanel::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this, &FeedsPanel::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FeedsPanel::rebuild);
    rebuild();
}

FeedsPanel::~FeedsPanel() = default;

bool FeedsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_content && event->type() == QEvent::LayoutRequest)
        fitWidth();
    return QScrollArea::eventFilter(watched, event);
}

void FeedsPanel::fitWidth()
{
    // No horizontal scrolling: as wide as the widest card needs.
    setMinimumWidth(m_content->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth());
}

void FeedsPanel::addLeadingCard(QWidget *card)
{
    card->setParent(m_content);
    m_layout->insertWidget(m_leadingCards++, card);
    fitWidth();
}

void FeedsPanel::rebuild()
{
    qDeleteAll(m_cards);
    m_cards.clear();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        auto *card = new FeedCard(m_model, row, m_content);
        m_layout->insertWidget(m_leadingCards + row, card);
        m_cards.append(card);
    }
    fitWidth();
}
