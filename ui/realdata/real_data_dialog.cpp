#include "ui/realdata/real_data_dialog.h"

#include "ui/common/job.h"
#include "ui/shell/workspace.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

namespace plumage::ui {
namespace {

const char* const kSettingsKeys[] = {"realData/cub", "realData/reed", "realData/cocoCaptions", "realData/clip",
                                     "realData/apiKeyVariable"};
const char* const kCocoImagesKey = "realData/cocoImages";

}  // namespace

RealDataDialog::RealDataDialog(Workspace* workspace, QWidget* parent) : QDialog(parent), workspace_(workspace) {
  setObjectName(QStringLiteral("realDataDialog"));
  lines_.resize(ItemCount);
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  auto* body = new QWidget;
  auto* bodyLayout = new QVBoxLayout(body);
  bodyLayout->addWidget(intro_);
  for (int i = 0; i < ItemCount; ++i) {
    buildLine(Item(i));
    auto* frame = new QFrame(body);
    frame->setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(frame);
    const Line& l = lines_[i];
    grid->addWidget(l.title, 0, 0, 1, 2);
    grid->addWidget(l.source, 1, 0, 1, 2);
    grid->addWidget(l.path, 2, 0);
    if (l.browse) grid->addWidget(l.browse, 2, 1);
    if (l.extra) {
      grid->addWidget(l.extra, 3, 0);
      grid->addWidget(l.browseExtra, 3, 1);
    }
    grid->addWidget(l.status, 4, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    bodyLayout->addWidget(frame);
  }
  addCub_ = new QPushButton(body);
  addCub_->setObjectName(QStringLiteral("addCubButton"));
  addStatus_ = new QLabel(body);
  addStatus_->setWordWrap(true);
  auto* addRow = new QHBoxLayout;
  addRow->addWidget(addCub_);
  addRow->addWidget(addStatus_, 1);
  bodyLayout->addLayout(addRow);
  nextSteps_ = new QLabel(body);
  nextSteps_->setWordWrap(true);
  nextSteps_->setOpenExternalLinks(true);
  nextSteps_->setTextInteractionFlags(Qt::TextBrowserInteraction);
  bodyLayout->addWidget(nextSteps_);
  bodyLayout->addStretch(1);

  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(body);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  close_ = buttons->button(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(addCub_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!addCubToWorkspace(&error)) addStatus_->setText(error);
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(scroll, 1);
  layout->addWidget(buttons);
  retranslateUi();
  resize(900, 720);  // scrolls rather than outgrow a 1280 × 800 screen

  // Remembered choices are checked again: the files may have moved since.
  QSettings s;
  lines_[ApiKey].path->setText(s.value(QLatin1String(kSettingsKeys[ApiKey]), QStringLiteral("OPENAI_API_KEY")).toString());
  lines_[Coco].extra->setText(s.value(QLatin1String(kCocoImagesKey)).toString());
  for (int i = 0; i < ItemCount; ++i)
    if (i != ApiKey) lines_[i].path->setText(s.value(QLatin1String(kSettingsKeys[i])).toString());
  for (int i = 0; i < ItemCount; ++i) check(Item(i));
}

RealDataDialog::~RealDataDialog() {
  for (Line& l : lines_)
    if (l.job) l.job->disconnect(this);  // ~Job (a child) cancels and waits
}

void RealDataDialog::buildLine(Item item) {
  Line& l = lines_[item];
  l.title = new QLabel(this);
  l.title->setStyleSheet(QStringLiteral("font-weight: bold"));
  l.source = new QLabel(this);
  l.source->setWordWrap(true);
  l.source->setTextInteractionFlags(Qt::TextSelectableByMouse);
  l.path = new QLineEdit(this);
  l.path->setObjectName(QStringLiteral("realDataPath%1").arg(int(item)));
  l.status = new QLabel(this);
  l.status->setObjectName(QStringLiteral("realDataStatus%1").arg(int(item)));
  l.status->setWordWrap(true);
  l.status->setTextFormat(Qt::PlainText);
  l.status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  if (item != ApiKey) {
    l.browse = new QPushButton(this);
    connect(l.browse, &QPushButton::clicked, this, [this, item] { browse(item, false); });
  }
  if (item == Coco) {
    l.extra = new QLineEdit(this);
    l.browseExtra = new QPushButton(this);
    connect(l.browseExtra, &QPushButton::clicked, this, [this] { browse(Coco, true); });
    connect(l.extra, &QLineEdit::editingFinished, this, [this] {
      if (lines_[Coco].extra->isModified()) check(Coco);
    });
  }
  connect(l.path, &QLineEdit::editingFinished, this, [this, item] {
    if (lines_[item].path->isModified()) check(item);
  });
}

void RealDataDialog::retranslateUi() {
  setWindowTitle(tr("Real Experiment"));
  intro_->setText(tr("The demo workspace runs every step on a small generated dataset. The study itself needs the "
                     "files below; Plumage never downloads anything. Choose each one where you keep it: it is checked "
                     "at once, with the same checks the rest of Plumage uses, and remembered."));
  const QString titles[ItemCount] = {tr("CUB-200-2011 (the birds: images, classes, train/test split)"),
                                     tr("Reed et al. captions (text source “+ Reed”)"),
                                     tr("MS-COCO 2017 captions (stage 1: training the text→image converter)"),
                                     tr("CLIP ViT-B/16 checkpoint"),
                                     tr("LLM API key (text source “+ LLM”)")};
  const QString sources[ItemCount] = {
      tr("From Caltech: https://www.vision.caltech.edu/datasets/cub_200_2011/ (CUB_200_2011.tgz). Unpack it and "
         "choose the CUB_200_2011 folder (images.txt, classes.txt, images/). Disk: 1.2 GB."),
      tr("From Reed et al., “Learning Deep Representations of Fine-Grained Visual Descriptions”, CVPR 2016: "
         "https://github.com/reedscot/cvpr2016, the CUB captions download (cvpr2016_cub). Choose its text_c10 "
         "folder (10 captions per image); it is matched to the CUB folder above. Disk: 60 MB."),
      tr("From https://cocodataset.org/#download: 2017 Train images (train2017/), 2017 Val images (val2017/) and "
         "2017 Train/Val annotations (annotations/captions_train2017.json, captions_val2017.json). Choose a "
         "captions file; its image folder is found beside it (../train2017) or chosen on the second line. "
         "Disk: 19 GB, plus about 47 GB for the per-token caption features made from it later."),
      tr("Any format Plumage loads: OpenAI's ViT-B-16.pt (its URL is listed in clip/clip.py of "
         "https://github.com/openai/CLIP), an open_clip checkpoint (.pt or .safetensors), or Hugging Face "
         "openai/clip-vit-base-patch16 (its model.safetensors, beside config.json). "
         "Disk: 335 MB (OpenAI, fp16) to 600 MB (Hugging Face, fp32)."),
      tr("For the class descriptions: a key for an OpenAI-compatible chat-completions endpoint, read from the "
         "environment variable named here. Not needed when you import published descriptors instead "
         "(plumage-cli descriptions import). Disk: under 1 MB of descriptions.")};
  for (int i = 0; i < ItemCount; ++i) {
    Line& l = lines_[i];
    l.title->setText(titles[i]);
    l.source->setText(sources[i]);
    if (l.browse) l.browse->setText(tr("Choose…"));
    if (l.result.state == RealDataCheck::State::Empty && !(l.job && l.job->isRunning())) showResult(Item(i), l.result);
  }
  lines_[Cub].path->setPlaceholderText(tr("CUB_200_2011 folder"));
  lines_[Reed].path->setPlaceholderText(tr("text_c10 folder"));
  lines_[Coco].path->setPlaceholderText(tr("annotations/captions_train2017.json (or captions_val2017.json)"));
  lines_[Coco].extra->setPlaceholderText(tr("image folder (optional: train2017/ or val2017/ beside the annotations)"));
  lines_[Coco].browseExtra->setText(tr("Choose…"));
  lines_[Clip].path->setPlaceholderText(tr("ViT-B-16.pt, open_clip file, or Hugging Face model folder"));
  lines_[ApiKey].path->setPlaceholderText(tr("environment variable, e.g. OPENAI_API_KEY"));
  addCub_->setText(tr("Add CUB as a Dataset of This Workspace"));
  updateAddButton();
  const QString guide =
      QDir(QStringLiteral(PLUMAGE_SOURCE_PRESETS_DIR "/../../docs")).absoluteFilePath(QStringLiteral("reproduce.md"));
  const QString link = QFileInfo::exists(guide)
                           ? QStringLiteral("<a href=\"%1\">docs/reproduce.md</a>")
                                 .arg(QUrl::fromLocalFile(guide).toString().toHtmlEscaped())
                           : QStringLiteral("docs/reproduce.md");
  nextSteps_->setText(tr("Next steps: %1 (in Plumage's sources) lists what to run, as commands and as dialogs, "
                         "from these files to the study's table and ratio figure, with times and disk use.")
                          .arg(link));
}

void RealDataDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDialog::changeEvent(event);
}

void RealDataDialog::browse(Item item, bool extra) {
  QLineEdit* edit = extra ? lines_[item].extra : lines_[item].path;
  const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
  QString path;
  if (extra || item == Cub || item == Reed)
    path = QFileDialog::getExistingDirectory(this, lines_[item].title->text(), start);
  else if (item == Coco)
    path = QFileDialog::getOpenFileName(this, lines_[item].title->text(), start, tr("COCO captions (captions_*.json);;JSON files (*.json)"));
  else
    path = QFileDialog::getOpenFileName(this, lines_[item].title->text(), start,
                                        tr("CLIP checkpoints (*.pt *.bin *.safetensors);;All files (*)"));
  if (path.isEmpty()) return;
  if (extra) {
    setCocoImageDir(QDir::toNativeSeparators(path));
  } else {
    setChoice(item, QDir::toNativeSeparators(path));
  }
}

void RealDataDialog::setChoice(Item item, const QString& path) {
  lines_[item].path->setText(path);
  check(item);
}

void RealDataDialog::setCocoImageDir(const QString& dir) {
  lines_[Coco].extra->setText(dir);
  check(Coco);
}

QString RealDataDialog::choice(Item item) const { return lines_[item].path->text().trimmed(); }
RealDataCheck RealDataDialog::result(Item item) const { return lines_[item].result; }
QString RealDataDialog::resultText(Item item) const { return lines_[item].status->text(); }

bool RealDataDialog::isChecking() const {
  for (const Line& l : lines_)
    if (l.job && l.job->isRunning()) return true;
  return false;
}

void RealDataDialog::check(Item item) {
  Line& l = lines_[item];
  l.path->setModified(false);
  if (l.extra) l.extra->setModified(false);
  if (l.job) {
    l.job->disconnect(this);
    l.job->cancel();
    l.job->deleteLater();
  }
  remember();
  const QString path = choice(item);
  if (item == Reed && !path.isEmpty() && lines_[Cub].job && lines_[Cub].job->isRunning()) {
    l.result = {};
    l.status->setStyleSheet({});
    l.status->setText(tr("Waiting for the CUB folder's check (the captions are matched to its images) …"));
    return;  // the CUB check's outcome checks this line
  }
  if (item == ApiKey || path.isEmpty()) {  // nothing to read from disk
    showResult(item, item == ApiKey ? RealDataChecks::apiKey(path) : RealDataCheck{});
    if (item == Cub && !choice(Reed).isEmpty()) check(Reed);
    return;
  }
  Job::Work work;
  const QString cub = choice(Cub), extra = l.extra ? l.extra->text().trimmed() : QString();
  switch (item) {
    case Cub:
      work = [path](JobContext& ctx) {
        return QVariant::fromValue(RealDataChecks::cub(path, [&ctx](qint64 d, qint64 t) {
          ctx.throwIfCancelled();
          ctx.progress(d, t);
        }));
      };
      break;
    case Reed: work = [path, cub](JobContext&) { return QVariant::fromValue(RealDataChecks::reed(path, cub)); }; break;
    case Coco: work = [path, extra](JobContext&) { return QVariant::fromValue(RealDataChecks::coco(path, extra)); }; break;
    default: work = [path](JobContext&) { return QVariant::fromValue(RealDataChecks::clip(path)); }; break;
  }
  l.result = {};
  l.status->setStyleSheet({});
  l.status->setText(tr("Checking %1 …").arg(path));
  l.job = new Job(tr("Checking %1").arg(path), std::move(work), this);
  connect(l.job, &Job::progressChanged, this, [this, item, path](qint64 d, qint64 t, const QString&) {
    lines_[item].status->setText(
        tr("Checking %1 … %2 of %3 images read").arg(path, RealDataChecks::count(d), RealDataChecks::count(t)));
  });
  connect(l.job, &Job::succeeded, this, [this, item](const QVariant& v) {
    showResult(item, v.value<RealDataCheck>());
    if (item == Cub && !choice(Reed).isEmpty()) check(Reed);  // Reed is matched to this CUB
  });
  connect(l.job, &Job::failed, this, [this, item](const QString& e) {
    RealDataCheck r;
    r.state = RealDataCheck::State::Problem;
    r.summary = e;
    showResult(item, r);
    if (item == Cub && !choice(Reed).isEmpty()) check(Reed);
  });
  connect(l.job, &Job::finished, l.job, &QObject::deleteLater);
  l.job->start();
}

void RealDataDialog::showResult(Item item, const RealDataCheck& r) {
  Line& l = lines_[item];
  l.result = r;
  QString text, color;
  switch (r.state) {
    case RealDataCheck::State::Empty: text = tr("Not chosen yet."); break;
    case RealDataCheck::State::Ok: text = tr("✔ %1").arg(r.summary); color = QStringLiteral("#1a7f37"); break;
    case RealDataCheck::State::Warning: text = tr("⚠ %1").arg(r.summary); color = QStringLiteral("#9a6700"); break;
    case RealDataCheck::State::Problem: text = tr("✖ %1").arg(r.summary); color = QStringLiteral("#cf222e"); break;
  }
  l.status->setText(text);
  l.status->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1").arg(color));
  l.status->setToolTip(r.details.mid(0, 20).join(QLatin1Char('\n')));
  if (item == Cub || item == Reed) updateAddButton();
}

void RealDataDialog::remember() const {
  QSettings s;
  for (int i = 0; i < ItemCount; ++i) s.setValue(QLatin1String(kSettingsKeys[i]), lines_[i].path->text().trimmed());
  s.setValue(QLatin1String(kCocoImagesKey), lines_[Coco].extra->text().trimmed());
}

void RealDataDialog::updateAddButton() {
  addCub_->setEnabled(workspace_ && lines_[Cub].result.ok());
  if (!workspace_) addCub_->setToolTip(tr("Open or create a workspace first (File menu)."));
  else addCub_->setToolTip(tr("Registers the checked CUB folder (and the Reed folder when it checked too) in %1.")
                               .arg(workspace_->name()));
}

bool RealDataDialog::addCubToWorkspace(QString* error) {
  if (!workspace_) {
    *error = tr("Open or create a workspace first (File menu).");
    return false;
  }
  if (!lines_[Cub].result.ok()) {
    *error = tr("Choose a CUB folder that checks first.");
    return false;
  }
  DatasetEntry e;
  e.root = QFileInfo(choice(Cub)).absoluteFilePath();
  e.name = QFileInfo(e.root).fileName();
  if (lines_[Reed].result.ok()) e.captionsDir = QFileInfo(choice(Reed)).absoluteFilePath();
  // Re-adding under the same name keeps its descriptions (and the workspace's edited copy of them).
  for (const DatasetEntry& old : workspace_->datasets())
    if (old.name == e.name) {
      e.descriptions = old.descriptions;
      e.descriptionsFormat = old.descriptionsFormat;
    }
  if (!workspace_->addDataset(e, error)) return false;
  addStatus_->setText(tr("Added “%1” to workspace %2; it is now the open dataset.").arg(e.name, workspace_->name()));
  return true;
}

}  // namespace plumage::ui
