// Worker-thread pattern for long work (dataset loading, demo generation,
// encoding, training). A Job runs a function on its own thread; the function
// calls core with the progress callback and cancellation flag of its
// JobContext. Progress arrives in the GUI thread by queued signals (throttled),
// and the outcome — a QVariant result, an error text, or cancellation — is
// delivered after the thread has ended, so receivers may delete the Job then.
// Widgets are never touched from the work function.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QVariant>

#include <atomic>
#include <functional>
#include <mutex>

class QThread;

namespace plumage::ui {

// Thrown by JobContext::throwIfCancelled(); the Job then ends as cancelled.
struct JobCancelled {};

class Job;

// Handed to the work function; safe to use from the worker thread only.
class JobContext {
 public:
  bool cancelled() const { return cancel_.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (cancelled()) throw JobCancelled{};
  }
  // For core APIs that take a `const std::atomic<bool>*` cancellation flag.
  const std::atomic<bool>* cancelFlag() const { return &cancel_; }
  // Reports progress; forwarded at most every kMinIntervalMs (and always when
  // done == total) so a tight loop cannot flood the GUI event queue.
  void progress(qint64 done, qint64 total, const QString& message = {});
  static constexpr int kMinIntervalMs = 50;

 private:
  friend class Job;
  explicit JobContext(Job* job) : job_(job) {}
  Job* job_;
  std::atomic<bool> cancel_{false};
  QElapsedTimer sinceLast_;
  bool sentAny_ = false;
};

class Job : public QObject {
  Q_OBJECT
 public:
  using Work = std::function<QVariant(JobContext&)>;
  enum class State { Idle, Running, Succeeded, Failed, Cancelled };
  Q_ENUM(State)

  Job(QString title, Work work, QObject* parent = nullptr);
  // Requests cancellation and waits for the thread: a Job never outlives its work.
  ~Job() override;

  void start();
  void cancel();  // asynchronous; the outcome arrives as cancelled() (or succeeded if it was too late)
  bool isRunning() const { return state_ == State::Running; }
  State state() const { return state_; }
  QString title() const { return title_; }
  QVariant result() const { return result_; }
  QString errorText() const { return error_; }
  qint64 elapsedMs() const { return clock_.isValid() ? clock_.elapsed() : 0; }
  // Blocks the caller (tests, --screenshot) until the job ended, running the event loop.
  bool waitForFinished(int timeoutMs);

 signals:
  void progressChanged(qint64 done, qint64 total, const QString& message);
  void succeeded(const QVariant& result);
  void failed(const QString& error);
  void cancelled();
  void finished();  // after any of the three outcomes

 private:
  void runOnWorker();
  void deliverOutcome();

  QString title_;
  Work work_;
  JobContext context_;
  QThread* thread_ = nullptr;
  State state_ = State::Idle;
  QElapsedTimer clock_;
  // Written by the worker before the thread ends, read after (QThread::finished orders them).
  QVariant result_;
  QString error_;
  bool wasCancelled_ = false;
};

}  // namespace plumage::ui
