#include "transport/Recovery.h"

#include "transport/ClientSession.h"

#include <QElapsedTimer>

#include <algorithm>

Recovery::Recovery(StreamPositions &positions, SocketIoSessionStore *socketIoSessions, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_positions(positions)
    , m_socketIoSessions(socketIoSessions)
    , m_clock(clock)
    , m_retry(this) // a child, so that it moves to the I/O thread with this
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &Recovery::postPass);
}

Recovery::~Recovery() = default;

void Recovery::schedule(ClientSession *session)
{
    if (std::find(m_queue.cbegin(), m_queue.cend(), session) != m_queue.cend())
        return;
    m_queue.push_back(session);
    postPass();
}

void Recovery::cancel(ClientSession *session)
{
    m_queue.erase(std::remove(m_queue.begin(), m_queue.end(), session), m_queue.end());
}

void Recovery::postPass()
{
    if (m_passPosted || m_queue.empty())
        return;
    m_passPosted = true;
    // Queued, so that it runs behind what is already waiting for this thread
    // (a tick, a client's message) and never inside the caller's own work.
    QMetaObject::invokeMethod(this, &Recovery::runPass, Qt::QueuedConnection);
}

void Recovery::runPass()
{
    m_passPosted = false;
    ++m_passes;
    QElapsedTimer elapsed;
    elapsed.start();
    int frames = 0;
    bool more = false;
    bool blocked = false;
    // Every session at most once per pass, in turn; the ones not reached
    // keep their place at the front for the next pass.
    for (qsizetype turns = qsizetype(m_queue.size()); turns > 0 && !m_queue.empty(); --turns) {
        if (frames >= FramesPerPass || elapsed.nsecsElapsed() >= PassBudgetNs) {
            more = true;
            break;
        }
        // Taken out first: its turn may end its replay (cancel()).
        ClientSession *session = m_queue.front();
        m_queue.pop_front();
        int sent = 0;
        const ClientSession::ReplayTurn turn = session->replayTurn(FramesPerTurn, sent);
        frames += sent;
        switch (turn) {
        case ClientSession::ReplayTurn::Done: continue;
        case ClientSession::ReplayTurn::Progress: more = true; break;
        case ClientSession::ReplayTurn::Blocked: blocked = true; break;
        case ClientSession::ReplayTurn::Waiting: break;
        }
        m_queue.push_back(session);
    }
    m_mostFramesInOnePass = std::max(m_mostFramesInOnePass, frames);
    if (more)
        postPass();
    else if (blocked && !m_retry.isActive())
        m_retry.start(BlockedRetryMs);
    // Only waiting ones left: tickRecorded() posts the next pass.
}
