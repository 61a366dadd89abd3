#include "gui/widgets/FeedCard.h"

#include "gui/model/FeedModel.h"
#include "gui/model/Format.h"
#include "gui/model/ProviderModel.h"
#include "gui/style/CardStyle.h"
#include "gui/style/HealthPalette.h"
#include "gui/widgets/HealthBadge.h"
#include "gui/widgets/StatusDotDelegate.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QLabel *captionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

FeedCard::FeedCard(FeedModel *model, int row, QWidget *parent)
    : QFrame(parent)
    , m_model(model)
    , m_row(row)
    , m_title(new QLabel(this))
    , m_description(new QLabel(this))
    , m_badge(new HealthBadge(this))
    , m_value(new QLabel(this))
    , m_stale(new HealthBadge(this))
    , m_degradedReason(new QLabel(this))
    , m_providersTitle(new QLabel(tr("Providers"), this))
    , m_providers(new QTableView(this))
{
    setObjectName(QStringLiteral("feedCard"));
    CardStyle::applyCard(this);
    m_title->setFont(CardStyle::titleFont(m_title->font()));
    m_description->setForegroundRole(QPalette::PlaceholderText);
    m_description->setWordWrap(true);
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.8);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stale->setState(FeedHealth::State::Degraded);
    //: Marks a value that is the last known one, served again because the upstream failed.
    m_stale->setWord(tr("Stale"));

    m_degradedReason->setObjectName(QStringLiteral("degradedReason"));
    m_degradedReason->setWordWrap(true);
    m_degradedReason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // In the degraded colour: it says why the light is amber.
    QPalette reasonPalette = m_degradedReason->palette();
    reasonPalette.setColor(QPalette::WindowText, HealthPalette::color(FeedHealth::State::Degraded).darker(140));
    m_degradedReason->setPalette(reasonPalette);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addStretch();
    titleRow->addWidget(m_badge);

    auto *valueRow = new QHBoxLayout;
    valueRow->addWidget(m_value);
    valueRow->addWidget(m_stale, 0, Qt::AlignVCenter);
    valueRow->addStretch();

    // Two columns of caption and value; the last error gets a row of its own.
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(3);
    const QList<QList<int>> rows {
        {FeedModel::Updated, FeedModel::NextPoll},
        {FeedModel::Provider, FeedModel::Latency},
        {FeedModel::Failures},
    };
    for (int line = 0; line < rows.size(); ++line) {
        for (int i = 0; i < rows.at(line).size(); ++i) {
            const int column = rows.at(line).at(i);
            auto *value = new QLabel(this);
            value->setTextInteractionFlags(Qt::TextSelectableByMouse);
            m_fields.insert(column, value);
            m_captions.insert(column, captionLabel(model->headerData(column, Qt::Horizontal).toString(), this));
            grid->addWidget(m_captions.value(column), line, i * 2);
            grid->addWidget(value, line, i * 2 + 1);
        }
    }
    auto *lastError = new QLabel(this);
    lastError->setWordWrap(true);
    lastError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields.insert(FeedModel::LastError, lastError);
    m_captions.insert(FeedModel::LastError, captionLabel(model->headerData(FeedModel::LastError, Qt::Horizontal).toString(), this));
    grid->addWidget(m_captions.value(FeedModel::LastError), int(rows.size()), 0, Qt::AlignTop);
    grid->addWidget(lastError, int(rows.size()), 1, 1, 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);

    const QString stream = this->stream();
    auto *providerModel = new ProviderModel(model, stream, this);
    m_providers->setModel(providerModel);
    m_providers->setItemDelegateForColumn(ProviderModel::Status, new StatusDotDelegate(m_providers));
    CardStyle::applyTable(m_providers);
    QFont sectionFont = m_providersTitle->font();
    sectionFont.setBold(true);
    m_providersTitle->setFont(sectionFont);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(6);
    layout->addLayout(titleRow);
    layout->addWidget(m_description);
    layout->addLayout(valueRow);
    layout->addWidget(m_degradedReason);
    layout->addLayout(grid);
    layout->addSpacing(4);
    layout->addWidget(m_providersTitle);
    layout->addWidget(m_providers);

    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        if (m_row >= topLeft.row() && m_row <= bottomRight.row())
            refresh();
    });
    connect(providerModel, &QAbstractItemModel::modelReset, this, &FeedCard::fitProviders);
    connect(providerModel, &QAbstractItemModel::rowsInserted, this, &FeedCard::fitProviders);
    connect(providerModel, &QAbstractItemModel::rowsRemoved, this, &FeedCard::fitProviders);
    refresh();
    fitProviders();
}

FeedCard::~FeedCard() = default;

QString FeedCard::stream() const
{
    return m_model ? m_model->index(m_row, FeedModel::Feed).data(FeedModel::StreamRole).toString() : QString();
}

void FeedCard::refresh()
{
    if (!m_model || m_row >= m_model->rowCount())
        return;
    auto text = [this](int column) { return m_model->index(m_row, column).data().toString(); };
    // The stream's name on the wire, under the title people read, when the
    // two differ.
    const QString title = Format::streamTitle(stream());
    m_title->setText(title);
    m_description->setText(stream());
    m_description->setVisible(title != stream());
    m_badge->setState(FeedHealth::State(m_model->index(m_row, FeedModel::State).data(FeedModel::HealthRole).toInt()));
    // The model's word: "Unknown" while a monitored datagate is out of reach.
    m_badge->setWord(text(FeedModel::State));
    const QString why = m_model->index(m_row, FeedModel::State).data(Qt::ToolTipRole).toString();
    m_badge->setToolTip(why.isEmpty() ? m_badge->accessibleName() : why);
    m_value->setText(text(FeedModel::Value));
    m_stale->setVisible(m_model->index(m_row, FeedModel::Value).data(FeedModel::StaleRole).toBool());
    const QString reason = m_model->index(m_row, FeedModel::State).data(FeedModel::DegradedReasonRole).toString();
    m_degradedReason->setText(reason);
    m_degradedReason->setVisible(!reason.isEmpty());
    // A feed without an upstream (the random numbers) has only its age.
    const bool polls = m_model->index(m_row, FeedModel::Feed).data(FeedModel::PollsRole).toBool();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        it.value()->setText(text(it.key()));
        it.value()->setToolTip(m_model->index(m_row, it.key()).data(Qt::ToolTipRole).toString());
        const bool shown = polls || it.key() == FeedModel::Updated;
        it.value()->setVisible(shown);
        m_captions.value(it.key())->setVisible(shown);
    }
}

void FeedCard::fitProviders()
{
    m_providersTitle->setVisible(m_providers->model()->rowCount() > 0);
    CardStyle::fitTable(m_providers);
}
