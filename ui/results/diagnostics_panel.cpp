#include "ui/results/diagnostics_panel.h"

#include "ui/common/job.h"
#include "ui/results/diagnostics_figures.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/setup/converter_catalog.h"
#include "ui/setup/feature_catalog.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <exception>
#include <memory>

namespace plumage::ui::results {

bool parseClassList(const QString& spec, QVector<int>* out) {
  out->clear();
  for (const QString& part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const QString p = part.trimmed();
    bool ok1 = false, ok2 = false;
    const int dash = p.indexOf(QLatin1Char('-'), 1);
    if (dash > 0) {
      const int a = p.left(dash).trimmed().toInt(&ok1), b = p.mid(dash + 1).trimmed().toInt(&ok2);
      if (!ok1 || !ok2 || a < 0 || b < a || b - a > 1000) return false;
      for (int c = a; c <= b; ++c) *out << c;
    } else {
      const int c = p.toInt(&ok1);
      if (!ok1 || c < 0) return false;
      *out << c;
    }
  }
  return !out->isEmpty();
}

namespace {

QComboBox* pathPicker(const QString& name) {
  auto* box = new QComboBox;
  box->setObjectName(name);
  box->setEditable(true);
  box->setInsertPolicy(QComboBox::NoInsert);
  box->setMinimumContentsLength(40);
  return box;
}

QCustomPlot* newPlot(const QString& name) {
  auto* plot = new QCustomPlot;
  plot->setObjectName(name);
  plot->setMinimumSize(320, 240);
  return plot;
}

}  // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent) : QWidget(parent) {
  image_ = pathPicker(QStringLiteral("diagnosticsImage"));
  text_ = pathPicker(QStringLiteral("diagnosticsText"));
  converter_ = pathPicker(QStringLiteral("diagnosticsConverter"));
  classes_ = new QLineEdit(QStringLiteral("0-2"));
  classes_->setToolTip(tr("Class indices to project, e.g. \"0, 3, 5\" or \"0-4\"; empty: no projection "
                          "(pairs-only sets such as COCO have no classes)"));
  run_ = new QPushButton(tr("Compute"));
  exportHistogram_ = new QPushButton(tr("Export Histogram…"));
  exportProjection_ = new QPushButton(tr("Export Projection…"));
  exportHistogram_->setEnabled(false);
  exportProjection_->setEnabled(false);
  summary_ = new QLabel;
  summary_->setObjectName(QStringLiteral("diagnosticsSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  histogram_ = newPlot(QStringLiteral("cosineHistogramPlot"));
  projection_ = newPlot(QStringLiteral("modalityProjectionPlot"));

  auto* form = new QFormLayout;
  form->addRow(tr("Image features:"), image_);
  form->addRow(tr("Text features:"), text_);
  form->addRow(tr("Converter:"), converter_);
  form->addRow(tr("Classes:"), classes_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addStretch(1);
  buttons->addWidget(exportHistogram_);
  buttons->addWidget(exportProjection_);
  auto* plots = new QSplitter(Qt::Horizontal);
  plots->addWidget(histogram_);
  plots->addWidget(projection_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(summary_);
  layout->addWidget(plots, 1);

  connect(run_, &QPushButton::clicked, this, &DiagnosticsPanel::compute);
  connect(exportHistogram_, &QPushButton::clicked, this, [this] { exportPlot(true); });
  connect(exportProjection_, &QPushButton::clicked, this, [this] { exportPlot(false); });
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::setWorkspace(Workspace* workspace) {
  workspace_ = workspace;
  // The workspace's own files by kind (feature cache; converters folder), so
  // the tab is ready to compute; any other path can still be typed.
  QStringList images, texts, converters;
  if (workspace) {
    for (const FeatureFileEntry& f : scanFeatureFiles(QStringList{workspace->featureCacheDir(), workspaceConverterDir(workspace->root())})) {
      if (!f.problem.isEmpty()) continue;
      if (f.kind == QLatin1String("image")) images << f.path;
      else if (f.kind == QLatin1String("converter")) converters << f.path;
      // Texts tied to images (captions) first: they are what a converter pairs.
      else if (f.kind == QLatin1String("text") && (f.source == QLatin1String("reed") || f.source == QLatin1String("coco")))
        texts.prepend(f.path);
      else if (f.kind == QLatin1String("text") && f.source != QLatin1String("prompts")) texts << f.path;
    }
  }
  const auto fill = [](QComboBox* box, const QStringList& files) {
    const QString current = box->currentText();
    box->clear();
    box->addItems(files);
    for (int i = 0; i < box->count(); ++i) box->setItemData(i, files[i], Qt::ToolTipRole);
    box->setEditText(current.isEmpty() && !files.isEmpty() ? files.first() : current);
  };
  fill(image_, images);
  fill(text_, texts);
  fill(converter_, converters);
}

void DiagnosticsPanel::setPaths(const QString& image, const QString& text, const QString& converter) {
  image_->setEditText(image);
  text_->setEditText(text);
  converter_->setEditText(converter);
}

void DiagnosticsPanel::setClasses(const QString& spec) { classes_->setText(spec); }

bool DiagnosticsPanel::compute() {
  if (job_ && job_->isRunning()) return false;
  DiagnosticsRequest req;
  req.imagePath = image_->currentText().trimmed();
  req.textPath = text_->currentText().trimmed();
  req.converterPath = converter_->currentText().trimmed();
  if (req.imagePath.isEmpty() || req.textPath.isEmpty() || req.converterPath.isEmpty()) {
    summary_->setText(tr("Choose an image feature file, a text feature file and a converter checkpoint."));
    return false;
  }
  // Empty: the pair diagnostics only (pairs-only sets such as COCO have no classes to project).
  if (!classes_->text().trimmed().isEmpty() && !parseClassList(classes_->text(), &req.classes)) {
    summary_->setText(tr("Classes: write indices such as \"0, 3, 5\" or \"0-4\"."));
    return false;
  }
  // The result travels in this holder; the Job delivers succeeded() after its thread ended.
  auto holder = std::make_shared<DiagnosticsData>();
  job_ = new Job(tr("Computing conversion diagnostics"), [req, holder](JobContext& ctx) {
    *holder = computeDiagnostics(req, [&ctx] { ctx.throwIfCancelled(); });
    return QVariant();
  }, this);
  connect(job_, &Job::succeeded, this, [this, holder] { show(*holder); });
  connect(job_, &Job::failed, this, [this](const QString& error) {
    summary_->setText(tr("Diagnostics failed: %1").arg(error));
    emit computeFailed(error);
  });
  connect(job_, &Job::finished, this, [this] {
    run_->setEnabled(true);
    job_->deleteLater();
  });
  run_->setEnabled(false);
  summary_->setText(tr("Computing…"));
  job_->start();
  return true;
}

QString DiagnosticsPanel::summaryText() const { return summary_->text(); }

void DiagnosticsPanel::show(const DiagnosticsData& data) {
  data_ = data;
  QString text = tr("%1 converter: %2 image-paired texts, %3 gallery images. R@1 %4 %, R@5 %5 %, "
                    "mean cosine %6, modality gap %7.")
                     .arg(data.converterKind)
                     .arg(data.pairs)
                     .arg(data.images)
                     .arg(100.0 * data.rAt1, 0, 'f', 1)
                     .arg(100.0 * data.rAt5, 0, 'f', 1)
                     .arg(data.meanCosine, 0, 'f', 3)
                     .arg(data.modalityGap, 0, 'f', 3);
  if (!data.classNames.isEmpty())
    text += QLatin1Char(' ') + tr("PCA explains %1 % + %2 % of the variance.")
                                   .arg(100.0 * data.explained[0], 0, 'f', 1)
                                   .arg(100.0 * data.explained[1], 0, 'f', 1);
  summary_->setText(text);
  FigureStyle screen = loadSavedStyle();
  buildCosineHistogram(histogram_, data, screen);
  buildModalityProjection(projection_, data, screen);
  histogram_->replot();
  projection_->replot();
  exportHistogram_->setEnabled(true);
  exportProjection_->setEnabled(!data.classNames.isEmpty());
  emit computed();
}

void DiagnosticsPanel::exportPlot(bool histogram) {
  if (!data_) return;
  const DiagnosticsData data = *data_;
  FigureExportDialog::Builder builder = [data, histogram](QCustomPlot* plot, const FigureStyle& style) {
    if (histogram) buildCosineHistogram(plot, data, style);
    else buildModalityProjection(plot, data, style);
  };
  const QString base = histogram ? QStringLiteral("cosine-histogram.pdf") : QStringLiteral("modality-pca.pdf");
  const QString dir = workspace_ ? workspace_->root() : QDir::homePath();
  FigureExportDialog dialog(builder, loadSavedStyle(), QDir(dir).filePath(base), this);
  dialog.exec();
}

}  // namespace plumage::ui::results
