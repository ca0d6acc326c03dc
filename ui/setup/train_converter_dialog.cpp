#include "ui/setup/train_converter_dialog.h"

#include "ui/setup/converter_catalog.h"
#include "core/experiment/converter_presets.h"
#include "core/experiment/runtime.h"
#include "ui/common/job.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace plumage::ui {

namespace {

QDoubleSpinBox* doubleSpin(QWidget* parent, double lo, double hi, int decimals, double step, double value) {
  auto* s = new QDoubleSpinBox(parent);
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setSingleStep(step);
  s->setValue(value);
  return s;
}

QSpinBox* intSpin(QWidget* parent, int lo, int hi, int value) {
  auto* s = new QSpinBox(parent);
  s->setRange(lo, hi);
  s->setValue(value);
  return s;
}

// The order of the kind chooser and of the option pages.
const char* const kKinds[] = {"meanshift", "noise", "ridge", "qformer"};

}  // namespace

TrainConverterDialog::TrainConverterDialog(const QVector<FeatureFileEntry>& files, const QString& outputDir,
                                           const QString& storePath, QWidget* parent)
    : QDialog(parent), files_(files), outputDir_(outputDir), storePath_(storePath) {
  setWindowTitle(tr("Train a Converter"));
  setObjectName(QStringLiteral("trainConverterDialog"));
  const experiment::ConverterConfig defaults;

  kind_ = new QComboBox(this);
  kind_->setObjectName(QStringLiteral("converterKind"));
  kind_->addItem(tr("Mean shift (moves texts across the modality gap)"), QString::fromLatin1(kKinds[0]));
  kind_->addItem(tr("Noise injection (texts plus Gaussian noise)"), QString::fromLatin1(kKinds[1]));
  kind_->addItem(tr("Ridge regression (closed form, seconds)"), QString::fromLatin1(kKinds[2]));
  kind_->addItem(tr("Q-Former (trained; needs token features)"), QString::fromLatin1(kKinds[3]));
  kind_->setCurrentIndex(2);
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("converterName"));
  image_ = new QComboBox(this);
  image_->setObjectName(QStringLiteral("imageFeatures"));
  text_ = new QComboBox(this);
  text_->setObjectName(QStringLiteral("textFeatures"));
  text_->setToolTip(tr("Texts tied to images (e.g. Reed captions): each text is paired with its image"));
  for (QComboBox* c : {image_, text_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(30);
  }
  fillFiles(image_, QStringLiteral("image"));
  fillFiles(text_, QStringLiteral("text"));
  normalize_ = new QCheckBox(tr("L2-normalize text and image features"), this);
  normalize_->setChecked(defaults.normalize);
  includeTest_ = new QCheckBox(tr("Also train on test images (their adapter test accuracy is then not clean)"), this);
  includeTest_->setObjectName(QStringLiteral("includeTestImages"));
  includeTest_->setChecked(defaults.include_test_images);
  includeTest_->setToolTip(tr("Off: only texts of training-split images are paired. The choice is stored in the "
                              "checkpoint and shown wherever the converter is chosen."));
  valFraction_ = doubleSpin(this, 0.01, 0.9, 2, 0.05, defaults.val_fraction);
  valFraction_->setToolTip(tr("Images held out (with all their texts) for the validation diagnostics"));
  // COCO's stage 1 validates on val2017: pairs from files of their own.
  valSource_ = new QComboBox(this);
  valSource_->setObjectName(QStringLiteral("validationSource"));
  valSource_->addItem(tr("A fraction of the training images"), QStringLiteral("fraction"));
  valSource_->addItem(tr("Files of their own (e.g. COCO val2017)"), QStringLiteral("files"));
  valImage_ = new QComboBox(this);
  valImage_->setObjectName(QStringLiteral("validationImageFeatures"));
  valText_ = new QComboBox(this);
  valText_->setObjectName(QStringLiteral("validationTextFeatures"));
  for (QComboBox* c : {valImage_, valText_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(30);
  }
  fillFiles(valImage_, QStringLiteral("image"));
  fillFiles(valText_, QStringLiteral("text"));
  valImage_->setCurrentIndex(0);  // nothing guessed: the user names the validation files
  valText_->setCurrentIndex(0);
  seed_ = intSpin(this, 0, 1 << 30, int(defaults.seed));
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  if (experiment::cuda_available()) device_->addItem(tr("CUDA"), QStringLiteral("cuda"));

  sigma_ = doubleSpin(this, 0.0, 10.0, 4, 0.01, defaults.noise_sigma);
  sigma_->setObjectName(QStringLiteral("noiseSigma"));
  lambda_ = doubleSpin(this, 1e-6, 1e6, 6, 1e-3, defaults.ridge_lambda);
  lambda_->setObjectName(QStringLiteral("ridgeLambda"));
  const experiment::QFormerConfig& q = defaults.qformer;
  qPreset_ = new QComboBox(this);
  qPreset_->setObjectName(QStringLiteral("qformerPreset"));
  qPreset_->addItem(tr("Custom (the values below)"), QString());
  qPreset_->addItem(tr("Small: hidden 256, 4 layers, 16 queries (trains on a CPU)"), QStringLiteral("qformer-small"));
  qPreset_->addItem(tr("BLIP-2 shape: hidden 768, 12 layers, 12 heads, 32 queries, cross-attention every other "
                       "layer (COCO, GPU)"),
                    QStringLiteral("qformer-blip2"));
  qPreset_->setToolTip(tr("Fills in the settings below; the BLIP-2 shape is the study's stage 1, trained on COCO "
                          "train2017 pairs (File → Extract Features → COCO)"));
  qCrossEvery_ = intSpin(this, 1, 48, q.cross_attention_every);
  qCrossEvery_->setObjectName(QStringLiteral("qformerCrossEvery"));
  qCrossEvery_->setToolTip(tr("Cross-attention to the text tokens in layers 1, 1 + k, 1 + 2k, …"));
  qLayers_ = intSpin(this, 1, 48, q.num_layers);
  qLayers_->setObjectName(QStringLiteral("qformerLayers"));
  qQueries_ = intSpin(this, 1, 512, q.num_queries);
  qQueries_->setObjectName(QStringLiteral("qformerQueries"));
  qHidden_ = intSpin(this, 8, 4096, q.hidden);
  qHidden_->setObjectName(QStringLiteral("qformerHidden"));
  qHidden_->setSingleStep(8);
  qHeads_ = intSpin(this, 1, 64, q.heads);
  qHeads_->setObjectName(QStringLiteral("qformerHeads"));
  qEpochs_ = intSpin(this, 1, 10000, q.epochs);
  qEpochs_->setObjectName(QStringLiteral("qformerEpochs"));
  qLr_ = doubleSpin(this, 1e-7, 1.0, 6, 1e-5, q.lr);
  qLr_->setObjectName(QStringLiteral("qformerLr"));
  qBatch_ = intSpin(this, 1, 1 << 16, q.batch_size);
  qBatch_->setObjectName(QStringLiteral("qformerBatch"));
  qResume_ = new QComboBox(this);
  qResume_->setObjectName(QStringLiteral("qformerResume"));
  qResume_->setToolTip(tr("Continue an earlier Q-Former training for more epochs: the architecture, loss, "
                          "validation split and optimizer state come from the checkpoint"));
  qResumeNote_ = new QLabel(this);
  qResumeNote_->setWordWrap(true);
  fillResumeChoices();
  options_ = new QStackedWidget(this);
  for (int i = 0; i < 4; ++i) options_->addWidget(makeOptionsPage(i));

  auto* what = new QGroupBox(tr("Converter"), this);
  auto* wf = new QFormLayout(what);
  wf->addRow(tr("&Kind:"), kind_);
  wf->addRow(tr("&Name:"), name_);
  wf->addRow(tr("&Image features:"), image_);
  wf->addRow(tr("&Text features:"), text_);
  wf->addRow(QString(), normalize_);
  wf->addRow(QString(), includeTest_);
  wf->addRow(tr("Validation &pairs:"), valSource_);
  wf->addRow(tr("&Validation fraction:"), valFraction_);
  wf->addRow(tr("Validation i&mages:"), valImage_);
  wf->addRow(tr("Validation te&xts:"), valText_);
  wf->addRow(tr("&Seed:"), seed_);
  wf->addRow(tr("De&vice:"), device_);
  auto* opts = new QGroupBox(tr("Options"), this);
  auto* ol = new QVBoxLayout(opts);
  ol->addWidget(options_);

  problems_ = new QLabel(this);
  problems_->setObjectName(QStringLiteral("problems"));
  problems_->setWordWrap(true);
  problems_->setStyleSheet(QStringLiteral("color: #b00020"));
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  diagnostics_ = new QLabel(this);
  diagnostics_->setObjectName(QStringLiteral("diagnostics"));
  diagnostics_->setWordWrap(true);
  diagnostics_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  train_ = new QPushButton(tr("&Train"), this);
  train_->setObjectName(QStringLiteral("trainButton"));
  train_->setDefault(true);
  cancel_ = new QPushButton(tr("&Cancel Training"), this);
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons_->addButton(train_, QDialogButtonBox::ActionRole);
  buttons_->addButton(cancel_, QDialogButtonBox::ActionRole);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(what);
  layout->addWidget(opts);
  layout->addWidget(problems_);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addWidget(diagnostics_);
  layout->addStretch(1);
  layout->addWidget(buttons_);

  connect(kind_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
    showOptionsPage(i);
    suggestName();
    updateState();
  });
  connect(text_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    suggestName();
    updateState();
  });
  connect(image_, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainConverterDialog::updateState);
  for (QComboBox* c : {valSource_, valImage_, valText_})
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainConverterDialog::updateState);
  connect(name_, &QLineEdit::textEdited, this, [this] { nameEdited_ = true; });
  connect(name_, &QLineEdit::textChanged, this, &TrainConverterDialog::updateState);
  connect(qPreset_, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainConverterDialog::presetChanged);
  for (QSpinBox* s : {qHidden_, qHeads_, qQueries_, qLayers_, qEpochs_, qBatch_, qCrossEvery_})
    connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &TrainConverterDialog::updateState);
  connect(qResume_, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainConverterDialog::resumeChanged);
  connect(train_, &QPushButton::clicked, this, [this] { startTraining(); });
  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (job_) job_->cancel();
    status_->setText(tr("Cancelling…"));
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &TrainConverterDialog::reject);

  showOptionsPage(kind_->currentIndex());
  resumeChanged();
  suggestName();
  updateState();
}

