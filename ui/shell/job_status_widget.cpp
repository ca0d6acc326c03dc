#include "ui/shell/job_status_widget.h"

#include "ui/common/core_texts.h"
#include "ui/common/retranslator.h"

#include "ui/common/job.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

#include <algorithm>

namespace plumage::ui {

JobStatusWidget::JobStatusWidget(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  label_ = new QLabel(this);
  bar_ = new QProgressBar(this);
  bar_->setMaximumWidth(220);
  bar_->setMinimumWidth(140);
  bar_->setTextVisible(true);
  cancel_ = new QToolButton(this);
  cancel_->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
  cancel_->setToolTip(tr("Cancel this job"));
  cancel_->setAutoRaise(true);
  layout->addWidget(label_);
  layout->addWidget(bar_);
  layout->addWidget(cancel_);
  connect(cancel_, &QToolButton::clicked, this, [this] {
    if (!jobs_.isEmpty() && jobs_.last().job) jobs_.last().job->cancel();
    cancel_->setEnabled(false);
  });
  setVisible(false);
}

void JobStatusWidget::track(Job* job) {
  jobs_.push_back({job, 0, 0, {}});
  connect(job, &Job::progressChanged, this,
          [this, job](qint64 d, qint64 t, const QString& m) { onProgress(job, d, t, m); });
  connect(job, &Job::finished, this, [this, job] { onFinished(job); });
  connect(job, &QObject::destroyed, this, [this] {
    jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(), [](const Tracked& t) { return t.job.isNull(); }),
                jobs_.end());
    refresh();
  });
  cancel_->setEnabled(true);
  refresh();
}

int JobStatusWidget::runningCount() const {
  int n = 0;
  for (const Tracked& t : jobs_)
    if (t.job && t.job->isRunning()) ++n;
  return n;
}

QString JobStatusWidget::formatDuration(qint64 s) {
  if (s < 60) return tr("%1 s").arg(s);
  if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
  return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

void JobStatusWidget::onProgress(Job* job, qint64 done, qint64 total, const QString& text) {
  for (Tracked& t : jobs_)
    if (t.job == job) {
      t.done = done;
      t.total = total;
      t.text = text;
    }
  refresh();
}

void JobStatusWidget::onFinished(Job* job) {
  switch (job->state()) {
    case Job::State::Succeeded:
      emit message(tr("%1: done in %2").arg(job->title(), formatDuration(job->elapsedMs() / 1000)), 5000);
      break;
    case Job::State::Failed:
      emit message(tr("%1 failed: %2").arg(job->title(), job->errorText()), 0);
      break;
    case Job::State::Cancelled:
      emit message(tr("%1: cancelled").arg(job->title()), 5000);
      break;
    default:
      break;
  }
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(),
                             [job](const Tracked& t) { return t.job.isNull() || t.job == job; }),
              jobs_.end());
  cancel_->setEnabled(true);
  refresh();
}

void JobStatusWidget::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) refresh();
}

void JobStatusWidget::refresh() {
  if (jobs_.isEmpty()) {
    setVisible(false);
    return;
  }
  const Tracked& t = jobs_.last();
  if (!t.job) return;
  // At display time, in the language now in use: the title and UI-made
  // texts as made again, core's English lines (the demo job's) translated.
  const RecordingTranslator* rec = RecordingTranslator::instance();
  const QString title = rec->retranslate(t.job->title(), this);
  QString text = t.text.isEmpty() ? title : title + QStringLiteral(": ") + coreText(rec->retranslate(t.text, this));
  if (jobs_.size() > 1) text += tr(" (+%1 more)").arg(jobs_.size() - 1);
  label_->setText(text);
  if (t.total > 0) {
    bar_->setRange(0, 1000);
    bar_->setValue(int(1000.0 * double(t.done) / double(t.total)));
    QString fmt = QStringLiteral("%p%");
    if (t.done > 0 && t.done < t.total) {
      const double perItem = double(t.job->elapsedMs()) / double(t.done);
      const qint64 eta = qint64(perItem * double(t.total - t.done) / 1000.0 + 0.5);
      fmt = tr("%p% — %1 left").arg(formatDuration(eta));
    }
    bar_->setFormat(fmt);
  } else {
    bar_->setRange(0, 0);  // busy indicator until the first progress report
  }
  setVisible(true);
}

}  // namespace plumage::ui
