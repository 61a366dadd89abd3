#pragma once

#include "model/FeedHealth.h"

#include <QIcon>
#include <QString>

// The dashboard's icons: the desktop theme's where it has one (so the
// window looks native), else the SVG bundled in the resources (so it is
// complete on a bare desktop). SVGs are rendered here with QSvgRenderer,
// which needs no image plugin.
namespace Icons {

// Registers the bundled resources; call once before the first icon.
void initResources();

// The application icon.
QIcon application();
// The application icon in a health state's colour: the tray icon.
QIcon health(FeedHealth::State state);
// A themed action icon (freedesktop name, e.g. "edit-copy") with the
// bundled one of the same name as the fallback.
QIcon action(const QString &name);

// Renders a bundled SVG (":/datagate/icons/…") at the usual icon sizes.
QIcon fromSvg(const QString &resource);

} // namespace Icons
