#include "feeds/bitcoin/BitcoinSettings.h"

#include "feeds/bitcoin/PriceProvider.h"

namespace {

constexpr qint64 OneDayMs = 24LL * 3600 * 1000;

} // namespace

const QString BitcoinSettings::SimulatedProvider = QStringLiteral("simulated");

QList<OptionSpec> BitcoinSettings::options()
{
    const QString known = (PriceProvider::names() << SimulatedProvider).join(QStringLiteral(", "));
    OptionSpec providers = OptionSpec::list(QStringLiteral("btc-providers"), tr("list"),
        tr("Bitcoin price providers in failover order; simulated alone for offline demos."), PriceProvider::names(),
        [known](const QStringList &names) {
            for (const QString &name : names) {
                if (name == SimulatedProvider) {
                    // Mixed in, made-up prices would be served whenever the
                    // real providers fail, which is exactly when nobody
                    // would notice.
                    if (names.size() > 1)
                        return tr("\"simulated\" cannot be combined with real providers; use it alone for offline demos");
                } else if (!PriceProvider::find(name)) {
                    return tr("unknown provider \"%1\"; known providers: %2").arg(name, known);
                }
            }
            return QString();
        });
    providers.reloadable();

    OptionSpec urls;
    urls.name = QStringLiteral("btc-url");
    urls.valueName = tr("provider=url");
    urls.help = tr("Replace a provider's request URL: PROVIDER=URL (repeatable; in the environment and the config file, separate "
                   "entries with spaces).");
    urls.defaultValue = QVariantMap();
    urls.repeatable = true;
    urls.reload = OptionSpec::Reload::Runtime;
    urls.parse = [](const QStringList &values) -> OptionSpec::Parsed {
        QVariantMap map;
        for (const QString &value : values) {
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const QString provider = eq > 0 ? value.left(eq).trimmed().toLower() : QString();
            const QUrl url(eq > 0 ? value.sliced(eq + 1).trimmed() : QString(), QUrl::StrictMode);
            if (provider.isEmpty() || !url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
                || url.host().isEmpty())
                return {{}, tr("expected PROVIDER=http(s)://host/path, not \"%1\"").arg(value)};
            if (!PriceProvider::find(provider))
                return {{},
                    tr("unknown provider \"%1\"; providers with a URL: %2")
                        .arg(provider, PriceProvider::names().join(QStringLiteral(", ")))};
            map.insert(provider, url.toString());
        }
        return {map, {}};
    };

    OptionSpec interval =
        OptionSpec::integer(QStringLiteral("btc-interval"), tr("ms"), tr("Bitcoin price poll interval in ms."), 20000, 10, OneDayMs);
    OptionSpec timeout = OptionSpec::integer(
        QStringLiteral("btc-timeout"), tr("ms"), tr("Timeout of one upstream price request in ms."), 5000, 10, OneDayMs);
    return {providers, interval.reloadable(), timeout.reloadable(), urls};
}

BitcoinSettings BitcoinSettings::from(const Config &config)
{
    BitcoinSettings settings;
    settings.providers = config.list(QStringLiteral("btc-providers"));
    settings.intervalMs = static_cast<int>(config.integer(QStringLiteral("btc-interval")));
    settings.timeoutMs = static_cast<int>(config.integer(QStringLiteral("btc-timeout")));
    const QVariantMap urls = config.map(QStringLiteral("btc-url"));
    for (auto it = urls.cbegin(); it != urls.cend(); ++it)
        settings.urls.insert(it.key(), QUrl(it.value().toString()));
    return settings;
}
