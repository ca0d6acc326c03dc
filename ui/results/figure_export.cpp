#include "ui/results/figure_export.h"

#include "ui/results/legend_placement.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include <cmath>

namespace plumage::ui::results {

namespace {
bool paintVector(QCustomPlot* plot, QPaintDevice* device, int w, int h) {
  QCPPainter painter;
  if (!painter.begin(device)) return false;
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  plot->toPainter(&painter, w, h);
  return painter.end();
}
}  // namespace

bool figureFormatFromPath(const QString& path, FigureFormat* format) {
  const QString s = QFileInfo(path).suffix().toLower();
  if (s == QLatin1String("pdf")) *format = FigureFormat::Pdf;
  else if (s == QLatin1String("svg")) *format = FigureFormat::Svg;
  else if (s == QLatin1String("png")) *format = FigureFormat::Png;
  else return false;
  return true;
}

QSize figureLogicalSize(const FigureStyle& style, double dpi) {
  const double scale = dpi / kLogicalDpi;
  return {static_cast<int>(std::lround(std::lround(style.widthMm / 25.4 * dpi) / scale)),
          static_cast<int>(std::lround(std::lround(style.heightMm / 25.4 * dpi) / scale))};
}

QImage renderFigure(QCustomPlot* plot, const FigureStyle& style, double dpi) {
  // Exactly the size in mm at `dpi`; the plot is laid out in logical pixels and scaled.
  const int w = static_cast<int>(std::lround(style.widthMm / 25.4 * dpi));
  const int h = static_cast<int>(std::lround(style.heightMm / 25.4 * dpi));
  const double scale = dpi / kLogicalDpi;
  QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QCPPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  if (scale != 1.0) painter.setMode(QCPPainter::pmNonCosmetic);  // pens scale with the figure
  painter.scale(scale, scale);
  const QSize logical = figureLogicalSize(style, dpi);
  const QRect viewport = plot->viewport();
  placeLegend(plot, style, logical);
  plot->toPainter(&painter, logical.width(), logical.height());
  painter.end();
  plot->setViewport(viewport);  // a widget keeps its own; the layout stays as drawn
  const int dpm = static_cast<int>(dpi / 0.0254 + 0.5);
  image.setDotsPerMeterX(dpm);
  image.setDotsPerMeterY(dpm);
  return image;
}

bool exportFigure(QCustomPlot* plot, const FigureStyle& style, const QString& path, QString* error) {
  FigureFormat format;
  if (!figureFormatFromPath(path, &format)) {
    *error = QCoreApplication::translate("FigureExport", "%1: unknown figure format (use .pdf, .svg or .png)").arg(path);
    return false;
  }
  if (style.widthMm < 10 || style.heightMm < 10 || style.widthMm > 1000 || style.heightMm > 1000) {
    *error = QCoreApplication::translate("FigureExport", "figure size %1 × %2 mm is out of range (10–1000 mm)").arg(style.widthMm).arg(style.heightMm);
    return false;
  }
  const QFileInfo info(path);
  if (!QDir().mkpath(info.absolutePath())) {
    *error = QCoreApplication::translate("FigureExport", "cannot create folder %1").arg(info.absolutePath());
    return false;
  }
  const int w = mmToLogicalPx(style.widthMm), h = mmToLogicalPx(style.heightMm);
  bool ok = false;
  const QRect viewport = plot->viewport();
  if (format != FigureFormat::Png) placeLegend(plot, style, QSize(w, h));  // renderFigure places it for PNG
  if (format == FigureFormat::Png) {
    ok = renderFigure(plot, style, style.pngDpi).save(path, "PNG");
  } else if (format == FigureFormat::Pdf) {
    QPdfWriter pdf(path);
    pdf.setCreator(QStringLiteral("Plumage"));
    pdf.setResolution(static_cast<int>(kLogicalDpi));
    pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(style.widthMm, style.heightMm), QPageSize::Millimeter),
                                  QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    ok = paintVector(plot, &pdf, w, h);
  } else {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setTitle(QStringLiteral("Plumage figure"));
    svg.setResolution(static_cast<int>(kLogicalDpi));
    svg.setSize(QSize(w, h));
    svg.setViewBox(QRect(0, 0, w, h));
    ok = paintVector(plot, &svg, w, h);
  }
  plot->setViewport(viewport);
  if (!ok || !QFileInfo::exists(path)) {
    *error = QCoreApplication::translate("FigureExport", "cannot write %1").arg(path);
    return false;
  }
  return true;
}

}  // namespace plumage::ui::results
