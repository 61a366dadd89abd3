<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About datagate</source>
        <translation>Über datagate</translation>
    </message>
    <message>
        <source>datagate %1</source>
        <translation>datagate %1</translation>
    </message>
    <message>
        <source>A real-time data gateway: it streams live data to Socket.IO and WebSocket clients and shows who is connected, how the feeds are doing and what went wrong.</source>
        <translation>Ein Echtzeit-Datengateway: Es streamt Live-Daten an Socket.IO- und WebSocket-Clients und zeigt, wer verbunden ist, wie es den Feeds geht und was schiefgelaufen ist.</translation>
    </message>
</context>
<context>
    <name>AppOptions</name>
    <message>
        <source>level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Least severe messages to log: debug, info, warning or error.</source>
        <translation>Niedrigste Stufe, die protokolliert wird: debug, info, warning oder error.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Language of the dashboard and of this help, e.g. de or es; the system&apos;s language when not set.</source>
        <translation>Sprache des Dashboards und dieser Hilfe, z. B. de oder es; ohne Angabe die Sprache des Systems.</translation>
    </message>
    <message>
        <source>expected a language code such as en, de or es</source>
        <translation>erwartet einen Sprachcode wie en, de oder es</translation>
    </message>
    <message>
        <source>Run headless, without the dashboard.</source>
        <translation>Ohne Dashboard laufen, nur als Server.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Run with the dashboard, save a PNG of its window to this file after --screenshot-delay, then exit.</source>
        <translation>Mit Dashboard starten, nach --screenshot-delay ein PNG des Fensters in diese Datei speichern und beenden.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>How long the dashboard runs with live data before --screenshot, in ms.</source>
        <translation>Wie lange das Dashboard vor --screenshot mit Live-Daten läuft, in ms.</translation>
    </message>
    <message>
        <source>datagate streams live data (random numbers, the Bitcoin price) to Socket.IO v4 clients on /socket.io/ (namespace /data) and to plain WebSocket JSON clients on /ws.
Every option can also be set through the environment as DATAGATE_&lt;OPTION&gt;, e.g. DATAGATE_PORT=3001, or in the config file as &lt;option&gt;=&lt;value&gt;; the command line wins over the environment, which wins over the file.</source>
        <translation>datagate streamt Live-Daten (Zufallszahlen, den Bitcoin-Kurs) an Socket.IO-v4-Clients unter /socket.io/ (Namespace /data) und an einfache WebSocket-JSON-Clients unter /ws.
Jede Option lässt sich auch über die Umgebung als DATAGATE_&lt;OPTION&gt; setzen, z. B. DATAGATE_PORT=3001, oder in der Konfigurationsdatei als &lt;option&gt;=&lt;wert&gt;; die Kommandozeile hat Vorrang vor der Umgebung, die Umgebung vor der Datei.</translation>
    </message>
    <message>
        <source>expected the URL of a datagate, such as http://host:3000</source>
        <translation>erwartet die URL eines datagate, etwa http://host:3000</translation>
    </message>
    <message>
        <source>expected a URL without user, query or fragment, such as http://host:3000</source>
        <translation>erwartet eine URL ohne Benutzer, Query oder Fragment, etwa http://host:3000</translation>
    </message>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Open the dashboard for a datagate running elsewhere, e.g. http://host:3000, instead of starting a server here.</source>
        <translation>Das Dashboard für ein anderswo laufendes datagate öffnen, z. B. http://host:3000, statt hier einen Server zu starten.</translation>
    </message>
    <message>
        <source>With --monitor: a file holding the bearer token for that datagate&apos;s status API, one of its --admin-token-file&apos;s.</source>
        <translation>Mit --monitor: eine Datei mit dem Bearer-Token für die Status-API jenes datagate, einem aus dessen --admin-token-file.</translation>
    </message>
    <message>
        <source>With --monitor: a PEM file of one or more CA certificates to trust for that datagate&apos;s https:// and wss://, besides the system&apos;s (its private CA, or its self-signed certificate).</source>
        <translation>Mit --monitor: eine PEM-Datei mit einem oder mehreren CA-Zertifikaten, denen für https:// und wss:// jenes datagate zusätzlich zu denen des Systems vertraut wird (seine private CA oder sein selbstsigniertes Zertifikat).</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)</source>
        <translation>%1 enthält kein PEM-Zertifikat (-----BEGIN CERTIFICATE-----)</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>datagate: --monitor opens the dashboard; it cannot run with --no-gui.</source>
        <translation>datagate: --monitor öffnet das Dashboard und kann nicht mit --no-gui laufen.</translation>
    </message>
    <message>
        <source>datagate: --monitor opens the dashboard, which needs a display (%1).</source>
        <translation>datagate: --monitor öffnet das Dashboard, das eine Anzeige braucht (%1).</translation>
    </message>
    <message>
        <source>datagate: --monitor opens the dashboard, which is not part of this build.</source>
        <translation>datagate: --monitor öffnet das Dashboard, das in diesem Build nicht enthalten ist.</translation>
    </message>
