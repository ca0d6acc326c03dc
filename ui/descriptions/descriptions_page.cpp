#include "ui/descriptions/descriptions_page.h"

#include "ui/descriptions/caption_list_model.h"
#include "ui/descriptions/description_scores_model.h"
#include "ui/common/job.h"
#include "ui/features/feature_extraction.h"
#include "ui/shell/dataset_session.h"
#include "ui/descriptions/description_edit_dialog.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/common/html_delegate.h"
#include "ui/common/image_viewer.h"
#include "ui/shell/loaded_dataset.h"
#include "ui/common/text_markup.h"
#include "ui/descriptions/variant_comparison_model.h"
#include "ui/shell/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageReader>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/data/description_lint.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace plumage::ui {

DescriptionsPage::DescriptionsPage(QWidget* parent) : WorkspacePage(parent) {
  // Top row: class, what its description lacks, highlight toggles and legend.
  classCombo_ = new QComboBox(this);
  classCombo_->setMinimumContentsLength(28);
  classCombo_->setToolTip(tr("Class (Alt+Up / Alt+Down)"));
  auto* prevClass = new QToolButton(this);
  prevClass->setArrowType(Qt::UpArrow);
  prevClass->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
  prevClass->setToolTip(tr("Previous class (Alt+Up)"));
  auto* nextClass = new QToolButton(this);
  nextClass->setArrowType(Qt::DownArrow);
  nextClass->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
  nextClass->setToolTip(tr("Next class (Alt+Down)"));
  missingLabel_ = new QLabel(this);
  colors_ = new QCheckBox(tr("&Colors"), this);
  bodyParts_ = new QCheckBox(tr("Body &parts"), this);
  QSettings s;
  colors_->setChecked(s.value(QStringLiteral("descriptions/colors"), true).toBool());
  bodyParts_->setChecked(s.value(QStringLiteral("descriptions/bodyParts"), true).toBool());
  // Short, so the row fits 1280 px; the tooltip says what each mark means.
  auto* legend = new QLabel(tr("<span style=\"%1\">color</span> · <span style=\"%2\">body part</span> · "
                               "<span style=\"%3\">beyond 77 tokens</span> · "
                               "<span style=\"color:#c62828\">⚑ flagged</span>")
                                .arg(colorWordStyle(), bodyPartStyle(), truncatedStyle()),
                            this);
  legend->setToolTip(tr("Color words and body parts are highlighted; text past CLIP's 77-token context is greyed "
                        "(the model never reads it); ⚑ marks text flagged as non-visual, naming another class, or "
                        "duplicated"));
  tokenizerLabel_ = new QLabel(this);
  tokenizerLabel_->setWordWrap(true);
  tokenizerLabel_->setVisible(false);
  connect(tokenizerLabel_, &QLabel::linkActivated, this, &DescriptionsPage::chooseVocabulary);
  auto* top = new QHBoxLayout;
  auto* classLabel = new QLabel(tr("C&lass:"), this);
  classLabel->setBuddy(classCombo_);
  top->addWidget(classLabel);
  top->addWidget(classCombo_);
  top->addWidget(prevClass);
  top->addWidget(nextClass);
  top->addWidget(missingLabel_, 1);
  top->addWidget(colors_);
  top->addWidget(bodyParts_);
  top->addWidget(legend);

  // Left: the image and its captions.
  auto* left = new QWidget(this);
  canvas_ = new ImageCanvas(left);
  canvas_->setMinimumHeight(200);
  canvas_->setShowBox(false);
  imageInfo_ = new QLabel(left);
  imageInfo_->setWordWrap(true);
  auto* prevImage = new QToolButton(left);
  prevImage->setArrowType(Qt::LeftArrow);
  prevImage->setToolTip(tr("Previous image of this class (Alt+Left)"));
  prevImage->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
  auto* nextImage = new QToolButton(left);
  nextImage->setArrowType(Qt::RightArrow);
  nextImage->setToolTip(tr("Next image of this class (Alt+Right)"));
  nextImage->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
  auto* imageBar = new QHBoxLayout;
  imageBar->addWidget(prevImage);
  imageBar->addWidget(imageInfo_, 1);
  imageBar->addWidget(nextImage);
  captions_ = new CaptionListModel(this);
  captionView_ = new QListView(left);
  captionView_->setModel(captions_);
  captionView_->setItemDelegate(new HtmlDelegate(captionView_));
  captionView_->setWordWrap(true);
  captionView_->setAlternatingRowColors(true);
  captionView_->setResizeMode(QListView::Adjust);
  captionView_->setUniformItemSizes(false);
  captionView_->setAccessibleName(tr("Captions of the image"));
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(canvas_, 2);
  leftLayout->addLayout(imageBar);
  leftLayout->addWidget(new QLabel(tr("<b>Captions of this image</b> (Reed et al.)"), left));
  leftLayout->addWidget(captionView_, 3);

  // Right: variants side by side, review actions, provenance.
  auto* right = new QSplitter(Qt::Vertical, this);
  auto* tablePane = new QWidget(right);
  variants_ = new VariantComparisonModel(this);
  variantTable_ = new QTableView(tablePane);
  variantTable_->setModel(variants_);
  variantTable_->setItemDelegate(new HtmlDelegate(variantTable_));
  variantTable_->setWordWrap(true);
  variantTable_->setSelectionBehavior(QAbstractItemView::SelectColumns);
  variantTable_->setSelectionMode(QAbstractItemView::SingleSelection);
  variantTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  variantTable_->horizontalHeader()->setMinimumSectionSize(220);
  variantTable_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  variantTable_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  variantTable_->setAccessibleName(tr("Description variants"));
  // A light selection keeps the highlighted words readable in the selected column.
  QPalette tablePalette = variantTable_->palette();
  tablePalette.setColor(QPalette::Highlight, QColor(0xdc, 0xe8, 0xf6));
  tablePalette.setColor(QPalette::HighlightedText, tablePalette.color(QPalette::Text));
  variantTable_->setPalette(tablePalette);
  emptyLabel_ = new QLabel(tablePane);
  emptyLabel_->setWordWrap(true);
  emptyLabel_->setAlignment(Qt::AlignCenter);
  approve_ = new QPushButton(tr("&Approve"), tablePane);
  reject_ = new QPushButton(tr("&Reject"), tablePane);
  clear_ = new QPushButton(tr("Clear &Mark"), tablePane);
  edit_ = new QPushButton(tr("&Edit as New Variant…"), tablePane);
  approve_->setToolTip(tr("Training uses approved variants when a class has any"));
  reject_->setToolTip(tr("Rejected variants are never used for training"));
  score_ = new QPushButton(tr("&Score with CLIP"), tablePane);
  score_->setToolTip(tr("Score every description text with the Extract Features CLIP model and the workspace's "
                        "image features of it (computed on training images only)"));
  auto* actions = new QHBoxLayout;
  actions->addWidget(new QLabel(tr("Selected variant:"), tablePane));
  actions->addWidget(approve_);
  actions->addWidget(reject_);
  actions->addWidget(clear_);
  actions->addWidget(edit_);
  actions->addStretch(1);
  actions->addWidget(score_);
  auto* tableLayout = new QVBoxLayout(tablePane);
  tableLayout->setContentsMargins(0, 0, 0, 0);
  tableLayout->addWidget(variantTable_, 1);
  tableLayout->addWidget(emptyLabel_);
  tableLayout->addLayout(actions);
  provenance_ = new QTextBrowser(right);
  provenance_->setOpenLinks(false);
  // Every scored text of every class, worst first; double-click opens it above.
  scoresPane_ = new QWidget(right);
  scoresLabel_ = new QLabel(scoresPane_);
  scoresLabel_->setWordWrap(true);
  scores_ = new DescriptionScoresModel(this);
  scoresProxy_ = new QSortFilterProxyModel(this);
  scoresProxy_->setSourceModel(scores_);
  scoresProxy_->setSortRole(DescriptionScoresModel::SortRole);
  scoresTable_ = new QTableView(scoresPane_);
  scoresTable_->setModel(scoresProxy_);
  scoresTable_->setSortingEnabled(true);
  scoresTable_->sortByColumn(DescriptionScoresModel::Top1, Qt::AscendingOrder);
  scoresTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  scoresTable_->setSelectionMode(QAbstractItemView::SingleSelection);
  scoresTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  scoresTable_->verticalHeader()->setVisible(false);
  scoresTable_->verticalHeader()->setDefaultSectionSize(scoresTable_->fontMetrics().height() + 6);
  scoresTable_->horizontalHeader()->setStretchLastSection(true);
  scoresTable_->setWordWrap(false);
  scoresTable_->setAccessibleName(tr("Description scores, worst first"));
  scoresTable_->setToolTip(tr("Computed on training images only. Double-click a row to open it above."));
  auto* scoresLayout = new QVBoxLayout(scoresPane_);
  scoresLayout->setContentsMargins(0, 0, 0, 0);
  scoresLayout->addWidget(scoresLabel_);
  scoresLayout->addWidget(scoresTable_, 1);
  scoresPane_->setVisible(false);
  right->addWidget(tablePane);
  right->addWidget(scoresPane_);
  right->addWidget(provenance_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  right->setStretchFactor(2, 1);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({340, 940});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(tokenizerLabel_);
  layout->addWidget(split, 1);

  connect(classCombo_, &QComboBox::activated, this, [this](int i) {
    if (workspace_) workspace_->session()->setCurrentClass(i);
  });
  connect(prevClass, &QToolButton::clicked, this, [this] {
    if (workspace_ && label_ > 0) workspace_->session()->setCurrentClass(label_ - 1);
  });
  connect(nextClass, &QToolButton::clicked, this, [this] {
    if (workspace_ && label_ + 1 < classCombo_->count()) workspace_->session()->setCurrentClass(label_ + 1);
  });
  connect(prevImage, &QToolButton::clicked, this, [this] { stepImage(-1); });
  connect(nextImage, &QToolButton::clicked, this, [this] { stepImage(+1); });
  auto markup = [this] {
    variants_->setMarkupOptions(colors_->isChecked(), bodyParts_->isChecked());
    captions_->setMarkupOptions(colors_->isChecked(), bodyParts_->isChecked());
    QSettings st;
    st.setValue(QStringLiteral("descriptions/colors"), colors_->isChecked());
    st.setValue(QStringLiteral("descriptions/bodyParts"), bodyParts_->isChecked());
  };
  connect(colors_, &QCheckBox::toggled, this, markup);
  connect(bodyParts_, &QCheckBox::toggled, this, markup);
  variants_->setMarkupOptions(colors_->isChecked(), bodyParts_->isChecked());
  captions_->setMarkupOptions(colors_->isChecked(), bodyParts_->isChecked());
  connect(variantTable_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    updateProvenance();
    updateActions();
  });
  connect(variants_, &QAbstractItemModel::modelReset, this, [this] {
    const bool any = variants_->columnCount() > 0;
    variantTable_->setVisible(any);
    emptyLabel_->setVisible(!any);
    if (any) variantTable_->selectColumn(variants_->columnCount() - 1);
    updateProvenance();
    updateActions();
  });
  connect(approve_, &QPushButton::clicked, this, [this] { setStatusOfSelected(int(data::ReviewStatus::Approved)); });
  connect(reject_, &QPushButton::clicked, this, [this] { setStatusOfSelected(int(data::ReviewStatus::Rejected)); });
  connect(clear_, &QPushButton::clicked, this, [this] { setStatusOfSelected(int(data::ReviewStatus::None)); });
  connect(edit_, &QPushButton::clicked, this, &DescriptionsPage::editSelected);
  connect(score_, &QPushButton::clicked, this, &DescriptionsPage::scoreWithWorkspaceModel);
  connect(scoresTable_, &QTableView::doubleClicked, this, &DescriptionsPage::openScoreRow);
  connect(&imageWatcher_, &QFutureWatcher<QImage>::finished, this, [this] {
    const QImage img = imageWatcher_.result();
    if (img.isNull()) canvas_->setMessage(tr("Cannot read this image."));
    else canvas_->setImage(img, {});
  });
  connect(&tokenizerWatcher_, &QFutureWatcher<TokenizerLoad>::finished, this, [this] {
    const TokenizerLoad r = tokenizerWatcher_.result();
    counter_ = r.counter;
    tokenizerError_ = r.error;
    tokenizerLabel_->setVisible(!counter_.isLoaded());
    tokenizerLabel_->setText(tr("Token counts unavailable: %1. <a href=\"choose\">Choose the CLIP vocabulary file…</a>")
                                 .arg(tokenizerError_.toHtmlEscaped()));
    variants_->refresh();
    captions_->refresh();
  });
  onDatasetChanged();
}

