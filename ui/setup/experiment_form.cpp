#include "ui/setup/experiment_form.h"

#include "core/experiment/runtime.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace plumage::ui {

namespace {

using nlohmann::json;

void addItems(QComboBox* c, const QVector<QPair<QString, QString>>& items) {
  for (const auto& [label, value] : items) c->addItem(label, value);
}

QString dataOf(const QComboBox* c) { return c->currentData().toString(); }

QDoubleSpinBox* doubleSpin(QWidget* parent, double lo, double hi, int decimals, double step) {
  auto* s = new QDoubleSpinBox(parent);
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setSingleStep(step);
  return s;
}

}  // namespace

ExperimentForm::ExperimentForm(QWidget* parent) : QWidget(parent) {
  name_ = new QLineEdit(this);
  name_->setPlaceholderText(tr("optional, e.g. thesis (90, 10) + Reed"));
  method_ = new QComboBox(this);
  addItems(method_, {{tr("Adapter (image + text samples)"), QStringLiteral("adapter")},
                     {tr("Linear probe (baseline)"), QStringLiteral("linear_probe")},
                     {tr("Zero-shot (baseline)"), QStringLiteral("zero_shot")}});

  image_ = fileCombo(tr("(choose image features)"));
  reed_ = fileCombo(tr("(none)"));
  llm_ = fileCombo(tr("(none)"));
  classText_ = fileCombo(tr("(none)"));
  classText_->setObjectName(QStringLiteral("classTextChooser"));
  method_->setObjectName(QStringLiteral("methodChooser"));
  auto withBrowse = [this](QComboBox* combo, const QString& title) {
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(combo, 1);
    auto* b = new QToolButton(this);
    b->setText(tr("…"));
    b->setToolTip(title);
    connect(b, &QToolButton::clicked, this, [this, combo, title] {
      browse(combo, title, tr("Feature files (*.safetensors);;All files (*)"));
    });
    row->addWidget(b);
    return row;
  };

  textSource_ = new QComboBox(this);
  addItems(textSource_, {{tr("None (image only)"), QStringLiteral("none")},
                         {tr("Reed captions"), QStringLiteral("reed")},
                         {tr("LLM descriptions"), QStringLiteral("llm")}});
  captionUse_ = new QComboBox(this);
  addItems(captionUse_, {{tr("One per turned image, redrawn each epoch"), QStringLiteral("one-per-epoch")},
                         {tr("All texts of each turned image"), QStringLiteral("all")}});
  converter_ = new QComboBox(this);
  converter_->setObjectName(QStringLiteral("converterChooser"));
  converter_->addItem(tr("Identity (text features as they are)"), QStringLiteral("identity"));
  sampling_ = new QComboBox(this);
  addItems(sampling_, {{tr("Per class (stratified)"), QStringLiteral("per-class")},
                       {tr("Global random"), QStringLiteral("global")}});
  sampling_->setToolTip(tr("Per class keeps the same fraction of every class's images; global random draws "
                           "the image samples from all training images, so class counts vary"));
  valFraction_ = doubleSpin(this, 0.0, 0.9, 2, 0.05);
  valFraction_->setValue(0.1);
  valFraction_->setToolTip(tr("Validation split carved from each class's training images (model selection)"));

  epochs_ = new QSpinBox(this);
  epochs_->setRange(1, 100000);
  epochs_->setValue(100);
  batch_ = new QSpinBox(this);
  batch_->setRange(1, 1 << 20);
  batch_->setValue(256);
  lr_ = doubleSpin(this, 1e-6, 10.0, 6, 1e-4);
  lr_->setValue(1e-3);
  weightDecay_ = doubleSpin(this, 0.0, 10.0, 6, 1e-4);
  optimizer_ = new QComboBox(this);
  addItems(optimizer_, {{QStringLiteral("Adam"), QStringLiteral("adam")},
                        {QStringLiteral("AdamW"), QStringLiteral("adamw")},
                        {QStringLiteral("SGD"), QStringLiteral("sgd")}});
  head_ = new QComboBox(this);
  addItems(head_, {{tr("Linear"), QStringLiteral("linear")}, {tr("Residual bottleneck (CLIP-Adapter)"), QStringLiteral("residual")}});
  labelSmoothing_ = doubleSpin(this, 0.0, 0.99, 2, 0.05);
  patience_ = new QSpinBox(this);
  patience_->setRange(0, 100000);
  patience_->setSpecialValueText(tr("off"));
  l2_ = new QCheckBox(tr("L2-normalize embeddings"), this);
  l2_->setChecked(true);
  initZeroShot_ = new QCheckBox(tr("Initialize from zero-shot class weights"), this);
  initZeroShot_->setObjectName(QStringLiteral("initZeroShot"));

  seeds_ = new QLineEdit(QStringLiteral("0"), this);
  seeds_->setToolTip(tr("One seed, or several (\"0, 1, 2\" or \"0-4\"): one run per seed"));
  device_ = new QComboBox(this);
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  if (experiment::cuda_available()) device_->addItem(tr("CUDA"), QStringLiteral("cuda"));

  auto* general = new QGroupBox(tr("Experiment"), this);
  auto* gf = new QFormLayout(general);
  gf->addRow(tr("&Name:"), name_);
  gf->addRow(tr("&Method:"), method_);
  gf->addRow(tr("&Seeds:"), seeds_);
  gf->addRow(tr("De&vice:"), device_);

  auto* data = new QGroupBox(tr("Features"), this);
  auto* df = new QFormLayout(data);
  df->addRow(tr("Images:"), withBrowse(image_, tr("Choose the image feature file")));
  df->addRow(tr("Reed captions:"), withBrowse(reed_, tr("Choose the Reed caption feature file")));
  df->addRow(tr("LLM descriptions:"), withBrowse(llm_, tr("Choose the LLM description feature file")));
  df->addRow(tr("Class prompts:"), withBrowse(classText_, tr("Choose the class prompt feature file")));

  auto* text = new QGroupBox(tr("Text samples"), this);
  auto* tf = new QFormLayout(text);
  tf->addRow(tr("&Text source:"), textSource_);
  tf->addRow(tr("&Captions:"), captionUse_);
  trainConverter_ = new QToolButton(this);
  trainConverter_->setText(tr("Train…"));
  trainConverter_->setObjectName(QStringLiteral("trainConverterButton"));
  trainConverter_->setToolTip(tr("Train a converter on paired image/text features of this workspace"));
  connect(trainConverter_, &QToolButton::clicked, this, &ExperimentForm::trainConverterRequested);
  QHBoxLayout* converterRow = withBrowse(converter_, tr("Choose a converter checkpoint"));
  converterRow->addWidget(trainConverter_);
  tf->addRow(tr("Converter:"), converterRow);
  tf->addRow(tr("Sa&mpling:"), sampling_);
  tf->addRow(tr("&Validation fraction:"), valFraction_);

  auto* adapter = new QGroupBox(tr("Adapter"), this);
  auto* af = new QFormLayout(adapter);
  af->addRow(tr("&Epochs:"), epochs_);
  af->addRow(tr("&Batch size:"), batch_);
  af->addRow(tr("Learning &rate:"), lr_);
  af->addRow(tr("&Weight decay:"), weightDecay_);
  af->addRow(tr("&Optimizer:"), optimizer_);
  af->addRow(tr("&Head:"), head_);
  af->addRow(tr("Label &smoothing:"), labelSmoothing_);
  af->addRow(tr("Early stopping &patience:"), patience_);
  af->addRow(QString(), l2_);
  af->addRow(QString(), initZeroShot_);

  // Long item texts must not widen the form: combos elide to the column.
  // Those elided show their whole text on hover.
  for (QComboBox* c : findChildren<QComboBox*>()) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(12);
    for (int i = 0; i < c->count(); ++i)
      if (c->itemData(i, Qt::ToolTipRole).isNull()) c->setItemData(i, c->itemText(i), Qt::ToolTipRole);
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QGroupBox* g : {general, data, text, adapter}) layout->addWidget(g);
  layout->addStretch(1);

  // Any edit: changed(); edits that change which rows the plan sees: planInputsChanged().
  auto changedSignal = [this] {
    updateEnabled();
    if (!loading_) emit changed();
  };
  auto planSignal = [this] {
    if (!loading_) emit planInputsChanged();
  };
  for (QComboBox* c : {method_, image_, reed_, llm_, classText_, textSource_, captionUse_, converter_, sampling_,
                       optimizer_, head_, device_})
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, changedSignal);
  for (QComboBox* c : {image_, reed_, llm_, textSource_})
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, planSignal);
  for (QSpinBox* s : {epochs_, batch_, patience_}) connect(s, qOverload<int>(&QSpinBox::valueChanged), this, changedSignal);
  for (QDoubleSpinBox* s : {valFraction_, lr_, weightDecay_, labelSmoothing_})
    connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, changedSignal);
  for (QCheckBox* c : {l2_, initZeroShot_}) connect(c, &QCheckBox::toggled, this, changedSignal);
  // Choosing a method that reads class prompts offers them (the user's own choice of the chooser stands).
  connect(method_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExperimentForm::offerClassText);
  connect(initZeroShot_, &QCheckBox::toggled, this, &ExperimentForm::offerClassText);
  for (QLineEdit* e : {seeds_, name_}) connect(e, &QLineEdit::textChanged, this, changedSignal);
  updateEnabled();
}