</context>
<context>
    <name>BitcoinSettings</name>
    <message>
        <source>list</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Bitcoin price providers in failover order; simulated alone for offline demos.</source>
        <translation>Anbieter des Bitcoin-Kurses in der Reihenfolge, in der auf sie ausgewichen wird; simulated allein für Offline-Demos.</translation>
    </message>
    <message>
        <source>&quot;simulated&quot; cannot be combined with real providers; use it alone for offline demos</source>
        <translation>&quot;simulated&quot; lässt sich nicht mit echten Anbietern kombinieren; nur allein für Offline-Demos verwenden</translation>
    </message>
    <message>
        <source>unknown provider &quot;%1&quot;; known providers: %2</source>
        <translation>unbekannter Anbieter &quot;%1&quot;; bekannte Anbieter: %2</translation>
    </message>
    <message>
        <source>provider=url</source>
        <translation>Anbieter=URL</translation>
    </message>
    <message>
        <source>Replace a provider&apos;s request URL: PROVIDER=URL (repeatable; in the environment and the config file, separate entries with spaces).</source>
        <translation>Die Abfrage-URL eines Anbieters ersetzen: ANBIETER=URL (mehrfach möglich; in der Umgebung und der Konfigurationsdatei die Einträge durch Leerzeichen trennen).</translation>
    </message>
    <message>
        <source>expected PROVIDER=http(s)://host/path, not &quot;%1&quot;</source>
        <translation>erwartet ANBIETER=http(s)://host/pfad, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>unknown provider &quot;%1&quot;; providers with a URL: %2</source>
        <translation>unbekannter Anbieter &quot;%1&quot;; Anbieter mit URL: %2</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Bitcoin price poll interval in ms.</source>
        <translation>Abfrageintervall des Bitcoin-Kurses in ms.</translation>
    </message>
    <message>
        <source>Timeout of one upstream price request in ms.</source>
        <translation>Zeitlimit einer einzelnen Kursabfrage beim Anbieter in ms.</translation>
    </message>
</context>
<context>
    <name>BuildInfo</name>
    <message>
        <source>Qt %1</source>
        <translation>Qt %1</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1 (erstellt mit %2)</translation>
    </message>
    <message>
        <source>on</source>
        <comment>a build option that is enabled</comment>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <comment>a build option that is disabled</comment>
        <translation>aus</translation>
    </message>
    <message>
        <source>Build type: %1</source>
        <translation>Build-Typ: %1</translation>
    </message>
    <message>
        <source>Compiler: %1</source>
        <translation>Compiler: %1</translation>
    </message>
    <message>
        <source>Dashboard: %1</source>
        <translation>Dashboard: %1</translation>
    </message>
    <message>
        <source>Warnings as errors: %1</source>
        <translation>Warnungen als Fehler: %1</translation>
    </message>
    <message>
        <source>Sanitizers (ASan, UBSan): %1</source>
        <translation>Sanitizer (ASan, UBSan): %1</translation>
    </message>
    <message>
        <source>Platform: %1 on %2</source>
        <translation>Plattform: %1 auf %2</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>Letzte Stunde</numerusform>
            <numerusform>Letzte %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute(s)</source>
        <translation>
            <numerusform>Letzte Minute</numerusform>
            <numerusform>Letzte %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Time window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Live charts</source>
        <translation>Live-Diagramme</translation>
    </message>
</context>
<context>
    <name>ClientFilterModel</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n Client</numerusform>
            <numerusform>%n Clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n client(s)</source>
        <extracomment>%1 is how many clients match the filter; %n is how many there are.</extracomment>
        <translation>
            <numerusform>%1 von %n Client</numerusform>
            <numerusform>%1 von %n Clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Sent to the client but not yet taken by its connection; at %1 the client is disconnected as too slow</source>
        <translation>An den Client gesendet, aber von seiner Verbindung noch nicht abgenommen; ab %1 wird der Client als zu langsam getrennt</translation>
    </message>
    <message>
        <source>Sent to the client but not yet taken by its connection; a client that lets this grow too far is disconnected</source>
        <translation>An den Client gesendet, aber von seiner Verbindung noch nicht abgenommen; wächst dies zu stark an, wird der Client getrennt</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>client id</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>Verbunden seit</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>Gesendete Nachrichten</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Noch zu senden</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Copy &amp;Address</source>
        <translation>&amp;Adresse kopieren</translation>
    </message>
    <message>
        <source>Filter by ID, protocol, address or subscription</source>
        <translation>Nach ID, Protokoll, Adresse oder Abonnement filtern</translation>
    </message>
