// "Conversion Diagnostics" tab of the results page: pick an image feature
// file, a text feature file (with tokens for a Q-Former) and a converter
// checkpoint from the workspace's feature cache (or type any path), compute in
// a Job off the GUI thread, then show R@1/R@5, mean cosine and modality gap,
// the cosine histogram and the PCA projection of chosen classes.
#pragma once

#include "ui/common/job.h"
#include "ui/results/diagnostics_data.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;

namespace plumage::ui {
class Workspace;
}

namespace plumage::ui::results {

class DiagnosticsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DiagnosticsPanel(QWidget* parent = nullptr);
  ~DiagnosticsPanel() override;

  // Lists the workspace's feature cache (*.safetensors) in the pickers.
  void setWorkspace(Workspace* workspace);
  void setPaths(const QString& image, const QString& text, const QString& converter);
  // "0, 3, 5" or "0-4": class indices for the projection.
  void setClasses(const QString& spec);
  // Starts the computation; false (and the message shown) when a path is missing.
  bool compute();
  Job* job() const { return job_; }

  const DiagnosticsData* data() const { return data_ ? &*data_ : nullptr; }
  QCustomPlot* histogramPlot() const { return histogram_; }
  QCustomPlot* projectionPlot() const { return projection_; }
  QString summaryText() const;

 signals:
  void computed();
  void computeFailed(const QString& error);

 private:
  void show(const DiagnosticsData& data);
  void exportPlot(bool histogram);

  QPointer<Workspace> workspace_;
  QComboBox* image_;
  QComboBox* text_;
  QComboBox* converter_;
  QLineEdit* classes_;
  QPushButton* run_;
  QPushButton* exportHistogram_;
  QPushButton* exportProjection_;
  QLabel* summary_;
  QCustomPlot* histogram_;
  QCustomPlot* projection_;
  QPointer<Job> job_;
  std::optional<DiagnosticsData> data_;
};

// Parses "0, 3, 5-7" into indices; false on anything else.
bool parseClassList(const QString& spec, QVector<int>* out);

}  // namespace plumage::ui::results
