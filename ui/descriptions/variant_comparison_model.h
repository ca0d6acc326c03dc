// Every description variant of one class side by side: one column per
// variant, one row per structured field (the declared fields first, then any
// others a variant has), a row for unstructured sentences/descriptors, and a
// row for the whole text. Cells carry highlighted markup with their CLIP
// token count; a declared field a variant lacks is marked, and the lint's
// flags (core/data/description_lint.h: non-visual content, another class's
// name, near duplicates, empty fields) are shown in the cell they concern,
// and so are the CLIP scores of each text once computed
// (core/experiment/description_scores.h).
#pragma once

#include "ui/common/token_counter.h"

#include "core/experiment/description_scores.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>
#include <QVector>

#include <memory>

namespace plumage::ui {

class DescriptionsDocument;

class VariantComparisonModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Role {
    VariantIdRole = Qt::UserRole + 1,  // QString, on every cell and the horizontal header
    MaxTokensRole,                     // int: the longest text of the cell, in tokens (invalid when unknown)
    MissingRole,                       // bool: a declared field this variant lacks
    LintRole,                          // QStringList: the lint's findings for this cell
    ScoreRole,                         // QStringList: per text of the cell, its score line ("" = not scored)
  };

  explicit VariantComparisonModel(QObject* parent = nullptr);
  // `counter` must outlive the model; `doc` may be nullptr.
  void setClass(DescriptionsDocument* doc, const QString& className, const TokenCounter* counter);
  void setMarkupOptions(bool colors, bool bodyParts);
  void refresh();  // re-read the class (after an edit or a tokenizer load)
  // Scores of every class (nullptr: none); the cells of the class shown get theirs.
  void setScores(std::shared_ptr<const experiment::DescriptionScores> scores);

  QString className() const { return class_; }
  QString variantId(int column) const;
  // Row labels, for tests.
  QStringList rowNames() const { return rows_; }
  // Lint findings of the class shown, one line each ("Size: \"2.1 m\" (a length)").
  QStringList lintSummary() const { return lintSummary_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Cell {
    QStringList texts;          // what is shown (a field's text, or one line per sentence)
    QVector<TextTokens> tokens; // per text, counted as it is encoded ("Field: text")
    QVector<int> prefix;        // characters of the encoded form before the shown text
    bool missing = false;
    QStringList lint;           // the lint's findings for this cell
    QStringList scores;         // per text: its score line, "" when not scored
  };
  void rebuild();
  void attachLintFlags();
  void attachScores();

  QPointer<DescriptionsDocument> doc_;
  QString class_;
  const TokenCounter* counter_ = nullptr;
  bool colors_ = true, bodyParts_ = true;
  QStringList rows_;       // field names, then the sentence and whole-text rows
  int fieldRows_ = 0;      // rows_[0, fieldRows_) are fields
  int declaredRows_ = 0;   // rows_[0, declaredRows_) are declared fields
  bool hasSentences_ = false;
  QStringList columns_;    // variant ids
  QVector<QVector<Cell>> cells_;  // [row][column]
  QStringList lintSummary_;
  std::shared_ptr<const experiment::DescriptionScores> scores_;
};

}  // namespace plumage::ui
