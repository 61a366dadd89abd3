#include "gui/widgets/LogView.h"

#include "gui/model/LogFilterModel.h"
#include "gui/model/LogModel.h"
#include "gui/model/TextFile.h"
#include "gui/style/Icons.h"
#include "gui/widgets/StatusDotDelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}

} // namespace

LogView::LogView(LogModel *model, LogFilterModel *filter, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(filter)
    , m_level(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_note(new QLabel(this))
    , m_pause(new QAction(Icons::action(QStringLiteral("media-playback-pause")), tr("&Pause"), this))
    , m_copy(new QAction(Icons::action(QStringLiteral("edit-copy")), tr("&Copy"), this))
    , m_save(new QAction(Icons::action(QStringLiteral("document-save")), tr("&Save Log…"), this))
    , m_clear(new QAction(Icons::action(QStringLiteral("edit-clear")), tr("C&lear"), this))
{
    setObjectName(QStringLiteral("logView"));
    m_level->addItem(tr("All levels"), int(LogModel::Severity::Debug));
    m_level->addItem(tr("Info and above"), int(LogModel::Severity::Info));
    m_level->addItem(tr("Warnings and errors"), int(LogModel::Severity::Warning));
    m_level->addItem(tr("Errors only"), int(LogModel::Severity::Error));
    m_level->setCurrentIndex(m_level->findData(int(filter->minimumSeverity())));
    m_search->setPlaceholderText(tr("Search messages and categories"));
    m_search->setClearButtonEnabled(true);

    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setColumnWidth(LogModel::Time, 100);
    m_table->setColumnWidth(LogModel::Level, 110);
    m_table->setColumnWidth(LogModel::Category, 170);
    m_table->setItemDelegateForColumn(LogModel::Level, new StatusDotDelegate(m_table));

    m_pause->setCheckable(true);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_copy);
    m_table->addAction(m_save);
    m_table->addAction(m_clear);

    auto *top = new QHBoxLayout;
    top->addWidget(m_level);
    top->addWidget(m_search, 1);
    top->addWidget(buttonFor(m_pause, this));
    top->addWidget(buttonFor(m_copy, this));
    top->addWidget(buttonFor(m_save, this));
    top->addWidget(buttonFor(m_clear, this));

    m_note->setObjectName(QStringLiteral("logNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_filter->setMinimumSeverity(LogModel::Severity(m_level->itemData(index).toInt())); });
    connect(m_search, &QLineEdit::textChanged, filter, &LogFilterModel::setSearchText);
    connect(m_pause, &QAction::toggled, model, &LogModel::setPaused);
    connect(model, &LogModel::pausedChanged, this, &LogView::refreshPause);
    connect(model, &LogModel::heldCountChanged, this, &LogView::refreshPause);
    connect(m_copy, &QAction::triggered, this, &LogView::copySelection);
    connect(m_save, &QAction::triggered, this, &LogView::saveWithDialog);
    connect(m_clear, &QAction::triggered, model, &LogModel::clear);

    // Follow the tail only while the user is at it.
    QScrollBar *scroll = m_table->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, [this, scroll](int value) { m_followTail = value >= scroll->maximum() - 2; });
    connect(filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            m_table->scrollToBottom();
    });
    refreshPause();
}

LogView::~LogView() = default;

void LogView::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void LogView::refreshPause()
{
    const bool paused = m_model->isPaused();
    m_pause->setChecked(paused);
    if (!paused) {
        m_pause->setText(tr("&Pause"));
        m_pause->setToolTip(tr("Stop the log from scrolling; new entries wait until you resume"));
        return;
    }
    m_pause->setText(tr("&Resume (%n new)", nullptr, int(m_model->heldCount())));
    m_pause->setToolTip(tr("Show the entries that came in while paused"));
}

void LogView::copySelection()
{
    QStringList lines = m_filter->lines(m_table->selectionModel()->selectedRows());
    if (lines.isEmpty())
        return;
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void LogView::saveWithDialog()
{
    const QString suggested = QDir::home().filePath(
        QStringLiteral("datagate-%1.log").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Log"), suggested, tr("Log files (*.log *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = TextFile::write(path, m_filter->allLines());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Save Log"), error);
}
