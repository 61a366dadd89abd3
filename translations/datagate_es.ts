<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About datagate</source>
        <translation>Acerca de datagate</translation>
    </message>
    <message>
        <source>datagate %1</source>
        <translation>datagate %1</translation>
    </message>
    <message>
        <source>A real-time data gateway: it streams live data to Socket.IO and WebSocket clients and shows who is connected, how the feeds are doing and what went wrong.</source>
        <translation>Una pasarela de datos en tiempo real: transmite datos en vivo a clientes Socket.IO y WebSocket y muestra quién está conectado, cómo van las fuentes y qué ha fallado.</translation>
    </message>
</context>
<context>
    <name>AppOptions</name>
    <message>
        <source>level</source>
        <translation>nivel</translation>
    </message>
    <message>
        <source>Least severe messages to log: debug, info, warning or error.</source>
        <translation>Nivel mínimo de los mensajes que se registran: debug, info, warning o error.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>idioma</translation>
    </message>
    <message>
        <source>Language of the dashboard and of this help, e.g. de or es; the system&apos;s language when not set.</source>
        <translation>Idioma del panel y de esta ayuda, p. ej. de o es; si no se indica, el del sistema.</translation>
    </message>
    <message>
        <source>expected a language code such as en, de or es</source>
        <translation>se esperaba un código de idioma como en, de o es</translation>
    </message>
    <message>
        <source>Run headless, without the dashboard.</source>
        <translation>Ejecutar solo como servidor, sin el panel.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>Run with the dashboard, save a PNG of its window to this file after --screenshot-delay, then exit.</source>
        <translation>Ejecutar con el panel, guardar una imagen PNG de su ventana en este archivo tras --screenshot-delay y salir.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>How long the dashboard runs with live data before --screenshot, in ms.</source>
        <translation>Tiempo que el panel funciona con datos en vivo antes de --screenshot, en ms.</translation>
    </message>
    <message>
        <source>datagate streams live data (random numbers, the Bitcoin price) to Socket.IO v4 clients on /socket.io/ (namespace /data) and to plain WebSocket JSON clients on /ws.
Every option can also be set through the environment as DATAGATE_&lt;OPTION&gt;, e.g. DATAGATE_PORT=3001, or in the config file as &lt;option&gt;=&lt;value&gt;; the command line wins over the environment, which wins over the file.</source>
        <translation>datagate transmite datos en vivo (números aleatorios, el precio de Bitcoin) a clientes Socket.IO v4 en /socket.io/ (espacio de nombres /data) y a clientes WebSocket JSON en /ws.
Cada opción también puede fijarse en el entorno como DATAGATE_&lt;OPCIÓN&gt;, p. ej. DATAGATE_PORT=3001, o en el archivo de configuración como &lt;opción&gt;=&lt;valor&gt;; la línea de órdenes prevalece sobre el entorno, y este sobre el archivo.</translation>
    </message>
    <message>
        <source>expected the URL of a datagate, such as http://host:3000</source>
        <translation>se esperaba la URL de un datagate, como http://host:3000</translation>
    </message>
    <message>
        <source>expected a URL without user, query or fragment, such as http://host:3000</source>
        <translation>se esperaba una URL sin usuario, consulta ni fragmento, como http://host:3000</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Open the dashboard for a datagate running elsewhere, e.g. http://host:3000, instead of starting a server here.</source>
        <translation>Abrir el panel de un datagate que se ejecuta en otro lugar, p. ej. http://host:3000, en lugar de iniciar aquí un servidor.</translation>
    </message>
    <message>
        <source>With --monitor: a file holding the bearer token for that datagate&apos;s status API, one of its --admin-token-file&apos;s.</source>
        <translation>Con --monitor: un archivo con el token bearer para la API de estado de ese datagate, uno de los de su --admin-token-file.</translation>
    </message>
    <message>
        <source>With --monitor: a PEM file of one or more CA certificates to trust for that datagate&apos;s https:// and wss://, besides the system&apos;s (its private CA, or its self-signed certificate).</source>
        <translation>Con --monitor: un archivo PEM con uno o más certificados de CA en los que confiar para https:// y wss:// de ese datagate, además de los del sistema (su CA privada o su certificado autofirmado).</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)</source>
        <translation>%1 no contiene ningún certificado PEM (-----BEGIN CERTIFICATE-----)</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>datagate: --monitor opens the dashboard; it cannot run with --no-gui.</source>
        <translation>datagate: --monitor abre el panel; no puede ejecutarse con --no-gui.</translation>
    </message>
    <message>
        <source>datagate: --monitor opens the dashboard, which needs a display (%1).</source>
        <translation>datagate: --monitor abre el panel, que necesita una pantalla (%1).</translation>
    </message>
    <message>
        <source>datagate: --monitor opens the dashboard, which is not part of this build.</source>
        <translation>datagate: --monitor abre el panel, que no forma parte de esta compilación.</translation>
    </message>
