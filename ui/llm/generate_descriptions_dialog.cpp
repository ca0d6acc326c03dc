#include "ui/llm/generate_descriptions_dialog.h"

#include "ui/shell/dataset_session.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/common/job.h"
#include "ui/llm/system_keychain_store.h"
#include "ui/shell/workspace.h"

#include "core/data/descriptions.h"
#include "core/llm/prompt_template.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cstdlib>

namespace plumage::ui {

namespace {
const QString kPageSettings = QStringLiteral("llm_generation");
}

GenerateDescriptionsDialog::GenerateDescriptionsDialog(Workspace* workspace, QWidget* parent)
    : QDialog(parent), workspace_(workspace) {
  setWindowTitle(tr("Generate Descriptions"));
  systemKeychain_ = std::make_unique<SystemKeychainStore>();
  secrets_ = systemKeychain_.get();
  baseUrl_ = new QLineEdit(this);
  model_ = new QLineEdit(this);
  keySource_ = new QComboBox(this);
  keySource_->addItem(tr("Environment variable"), kKeySourceEnv);
  keySource_->addItem(tr("System keychain"), kKeySourceKeychain);
  keyEnvVar_ = new QLineEdit(this);
  keychainEntry_ = new QLineEdit(this);
  keychainEntry_->setToolTip(tr("The name the key is saved under in the system keychain (service \"plumage\"); "
                                "empty = the endpoint URL, so each endpoint has its own key"));
  saveKeyButton_ = new QPushButton(tr("Save Key to Keychain…"), this);
  forgetKeyButton_ = new QPushButton(tr("Forget Key"), this);
  keychainButtons_ = new QWidget(this);
  auto* keychainButtonsLayout = new QHBoxLayout(keychainButtons_);
  keychainButtonsLayout->setContentsMargins(0, 0, 0, 0);
  keychainButtonsLayout->addWidget(saveKeyButton_);
  keychainButtonsLayout->addWidget(forgetKeyButton_);
  keychainButtonsLayout->addStretch();
  keyStatus_ = new QLabel(this);
  keyStatus_->setWordWrap(true);
  template_ = new QComboBox(this);
  template_->setEditable(true);
  template_->setToolTip(tr("A shipped template name, or the path of a template file"));
  const QString promptsDir = QString::fromStdString(llm::prompts_directory());
  if (!promptsDir.isEmpty())
    template_->addItems(QDir(promptsDir).entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name));
  language_ = new QComboBox(this);
  language_->addItem(tr("English"), QStringLiteral("en"));
  language_->addItem(tr("Japanese"), QStringLiteral("ja"));
  fields_ = new QLineEdit(this);
  fields_->setPlaceholderText(tr("Comma-separated; empty = the fields of the descriptions file (else the default bird fields)"));
  variants_ = new QSpinBox(this);
  variants_->setRange(1, 20);
  concurrency_ = new QSpinBox(this);
  concurrency_->setRange(1, 32);
  maxTokens_ = new QSpinBox(this);
  maxTokens_->setRange(16, 16000);
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0, 2);
  temperature_->setSingleStep(0.1);

  classes_ = new QListWidget(this);
  classes_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  if (workspace_ && workspace_->session() && workspace_->session()->dataset()) {
    const auto ds = workspace_->session()->dataset();
    for (const auto& c : ds->dataset.classes) {
      auto* item = new QListWidgetItem(QString::fromStdString(c.display_name), classes_);
      item->setData(Qt::UserRole, QString::fromStdString(c.name));
      item->setData(Qt::UserRole + 1, QString::fromStdString(c.display_name));
    }
  }
  classes_->selectAll();
  auto* allButton = new QPushButton(tr("All"), this);
  auto* noneButton = new QPushButton(tr("None"), this);
  connect(allButton, &QPushButton::clicked, classes_, &QListWidget::selectAll);
  connect(noneButton, &QPushButton::clicked, classes_, &QListWidget::clearSelection);

  estimate_ = new QLabel(this);
  estimate_->setWordWrap(true);
  estimate_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  log_ = new QPlainTextEdit(this);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(2000);

  auto* form = form_ = new QFormLayout;
  form->addRow(tr("Endpoint (base URL):"), baseUrl_);
  form->addRow(tr("Model:"), model_);
  form->addRow(tr("API key from:"), keySource_);
  form->addRow(tr("Environment variable:"), keyEnvVar_);
  form->addRow(tr("Keychain entry:"), keychainEntry_);
  form->addRow(QString(), keychainButtons_);
  form->addRow(QString(), keyStatus_);
  form->addRow(tr("Prompt template:"), template_);
  form->addRow(tr("Language:"), language_);
  form->addRow(tr("Fields:"), fields_);
  form->addRow(tr("Variants per class:"), variants_);
  form->addRow(tr("Requests in flight:"), concurrency_);
  form->addRow(tr("Max tokens per answer:"), maxTokens_);
  form->addRow(tr("Temperature:"), temperature_);
  auto* classButtons = new QHBoxLayout;
  classButtons->addWidget(new QLabel(tr("Classes:"), this));
  classButtons->addStretch();
  classButtons->addWidget(allButton);
  classButtons->addWidget(noneButton);

  estimateButton_ = new QPushButton(tr("Estimate Cost"), this);
  startButton_ = new QPushButton(tr("Start"), this);
  cancelButton_ = new QPushButton(tr("Cancel Batch"), this);
  closeButton_ = new QPushButton(tr("Close"), this);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(estimateButton_);
  buttons->addStretch();
  buttons->addWidget(startButton_);
  buttons->addWidget(cancelButton_);
  buttons->addWidget(closeButton_);
  connect(estimateButton_, &QPushButton::clicked, this, &GenerateDescriptionsDialog::updateEstimate);
  connect(startButton_, &QPushButton::clicked, this, &GenerateDescriptionsDialog::start);
  connect(cancelButton_, &QPushButton::clicked, this, &GenerateDescriptionsDialog::cancel);
  connect(closeButton_, &QPushButton::clicked, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(classButtons);
  layout->addWidget(classes_, 1);
  layout->addWidget(estimate_);
  layout->addWidget(progress_);
  layout->addWidget(log_, 1);
  layout->addLayout(buttons);

  GenerationSettings saved;
  if (workspace_) saved = GenerationSettings::fromJson(workspace_->pageSettings(kPageSettings));
  setSettings(saved);
  // A template written for a protocol (the study's: five fields, gpt-3.5-turbo)
  // fills in its settings when chosen; the user may still change them after.
  connect(template_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
    llm::TemplateProtocol p;
    try {
      p = llm::PromptTemplate::load(llm::resolve_template_path(name.trimmed().toStdString())).protocol();
    } catch (const std::exception&) {
      return;  // a half-typed path: Start reports a bad template with its file and line
    }
    if (!p.model.empty()) model_->setText(QString::fromStdString(p.model));
    if (!p.fields.empty()) {
      QStringList f;
      for (const std::string& x : p.fields) f << QString::fromStdString(x);
      fields_->setText(f.join(QStringLiteral(", ")));
    }
    if (!p.language.empty()) language_->setCurrentIndex(std::max(0, language_->findData(QString::fromStdString(p.language))));
    if (p.temperature) temperature_->setValue(*p.temperature);
  });
  connect(keySource_, qOverload<int>(&QComboBox::currentIndexChanged), this, &GenerateDescriptionsDialog::updateKeySourceRows);
  connect(keyEnvVar_, &QLineEdit::textChanged, this, &GenerateDescriptionsDialog::updateKeySourceRows);
  connect(keychainEntry_, &QLineEdit::textChanged, this, &GenerateDescriptionsDialog::updateKeySourceRows);
  connect(baseUrl_, &QLineEdit::textChanged, this, &GenerateDescriptionsDialog::updateKeySourceRows);
  connect(saveKeyButton_, &QPushButton::clicked, this, &GenerateDescriptionsDialog::promptSaveKey);
  connect(forgetKeyButton_, &QPushButton::clicked, this, &GenerateDescriptionsDialog::confirmForgetKey);
  updateKeySourceRows();
  updateControls();
  resize(640, 720);
}

