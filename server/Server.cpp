#include "Server.h"

#include "Logging.h"
#include "feeds/FeedRegistry.h"
#include "hub/Hub.h"
#include "transport/EpollEventDispatcher.h"
#include "transport/IoWorker.h"
#include "transport/Listener.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QThread>

#include <algorithm>
#include <memory>

namespace {

// Workers drain within 1.2 s; this is the backstop so that shutdown always
// completes within two seconds.
constexpr int StopDeadlineMs = 1700;

} // namespace

Server::Server(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_hub(new Hub(this))
{
    qRegisterMetaType<ClientInfo>();
    m_stopDeadline.setSingleShot(true);
    m_stopDeadline.setInterval(StopDeadlineMs);
    connect(&m_stopDeadline, &QTimer::timeout, this, [this] {
        qCWarning(lcServer) << "clients did not close in time; stopping anyway";
        finishStop();
    });
}

Server::~Server()
{
    stopThreads();
}

bool Server::start()
{
    QHostAddress address;
    if (m_config.host == QLatin1String("any") || m_config.host == QLatin1String("*"))
        address = QHostAddress(QHostAddress::Any);
    else if (m_config.host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(m_config.host)) {
        m_startError = StartError::InvalidConfig;
        m_errorString = QStringLiteral("invalid value \"%1\" for --host: expected an IPv4 or IPv6 address, \"localhost\" or \"any\"")
                            .arg(m_config.host);
        return false;
    }

    if (const QString error = FeedRegistry::registerFeeds(*m_hub, m_config); !error.isEmpty()) {
        m_startError = StartError::InvalidConfig;
        m_errorString = error;
        return false;
    }

    const QList<StreamInfo> streams = m_hub->streams();
    const int ioThreads = m_config.ioThreads > 0 ? m_config.ioThreads : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < ioThreads; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("datagate-io-%1").arg(i));
        if (m_config.ioDispatcher == QLatin1String("epoll")) {
            auto dispatcher = std::make_unique<EpollEventDispatcher>();
            if (dispatcher->isValid())
                thread->setEventDispatcher(dispatcher.release()); // the thread owns it
        }
        auto *worker = new IoWorker(m_config, streams);
        worker->moveToThread(thread);
        connect(m_hub, &Hub::published, worker, &IoWorker::deliver);
        connect(worker, &IoWorker::clientConnected, this, &Server::clientConnected);
        connect(worker, &IoWorker::clientSubscriptionsChanged, this, &Server::clientSubscriptionsChanged);
        connect(worker, &IoWorker::clientDisconnected, this, &Server::clientDisconnected);
        connect(worker, &IoWorker::drained, this, [this] {
            if (++m_drainedWorkers == m_workers.size())
                finishStop();
        });
        m_threads.append(thread);
        m_workers.append(worker);
        thread->start();
    }

    m_listener = new Listener(m_workers, this);
    if (!m_listener->listen(address, m_config.port)) {
        m_startError = StartError::Listen;
        m_errorString =
            QStringLiteral("cannot listen on %1 port %2: %3").arg(m_config.host).arg(m_config.port).arg(m_listener->errorString());
        stopThreads();
        return false;
    }
    m_hub->start();
    qCInfo(lcServer).nospace().noquote() << "listening on " << m_config.host << " port " << port() << " with " << m_workers.size()
                                         << " I/O thread(s); streams: " << m_hub->streams().size();
    return true;
}

quint16 Server::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void Server::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcServer) << "shutting down: closing every client with 1001";
    if (m_listener)
        m_listener->close();
    m_hub->stop();
    if (m_workers.isEmpty()) {
        finishStop();
        return;
    }
    m_stopDeadline.start();
    for (IoWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            worker, [worker] { worker->shutdown(); }, Qt::QueuedConnection);
}

void Server::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopDeadline.stop();
    stopThreads();
    qCInfo(lcServer) << "stopped";
    Q_EMIT stopped();
}

void Server::stopThreads()
{
    // No new connection may be handed to a worker that is about to go.
    if (m_listener)
        m_listener->close();
    for (qsizetype i = 0; i < m_threads.size(); ++i) {
        QThread *thread = m_threads[i];
        // Destroy the worker in its own thread while its event loop still
        // runs, so that the deleteLater() of what it owns (sockets mid
        // handshake, closing WebSockets) is processed before the loop ends.
        IoWorker *worker = m_workers[i];
        QMetaObject::invokeMethod(
            worker,
            [worker] {
                delete worker;
                // What the worker's sockets handed to deleteLater() on the way.
                for (int round = 0; round < 3; ++round)
                    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            },
            Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
        thread->deleteLater();
    }
    m_threads.clear();
    m_workers.clear();
}