void TrainConverterDialog::fillResumeChoices() {
  const QString current = qResume_->currentData().toString();
  const QSignalBlocker block(qResume_);
  qResume_->clear();
  qResume_->addItem(tr("(new training)"), QString());
  for (const FeatureFileEntry& f : files_)
    if (f.kind == QLatin1String("converter") && f.source == QLatin1String("qformer") && f.problem.isEmpty()) {
      qResume_->addItem(QFileInfo(f.path).fileName(), f.path);
      qResume_->setItemData(qResume_->count() - 1, f.path, Qt::ToolTipRole);
    }
  qResume_->setCurrentIndex(std::max(0, qResume_->findData(current)));
}

bool TrainConverterDialog::separateValidation() const {
  return valSource_->currentData().toString() == QLatin1String("files");
}

bool TrainConverterDialog::resuming() const {
  return kind() == QLatin1String("qformer") && !qResume_->currentData().toString().isEmpty();
}

void TrainConverterDialog::resumeChanged() {
  const QString path = qResume_->currentData().toString();
  resume_ = ResumableCheckpoint();
  resumeProblem_.clear();
  const bool chosen = !path.isEmpty();
  if (chosen && readResumableCheckpoint(path, &resume_, &resumeProblem_)) {
    // Show what the checkpoint fixes; those fields cannot change.
    const experiment::ConverterConfig& c = resume_.config;
    for (auto [spin, value] : {std::pair<QSpinBox*, int>{qLayers_, c.qformer.num_layers},
                               {qQueries_, c.qformer.num_queries},
                               {qHidden_, c.qformer.hidden},
                               {qHeads_, c.qformer.heads},
                               {qCrossEvery_, c.qformer.cross_attention_every},
                               {seed_, int(c.seed)}}) {
      const QSignalBlocker block(spin);
      spin->setValue(value);
    }
    normalize_->setChecked(c.normalize);
    includeTest_->setChecked(c.include_test_images);
    valFraction_->setValue(c.val_fraction);
    if (qEpochs_->value() <= resume_.epochs) qEpochs_->setValue(2 * std::max(1, resume_.epochs));
    qResumeNote_->setText(tr("Trained %n epoch(s); training continues up to the epoch count below.", nullptr,
                             resume_.epochs));
  } else {
    qResumeNote_->setText(resumeProblem_);
  }
  qResumeNote_->setVisible(chosen);
  for (QWidget* w : std::initializer_list<QWidget*>{qPreset_, qLayers_, qQueries_, qHidden_, qHeads_, qCrossEvery_})
    w->setEnabled(!chosen);
  updateState();
}

