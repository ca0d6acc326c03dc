#include "ui/common/job.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <exception>

namespace plumage::ui {

void JobContext::progress(qint64 done, qint64 total, const QString& message) {
  const bool last = total > 0 && done >= total;
  if (sentAny_ && !last && sinceLast_.elapsed() < kMinIntervalMs) return;
  sentAny_ = true;
  sinceLast_.restart();
  // Emitted from the worker thread: receivers in the GUI thread get it queued.
  emit job_->progressChanged(done, total, message);
}

Job::Job(QString title, Work work, QObject* parent)
    : QObject(parent), title_(std::move(title)), work_(std::move(work)), context_(this) {}

Job::~Job() {
  if (thread_) {
    context_.cancel_ = true;
    thread_->wait();
    delete thread_;
  }
}

void Job::start() {
  if (state_ == State::Running) return;
  if (thread_) {
    thread_->wait();
    delete thread_;
  }
  context_.cancel_ = false;
  context_.sentAny_ = false;
  context_.sinceLast_.start();
  result_ = {};
  error_.clear();
  wasCancelled_ = false;
  state_ = State::Running;
  clock_.start();
  thread_ = QThread::create([this] { runOnWorker(); });
  thread_->setObjectName(title_.left(15));
  // QThread::finished is emitted on the worker; the connection queues it to this object's thread.
  connect(thread_, &QThread::finished, this, &Job::deliverOutcome, Qt::QueuedConnection);
  thread_->start();
}

void Job::cancel() { context_.cancel_ = true; }

void Job::runOnWorker() {
  try {
    result_ = work_(context_);
    wasCancelled_ = context_.cancelled() && !result_.isValid();
  } catch (const JobCancelled&) {
    wasCancelled_ = true;
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
    if (error_.isEmpty()) error_ = tr("unknown error");
  } catch (...) {
    error_ = tr("unknown error (non-standard exception)");
  }
}

void Job::deliverOutcome() {
  if (state_ != State::Running) return;
  if (wasCancelled_) {
    state_ = State::Cancelled;
    emit cancelled();
  } else if (!error_.isEmpty()) {
    state_ = State::Failed;
    emit failed(error_);
  } else {
    state_ = State::Succeeded;
    emit succeeded(result_);
  }
  emit finished();
}

bool Job::waitForFinished(int timeoutMs) {
  if (state_ != State::Running) return true;
  QEventLoop loop;
  connect(this, &Job::finished, &loop, &QEventLoop::quit);
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  loop.exec();
  return state_ != State::Running;
}

}  // namespace plumage::ui
