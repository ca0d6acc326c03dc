#include "ui/setup/setup_page.h"

#include "core/experiment/config_error.h"
#include "core/experiment/engine_types.h"
#include "core/experiment/experiment_config.h"
#include "core/experiment/sweep_file.h"
#include "core/json/parse_limited.h"
#include "ui/common/job.h"
#include "ui/setup/converter_catalog.h"
#include "ui/setup/experiment_form.h"
#include "ui/setup/feature_catalog.h"
#include "ui/setup/plan_inputs_loader.h"
#include "ui/setup/preset_catalog.h"
#include "ui/setup/ratio_editor.h"
#include "ui/setup/ratio_table_model.h"
#include "ui/setup/train_converter_dialog.h"
#include "ui/setup/training_launcher.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpacerItem>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <exception>

namespace plumage::ui {

using nlohmann::json;

SetupPage::SetupPage(TrainingLauncher* launcher, QWidget* parent)
    : WorkspacePage(parent), launcher_(launcher), ownUndo_(new QUndoStack(this)) {
  setObjectName(QStringLiteral("setupPage"));
  form_ = new ExperimentForm(this);
  ratios_ = new RatioTableModel(this);
  ratios_->setUndoStack(ownUndo_);
  ratioEditor_ = new RatioEditor(ratios_, this);

  // Presets and files.
  presets_ = new QComboBox(this);
  presets_->setObjectName(QStringLiteral("presetBox"));
  presets_->setMinimumContentsLength(24);
  presets_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  auto* loadPreset = new QPushButton(tr("&Load Preset"), this);
  auto* openFile = new QPushButton(tr("&Open Config…"), this);
  auto* saveFile = new QPushButton(tr("Sa&ve Config…"), this);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Preset:"), this));
  top->addWidget(presets_, 1);
  top->addWidget(loadPreset);
  top->addSpacing(12);
  top->addWidget(openFile);
  top->addWidget(saveFile);

  // Middle: ratios and sweep.
  auto* ratioBox = new QGroupBox(tr("Image / text ratio"), this);
  auto* rl = new QVBoxLayout(ratioBox);
  rl->addWidget(ratioEditor_);
  auto* sweepBox = new QGroupBox(tr("Sweep"), this);
  auto* sf = new QFormLayout(sweepBox);
  sweepRatios_ = new QLineEdit(this);
  sweepRatios_->setPlaceholderText(tr("e.g. 1, 0.9, 0.5, 0.1 — empty: the ratio above"));
  sweepRatios_->setToolTip(tr("One run per image ratio (and per seed)"));
  extraGrid_ = new QLabel(this);
  extraGrid_->setWordWrap(true);
  clearSweep_ = new QPushButton(tr("Clear Sweep"), this);
  auto* gridRow = new QHBoxLayout;
  gridRow->addWidget(extraGrid_, 1);
  gridRow->addWidget(clearSweep_);
  sf->addRow(tr("Image &ratios:"), sweepRatios_);
  sf->addRow(tr("Also varies:"), gridRow);

  auto* middle = new QWidget(this);
  auto* ml = new QVBoxLayout(middle);
  ml->setContentsMargins(0, 0, 0, 0);
  ml->addWidget(ratioBox, 1);
  ml->addWidget(sweepBox);

  // Right: problems, JSON, launch.
  problemList_ = new QListWidget(this);
  problemList_->setObjectName(QStringLiteral("problemList"));
  problemList_->setWordWrap(true);
  problemList_->setMaximumHeight(150);
  json_ = new QPlainTextEdit(this);
  json_->setObjectName(QStringLiteral("resolvedJson"));
  json_->setReadOnly(true);
  json_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  // Wrapped: a long feature path must not hide behind a sideways scroll bar.
  json_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  json_->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  // Shown on demand: hidden, the ratio table has the room for whole class names.
  jsonToggle_ = new QToolButton(this);
  jsonToggle_->setObjectName(QStringLiteral("showResolvedJson"));
  jsonToggle_->setCheckable(true);
  jsonToggle_->setAutoRaise(true);
  jsonToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  jsonToggle_->setText(tr("Resolved configuration"));
  jsonToggle_->setToolTip(tr("Show or hide the configuration a run would get, with every default filled in"));
  connect(jsonToggle_, &QToolButton::toggled, this, [this](bool on) {
    jsonToggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    json_->setVisible(on);
    jsonSpacer_->changeSize(0, 0, QSizePolicy::Minimum, on ? QSizePolicy::Fixed : QSizePolicy::Expanding);
    if (auto* l = json_->parentWidget() ? json_->parentWidget()->layout() : nullptr) l->invalidate();
    QSettings().setValue(QStringLiteral("setup/showResolvedJson"), on);
  });
  runCount_ = new QLabel(this);
  launch_ = new QPushButton(tr("&Run"), this);
  launch_->setObjectName(QStringLiteral("launchButton"));
  launch_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  launch_->setDefault(true);
  auto* right = new QWidget(this);
  auto* rr = new QVBoxLayout(right);
  rr->setContentsMargins(0, 0, 0, 0);
  rr->addWidget(new QLabel(tr("Problems:"), this));
  rr->addWidget(problemList_);
  rr->addWidget(jsonToggle_);
  rr->addWidget(json_, 1);
  jsonSpacer_ = new QSpacerItem(0, 0, QSizePolicy::Minimum, QSizePolicy::Expanding);
  rr->addItem(jsonSpacer_);
  auto* launchRow = new QHBoxLayout;
  launchRow->addWidget(runCount_, 1);
  launchRow->addWidget(launch_);
  rr->addLayout(launchRow);

  auto* scroll = new QScrollArea(this);
  scroll->setWidget(form_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(form_->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 4);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(scroll);
  splitter->addWidget(middle);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 1);
  splitter->setSizes({390, 560, 220});
  const bool showJson = QSettings().value(QStringLiteral("setup/showResolvedJson"), false).toBool();
  jsonToggle_->setChecked(!showJson);  // toggled() below sets the arrow, visibility and spacer
  jsonToggle_->setChecked(showJson);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(splitter, 1);

  validateTimer_ = new QTimer(this);
  validateTimer_->setSingleShot(true);
  validateTimer_->setInterval(150);
  connect(validateTimer_, &QTimer::timeout, this, &SetupPage::revalidate);

  connect(form_, &ExperimentForm::changed, this, [this] {
    pushPlanSettings();
    scheduleValidation();
  });
  connect(form_, &ExperimentForm::planInputsChanged, this, &SetupPage::reloadPlanInputs);
  connect(form_, &ExperimentForm::trainConverterRequested, this, &SetupPage::openTrainConverterDialog);
  connect(ratios_, &RatioTableModel::planChanged, this, &SetupPage::scheduleValidation);
  connect(sweepRatios_, &QLineEdit::textChanged, this, &SetupPage::scheduleValidation);
  connect(clearSweep_, &QPushButton::clicked, this, [this] {
    sweepRatios_->clear();
    extraGridJson_ = json::object();
    sweepExtras_ = json::object();
    form_->setSeeds({qint64(form_->planSeed())});
    scheduleValidation();
  });
  // Nothing to load while the box shows "(none loaded)".
  connect(presets_, qOverload<int>(&QComboBox::currentIndexChanged), loadPreset,
          [this, loadPreset] { loadPreset->setEnabled(!presets_->currentData().toString().isEmpty()); });
  loadPreset->setEnabled(false);
  connect(loadPreset, &QPushButton::clicked, this, [this] {
    const QString path = presets_->currentData().toString();
    QString error;
    if (!path.isEmpty() && !loadConfigFile(path, &error)) QMessageBox::warning(this, tr("Load Preset"), error);
  });
  connect(openFile, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Experiment or Sweep Config"),
                                                      workspace_ ? workspace_->root() : QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !loadConfigFile(path, &error)) QMessageBox::warning(this, tr("Open Config"), error);
  });
  connect(saveFile, &QPushButton::clicked, this, &SetupPage::saveConfigDialog);
  connect(launch_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!launch(&error)) QMessageBox::warning(this, tr("Run"), error);
  });
  if (launcher_) connect(launcher_, &TrainingLauncher::runningChanged, this, &SetupPage::scheduleValidation);

  fillPresets();
  pushPlanSettings();
  revalidate();
}