</context>
<context>
    <name>BitcoinSettings</name>
    <message>
        <source>list</source>
        <translation>lista</translation>
    </message>
    <message>
        <source>Bitcoin price providers in failover order; simulated alone for offline demos.</source>
        <translation>Proveedores del precio de Bitcoin, en el orden en que se recurre a ellos; simulated por sí solo para demostraciones sin conexión.</translation>
    </message>
    <message>
        <source>&quot;simulated&quot; cannot be combined with real providers; use it alone for offline demos</source>
        <translation>&quot;simulated&quot; no puede combinarse con proveedores reales; solo sirve por sí solo, para demostraciones sin conexión</translation>
    </message>
    <message>
        <source>unknown provider &quot;%1&quot;; known providers: %2</source>
        <translation>proveedor desconocido &quot;%1&quot;; proveedores conocidos: %2</translation>
    </message>
    <message>
        <source>provider=url</source>
        <translation>proveedor=url</translation>
    </message>
    <message>
        <source>Replace a provider&apos;s request URL: PROVIDER=URL (repeatable; in the environment and the config file, separate entries with spaces).</source>
        <translation>Sustituir la URL de consulta de un proveedor: PROVEEDOR=URL (repetible; en el entorno y en el archivo de configuración, las entradas se separan con espacios).</translation>
    </message>
    <message>
        <source>expected PROVIDER=http(s)://host/path, not &quot;%1&quot;</source>
        <translation>se esperaba PROVEEDOR=http(s)://host/ruta, no &quot;%1&quot;</translation>
    </message>
    <message>
        <source>unknown provider &quot;%1&quot;; providers with a URL: %2</source>
        <translation>proveedor desconocido &quot;%1&quot;; proveedores con URL: %2</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Bitcoin price poll interval in ms.</source>
        <translation>Intervalo de consulta del precio de Bitcoin en ms.</translation>
    </message>
    <message>
        <source>Timeout of one upstream price request in ms.</source>
        <translation>Tiempo máximo de una consulta de precio a un proveedor en ms.</translation>
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
        <translation>Qt %1 (compilado con %2)</translation>
    </message>
    <message>
        <source>on</source>
        <comment>a build option that is enabled</comment>
        <translation>sí</translation>
    </message>
    <message>
        <source>off</source>
        <comment>a build option that is disabled</comment>
        <translation>no</translation>
    </message>
    <message>
        <source>Build type: %1</source>
        <translation>Tipo de compilación: %1</translation>
    </message>
    <message>
        <source>Compiler: %1</source>
        <translation>Compilador: %1</translation>
    </message>
    <message>
        <source>Dashboard: %1</source>
        <translation>Panel: %1</translation>
    </message>
    <message>
        <source>Warnings as errors: %1</source>
        <translation>Avisos como errores: %1</translation>
    </message>
    <message>
        <source>Sanitizers (ASan, UBSan): %1</source>
        <translation>Sanitizadores (ASan, UBSan): %1</translation>
    </message>
    <message>
        <source>Platform: %1 on %2</source>
        <translation>Plataforma: %1 en %2</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>Última hora</numerusform>
            <numerusform>Últimas %n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last %n minute(s)</source>
        <translation>
            <numerusform>Último minuto</numerusform>
            <numerusform>Últimos %n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>Time window:</source>
        <translation>Periodo:</translation>
    </message>
    <message>
        <source>Live charts</source>
        <translation>Gráficos en vivo</translation>
    </message>
</context>
<context>
    <name>ClientFilterModel</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n cliente</numerusform>
            <numerusform>%n clientes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n client(s)</source>
        <extracomment>%1 is how many clients match the filter; %n is how many there are.</extracomment>
        <translation>
            <numerusform>%1 de %n cliente</numerusform>
            <numerusform>%1 de %n clientes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Sent to the client but not yet taken by its connection; at %1 the client is disconnected as too slow</source>
        <translation>Enviado al cliente, pero su conexión aún no lo ha recogido; al llegar a %1, el cliente se desconecta por lento</translation>
    </message>
    <message>
        <source>Sent to the client but not yet taken by its connection; a client that lets this grow too far is disconnected</source>
        <translation>Enviado al cliente, pero su conexión aún no lo ha recogido; si crece demasiado, el cliente se desconecta</translation>
    </message>
    <message>
        <source>ID</source>
        <comment>client id</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocolo</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Dirección remota</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>Conectado desde</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Suscripciones</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>Mensajes enviados</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Pendiente de envío</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Desconectar</translation>
    </message>
    <message>
        <source>Copy &amp;Address</source>
        <translation>Copiar di&amp;rección</translation>
    </message>
    <message>
        <source>Filter by ID, protocol, address or subscription</source>
        <translation>Filtrar por ID, protocolo, dirección o suscripción</translation>
    </message>
