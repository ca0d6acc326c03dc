// The description inspector. For the selected image: its Reed captions; for
// its class: every description variant side by side (structured fields as
// rows), their provenance, and review actions (approve / reject / edit as a
// new variant, all undoable). Each text shows its CLIP token count against
// the 77-token context with the cut-off part greyed; color and body-part
// words are highlighted so human and LLM texts compare at a glance. Score
// rates every text with the CLIP model of the workspace's image features
// (training images only) and lists all of them, worst first across classes.
#pragma once

#include "ui/common/token_counter.h"
#include "ui/shell/workspace_page.h"

#include <QFutureWatcher>
#include <QImage>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QListView;
class QPushButton;
class QTableView;
class QTextBrowser;
class QToolButton;

namespace plumage::ui {

class CaptionListModel;
class DescriptionScoresModel;
class Job;
class ImageCanvas;
class VariantComparisonModel;

class DescriptionsPage : public WorkspacePage {
  Q_OBJECT
 public:
  explicit DescriptionsPage(QWidget* parent = nullptr);
  ~DescriptionsPage() override;

  QString pageId() const override { return QStringLiteral("descriptions"); }
  QString pageTitle() const override { return tr("Descriptions"); }
  QIcon pageIcon() const override;
  void setWorkspace(Workspace* workspace) override;
  bool isBusy() const override;

  // For tests.
  VariantComparisonModel* variantModel() const { return variants_; }
  CaptionListModel* captionModel() const { return captions_; }
  QTableView* variantTable() const { return variantTable_; }
  const TokenCounter& tokenCounter() const { return counter_; }
  DescriptionScoresModel* scoresModel() const { return scores_; }
  QTableView* scoresTable() const { return scoresTable_; }
  Job* scoreJob() const { return scoreJob_; }

  // Scores every description of the open dataset with `modelPath`, whose
  // image features are `imageFeatures` (Score uses the Extract Features
  // model and the workspace's image feature file of it). Runs on a Job.
  void scoreDescriptions(const QString& modelPath, const QString& imageFeatures);

 private:
  struct TokenizerLoad {
    TokenCounter counter;
    QString error;
  };
  void loadTokenizer();
  void onDatasetChanged();
  void showClass(int label);
  void showImage(int imageIndex);
  void stepImage(int delta);
  void updateProvenance();
  void updateActions();
  void setStatusOfSelected(int status);
  void editSelected();
  void chooseVocabulary();
  QString selectedVariant() const;
  void scoreWithWorkspaceModel();
  void openScoreRow(const QModelIndex& proxyIndex);
  void showScores();

  QPointer<Workspace> workspace_;
  TokenCounter counter_;
  QString tokenizerError_;
  QFutureWatcher<TokenizerLoad> tokenizerWatcher_;
  QFutureWatcher<QImage> imageWatcher_;
  int label_ = -1;
  int image_ = -1;

  QComboBox* classCombo_;
  QLabel* missingLabel_;
  QCheckBox* colors_;
  QCheckBox* bodyParts_;
  QLabel* tokenizerLabel_;
  ImageCanvas* canvas_;
  QLabel* imageInfo_;
  QListView* captionView_;
  CaptionListModel* captions_;
  QTableView* variantTable_;
  VariantComparisonModel* variants_;
  QPushButton* approve_;
  QPushButton* reject_;
  QPushButton* clear_;
  QPushButton* edit_;
  QTextBrowser* provenance_;
  QLabel* emptyLabel_;
  QPushButton* score_;
  QWidget* scoresPane_;
  QLabel* scoresLabel_;
  QTableView* scoresTable_;
  DescriptionScoresModel* scores_;
  QSortFilterProxyModel* scoresProxy_;
  QPointer<Job> scoreJob_;
};

}  // namespace plumage::ui
