#include "gui/style/Icons.h"

#include "gui/style/HealthPalette.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

// Outside any namespace: Q_INIT_RESOURCE declares a function of that name.
static void initDatagateResources()
{
    Q_INIT_RESOURCE(datagate);
}

namespace Icons {

void initResources()
{
    static const bool done = [] {
        initDatagateResources();
        return true;
    }();
    Q_UNUSED(done);
}

namespace {

QHash<QString, QIcon> &cache()
{
    static QHash<QString, QIcon> icons;
    return icons;
}

// Pixmaps must not outlive the application object.
void clearCache()
{
    cache().clear();
}

} // namespace

QIcon fromSvg(const QString &resource)
{
    static const bool cleanup = [] {
        qAddPostRoutine(clearCache);
        return true;
    }();
    Q_UNUSED(cleanup);
    QHash<QString, QIcon> &icons = cache();
    const auto cached = icons.constFind(resource);
    if (cached != icons.cend())
        return *cached;
    QIcon icon;
    QSvgRenderer renderer(resource);
    if (renderer.isValid()) {
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            renderer.render(&painter);
            painter.end();
            icon.addPixmap(pixmap);
        }
    }
    icons.insert(resource, icon);
    return icon;
}

QIcon application()
{
    return fromSvg(QStringLiteral(":/datagate/icons/datagate.svg"));
}

QIcon health(FeedHealth::State state)
{
    return fromSvg(QStringLiteral(":/datagate/icons/%1.svg").arg(HealthPalette::iconName(state)));
}

QIcon action(const QString &name)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return fromSvg(QStringLiteral(":/datagate/icons/actions/%1.svg").arg(name));
}

} // namespace Icons
