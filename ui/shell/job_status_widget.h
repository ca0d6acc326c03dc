// Status-bar widget showing the running jobs: title, progress bar with ETA,
// and a cancel button. Several jobs may run; the most recent one is shown and
// the count of others is noted.
#pragma once

#include <QPointer>
#include <QVector>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace plumage::ui {

class Job;

class JobStatusWidget : public QWidget {
  Q_OBJECT
 public:
  explicit JobStatusWidget(QWidget* parent = nullptr);
  // Follows the job until it ends; does not take ownership.
  void track(Job* job);
  int runningCount() const;

  // "12 s", "3 min 5 s", "1 h 2 min" — exposed for tests.
  static QString formatDuration(qint64 seconds);

 signals:
  // The outcome of a tracked job, for the status bar's message area.
  void message(const QString& text, int timeoutMs);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void onProgress(Job* job, qint64 done, qint64 total, const QString& text);
  void onFinished(Job* job);
  void refresh();

  struct Tracked {
    QPointer<Job> job;
    qint64 done = 0, total = 0;
    QString text;
  };
  QVector<Tracked> jobs_;
  QLabel* label_;
  QProgressBar* bar_;
  QToolButton* cancel_;
};

}  // namespace plumage::ui
