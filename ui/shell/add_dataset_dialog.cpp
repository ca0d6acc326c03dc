#include "ui/shell/add_dataset_dialog.h"

#include "ui/common/diagnostics_view.h"
#include "ui/common/job.h"
#include "ui/shell/loaded_dataset.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace plumage::ui {

AddDatasetDialog::AddDatasetDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Add Dataset"));
  name_ = new QLineEdit(this);
  root_ = new QLineEdit(this);
  root_->setPlaceholderText(tr("CUB-200-2011 layout folder (images.txt, classes.txt, …) or a manifest"));
  captions_ = new QLineEdit(this);
  captions_->setPlaceholderText(tr("optional: Reed et al. text_c10 folder"));
  descriptions_ = new QLineEdit(this);
  descriptions_->setPlaceholderText(tr("optional: descriptions JSON"));
  format_ = new QComboBox(this);
  format_->addItem(tr("Detect"), QStringLiteral("auto"));
  format_->addItem(tr("Plumage descriptions"), QStringLiteral("plumage"));
  format_->addItem(tr("Menon & Vondrick descriptors"), QStringLiteral("menon"));
  format_->addItem(tr("CuPL sentences"), QStringLiteral("cupl"));

  auto row = [this](QLineEdit* edit, QWidget* extra) {
    auto* w = new QWidget(this);
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(edit, 1);
    l->addWidget(extra);
    return w;
  };
  auto* form = new QFormLayout;
  form->addRow(tr("&Dataset:"), row(root_, browseButton(root_, true, tr("Dataset folder"))));
  form->addRow(tr("&Captions:"), row(captions_, browseButton(captions_, true, tr("Captions folder (text_c10)"))));
  auto* descRow = row(descriptions_, browseButton(descriptions_, false, tr("Descriptions file")));
  descRow->layout()->addWidget(format_);
  form->addRow(tr("D&escriptions:"), descRow);
  form->addRow(tr("&Name:"), name_);

  checkButton_ = new QPushButton(tr("C&heck"), this);
  progress_ = new QProgressBar(this);
  progress_->setVisible(false);
  summary_ = new QLabel(tr("Check the dataset to see what it holds."), this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  warnings_ = new DiagnosticsView(this);
  auto* checkRow = new QHBoxLayout;
  checkRow->addWidget(checkButton_);
  checkRow->addWidget(progress_, 1);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  QPushButton* add = buttons_->addButton(tr("&Add"), QDialogButtonBox::AcceptRole);
  add->setEnabled(false);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(checkButton_, &QPushButton::clicked, this, &AddDatasetDialog::check);
  for (QLineEdit* e : {root_, captions_, descriptions_})
    connect(e, &QLineEdit::textChanged, this, &AddDatasetDialog::inputsChanged);
  connect(format_, &QComboBox::currentIndexChanged, this, &AddDatasetDialog::inputsChanged);
  connect(name_, &QLineEdit::textEdited, this, [this] {
    nameEdited_ = true;
    buttons_->buttons().last()->setEnabled(checkedOk_ && !name_->text().trimmed().isEmpty());
  });

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(checkRow);
  layout->addWidget(summary_);
  layout->addWidget(new QLabel(tr("Warnings:"), this));
  layout->addWidget(warnings_, 1);
  layout->addWidget(buttons_);
  resize(860, 560);
}

AddDatasetDialog::~AddDatasetDialog() = default;

QPushButton* AddDatasetDialog::browseButton(QLineEdit* target, bool directory, const QString& title) {
  auto* b = new QPushButton(tr("Browse…"), this);
  connect(b, &QPushButton::clicked, this, [this, target, directory, title] {
    const QString start = target->text().isEmpty() ? root_->text() : target->text();
    const QString path = directory ? QFileDialog::getExistingDirectory(this, title, start)
                                   : QFileDialog::getOpenFileName(this, title, start, tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty()) target->setText(QDir::toNativeSeparators(path));
  });
  return b;
}