QComboBox* ExperimentForm::fileCombo(const QString& noneText) {
  auto* c = new QComboBox(this);
  c->addItem(noneText, QString());
  c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  c->setMinimumContentsLength(12);
  return c;
}

void ExperimentForm::selectData(QComboBox* combo, const QString& value) {
  int i = combo->findData(value);
  if (i < 0) {
    combo->addItem(QFileInfo(value).fileName(), value);
    combo->setItemData(combo->count() - 1, value, Qt::ToolTipRole);
    i = combo->count() - 1;
  }
  combo->setCurrentIndex(i);
}

void ExperimentForm::browse(QComboBox* combo, const QString& title, const QString& filter) {
  const QString file = QFileDialog::getOpenFileName(this, title, browseDir_, filter);
  if (!file.isEmpty()) selectData(combo, file);
}

void ExperimentForm::fillFileCombo(QComboBox* combo, const QStringList& kinds, const QString& source, bool keepNone) {
  const QString current = dataOf(combo);
  const QSignalBlocker block(combo);
  while (combo->count() > (keepNone ? 1 : 0)) combo->removeItem(combo->count() - 1);
  for (const FeatureFileEntry& f : files_) {
    if (!kinds.contains(f.kind)) continue;
    if (!source.isEmpty() && f.source != source) continue;
    combo->addItem(f.label(), f.path);
    combo->setItemData(combo->count() - 1, f.label() + QLatin1Char('\n') + f.path, Qt::ToolTipRole);
  }
  // With no image features at all, the placeholder says where they come from.
  if (combo == image_)
    combo->setItemText(0, combo->count() > 1 ? tr("(choose image features)")
                                             : tr("(none yet: File → Extract Features…)"));
  if (!current.isEmpty())
    selectData(combo, current);
  else if (combo == image_ && combo->count() > 1)
    combo->setCurrentIndex(1);  // a sensible default: the first image file
  else if ((combo == reed_ || combo == llm_) && combo->count() > 1)
    combo->setCurrentIndex(1);
  else if (combo == classText_)
    offerClassText();
}

