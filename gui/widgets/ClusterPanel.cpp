#include "gui/widgets/ClusterPanel.h"

#include "gui/model/ClusterModel.h"
#include "gui/style/CardStyle.h"
#include "gui/widgets/HealthBadge.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

ClusterPanel::ClusterPanel(ClusterModel *model, QWidget *parent)
    : QFrame(parent)
    , m_model(model)
    //: Title of the panel about the datagate instances sharing one Redis.
    , m_title(new QLabel(tr("Cluster"), this))
    , m_badge(new HealthBadge(this))
    , m_redis(new QLabel(this))
    , m_reason(new QLabel(this))
    , m_instances(new QTableView(this))
{
    // The feed cards' look, so that it reads as one more card.
    setObjectName(QStringLiteral("clusterPanel"));
    CardStyle::applyCard(this);
    m_title->setFont(CardStyle::titleFont(m_title->font()));
    m_redis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_instances->setObjectName(QStringLiteral("clusterInstances"));
    m_instances->setModel(model);
    CardStyle::applyTable(m_instances);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addStretch();
    titleRow->addWidget(m_badge);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(6);
    layout->addLayout(titleRow);
    layout->addWidget(m_redis);
    layout->addWidget(m_reason);
    layout->addWidget(m_instances);

    connect(model, &ClusterModel::statusChanged, this, &ClusterPanel::refresh);
    const auto fit = [this] { CardStyle::fitTable(m_instances); };
    connect(model, &QAbstractItemModel::modelReset, this, fit);
    connect(model, &QAbstractItemModel::dataChanged, this, fit);
    refresh();
    fit();
}

ClusterPanel::~ClusterPanel() = default;

void ClusterPanel::refresh()
{
    if (!m_model)
        return;
    setVisible(m_model->isEnabled());
    m_badge->setState(m_model->health());
    m_badge->setWord(m_model->modeWord());
    m_redis->setText(m_model->redisText());
    const QString reason = m_model->status().reason;
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}
