// The clients table's model and its sort/filter proxy: snapshots become a
// few batched signals, 20,000 rows stay cheap, and Qt's model tester finds
// nothing wrong with either.
#include "GuiTestEnvironment.h"
#include "gui/model/ClientFilterModel.h"
#include "gui/model/ClientTableModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

ClientInfo client(quint64 id, quint64 sent = 0, const QStringList &streams = {QStringLiteral("randomNumber")})
{
    ClientInfo info;
    info.id = id;
    info.protocol = id % 2 ? ClientInfo::Protocol::SocketIo : ClientInfo::Protocol::JsonWs;
    info.peer = QStringLiteral("127.0.0.1:%1").arg(40000 + id % 20000);
    info.connectedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + qint64(id) * 1000);
    info.streams = streams;
    info.messagesSent = sent;
    return info;
}

QList<ClientInfo> clients(quint64 first, quint64 last, quint64 sent = 0)
{
    QList<ClientInfo> list;
    for (quint64 id = first; id <= last; ++id)
        list.append(client(id, sent));
    return list;
}

QList<quint64> idsInModel(const ClientTableModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.idAt(row));
    return ids;
}

} // namespace

class tst_ClientTableModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { GuiTestEnvironment::setUp(); }
    void passesModelTester_data();
    void passesModelTester();
    void clientAppearsAndGoes();
    void snapshotOrderDoesNotMatter();
    void countersChangeInOneSignal();
    void unchangedSnapshotSignalsNothing();
    void scatteredChangesResetTheModel();
    void twentyThousandRowsInBatches();
    void proxySortsNumbersAsNumbers();
    void proxyFilters_data();
    void proxyFilters();
    void proxyGivesIdsOfSelection();
};

void tst_ClientTableModel::passesModelTester_data()
{
    QTest::addColumn<QList<QList<ClientInfo>>>("snapshots");
    QTest::addRow("grow, shrink, empty") << QList<QList<ClientInfo>> {clients(1, 5), clients(1, 9), clients(3, 7), {}, clients(10, 12)};
    QTest::addRow("gaps") << QList<QList<ClientInfo>> {clients(1, 40), [] {
                                                           QList<ClientInfo> odd;
                                                           for (quint64 id = 1; id <= 40; id += 2)
                                                               odd.append(client(id, 5));
                                                           odd.append(client(41));
                                                           return odd;
                                                       }()};
    QTest::addRow("insert between") << QList<QList<ClientInfo>> {
        {client(1), client(5)}, {client(1), client(2), client(3), client(5), client(6)}};
    QTest::addRow("many ranges") << QList<QList<ClientInfo>> {clients(1, 200), [] {
                                                                  QList<ClientInfo> every3rd;
                                                                  for (quint64 id = 1; id <= 200; id += 3)
                                                                      every3rd.append(client(id, 1));
                                                                  return every3rd;
                                                              }()};
}

void tst_ClientTableModel::passesModelTester()
{
    QFETCH(QList<QList<ClientInfo>>, snapshots);
    ClientTableModel model;
    ClientFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ClientTableModel::MessagesSent, Qt::DescendingOrder);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const QList<ClientInfo> &snapshot : snapshots) {
        model.applySnapshot(snapshot);
        QCOMPARE(model.rowCount(), snapshot.size());
        QCOMPARE(proxy.rowCount(), snapshot.size());
    }
}

void tst_ClientTableModel::clientAppearsAndGoes()
{
    ClientTableModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applySnapshot({client(7)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.index(0, ClientTableModel::Id).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(0, ClientTableModel::Protocol).data().toString(), QStringLiteral("Socket.IO"));
    QCOMPARE(model.index(0, ClientTableModel::Address).data().toString(), QStringLiteral("127.0.0.1:40007"));
    QCOMPARE(model.index(0, ClientTableModel::Subscriptions).data().toString(), QStringLiteral("randomNumber"));

    model.applySnapshot({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.count(), 1);
}

void tst_ClientTableModel::snapshotOrderDoesNotMatter()
{
    ClientTableModel model;
    model.applySnapshot({client(9), client(2), client(5)});
    QCOMPARE(idsInModel(model), (QList<quint64> {2, 5, 9}));
    model.applySnapshot({client(5), client(11), client(2), client(3)});
    QCOMPARE(idsInModel(model), (QList<quint64> {2, 3, 5, 11}));
}

void tst_ClientTableModel::countersChangeInOneSignal()
{
    ClientTableModel model;
    model.applySnapshot(clients(1, 100));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<ClientInfo> next = clients(1, 100);
    next[10].messagesSent = 5;
    next[60].bytesQueued = 1000;
    model.applySnapshot(next);
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).toModelIndex();
    const QModelIndex bottomRight = changed.at(0).at(1).toModelIndex();
    QCOMPARE(topLeft.row(), 10);
    QCOMPARE(bottomRight.row(), 60);
    // Only the counters: a view sorted by id has nothing to re-sort.
    QCOMPARE(topLeft.column(), int(ClientTableModel::MessagesSent));
    QCOMPARE(bottomRight.column(), int(ClientTableModel::BytesQueued));
    QCOMPARE(model.index(10, ClientTableModel::MessagesSent).data(ClientTableModel::SortRole).toULongLong(), 5u);

    // A subscription change widens it to the subscriptions column.
    next[20].streams = {QStringLiteral("bitcoinPrice")};
    model.applySnapshot(next);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex().column(), int(ClientTableModel::Subscriptions));
}