QIcon SetupPage::pageIcon() const { return style()->standardIcon(QStyle::SP_FileDialogListView); }

void SetupPage::fillPresets() {
  presets_->clear();
  // The box says which preset the form holds: none until one is loaded.
  presets_->addItem(tr("(none loaded)"), QString());
  const QVector<PresetEntry> presets = listPresets();
  for (const PresetEntry& p : presets) {
    presets_->addItem(p.name, p.path);
    presets_->setItemData(presets_->count() - 1, p.description.isEmpty() ? p.path : p.description, Qt::ToolTipRole);
  }
  if (presets.isEmpty()) presets_->setItemText(0, tr("(no presets found)"));
  presets_->setEnabled(!presets.isEmpty());
}

void SetupPage::setWorkspace(Workspace* workspace) {
  if (workspace_ == workspace) return;
  workspace_ = workspace;
  // Ratio edits join the workspace's undo history (Edit → Undo).
  ratios_->setUndoStack(workspace ? workspace->undoStack() : ownUndo_);
  form_->setBrowseDir(workspace ? workspace->featureCacheDir() : QString());
  reloadFeatureFiles();
  // The setup last used in this workspace.
  if (workspace) {
    const QJsonObject saved = workspace->pageSettings(pageId()).value(QStringLiteral("config")).toObject();
    if (!saved.isEmpty()) {
      json config;
      try {
        config = jsonio::parse(QJsonDocument(saved).toJson().toStdString(), "workspace settings", jsonio::kConfig);
      } catch (const jsonio::Error&) {
      }
      if (config.is_object()) applyConfig(config, /*withFeatures=*/true);
    }
  }
}

