#include "gui/widgets/AboutDialog.h"

#include "gui/model/BuildInfo.h"
#include "gui/style/Icons.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_details(new QLabel(this))
{
    setWindowTitle(tr("About datagate"));
    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::application().pixmap(64, 64));
    auto *name = new QLabel(tr("datagate %1").arg(BuildInfo::version()), this);
    QFont nameFont = name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    name->setFont(nameFont);
    auto *summary = new QLabel(tr("A real-time data gateway: it streams live data to Socket.IO and WebSocket clients and shows "
                                  "who is connected, how the feeds are doing and what went wrong."),
        this);
    summary->setWordWrap(true);

    QStringList lines {BuildInfo::qtVersions()};
    lines += BuildInfo::options();
    m_details->setText(lines.join(QLatin1Char('\n')));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *texts = new QVBoxLayout;
    texts->addWidget(name);
    texts->addWidget(summary);
    texts->addSpacing(8);
    texts->addWidget(m_details);
    auto *body = new QHBoxLayout;
    body->addWidget(icon, 0, Qt::AlignTop);
    body->addLayout(texts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

AboutDialog::~AboutDialog() = default;
