#include "ui/results/figure_export_dialog.h"

#include "ui/results/figure_export.h"

#include <QEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <qcustomplot.h>

namespace plumage::ui::results {

FigureStyle loadSavedStyle() {
  QSettings s;
  FigureStyle st;
  st.widthMm = s.value(QStringLiteral("results/figure/widthMm"), st.widthMm).toDouble();
  st.heightMm = s.value(QStringLiteral("results/figure/heightMm"), st.heightMm).toDouble();
  st.fontFamily = s.value(QStringLiteral("results/figure/font"), st.fontFamily).toString();
  st.fontPt = s.value(QStringLiteral("results/figure/fontPt"), st.fontPt).toDouble();
  st.lineWidthPt = s.value(QStringLiteral("results/figure/lineWidthPt"), st.lineWidthPt).toDouble();
  st.pngDpi = s.value(QStringLiteral("results/figure/dpi"), st.pngDpi).toInt();
  st.legend = static_cast<LegendPosition>(s.value(QStringLiteral("results/figure/legend"), int(st.legend)).toInt());
  spreadFromId(s.value(QStringLiteral("results/figure/spread"), spreadId(st.spread)).toString(), &st.spread);  // unknown: default
  return st;
}

void saveStyle(const FigureStyle& st) {
  QSettings s;
  s.setValue(QStringLiteral("results/figure/widthMm"), st.widthMm);
  s.setValue(QStringLiteral("results/figure/heightMm"), st.heightMm);
  s.setValue(QStringLiteral("results/figure/font"), st.fontFamily);
  s.setValue(QStringLiteral("results/figure/fontPt"), st.fontPt);
  s.setValue(QStringLiteral("results/figure/lineWidthPt"), st.lineWidthPt);
  s.setValue(QStringLiteral("results/figure/dpi"), st.pngDpi);
  s.setValue(QStringLiteral("results/figure/legend"), int(st.legend));
  s.setValue(QStringLiteral("results/figure/spread"), spreadId(st.spread));
}

FigureExportDialog::FigureExportDialog(Builder builder, const FigureStyle& initial, const QString& suggestedName,
                                       QWidget* parent)
    : QDialog(parent), builder_(std::move(builder)), suggestedName_(suggestedName), plot_(new QCustomPlot(this)) {
  setWindowTitle(tr("Export Figure"));
  plot_->hide();  // renders the export; never shown
  auto* form = new QFormLayout;
  preset_ = new QComboBox;
  preset_->addItem(tr("One column (85 mm)"), kOneColumnMm);
  preset_->addItem(tr("Two columns (175 mm)"), kTwoColumnMm);
  preset_->addItem(tr("Custom"), 0.0);
  form->addRow(tr("Width preset:"), preset_);
  width_ = new QDoubleSpinBox;
  width_->setRange(10, 1000);
  width_->setSuffix(tr(" mm"));
  height_ = new QDoubleSpinBox;
  height_->setRange(10, 1000);
  height_->setSuffix(tr(" mm"));
  form->addRow(tr("Width:"), width_);
  form->addRow(tr("Height:"), height_);
  font_ = new QFontComboBox;
  form->addRow(tr("Font:"), font_);
  fontSize_ = new QDoubleSpinBox;
  fontSize_->setRange(3, 72);
  fontSize_->setSingleStep(0.5);
  fontSize_->setSuffix(tr(" pt"));
  form->addRow(tr("Font size:"), fontSize_);
  lineWidth_ = new QDoubleSpinBox;
  lineWidth_->setRange(0.1, 10);
  lineWidth_->setSingleStep(0.25);
  lineWidth_->setSuffix(tr(" pt"));
  form->addRow(tr("Line width:"), lineWidth_);
  dpi_ = new QSpinBox;
  dpi_->setRange(50, 2400);
  dpi_->setSuffix(tr(" dpi"));
  form->addRow(tr("PNG resolution:"), dpi_);
  legend_ = new QComboBox;
  legend_->addItem(tr("Automatic (over no data, else outside)"), int(LegendPosition::Auto));
  legend_->addItem(tr("Top right"), int(LegendPosition::TopRight));
  legend_->addItem(tr("Top left"), int(LegendPosition::TopLeft));
  legend_->addItem(tr("Bottom right"), int(LegendPosition::BottomRight));
  legend_->addItem(tr("Bottom left"), int(LegendPosition::BottomLeft));
  legend_->addItem(tr("No legend"), int(LegendPosition::Hidden));
  form->addRow(tr("Legend:"), legend_);
  spread_ = new QComboBox;
  spread_->setObjectName(QStringLiteral("spreadBox"));
  spread_->addItem(tr("± std error bars"), spreadId(Spread::Std));
  spread_->addItem(tr("95 % confidence band"), spreadId(Spread::Ci95));
  spread_->addItem(tr("Both"), spreadId(Spread::Both));
  spread_->addItem(tr("None"), spreadId(Spread::None));
  spread_->setToolTip(tr("Accuracy vs ratio: the spread over seeds. The band is the 95 % confidence interval of the "
                         "mean, mean ± t(0.975, n−1)·s/√n; cells with one finished seed get no band."));
  form->addRow(tr("Spread over seeds:"), spread_);
  xLabel_ = new QLineEdit;
  xLabel_->setPlaceholderText(tr("default label"));
  yLabel_ = new QLineEdit;
  yLabel_->setPlaceholderText(tr("default label"));
  form->addRow(tr("X axis label:"), xLabel_);
  form->addRow(tr("Y axis label:"), yLabel_);
  form->addRow(new QLabel(tr("Colors: Okabe–Ito (color-blind safe)")));

  previewLabel_ = new QLabel;
  previewLabel_->setMinimumSize(480, 340);
  previewLabel_->setAlignment(Qt::AlignCenter);
  previewLabel_->setStyleSheet(QStringLiteral("background: #808080;"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  QPushButton* save = buttons->addButton(tr("Save As…"), QDialogButtonBox::AcceptRole);
  save->setDefault(true);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(save, &QPushButton::clicked, this, &FigureExportDialog::saveAs);

  auto* top = new QHBoxLayout;
  top->addLayout(form);
  top->addWidget(previewLabel_, 1);
  auto* outer = new QVBoxLayout(this);
  outer->addLayout(top, 1);
  outer->addWidget(buttons);

  setStyle(initial);
  auto* debounce = new QTimer(this);
  debounce->setSingleShot(true);
  debounce->setInterval(150);
  connect(debounce, &QTimer::timeout, this, &FigureExportDialog::updatePreview);
  const auto changed = [debounce] { debounce->start(); };
  connect(preset_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, changed] {
    const double w = preset_->currentData().toDouble();
    if (w > 0) width_->setValue(w);
    changed();
  });
  connect(width_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this, changed](double w) {
    const int i = preset_->findData(w);
    const QSignalBlocker block(preset_);
    preset_->setCurrentIndex(i >= 0 ? i : preset_->count() - 1);
    changed();
  });
  for (QDoubleSpinBox* s : {height_, fontSize_, lineWidth_}) connect(s, qOverload<double>(&QDoubleSpinBox::valueChanged), this, changed);
  connect(font_, &QFontComboBox::currentFontChanged, this, changed);
  connect(legend_, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(spread_, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(xLabel_, &QLineEdit::textChanged, this, changed);
  connect(yLabel_, &QLineEdit::textChanged, this, changed);
  updatePreview();
}

FigureStyle FigureExportDialog::style() const {
  FigureStyle s;
  s.widthMm = width_->value();
  s.heightMm = height_->value();
  s.fontFamily = font_->currentFont().family();
  s.fontPt = fontSize_->value();
  s.lineWidthPt = lineWidth_->value();
  s.pngDpi = dpi_->value();
  s.legend = static_cast<LegendPosition>(legend_->currentData().toInt());
  spreadFromId(spread_->currentData().toString(), &s.spread);
  s.xLabel = xLabel_->text();
  s.yLabel = yLabel_->text();
  return s;
}

void FigureExportDialog::setStyle(const FigureStyle& s) {
  width_->setValue(s.widthMm);
  height_->setValue(s.heightMm);
  font_->setCurrentFont(QFont(s.fontFamily.isEmpty() ? defaultFontFamily() : s.fontFamily));
  fontSize_->setValue(s.fontPt);
  lineWidth_->setValue(s.lineWidthPt);
  dpi_->setValue(s.pngDpi);
  legend_->setCurrentIndex(std::max(0, legend_->findData(int(s.legend))));
  spread_->setCurrentIndex(std::max(0, spread_->findData(spreadId(s.spread))));
  xLabel_->setText(s.xLabel);
  yLabel_->setText(s.yLabel);
  const int i = preset_->findData(s.widthMm);
  preset_->setCurrentIndex(i >= 0 ? i : preset_->count() - 1);
}

void FigureExportDialog::changeEvent(QEvent* event) {
  QDialog::changeEvent(event);
  if (event->type() == QEvent::LanguageChange && builder_) updatePreview();
}

void FigureExportDialog::updatePreview() {
  const FigureStyle s = style();
  builder_(plot_, s);
  // Preview at the size it will have on paper on this screen, shrunk to fit.
  preview_ = renderFigure(plot_, s, logicalDpiX());
  const QSize room = previewLabel_->size() - QSize(8, 8);
  QPixmap pm = QPixmap::fromImage(preview_);
  if (pm.width() > room.width() || pm.height() > room.height()) pm = pm.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  previewLabel_->setPixmap(pm);
}

bool FigureExportDialog::exportTo(const QString& path, QString* error) {
  const FigureStyle s = style();
  builder_(plot_, s);
  return exportFigure(plot_, s, path, error);
}

void FigureExportDialog::saveAs() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save Figure"), suggestedName_,
                                                    tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
  if (path.isEmpty()) return;
  QString error;
  if (!exportTo(path, &error)) {
    QMessageBox::warning(this, tr("Export Figure"), error);
    return;
  }
  saveStyle(style());
  accept();
}

}  // namespace plumage::ui::results
