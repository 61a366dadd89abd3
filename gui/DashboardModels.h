#pragma once

class ChartModel;
class ClusterModel;
class ClientFilterModel;
class ClientTableModel;
class FeedModel;
class LogFilterModel;
class LogModel;
class ServerOverview;

// The models behind the dashboard's window, all fed by one DashboardSource
// and owned by the Dashboard.
struct DashboardModels {
    ServerOverview *overview = nullptr;
    FeedModel *feeds = nullptr;
    ClusterModel *cluster = nullptr;
    ChartModel *charts = nullptr;
    ClientTableModel *clients = nullptr;
    ClientFilterModel *clientFilter = nullptr;
    LogModel *log = nullptr;
    LogFilterModel *logFilter = nullptr;
};