// Class prompts are chosen only when the setup reads them (zero-shot, or an
// adapter initialized from zero-shot weights): a file the runs do not read
// would still enter their configs and run keys.
void ExperimentForm::offerClassText() {
  if (loading_ || !dataOf(classText_).isEmpty() || classText_->count() < 2) return;
  const QString method = dataOf(method_);
  if (method == QLatin1String("zero_shot") || (method == QLatin1String("adapter") && initZeroShot_->isChecked()))
    classText_->setCurrentIndex(1);
}

void ExperimentForm::fillConverterCombo(const QVector<ConverterEntry>& converters) {
  const QString current = dataOf(converter_);
  const QSignalBlocker block(converter_);
  while (converter_->count() > 1) converter_->removeItem(converter_->count() - 1);  // keeps "Identity"
  auto* model = qobject_cast<QStandardItemModel*>(converter_->model());
  for (const ConverterEntry& c : converters) {
    converter_->addItem(c.label(), c.path);
    const int i = converter_->count() - 1;
    // The label is elided in the narrow form; the tooltip has it whole.
    converter_->setItemData(i, c.label() + QLatin1Char('\n') + c.path, Qt::ToolTipRole);
    // The store may remember a checkpoint whose file was deleted: shown, not choosable.
    if (!c.exists && model) model->item(i)->setEnabled(false);
  }
  if (!current.isEmpty()) selectData(converter_, current);
  if (converter_->currentIndex() < 0) converter_->setCurrentIndex(0);
}