</context>
<context>
    <name>ClusterModel</name>
    <message>
        <source>%1 (this one)</source>
        <extracomment>An instance of the cluster that is the datagate this window shows; %1 is its id.</extracomment>
        <translation>%1 (esta instancia)</translation>
    </message>
    <message>
        <source>The feeds this instance runs and shares with the others through Redis.</source>
        <translation>Los feeds que esta instancia ejecuta y comparte con las demás a través de Redis.</translation>
    </message>
    <message>
        <source>Instance</source>
        <extracomment>A datagate process in a cluster of several.</extracomment>
        <translation>Instancia</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Produces</source>
        <extracomment>Column of the feeds an instance runs for the whole cluster.</extracomment>
        <translation>Produce</translation>
    </message>
    <message>
        <source>In cluster</source>
        <extracomment>The cluster&apos;s state: one producer per feed across the instances.</extracomment>
        <translation>En clúster</translation>
    </message>
    <message>
        <source>Degraded</source>
        <extracomment>The cluster&apos;s state: Redis unreachable, every feed produced here.</extracomment>
        <translation>Degradado</translation>
    </message>
    <message>
        <source>Connecting</source>
        <extracomment>The cluster&apos;s state: Redis not reached yet.</extracomment>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>Redis %1: connected</source>
        <extracomment>%1 is the Redis server&apos;s address, e.g. 10.0.0.5:6379/0.</extracomment>
        <translation>Redis %1: conectado</translation>
    </message>
    <message>
        <source>Redis %1: unreachable</source>
        <translation>Redis %1: inaccesible</translation>
    </message>
</context>
<context>
    <name>ClusterPanel</name>
    <message>
        <source>Cluster</source>
        <extracomment>Title of the panel about the datagate instances sharing one Redis.</extracomment>
        <translation>Clúster</translation>
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
        <translation>Modo clúster: compartir los feeds con las demás instancias a través de este Redis, redis://[:contraseña@]host[:puerto][/db]; rediss:// no está soportado.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Cluster mode: how long a feed&apos;s producer lease lasts unrenewed, in ms; a dead producer is replaced within it.</source>
        <translation>Modo clúster: cuánto dura sin renovarse la concesión del productor de un feed, en ms; un productor caído se sustituye dentro de ese plazo.</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>Cluster mode: this instance&apos;s name in the cluster; made up from the host name and process id when empty.</source>
        <translation>Modo clúster: el nombre de esta instancia en el clúster; si está vacío, se forma con el nombre del equipo y el id del proceso.</translation>
    </message>
    <message>
        <source>the instance id must not contain spaces</source>
        <translation>el id de la instancia no puede contener espacios</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>(default: %1)</source>
        <translation>(predeterminado: %1)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>valor predeterminado</translation>
    </message>
    <message>
        <source>config file %1</source>
        <translation>archivo de configuración %1</translation>
    </message>
    <message>
        <source>environment (%1)</source>
        <translation>entorno (%1)</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>línea de órdenes</translation>
    </message>
    <message>
        <source>set by the application</source>
        <translation>fijado por la aplicación</translation>
    </message>
    <message>
        <source>Read options from this INI file; the keys are the option names (also DATAGATE_CONFIG).</source>
        <translation>Leer las opciones de este archivo INI; las claves son los nombres de las opciones (también DATAGATE_CONFIG).</translation>
    </message>
    <message>
        <source>Print the effective configuration and where each value came from, then exit.</source>
        <translation>Mostrar la configuración efectiva y el origen de cada valor, y salir.</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>argumento inesperado &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cannot read the config file %1</source>
        <translation>no se puede leer el archivo de configuración %1</translation>
    </message>
    <message>
        <source>%1: not a valid INI file</source>
        <translation>%1: no es un archivo INI válido</translation>
    </message>
    <message>
        <source>%1: unknown key &quot;%2&quot;: options are keys outside any [section]</source>
        <translation>%1: clave desconocida &quot;%2&quot;: las opciones son claves fuera de cualquier [sección]</translation>
    </message>
    <message>
        <source>%1: unknown key &quot;%2&quot;; every command-line option is a key, e.g. port=3000</source>
        <translation>%1: clave desconocida &quot;%2&quot;; cada opción de la línea de órdenes es una clave, p. ej. port=3000</translation>
    </message>
    <message>
        <source>%1: invalid value &quot;%2&quot; for key %3: %4</source>
        <translation>%1: valor no válido &quot;%2&quot; para la clave %3: %4</translation>
    </message>
    <message>
        <source>invalid value &quot;%1&quot; for --%2 (from %3): %4</source>
        <translation>valor no válido &quot;%1&quot; para --%2 (de %3): %4</translation>
    </message>
    <message>
        <source>invalid value &quot;%1&quot; for --%2: %3</source>
        <translation>valor no válido &quot;%1&quot; para --%2: %3</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>The window could not be captured.</source>
        <translation>No se pudo capturar la ventana.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>FeedCard</name>
    <message>
        <source>Providers</source>
        <translation>Proveedores</translation>
    </message>
    <message>
        <source>Stale</source>
        <extracomment>Marks a value that is the last known one, served again because the upstream failed.</extracomment>
        <translation>Desactualizado</translation>
    </message>