DescriptionsPage::~DescriptionsPage() {
  tokenizerWatcher_.waitForFinished();
  imageWatcher_.waitForFinished();
}

QIcon DescriptionsPage::pageIcon() const { return style()->standardIcon(QStyle::SP_FileDialogDetailedView); }

void DescriptionsPage::setWorkspace(Workspace* workspace) {
  if (workspace_) workspace_->session()->disconnect(this);
  workspace_ = workspace;
  if (workspace_) {
    DatasetSession* s = workspace_->session();
    connect(s, &DatasetSession::datasetChanged, this, &DescriptionsPage::onDatasetChanged);
    connect(s, &DatasetSession::currentClassChanged, this, &DescriptionsPage::showClass);
    connect(s, &DatasetSession::currentImageChanged, this, &DescriptionsPage::showImage);
    if (!counter_.isLoaded()) loadTokenizer();
  }
  onDatasetChanged();
}

void DescriptionsPage::loadTokenizer() {
  if (tokenizerWatcher_.isRunning()) return;
  const QString dir = workspace_ ? workspace_->root() : QString();
  tokenizerWatcher_.setFuture(QtConcurrent::run([dir] {
    TokenizerLoad r;
    r.counter.load(dir, &r.error);
    return r;
  }));
}

void DescriptionsPage::chooseVocabulary() {
  const QString file = QFileDialog::getOpenFileName(this, tr("CLIP vocabulary"), QString(),
                                                    tr("CLIP BPE vocabulary (*.txt.gz *.txt *.json)"));
  if (file.isEmpty()) return;
  TokenCounter::setUserVocabulary(file);
  loadTokenizer();
}