void SetupPage::rememberConfig() {
  if (!workspace_) return;
  const json config = currentConfig();
  const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(config.dump())).object();
  QJsonObject settings = workspace_->pageSettings(pageId());
  if (settings.value(QStringLiteral("config")).toObject() == o) return;
  settings[QStringLiteral("config")] = o;
  QString error;
  if (!workspace_->setPageSettings(pageId(), settings, &error)) emit statusMessage(error, 5000);
}

void SetupPage::activated() { reloadFeatureFiles(); }

// A validation still pending (debounced) counts: the page is not settled yet.
bool SetupPage::isBusy() const { return (planJob_ && planJob_->isRunning()) || validateTimer_->isActive(); }

void SetupPage::reloadFeatureFiles() {
  QVector<FeatureFileEntry> files;
  QVector<ConverterEntry> known;
  if (workspace_) {
    files = scanFeatureFiles(QStringList{workspace_->featureCacheDir(), workspaceConverterDir(workspace_->root())});
    QString error;
    known = storeConverters(workspace_->storePath(), &error);
    if (!error.isEmpty()) emit statusMessage(error, 10000);
  }
  form_->setFeatureFiles(files, known);
  reloadPlanInputs();
}

TrainConverterDialog* SetupPage::openTrainConverterDialog() {
  if (trainDialog_) {
    trainDialog_->raise();
    trainDialog_->activateWindow();
    return trainDialog_;
  }
  auto* dialog = new TrainConverterDialog(form_->featureFiles(),
                                          workspace_ ? workspaceConverterDir(workspace_->root()) : QString(),
                                          workspace_ ? workspace_->storePath() : QString(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFeatureFiles(form_->imageFeatures(), form_->textFeatures());
  trainDialog_ = dialog;
  connect(dialog, &TrainConverterDialog::jobStarted, this, &SetupPage::jobStarted);
  connect(dialog, &TrainConverterDialog::converterTrained, this, [this](const QString& path) {
    reloadFeatureFiles();
    form_->selectConverter(path);
    emit statusMessage(tr("Trained converter %1").arg(QFileInfo(path).fileName()), 5000);
  });
  dialog->open();
  return dialog;
}

void SetupPage::reloadPlanInputs() {
  const QString image = form_->imageFeatures();
  const QString text = form_->textFeatures();
  const QString wanted = image + QLatin1Char('|') + text;
  if (wanted == loadedInputs_ && ratios_->hasInputs()) return;
  if (image.isEmpty()) {
    loadedInputs_.clear();
    ratios_->setInputs({}, {}, false);
    return;
  }
  if (planJob_) planJob_->cancel();  // its result is dropped below (paths differ)
  auto* job = new Job(tr("Reading feature files"), [image, text](JobContext& ctx) {
    ctx.progress(0, 1, QFileInfo(image).fileName());
    return QVariant::fromValue(loadPlanInputs(image, text));
  }, this);
  planJob_ = job;
  connect(job, &Job::succeeded, this, [this, wanted](const QVariant& v) {
    const auto d = v.value<PlanInputsData>();
    if (d.imagePath + QLatin1Char('|') + d.textPath != form_->imageFeatures() + QLatin1Char('|') + form_->textFeatures())
      return;  // the choice changed meanwhile
    loadedInputs_ = wanted;
    ratios_->setInputs(d.classNames, d.inputs, d.hasTexts);
    pushPlanSettings();
  });
  connect(job, &Job::failed, this, [this](const QString& error) {
    ratios_->setInputs({}, {}, false);
    loadedInputs_.clear();
    emit statusMessage(tr("Cannot read the feature files: %1").arg(error), 10000);
    problems_ << error;
    scheduleValidation();
  });
  connect(job, &Job::finished, job, &QObject::deleteLater);
  job->start();
}

void SetupPage::pushPlanSettings() {
  experiment::RatioPlanConfig s;
  try {
    s.sampling = experiment::parse_sampling_mode(form_->sampling().toStdString());
    s.caption_use = experiment::parse_caption_use(form_->captionUse().toStdString());
    s.text_source = experiment::parse_text_source(form_->textSource().toStdString());
  } catch (const std::exception&) {
    // The form offers only valid names.
  }
  if (form_->toJson().value("method", std::string()) != "adapter")
    s.text_source = experiment::TextSource::None;
  s.val_fraction = form_->valFraction();
  s.seed = form_->planSeed();
  ratios_->setPlanSettings(s);
}

void SetupPage::scheduleValidation() { validateTimer_->start(); }

QVector<double> SetupPage::sweepRatios(QString* error) const {
  QVector<double> out;
  static const QRegularExpression sep(QStringLiteral("[,;\\s]+"));
  for (const QString& part : sweepRatios_->text().split(sep, Qt::SkipEmptyParts)) {
    bool ok = false;
    double v = part.toDouble(&ok);
    if (ok && v > 1.0 && v <= 100.0) v /= 100.0;  // "90" means 90 %
    if (!ok || v < 0.0 || v > 1.0) {
      if (error) *error = tr("sweep image ratios: '%1' is not a ratio in [0, 1] (or a percentage)").arg(part);
      return {};
    }
    if (!out.contains(v)) out.push_back(v);
  }
  return out;
}

json SetupPage::experimentConfig() const {
  json c = form_->toJson();
  const std::string method = c.value("method", std::string("adapter"));
  if (method != "zero_shot") c["image_ratio"] = ratios_->globalRatio();
  if (method == "adapter" && ratios_->perClassEditable()) {
    const auto overrides = ratios_->overrides();
    if (!overrides.isEmpty()) {
      json pc = json::object();
      for (const auto& [name, r] : overrides) pc[name.toStdString()] = r;
      c["per_class_ratios"] = pc;
    }
  }
  c["seed"] = qint64(form_->planSeed());
  return c;
}

json SetupPage::currentConfig() const {
  experiment::SweepFileParts parts;
  parts.base = experimentConfig();
  const QVector<qint64> seeds = form_->seeds();
  parts.seeds = std::vector<int64_t>(seeds.begin(), seeds.end());
  const QVector<double> ratios = sweepRatios(nullptr);
  parts.image_ratios.assign(ratios.begin(), ratios.end());
  parts.other_grid = extraGridJson_;
  parts.extras = sweepExtras_;
  return experiment::compose_sweep_file(parts);
}

int SetupPage::plannedRuns() const { return experiment::count_planned_runs(currentConfig()); }

void SetupPage::revalidate() {
  validateTimer_->stop();
  QStringList problems;
  QString error;
  form_->seeds(&error);
  if (!error.isEmpty()) problems << error;
  error.clear();
  sweepRatios(&error);
  if (!error.isEmpty()) problems << error;
  if (!ratios_->planError().isEmpty() && ratios_->hasInputs()) problems << tr("ratio plan: %1").arg(ratios_->planError());

  // core/experiment's checks on the experiment (sweep lists are checked per
  // combination when the sweep is planned at launch).
  const json config = experimentConfig();
  experiment::ResolveOptions options;
  options.base_dir = workspace_ ? workspace_->root().toStdString() : std::string();
  experiment::ResolvedExperiment resolved;
  for (const std::string& p : experiment::check_experiment(config, options, &resolved))
    problems << QString::fromStdString(p);

  // The plan's own complaint about missing text features is a hint, not an error.
  problems.removeAll(tr("ratio plan: %1").arg(tr("Choose a text feature file to count the text samples.")));
  problems_ = problems;
  problemList_->clear();
  for (const QString& p : problems)
    problemList_->addItem(new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxWarning), p));
  if (problems.isEmpty())
    problemList_->addItem(new QListWidgetItem(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("No problems found.")));

  json shown = currentConfig();
  if (!resolved.config.is_null()) {
    if (shown.contains("base")) shown["base"] = resolved.config;
    else shown = resolved.config;
  }
  json_->setPlainText(QString::fromStdString(shown.dump(2)));
  updateSweepLabel();
  rememberConfig();
  const int runs = plannedRuns();
  const bool busy = launcher_ && launcher_->isRunning();
  launch_->setText(runs > 1 ? tr("&Run Sweep (%n runs)", nullptr, runs) : tr("&Run"));
  launch_->setEnabled(problems.isEmpty() && launcher_ && !busy && workspace_);
  runCount_->setText(busy ? tr("A sweep is running (see Runs).")
                          : (workspace_ ? QString() : tr("Open a workspace to run experiments.")));
}

