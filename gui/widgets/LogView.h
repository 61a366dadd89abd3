#pragma once

#include <QPointer>
#include <QWidget>

class LogFilterModel;
class LogModel;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

// The event and error log: a level filter, a search field, pause, copy and
// save, over the LogFilterModel. It follows the newest entry while the view
// is scrolled to the bottom, and stays where the user scrolled otherwise.
class LogView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    LogView(LogModel *model, LogFilterModel *filter, QWidget *parent = nullptr);
    ~LogView() override;

    QTableView *table() const { return m_table; }
    QComboBox *levelBox() const { return m_level; }
    QLineEdit *searchEdit() const { return m_search; }
    QAction *pauseAction() const { return m_pause; }
    QAction *copyAction() const { return m_copy; }
    QAction *saveAction() const { return m_save; }

    // Writes what the filter shows to a file the user picks.
    void saveWithDialog();
    // A line over the log saying whose messages it holds; hidden when empty.
    void setNote(const QString &note);
    QLabel *noteLabel() const { return m_note; }

private:
    void refreshPause();
    void copySelection();

    QPointer<LogModel> m_model;
    LogFilterModel *m_filter;
    QComboBox *m_level;
    QLineEdit *m_search;
    QTableView *m_table;
    QLabel *m_note;
    QAction *m_pause;
    QAction *m_copy;
    QAction *m_save;
    QAction *m_clear;
    bool m_followTail = true;
};