bool DescriptionsPage::isBusy() const {
  if (tokenizerWatcher_.isRunning() || imageWatcher_.isRunning()) return true;
  if (scoreJob_ && scoreJob_->isRunning()) return true;
  return workspace_ && workspace_->session()->isLoading();
}

void DescriptionsPage::onDatasetChanged() {
  DatasetSession* s = workspace_ ? workspace_->session() : nullptr;
  auto ds = s ? s->dataset() : nullptr;
  classCombo_->clear();
  label_ = image_ = -1;
  // Scores belong to the dataset they were computed for.
  scores_->setScores(nullptr, {});
  variants_->setScores(nullptr);
  scoresPane_->setVisible(false);
  if (ds)
    for (int i = 0; i < int(ds->dataset.classes.size()); ++i) classCombo_->addItem(ds->className(i));
  if (!ds) {
    emptyLabel_->setText(s && s->isLoading() ? tr("Loading…") : tr("No dataset is open."));
    variants_->setClass(nullptr, {}, &counter_);
    captions_->setCaptions({}, &counter_);
    canvas_->setMessage(QString());
    imageInfo_->clear();
    missingLabel_->clear();
    return;
  }
  showClass(s->currentClass() >= 0 ? s->currentClass() : 0);
  if (s->currentImage() >= 0) showImage(s->currentImage());
}