void TrainConverterDialog::presetChanged() {
  const experiment::ConverterPreset* p = experiment::find_converter_preset(qPreset_->currentData().toString().toStdString());
  if (!p) return;  // custom: the values stay as they are
  const experiment::QFormerConfig& q = p->config.qformer;
  for (auto [spin, value] : {std::pair<QSpinBox*, int>{qLayers_, q.num_layers},
                             {qQueries_, q.num_queries},
                             {qHidden_, q.hidden},
                             {qHeads_, q.heads},
                             {qCrossEvery_, q.cross_attention_every},
                             {qEpochs_, q.epochs},
                             {qBatch_, q.batch_size}})
    spin->setValue(value);
  qLr_->setValue(q.lr);
  updateState();
}

TrainConverterDialog::~TrainConverterDialog() {
  // The Job (a child) cancels and waits for its thread when deleted.
  if (job_) job_->cancel();
}

void TrainConverterDialog::showOptionsPage(int index) {
  // Only the shown page counts for the size, so a one-field page stays small.
  for (int i = 0; i < options_->count(); ++i)
    options_->widget(i)->setSizePolicy(QSizePolicy::Preferred,
                                       i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored);
  options_->setCurrentIndex(index);
  options_->adjustSize();
  adjustSize();
}

QWidget* TrainConverterDialog::makeOptionsPage(int kindIndex) {
  auto* page = new QWidget(this);
  auto* f = new QFormLayout(page);
  f->setContentsMargins(0, 0, 0, 0);
  switch (kindIndex) {
    case 0: {
      auto* note = new QLabel(tr("No options: adds the difference between the mean image and the mean text "
                                 "feature of the training pairs."),
                              page);
      note->setWordWrap(true);
      f->addRow(note);
      break;
    }
    case 1:
      f->addRow(tr("Noise &sigma:"), sigma_);
      break;
    case 2:
      f->addRow(tr("Ridge &lambda:"), lambda_);
      lambda_->setToolTip(tr("L2 penalty, times the number of pairs"));
      break;
    default:
      f->addRow(tr("C&ontinue from:"), qResume_);
      f->addRow(qResumeNote_);
      f->addRow(tr("&Preset:"), qPreset_);
      f->addRow(tr("&Layers:"), qLayers_);
      f->addRow(tr("&Queries:"), qQueries_);
      f->addRow(tr("&Hidden size:"), qHidden_);
      f->addRow(tr("&Heads:"), qHeads_);
      f->addRow(tr("Cross-attention e&very:"), qCrossEvery_);
      f->addRow(tr("&Epochs:"), qEpochs_);
      f->addRow(tr("Learning &rate:"), qLr_);
      f->addRow(tr("&Batch size:"), qBatch_);
      break;
  }
  return page;
}

