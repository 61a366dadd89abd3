#pragma once

#include "config/OptionSpec.h"

#include <QList>
#include <QString>

// The example config file (resources/datagate.conf, installed as
// /etc/datagate/datagate.conf) and the table of options in
// docs/operations.md, made from the option declarations, so that a default,
// a range or a help text is written in one place only. tests/app's
// tst_exampleconfig checks that the files in the tree are what this makes,
// and rewrites them when asked (DATAGATE_UPDATE_REFERENCE=1).
namespace ExampleConfig {

// Every option as a commented-out key with its default, its help above it
// and whether a reload (SIGHUP) applies it.
QString configFile(const QList<OptionSpec> &specs);
// A Markdown table: option, config key, environment variable, default,
// reload or restart, meaning.
QString optionsTable(const QList<OptionSpec> &specs);

} // namespace ExampleConfig