void DescriptionsPage::showClass(int label) {
  DatasetSession* s = workspace_ ? workspace_->session() : nullptr;
  auto ds = s ? s->dataset() : nullptr;
  if (!ds || label < 0 || label >= int(ds->dataset.classes.size())) return;
  label_ = label;
  classCombo_->setCurrentIndex(label);
  const QString key = s->classKey(label);
  DescriptionsDocument* doc = s->descriptions();
  variants_->setClass(doc, key, &counter_);
  variantTable_->resizeRowsToContents();
  if (!doc || !doc->find(key) || doc->find(key)->variants.empty()) {
    emptyLabel_->setText(ds->entry.descriptions.isEmpty() && (!doc || doc->store().classes.empty())
                             ? tr("This dataset has no descriptions file. Add one with File → Add Dataset.")
                             : tr("No description for this class."));
    missingLabel_->setText(doc && !doc->store().classes.empty() ? tr("<b style=\"color:#b05000\">no description</b>")
                                                                : QString());
  } else {
    const QStringList missing = doc->missingFields(key);
    QStringList notes;
    if (!missing.isEmpty())
      notes << tr("<b style=\"color:#b05000\">lacks: %1</b>").arg(missing.join(QStringLiteral(", ")).toHtmlEscaped());
    const QStringList flags = variants_->lintSummary();
    if (!flags.isEmpty())
      notes << tr("<b style=\"color:#c62828\">⚑ %n flag(s)</b>", nullptr, int(flags.size()));
    missingLabel_->setText(notes.join(QStringLiteral(" · ")));
    missingLabel_->setToolTip(flags.join(QLatin1Char('\n')));
  }
  // Show an image of this class: the selected one if it belongs here, else the first.
  const int cur = s->currentImage();
  if (cur >= 0 && ds->dataset.images[std::size_t(cur)].label == label) {
    showImage(cur);
  } else {
    for (int i = 0; i < int(ds->dataset.images.size()); ++i)
      if (ds->dataset.images[std::size_t(i)].label == label) {
        showImage(i);
        break;
      }
  }
}