void TrainConverterDialog::fillFiles(QComboBox* combo, const QString& kind) {
  combo->clear();
  combo->addItem(
      kind == QLatin1String("image") ? tr("(choose image features)") : tr("(choose text features)"),
      QString());
  // Captions (texts tied to images) first: they are what a converter pairs.
  QVector<FeatureFileEntry> chosen;
  for (const FeatureFileEntry& f : files_)
    if (f.kind == kind) chosen.push_back(f);
  std::stable_sort(chosen.begin(), chosen.end(), [](const FeatureFileEntry& a, const FeatureFileEntry& b) {
    const auto paired = [](const FeatureFileEntry& e) {
      return e.source == QLatin1String("reed") || e.source == QLatin1String("coco");
    };
    return paired(a) > paired(b);
  });
  for (const FeatureFileEntry& f : chosen) {
    QString label = f.label();
    if (f.hasTokens) label += QLatin1Char(' ') + tr("[tokens]");
    combo->addItem(label, f.path);
    combo->setItemData(combo->count() - 1, f.path, Qt::ToolTipRole);
  }
  if (combo->count() > 1) combo->setCurrentIndex(1);
}

void TrainConverterDialog::setKind(const QString& kind) {
  const int i = kind_->findData(kind);
  if (i >= 0) kind_->setCurrentIndex(i);
}

QString TrainConverterDialog::kind() const { return kind_->currentData().toString(); }

void TrainConverterDialog::setName(const QString& name) {
  nameEdited_ = true;
  name_->setText(name);
}

