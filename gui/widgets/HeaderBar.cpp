#include "gui/widgets/HeaderBar.h"

#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/model/ServerOverview.h"
#include "gui/style/Icons.h"
#include "gui/widgets/HealthBadge.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

HeaderBar::HeaderBar(ServerOverview *overview, FeedModel *feeds, const QList<QAction *> &urlActions, QWidget *parent)
    : QFrame(parent)
    , m_overview(overview)
    , m_feeds(feeds)
{
    setObjectName(QStringLiteral("headerBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);

    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::application().pixmap(40, 40));
    auto *title = new QLabel(QStringLiteral("datagate"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    title->setFont(titleFont);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *titleBlock = new QVBoxLayout;
    titleBlock->setSpacing(0);
    titleBlock->addWidget(title);
    titleBlock->addWidget(m_status);

    auto *top = new QHBoxLayout;
    top->setSpacing(10);
    top->addWidget(icon);
    top->addLayout(titleBlock);
    top->addSpacing(8);
    for (QAction *action : urlActions) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        top->addWidget(button, 0, Qt::AlignVCenter);
        m_urlButtons.append(button);
    }
    top->addStretch();
    m_lightsRow = new QHBoxLayout;
    m_lightsRow->setSpacing(8);
    top->addLayout(m_lightsRow);

    auto *tiles = new QHBoxLayout;
    tiles->setSpacing(28);
    m_uptime = addTile(tiles, tr("Uptime"));
    m_clients = addTile(tiles, tr("Clients"), &m_clientsDetail);
    //: Header caption over the number of messages sent per second.
    m_messages = addTile(tiles, tr("Messages"));
    //: Header caption over the bytes sent per second.
    m_bytes = addTile(tiles, tr("Data sent"));
    tiles->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(8);
    layout->addLayout(top);
    layout->addLayout(tiles);

    connect(overview, &ServerOverview::changed, this, &HeaderBar::refresh);
    connect(overview, &ServerOverview::uptimeChanged, this, &HeaderBar::refreshUptime);
    connect(feeds, &QAbstractItemModel::modelReset, this, &HeaderBar::rebuildLights);
    connect(feeds, &QAbstractItemModel::rowsInserted, this, &HeaderBar::rebuildLights);
    connect(feeds, &QAbstractItemModel::rowsRemoved, this, &HeaderBar::rebuildLights);
    connect(feeds, &QAbstractItemModel::dataChanged, this, &HeaderBar::refreshLights);
    rebuildLights();
    refresh();
}

HeaderBar::~HeaderBar() = default;

QLabel *HeaderBar::addTile(QHBoxLayout *row, const QString &caption, QLabel **detail)
{
    auto *captionLabel = new QLabel(caption, this);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(this);
    QFont valueFont = value->font();
    valueFont.setBold(true);
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.25);
    value->setFont(valueFont);
    auto *valueRow = new QHBoxLayout;
    valueRow->setSpacing(6);
    valueRow->addWidget(value, 0, Qt::AlignBaseline);
    if (detail) {
        *detail = new QLabel(this);
        (*detail)->setForegroundRole(QPalette::PlaceholderText);
        valueRow->addWidget(*detail, 0, Qt::AlignBaseline);
    }
    auto *tile = new QVBoxLayout;
    tile->setSpacing(0);
    tile->addWidget(captionLabel);
    tile->addLayout(valueRow);
    row->addLayout(tile);
    return value;
}

void HeaderBar::refresh()
{
    m_status->setText(m_overview->statusText());
    m_clients->setText(m_overview->isServing() ? m_overview->clientsText() : QStringLiteral("—"));
    m_clientsDetail->setText(m_overview->isServing() ? m_overview->clientsByProtocolText() : QString());
    m_messages->setText(m_overview->messagesRateText());
    m_bytes->setText(m_overview->bytesRateText());
    for (QWidget *button : std::as_const(m_urlButtons))
        button->setVisible(m_overview->isServing());
    refreshUptime();
}

void HeaderBar::refreshUptime()
{
    m_uptime->setText(m_overview->uptimeText());
}

void HeaderBar::rebuildLights()
{
    qDeleteAll(m_lights);
    m_lights.clear();
    for (int row = 0; row < m_feeds->rowCount(); ++row) {
        auto *light = new HealthBadge(this);
        m_lightsRow->addWidget(light);
        m_lights.append(light);
    }
    refreshLights();
}

void HeaderBar::refreshLights()
{
    for (int row = 0; row < m_lights.size() && row < m_feeds->rowCount(); ++row) {
        m_lights.at(row)->setName(Format::streamTitle(m_feeds->index(row, FeedModel::Feed).data(FeedModel::StreamRole).toString()));
        m_lights.at(row)->setState(FeedHealth::State(m_feeds->index(row, FeedModel::State).data(FeedModel::HealthRole).toInt()));
        m_lights.at(row)->setWord(m_feeds->index(row, FeedModel::State).data().toString());
    }
}
