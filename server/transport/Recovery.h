#pragma once

#include "time/Clock.h"
#include "time/SystemClock.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>

class ClientSession;
class SocketIoSessionStore;
class StreamPositions;

// One I/O thread's part in recovering clients that reconnect
// (docs/protocol.md): it runs its sessions' replays a slice at a time, and
// gives them the process-wide stream positions and Socket.IO session store.
//
// A replay of hundreds of ticks to hundreds of clients is thousands of
// send() calls; done at once, it would hold up every other client of the
// thread, live ticks included. So each pass of the scheduler gives every
// replaying session a few frames in turn, stops after a budget of frames or
// time, and leaves the rest to its next pass, which it posts behind whatever
// else the thread has to do (ticks queued by the hub, sockets that are
// ready). A session whose socket has too much queued waits for the client to
// read; one that waits for this thread to catch up with a tick it knows was
// published goes on when the next tick is recorded.
class Recovery final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Recovery)

public:
    // A pass ends after this many frames or this much time, whichever first.
    static constexpr int FramesPerTurn = 16;
    static constexpr int FramesPerPass = 256;
    static constexpr qint64 PassBudgetNs = 2 * 1000 * 1000;
    // A session blocked on its client's reading is tried again after this.
    static constexpr int BlockedRetryMs = 10;

    // positions and socketIoSessions (null without Socket.IO recovery) are
    // the process's and must outlive this; clock gives the wall time ticks
    // are aged by.
    Recovery(StreamPositions &positions, SocketIoSessionStore *socketIoSessions, Clock &clock = SystemClock::instance(),
        QObject *parent = nullptr);
    ~Recovery() override;

    StreamPositions &positions() const { return m_positions; }
    SocketIoSessionStore *socketIoSessions() const { return m_socketIoSessions; }
    // Now on the clock of EncodedTick::ts (ms since the epoch).
    qint64 nowMs() const { return m_clock.now().toMSecsSinceEpoch(); }

    // Runs the session's replay (ClientSession::replayTurn()) on the next
    // passes until it is done; nothing if it is already scheduled.
    void schedule(ClientSession *session);
    // The session's replay ended (it went live, closed or was cancelled).
    void cancel(ClientSession *session);
    // This thread recorded a tick: replays waiting for it may go on. Costs
    // nothing while no session replays.
    void tickRecorded()
    {
        if (!m_queue.empty())
            postPass();
    }
    qsizetype replayCount() const { return qsizetype(m_queue.size()); }
    // Passes run so far, and the most frames one of them sent (for tests).
    quint64 passCount() const { return m_passes; }
    int mostFramesInOnePass() const { return m_mostFramesInOnePass; }

private:
    void postPass();
    void runPass();

    StreamPositions &m_positions;
    SocketIoSessionStore *const m_socketIoSessions;
    Clock &m_clock;
    std::deque<ClientSession *> m_queue; // in turn order
    bool m_passPosted = false;
    QTimer m_retry; // for sessions blocked on their client
    quint64 m_passes = 0;
    int m_mostFramesInOnePass = 0;
};