void DescriptionsPage::showImage(int imageIndex) {
  DatasetSession* s = workspace_ ? workspace_->session() : nullptr;
  auto ds = s ? s->dataset() : nullptr;
  if (!ds || imageIndex < 0 || imageIndex >= int(ds->dataset.images.size()) || imageIndex == image_) return;
  const auto& rec = ds->dataset.images[std::size_t(imageIndex)];
  if (rec.label != label_) {
    showClass(rec.label);  // comes back here with the class shown
    if (image_ == imageIndex) return;
  }
  image_ = imageIndex;
  imageInfo_->setText(tr("%1 · %2 · id %3")
                          .arg(QString::fromStdString(rec.path).section(QLatin1Char('/'), -1),
                               rec.is_train ? tr("train") : tr("test"))
                          .arg(rec.id));
  QStringList caps;
  for (const std::string& c : ds->captions[std::size_t(imageIndex)]) caps << QString::fromStdString(c);
  captions_->setCaptions(caps, &counter_);
  if (caps.isEmpty())
    imageInfo_->setText(imageInfo_->text() + QStringLiteral("<br>") +
                        (ds->hasCaptions ? tr("<i>no captions for this image</i>") : tr("<i>this dataset has no captions folder</i>")));
  const QString path = ds->imagePaths[imageIndex];
  canvas_->setMessage(tr("Loading…"));
  imageWatcher_.setFuture(QtConcurrent::run([path] {
    QImageReader r(path);
    r.setAutoTransform(true);
    const QSize full = r.size();
    if (full.isValid()) r.setScaledSize(full.scaled(480, 480, Qt::KeepAspectRatio).boundedTo(full));
    return r.read();
  }));
}

void DescriptionsPage::stepImage(int delta) {
  DatasetSession* s = workspace_ ? workspace_->session() : nullptr;
  auto ds = s ? s->dataset() : nullptr;
  if (!ds || image_ < 0) return;
  const int n = int(ds->dataset.images.size());
  for (int i = image_ + delta; i >= 0 && i < n; i += delta)
    if (ds->dataset.images[std::size_t(i)].label == label_) {
      showImage(i);
      return;
    }
}

QString DescriptionsPage::selectedVariant() const {
  const QModelIndexList cols = variantTable_->selectionModel()->selectedColumns();
  return cols.isEmpty() ? QString() : variants_->variantId(cols.first().column());
}

void DescriptionsPage::updateActions() {
  DescriptionsDocument* doc = workspace_ ? workspace_->session()->descriptions() : nullptr;
  const data::DescriptionVariant* v = doc ? doc->variant(variants_->className(), selectedVariant()) : nullptr;
  approve_->setEnabled(v && v->status != data::ReviewStatus::Approved);
  reject_->setEnabled(v && v->status != data::ReviewStatus::Rejected);
  clear_->setEnabled(v && v->status != data::ReviewStatus::None);
  edit_->setEnabled(v != nullptr);
}

