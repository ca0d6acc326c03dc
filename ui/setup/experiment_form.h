// The settings of an experiment on the setup page, as widgets: method,
// feature files, text source and converter, sampling, adapter
// hyperparameters, seeds and device. toJson() gives the raw experiment config
// in core/experiment's format (experiment_config.h) — without the image
// ratios, which the ratio table holds — and fromJson() fills the widgets
// from one (a preset or a run's config).
#pragma once

#include "ui/setup/converter_catalog.h"
#include "ui/setup/feature_catalog.h"

#include <QVector>
#include <QWidget>

#include <nlohmann/json.hpp>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QToolButton;
class QSpinBox;

namespace plumage::ui {

class ExperimentForm : public QWidget {
  Q_OBJECT
 public:
  explicit ExperimentForm(QWidget* parent = nullptr);

  // Offers these files in the feature and converter choosers (keeps the
  // current choices); the converter chooser also offers `storeConverters`
  // (converters the run store knows), each file once.
  void setFeatureFiles(const QVector<FeatureFileEntry>& files, const QVector<ConverterEntry>& storeConverters = {});
  // Selects this converter checkpoint (added to the chooser when not offered).
  void selectConverter(const QString& path);
  QString converter() const;  // "identity" or a checkpoint path
  const QVector<FeatureFileEntry>& featureFiles() const { return files_; }
  // Where "Browse…" starts.
  void setBrowseDir(const QString& dir) { browseDir_ = dir; }

  // Raw config without image_ratio/per_class_ratios and without seed (see seeds()).
  nlohmann::json toJson() const;
  // Sets what `config` names; keys it lacks keep their current values.
  // Unknown values (a file not offered yet) are added to the choosers.
  void fromJson(const nlohmann::json& config);

  QString imageFeatures() const;
  QString textFeatures() const;  // of the chosen text source; "" for none
  QString textSource() const;    // none | reed | llm
  QString sampling() const;
  QString captionUse() const;
  double valFraction() const;
  quint64 planSeed() const;  // the first seed: the plan the table shows

  // Seeds from the seeds field ("0, 1, 2" or "0-4"); *error names a bad entry.
  QVector<qint64> seeds(QString* error = nullptr) const;
  void setSeeds(const QVector<qint64>& seeds);

 signals:
  void changed();
  // The files the ratio table needs changed (image features, text source or its file).
  void planInputsChanged();
  // "Train…" beside the converter chooser was clicked.
  void trainConverterRequested();

 private:
  QComboBox* fileCombo(const QString& noneText);
  void browse(QComboBox* combo, const QString& title, const QString& filter);
  void fillFileCombo(QComboBox* combo, const QStringList& kinds, const QString& source, bool keepNone);
  void fillConverterCombo(const QVector<ConverterEntry>& converters);
  static void selectData(QComboBox* combo, const QString& value);
  void updateEnabled();
  void offerClassText();

  QString browseDir_;
  QVector<FeatureFileEntry> files_;
  QComboBox* method_;
  QComboBox* image_;
  QComboBox* reed_;
  QComboBox* llm_;
  QComboBox* classText_;
  QComboBox* textSource_;
  QComboBox* captionUse_;
  QComboBox* converter_;
  QToolButton* trainConverter_;
  QComboBox* sampling_;
  QDoubleSpinBox* valFraction_;
  QSpinBox* epochs_;
  QSpinBox* batch_;
  QDoubleSpinBox* lr_;
  QDoubleSpinBox* weightDecay_;
  QComboBox* optimizer_;
  QComboBox* head_;
  QDoubleSpinBox* labelSmoothing_;
  QSpinBox* patience_;
  QCheckBox* l2_;
  QCheckBox* initZeroShot_;
  QLineEdit* seeds_;
  QComboBox* device_;
  QLineEdit* name_;
  bool loading_ = false;
};

}  // namespace plumage::ui
