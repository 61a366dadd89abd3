#include "gui/widgets/HealthBadge.h"

#include "gui/style/HealthPalette.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

namespace {

constexpr int PadX = 8;
constexpr int Gap = 6;

} // namespace

HealthBadge::HealthBadge(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    updateTexts();
}

HealthBadge::~HealthBadge() = default;

void HealthBadge::setState(FeedHealth::State state)
{
    if (m_state == state)
        return;
    m_state = state;
    updateTexts();
}

void HealthBadge::setName(const QString &name)
{
    if (m_name == name)
        return;
    m_name = name;
    updateTexts();
}

void HealthBadge::setWord(const QString &word)
{
    if (m_word == word)
        return;
    m_word = word;
    updateTexts();
}

QString HealthBadge::word() const
{
    return m_word.isEmpty() ? HealthPalette::word(m_state) : m_word;
}

void HealthBadge::updateTexts()
{
    const QString text = m_name.isEmpty() ? word() : m_name + QStringLiteral(": ") + word();
    setAccessibleName(text);
    setToolTip(text);
    updateGeometry();
    update();
}

QSize HealthBadge::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const int dot = metrics.height() / 2;
    int width = PadX + dot + Gap + boldMetrics.horizontalAdvance(word()) + PadX;
    if (!m_name.isEmpty())
        width += metrics.horizontalAdvance(m_name) + Gap;
    return {width, metrics.height() + 8};
}

QSize HealthBadge::minimumSizeHint() const
{
    return sizeHint();
}

void HealthBadge::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = HealthPalette::color(m_state);
    const QRectF pill = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(QPen(HealthPalette::tint(m_state).darker(110), 1));
    painter.setBrush(HealthPalette::tint(m_state));
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);

    const QFontMetrics metrics = fontMetrics();
    int x = PadX;
    if (!m_name.isEmpty()) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(x, 0, metrics.horizontalAdvance(m_name), height()), Qt::AlignVCenter | Qt::AlignLeft, m_name);
        x += metrics.horizontalAdvance(m_name) + Gap;
    }
    const int dot = metrics.height() / 2;
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(x, (height() - dot) / 2.0, dot, dot));
    x += dot + Gap;

    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    // The word in the palette's colour, darkened enough to read on the tint.
    painter.setPen(m_state == FeedHealth::State::Degraded ? color.darker(160) : color.darker(115));
    painter.drawText(QRect(x, 0, width() - x, height()), Qt::AlignVCenter | Qt::AlignLeft, word());
}

void HealthBadge::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange)
        updateTexts();
    QWidget::changeEvent(event);
}