void DescriptionsPage::updateProvenance() {
  DescriptionsDocument* doc = workspace_ ? workspace_->session()->descriptions() : nullptr;
  const data::DescriptionVariant* v = doc ? doc->variant(variants_->className(), selectedVariant()) : nullptr;
  if (!v) {
    provenance_->clear();
    return;
  }
  const data::Provenance& p = v->provenance;
  auto row = [](const QString& k, const std::string& value) {
    if (value.empty()) return QString();
    return QStringLiteral("<tr><td valign=top><b>%1</b></td><td>%2</td></tr>")
        .arg(k.toHtmlEscaped(), QString::fromStdString(value).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
  };
  QString html = QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(tr("Provenance of variant %1").arg(QString::fromStdString(v->id)).toHtmlEscaped());
  html += row(tr("Review"), data::to_string(v->status));
  html += row(tr("Source"), p.source);
  html += row(tr("Model"), p.model);
  html += row(tr("Created"), p.created);
  if (p.parameters.is_object() && !p.parameters.empty()) html += row(tr("Parameters"), p.parameters.dump());
  html += row(tr("Prompt template"), p.prompt_template);
  html += row(tr("Template hash"), p.prompt_template_hash);
  html += row(tr("Prompt"), p.prompt);
  html += QStringLiteral("</table>");
  if (!p.raw_text.empty())
    html += QStringLiteral("<p><b>%1</b></p><pre style=\"white-space:pre-wrap\">%2</pre>")
                .arg(tr("Raw output").toHtmlEscaped(), QString::fromStdString(p.raw_text).toHtmlEscaped());
  provenance_->setHtml(html);
}

void DescriptionsPage::setStatusOfSelected(int status) {
  DescriptionsDocument* doc = workspace_ ? workspace_->session()->descriptions() : nullptr;
  const QString id = selectedVariant();
  if (!doc || id.isEmpty()) return;
  doc->setStatus(variants_->className(), id, data::ReviewStatus(status));
  // The model was reset by the change; keep the same variant selected.
  for (int c = 0; c < variants_->columnCount(); ++c)
    if (variants_->variantId(c) == id) variantTable_->selectColumn(c);
}

void DescriptionsPage::editSelected() {
  DescriptionsDocument* doc = workspace_ ? workspace_->session()->descriptions() : nullptr;
  const QString id = selectedVariant();
  const data::DescriptionVariant* v = doc ? doc->variant(variants_->className(), id) : nullptr;
  if (!v) return;
  DescriptionEditDialog dlg(*v, doc->store().fields, &counter_, classCombo_->currentText(), this);
  if (dlg.exec() != QDialog::Accepted || !dlg.changed()) return;
  const QString newId = doc->addEditedVariant(variants_->className(), id, dlg.fields(), dlg.sentences());
  for (int c = 0; c < variants_->columnCount(); ++c)
    if (variants_->variantId(c) == newId) variantTable_->selectColumn(c);
  emit statusMessage(tr("Saved as variant %1; %2 is unchanged.").arg(newId, id), 5000);
}

}  // namespace plumage::ui

