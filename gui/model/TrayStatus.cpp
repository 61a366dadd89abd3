#include "gui/model/TrayStatus.h"

#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/model/ServerOverview.h"
#include "gui/style/HealthPalette.h"

TrayStatus::TrayStatus(FeedModel *feeds, ServerOverview *overview, QObject *parent)
    : QObject(parent)
    , m_feeds(feeds)
    , m_overview(overview)
{
    connect(feeds, &QAbstractItemModel::dataChanged, this, &TrayStatus::update);
    connect(feeds, &QAbstractItemModel::modelReset, this, &TrayStatus::update);
    connect(feeds, &QAbstractItemModel::rowsInserted, this, &TrayStatus::update);
    connect(feeds, &QAbstractItemModel::rowsRemoved, this, &TrayStatus::update);
    if (overview)
        connect(overview, &ServerOverview::changed, this, &TrayStatus::update);
    update();
}

TrayStatus::~TrayStatus() = default;

QString TrayStatus::toolTip() const
{
    return m_toolTip;
}

void TrayStatus::update()
{
    if (!m_feeds)
        return;
    QStringList lines {QStringLiteral("datagate")};
    if (m_overview) {
        lines.append(m_overview->statusText());
        if (m_overview->isServing())
            lines.append(m_overview->clientsText());
    }
    QHash<QString, FeedHealth::State> states;
    for (int row = 0; row < m_feeds->rowCount(); ++row) {
        const QString stream = m_feeds->index(row, FeedModel::Feed).data(FeedModel::StreamRole).toString();
        const QString title = Format::streamTitle(stream);
        const FeedHealth health = m_feeds->health(row);
        states.insert(stream, health.state);
        //: One feed in the tray icon's tooltip: its name and its state.
        lines.append(tr("%1: %2").arg(title, m_feeds->index(row, FeedModel::State).data().toString()));

        const auto previous = m_lastStates.constFind(stream);
        if (previous == m_lastStates.cend() || *previous == health.state)
            continue;
        if (health.state == FeedHealth::State::Down)
            //: A notification's title; %1 is a feed, e.g. "Bitcoin price".
            Q_EMIT notify(tr("%1 is down").arg(title),
                health.lastError.isEmpty() ? tr("No valid value for too long.") : tr("Last error: %1").arg(health.lastError), true);
        else if (*previous == FeedHealth::State::Down
            && (health.state == FeedHealth::State::Healthy || health.state == FeedHealth::State::Degraded))
            //: A notification's title; %1 is a feed, e.g. "Bitcoin price".
            Q_EMIT notify(tr("%1 is back").arg(title),
                health.source.isEmpty() ? tr("Values are coming in again.") : tr("Values are coming in again from %1.").arg(health.source),
                false);
    }
    m_lastStates = states;

    const FeedHealth::State worst = HealthPalette::worst(m_feeds->states());
    const QString toolTip = lines.join(QLatin1Char('\n'));
    if (toolTip != m_toolTip) {
        m_toolTip = toolTip;
        Q_EMIT toolTipChanged();
    }
    if (worst != m_state) {
        m_state = worst;
        Q_EMIT stateChanged(worst);
    }
}
