// Thesis figure export: PNG at the chosen DPI and size in mm; PDF and SVG
// rendered back with pdftoppm / rsvg-convert have the page size asked for and
// look like the on-screen plot (QCustomPlot::toPixmap); Japanese labels embed
// a CJK font; the export dialog previews; `plumage figure` writes files offscreen;
// the 95 % confidence band (t over seeds) equals its formula and is in every format.
#include "ui/results/figure_builder.h"
#include "ui/results/figure_export.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/results/legend_placement.h"
#include "ui/results/results_data.h"
#include "ui/results/results_page.h"
#include "core/store/store_reader.h"
#include "results_fixture.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

using namespace plumage;
using namespace plumage::ui;
using namespace plumage::ui::results;

namespace {

// Share of pixels that are not (near) white.
double inkShare(const QImage& image) {
  const QImage g = image.convertToFormat(QImage::Format_Grayscale8);
  qint64 ink = 0;
  for (int y = 0; y < g.height(); ++y) {
    const uchar* row = g.constScanLine(y);
    for (int x = 0; x < g.width(); ++x) ink += row[x] < 200;
  }
  return double(ink) / (double(g.width()) * g.height());
}

// Mean absolute grey difference of two images shrunk to 64×48 (0..255).
double meanDifference(const QImage& a, const QImage& b) {
  const auto small = [](const QImage& i) {
    return i.convertToFormat(QImage::Format_Grayscale8).scaled(64, 48, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  };
  const QImage sa = small(a), sb = small(b);
  double sum = 0;
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x) sum += std::abs(int(sa.constScanLine(y)[x]) - int(sb.constScanLine(y)[x]));
  return sum / (64.0 * 48.0);
}

QImage runTool(const QString& tool, const QStringList& args, const QString& png) {
  QProcess p;
  p.start(tool, args);
  if (!p.waitForFinished(30000) || p.exitCode() != 0) {
    qWarning() << tool << args << p.readAllStandardError();
    return {};
  }
  return QImage(png);
}


// Ratio curves from values (image share %, mean, std; three seeds each) without a store.
SweepResults curves(const QVector<QVector<double>>& means, const QVector<double>& x, double sd) {
  SweepResults r;
  r.table.metric = "test_top1";
  const QStringList labels = {QStringLiteral("Image only"), QStringLiteral("+ Reed captions"),
                              QStringLiteral("+ LLM descriptions")};
  for (int i = 0; i < means.size(); ++i)
    r.curves << CurveSeries{labels[i], x, means[i], QVector<double>(x.size(), sd), QVector<int>(x.size(), 3)};
  return r;
}

// Every pixel position the curves' data occupies in the plot's current
// layout: points, segments sampled every half pixel, error bars (bar and
// whiskers) sampled the same way. Computed from the data, not from the plot's
// plottables, so it checks legend_placement independently.
QVector<QPointF> curveInk(QCustomPlot* plot, const SweepResults& r, const FigureStyle& style) {
  QVector<QPointF> ink;
  const auto px = [&](double x, double y) { return QPointF(plot->xAxis->coordToPixel(x), plot->yAxis->coordToPixel(y)); };
  const auto segment = [&](QPointF a, QPointF b) {
    const int n = std::max(1, int(std::ceil(QLineF(a, b).length() * 2)));
    for (int k = 0; k <= n; ++k) ink << a + (b - a) * (double(k) / n);
  };
  const double whisker = ptToLogicalPx(style.fontPt * 0.5) / 2;
  for (const CurveSeries& s : r.curves)
    for (int k = 0; k < s.x.size(); ++k) {
      const QPointF p = px(s.x[k], s.mean[k]);
      ink << p;
      if (k + 1 < s.x.size()) segment(p, px(s.x[k + 1], s.mean[k + 1]));
      const QPointF lo = px(s.x[k], s.mean[k] - s.stddev[k]), hi = px(s.x[k], s.mean[k] + s.stddev[k]);
      segment(lo, hi);
      for (const QPointF& e : {lo, hi}) segment(e - QPointF(whisker, 0), e + QPointF(whisker, 0));
    }
  return ink;
}

// A marker drawn in `color` within `radius` pixels of `at` in `image`.
bool colorNear(const QImage& image, QPointF at, double radius, const QColor& color) {
  for (int y = int(at.y() - radius); y <= int(at.y() + radius); ++y)
    for (int x = int(at.x() - radius); x <= int(at.x() + radius); ++x) {
      if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) continue;
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) + std::abs(c.blue() - color.blue()) < 60)
        return true;
    }
  return false;
}
}  // namespace