</context>
<context>
    <name>FeedModel</name>
    <message>
        <source>Feed</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Último valor</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latencia</translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation>Fallos seguidos</translation>
    </message>
    <message>
        <source>Next poll</source>
        <translation>Próxima consulta</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Not known while the monitored datagate cannot be reached; it was %1 when last seen.</source>
        <extracomment>%1 is the feed&apos;s state when the monitored datagate was last reached, e.g. &quot;Healthy&quot;.</extracomment>
        <translation>Se desconoce mientras no se pueda conectar con el datagate supervisado; último estado visto: %1.</translation>
    </message>
    <message>
        <source>Unknown</source>
        <comment>feed health: the monitored datagate cannot be reached</comment>
        <translation>Desconocido</translation>
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
        <translation>%1 msj/s</translation>
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
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <extracomment>How long ago something happened; %1 is a duration such as &quot;12 s&quot;.</extracomment>
        <translation>hace %1</translation>
    </message>
    <message>
        <source>now</source>
        <comment>countdown</comment>
        <extracomment>The next poll is due now.</extracomment>
        <translation>ahora</translation>
    </message>
    <message>
        <source>in %1</source>
        <extracomment>Time left until something happens; %1 is a duration such as &quot;12 s&quot;.</extracomment>
        <translation>en %1</translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <extracomment>Uptime of several days: %1 is the number of days, %2 the hours:minutes:seconds.</extracomment>
        <translation>%1 d %2</translation>
    </message>
    <message>
        <source>Bitcoin price</source>
        <translation>Precio de Bitcoin</translation>
    </message>
    <message>
        <source>Random numbers</source>
        <translation>Números aleatorios</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Uptime</source>
        <translation>Tiempo activo</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Messages</source>
        <extracomment>Header caption over the number of messages sent per second.</extracomment>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Data sent</source>
        <extracomment>Header caption over the bytes sent per second.</extracomment>
        <translation>Datos enviados</translation>
    </message>
</context>
<context>
    <name>HealthPalette</name>
    <message>
        <source>Healthy</source>
        <comment>feed health</comment>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Degraded</source>
        <comment>feed health: serving stale data or failing over</comment>
        <translation>Degradado</translation>
    </message>
    <message>
        <source>Down</source>
        <comment>feed health</comment>
        <translation>Caído</translation>
    </message>
    <message>
        <source>Starting</source>
        <comment>feed health: no value yet</comment>
        <translation>Iniciando</translation>
    </message>
</context>
<context>
    <name>InProcessSource</name>
    <message>
        <source>Cannot listen on port %1 of %2. Another program may be using it.</source>
        <translation>No se puede escuchar en el puerto %1 de %2. Puede que otro programa lo esté usando.</translation>
    </message>
    <message>
        <source>all interfaces</source>
        <translation>todas las interfaces</translation>
    </message>
</context>
<context>
    <name>JwtVerifier</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <source>%1 holds a secret shorter than %2 bytes, too short for HS256</source>
        <translation>%1 contiene un secreto de menos de %2 bytes, demasiado corto para HS256</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>Debug</source>
        <comment>log level</comment>
        <translation>Depuración</translation>
    </message>
    <message>
        <source>Info</source>
        <comment>log level</comment>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <comment>log level</comment>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Error</source>
        <comment>log level</comment>
        <translation>Error</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>&amp;Save Log…</source>
        <translation>&amp;Guardar registro…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Vaciar</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Todos los niveles</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info y superiores</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>Search messages and categories</source>
        <translation>Buscar en mensajes y categorías</translation>
    </message>
    <message>
        <source>Stop the log from scrolling; new entries wait until you resume</source>
        <translation>Detener el registro; las entradas nuevas esperan hasta que se reanude</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Resume (%n new)</source>
        <translation>
            <numerusform>&amp;Reanudar (%n nueva)</numerusform>
            <numerusform>&amp;Reanudar (%n nuevas)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the entries that came in while paused</source>
        <translation>Mostrar las entradas que llegaron durante la pausa</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Guardar registro</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Archivos de registro (*.log *.txt);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Copy &amp;Socket.IO URL</source>
        <translation>Copiar URL de &amp;Socket.IO</translation>
    </message>
    <message>
        <source>Copy &amp;WebSocket URL</source>
        <translation>Copiar URL de &amp;WebSocket</translation>
    </message>
    <message>
        <source>&amp;Save Log…</source>
        <translation>&amp;Guardar registro…</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>&amp;Cerrar ventana</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Show Dashboard</source>
        <translation>&amp;Mostrar el panel</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Clientes</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Registro</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Buscar…</translation>
    </message>
    <message>
        <source>&amp;About datagate</source>
        <translation>&amp;Acerca de datagate</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Servidor</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>Copiado: %1</translation>
    </message>
    <message>
        <source>Clients (%1)</source>
        <extracomment>Tab title; %1 is the number of connected clients.</extracomment>
        <translation>Clientes (%1)</translation>
    </message>
    <message>
        <source>Disconnect Clients</source>
        <translation>Desconectar clientes</translation>
    </message>
    <message numerus="yes">
        <source>Disconnect %n client(s)? They can connect again at once.</source>
        <translation>
            <numerusform>¿Desconectar %n cliente? Puede volver a conectarse enseguida.</numerusform>
            <numerusform>¿Desconectar %n clientes? Pueden volver a conectarse enseguida.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnected %n client(s)</source>
        <translation>
            <numerusform>%n cliente desconectado</numerusform>
            <numerusform>%n clientes desconectados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptionSpec</name>
    <message>
        <source>expected 1/0, true/false, yes/no or on/off</source>
        <translation>se esperaba 1/0, true/false, yes/no u on/off</translation>
    </message>
    <message>
        <source>expected an integer from %1 to %2</source>
        <translation>se esperaba un número entero de %1 a %2</translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation>se esperaba uno de estos: %1</translation>
    </message>
    <message>
        <source>expected a comma-separated list</source>
        <translation>se esperaba una lista separada por comas</translation>
    </message>
