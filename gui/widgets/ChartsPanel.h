#pragma once

#include <QList>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class ChartModel;
class FeedModel;
class QComboBox;
class QVBoxLayout;
class StreamChart;

// The live charts, one per feed, under a choice of the rolling window. They
// are redrawn once a second while visible, never per tick.
class ChartsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartsPanel)

public:
    static constexpr int RedrawIntervalMs = 1000;

    ChartsPanel(ChartModel *charts, FeedModel *feeds, QWidget *parent = nullptr);
    ~ChartsPanel() override;

    QList<StreamChart *> charts() const { return m_charts; }
    QComboBox *windowBox() const { return m_window; }
    void redraw();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();

    QPointer<ChartModel> m_model;
    QPointer<FeedModel> m_feeds;
    QComboBox *m_window;
    QVBoxLayout *m_chartsLayout;
    QList<StreamChart *> m_charts;
    QTimer m_redraw;
};
