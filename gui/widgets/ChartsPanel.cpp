#include "gui/widgets/ChartsPanel.h"

#include "gui/model/ChartModel.h"
#include "gui/model/FeedModel.h"
#include "gui/widgets/StreamChart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace {

constexpr qint64 Minute = 60 * 1000;

} // namespace

ChartsPanel::ChartsPanel(ChartModel *charts, FeedModel *feeds, QWidget *parent)
    : QWidget(parent)
    , m_model(charts)
    , m_feeds(feeds)
    , m_window(new QComboBox(this))
    , m_chartsLayout(new QVBoxLayout)
{
    setObjectName(QStringLiteral("chartsPanel"));
    for (qint64 windowMs : ChartModel::windowChoices()) {
        const int minutes = int(windowMs / Minute);
        m_window->addItem(
            minutes % 60 == 0 ? tr("Last %n hour(s)", nullptr, minutes / 60) : tr("Last %n minute(s)", nullptr, minutes), windowMs);
    }
    m_window->setCurrentIndex(m_window->findData(charts->windowMs()));
    auto *windowLabel = new QLabel(tr("Time window:"), this);
    windowLabel->setBuddy(m_window);
    auto *heading = new QLabel(tr("Live charts"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    heading->setFont(headingFont);

    auto *top = new QHBoxLayout;
    top->addWidget(heading);
    top->addStretch();
    top->addWidget(windowLabel);
    top->addWidget(m_window);

    m_chartsLayout->setSpacing(10);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(m_chartsLayout, 1);

    connect(m_window, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_model->setWindowMs(m_window->itemData(index).toLongLong()); });
    connect(charts, &ChartModel::windowChanged, this, [this](qint64 windowMs) { m_window->setCurrentIndex(m_window->findData(windowMs)); });
    connect(feeds, &QAbstractItemModel::modelReset, this, &ChartsPanel::rebuild);
    m_redraw.setInterval(RedrawIntervalMs);
    connect(&m_redraw, &QTimer::timeout, this, &ChartsPanel::redraw);
    m_redraw.start();
    rebuild();
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::redraw()
{
    // A hidden window (in the tray) draws nothing.
    if (!isVisible())
        return;
    for (StreamChart *chart : std::as_const(m_charts))
        chart->redraw();
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    redraw();
}

void ChartsPanel::rebuild()
{
    qDeleteAll(m_charts);
    m_charts.clear();
    for (int row = 0; row < m_feeds->rowCount(); ++row) {
        auto *chart = new StreamChart(m_model, m_feeds->index(row, FeedModel::Feed).data(FeedModel::StreamRole).toString(), this);
        m_chartsLayout->addWidget(chart, 1);
        m_charts.append(chart);
    }
}