void TrainConverterDialog::setFeatureFiles(const QString& image, const QString& text) {
  for (auto [combo, path] : {std::pair<QComboBox*, QString>{image_, image}, {text_, text}}) {
    if (path.isEmpty()) continue;
    int i = combo->findData(path);
    if (i < 0) {
      const FeatureFileEntry e = describeFeatureFile(path);
      files_.push_back(e);
      combo->addItem(e.label(), path);
      i = combo->count() - 1;
    }
    combo->setCurrentIndex(i);
  }
}

void TrainConverterDialog::suggestName() {
  if (nameEdited_) return;
  const QString source = QFileInfo(text_->currentData().toString()).completeBaseName();
  const QString base = source.isEmpty() ? kind() : kind() + QLatin1Char('-') + source;
  QString name = base;
  for (int n = 2; QFileInfo::exists(QDir(outputDir_).filePath(converterFileName(name))); ++n)
    name = QStringLiteral("%1-%2").arg(base).arg(n);
  const QSignalBlocker block(name_);
  name_->setText(name);
  updateState();
}

ConverterTrainingRequest TrainConverterDialog::request() const {
  ConverterTrainingRequest r;
  try {
    r.config.kind = experiment::parse_converter_kind(kind().toStdString());
  } catch (const std::exception&) {
    // The chooser offers only valid names.
  }
  r.config.normalize = normalize_->isChecked();
  r.config.include_test_images = includeTest_->isChecked();
  r.config.val_fraction = valFraction_->value();
  r.config.seed = quint64(seed_->value());
  r.config.device = device_->currentData().toString().toStdString();
  r.config.noise_sigma = sigma_->value();
  r.config.ridge_lambda = lambda_->value();
  experiment::QFormerConfig& q = r.config.qformer;
  // A preset also sets what the dialog does not show (warmup, decay, ...).
  if (const auto* p = experiment::find_converter_preset(qPreset_->currentData().toString().toStdString()))
    q = p->config.qformer;
  q.cross_attention_every = qCrossEvery_->value();
  q.num_layers = qLayers_->value();
  q.num_queries = qQueries_->value();
  q.hidden = qHidden_->value();
  q.heads = qHeads_->value();
  q.epochs = qEpochs_->value();
  q.lr = qLr_->value();
  q.batch_size = qBatch_->value();
  // The feed-forward width follows the hidden size at the engine's default ratio (4x).
  q.ffn = 4 * q.hidden;
  if (resuming() && resumeProblem_.isEmpty()) {
    // Everything but the epochs, the learning rate, the batch size and the
    // device comes from the checkpoint.
    experiment::ConverterConfig c = resume_.config;
    c.qformer.epochs = q.epochs;
    c.qformer.lr = q.lr;
    c.qformer.batch_size = q.batch_size;
    c.device = r.config.device;
    c.resume_from = qResume_->currentData().toString().toStdString();
    r.config = c;
  }
  r.imagePath = image_->currentData().toString();
  r.textPath = text_->currentData().toString();
  if (separateValidation()) {
    r.valImagePath = valImage_->currentData().toString();
    r.valTextPath = valText_->currentData().toString();
  }
  r.name = name_->text().trimmed();
  r.outputPath = r.name.isEmpty() ? QString() : QDir(outputDir_).filePath(converterFileName(r.name));
  r.storePath = storePath_;
  return r;
}

QStringList TrainConverterDialog::problems() const {
  const ConverterTrainingRequest r = request();
  QStringList p = checkConverterRequest(r);
  if (r.config.kind == experiment::ConverterKind::QFormer && !r.textPath.isEmpty()) {
    for (const FeatureFileEntry& f : files_)
      if (f.path == r.textPath && f.problem.isEmpty() && !f.hasTokens)
        p << tr("The Q-Former reads per-token text features; %1 has none (encode the texts with tokens).")
                 .arg(QFileInfo(f.path).fileName());
  }
  if (separateValidation() && (r.valImagePath.isEmpty() || r.valTextPath.isEmpty()))
    p << tr("Choose both validation files (image features and the texts paired with them).");
  if (resuming()) {
    if (!resumeProblem_.isEmpty())
      p << resumeProblem_;
    else if (r.config.qformer.epochs <= resume_.epochs)
      p << tr("The checkpoint has trained %n epoch(s); set more epochs to continue it.", nullptr, resume_.epochs);
  }
  if (outputDir_.isEmpty()) p << tr("Open a workspace first: converters are kept in it.");
  return p;
}

bool TrainConverterDialog::isRunning() const { return job_ && job_->isRunning(); }

