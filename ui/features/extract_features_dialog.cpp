#include "ui/features/extract_features_dialog.h"

#include "core/experiment/engine_types.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace plumage::ui {

ExtractFeaturesDialog::ExtractFeaturesDialog(const FeatureExtractionInputs& inputs,
                                             const FeatureExtractionSettings& settings, QWidget* parent)
    : QDialog(parent), inputs_(inputs) {
  setWindowTitle(tr("Extract Features — %1").arg(inputs.datasetName));

  model_ = new QLineEdit(settings.modelPath);
  model_->setObjectName(QStringLiteral("modelPath"));
  model_->setPlaceholderText(tr("CLIP weights: OpenAI .pt, safetensors, or a Hugging Face folder"));
  auto* browse = new QPushButton(tr("Browse…"));
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(model_, 1);
  modelRow->addWidget(browse);

  const auto part = [](const QString& text, const QString& path, const QString& missing, bool on) {
    auto* box = new QCheckBox(text);
    box->setEnabled(!path.isEmpty());
    box->setChecked(on && !path.isEmpty());
    box->setToolTip(path.isEmpty() ? missing : QDir::toNativeSeparators(path));
    return box;
  };
  images_ = part(tr("&Images"), inputs.datasetRoot, tr("No dataset is open."), settings.images);
  captions_ = part(tr("Reed &captions"), inputs.captionsDir, tr("This dataset has no Reed captions folder."),
                   settings.captions);
  descriptions_ = part(tr("Class &descriptions"), inputs.descriptionsFile,
                       tr("This dataset has no descriptions."), settings.descriptions);
  prompts_ = part(tr("Class &prompts (for the zero-shot baseline)"), inputs.datasetRoot,
                  tr("No dataset is open."), settings.prompts);
  if (!inputs.datasetRoot.isEmpty()) {
    QStringList templates;
    for (const std::string& t : experiment::ZeroShotConfig{}.templates) templates << QString::fromStdString(t);
    prompts_->setToolTip(tr("Each class named in: %1").arg(templates.join(QStringLiteral(" | "))));
  }
  coco_ = new QCheckBox(tr("C&OCO caption pairs (to train a converter)"));
  coco_->setObjectName(QStringLiteral("coco"));
  coco_->setChecked(settings.coco);
  coco_->setToolTip(tr("A COCO captions file and its images: image features with the COCO image ids (no "
                       "classes) and caption features paired with them by id. Images missing on disk are "
                       "reported and left out."));
  cocoCaptions_ = new QLineEdit(settings.cocoCaptions);
  cocoCaptions_->setObjectName(QStringLiteral("cocoCaptions"));
  cocoCaptions_->setPlaceholderText(tr("captions_train2017.json or captions_val2017.json"));
  cocoImages_ = new QLineEdit(settings.cocoImages);
  cocoImages_->setObjectName(QStringLiteral("cocoImages"));
  cocoImages_->setPlaceholderText(tr("Image folder (empty: train2017/ or val2017/ beside the captions file)"));
  auto* browseCaptions = new QPushButton(tr("Browse…"));
  auto* browseImages = new QPushButton(tr("Browse…"));
  auto* cocoRow = new QHBoxLayout;
  cocoRow->addWidget(cocoCaptions_, 1);
  cocoRow->addWidget(browseCaptions);
  auto* cocoImagesRow = new QHBoxLayout;
  cocoImagesRow->addWidget(cocoImages_, 1);
  cocoImagesRow->addWidget(browseImages);
  tokens_ = new QCheckBox(tr("Keep per-token text outputs (a Q-Former converter needs them; larger files)"));
  tokens_->setChecked(settings.tokens);
  descriptionUnit_ = new QComboBox;
  descriptionUnit_->setObjectName(QStringLiteral("descriptionUnit"));
  descriptionUnit_->addItem(tr("One text per description (cut at 77 tokens)"), false);
  descriptionUnit_->addItem(tr("One text per field (each within 77 tokens)"), true);
  descriptionUnit_->setCurrentIndex(settings.descriptionsPerField ? 1 : 0);
  descriptionUnit_->setToolTip(tr("A whole structured description is usually longer than CLIP's 77 tokens; "
                                  "per field, every field is encoded in full. The choice is recorded in the "
                                  "feature file and shown on the Setup page."));

  device_ = new QComboBox;
  device_->addItem(tr("Automatic (CUDA when available)"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
  device_->setCurrentIndex(std::max(0, device_->findData(settings.device)));
  batch_ = new QSpinBox;
  batch_->setRange(1, 1024);
  batch_->setValue(settings.imageBatch);

  outputs_ = new QLabel;
  outputs_->setWordWrap(true);
  outputs_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  problem_ = new QLabel;
  problem_->setObjectName(QStringLiteral("problem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #b00020"));

  auto* form = new QFormLayout;
  auto* modelLabel = new QLabel(tr("CLIP &model:"));
  modelLabel->setBuddy(model_);
  form->addRow(modelLabel, modelRow);
  auto* parts = new QVBoxLayout;
  for (QCheckBox* b : {images_, captions_, descriptions_, prompts_, coco_, tokens_}) parts->addWidget(b);
  form->addRow(tr("Extract:"), parts);
  form->addRow(tr("COCO ca&ptions:"), cocoRow);
  form->addRow(tr("COCO ima&ges:"), cocoImagesRow);
  form->addRow(tr("Desc&riptions as:"), descriptionUnit_);
  form->addRow(tr("De&vice:"), device_);
  form->addRow(tr("Image &batch:"), batch_);
  form->addRow(tr("Files:"), outputs_);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons_->addButton(tr("&Extract"), QDialogButtonBox::AcceptRole);
  connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
    revalidate();
    if (!steps_.isEmpty()) accept();
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addStretch();
  layout->addWidget(buttons_);
  resize(640, sizeHint().height());

  connect(browse, &QPushButton::clicked, this, &ExtractFeaturesDialog::browseModel);
  connect(model_, &QLineEdit::textChanged, this, &ExtractFeaturesDialog::revalidate);
  for (QCheckBox* b : {images_, captions_, descriptions_, prompts_, coco_})
    connect(b, &QCheckBox::toggled, this, &ExtractFeaturesDialog::revalidate);
  for (QLineEdit* e : {cocoCaptions_, cocoImages_})
    connect(e, &QLineEdit::textChanged, this, &ExtractFeaturesDialog::revalidate);
  connect(browseCaptions, &QPushButton::clicked, this, &ExtractFeaturesDialog::browseCoco);
  connect(browseImages, &QPushButton::clicked, this, &ExtractFeaturesDialog::browseCocoImages);
  connect(descriptionUnit_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ExtractFeaturesDialog::revalidate);
  revalidate();
}

FeatureExtractionSettings ExtractFeaturesDialog::settings() const {
  FeatureExtractionSettings s;
  s.modelPath = model_->text().trimmed();
  s.images = images_->isChecked();
  s.captions = captions_->isChecked();
  s.descriptions = descriptions_->isChecked();
  s.prompts = prompts_->isChecked();
  s.tokens = tokens_->isChecked();
  s.coco = coco_->isChecked();
  s.cocoCaptions = cocoCaptions_->text().trimmed();
  s.cocoImages = cocoImages_->text().trimmed();
  s.descriptionsPerField = descriptionUnit_->currentData().toBool();
  s.device = device_->currentData().toString();
  s.imageBatch = batch_->value();
  return s;
}

void ExtractFeaturesDialog::browseModel() {
  const QString start =
      model_->text().isEmpty() ? QDir::homePath() : QFileInfo(model_->text()).absolutePath();
  const QString file = QFileDialog::getOpenFileName(
      this, tr("CLIP Model"), start, tr("CLIP weights (*.pt *.safetensors *.bin *.pth);;All files (*)"));
  if (!file.isEmpty()) model_->setText(file);
}

void ExtractFeaturesDialog::browseCoco() {
  const QString start =
      cocoCaptions_->text().isEmpty() ? QDir::homePath() : QFileInfo(cocoCaptions_->text()).absolutePath();
  const QString file = QFileDialog::getOpenFileName(this, tr("COCO Captions"), start,
                                                    tr("COCO captions (captions_*.json);;JSON (*.json)"));
  if (!file.isEmpty()) cocoCaptions_->setText(file);
}

void ExtractFeaturesDialog::browseCocoImages() {
  const QString start =
      cocoCaptions_->text().isEmpty() ? QDir::homePath() : QFileInfo(cocoCaptions_->text()).absolutePath();
  const QString dir = QFileDialog::getExistingDirectory(this, tr("COCO Images"), start);
  if (!dir.isEmpty()) cocoImages_->setText(dir);
}

void ExtractFeaturesDialog::revalidate() {
  QString error;
  steps_ = planFeatureExtraction(settings(), inputs_, &error);
  problem_->setText(error);
  problem_->setVisible(!error.isEmpty());
  QStringList files;
  for (const FeatureExtractionStep& s : steps_) {
    files << QFileInfo(s.outPath).fileName();
    if (!s.textOutPath.isEmpty()) files << QFileInfo(s.textOutPath).fileName();
  }
  outputs_->setText(
      files.isEmpty()
          ? tr("(none)")
          : tr("%1\nin %2").arg(files.join(QLatin1Char('\n')), QDir::toNativeSeparators(inputs_.outputDir)));
  tokens_->setEnabled(captions_->isChecked() || descriptions_->isChecked() || coco_->isChecked());
  cocoCaptions_->setEnabled(coco_->isChecked());
  cocoImages_->setEnabled(coco_->isChecked());
  descriptionUnit_->setEnabled(descriptions_->isChecked());
  for (QAbstractButton* b : buttons_->buttons())
    if (buttons_->buttonRole(b) == QDialogButtonBox::AcceptRole) b->setEnabled(!steps_.isEmpty());
}

}  // namespace plumage::ui