</context>
<context>
    <name>ClusterModel</name>
    <message>
        <source>%1 (this one)</source>
        <extracomment>An instance of the cluster that is the datagate this window shows; %1 is its id.</extracomment>
        <translation>%1 (diese Instanz)</translation>
    </message>
    <message>
        <source>The feeds this instance runs and shares with the others through Redis.</source>
        <translation>Die Feeds, die diese Instanz betreibt und über Redis mit den anderen teilt.</translation>
    </message>
    <message>
        <source>Instance</source>
        <extracomment>A datagate process in a cluster of several.</extracomment>
        <translation>Instanz</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Produces</source>
        <extracomment>Column of the feeds an instance runs for the whole cluster.</extracomment>
        <translation>Erzeugt</translation>
    </message>
    <message>
        <source>In cluster</source>
        <extracomment>The cluster&apos;s state: one producer per feed across the instances.</extracomment>
        <translation>Im Cluster</translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>The cluster&apos;s state: Redis unreachable, every feed produced here.</extracomment>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Connecting</source>
        <extracomment>The cluster&apos;s state: Redis not reached yet.</extracomment>
        <translation>Verbindet</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Redis %1: connected</source>
        <extracomment>%1 is the Redis server&apos;s address, e.g. 10.0.0.5:6379/0.</extracomment>
        <translation>Redis %1: verbunden</translation>
    </message>
    <message>
        <source>Redis %1: unreachable</source>
        <translation>Redis %1: nicht erreichbar</translation>
    </message>
</context>
<context>
    <name>ClusterPanel</name>
    <message>
        <source>Cluster</source>
        <extracomment>Title of the panel about the datagate instances sharing one Redis.</extracomment>
        <translation>Cluster</translation>
    </message>
</context>
<context>
    <name>ClusterSettings</name>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Cluster mode: share the feeds with the other instances through this Redis, redis://[:password@]host[:port][/db]; rediss:// is not supported.</source>
        <translation>Cluster-Modus: die Feeds über diesen Redis mit den anderen Instanzen teilen, redis://[:passwort@]host[:port][/db]; rediss:// wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Cluster mode: how long a feed&apos;s producer lease lasts unrenewed, in ms; a dead producer is replaced within it.</source>
        <translation>Cluster-Modus: wie lange die Erzeuger-Lease eines Feeds ohne Erneuerung gilt, in ms; ein ausgefallener Erzeuger wird innerhalb dieser Zeit ersetzt.</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Cluster mode: this instance&apos;s name in the cluster; made up from the host name and process id when empty.</source>
        <translation>Cluster-Modus: der Name dieser Instanz im Cluster; leer wird er aus Rechnername und Prozess-ID gebildet.</translation>
    </message>
    <message>
        <source>the instance id must not contain spaces</source>
        <translation>die Instanz-ID darf keine Leerzeichen enthalten</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>(default: %1)</source>
        <translation>(Standard: %1)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <source>config file %1</source>
        <translation>Konfigurationsdatei %1</translation>
    </message>
    <message>
        <source>environment (%1)</source>
        <translation>Umgebung (%1)</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>Kommandozeile</translation>
    </message>
    <message>
        <source>set by the application</source>
        <translation>von der Anwendung gesetzt</translation>
    </message>
    <message>
        <source>Read options from this INI file; the keys are the option names (also DATAGATE_CONFIG).</source>
        <translation>Optionen aus dieser INI-Datei lesen; die Schlüssel sind die Namen der Optionen (auch DATAGATE_CONFIG).</translation>
    </message>
    <message>
        <source>Print the effective configuration and where each value came from, then exit.</source>
        <translation>Die wirksame Konfiguration samt Herkunft jedes Werts ausgeben und beenden.</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cannot read the config file %1</source>
        <translation>die Konfigurationsdatei %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>%1: not a valid INI file</source>
        <translation>%1: keine gültige INI-Datei</translation>
    </message>
    <message>
        <source>%1: unknown key &quot;%2&quot;: options are keys outside any [section]</source>
        <translation>%1: unbekannter Schlüssel &quot;%2&quot;: Optionen sind Schlüssel außerhalb jeder [Sektion]</translation>
    </message>
    <message>
        <source>%1: unknown key &quot;%2&quot;; every command-line option is a key, e.g. port=3000</source>
        <translation>%1: unbekannter Schlüssel &quot;%2&quot;; jede Kommandozeilenoption ist ein Schlüssel, z. B. port=3000</translation>
    </message>
    <message>
        <source>%1: invalid value &quot;%2&quot; for key %3: %4</source>
        <translation>%1: ungültiger Wert &quot;%2&quot; für den Schlüssel %3: %4</translation>
    </message>
    <message>
        <source>invalid value &quot;%1&quot; for --%2 (from %3): %4</source>
        <translation>ungültiger Wert &quot;%1&quot; für --%2 (aus %3): %4</translation>
    </message>
    <message>
        <source>invalid value &quot;%1&quot; for --%2: %3</source>
        <translation>ungültiger Wert &quot;%1&quot; für --%2: %3</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>The window could not be captured.</source>
        <translation>Das Fenster konnte nicht aufgenommen werden.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>FeedCard</name>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Stale</source>
        <extracomment>Marks a value that is the last known one, served again because the upstream failed.</extracomment>
        <translation>Veraltet</translation>
    </message>