void SetupPage::updateSweepLabel() {
  QStringList parts;
  for (const auto& item : extraGridJson_.items())
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(item.key()), QString::fromStdString(item.value().dump()));
  extraGrid_->setText(parts.isEmpty() ? tr("(nothing else)") : parts.join(QStringLiteral("; ")));
  clearSweep_->setEnabled(!parts.isEmpty() || !sweepRatios_->text().isEmpty() || form_->seeds().size() > 1);
}

void SetupPage::applyConfig(const json& raw, bool withFeatures) {
  const experiment::SweepFileParts parts = experiment::split_sweep_file(raw);
  json base = parts.base;
  // A preset's feature paths name files of its own layout; keep the
  // workspace's files when some are chosen.
  if (!withFeatures && base.contains("features") && !form_->imageFeatures().isEmpty()) base.erase("features");
  form_->fromJson(base);
  if (base.contains("image_ratio") && base["image_ratio"].is_number()) ratios_->setGlobalRatio(base["image_ratio"].get<double>());
  QVector<QPair<QString, double>> overrides;
  if (base.contains("per_class_ratios") && base["per_class_ratios"].is_object())
    for (const auto& item : base["per_class_ratios"].items())
      if (item.value().is_number()) overrides.push_back({QString::fromStdString(item.key()), item.value().get<double>()});
  const QStringList unknown = ratios_->setOverrides(overrides);
  if (!unknown.isEmpty() && ratios_->hasInputs())
    emit statusMessage(tr("Classes not in the image features: %1").arg(unknown.join(QStringLiteral(", "))), 10000);

  extraGridJson_ = parts.other_grid;
  sweepExtras_ = parts.extras;
  sweepRatios_->clear();
  if (parts.seeds) form_->setSeeds(QVector<qint64>(parts.seeds->begin(), parts.seeds->end()));
  if (!parts.image_ratios.empty()) {
    QStringList ratios;
    for (double r : parts.image_ratios) ratios << QString::number(r);
    sweepRatios_->setText(ratios.join(QStringLiteral(", ")));
  }
  pushPlanSettings();
  revalidate();
}