</context>
<context>
    <name>OriginPolicy</name>
    <message>
        <source>&quot;%1&quot; is not an origin: expected http(s)://host[:port], or http(s)://*.domain[:port] for its subdomains, or *</source>
        <translation>«%1» no es un origen: se espera http(s)://host[:puerto], http(s)://*.dominio[:puerto] para sus subdominios, o *</translation>
    </message>
</context>
<context>
    <name>ProviderModel</name>
    <message>
        <source>Answering</source>
        <comment>price provider status</comment>
        <translation>Responde</translation>
    </message>
    <message>
        <source>Resting</source>
        <comment>price provider status: it asked us to slow down (HTTP 429)</comment>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Failing</source>
        <comment>price provider status</comment>
        <translation>Falla</translation>
    </message>
    <message>
        <source>Not asked yet</source>
        <comment>price provider status</comment>
        <translation>Sin consultar</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) in a row</source>
        <translation>
            <numerusform>%n fallo seguido</numerusform>
            <numerusform>%n fallos seguidos</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <source>Resting until %1, as the provider asked</source>
        <translation>En pausa hasta %1, a petición del proveedor</translation>
    </message>
    <message>
        <source>Answers with a valid price</source>
        <translation>Respuestas con un precio válido</translation>
    </message>
    <message>
        <source>Timeouts, connection errors and error statuses</source>
        <translation>Tiempos agotados, errores de conexión y códigos de error</translation>
    </message>
    <message>
        <source>Answers whose price failed validation</source>
        <translation>Respuestas cuyo precio no superó la validación</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Consultas</translation>
    </message>
    <message>
        <source>Valid</source>
        <comment>provider answers with a valid price</comment>
        <translation>Válidas</translation>
    </message>
    <message>
        <source>Failed</source>
        <comment>provider requests that failed</comment>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>Rejected</source>
        <comment>provider answers whose price failed validation</comment>
        <translation>Rechazadas</translation>
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
        <translation>Intervalo de la fuente de números aleatorios en ms.</translation>
    </message>