</context>
<context>
    <name>FeedModel</name>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation>Fehlschläge in Folge</translation>
    </message>
    <message>
        <source>Next poll</source>
        <translation>Nächste Abfrage</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Not known while the monitored datagate cannot be reached; it was %1 when last seen.</source>
        <extracomment>%1 is the feed&apos;s state when the monitored datagate was last reached, e.g. &quot;Healthy&quot;.</extracomment>
        <translation>Nicht bekannt, solange das überwachte datagate nicht erreichbar ist; zuletzt gesehen: %1.</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>feed health: the monitored datagate cannot be reached</comment>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1/s</source>
        <extracomment>A data rate, e.g. &quot;1.5 KiB/s&quot;; %1 is the size.</extracomment>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <extracomment>Messages sent per second.</extracomment>
        <translation>%1 Nachr./s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <extracomment>A latency; %1 is a number of milliseconds.</extracomment>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <extracomment>Seconds, e.g. &quot;45 s&quot;.</extracomment>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <extracomment>Minutes and seconds, e.g. &quot;3 min 12 s&quot;.</extracomment>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <extracomment>Hours and minutes, e.g. &quot;2 h 05 min&quot;.</extracomment>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <extracomment>Days and hours, e.g. &quot;3 d 4 h&quot;.</extracomment>
        <translation>%1 Tg. %2 h</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <extracomment>How long ago something happened; %1 is a duration such as &quot;12 s&quot;.</extracomment>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>now</source>
        <comment>countdown</comment>
        <extracomment>The next poll is due now.</extracomment>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>in %1</source>
        <extracomment>Time left until something happens; %1 is a duration such as &quot;12 s&quot;.</extracomment>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <extracomment>Uptime of several days: %1 is the number of days, %2 the hours:minutes:seconds.</extracomment>
        <translation>%1 Tg. %2</translation>
    </message>
    <message>
        <source>Bitcoin price</source>
        <translation>Bitcoin-Kurs</translation>
    </message>
    <message>
        <source>Random numbers</source>
        <translation>Zufallszahlen</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Messages</source>
        <extracomment>Header caption over the number of messages sent per second.</extracomment>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Data sent</source>
        <extracomment>Header caption over the bytes sent per second.</extracomment>
        <translation>Gesendete Daten</translation>
    </message>
</context>
<context>
    <name>HealthPalette</name>
    <message>
        <source>Healthy</source>
        <comment>feed health</comment>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Degraded</source>
        <comment>feed health: serving stale data or failing over</comment>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Down</source>
        <comment>feed health</comment>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <source>Starting</source>
        <comment>feed health: no value yet</comment>
        <translation>Startet</translation>
    </message>
</context>
<context>
    <name>InProcessSource</name>
    <message>
        <source>Cannot listen on port %1 of %2. Another program may be using it.</source>
        <translation>Port %1 auf %2 lässt sich nicht öffnen. Möglicherweise verwendet ihn ein anderes Programm.</translation>
    </message>
    <message>
        <source>all interfaces</source>
        <translation>allen Schnittstellen</translation>
    </message>
</context>
<context>
    <name>JwtVerifier</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds a secret shorter than %2 bytes, too short for HS256</source>
        <translation>%1 enthält ein Geheimnis kürzer als %2 Bytes, zu kurz für HS256</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>Debug</source>
        <comment>log level</comment>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <comment>log level</comment>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <comment>log level</comment>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <comment>log level</comment>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Save Log…</source>
        <translation>Protokoll &amp;speichern…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Search messages and categories</source>
        <translation>Meldungen und Kategorien durchsuchen</translation>
    </message>
    <message>
        <source>Stop the log from scrolling; new entries wait until you resume</source>
        <translation>Das Protokoll anhalten; neue Einträge warten, bis es weiterläuft</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Resume (%n new)</source>
        <translation>
            <numerusform>&amp;Fortsetzen (%n neuer)</numerusform>
            <numerusform>&amp;Fortsetzen (%n neue)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the entries that came in while paused</source>
        <translation>Die Einträge anzeigen, die während der Pause eingegangen sind</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Protokoll speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Copy &amp;Socket.IO URL</source>
        <translation>&amp;Socket.IO-URL kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;WebSocket URL</source>
        <translation>&amp;WebSocket-URL kopieren</translation>
    </message>
    <message>
        <source>&amp;Save Log…</source>
        <translation>Protokoll &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>Fenster s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Show Dashboard</source>
        <translation>Dashboard &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>&amp;About datagate</source>
        <translation>&amp;Über datagate</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>Clients (%1)</source>
        <extracomment>Tab title; %1 is the number of connected clients.</extracomment>
        <translation>Clients (%1)</translation>
    </message>
    <message>
        <source>Disconnect Clients</source>
        <translation>Clients trennen</translation>
    </message>
    <message numerus="yes">
        <source>Disconnect %n client(s)? They can connect again at once.</source>
        <translation>
            <numerusform>%n Client trennen? Er kann sich sofort wieder verbinden.</numerusform>
            <numerusform>%n Clients trennen? Sie können sich sofort wieder verbinden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnected %n client(s)</source>
        <translation>
            <numerusform>%n Client getrennt</numerusform>
            <numerusform>%n Clients getrennt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptionSpec</name>
    <message>
        <source>expected 1/0, true/false, yes/no or on/off</source>
        <translation>erwartet 1/0, true/false, yes/no oder on/off</translation>
    </message>
    <message>
        <source>expected an integer from %1 to %2</source>
        <translation>erwartet eine ganze Zahl von %1 bis %2</translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation>erwartet eines von: %1</translation>
    </message>
    <message>
        <source>expected a comma-separated list</source>
        <translation>erwartet eine kommagetrennte Liste</translation>
    </message>
