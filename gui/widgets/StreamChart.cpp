#include "gui/widgets/StreamChart.h"

#include "gui/model/ChartModel.h"
#include "gui/model/Format.h"
#include "gui/style/HealthPalette.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace {

// The charts' own colour: not one of the health palette's, so that a line
// is never read as a state.
const QColor LineColor(0x0f, 0x6c, 0xbd);

} // namespace

StreamChart::StreamChart(ChartModel *model, const QString &stream, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_stream(stream)
    , m_title(new QLabel(Format::streamTitle(stream), this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(tr("Waiting for the first value…"), this))
    , m_chart(new QChart)
    , m_values(new QLineSeries(m_chart))
    , m_staleUpper(new QLineSeries(m_chart))
    , m_staleLower(new QLineSeries(m_chart))
    , m_stale(new QAreaSeries(m_staleUpper, m_staleLower))
    , m_time(new QCategoryAxis(m_chart))
    , m_axis(new QValueAxis(m_chart))
{
    setObjectName(QStringLiteral("chart-") + stream);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_chart->setLocalizeNumbers(true);
    m_chart->setLocale(Format::locale());
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundVisible(false);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setLabelColor(palette().color(QPalette::WindowText));

    m_values->setName(tr("Value"));
    QPen line(LineColor);
    line.setWidthF(1.8);
    m_values->setPen(line);
    m_stale->setName(tr("Stale"));
    m_stale->setPen(Qt::NoPen);
    QColor staleColor = HealthPalette::color(FeedHealth::State::Degraded);
    staleColor.setAlpha(70);
    m_stale->setBrush(staleColor);

    // The band first, so that the line is drawn over it.
    m_chart->addSeries(m_stale);
    m_chart->addSeries(m_values);

    QFont axisFont = font();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 0.9);
    const QColor labels = palette().color(QPalette::WindowText);
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlpha(90);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_time), static_cast<QAbstractAxis *>(m_axis)}) {
        axis->setLabelsFont(axisFont);
        axis->setLabelsColor(labels);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    // Labels at round times, each on its own grid line. A label is centred
    // on its time, so one near the right edge reaches half its width past
    // the plot area: that much room on the right keeps it whole.
    m_time->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int halfTimeLabel = QFontMetrics(axisFont).horizontalAdvance(QStringLiteral("00:00:00")) / 2 + 2;
    m_chart->setMargins(QMargins(0, 0, halfTimeLabel, 0));
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_axis, Qt::AlignLeft);
    for (QAbstractSeries *series : {static_cast<QAbstractSeries *>(m_stale), static_cast<QAbstractSeries *>(m_values)}) {
        series->attachAxis(m_time);
        series->attachAxis(m_axis);
    }

    // Given the chart when made: a view made without one makes a default
    // chart of its own, which setChart() would then drop without deleting.
    m_view = new QChartView(m_chart, this); // takes the chart
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMinimumHeight(120);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_stack, 1);

    connect(model, &ChartModel::windowChanged, this, &StreamChart::redraw);
    redraw();
}

StreamChart::~StreamChart() = default;

void StreamChart::redraw()
{
    if (!m_model)
        return;
    // About one point per horizontal pixel of the plot: more would not show.
    // Until the chart has been laid out once (it is shown only from its first
    // value on), its room in the stack, less the axes, stands in for it.
    constexpr int AxesWidth = 60;
    constexpr int AxesHeight = 40;
    const bool laidOut = m_stack->currentWidget() == m_view && !m_chart->plotArea().isEmpty();
    const int width = std::max(100, laidOut ? int(m_chart->plotArea().width()) : m_stack->width() - AxesWidth);
    const int height = std::max(40, laidOut ? int(m_chart->plotArea().height()) : m_stack->height() - AxesHeight);
    // As many labels as fit with room to spare: value labels one above the
    // other, time labels ("00:00:00" wide) side by side.
    const QFontMetrics metrics(m_axis->labelsFont());
    const int maxTicks = std::clamp(height / (metrics.height() * 2), 2, 6);
    const int maxTimeTicks = std::clamp(width / (metrics.horizontalAdvance(QStringLiteral("00:00:00")) * 2), 2, 8);
    const ChartModel::Frame frame = m_model->frame(m_stream, width, maxTicks, maxTimeTicks);
    m_stack->setCurrentWidget(frame.empty ? static_cast<QWidget *>(m_placeholder) : m_view);
    if (frame.empty)
        return;

    m_values->replace(frame.points);
    m_values->setPointsVisible(frame.sparse);
    for (const QString &label : m_time->categoriesLabels())
        m_time->remove(label);
    m_time->setStartValue(double(frame.fromMs));
    for (const ChartModel::TimeTick &tick : frame.timeTicks)
        m_time->append(tick.label, double(tick.atMs));
    m_time->setRange(double(frame.fromMs), double(frame.toMs));
    m_axis->setRange(frame.values.low, frame.values.high);
    m_axis->setTickCount(frame.values.tickCount);
    m_axis->setLabelFormat(QStringLiteral("%.%1f").arg(frame.values.decimals));

    // Each stale stretch is a rectangle from the bottom of the axis to its
    // top, drawn as the area between two lines.
    QList<QPointF> upper;
    for (const auto &[from, to] : frame.stale) {
        upper.append({double(from), frame.values.low});
        upper.append({double(from), frame.values.high});
        upper.append({double(to), frame.values.high});
        upper.append({double(to), frame.values.low});
    }
    m_staleUpper->replace(upper);
    m_staleLower->replace(QList<QPointF> {{double(frame.fromMs), frame.values.low}, {double(frame.toMs), frame.values.low}});
    const bool anyStale = !frame.stale.isEmpty();
    m_stale->setVisible(anyStale);
    // The legend explains the shading only; the line is the chart's title.
    m_chart->legend()->setVisible(anyStale);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_stale))
        marker->setVisible(anyStale);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_values))
        marker->setVisible(false);
}
