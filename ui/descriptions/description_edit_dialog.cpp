#include "ui/descriptions/description_edit_dialog.h"

#include "ui/common/token_counter.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace plumage::ui {

DescriptionEditDialog::DescriptionEditDialog(const data::DescriptionVariant& base,
                                             const std::vector<std::string>& declaredFields,
                                             const TokenCounter* counter, const QString& classTitle, QWidget* parent)
    : QDialog(parent), counter_(counter) {
  setWindowTitle(tr("Edit description — %1").arg(classTitle));
  auto* intro = new QLabel(tr("Saving keeps variant “%1” unchanged and adds the edited text as a new variant.")
                               .arg(QString::fromStdString(base.id)),
                           this);
  intro->setWordWrap(true);

  auto* form = new QFormLayout;
  QStringList names;
  for (const std::string& f : declaredFields) names << QString::fromStdString(f);
  for (const auto& [name, text] : base.fields)
    if (!names.contains(QString::fromStdString(name))) names << QString::fromStdString(name);
  for (const QString& name : names) {
    FieldEdit fe;
    fe.name = name;
    const std::string* text = base.field(name.toStdString());
    fe.original = text ? QString::fromStdString(*text) : QString();
    fe.edit = new QPlainTextEdit(fe.original, this);
    fe.edit->setTabChangesFocus(true);
    fe.edit->setFixedHeight(fe.edit->fontMetrics().lineSpacing() * 3 + 12);
    fe.count = new QLabel(this);
    auto* box = new QVBoxLayout;
    box->setSpacing(0);
    box->addWidget(fe.edit);
    box->addWidget(fe.count);
    form->addRow(name + QLatin1Char(':'), box);
    edits_.push_back(fe);
    const int i = edits_.size() - 1;
    connect(fe.edit, &QPlainTextEdit::textChanged, this, [this, i] { updateCount(i); });
    updateCount(i);
  }
  QStringList lines;
  for (const std::string& s : base.sentences) lines << QString::fromStdString(s);
  originalSentences_ = lines.join(QLatin1Char('\n'));
  sentences_ = new QPlainTextEdit(originalSentences_, this);
  sentences_->setTabChangesFocus(true);
  sentences_->setPlaceholderText(tr("One descriptor or sentence per line"));
  form->addRow(tr("Sentences:"), sentences_);

  auto* inner = new QWidget(this);
  inner->setLayout(form);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(inner);
  scroll->setWidgetResizable(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(scroll, 1);
  layout->addWidget(buttons);
  resize(720, 640);
}

void DescriptionEditDialog::updateCount(int i) {
  FieldEdit& fe = edits_[i];
  const QString text = fe.edit->toPlainText().trimmed();
  if (text.isEmpty()) {
    fe.count->setText(tr("<i>empty — the field will be left out</i>"));
    return;
  }
  const TextTokens t = counter_ ? counter_->count(fe.name + QStringLiteral(": ") + text) : TextTokens{};
  if (!t.known) {
    fe.count->setText(tr("token count unavailable (no CLIP vocabulary)"));
    return;
  }
  fe.count->setText(t.tokens > t.context
                        ? tr("<span style=\"color:#c62828\">%1 tokens — over CLIP's %2, the end is cut off</span>")
                              .arg(t.tokens)
                              .arg(t.context)
                        : tr("%1 of %2 tokens").arg(t.tokens).arg(t.context));
}

std::vector<std::pair<std::string, std::string>> DescriptionEditDialog::fields() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const FieldEdit& fe : edits_) {
    const QString text = fe.edit->toPlainText().trimmed();
    if (!text.isEmpty()) out.emplace_back(fe.name.toStdString(), text.toStdString());
  }
  return out;
}

std::vector<std::string> DescriptionEditDialog::sentences() const {
  std::vector<std::string> out;
  const QStringList lines = sentences_->toPlainText().split(QLatin1Char('\n'));
  for (const QString& l : lines)
    if (!l.trimmed().isEmpty()) out.push_back(l.trimmed().toStdString());
  return out;
}

bool DescriptionEditDialog::changed() const {
  for (const FieldEdit& fe : edits_)
    if (fe.edit->toPlainText().trimmed() != fe.original.trimmed()) return true;
  return sentences_->toPlainText().trimmed() != originalSentences_.trimmed();
}

}  // namespace plumage::ui