</context>
<context>
    <name>OriginPolicy</name>
    <message>
        <source>&quot;%1&quot; is not an origin: expected http(s)://host[:port], or http(s)://*.domain[:port] for its subdomains, or *</source>
        <translation>„%1“ ist kein Origin: erwartet wird http(s)://host[:port], http(s)://*.domain[:port] für dessen Subdomains, oder *</translation>
    </message>
</context>
<context>
    <name>ProviderModel</name>
    <message>
        <source>Answering</source>
        <comment>price provider status</comment>
        <translation>Antwortet</translation>
    </message>
    <message>
        <source>Resting</source>
        <comment>price provider status: it asked us to slow down (HTTP 429)</comment>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Failing</source>
        <comment>price provider status</comment>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <source>Not asked yet</source>
        <comment>price provider status</comment>
        <translation>Noch nicht gefragt</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>%n Fehlschlag in Folge</numerusform>
            <numerusform>%n Fehlschläge in Folge</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Resting until %1, as the provider asked</source>
        <translation>Pausiert bis %1, wie vom Anbieter verlangt</translation>
    </message>
    <message>
        <source>Answers with a valid price</source>
        <translation>Antworten mit gültigem Kurs</translation>
    </message>
    <message>
        <source>Timeouts, connection errors and error statuses</source>
        <translation>Zeitüberschreitungen, Verbindungsfehler und Fehlerstatus</translation>
    </message>
    <message>
        <source>Answers whose price failed validation</source>
        <translation>Antworten, deren Kurs die Prüfung nicht bestanden hat</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Valid</source>
        <comment>provider answers with a valid price</comment>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>provider requests that failed</comment>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>provider answers whose price failed validation</comment>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>RandomFeed</name>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Interval of the random-number feed in ms.</source>
        <translation>Intervall des Zufallszahlen-Feeds in ms.</translation>
    </message>