</context>
<context>
    <name>RemoteSource</name>
    <message numerus="yes">
        <source>%1 did not greet on its WebSocket within %n second(s).</source>
        <translation>
            <numerusform>%1 no saludó por su WebSocket en %n segundo.</numerusform>
            <numerusform>%1 no saludó por su WebSocket en %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read a token from %1: %2</source>
        <translation>No se puede leer un token de %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 no respondió en %n segundo.</numerusform>
            <numerusform>%1 no respondió en %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 asks for a token (HTTP 401). Start the dashboard with --monitor-token-file FILE, where FILE holds one of the tokens of that server&apos;s --admin-token-file.</source>
        <translation>%1 pide un token (HTTP 401). Inicie el panel con --monitor-token-file ARCHIVO, donde ARCHIVO contiene uno de los tokens del --admin-token-file de ese servidor.</translation>
    </message>
    <message>
        <source>%1 did not accept the token in %2 (HTTP 401).</source>
        <translation>%1 no aceptó el token de %2 (HTTP 401).</translation>
    </message>
    <message>
        <source>%1 answered HTTP 404 for %2: it is not a datagate, or one without the status API.</source>
        <translation>%1 respondió HTTP 404 a %2: no es un datagate, o es uno sin la API de estado.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 for %3.</source>
        <translation>%1 respondió HTTP %2 a %3.</translation>
    </message>
    <message>
        <source>Cannot reach %1: nothing accepts connections on that port.</source>
        <translation>No se puede conectar con %1: nada acepta conexiones en ese puerto.</translation>
    </message>
    <message>
        <source>Cannot reach %1: the host %2 is not known.</source>
        <translation>No se puede conectar con %1: el host %2 es desconocido.</translation>
    </message>
    <message>
        <source>%1 closed the connection before it answered.</source>
        <translation>%1 cerró la conexión antes de responder.</translation>
    </message>
    <message>
        <source>%1 sent an answer larger than %2 MiB for %3.</source>
        <translation>%1 envió una respuesta de más de %2 MiB a %3.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>No se puede conectar con %1: %2</translation>
    </message>
    <message>
        <source>%1 did not answer like a datagate for %2 (%3).</source>
        <translation>%1 no respondió como un datagate a %2 (%3).</translation>
    </message>
    <message>
        <source>%1 sent a message that is not datagate&apos;s protocol (%2).</source>
        <translation>%1 envió un mensaje que no sigue el protocolo de datagate (%2).</translation>
    </message>
    <message>
        <source>The WebSocket to %1 failed: %2</source>
        <translation>Falló el WebSocket hacia %1: %2</translation>
    </message>
    <message>
        <source>%1 is shutting down.</source>
        <translation>%1 se está apagando.</translation>
    </message>
    <message>
        <source>The connection to %1 broke off.</source>
        <translation>Se cortó la conexión con %1.</translation>
    </message>
    <message>
        <source>%1 closed the connection (WebSocket close code %2).</source>
        <translation>%1 cerró la conexión (código de cierre WebSocket %2).</translation>
    </message>
    <message>
        <source>Cannot reach %1 over TLS: %2. If its certificate comes from a private CA or is self-signed, start the dashboard with --monitor-ca FILE, where FILE holds that CA&apos;s certificate (PEM).</source>
        <translation>No se puede conectar con %1 por TLS: %2. Si su certificado procede de una CA privada o es autofirmado, inicie el panel con --monitor-ca ARCHIVO, donde ARCHIVO contiene el certificado de esa CA (PEM).</translation>
    </message>
    <message>
        <source>Cannot reach %1 over TLS: %2. Its certificate is not signed by a CA of %3 or of the system.</source>
        <translation>No se puede conectar con %1 por TLS: %2. Su certificado no está firmado por ninguna CA de %3 ni del sistema.</translation>
    </message>
</context>
<context>
    <name>ServerOverview</name>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Serving on all interfaces, port %1</source>
        <translation>Activo en todas las interfaces, puerto %1</translation>
    </message>
    <message>
        <source>Serving on %1, port %2</source>
        <translation>Activo en %1, puerto %2</translation>
    </message>
    <message>
        <source>Not serving</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Deteniendo…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n cliente</numerusform>
            <numerusform>%n clientes</numerusform>
        </translation>
    </message>
    <message>
        <source>Socket.IO %1 · JSON %2</source>
        <extracomment>Connected clients by protocol; the protocol names stay as they are.</extracomment>
        <translation>Socket.IO %1 · JSON %2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando con %1…</translation>
    </message>
    <message>
        <source>Monitoring %1</source>
        <translation>Supervisando %1</translation>
    </message>
    <message>
        <source>Not connected to %1, reconnecting…</source>
        <translation>Sin conexión con %1, reconectando…</translation>
    </message>
    <message>
        <source>Not connected to %1, retrying %2</source>
        <extracomment>%2 is a countdown such as &quot;in 4 s&quot;.</extracomment>
        <translation>Sin conexión con %1, nuevo intento %2</translation>
    </message>
    <message>
        <source>Disconnected from %1</source>
        <translation>Desconectado de %1</translation>
    </message>
    <message>
        <source>No connection to %1</source>
        <translation>Sin conexión con %1</translation>
    </message>
    <message>
        <source>%1 — datagate monitor</source>
        <extracomment>The window&apos;s title while it watches a datagate elsewhere; %1 is its host and port.</extracomment>
        <translation>%1 — monitor de datagate</translation>
    </message>
    <message>
        <source>The monitored datagate keeps its log on its own machine. This log holds this window&apos;s messages: its connection to %1 and the feed changes it saw there.</source>
        <translation>El datagate supervisado guarda su registro en su propia máquina. Este registro contiene los mensajes de esta ventana: su conexión con %1 y los cambios de las fuentes que vio allí.</translation>
    </message>
    <message>
        <source>Clients cannot be disconnected from here: the datagate shown does not offer it.</source>
        <extracomment>A note over the clients table when the datagate shown cannot disconnect clients, instead of the Disconnect action.</extracomment>
        <translation>Desde aquí no se pueden desconectar clientes: el datagate mostrado no lo ofrece.</translation>
    </message>