void ExperimentForm::selectConverter(const QString& path) {
  // The same file may be offered under another spelling of its path.
  const QString wanted = QFileInfo(path).canonicalFilePath();
  for (int i = 1; !wanted.isEmpty() && i < converter_->count(); ++i)
    if (QFileInfo(converter_->itemData(i).toString()).canonicalFilePath() == wanted) {
      converter_->setCurrentIndex(i);
      return;
    }
  selectData(converter_, path);
}

QString ExperimentForm::converter() const { return dataOf(converter_); }

void ExperimentForm::setFeatureFiles(const QVector<FeatureFileEntry>& files, const QVector<ConverterEntry>& storeConverters) {
  files_ = files;
  const QString before = imageFeatures() + QLatin1Char('|') + textFeatures();
  fillFileCombo(image_, {QStringLiteral("image")}, {}, true);
  fillFileCombo(reed_, {QStringLiteral("text")}, QStringLiteral("reed"), true);
  fillFileCombo(llm_, {QStringLiteral("text")}, QStringLiteral("llm"), true);
  fillFileCombo(classText_, {QStringLiteral("text")}, QStringLiteral("prompts"), true);
  fillConverterCombo(mergeConverters(storeConverters, files));
  emit changed();
  if (imageFeatures() + QLatin1Char('|') + textFeatures() != before) emit planInputsChanged();
}

QString ExperimentForm::imageFeatures() const { return dataOf(image_); }
QString ExperimentForm::textSource() const { return dataOf(textSource_); }
QString ExperimentForm::textFeatures() const {
  const QString s = textSource();
  if (s == QLatin1String("reed")) return dataOf(reed_);
  if (s == QLatin1String("llm")) return dataOf(llm_);
  return {};
}
QString ExperimentForm::sampling() const { return dataOf(sampling_); }
QString ExperimentForm::captionUse() const { return dataOf(captionUse_); }
double ExperimentForm::valFraction() const { return valFraction_->value(); }

quint64 ExperimentForm::planSeed() const {
  const QVector<qint64> s = seeds();
  return s.isEmpty() ? 0 : quint64(s.first());
}

QVector<qint64> ExperimentForm::seeds(QString* error) const {
  QVector<qint64> out;
  static const QRegularExpression sep(QStringLiteral("[,;\\s]+"));
  for (const QString& part : seeds_->text().split(sep, Qt::SkipEmptyParts)) {
    const int dash = part.indexOf(QLatin1Char('-'), 1);
    bool ok1 = false, ok2 = true;
    const qint64 a = part.left(dash < 0 ? part.size() : dash).toLongLong(&ok1);
    const qint64 b = dash < 0 ? a : part.mid(dash + 1).toLongLong(&ok2);
    if (!ok1 || !ok2 || a < 0 || b < a || b - a > 1000) {
      if (error) *error = tr("seed: '%1' is not a non-negative integer or range like 0-4").arg(part);
      return {};
    }
    for (qint64 s = a; s <= b; ++s)
      if (!out.contains(s)) out.push_back(s);
  }
  if (out.isEmpty() && error) *error = tr("seed: give at least one seed");
  return out;
}

void ExperimentForm::setSeeds(const QVector<qint64>& seeds) {
  QStringList parts;
  for (qint64 s : seeds) parts << QString::number(s);
  seeds_->setText(parts.join(QStringLiteral(", ")));
}

void ExperimentForm::updateEnabled() {
  const QString method = dataOf(method_);
  const bool adapter = method == QLatin1String("adapter");
  const bool trains = method != QLatin1String("zero_shot");
  const bool texts = adapter && textSource() != QLatin1String("none");
  textSource_->setEnabled(adapter);
  captionUse_->setEnabled(texts);
  converter_->setEnabled(texts);
  sampling_->setEnabled(adapter);
  valFraction_->setEnabled(trains);
  for (QWidget* w : std::initializer_list<QWidget*>{epochs_, batch_, lr_, weightDecay_, optimizer_, head_, labelSmoothing_,
                                                     patience_, l2_, initZeroShot_})
    w->setEnabled(trains);
}

