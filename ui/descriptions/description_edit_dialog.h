// Edits one description variant: a text box per field (the declared fields
// and any the variant has) and one for sentences (one per line), each with a
// live CLIP token count. Accepting yields the new fields and sentences; the
// caller stores them as a new variant, so the original is kept.
#pragma once

#include "core/data/descriptions.h"

#include <QDialog>
#include <QVector>

class QLabel;
class QPlainTextEdit;

namespace plumage::ui {

class TokenCounter;

class DescriptionEditDialog : public QDialog {
  Q_OBJECT
 public:
  DescriptionEditDialog(const data::DescriptionVariant& base, const std::vector<std::string>& declaredFields,
                        const TokenCounter* counter, const QString& classTitle, QWidget* parent = nullptr);

  std::vector<std::pair<std::string, std::string>> fields() const;  // empty fields dropped
  std::vector<std::string> sentences() const;                       // blank lines dropped
  bool changed() const;

 private:
  void updateCount(int i);

  struct FieldEdit {
    QString name;
    QPlainTextEdit* edit;
    QLabel* count;
    QString original;
  };
  QVector<FieldEdit> edits_;
  QPlainTextEdit* sentences_;
  QString originalSentences_;
  const TokenCounter* counter_;
};

}  // namespace plumage::ui
