#include "ui/runs/store_poller.h"

#include "ui/runs/store_poll_worker.h"

#include <QThread>

namespace plumage::ui {

StorePoller::StorePoller(QObject* parent) : QObject(parent), thread_(new QThread(this)), worker_(new StorePollWorker) {
  qRegisterMetaType<QVector<plumage::ui::RunRow>>();
  qRegisterMetaType<QVector<plumage::ui::CurvePoint>>();
  thread_->setObjectName(QStringLiteral("StorePoller"));
  worker_->moveToThread(thread_);
  connect(thread_, &QThread::started, worker_, &StorePollWorker::start);
  connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &StorePollWorker::runsChanged, this, &StorePoller::runsChanged);
  connect(worker_, &StorePollWorker::metricsAppended, this, &StorePoller::metricsAppended);
  connect(worker_, &StorePollWorker::metricsReset, this, &StorePoller::metricsReset);
  connect(worker_, &StorePollWorker::storeProblem, this, &StorePoller::storeProblem);
  connect(worker_, &StorePollWorker::polled, this, &StorePoller::polled);
  thread_->start();
}

StorePoller::~StorePoller() {
  QMetaObject::invokeMethod(worker_, &StorePollWorker::stop, Qt::BlockingQueuedConnection);
  thread_->quit();
  thread_->wait();
}

void StorePoller::setStorePath(const QString& path) {
  path_ = path;
  QMetaObject::invokeMethod(worker_, [w = worker_, path] { w->setStorePath(path); }, Qt::QueuedConnection);
}

void StorePoller::setWatchedRuns(const QVector<qint64>& runIds) {
  QMetaObject::invokeMethod(worker_, [w = worker_, runIds] { w->setWatchedRuns(runIds); }, Qt::QueuedConnection);
}

void StorePoller::pollNow() { QMetaObject::invokeMethod(worker_, &StorePollWorker::poll, Qt::QueuedConnection); }

}  // namespace plumage::ui
