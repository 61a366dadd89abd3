#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

class ChartModel;
class QAreaSeries;
class QCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QValueAxis;

// The live chart of one stream: its values over the rolling window, the
// stretches where they were stale shaded in the health palette's amber
// (with "Stale" in the legend), a time axis and a value axis that fit what
// is shown. It draws what ChartModel::frame() gives, when redraw() is
// called; until the stream's first value it says that it is waiting.
class StreamChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamChart)

public:
    StreamChart(ChartModel *model, const QString &stream, QWidget *parent = nullptr);
    ~StreamChart() override;

    QString stream() const { return m_stream; }
    void redraw();

    QChart *chart() const { return m_chart; }
    QLineSeries *valueSeries() const { return m_values; }
    QAreaSeries *staleSeries() const { return m_stale; }
    QLabel *placeholder() const { return m_placeholder; }
    QLabel *titleLabel() const { return m_title; }

private:
    QPointer<ChartModel> m_model;
    const QString m_stream;
    QLabel *m_title;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QChartView *m_view = nullptr;
    QChart *m_chart;
    QLineSeries *m_values;
    QLineSeries *m_staleUpper;
    QLineSeries *m_staleLower;
    QAreaSeries *m_stale;
    QCategoryAxis *m_time;
    QValueAxis *m_axis;
};