DatasetEntry AddDatasetDialog::entry() const {
  DatasetEntry e;
  e.name = name_->text().trimmed();
  auto abs = [](const QString& p) { return p.trimmed().isEmpty() ? QString() : QFileInfo(p.trimmed()).absoluteFilePath(); };
  e.root = abs(root_->text());
  e.captionsDir = abs(captions_->text());
  e.descriptions = abs(descriptions_->text());
  e.descriptionsFormat = format_->currentData().toString();
  return e;
}

void AddDatasetDialog::setEntry(const DatasetEntry& e) {
  root_->setText(e.root);
  captions_->setText(e.captionsDir);
  descriptions_->setText(e.descriptions);
  const int f = format_->findData(e.descriptionsFormat);
  format_->setCurrentIndex(f >= 0 ? f : 0);
  if (!e.name.isEmpty()) {
    name_->setText(e.name);
    nameEdited_ = true;
  }
}

void AddDatasetDialog::inputsChanged() {
  checkedOk_ = false;
  buttons_->buttons().last()->setEnabled(false);
  if (!nameEdited_) name_->setText(QFileInfo(root_->text().trimmed()).fileName());
}

void AddDatasetDialog::check() {
  const DatasetEntry e = entry();
  if (e.root.isEmpty()) {
    summary_->setText(tr("Choose the dataset folder first."));
    return;
  }
  if (job_) {
    job_->cancel();
    job_->disconnect(this);
    job_->deleteLater();
  }
  checkedOk_ = false;
  buttons_->buttons().last()->setEnabled(false);
  warnings_->clear();
  summary_->setText(tr("Checking…"));
  progress_->setVisible(true);
  progress_->setRange(0, 0);
  // An empty descriptionsCopy: a check writes nothing into the workspace.
  job_ = new Job(tr("Checking %1").arg(e.root), [e](JobContext& ctx) {
    return QVariant::fromValue(loadDataset(e, LoadOptions{}, &ctx));
  }, this);
  connect(job_, &Job::progressChanged, this, [this](qint64 d, qint64 t, const QString& m) {
    progress_->setRange(0, int(t));
    progress_->setValue(int(d));
    progress_->setFormat(m);
  });
  connect(job_, &Job::succeeded, this, &AddDatasetDialog::onChecked);
  connect(job_, &Job::failed, this, [this](const QString& error) {
    progress_->setVisible(false);
    summary_->setText(tr("<b>This dataset cannot be used:</b> %1").arg(error.toHtmlEscaped()));
  });
  job_->start();
}

void AddDatasetDialog::onChecked(const QVariant& result) {
  progress_->setVisible(false);
  const auto ds = result.value<std::shared_ptr<LoadedDataset>>();
  if (!ds) return;
  QString text = tr("<b>%1</b>: %2 classes, %3 images (%4 train, %5 test).")
                     .arg(ds->dataset.kind == "cub" ? tr("CUB-200-2011 layout") : tr("Manifest"))
                     .arg(ds->dataset.classes.size())
                     .arg(ds->dataset.images.size())
                     .arg(ds->dataset.train_count())
                     .arg(ds->dataset.test_count());
  if (ds->hasCaptions) {
    std::size_t with = 0;
    for (const auto& c : ds->captions) with += c.empty() ? 0 : 1;
    text += tr(" Captions: %1 for %2 of %3 images.").arg(ds->captionCount()).arg(with).arg(ds->dataset.images.size());
  }
  if (ds->descriptions) {
    std::size_t described = 0;
    for (const auto& c : ds->dataset.classes) {
      const auto* d = ds->descriptions->find(c.name);
      if (d && !d->variants.empty()) ++described;
    }
    text += tr(" Descriptions: %1 of %2 classes.").arg(described).arg(ds->dataset.classes.size());
  }
  if (!ds->descriptionsError.isEmpty())
    text += tr("<br><b>Descriptions cannot be read:</b> %1").arg(ds->descriptionsError.toHtmlEscaped());
  text += ds->warnings.empty() ? tr("<br>No warnings.") : tr("<br>%n warning(s) below; the entries concerned are skipped.", "", int(ds->warnings.size()));
  summary_->setText(text);
  warnings_->setDiagnostics(ds->warnings, ds->notes);
  checkedOk_ = true;
  buttons_->buttons().last()->setEnabled(!name_->text().trimmed().isEmpty());
}

}  // namespace plumage::ui