GenerateDescriptionsDialog::~GenerateDescriptionsDialog() {
  // The Job's destructor cancels and waits: its work must not outlive abort_.
  abort_ = true;
  delete job_;
}

GenerationSettings GenerateDescriptionsDialog::settings() const {
  GenerationSettings s;
  s.baseUrl = baseUrl_->text().trimmed();
  s.model = model_->text().trimmed();
  s.keySource = keySource_->currentData().toString();
  s.keyEnvVar = keyEnvVar_->text().trimmed();
  s.keychainEntry = keychainEntry_->text().trimmed();
  s.templateName = template_->currentText().trimmed();
  s.language = language_->currentData().toString();
  for (const QString& f : fields_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
    if (!f.trimmed().isEmpty()) s.fields << f.trimmed();
  // A descriptions file declares one field list; generating into it must use it.
  const DescriptionsDocument* doc = workspace_ && workspace_->session() ? workspace_->session()->descriptions() : nullptr;
  if (s.fields.isEmpty() && doc)
    for (const std::string& f : doc->store().fields) s.fields << QString::fromStdString(f);
  s.variants = variants_->value();
  s.concurrency = concurrency_->value();
  s.maxTokens = maxTokens_->value();
  s.temperature = temperature_->value();
  return s;
}

void GenerateDescriptionsDialog::setSettings(const GenerationSettings& s) {
  baseUrl_->setText(s.baseUrl);
  model_->setText(s.model);
  const int source = keySource_->findData(s.keySource);
  keySource_->setCurrentIndex(source >= 0 ? source : 0);
  keyEnvVar_->setText(s.keyEnvVar);
  keychainEntry_->setText(s.keychainEntry);
  template_->setCurrentText(s.templateName);
  const int lang = language_->findData(s.language);
  language_->setCurrentIndex(lang >= 0 ? lang : 0);
  fields_->setText(s.fields.join(QStringLiteral(", ")));
  variants_->setValue(s.variants);
  concurrency_->setValue(s.concurrency);
  maxTokens_->setValue(s.maxTokens);
  temperature_->setValue(s.temperature);
}

void GenerateDescriptionsDialog::selectClasses(const QStringList& keys) {
  for (int i = 0; i < classes_->count(); ++i) {
    QListWidgetItem* item = classes_->item(i);
    item->setSelected(keys.contains(item->data(Qt::UserRole).toString()));
  }
}

std::vector<llm::ClassTarget> GenerateDescriptionsDialog::selectedTargets() const {
  std::vector<llm::ClassTarget> out;
  for (int i = 0; i < classes_->count(); ++i) {
    const QListWidgetItem* item = classes_->item(i);
    if (item->isSelected())
      out.push_back({item->data(Qt::UserRole).toString().toStdString(),
                     item->data(Qt::UserRole + 1).toString().toStdString()});
  }
  return out;
}

bool GenerateDescriptionsDialog::updateEstimate() {
  const DescriptionsDocument* doc = workspace_ && workspace_->session() ? workspace_->session()->descriptions() : nullptr;
  if (!doc) {
    estimate_->setText(tr("No dataset is open."));
    return false;
  }
  const auto targets = selectedTargets();
  if (targets.empty()) {
    estimate_->setText(tr("Select at least one class."));
    return false;
  }
  try {
    const llm::BatchConfig cfg = makeBatchConfig(settings());
    estimate_->setText(describeEstimate(llm::estimate_batch(doc->store(), targets, cfg)));
    return true;
  } catch (const std::exception& e) {
    estimate_->setText(tr("Cannot start: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
}

bool GenerateDescriptionsDialog::ensureWorkspaceCopy(QString* path, QString* error) {
  const DatasetEntry* entry = workspace_ ? workspace_->currentDataset() : nullptr;
  const DescriptionsDocument* doc = workspace_ && workspace_->session() ? workspace_->session()->descriptions() : nullptr;
  if (!entry || !doc) {
    *error = tr("No dataset is open.");
    return false;
  }
  *path = workspace_->descriptionsStorePath(*entry);
  if (QFileInfo::exists(*path)) return true;
  // First write to the workspace copy: start it from what the inspector shows
  // (the imported descriptions), so generation adds to them.
  try {
    QDir().mkpath(QFileInfo(*path).absolutePath());
    doc->store().save(path->toStdString());
    return true;
  } catch (const std::exception& e) {
    *error = QString::fromUtf8(e.what());
    return false;
  }
}

void GenerateDescriptionsDialog::start() {
  if (job_ || keyRequest_ || !updateEstimate()) return;
  if (keySource_->currentData().toString() != kKeySourceKeychain) {
    startWithKey(QString());
    return;
  }
  const QString entry = currentKeychainEntry();
  if (entry.isEmpty()) {
    keyStatus_->setText(tr("Name a keychain entry (or an endpoint) first."));
    return;
  }
  // The key is read anew for each batch, asynchronously: the dialog stays
  // responsive (Cancel works) while the keychain asks for an unlock.
  const int request = keyRequest_ = ++keyRequestsMade_;
  keyStatus_->setText(tr("Reading the key from %1…").arg(secrets_->description()));
  updateControls();
  secrets_->read(entry, this, [this, request](const SecretResult& r) {
    if (request != keyRequest_) return;  // cancelled, or the dialog was closed, meanwhile
    keyRequest_ = 0;
    updateControls();
    onKeyRead(r);
  });
}

void GenerateDescriptionsDialog::onKeyRead(const SecretResult& r) {
  if (r.ok() && !r.secret.trimmed().isEmpty()) {
    keyStatus_->setText(tr("Key read from %1.").arg(secrets_->description()));
    startWithKey(r.secret);
    return;
  }
  const QString entry = currentKeychainEntry();
  QString text;
  if (r.ok() || r.status == SecretResult::Status::NotFound) {
    text = (r.ok() ? tr("The keychain entry \"%1\" is empty.").arg(entry) : r.message) + QLatin1Char(' ') +
           tr("Save a key with \"Save Key to Keychain…\", or take it from an environment variable.");
  } else if (r.status == SecretResult::Status::Unavailable || r.status == SecretResult::Status::TimedOut) {
    // No keychain to use: fall back to the environment variable (the user presses Start again).
    const QString var = keyEnvVar_->text().trimmed().isEmpty() ? QStringLiteral("OPENAI_API_KEY") : keyEnvVar_->text().trimmed();
    keyEnvVar_->setText(var);
    keySource_->setCurrentIndex(keySource_->findData(kKeySourceEnv));
    const bool envSet = !qgetenv(var.toLocal8Bit().constData()).isEmpty();
    text = r.message + QLatin1Char(' ') +
           (envSet ? tr("The key source is now the environment variable %1, which holds a key: press Start to use it.").arg(var)
                   : tr("The key source is now the environment variable %1, which is not set: set it before starting "
                        "Plumage, or use a local server that needs no key.").arg(var));
  } else {
    text = r.message + QLatin1Char(' ') + tr("Try again, or take the key from an environment variable.");
  }
  keyStatus_->setText(text);
  appendLog(tr("Not started: %1").arg(text));
  emit keyReadFailed(text);
}

void GenerateDescriptionsDialog::startWithKey(const QString& keychainKey) {
  QString storePath, error;
  if (!ensureWorkspaceCopy(&storePath, &error)) {
    appendLog(error);
    return;
  }
  llm::BatchConfig cfg;
  try {
    cfg = makeBatchConfig(settings(), keychainKey);
  } catch (const std::exception& e) {
    appendLog(QString::fromUtf8(e.what()));
    return;
  }
  if (workspace_) workspace_->setPageSettings(kPageSettings, settings().toJson(), &error);
  const auto targets = selectedTargets();
  abort_ = false;
  log_->clear();
  appendLog(tr("Writing to %1").arg(QDir::toNativeSeparators(storePath)));
  const std::string path = storePath.toStdString();
  std::atomic<bool>* abortFlag = &abort_;
  // The dialog outlives the work (its destructor waits for the Job), so the
  // log lines can be queued to it from the worker.
  GenerateDescriptionsDialog* dialog = this;
  job_ = new Job(tr("Generating descriptions"), [path, targets, cfg, abortFlag, dialog](JobContext& ctx) {
    llm::BatchCallbacks cb;
    cb.cancel = ctx.cancelFlag();
    cb.abort_now = abortFlag;
    cb.on_progress = [&ctx](const llm::BatchProgress& p) {
      ctx.progress(qint64(p.done + p.failed), qint64(p.total), QString::fromStdString(p.last_class));
    };
    cb.on_log = [dialog](llm::LogLevel level, const std::string& line) {
      if (level == llm::LogLevel::Debug) return;
      const QString text = QString::fromStdString(line);  // already redacted by core
      QMetaObject::invokeMethod(dialog, [dialog, text] { dialog->appendLog(text); }, Qt::QueuedConnection);
    };
    const llm::BatchReport r = llm::run_batch(path, targets, cfg, cb);
    QVariantMap m;
    m[QStringLiteral("done")] = qulonglong(r.progress.done);
    m[QStringLiteral("failed")] = qulonglong(r.progress.failed);
    m[QStringLiteral("skipped")] = qulonglong(r.progress.skipped);
    m[QStringLiteral("total")] = qulonglong(r.progress.total);
    m[QStringLiteral("cancelled")] = r.cancelled;
    m[QStringLiteral("fatal_error")] = QString::fromStdString(r.fatal_error);
    m[QStringLiteral("prompt_tokens")] = r.progress.usage.prompt_tokens;
    m[QStringLiteral("completion_tokens")] = r.progress.usage.completion_tokens;
    m[QStringLiteral("requests")] = r.requests_sent;
    m[QStringLiteral("cost")] = formatUsd(r.progress.cost_usd);
    return QVariant(m);
  }, this);
  connect(job_, &Job::progressChanged, this, [this](qint64 done, qint64 total, const QString&) {
    progress_->setRange(0, int(std::max<qint64>(total, 1)));
    progress_->setValue(int(done));
  });
  connect(job_, &Job::succeeded, this, &GenerateDescriptionsDialog::onJobSucceeded);
  connect(job_, &Job::failed, this, [this](const QString& e) { onJobEnded(tr("Failed: %1").arg(e)); });
  connect(job_, &Job::cancelled, this, [this] { onJobEnded(tr("Cancelled.")); });
  updateControls();
  job_->start();
}

void GenerateDescriptionsDialog::onJobSucceeded(const QVariant& result) {
  lastReport_ = result.toMap();
  const QVariantMap& m = lastReport_;
  QString summary = tr("%1 described, %2 failed, %3 already done; %4 prompt + %5 completion tokens; cost %6.")
                        .arg(m.value(QStringLiteral("done")).toULongLong())
                        .arg(m.value(QStringLiteral("failed")).toULongLong())
                        .arg(m.value(QStringLiteral("skipped")).toULongLong())
                        .arg(m.value(QStringLiteral("prompt_tokens")).toLongLong())
                        .arg(m.value(QStringLiteral("completion_tokens")).toLongLong())
                        .arg(m.value(QStringLiteral("cost")).toString());
  if (m.value(QStringLiteral("cancelled")).toBool()) summary = tr("Cancelled.") + QLatin1Char(' ') + summary;
  const QString fatal = m.value(QStringLiteral("fatal_error")).toString();
  if (!fatal.isEmpty()) summary = tr("Stopped: %1").arg(fatal) + QLatin1Char(' ') + summary;
  onJobEnded(summary);
}

void GenerateDescriptionsDialog::onJobEnded(const QString& summary) {
  appendLog(summary);
  job_->deleteLater();
  job_ = nullptr;
  updateControls();
  // What was generated is in the workspace copy: reload so the inspector shows it.
  if (workspace_ && workspace_->session()) workspace_->session()->reload();
  updateEstimate();
  emit batchFinished(lastReport_);
}

void GenerateDescriptionsDialog::cancel() {
  if (keyRequest_) {  // still waiting for the keychain: nothing was sent
    keyRequest_ = 0;
    appendLog(tr("Cancelled before the key was read; nothing was sent."));
    updateKeySourceRows();
    updateControls();
    return;
  }
  if (!job_) return;
  if (job_->state() == Job::State::Running && cancelButton_->property("cancelRequested").toBool()) {
    abort_ = true;
    appendLog(tr("Aborting the requests in flight."));
    return;
  }
  cancelButton_->setProperty("cancelRequested", true);
  cancelButton_->setText(tr("Abort Now"));
  appendLog(tr("Cancelling: the requests in flight are finished and saved."));
  job_->cancel();
}

bool GenerateDescriptionsDialog::isRunning() const { return job_ && job_->isRunning(); }

void GenerateDescriptionsDialog::reject() {
  if (isRunning()) {
    cancel();
    return;  // closes only once the batch has stopped
  }
  keyRequest_ = 0;  // a key read that answers later must not start a batch in a closed dialog
  updateControls();
  QDialog::reject();
}

QString GenerateDescriptionsDialog::estimateText() const { return estimate_->text(); }
QString GenerateDescriptionsDialog::logText() const { return log_->toPlainText(); }

void GenerateDescriptionsDialog::appendLog(const QString& line) { log_->appendPlainText(line); }

void GenerateDescriptionsDialog::updateControls() {
  const bool busy = job_ != nullptr || keyRequest_ != 0;
  for (QWidget* w : std::initializer_list<QWidget*>{baseUrl_, model_, keySource_, keyEnvVar_, keychainEntry_, template_,
                                                    language_, fields_, variants_, concurrency_, maxTokens_, temperature_,
                                                    classes_, estimateButton_, startButton_})
    w->setEnabled(!busy);
  saveKeyButton_->setEnabled(!busy && !keychainOpPending_);
  forgetKeyButton_->setEnabled(!busy && !keychainOpPending_);
  cancelButton_->setEnabled(busy);
  if (!busy) {
    cancelButton_->setProperty("cancelRequested", false);
    cancelButton_->setText(tr("Cancel Batch"));
  }
}

}  // namespace plumage::ui
