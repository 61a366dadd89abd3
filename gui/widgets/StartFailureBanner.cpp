#include "gui/widgets/StartFailureBanner.h"

#include "gui/style/HealthPalette.h"
#include "gui/style/Icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

StartFailureBanner::StartFailureBanner(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_reason(new QLabel(this))
    , m_portLabel(new QLabel(tr("Port:"), this))
    , m_port(new QSpinBox(this))
    , m_retry(new QPushButton(Icons::action(QStringLiteral("view-refresh")), tr("Retry"), this))
{
    setObjectName(QStringLiteral("startFailureBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette tinted = palette();
    const QColor base = palette().color(QPalette::Window);
    const QColor red = HealthPalette::color(FeedHealth::State::Down);
    // The red of "down", mixed lightly into the window's own background.
    tinted.setColor(QPalette::Window,
        QColor::fromRgbF(base.redF() * 0.85f + red.redF() * 0.15f, base.greenF() * 0.85f + red.greenF() * 0.15f,
            base.blueF() * 0.85f + red.blueF() * 0.15f));
    setPalette(tinted);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_port->setRange(1, 65535);
    m_portLabel->setBuddy(m_port);
    m_retry->setDefault(true);

    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::health(FeedHealth::State::Down).pixmap(32, 32));

    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addWidget(m_title);
    texts->addWidget(m_reason);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(10);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(texts, 1);
    layout->addWidget(m_portLabel);
    layout->addWidget(m_port);
    layout->addWidget(m_retry);

    connect(m_retry, &QPushButton::clicked, this, [this] { Q_EMIT retryRequested(m_port->isVisible() ? quint16(m_port->value()) : 0); });
}

StartFailureBanner::~StartFailureBanner() = default;

void StartFailureBanner::showProblem(const QString &reason, bool canChangePort, quint16 suggestedPort, const QString &title)
{
    m_title->setText(title.isEmpty() ? tr("The server is not running") : title);
    m_reason->setText(reason);
    m_portLabel->setVisible(canChangePort);
    m_port->setVisible(canChangePort);
    if (suggestedPort != 0)
        m_port->setValue(suggestedPort);
    // Without a port to choose, the source retries by itself: this is to
    // not wait for it.
    m_retry->setText(canChangePort ? tr("Retry on This Port") : tr("Retry Now"));
}