</context>
<context>
    <name>ServerSettings</name>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>Require one of the bearer tokens in this file (one per line) for /api/* (status, clients, history, disconnecting a client).</source>
        <translation>Exigir uno de los tokens bearer de este archivo (uno por línea) para /api/* (estado, clientes, historial, desconexión de un cliente).</translation>
    </message>
    <message>
        <source>Require one of the bearer tokens in this file (one per line) for /metrics, /healthz and /readyz.</source>
        <translation>Exigir uno de los tokens bearer de este archivo (uno por línea) para /metrics, /healthz y /readyz.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>On SIGTERM, how long clients have to receive what is queued for them and close, in ms.</source>
        <translation>Con SIGTERM, cuánto tiempo tienen los clientes para recibir lo que tienen en cola y cerrar, en ms.</translation>
    </message>
</context>
<context>
    <name>StartFailureBanner</name>
    <message>
        <source>The server is not running</source>
        <translation>El servidor no está en marcha</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Puerto:</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Retry on This Port</source>
        <translation>Reintentar en este puerto</translation>
    </message>
    <message>
        <source>Retry Now</source>
        <translation>Reintentar ahora</translation>
    </message>
</context>
<context>
    <name>StreamChart</name>
    <message>
        <source>Waiting for the first value…</source>
        <translation>Esperando el primer valor…</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Desactualizado</translation>
    </message>
</context>
<context>
    <name>TextFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>TokenSet</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no token (one per line)</source>
        <translation>%1 no contiene ningún token (uno por línea)</translation>
    </message>
</context>
<context>
    <name>TransportSettings</name>
    <message>
        <source>address</source>
        <translation>dirección</translation>
    </message>
    <message>
        <source>Address to listen on: an IPv4 or IPv6 address, localhost, or any for all interfaces.</source>
        <translation>Dirección en la que escuchar: una dirección IPv4 o IPv6, localhost o any para todas las interfaces.</translation>
    </message>
    <message>
        <source>expected an IPv4 or IPv6 address, localhost or any</source>
        <translation>se esperaba una dirección IPv4 o IPv6, localhost o any</translation>
    </message>
    <message>
        <source>port</source>
        <translation>puerto</translation>
    </message>
    <message>
        <source>TCP port for both WebSocket protocols and HTTP; 0 picks a free port.</source>
        <translation>Puerto TCP para los dos protocolos WebSocket y HTTP; con 0 se elige un puerto libre.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Socket.IO heartbeat interval in ms.</source>
        <translation>Intervalo del latido (heartbeat) de Socket.IO en ms.</translation>
    </message>
    <message>
        <source>Time a Socket.IO client has to answer a ping, in ms.</source>
        <translation>Tiempo que tiene un cliente Socket.IO para responder a un ping, en ms.</translation>
    </message>
    <message>
        <source>Time a Socket.IO client has to join a namespace, in ms.</source>
        <translation>Tiempo que tiene un cliente Socket.IO para unirse a un espacio de nombres, en ms.</translation>
    </message>
    <message>
        <source>Time a connection has to complete its HTTP request and WebSocket handshake, in ms.</source>
        <translation>Tiempo que tiene una conexión para completar su petición HTTP y el handshake de WebSocket, en ms.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>Largest message a client may send, in bytes.</source>
        <translation>Tamaño máximo del mensaje que puede enviar un cliente, en bytes.</translation>
    </message>
    <message>
        <source>Unsent bytes after which a client that does not read is disconnected.</source>
        <translation>Bytes sin enviar a partir de los cuales se desconecta a un cliente que no lee.</translation>
    </message>
    <message>
        <source>Kernel send buffer of each client connection (SO_SNDBUF), in bytes; 0 leaves it to the kernel&apos;s autotuning.</source>
        <translation>Búfer de envío del kernel de cada conexión de cliente (SO_SNDBUF), en bytes; 0 lo deja al ajuste automático del kernel.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>número</translation>
    </message>
    <message>
        <source>Number of network I/O threads; 0 means one per CPU core.</source>
        <translation>Número de hilos de E/S de red; 0 significa uno por núcleo de CPU.</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>tipo</translation>
    </message>
    <message>
        <source>Event loop of the I/O threads: epoll (datagate&apos;s own, which scales with the number of clients) or qt (Qt&apos;s own).</source>
        <translation>Bucle de eventos de los hilos de E/S: epoll (el propio de datagate, que escala con el número de clientes) o qt (el de Qt).</translation>
    </message>
    <message>
        <source>WebSocket connections the server holds at most; past it, new ones are answered 503.</source>
        <translation>Conexiones WebSocket que el servidor mantiene como máximo; por encima, las nuevas reciben un 503.</translation>
    </message>
    <message>
        <source>WebSocket connections one client address may hold; past it, new ones are answered 429. Loopback peers are exempt unless they are trusted proxies; 0 means no limit.</source>
        <translation>Conexiones WebSocket que puede mantener una dirección de cliente; por encima, las nuevas reciben un 429. Las conexiones desde loopback están exentas salvo que sean proxies de confianza; 0 significa sin límite.</translation>
    </message>
    <message>
        <source>list</source>
        <translation>lista</translation>
    </message>
    <message>
        <source>Addresses or subnets (CIDR) of reverse proxies whose X-Forwarded-For header names the client.</source>
        <translation>Direcciones o subredes (CIDR) de los proxies inversos cuya cabecera X-Forwarded-For indica el cliente.</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>por segundo</translation>
    </message>
    <message>
        <source>Messages a second a client may send on average; 0 means no limit.</source>
        <translation>Mensajes por segundo que un cliente puede enviar de media; 0 significa sin límite.</translation>
    </message>
    <message>
        <source>Messages a client may send at once above its rate.</source>
        <translation>Mensajes que un cliente puede enviar de golpe por encima de su ritmo.</translation>
    </message>
    <message>
        <source>ticks</source>
        <translation>ticks</translation>
    </message>
    <message>
        <source>Ticks of each stream kept for clients that reconnect and ask for what they missed; 0 keeps none.</source>
        <translation>Ticks de cada flujo que se guardan para los clientes que se reconectan y piden lo que se perdieron; 0 no guarda ninguno.</translation>
    </message>
    <message>
        <source>Age after which a tick is no longer kept for reconnecting clients, in ms.</source>
        <translation>Antigüedad a partir de la cual un tick deja de guardarse para los clientes que se reconectan, en ms.</translation>
    </message>
    <message>
        <source>Socket.IO connection state recovery (socket.io 4.6+): every event ends with an offset, and a client that reconnects gets its subscriptions back and what it missed.</source>
        <translation>Recuperación del estado de conexión de Socket.IO (socket.io 4.6+): cada evento termina con un offset, y un cliente que se reconecta recupera sus suscripciones y lo que se perdió.</translation>
    </message>
    <message>
        <source>How long the session of a Socket.IO client that dropped is kept for it to recover, in ms.</source>
        <translation>Cuánto tiempo se guarda la sesión de un cliente Socket.IO desconectado para que pueda recuperarla, en ms.</translation>
    </message>
    <message>
        <source>Connections accepted and not yet answered or upgraded; at it, no more are accepted until one ends.</source>
        <translation>Conexiones aceptadas y aún sin respuesta ni actualización; al llegar al límite, no se aceptan más hasta que termine una.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>PEM certificate, followed by its chain, to serve https:// and wss:// on the port (TLS 1.2 or later); needs --tls-key. Read again on SIGHUP.</source>
        <translation>Certificado PEM, seguido de su cadena, para servir https:// y wss:// en el puerto (TLS 1.2 o posterior); requiere --tls-key. Se vuelve a leer con SIGHUP.</translation>
    </message>
    <message>
        <source>PEM private key (unencrypted) of --tls-cert. Read again on SIGHUP.</source>
        <translation>Clave privada PEM (sin cifrar) de --tls-cert. Se vuelve a leer con SIGHUP.</translation>
    </message>
    <message>
        <source>Require clients to present one of the tokens in this file (one per line) or a valid JWT.</source>
        <translation>Exigir a los clientes uno de los tokens de este archivo (uno por línea) o un JWT válido.</translation>
    </message>
    <message>
        <source>Require clients to present an HS256 JWT signed with the secret in this file (at least 32 bytes) or a token of --auth-token-file.</source>
        <translation>Exigir a los clientes un JWT HS256 firmado con el secreto de este archivo (al menos 32 bytes) o un token de --auth-token-file.</translation>
    </message>
    <message>
        <source>Origins of the web pages that may connect, e.g. https://app.example.com or https://*.example.com; * allows every origin.</source>
        <translation>Orígenes de las páginas web que pueden conectarse, p. ej. https://app.example.com o https://*.example.com; * permite cualquier origen.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>How far a JWT&apos;s exp and nbf may be off the server&apos;s clock, in seconds.</source>
        <translation>Cuánto pueden desviarse exp y nbf de un JWT del reloj del servidor, en segundos.</translation>
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
        <translation>%1: caído</translation>
    </message>
    <message>
        <source>No valid value for too long.</source>
        <translation>Demasiado tiempo sin un valor válido.</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Último error: %1</translation>
    </message>
    <message>
        <source>%1 is back</source>
        <extracomment>A notification&apos;s title; %1 is a feed, e.g. &quot;Bitcoin price&quot;.</extracomment>
        <translation>%1: recuperado</translation>
    </message>
    <message>
        <source>Values are coming in again.</source>
        <translation>Vuelven a llegar valores.</translation>
    </message>
    <message>
        <source>Values are coming in again from %1.</source>
        <translation>Vuelven a llegar valores de %1.</translation>
    </message>
</context>
</TS>