</context>
<context>
    <name>RemoteSource</name>
    <message numerus="yes">
        <source>%1 did not greet on its WebSocket within %n second(s).</source>
        <translation>
            <numerusform>%1 hat sich auf seinem WebSocket nicht innerhalb von %n Sekunde gemeldet.</numerusform>
            <numerusform>%1 hat sich auf seinem WebSocket nicht innerhalb von %n Sekunden gemeldet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read a token from %1: %2</source>
        <translation>Aus %1 lässt sich kein Token lesen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 hat nicht innerhalb von %n Sekunde geantwortet.</numerusform>
            <numerusform>%1 hat nicht innerhalb von %n Sekunden geantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 asks for a token (HTTP 401). Start the dashboard with --monitor-token-file FILE, where FILE holds one of the tokens of that server&apos;s --admin-token-file.</source>
        <translation>%1 verlangt ein Token (HTTP 401). Das Dashboard mit --monitor-token-file DATEI starten, wobei DATEI eines der Tokens aus der --admin-token-file jenes Servers enthält.</translation>
    </message>
    <message>
        <source>%1 did not accept the token in %2 (HTTP 401).</source>
        <translation>%1 hat das Token aus %2 nicht angenommen (HTTP 401).</translation>
    </message>
    <message>
        <source>%1 answered HTTP 404 for %2: it is not a datagate, or one without the status API.</source>
        <translation>%1 hat auf %2 mit HTTP 404 geantwortet: Es ist kein datagate oder eines ohne Status-API.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 for %3.</source>
        <translation>%1 hat auf %3 mit HTTP %2 geantwortet.</translation>
    </message>
    <message>
        <source>Cannot reach %1: nothing accepts connections on that port.</source>
        <translation>%1 ist nicht erreichbar: Auf diesem Port nimmt niemand Verbindungen an.</translation>
    </message>
    <message>
        <source>Cannot reach %1: the host %2 is not known.</source>
        <translation>%1 ist nicht erreichbar: Der Host %2 ist unbekannt.</translation>
    </message>
    <message>
        <source>%1 closed the connection before it answered.</source>
        <translation>%1 hat die Verbindung vor der Antwort geschlossen.</translation>
    </message>
    <message>
        <source>%1 sent an answer larger than %2 MiB for %3.</source>
        <translation>%1 hat auf %3 eine Antwort über %2 MiB gesendet.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 did not answer like a datagate for %2 (%3).</source>
        <translation>%1 hat auf %2 nicht wie ein datagate geantwortet (%3).</translation>
    </message>
    <message>
        <source>%1 sent a message that is not datagate&apos;s protocol (%2).</source>
        <translation>%1 hat eine Nachricht gesendet, die nicht dem Protokoll von datagate entspricht (%2).</translation>
    </message>
    <message>
        <source>The WebSocket to %1 failed: %2</source>
        <translation>Der WebSocket zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 is shutting down.</source>
        <translation>%1 wird heruntergefahren.</translation>
    </message>
    <message>
        <source>The connection to %1 broke off.</source>
        <translation>Die Verbindung zu %1 ist abgebrochen.</translation>
    </message>
    <message>
        <source>%1 closed the connection (WebSocket close code %2).</source>
        <translation>%1 hat die Verbindung geschlossen (WebSocket-Close-Code %2).</translation>
    </message>
    <message>
        <source>Cannot reach %1 over TLS: %2. If its certificate comes from a private CA or is self-signed, start the dashboard with --monitor-ca FILE, where FILE holds that CA&apos;s certificate (PEM).</source>
        <translation>%1 ist über TLS nicht erreichbar: %2. Stammt sein Zertifikat von einer privaten CA oder ist es selbstsigniert, das Dashboard mit --monitor-ca DATEI starten, wobei DATEI das Zertifikat dieser CA enthält (PEM).</translation>
    </message>
    <message>
        <source>Cannot reach %1 over TLS: %2. Its certificate is not signed by a CA of %3 or of the system.</source>
        <translation>%1 ist über TLS nicht erreichbar: %2. Sein Zertifikat ist von keiner CA aus %3 oder des Systems signiert.</translation>
    </message>
</context>
<context>
    <name>ServerOverview</name>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>Serving on all interfaces, port %1</source>
        <translation>Aktiv auf allen Schnittstellen, Port %1</translation>
    </message>
    <message>
        <source>Serving on %1, port %2</source>
        <translation>Aktiv auf %1, Port %2</translation>
    </message>
    <message>
        <source>Not serving</source>
        <translation>Nicht aktiv</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird beendet…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Beendet</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n Client</numerusform>
            <numerusform>%n Clients</numerusform>
        </translation>
    </message>
    <message>
        <source>Socket.IO %1 · JSON %2</source>
        <extracomment>Connected clients by protocol; the protocol names stay as they are.</extracomment>
        <translation>Socket.IO %1 · JSON %2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Monitoring %1</source>
        <translation>Überwacht %1</translation>
    </message>
    <message>
        <source>Not connected to %1, reconnecting…</source>
        <translation>Nicht mit %1 verbunden, verbinde erneut…</translation>
    </message>
    <message>
        <source>Not connected to %1, retrying %2</source>
        <extracomment>%2 is a countdown such as &quot;in 4 s&quot;.</extracomment>
        <translation>Nicht mit %1 verbunden, neuer Versuch %2</translation>
    </message>
    <message>
        <source>Disconnected from %1</source>
        <translation>Von %1 getrennt</translation>
    </message>
    <message>
        <source>No connection to %1</source>
        <translation>Keine Verbindung zu %1</translation>
    </message>
    <message>
        <source>%1 — datagate monitor</source>
        <extracomment>The window&apos;s title while it watches a datagate elsewhere; %1 is its host and port.</extracomment>
        <translation>%1 — datagate-Monitor</translation>
    </message>
    <message>
        <source>The monitored datagate keeps its log on its own machine. This log holds this window&apos;s messages: its connection to %1 and the feed changes it saw there.</source>
        <translation>Das überwachte datagate führt sein Protokoll auf seinem eigenen Rechner. Dieses Protokoll enthält die Meldungen dieses Fensters: seine Verbindung zu %1 und die Feed-Änderungen, die es dort gesehen hat.</translation>
    </message>
    <message>
        <source>Clients cannot be disconnected from here: the datagate shown does not offer it.</source>
        <extracomment>A note over the clients table when the datagate shown cannot disconnect clients, instead of the Disconnect action.</extracomment>
        <translation>Clients lassen sich von hier aus nicht trennen: Das angezeigte datagate bietet das nicht an.</translation>
    </message>