bool SetupPage::loadConfigFile(const QString& path, QString* error) {
  try {
    applyConfig(experiment::read_json_file(path.toStdString()));
    // A shipped preset shows by name; any other file leaves "(none loaded)".
    const int shipped = presets_->findData(QFileInfo(path).absoluteFilePath());
    presets_->setCurrentIndex(shipped >= 0 ? shipped : 0);
    emit statusMessage(tr("Loaded %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
}

void SetupPage::saveConfigDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save Experiment Config"),
                                                    workspace_ ? workspace_->root() : QString(),
                                                    tr("JSON files (*.json)"));
  if (path.isEmpty()) return;
  QSaveFile f(path);
  const QByteArray text = QByteArray::fromStdString(currentConfig().dump(2) + "\n");
  if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit())
    QMessageBox::warning(this, tr("Save Config"), tr("Cannot write %1: %2").arg(path, f.errorString()));
}

bool SetupPage::launch(QString* error) {
  revalidate();
  if (!problems_.isEmpty() || !launcher_ || !workspace_) {
    if (error) *error = problems_.isEmpty() ? tr("No workspace is open.") : problems_.join(QLatin1Char('\n'));
    return false;
  }
  Job* job = launcher_->launch(currentConfig(), workspace_->root(), workspace_->storePath(), error);
  if (!job) return false;
  emit jobStarted(job);
  emit launched(job);
  emit statusMessage(tr("Started: %1").arg(job->title()), 5000);
  revalidate();
  return true;
}

}  // namespace plumage::ui
