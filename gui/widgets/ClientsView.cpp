#include "gui/widgets/ClientsView.h"

#include "gui/model/ClientFilterModel.h"
#include "gui/model/ClientTableModel.h"
#include "gui/style/Icons.h"
#include "gui/widgets/SendBufferDelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShowEvent>
#include <QTableView>
#include <QVBoxLayout>

ClientsView::ClientsView(ClientFilterModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_note(new QLabel(this))
    , m_disconnect(new QAction(Icons::action(QStringLiteral("network-disconnect")), tr("&Disconnect"), this))
    , m_copyAddress(new QAction(Icons::action(QStringLiteral("edit-copy")), tr("Copy &Address"), this))
{
    setObjectName(QStringLiteral("clientsView"));
    m_filter->setPlaceholderText(tr("Filter by ID, protocol, address or subscription"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("clientFilter"));

    m_table->setObjectName(QStringLiteral("clientsTable"));
    m_table->setModel(model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ClientTableModel::Id, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Fixed row heights and no per-row measuring: 20,000 rows scroll as
    // smoothly as 20.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // The subscriptions take what room is left, so that the numbers stay
    // next to each other at the right.
    m_table->horizontalHeader()->setSectionResizeMode(ClientTableModel::Subscriptions, QHeaderView::Stretch);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setItemDelegateForColumn(ClientTableModel::BytesQueued, new SendBufferDelegate(m_table));
    fitColumnsToHeaders();

    m_disconnect->setShortcut(QKeySequence::Delete);
    m_disconnect->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_disconnect);
    m_table->addAction(m_copyAddress);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);

    m_note->setObjectName(QStringLiteral("clientsNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, model, &ClientFilterModel::setFilterText);
    connect(m_filter, &QLineEdit::textChanged, this, &ClientsView::refreshCount);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ClientsView::refreshCount);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ClientsView::refreshCount);
    connect(model, &QAbstractItemModel::modelReset, this, &ClientsView::refreshCount);
    connect(model, &QAbstractItemModel::layoutChanged, this, &ClientsView::refreshCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ClientsView::refreshActions);
    connect(m_disconnect, &QAction::triggered, this, [this] {
        const QList<quint64> ids = selectedIds();
        if (!ids.isEmpty())
            Q_EMIT disconnectRequested(ids);
    });
    connect(m_copyAddress, &QAction::triggered, this, [this] {
        QStringList addresses;
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows(ClientTableModel::Address))
            addresses.append(index.data().toString());
        QApplication::clipboard()->setText(addresses.join(QLatin1Char('\n')));
    });
    refreshCount();
    refreshActions();
}

ClientsView::~ClientsView() = default;

QList<quint64> ClientsView::selectedIds() const
{
    return m_model->idsOf(m_table->selectionModel()->selectedRows());
}

void ClientsView::fitColumnsToHeaders()
{
    const QList<std::pair<int, int>> widths {
        {ClientTableModel::Id, 70},
        {ClientTableModel::Protocol, 90},
        {ClientTableModel::Address, 170},
        {ClientTableModel::ConnectedSince, 130},
        {ClientTableModel::MessagesSent, 130},
        {ClientTableModel::BytesQueued, 160},
    };
    QHeaderView *header = m_table->horizontalHeader();
    for (const auto &[column, width] : widths) {
        const int needed = std::max(width, header->sectionSizeHint(column));
        if (m_table->columnWidth(column) < needed)
            m_table->setColumnWidth(column, needed);
    }
}

void ClientsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fitColumnsToHeaders();
}

void ClientsView::refreshCount()
{
    m_count->setText(m_model->summaryText());
}

void ClientsView::setDisconnectUnavailable(const QString &reason)
{
    if (reason == m_disconnectUnavailable)
        return;
    m_disconnectUnavailable = reason;
    // Hidden rather than greyed out: an action that can never work is not
    // offered (a hidden action's shortcut does not fire either); the note
    // says why it is missing.
    m_disconnect->setVisible(reason.isEmpty());
    m_note->setText(reason);
    m_note->setVisible(!reason.isEmpty());
    refreshActions();
}

void ClientsView::refreshActions()
{
    const bool any = m_table->selectionModel()->hasSelection();
    m_disconnect->setEnabled(any && m_disconnectUnavailable.isEmpty());
    m_copyAddress->setEnabled(any);
}
