// How a figure looks when exported for a thesis: physical size (mm), font,
// line width, the Okabe–Ito color-blind-safe palette, legend position and
// axis labels. Plots are laid out in 96-dpi logical pixels with fonts sized
// in pixels (pt × 96/72), so every export format keeps the physical sizes.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>
#include <QVector>

class QCustomPlot;

namespace plumage::ui::results {

constexpr double kLogicalDpi = 96.0;
constexpr double kOneColumnMm = 85.0;
constexpr double kTwoColumnMm = 175.0;

// Auto: the first corner (top right, top left, bottom right, bottom left)
// where the legend's box covers no data point, line segment, error bar or
// bar; when none is free, outside the axes (ui/results/legend_placement.h).
// Auto comes last so settings stored as numbers keep meaning.
enum class LegendPosition { TopRight, TopLeft, BottomRight, BottomLeft, Hidden, Auto };

// How the ratio curve shows the spread over seeds: ± sample std error bars
// (Std, the default), the 95 % confidence band of the mean (Ci95: mean ±
// t_{0.975, n-1} · s / √n, translucent), both, or nothing.
enum class Spread { None, Std, Ci95, Both };
QString spreadId(Spread spread);  // "none", "std", "ci95", "both" (command line, settings)
bool spreadFromId(const QString& id, Spread* spread);

struct FigureStyle {
  double widthMm = kOneColumnMm;
  double heightMm = 60.0;
  QString fontFamily;   // empty: a CJK-capable sans (Noto Sans CJK JP) when installed
  double fontPt = 8.0;
  double lineWidthPt = 1.0;
  int pngDpi = 300;
  LegendPosition legend = LegendPosition::Auto;
  Spread spread = Spread::Std;
  QString xLabel, yLabel;  // empty: the figure's default label
};

// Okabe & Ito (2008): eight colors distinguishable with common color blindness.
const QVector<QColor>& okabeIto();
QColor paletteColor(int i);

int mmToLogicalPx(double mm);
double ptToLogicalPx(double pt);
QString defaultFontFamily();
QFont figureFont(const FigureStyle& style, double scale = 1.0);

// Fonts, axis pens and legend of `plot` as `style` says (after the plottables
// are added and the axis ranges set).
void applyStyle(QCustomPlot* plot, const FigureStyle& style);

}  // namespace plumage::ui::results