</context>
<context>
    <name>ServerSettings</name>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Require one of the bearer tokens in this file (one per line) for /api/* (status, clients, history, disconnecting a client).</source>
        <translation>Für /api/* (Status, Clients, Verlauf, Trennen eines Clients) eines der Bearer-Tokens aus dieser Datei verlangen (eines pro Zeile).</translation>
    </message>
    <message>
        <source>Require one of the bearer tokens in this file (one per line) for /metrics, /healthz and /readyz.</source>
        <translation>Für /metrics, /healthz und /readyz eines der Bearer-Tokens aus dieser Datei verlangen (eines pro Zeile).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>On SIGTERM, how long clients have to receive what is queued for them and close, in ms.</source>
        <translation>Bei SIGTERM: wie lange Clients Zeit haben, das für sie Anstehende zu empfangen und zu schließen, in ms.</translation>
    </message>
</context>
<context>
    <name>StartFailureBanner</name>
    <message>
        <source>The server is not running</source>
        <translation>Der Server läuft nicht</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Retry on This Port</source>
        <translation>Auf diesem Port erneut versuchen</translation>
    </message>
    <message>
        <source>Retry Now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
</context>
<context>
    <name>StreamChart</name>
    <message>
        <source>Waiting for the first value…</source>
        <translation>Warten auf den ersten Wert…</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Veraltet</translation>
    </message>
</context>
<context>
    <name>TextFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>TokenSet</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 holds no token (one per line)</source>
        <translation>%1 enthält kein Token (eines pro Zeile)</translation>
    </message>
</context>
<context>
    <name>TransportSettings</name>
    <message>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Address to listen on: an IPv4 or IPv6 address, localhost, or any for all interfaces.</source>
        <translation>Adresse, auf der gelauscht wird: eine IPv4- oder IPv6-Adresse, localhost oder any für alle Schnittstellen.</translation>
    </message>
    <message>
        <source>expected an IPv4 or IPv6 address, localhost or any</source>
        <translation>erwartet eine IPv4- oder IPv6-Adresse, localhost oder any</translation>
    </message>
    <message>
        <source>port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>TCP port for both WebSocket protocols and HTTP; 0 picks a free port.</source>
        <translation>TCP-Port für beide WebSocket-Protokolle und HTTP; 0 wählt einen freien Port.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Socket.IO heartbeat interval in ms.</source>
        <translation>Heartbeat-Intervall von Socket.IO in ms.</translation>
    </message>
    <message>
        <source>Time a Socket.IO client has to answer a ping, in ms.</source>
        <translation>Zeit, die ein Socket.IO-Client hat, um auf einen Ping zu antworten, in ms.</translation>
    </message>
    <message>
        <source>Time a Socket.IO client has to join a namespace, in ms.</source>
        <translation>Zeit, die ein Socket.IO-Client hat, um einem Namespace beizutreten, in ms.</translation>
    </message>
    <message>
        <source>Time a connection has to complete its HTTP request and WebSocket handshake, in ms.</source>
        <translation>Zeit, die eine Verbindung für ihre HTTP-Anfrage und den WebSocket-Handshake hat, in ms.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Largest message a client may send, in bytes.</source>
        <translation>Größte Nachricht, die ein Client senden darf, in Bytes.</translation>
    </message>
    <message>
        <source>Unsent bytes after which a client that does not read is disconnected.</source>
        <translation>Ungesendete Bytes, ab denen ein Client, der nicht liest, getrennt wird.</translation>
    </message>
    <message>
        <source>Kernel send buffer of each client connection (SO_SNDBUF), in bytes; 0 leaves it to the kernel&apos;s autotuning.</source>
        <translation>Kernel-Sendepuffer jeder Client-Verbindung (SO_SNDBUF), in Bytes; 0 überlässt ihn der automatischen Anpassung des Kernels.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Number of network I/O threads; 0 means one per CPU core.</source>
        <translation>Anzahl der Netzwerk-I/O-Threads; 0 bedeutet einen pro CPU-Kern.</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Event loop of the I/O threads: epoll (datagate&apos;s own, which scales with the number of clients) or qt (Qt&apos;s own).</source>
        <translation>Ereignisschleife der I/O-Threads: epoll (die eigene von datagate, die mit der Zahl der Clients skaliert) oder qt (die von Qt).</translation>
    </message>
    <message>
        <source>WebSocket connections the server holds at most; past it, new ones are answered 503.</source>
        <translation>Höchstzahl der WebSocket-Verbindungen des Servers; darüber hinaus werden neue mit 503 beantwortet.</translation>
    </message>
    <message>
        <source>WebSocket connections one client address may hold; past it, new ones are answered 429. Loopback peers are exempt unless they are trusted proxies; 0 means no limit.</source>
        <translation>WebSocket-Verbindungen, die eine Client-Adresse halten darf; darüber hinaus werden neue mit 429 beantwortet. Loopback-Gegenstellen sind ausgenommen, außer sie sind vertrauenswürdige Proxys; 0 bedeutet keine Grenze.</translation>
    </message>
    <message>
        <source>list</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Addresses or subnets (CIDR) of reverse proxies whose X-Forwarded-For header names the client.</source>
        <translation>Adressen oder Subnetze (CIDR) von Reverse-Proxys, deren X-Forwarded-For-Header den Client nennt.</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>Messages a second a client may send on average; 0 means no limit.</source>
        <translation>Nachrichten pro Sekunde, die ein Client im Mittel senden darf; 0 bedeutet keine Grenze.</translation>
    </message>
    <message>
        <source>Messages a client may send at once above its rate.</source>
        <translation>Nachrichten, die ein Client auf einmal über seine Rate hinaus senden darf.</translation>
    </message>
    <message>
        <source>ticks</source>
        <translation>Ticks</translation>
    </message>
    <message>
        <source>Ticks of each stream kept for clients that reconnect and ask for what they missed; 0 keeps none.</source>
        <translation>Ticks je Stream, die für Clients aufbewahrt werden, die sich neu verbinden und nachfragen, was sie verpasst haben; 0 bewahrt keine auf.</translation>
    </message>
    <message>
        <source>Age after which a tick is no longer kept for reconnecting clients, in ms.</source>
        <translation>Alter, ab dem ein Tick nicht mehr für sich neu verbindende Clients aufbewahrt wird, in ms.</translation>
    </message>
    <message>
        <source>Socket.IO connection state recovery (socket.io 4.6+): every event ends with an offset, and a client that reconnects gets its subscriptions back and what it missed.</source>
        <translation>Wiederherstellung des Verbindungszustands für Socket.IO (socket.io 4.6+): Jedes Ereignis endet mit einem Offset, und ein Client, der sich neu verbindet, erhält seine Abonnements und das Verpasste zurück.</translation>
    </message>
    <message>
        <source>How long the session of a Socket.IO client that dropped is kept for it to recover, in ms.</source>
        <translation>Wie lange die Sitzung eines getrennten Socket.IO-Clients für seine Wiederherstellung aufbewahrt wird, in ms.</translation>
    </message>
    <message>
        <source>Connections accepted and not yet answered or upgraded; at it, no more are accepted until one ends.</source>
        <translation>Angenommene, noch nicht beantwortete oder umgestellte Verbindungen; ist die Grenze erreicht, werden keine weiteren angenommen, bis eine endet.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>PEM certificate, followed by its chain, to serve https:// and wss:// on the port (TLS 1.2 or later); needs --tls-key. Read again on SIGHUP.</source>
        <translation>PEM-Zertifikat mit nachfolgender Kette, um https:// und wss:// auf dem Port anzubieten (TLS 1.2 oder neuer); erfordert --tls-key. Wird bei SIGHUP neu gelesen.</translation>
    </message>
    <message>
        <source>PEM private key (unencrypted) of --tls-cert. Read again on SIGHUP.</source>
        <translation>Privater PEM-Schlüssel (unverschlüsselt) zu --tls-cert. Wird bei SIGHUP neu gelesen.</translation>
    </message>
    <message>
        <source>Require clients to present one of the tokens in this file (one per line) or a valid JWT.</source>
        <translation>Von Clients eines der Tokens aus dieser Datei (eines pro Zeile) oder ein gültiges JWT verlangen.</translation>
    </message>
    <message>
        <source>Require clients to present an HS256 JWT signed with the secret in this file (at least 32 bytes) or a token of --auth-token-file.</source>
        <translation>Von Clients ein HS256-JWT verlangen, signiert mit dem Geheimnis aus dieser Datei (mindestens 32 Bytes), oder ein Token aus --auth-token-file.</translation>
    </message>
    <message>
        <source>Origins of the web pages that may connect, e.g. https://app.example.com or https://*.example.com; * allows every origin.</source>
        <translation>Origins der Webseiten, die sich verbinden dürfen, z. B. https://app.example.com oder https://*.example.com; * erlaubt jeden Origin.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>How far a JWT&apos;s exp and nbf may be off the server&apos;s clock, in seconds.</source>
        <translation>Wie weit exp und nbf eines JWT von der Uhr des Servers abweichen dürfen, in Sekunden.</translation>
    </message>
</context>
<context>
    <name>TrayStatus</name>
    <message>
        <source>%1: %2</source>
        <extracomment>One feed in the tray icon&apos;s tooltip: its name and its state.</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is down</source>
        <extracomment>A notification&apos;s title; %1 is a feed, e.g. &quot;Bitcoin price&quot;.</extracomment>
        <translation>%1 ist ausgefallen</translation>
    </message>
    <message>
        <source>No valid value for too long.</source>
        <translation>Schon zu lange kein gültiger Wert.</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>%1 is back</source>
        <extracomment>A notification&apos;s title; %1 is a feed, e.g. &quot;Bitcoin price&quot;.</extracomment>
        <translation>%1 ist wieder da</translation>
    </message>
    <message>
        <source>Values are coming in again.</source>
        <translation>Es kommen wieder Werte an.</translation>
    </message>
    <message>
        <source>Values are coming in again from %1.</source>
        <translation>Es kommen wieder Werte von %1 an.</translation>
    </message>
</context>
</TS>
