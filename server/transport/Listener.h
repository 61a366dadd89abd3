#pragma once

#include <QList>
#include <QTcpServer>

class IoWorker;

// Accepts TCP connections on the shared port and hands each descriptor to the
// next I/O worker in turn; the worker creates the socket in its own thread
// (a QTcpSocket cannot be moved between threads once in use).
class Listener final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(const QList<IoWorker *> &workers, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QList<IoWorker *> m_workers;
    qsizetype m_next = 0;
};