class TestFigures : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QString error;
    // PLUMAGE_EXAMPLE_FIGURES_DIR keeps the workspace and example figures (docs/figures).
    const QString keep = qEnvironmentVariable("PLUMAGE_EXAMPLE_FIGURES_DIR");
    if (!keep.isEmpty()) QDir(keep + QStringLiteral("/ws")).removeRecursively();
    ws_ = Workspace::create(keep.isEmpty() ? dir_.filePath(QStringLiteral("ws")) : keep + QStringLiteral("/ws"), &error, this);
    QVERIFY2(ws_, qPrintable(error));
    sweep_ = test::writeSyntheticSweep(ws_->storePath(), 6, /*japaneseNames=*/true);
    store::StoreReader reader(ws_->storePath().toStdString());
    results_ = loadSweepResults(reader, QString::number(sweep_.sweepId));
    style_.widthMm = 85;
    style_.heightMm = 60;
    style_.pngDpi = 300;
    buildRatioCurve(&plot_, results_, style_);
    w_ = mmToLogicalPx(style_.widthMm);
    h_ = mmToLogicalPx(style_.heightMm);
    placeLegend(&plot_, style_, QSize(w_, h_));  // as exports place it: for the figure's size
    reference_ = plot_.toPixmap(w_, h_).toImage();
    QVERIFY(inkShare(reference_) > 0.02);
  }

  void automaticLegendAvoidsTheData() {
    QCOMPARE(FigureStyle().legend, LegendPosition::Auto);  // the default
    // A line rising from bottom left to top right leaves the other two corners
    // free; reversing the x axis mirrors it; points at the top push it down.
    const auto corner = [](const QVector<double>& x, const QVector<double>& y, bool reversed) -> Qt::Alignment {
      QCustomPlot plot;
      plot.resize(400, 300);
      QCPGraph* g = plot.addGraph();
      g->setName(QStringLiteral("series"));
      g->setData(x, y);
      plot.xAxis->setRange(0, 10);
      plot.xAxis->setRangeReversed(reversed);
      plot.yAxis->setRange(0, 10);
      FigureStyle style;  // the default legend position: Auto
      applyStyle(&plot, style);
      return plot.axisRect()->insetLayout()->insetAlignment(0);
    };
    QCOMPARE(corner({0, 10}, {0, 10}, false), Qt::AlignTop | Qt::AlignLeft);
    QCOMPARE(corner({0, 10}, {10, 0}, false), Qt::AlignTop | Qt::AlignRight);
    QCOMPARE(corner({0, 10}, {0, 10}, true), Qt::AlignTop | Qt::AlignRight);
    QCOMPARE(corner({0, 5, 10}, {9.5, 9.5, 9.5}, false), Qt::AlignBottom | Qt::AlignRight);
    // Error bars count too: a flat low line whose bars reach the top right.
    QCustomPlot plot;
    plot.resize(400, 300);
    QCPGraph* g = plot.addGraph();
    g->setName(QStringLiteral("series"));
    g->setData({1, 9}, {1, 1});
    g->setLineStyle(QCPGraph::lsNone);
    auto* bars = new QCPErrorBars(plot.xAxis, plot.yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(g);
    bars->setData({0.5, 8.5});
    plot.xAxis->setRange(0, 10);
    plot.yAxis->setRange(0, 10);
    QCOMPARE(leastCrowdedLegendCorner(&plot), Qt::AlignTop | Qt::AlignLeft);
    // A confidence band counts as data: its edges run above and below the
    // top right corner and start left of it, only its fill lies there.
    QCustomPlot banded;
    banded.resize(400, 300);
    QCPGraph* lower = banded.addGraph();
    lower->setName(QStringLiteral("series"));
    lower->setData({5, 20}, {0.5, 0.5});
    QCPGraph* upper = banded.addGraph();
    upper->removeFromLegend();
    upper->setData({5, 20}, {20, 20});
    upper->setBrush(QColor(0, 114, 178, 64));
    upper->setChannelFillGraph(lower);
    banded.xAxis->setRange(0, 10);
    banded.yAxis->setRange(0, 10);
    FigureStyle style;
    applyStyle(&banded, style);
    QCOMPARE(banded.axisRect()->insetLayout()->insetAlignment(0), Qt::AlignTop | Qt::AlignLeft);
    QVERIFY(!dataInk(&banded).fills.isEmpty());
  }

  // The 95 % band (t over seeds) on the synthetic store's three seeds per
  // cell: each bound is mean ± t.ppf(0.975, n - 1) · s / √n of the cell's values.
  void bandBoundsEqualTheFormula() {
    const QMap<int, double> tppf = {{2, 12.706204736174698}, {3, 4.302652729911275}, {5, 2.7764451051977987}};
    FigureStyle style = style_;
    style.spread = Spread::Ci95;
    QCustomPlot plot;
    buildRatioCurve(&plot, results_, style);
    QVector<QCPGraph*> lower, upper;
    int errorBars = 0;
    for (int i = 0; i < plot.plottableCount(); ++i) {
      if (qobject_cast<QCPErrorBars*>(plot.plottable(i))) ++errorBars;
      if (auto* g = qobject_cast<QCPGraph*>(plot.plottable(i))) {
        if (g->objectName() == QLatin1String("ci95-lower")) lower << g;
        if (g->objectName() == QLatin1String("ci95-upper")) upper << g;
      }
    }
    QCOMPARE(errorBars, 0);  // ci95 alone: no ± std bars
    const auto& t = results_.table;
    QCOMPARE(lower.size(), int(t.column_labels.size()));  // one band per column: every cell has 3 seeds
    QCOMPARE(upper.size(), lower.size());
    int checked = 0;
    for (size_t c = 0; c < t.column_labels.size(); ++c) {
      QCOMPARE(upper[int(c)]->channelFillGraph(), lower[int(c)]);
      for (size_t row = 0; row < t.row_labels.size(); ++row) {
        const auto& values = t.cells[row][c].values;
        double x = 0;
        if (values.empty() || !parseRatioLabel(t.row_labels[row], &x)) continue;
        QVERIFY(tppf.contains(int(values.size())));
        double mean = 0, ss = 0;
        for (double v : values) mean += v / double(values.size());
        for (double v : values) ss += (v - mean) * (v - mean);
        const double half = tppf[int(values.size())] * std::sqrt(ss / double(values.size() - 1)) / std::sqrt(double(values.size()));
        QVERIFY(half > 0);
        for (const auto& [g, bound] : {std::pair{lower[int(c)], mean - half}, std::pair{upper[int(c)], mean + half}}) {
          const auto it = g->data()->findBegin(x, false);
          QVERIFY(it != g->data()->constEnd() && it->key == x);
          QVERIFY2(std::abs(it->value - bound) < 1e-9,
                   qPrintable(QStringLiteral("%1 %2: %3 vs %4").arg(t.column_labels[c].c_str()).arg(x).arg(it->value).arg(bound)));
          ++checked;
        }
      }
    }
    QVERIFY(checked >= 6);
    // Both: the bands and the ± std bars, and a legend entry that names the band.
    style.spread = Spread::Both;
    buildRatioCurve(&plot, results_, style);
    errorBars = 0;
    QStringList names;
    for (int i = 0; i < plot.plottableCount(); ++i) {
      errorBars += qobject_cast<QCPErrorBars*>(plot.plottable(i)) != nullptr;
      names << plot.plottable(i)->name();
    }
    QCOMPARE(errorBars, int(results_.curves.size()));
    QVERIFY(names.contains(QStringLiteral("95 % CI of the mean (t)")));
  }

  // Cells with one finished seed get no band and no NaN; a lone point with an
  // interval between two such cells gets a strip; the legend says n = 1 has none.
  void bandSkipsSingleSeedCells() {
    SweepResults r = curves({{80, 50, 20}, {20, 50, 80}}, {100, 50, 0}, 2.0);
    r.curves[0].n = {3, 3, 1};
    r.curves[1].n = {1, 5, 1};
    FigureStyle style = style_;
    style.spread = Spread::Ci95;
    QCustomPlot plot;
    buildRatioCurve(&plot, r, style);
    int bands = 0, strips = 0;
    QString key;
    for (int i = 0; i < plot.plottableCount(); ++i) {
      QCPAbstractPlottable* p = plot.plottable(i);
      if (p->objectName() == QLatin1String("ci95-key")) key = p->name();
      if (p->objectName() == QLatin1String("ci95-strip")) {
        ++strips;
        auto* e = qobject_cast<QCPErrorBars*>(p);
        QCOMPARE(e->dataCount(), 1);
        QCOMPARE(e->dataMainKey(0), 50.0);
        QVERIFY(std::abs(e->data()->at(0).errorPlus - 2.7764451051977987 * 2.0 / std::sqrt(5.0)) < 1e-9);  // t(0.975, 4) · 2 / √5
      }
      if (auto* g = qobject_cast<QCPGraph*>(p)) {
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) QVERIFY(std::isfinite(it->value));
        if (g->objectName() == QLatin1String("ci95-upper")) {
          ++bands;
          QCOMPARE(g->dataCount(), 2);  // x = 50 and 100; none at 0 where n = 1
          QCOMPARE(g->data()->at(0)->key, 50.0);
          QVERIFY(std::abs(g->data()->at(1)->value - (80 + 4.302652729911275 * 2.0 / std::sqrt(3.0))) < 1e-9);
        }
      }
    }
    QCOMPARE(bands, 1);
    QCOMPARE(strips, 1);
    QVERIFY2(key.contains(QStringLiteral("n = 1")), qPrintable(key));
  }

  // The Results page's picker redraws the ratio plot with the band or the bars.
  void resultsPagePickerDrawsTheBand() {
    ResultsPage page;
    page.setWorkspace(ws_);
    page.resize(1400, 900);
    page.show();
    page.reload();
    QVERIFY(page.selectSweep(QString::number(sweep_.sweepId)));
    const auto count = [&](const QString& name, bool errorBars) {
      int n = 0;
      for (int i = 0; i < page.ratioPlot()->plottableCount(); ++i) {
        QCPAbstractPlottable* p = page.ratioPlot()->plottable(i);
        n += errorBars ? qobject_cast<QCPErrorBars*>(p) != nullptr : p->objectName() == name;
      }
      return n;
    };
    QComboBox* box = page.spreadBox();
    box->setCurrentIndex(box->findData(QStringLiteral("std")));
    page.selectSweep(QString::number(sweep_.sweepId));
    QCOMPARE(count(QStringLiteral("ci95-upper"), false), 0);
    QCOMPARE(count(QString(), true), int(results_.curves.size()));
    box->setCurrentIndex(box->findData(QStringLiteral("ci95")));
    QCOMPARE(count(QStringLiteral("ci95-upper"), false), int(results_.curves.size()));
    QCOMPARE(count(QString(), true), 0);
    QVERIFY(!box->itemData(box->currentIndex(), Qt::ToolTipRole).toString().isEmpty());
  }

  // The band is drawn in every export format: the SVG has its translucent
  // fill path, the PNG and the PDF (rendered back) differ from the figure
  // without it by the band's light tint.
  void bandIsInEveryExport() {
    FigureStyle with = style_, without = style_;
    with.spread = Spread::Ci95;
    without.spread = Spread::Std;
    with.pngDpi = without.pngDpi = 150;
    // Light, coloured pixels: the band's fill over white (lines are darker).
    const auto tinted = [](const QImage& image) {
      const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
      int n = 0;
      for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x) {
          const QColor c = rgb.pixelColor(x, y);
          const int lo = std::min({c.red(), c.green(), c.blue()}), hi = std::max({c.red(), c.green(), c.blue()});
          n += lo > 140 && hi - lo > 20 && hi < 250;
        }
      return n;
    };
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    QCustomPlot plot;
    for (const QString& suffix : {QStringLiteral("svg"), QStringLiteral("png"), QStringLiteral("pdf")}) {
      QImage images[2];
      for (int b = 0; b < 2; ++b) {
        const FigureStyle& style = b ? with : without;
        const QString path = dir_.filePath(QStringLiteral("band%1.").arg(b) + suffix);
        buildRatioCurve(&plot, results_, style);
        QString error;
        QVERIFY2(exportFigure(&plot, style, path, &error), qPrintable(error));
        if (suffix == QLatin1String("svg")) {
          QFile f(path);
          QVERIFY(f.open(QIODevice::ReadOnly));
          const QByteArray text = f.readAll();
          // The first column's colour, translucent: only the band fills with it.
          const QByteArray fill = "fill=\"" + paletteColor(0).name().toLatin1() + "\" fill-opacity=\"0.25";
          QVERIFY2(text.contains(fill) == bool(b), qPrintable(suffix + QString::number(b)));
        } else if (suffix == QLatin1String("png")) {
          images[b] = QImage(path);
        } else if (!pdftoppm.isEmpty()) {
          const QString stem = dir_.filePath(QStringLiteral("band%1-pdf").arg(b));
          images[b] = runTool(pdftoppm, {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                                         QStringLiteral("-singlefile"), path, stem}, stem + QStringLiteral(".png"));
        }
      }
      if (images[0].isNull() && images[1].isNull()) continue;
      QVERIFY2(!images[0].isNull() && !images[1].isNull(), qPrintable(suffix));
      const int t0 = tinted(images[0]), t1 = tinted(images[1]);
      qInfo("%s: %d tinted pixels with the band, %d without", qPrintable(suffix), t1, t0);
      QVERIFY2(t1 > 2 * t0 + 1000, qPrintable(QStringLiteral("%1: %2 tinted pixels with the band, %3 without").arg(suffix).arg(t1).arg(t0)));
    }
  }

  // Every corner holds data (two lines crossing corner to corner, a third
  // through the middle, as the demo's "+ Reed" point at (50, 50)): in every
  // export format the legend goes outside the axes, the figure keeps its size,
  // no data point, segment or error bar lies under the legend, and every
  // data point is visible in the exported file rendered back to pixels.
  void crowdedLegendGoesOutsideInEveryFormat() {
    const SweepResults r = curves({{80, 50, 20}, {20, 50, 80}, {50, 65, 50}}, {100, 50, 0}, 2.0);
    FigureStyle style = style_;
    style.pngDpi = 150;
    QCustomPlot plot;
    buildRatioCurve(&plot, r, style);
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    const QString rsvg = QStandardPaths::findExecutable(QStringLiteral("rsvg-convert"));
    for (const QString& suffix : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}) {
      const QString path = dir_.filePath(QStringLiteral("crowded.") + suffix);
      QString error;
      QVERIFY2(exportFigure(&plot, style, path, &error), qPrintable(error));
      // The layout this format was drawn with (exportFigure leaves it so).
      const QSize size = suffix == QLatin1String("png") ? figureLogicalSize(style, style.pngDpi)
                                                         : QSize(mmToLogicalPx(style.widthMm), mmToLogicalPx(style.heightMm));
      QVERIFY2(legendOutsideAxes(&plot), qPrintable(suffix));
      const QRectF legend = plot.legend->outerRect();
      QVERIFY2(QRectF(QPointF(0, 0), QSizeF(size)).contains(legend), qPrintable(suffix));
      QVERIFY2(!legend.intersects(QRectF(plot.axisRect()->rect())), qPrintable(suffix));  // below or right of the axes
      const double pad = ptToLogicalPx(style.fontPt * 0.6) / 2 + ptToLogicalPx(style.lineWidthPt) / 2;
      const QRectF keepOut = legend.adjusted(-pad, -pad, pad, pad);
      for (const QPointF& p : curveInk(&plot, r, style))
        QVERIFY2(!keepOut.contains(p), qPrintable(QStringLiteral("%1: data at %2,%3 under the legend").arg(suffix).arg(p.x()).arg(p.y())));

      // The file itself: requested size, every data point drawn in its colour.
      QImage image;
      if (suffix == QLatin1String("png")) {
        image = QImage(path);
      } else if (suffix == QLatin1String("pdf")) {
        if (pdftoppm.isEmpty()) continue;
        const QString stem = dir_.filePath(QStringLiteral("crowded-pdf"));
        image = runTool(pdftoppm, {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                                   QStringLiteral("-singlefile"), path, stem}, stem + QStringLiteral(".png"));
      } else {
        if (rsvg.isEmpty()) continue;
        const QString png = dir_.filePath(QStringLiteral("crowded-svg.png"));
        image = runTool(rsvg, {QStringLiteral("--dpi-x"), QStringLiteral("150"), QStringLiteral("--dpi-y"), QStringLiteral("150"),
                               QStringLiteral("-b"), QStringLiteral("white"), path, QStringLiteral("-o"), png}, png);
      }
      QVERIFY2(!image.isNull(), qPrintable(suffix));
      QVERIFY2(std::abs(image.width() - qRound(style.widthMm / 25.4 * 150)) <= 1 &&
                   std::abs(image.height() - qRound(style.heightMm / 25.4 * 150)) <= 1,
               qPrintable(QStringLiteral("%1: %2×%3").arg(suffix).arg(image.width()).arg(image.height())));
      const double scale = image.width() / double(size.width());
      for (int i = 0; i < r.curves.size(); ++i)
        for (int k = 0; k < r.curves[i].x.size(); ++k) {
          const QPointF p(plot.xAxis->coordToPixel(r.curves[i].x[k]), plot.yAxis->coordToPixel(r.curves[i].mean[k]));
          QVERIFY2(colorNear(image, p * scale, ptToLogicalPx(style.fontPt * 0.6) * scale, paletteColor(i)),
                   qPrintable(QStringLiteral("%1: point %2 of %3 not visible").arg(suffix).arg(k).arg(r.curves[i].label)));
        }
    }
    // Rebuilt for the screen the legend comes back inside the axes first.
    buildRatioCurve(&plot, curves({{80, 30, 20}}, {100, 50, 0}, 1.0), style);
    QVERIFY(!legendOutsideAxes(&plot));
  }

  // A free corner keeps the legend inside the axes, over no data, in every format.
  void freeCornerKeepsTheLegendInside() {
    const SweepResults r = curves({{80, 30, 20}, {75, 25, 22}}, {100, 50, 0}, 1.0);
    QCustomPlot plot;
    buildRatioCurve(&plot, r, style_);
    for (const QString& suffix : {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")}) {
      QString error;
      QVERIFY2(exportFigure(&plot, style_, dir_.filePath(QStringLiteral("free.") + suffix), &error), qPrintable(error));
      QVERIFY2(!legendOutsideAxes(&plot), qPrintable(suffix));
      QCOMPARE(plot.axisRect()->insetLayout()->insetAlignment(0), Qt::AlignTop | Qt::AlignRight);  // high values at the left only
      const QRectF legend = plot.legend->outerRect();
      QVERIFY(QRectF(plot.axisRect()->rect()).contains(legend));
      for (const QPointF& p : curveInk(&plot, r, style_)) QVERIFY2(!legend.contains(p), qPrintable(suffix));
    }
  }

  void pngHasSizeAndDpi() {
    const QString path = dir_.filePath(QStringLiteral("curve.png"));
    QString error;
    QVERIFY2(exportFigure(&plot_, style_, path, &error), qPrintable(error));
    const QImage png(path);
    QCOMPARE(png.width(), qRound(85 / 25.4 * 300));  // 1004
    QCOMPARE(png.height(), qRound(60 / 25.4 * 300));
    QCOMPARE(qRound(png.dotsPerMeterX() * 0.0254), 300);
    QVERIFY(meanDifference(png, reference_) < 12);
  }

  void pdfRendersLikeTheScreen() {
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty()) QSKIP("pdftoppm (poppler-utils) is not installed");
    const QString path = dir_.filePath(QStringLiteral("curve.pdf"));
    QString error;
    QVERIFY2(exportFigure(&plot_, style_, path, &error), qPrintable(error));
    const QString stem = dir_.filePath(QStringLiteral("curve-pdf"));
    const QImage img = runTool(pdftoppm, {QStringLiteral("-r"), QStringLiteral("96"), QStringLiteral("-png"),
                                          QStringLiteral("-singlefile"), path, stem}, stem + QStringLiteral(".png"));
    QVERIFY(!img.isNull());
    QVERIFY2(std::abs(img.width() - w_) <= 1 && std::abs(img.height() - h_) <= 1,
             qPrintable(QStringLiteral("%1×%2 vs %3×%4").arg(img.width()).arg(img.height()).arg(w_).arg(h_)));
    QVERIFY(inkShare(img) > 0.5 * inkShare(reference_));
    const double d = meanDifference(img, reference_);
    QVERIFY2(d < 12, qPrintable(QString::number(d)));
  }

  void svgRendersLikeTheScreen() {
    const QString rsvg = QStandardPaths::findExecutable(QStringLiteral("rsvg-convert"));
    if (rsvg.isEmpty()) QSKIP("rsvg-convert (librsvg2-bin) is not installed");
    const QString path = dir_.filePath(QStringLiteral("curve.svg"));
    QString error;
    QVERIFY2(exportFigure(&plot_, style_, path, &error), qPrintable(error));
    const QString png = dir_.filePath(QStringLiteral("curve-svg.png"));
    const QImage img = runTool(rsvg, {QStringLiteral("--dpi-x"), QStringLiteral("96"), QStringLiteral("--dpi-y"),
                                      QStringLiteral("96"), QStringLiteral("-b"), QStringLiteral("white"), path,
                                      QStringLiteral("-o"), png}, png);
    QVERIFY(!img.isNull());
    QVERIFY2(std::abs(img.width() - w_) <= 1 && std::abs(img.height() - h_) <= 1,
             qPrintable(QStringLiteral("%1×%2 vs %3×%4").arg(img.width()).arg(img.height()).arg(w_).arg(h_)));
    const double d = meanDifference(img, reference_);
    QVERIFY2(d < 12, qPrintable(QString::number(d)));
  }

  void japaneseLabelsEmbedACjkFont() {
    const QString pdffonts = QStandardPaths::findExecutable(QStringLiteral("pdffonts"));
    if (pdffonts.isEmpty()) QSKIP("pdffonts (poppler-utils) is not installed");
    QCustomPlot plot;
    FigureStyle s = style_;
    s.xLabel = QStringLiteral("画像の割合 (%)");
    s.yLabel = QStringLiteral("正解率 (%)");
    store::StoreReader reader(ws_->storePath().toStdString());
    buildConfusion(&plot, loadConfusion(reader, results_.doneRuns.front().id), s);
    const QString path = dir_.filePath(QStringLiteral("ja.pdf"));
    QString error;
    QVERIFY2(exportFigure(&plot, s, path, &error), qPrintable(error));
    QProcess p;
    p.start(pdffonts, {path});
    QVERIFY(p.waitForFinished(30000));
    const QString fonts = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(fonts.contains(QStringLiteral("CJK")), qPrintable(fonts));
  }

  void sizesAndFormatsAreChecked() {
    QString error;
    QVERIFY(!exportFigure(&plot_, style_, dir_.filePath(QStringLiteral("x.jpg")), &error));
    QVERIFY(error.contains(QStringLiteral("x.jpg")));
    FigureStyle tiny = style_;
    tiny.widthMm = 2;
    QVERIFY(!exportFigure(&plot_, tiny, dir_.filePath(QStringLiteral("x.pdf")), &error));
    QVERIFY(error.contains(QStringLiteral("mm")));
  }

  void dialogPreviewFollowsThePreset() {
    const SweepResults r = results_;
    FigureExportDialog dialog([r](QCustomPlot* p, const FigureStyle& s) { buildRatioCurve(p, r, s); }, style_,
                              dir_.filePath(QStringLiteral("d.pdf")));
    const QImage one = dialog.previewImage();
    QVERIFY(!one.isNull());
    auto* preset = dialog.findChildren<QComboBox*>().first();
    preset->setCurrentIndex(1);  // two columns
    QCOMPARE(dialog.style().widthMm, kTwoColumnMm);
    QTRY_VERIFY(dialog.previewImage().width() > one.width() * 1.8);
    QString error;
    QVERIFY2(dialog.exportTo(dir_.filePath(QStringLiteral("d.svg")), &error), qPrintable(error));
    // The spread picker reaches the style and the preview.
    QCOMPARE(dialog.style().spread, Spread::Std);
    auto* spread = dialog.findChild<QComboBox*>(QStringLiteral("spreadBox"));
    QVERIFY(spread);
    const QImage before = dialog.previewImage();
    spread->setCurrentIndex(spread->findData(QStringLiteral("ci95")));
    QCOMPARE(dialog.style().spread, Spread::Ci95);
    QTRY_VERIFY(dialog.previewImage() != before);
  }

  void commandLineWritesFigures() {
    for (const QString& kind : {QStringLiteral("ratio-curve"), QStringLiteral("per-class"), QStringLiteral("confusion")}) {
      const QString out = dir_.filePath(QStringLiteral("cli-%1.pdf").arg(kind));
      QProcess p;
      p.start(QStringLiteral(PLUMAGE_GUI_BINARY),
              {QStringLiteral("figure"), QStringLiteral("--workspace"), ws_->root(), QStringLiteral("--sweep"),
               QString::number(sweep_.sweepId), QStringLiteral("--kind"), kind, QStringLiteral("--out"), out,
               QStringLiteral("--width-mm"), QStringLiteral("175"), QStringLiteral("--font-size"), QStringLiteral("9")});
      QVERIFY(p.waitForFinished(60000));
      QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
      QVERIFY(QFileInfo(out).size() > 1000);
    }
    QProcess bad;
    bad.start(QStringLiteral(PLUMAGE_GUI_BINARY), {QStringLiteral("figure"), QStringLiteral("--workspace"), ws_->root(),
                                                   QStringLiteral("--sweep"), QStringLiteral("1"), QStringLiteral("--kind"),
                                                   QStringLiteral("pie"), QStringLiteral("--out"), QStringLiteral("x.pdf")});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardError().contains("--kind pie"));
    // --band: ci95 draws the band (its translucent fill in the SVG); a bad value exits 2 naming the option.
    const auto band = [&](const QString& value, const QString& out) {
      auto* p = new QProcess(this);
      p->start(QStringLiteral(PLUMAGE_GUI_BINARY),
               {QStringLiteral("figure"), QStringLiteral("--workspace"), ws_->root(), QStringLiteral("--sweep"),
                QString::number(sweep_.sweepId), QStringLiteral("--kind"), QStringLiteral("ratio-curve"),
                QStringLiteral("--band"), value, QStringLiteral("--out"), out});
      p->waitForFinished(60000);
      return p;
    };
    const QString out = dir_.filePath(QStringLiteral("cli-band.svg"));
    QProcess* ok = band(QStringLiteral("ci95"), out);
    QVERIFY2(ok->exitCode() == 0, ok->readAllStandardError().constData());
    QFile svg(out);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("fill=\"" + paletteColor(0).name().toLatin1() + "\" fill-opacity=\"0.25"));
    QProcess* wrong = band(QStringLiteral("bad"), dir_.filePath(QStringLiteral("cli-bad.svg")));
    QCOMPARE(wrong->exitCode(), 2);
    const QByteArray err = wrong->readAllStandardError();
    QVERIFY2(err.contains("--band bad") && err.contains("ci95"), err.constData());
    QVERIFY(!QFileInfo::exists(dir_.filePath(QStringLiteral("cli-bad.svg"))));
  }

  // `plumage figure --paren-sweep`: the second sweep overlaid, the legend naming each side.
  void commandLineOverlaysASecondSweep() {
    const auto second = test::writeSyntheticSweep(ws_->storePath(), 6, true, QStringLiteral("gl"), QStringLiteral("global"), -0.04);
    const QString out = dir_.filePath(QStringLiteral("cli-overlay.svg"));
    const auto run = [&](const QString& kind) {
      auto* p = new QProcess(this);
      p->start(QStringLiteral(PLUMAGE_GUI_BINARY),
               {QStringLiteral("figure"), QStringLiteral("--workspace"), ws_->root(), QStringLiteral("--sweep"),
                QString::number(sweep_.sweepId), QStringLiteral("--paren-sweep"), QString::number(second.sweepId),
                QStringLiteral("--kind"), kind, QStringLiteral("--out"), out});
      p->waitForFinished(60000);
      return p;
    };
    QProcess* ok = run(QStringLiteral("ratio-curve"));
    QVERIFY2(ok->exitCode() == 0, ok->readAllStandardError().constData());
    QFile svg(out);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("global sampling"));
    QVERIFY(text.contains("synthetic"));
    QProcess* bad = run(QStringLiteral("per-class"));
    QCOMPARE(bad->exitCode(), 2);
    QVERIFY(bad->readAllStandardError().contains("--paren-sweep is for --kind ratio-curve"));
  }

  void exampleFigures() {
    const QString keep = qEnvironmentVariable("PLUMAGE_EXAMPLE_FIGURES_DIR");
    if (keep.isEmpty()) QSKIP("set PLUMAGE_EXAMPLE_FIGURES_DIR to write the example figures");
    store::StoreReader reader(ws_->storePath().toStdString());
    const int64_t run = results_.doneRuns.back().id;
    QCustomPlot plot;
    for (const QString& suffix : {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")}) {
      QString error;
      buildRatioCurve(&plot, results_, style_);
      QVERIFY2(exportFigure(&plot, style_, keep + QStringLiteral("/ratio-curve.") + suffix, &error), qPrintable(error));
      buildPerClass(&plot, loadClassAccuracy(reader, run), QString(), style_);
      QVERIFY2(exportFigure(&plot, style_, keep + QStringLiteral("/per-class.") + suffix, &error), qPrintable(error));
      FigureStyle square = style_;
      square.heightMm = 75;
      buildConfusion(&plot, loadConfusion(reader, run), square);
      QVERIFY2(exportFigure(&plot, square, keep + QStringLiteral("/confusion.") + suffix, &error), qPrintable(error));
    }
  }

 private:
  QTemporaryDir dir_;
  Workspace* ws_ = nullptr;
  test::SyntheticSweep sweep_;
  SweepResults results_;
  FigureStyle style_;
  QCustomPlot plot_;
  int w_ = 0, h_ = 0;
  QImage reference_;
};

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
