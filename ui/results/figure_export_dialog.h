// "Export Figure…": size (mm, with one/two-column presets), font, font size,
// line width, PNG DPI, legend position, spread over seeds (std bars / 95 %
// band) and axis labels, with a live preview
// of the figure exactly as it will be written; saves PDF, SVG or PNG.
#pragma once

#include "ui/results/figure_style.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QFontComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace plumage::ui::results {

class FigureExportDialog : public QDialog {
  Q_OBJECT
 public:
  using Builder = std::function<void(QCustomPlot*, const FigureStyle&)>;
  FigureExportDialog(Builder builder, const FigureStyle& initial, const QString& suggestedName, QWidget* parent = nullptr);

  FigureStyle style() const;
  void setStyle(const FigureStyle& style);
  // Writes the figure to `path` (format from the suffix); false with *error.
  bool exportTo(const QString& path, QString* error);
  // The preview image shown (tests).
  QImage previewImage() const { return preview_; }

 protected:
  // The preview is an image of the built figure: built again in the new language.
  void changeEvent(QEvent* event) override;

 private:
  void updatePreview();
  void saveAs();

  Builder builder_;
  QString suggestedName_;
  QCustomPlot* plot_;
  QComboBox* preset_;
  QDoubleSpinBox* width_;
  QDoubleSpinBox* height_;
  QFontComboBox* font_;
  QDoubleSpinBox* fontSize_;
  QDoubleSpinBox* lineWidth_;
  QSpinBox* dpi_;
  QComboBox* legend_;
  QComboBox* spread_;
  QLineEdit* xLabel_;
  QLineEdit* yLabel_;
  QLabel* previewLabel_;
  QImage preview_;
};

// Figure style kept between sessions (QSettings "results/figure/*").
FigureStyle loadSavedStyle();
void saveStyle(const FigureStyle& style);

}  // namespace plumage::ui::results