json ExperimentForm::toJson() const {
  json j = json::object();
  if (!name_->text().trimmed().isEmpty()) j["name"] = name_->text().trimmed().toStdString();
  const std::string method = dataOf(method_).toStdString();
  j["method"] = method;
  json features = json::object();
  if (!imageFeatures().isEmpty()) features["image"] = imageFeatures().toStdString();
  if (!dataOf(reed_).isEmpty()) features["text"]["reed"] = dataOf(reed_).toStdString();
  if (!dataOf(llm_).isEmpty()) features["text"]["llm"] = dataOf(llm_).toStdString();
  if (!dataOf(classText_).isEmpty()) features["class_text"] = dataOf(classText_).toStdString();
  j["features"] = features;
  j["device"] = dataOf(device_).toStdString();
  if (method == "zero_shot") return j;
  j["val_fraction"] = valFraction();
  json adapter = {{"epochs", epochs_->value()},
                  {"batch_size", batch_->value()},
                  {"lr", lr_->value()},
                  {"weight_decay", weightDecay_->value()},
                  {"optimizer", dataOf(optimizer_).toStdString()},
                  {"head", dataOf(head_).toStdString()},
                  {"label_smoothing", labelSmoothing_->value()},
                  {"early_stopping_patience", patience_->value()},
                  {"l2_normalize", l2_->isChecked()},
                  {"init_from_zero_shot", initZeroShot_->isChecked()}};
  j["adapter"] = adapter;
  if (method == "linear_probe") return j;
  j["text_source"] = textSource().toStdString();
  j["sampling"] = sampling().toStdString();
  j["caption_use"] = captionUse().toStdString();
  if (textSource() != QLatin1String("none")) j["converter"] = dataOf(converter_).toStdString();
  return j;
}

void ExperimentForm::fromJson(const json& c) {
  if (!c.is_object()) return;
  loading_ = true;
  auto str = [&](const char* key, QComboBox* combo) {
    auto it = c.find(key);
    if (it != c.end() && it->is_string()) {
      const int i = combo->findData(QString::fromStdString(it->get<std::string>()));
      if (i >= 0) combo->setCurrentIndex(i);
    }
  };
  if (c.contains("name") && c["name"].is_string()) name_->setText(QString::fromStdString(c["name"].get<std::string>()));
  str("method", method_);
  str("text_source", textSource_);
  str("sampling", sampling_);
  str("caption_use", captionUse_);
  str("device", device_);
  if (c.contains("converter") && c["converter"].is_string())
    selectData(converter_, QString::fromStdString(c["converter"].get<std::string>()));
  if (c.contains("val_fraction") && c["val_fraction"].is_number()) valFraction_->setValue(c["val_fraction"].get<double>());
  if (c.contains("seed") && c["seed"].is_number_integer()) setSeeds({c["seed"].get<qint64>()});
  if (auto f = c.find("features"); f != c.end() && f->is_object()) {
    auto path = [](const json& v) { return QString::fromStdString(v.get<std::string>()); };
    if (f->contains("image") && (*f)["image"].is_string()) selectData(image_, path((*f)["image"]));
    if (f->contains("class_text") && (*f)["class_text"].is_string()) selectData(classText_, path((*f)["class_text"]));
    if (auto t = f->find("text"); t != f->end() && t->is_object()) {
      if (t->contains("reed") && (*t)["reed"].is_string()) selectData(reed_, path((*t)["reed"]));
      if (t->contains("llm") && (*t)["llm"].is_string()) selectData(llm_, path((*t)["llm"]));
    }
  }
  if (auto a = c.find("adapter"); a != c.end() && a->is_object()) {
    auto num = [&](const char* k, auto* spin) {
      if (a->contains(k) && (*a)[k].is_number()) spin->setValue((*a)[k].template get<double>());
    };
    num("epochs", epochs_);
    num("batch_size", batch_);
    num("lr", lr_);
    num("weight_decay", weightDecay_);
    num("label_smoothing", labelSmoothing_);
    num("early_stopping_patience", patience_);
    if (a->contains("l2_normalize") && (*a)["l2_normalize"].is_boolean()) l2_->setChecked((*a)["l2_normalize"].get<bool>());
    if (a->contains("init_from_zero_shot") && (*a)["init_from_zero_shot"].is_boolean())
      initZeroShot_->setChecked((*a)["init_from_zero_shot"].get<bool>());
    for (auto [k, combo] : {std::pair<const char*, QComboBox*>{"optimizer", optimizer_}, {"head", head_}})
      if (a->contains(k) && (*a)[k].is_string()) {
        const int i = combo->findData(QString::fromStdString((*a)[k].get<std::string>()));
        if (i >= 0) combo->setCurrentIndex(i);
      }
  }
  loading_ = false;
  updateEnabled();
  emit changed();
  emit planInputsChanged();
}

}  // namespace plumage::ui