void tst_ClientTableModel::unchangedSnapshotSignalsNothing()
{
    ClientTableModel model;
    model.applySnapshot(clients(1, 50));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.applySnapshot(clients(1, 50));
    QCOMPARE(changed.count() + inserted.count() + removed.count() + reset.count(), 0);
}

void tst_ClientTableModel::scatteredChangesResetTheModel()
{
    ClientTableModel model;
    model.applySnapshot(clients(1, 1000));
    QList<ClientInfo> everyOther;
    for (quint64 id = 1; id <= 1000; id += 2)
        everyOther.append(client(id));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.applySnapshot(everyOther);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.idAt(499), 999u);
}

void tst_ClientTableModel::twentyThousandRowsInBatches()
{
    ClientTableModel model;
    ClientFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ClientTableModel::Id, Qt::AscendingOrder);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    QElapsedTimer timer;
    timer.start();
    model.applySnapshot(clients(1, 20000));
    QCOMPARE(model.rowCount(), 20000);
    QCOMPARE(proxy.rowCount(), 20000);
    QCOMPARE(inserted.count(), 1);

    // A second later: 500 of the oldest left in one block, 500 new came,
    // and every client's counter moved.
    model.applySnapshot(clients(501, 20500, 10));
    QCOMPARE(model.rowCount(), 20000);
    QCOMPARE(proxy.rowCount(), 20000);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.idAt(0), 501u);
    QCOMPARE(model.idAt(19999), 20500u);
    QCOMPARE(proxy.index(0, ClientTableModel::Id).data().toString(), QStringLiteral("501"));

    // Sorted by a counter and filtered, the proxy still keeps up.
    proxy.sort(ClientTableModel::MessagesSent, Qt::DescendingOrder);
    QList<ClientInfo> next = clients(501, 20500, 10);
    next[123].messagesSent = 99;
    model.applySnapshot(next);
    QCOMPARE(proxy.index(0, ClientTableModel::Id).data().toString(), QString::number(501 + 123));
    proxy.setFilterText(QStringLiteral("127.0.0.1:40600"));
    QCOMPARE(proxy.rowCount(), 1); // id 600 (20600 would share the port, but is not there)
    QCOMPARE(proxy.index(0, ClientTableModel::Id).data().toString(), QStringLiteral("600"));
    // A generous bound, so that a change to one signal per row is caught,
    // not a slow machine.
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

void tst_ClientTableModel::proxySortsNumbersAsNumbers()
{
    ClientTableModel model;
    ClientFilterModel proxy;
    proxy.setSourceModel(&model);
    model.applySnapshot({client(2, 100), client(10, 9), client(30, 1000)});
    proxy.sort(ClientTableModel::Id, Qt::AscendingOrder);
    QCOMPARE(proxy.index(2, ClientTableModel::Id).data().toString(), QStringLiteral("30"));
    proxy.sort(ClientTableModel::MessagesSent, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, ClientTableModel::Id).data().toString(), QStringLiteral("30"));
    QCOMPARE(proxy.index(2, ClientTableModel::Id).data().toString(), QStringLiteral("10"));
}

void tst_ClientTableModel::proxyFilters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("ids");
    QTest::addRow("protocol") << QStringLiteral("socket.io") << QList<quint64> {1, 3, 777};
    QTest::addRow("json, any case") << QStringLiteral("JsOn") << QList<quint64> {2, 4};
    QTest::addRow("address") << QStringLiteral(":40003") << QList<quint64> {3};
    QTest::addRow("subscription") << QStringLiteral("bitcoin") << QList<quint64> {4};
    QTest::addRow("id") << QStringLiteral(" 777 ") << QList<quint64> {777};
    QTest::addRow("nothing") << QStringLiteral("nobody") << QList<quint64> {};
    QTest::addRow("empty") << QString() << QList<quint64> {1, 2, 3, 4, 777};
}

void tst_ClientTableModel::proxyFilters()
{
    QFETCH(QString, text);
    QFETCH(QList<quint64>, ids);
    ClientTableModel model;
    ClientFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ClientTableModel::Id, Qt::AscendingOrder);
    model.applySnapshot({client(1), client(2), client(3), client(4, 0, {QStringLiteral("bitcoinPrice")}), client(777)});
    proxy.setFilterText(text);
    QList<quint64> shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown.append(proxy.index(row, 0).data(ClientTableModel::IdRole).toULongLong());
    QCOMPARE(shown, ids);
}

void tst_ClientTableModel::proxyGivesIdsOfSelection()
{
    ClientTableModel model;
    ClientFilterModel proxy;
    proxy.setSourceModel(&model);
    model.applySnapshot(clients(1, 5));
    proxy.sort(ClientTableModel::Id, Qt::DescendingOrder);
    const QList<quint64> ids = proxy.idsOf({proxy.index(0, 0), proxy.index(0, 3), proxy.index(4, 1)});
    QCOMPARE(ids, (QList<quint64> {5, 1}));
}

QTEST_GUILESS_MAIN(tst_ClientTableModel)
#include "tst_clienttablemodel.moc"
