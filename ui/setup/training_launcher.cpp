#include "ui/setup/training_launcher.h"

#include "core/experiment/config_error.h"
#include "core/experiment/sweep_config.h"
#include "core/experiment/sweep_job.h"
#include "ui/common/job.h"
#include "core/store/run_store.h"

#include <QCoreApplication>
#include <QVariantMap>

#include <atomic>

namespace plumage::ui {

namespace {
constexpr qint64 kUnitsPerRun = 1000;  // progress resolution within one run
}

TrainingLauncher::TrainingLauncher(QObject* parent) : QObject(parent) {}

TrainingLauncher::~TrainingLauncher() {
  if (job_) job_->cancel();
  delete job_;  // waits for the thread
}

bool TrainingLauncher::isRunning() const { return job_ && job_->isRunning(); }

QList<qint64> TrainingLauncher::activeRuns() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return active_;
}

void TrainingLauncher::cancel() {
  if (job_) job_->cancel();
}

Job* TrainingLauncher::launch(const nlohmann::json& config, const QString& baseDir, const QString& storePath,
                              QString* error) {
  if (isRunning()) {
    if (error) *error = tr("A run or sweep is already in progress; cancel it or wait until it ends.");
    return nullptr;
  }
  if (storePath.isEmpty()) {
    if (error) *error = tr("No run store: open a workspace first.");
    return nullptr;
  }
  const bool isSweep = config.contains("grid");
  const QString name = QString::fromStdString(
      config.value("name", isSweep ? config.value("base", nlohmann::json::object()).value("name", std::string()) : std::string()));
  const QString title = name.isEmpty() ? (isSweep ? tr("Sweep") : tr("Run")) : name;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    runIds_.clear();
    active_.clear();
  }

  auto work = [this, config, baseDir, storePath, fn = runFunction_](JobContext& ctx) -> QVariant {
    ctx.progress(0, 0, tr("Checking the configuration"));
    experiment::FileHashCache files;
    experiment::ResolveOptions options;
    options.base_dir = baseDir.toStdString();
    const experiment::SweepPlan plan = experiment::plan_sweep(config, options, "setup", files);
    store::RunStore store(storePath.toStdString());

    // Progress: kUnitsPerRun per run, advanced by epochs within a run.
    std::atomic<int> index{0}, total{int(plan.runs.size())};
    auto report = [&ctx, &index, &total](double withinRun, const QString& text) {
      const qint64 done = qint64((index.load() - 1 + withinRun) * kUnitsPerRun);
      ctx.progress(std::max<qint64>(done, 0), qint64(total.load()) * kUnitsPerRun, text);
    };

    experiment::SweepJobParams o;
    o.cancel = ctx.cancelFlag();
    o.run_function = fn;  // empty: the training engine
    o.on_event = [this, &index, &total, &report](const experiment::RunEvent& e) {
      if (e.kind == experiment::RunEvent::Started) {
        index = e.index;
        total = e.total;
        report(0.0, tr("Run %1 of %2").arg(e.index).arg(e.total));
        return;
      }
      if (e.kind == experiment::RunEvent::Skipped || !e.run) return;
      qint64 id = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        id = runIds_.value(QString::fromStdString(e.run->key));
      }
      const QString status = e.kind == experiment::RunEvent::Finished ? QStringLiteral("DONE")
                             : e.kind == experiment::RunEvent::Failed ? QStringLiteral("FAILED")
                                                                      : QStringLiteral("CANCELLED");
      report(1.0, tr("Run %1 of %2: %3").arg(e.index).arg(e.total).arg(status));
      emit runEnded(id, status, QString::fromStdString(e.detail));
    };

    // Every run's metrics are also sent to the GUI.
    auto instrument = [this, &report, &index, &total](experiment::RunContext& rc) {
      const qint64 id = rc.run_id;
      const QString key = QString::fromStdString(rc.key);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        runIds_.insert(key, id);
        active_.push_back(id);
      }
      emit runStarted(id, key);
      const int epochs = rc.config ? rc.config->value("adapter", nlohmann::json::object()).value("epochs", 0) : 0;
      auto inner = rc.log_metric;
      rc.log_metric = [this, inner, id, epochs, &report, &index, &total](int64_t step, const std::string& k, double v) {
        inner(step, k, v);
        const QString qk = QString::fromStdString(k);
        emit metricLogged(id, qk, step, v);
        if (epochs > 0 && qk == QLatin1String("train_loss"))
          report(double(std::min<int64_t>(step, epochs)) / epochs,
                 tr("Run %1 of %2, epoch %3 of %4").arg(index.load()).arg(total.load()).arg(step).arg(epochs));
      };
    };
    o.on_run_start = instrument;
    o.on_run_end = [this](const experiment::RunContext& rc) {
      std::lock_guard<std::mutex> lock(mutex_);
      active_.removeAll(qint64(rc.run_id));
    };
    const experiment::SweepOutcome out = experiment::execute_sweep(store, plan, o);
    store.flush();
    if (ctx.cancelled()) return QVariant();  // the Job ends as cancelled
    QVariantMap summary;
    summary[QStringLiteral("sweep_id")] = qint64(out.sweep_id);
    summary[QStringLiteral("planned")] = out.planned;
    summary[QStringLiteral("already_done")] = out.already_done;
    summary[QStringLiteral("done")] = out.done;
    summary[QStringLiteral("failed")] = out.failed;
    summary[QStringLiteral("cancelled")] = out.cancelled;
    return summary;
  };

  auto* job = new Job(title, work, this);
  job_ = job;
  connect(job, &Job::succeeded, this, [this](const QVariant& v) {
    const QVariantMap m = v.toMap();
    QString text = tr("%1 done, %2 failed").arg(m.value(QStringLiteral("done")).toInt()).arg(m.value(QStringLiteral("failed")).toInt());
    if (const int skipped = m.value(QStringLiteral("already_done")).toInt(); skipped > 0)
      text += tr(", %n already done", nullptr, skipped);
    emit launchFinished(text, m.value(QStringLiteral("failed")).toInt() == 0);
  });
  connect(job, &Job::failed, this, [this](const QString& e) { emit launchFinished(e, false); });
  connect(job, &Job::cancelled, this, [this] { emit launchFinished(tr("cancelled"), false); });
  connect(job, &Job::finished, this, [this, job] {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      active_.clear();
    }
    emit runningChanged(false);
    job->deleteLater();
  });
  job->start();
  emit runningChanged(true);
  return job;
}

}  // namespace plumage::ui