bool TrainConverterDialog::startTraining(QString* error) {
  if (isRunning()) {
    if (error) *error = tr("A training is already running.");
    return false;
  }
  const QStringList p = problems();
  if (!p.isEmpty()) {
    if (error) *error = p.join(QLatin1Char('\n'));
    return false;
  }
  const ConverterTrainingRequest req = request();
  if (job_) job_->deleteLater();
  auto* job = new Job(
      tr("Training converter %1").arg(req.name),
      [req](JobContext& ctx) { return QVariant::fromValue(trainConverterWork(ctx, req)); }, this);
  job_ = job;
  diagnostics_->clear();
  status_->setText(tr("Starting…"));
  progress_->setRange(0, 0);
  connect(job, &Job::progressChanged, this, [this](qint64 done, qint64 total, const QString& message) {
    if (total > 0) {
      progress_->setRange(0, int(total));
      progress_->setValue(int(std::min(done, total)));
    } else {
      progress_->setRange(0, 0);  // busy: a closed-form fit has no steps
    }
    if (!message.isEmpty()) status_->setText(message);
  });
  connect(job, &Job::succeeded, this, [this](const QVariant& v) {
    outcome_ = v.value<ConverterTrainingOutcome>();
    showOutcome(outcome_);
    nameEdited_ = false;
    suggestName();  // the next training gets a fresh name
    if (outcome_.kind == QLatin1String("qformer")) {  // it can be continued too
      files_.push_back(describeFeatureFile(outcome_.path));
      fillResumeChoices();
    }
    emit converterTrained(outcome_.path);
  });
  connect(job, &Job::failed, this, [this](const QString& e) {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_->setText(tr("Training failed: %1").arg(e));
    growToFit();
  });
  connect(job, &Job::cancelled, this, [this] {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_->setText(tr("Cancelled; no checkpoint was written."));
  });
  connect(job, &Job::finished, this, [this] {
    updateState();
    if (closeWhenDone_) QDialog::reject();
  });
  job->start();
  emit jobStarted(job);
  updateState();
  return true;
}

void TrainConverterDialog::showOutcome(const ConverterTrainingOutcome& o) {
  progress_->setRange(0, 1);
  progress_->setValue(1);
  status_->setText(tr("Saved %1 (%2 s).").arg(QFileInfo(o.path).fileName()).arg(o.seconds, 0, 'f', 1));
  QString text = tr("Validation (%n pairs): mean cosine %1, R@1 %2, R@5 %3", nullptr, int(o.valPairs))
                     .arg(o.valCosine, 0, 'f', 3)
                     .arg(o.valR1, 0, 'f', 3)
                     .arg(o.valR5, 0, 'f', 3);
  text += QLatin1Char('\n') + tr("Training pairs: mean cosine %1").arg(o.trainCosine, 0, 'f', 3);
  if (o.epochsRun > 0) text += QLatin1Char('\n') + tr("%n epoch(s)", nullptr, o.epochsRun);
  text += QLatin1Char('\n') + (o.runId > 0 ? tr("Recorded in the store as run %1.").arg(o.runId)
                                           : tr("Not recorded in a store."));
  diagnostics_->setText(text);
  growToFit();
}

void TrainConverterDialog::growToFit() {
  // Wrapped labels (errors, diagnostics) may need more height than the dialog has.
  const int w = width();
  const int h = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(w) : sizeHint().height();
  if (h > height()) resize(w, h);
}

void TrainConverterDialog::updateState() {
  const bool running = isRunning();
  const QStringList p = running ? QStringList() : problems();
  problems_->setText(p.join(QLatin1Char('\n')));
  problems_->setVisible(!p.isEmpty());
  train_->setEnabled(!running && p.isEmpty());
  cancel_->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{kind_, name_, image_, text_, device_, options_})
    w->setEnabled(!running);
  // A continued training keeps the checkpoint's pair split and normalization.
  for (QWidget* w : std::initializer_list<QWidget*>{normalize_, includeTest_, valFraction_, seed_})
    w->setEnabled(!running && !resuming());
  valSource_->setEnabled(!running);
  valFraction_->setEnabled(valFraction_->isEnabled() && !separateValidation());
  for (QComboBox* c : {valImage_, valText_}) c->setEnabled(!running && separateValidation());
}

void TrainConverterDialog::reject() {
  if (isRunning()) {
    // Closing means stop: the dialog closes once the worker has ended.
    closeWhenDone_ = true;
    job_->cancel();
    status_->setText(tr("Cancelling…"));
    return;
  }
  QDialog::reject();
}

}  // namespace plumage::ui