namespace plumage::ui {

void DescriptionsPage::scoreWithWorkspaceModel() {
  const DatasetEntry* d = workspace_ ? workspace_->currentDataset() : nullptr;
  if (!d) return;
  const QString model = FeatureExtractionSettings::load().modelPath;
  if (model.isEmpty() || !QFileInfo::exists(model)) {
    QMessageBox::information(this, tr("Score Descriptions"),
                             tr("Choose a CLIP model and extract the image features with it first "
                                "(File → Extract Features)."));
    return;
  }
  FeatureExtractionInputs inputs;
  inputs.datasetName = d->name;
  inputs.outputDir = workspace_->featureCacheDir();
  const QString images = featureOutputPath(inputs, model, QStringLiteral("images"));
  if (!QFileInfo::exists(images)) {
    QMessageBox::information(this, tr("Score Descriptions"),
                             tr("No image features of this dataset made with %1 (expected %2). Extract them "
                                "first (File → Extract Features).")
                                 .arg(QFileInfo(model).fileName(), QDir::toNativeSeparators(images)));
    return;
  }
  scoreDescriptions(model, images);
}

void DescriptionsPage::scoreDescriptions(const QString& modelPath, const QString& imageFeatures) {
  DescriptionsDocument* doc = workspace_ ? workspace_->session()->descriptions() : nullptr;
  if (!doc || (scoreJob_ && scoreJob_->isRunning())) return;
  // The worker gets its own copy: edits made meanwhile cannot race with it.
  struct Outcome {
    std::shared_ptr<experiment::DescriptionScores> scores;
    QHash<QString, QStringList> flags;
  };
  auto store = std::make_shared<const data::DescriptionStore>(doc->store());
  auto out = std::make_shared<Outcome>();
  experiment::DescriptionScoreParams p;
  p.model_path = modelPath.toStdString();
  p.image_path = imageFeatures.toStdString();
  scoreJob_ = new Job(tr("Scoring descriptions"), [p, store, out](JobContext& ctx) mutable {
    p.descriptions = store.get();
    p.cancel = ctx.cancelFlag();
    p.progress = [&ctx](int64_t done, int64_t total) {
      ctx.progress(done, total, DescriptionsPage::tr("Encoding description texts"));
    };
    out->scores = std::make_shared<experiment::DescriptionScores>(experiment::score_descriptions(p));
    // The lint's flags of every class, beside the scores (the page lints only the class it shows).
    for (const data::LintFlag& f : data::lint_descriptions(*store, data::LintRules::builtin()))
      if (f.kind != data::LintKind::MissingField)
        out->flags[DescriptionScoresModel::flagKey(f.class_name, f.variant_id, f.field)]
            << QString::fromStdString(f.detail);
    return QVariant(true);
  }, this);
  connect(scoreJob_, &Job::succeeded, this, [this, out] {
    QHash<QString, QString> names;
    if (workspace_)
      if (auto ds = workspace_->session()->dataset())
        for (int i = 0; i < int(ds->dataset.classes.size()); ++i)
          names.insert(workspace_->session()->classKey(i), ds->className(i));
    scores_->setScores(out->scores, out->flags, names);
    variants_->setScores(out->scores);
    variantTable_->resizeRowsToContents();
    showScores();
  });
  connect(scoreJob_, &Job::failed, this,
          [this](const QString& message) { QMessageBox::warning(this, tr("Score Descriptions"), message); });
  connect(scoreJob_, &Job::finished, this, [this] { score_->setEnabled(true); });
  connect(scoreJob_, &Job::finished, scoreJob_, &QObject::deleteLater);
  score_->setEnabled(false);
  emit jobStarted(scoreJob_);
  scoreJob_->start();
}

void DescriptionsPage::showScores() {
  const auto s = scores_->scores();
  scoresPane_->setVisible(s != nullptr);
  if (!s) return;
  scoresLabel_->setText(tr("<b>Scores, worst first across all classes</b> — computed on training images only "
                           "(%1 texts; %2)")
                            .arg(s->rows.size())
                            .arg(QString::fromStdString(s->model).toHtmlEscaped()));
  scoresLabel_->setToolTip(QString::fromStdString(s->image_file) + QLatin1Char('\n') +
                           QString::fromStdString(s->image_hash));
  scoresTable_->sortByColumn(DescriptionScoresModel::Top1, Qt::AscendingOrder);
  scoresTable_->resizeColumnsToContents();
  for (int c : {int(DescriptionScoresModel::Class), int(DescriptionScoresModel::ConfusedWith),
                int(DescriptionScoresModel::Flags)})
    scoresTable_->setColumnWidth(c, std::min(scoresTable_->columnWidth(c), 260));
  // The variant table keeps the larger share; the provenance the smallest.
  if (auto* split = qobject_cast<QSplitter*>(scoresPane_->parentWidget())) {
    const int h = split->height();
    split->setSizes({h * 5 / 10, h * 4 / 10, h / 10});
  }
}

void DescriptionsPage::openScoreRow(const QModelIndex& proxyIndex) {
  DatasetSession* s = workspace_ ? workspace_->session() : nullptr;
  auto ds = s ? s->dataset() : nullptr;
  if (!ds || !proxyIndex.isValid()) return;
  const QModelIndex i = scoresProxy_->mapToSource(proxyIndex);
  const QString key = scores_->data(i, DescriptionScoresModel::ClassKeyRole).toString();
  const QString variant = scores_->data(i, DescriptionScoresModel::VariantIdRole).toString();
  for (int label = 0; label < int(ds->dataset.classes.size()); ++label)
    if (s->classKey(label) == key) {
      s->setCurrentClass(label);
      break;
    }
  for (int c = 0; c < variants_->columnCount(); ++c)
    if (variants_->variantId(c) == variant) variantTable_->selectColumn(c);
}

}  // namespace plumage::ui
