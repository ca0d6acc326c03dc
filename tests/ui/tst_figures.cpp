// Thesis figure export: PNG at the chosen DPI and size in mm; PDF and SVG
// rendered back with pdftoppm / rsvg-convert have the page size asked for and
// look like the on-screen plot (QCustomPlot::toPixmap); Japanese labels embed
// a CJK font; the export dialog previews; `plumage figure` writes files offscreen.
#include "ui/results/figure_builder.h"
#include "ui/results/figure_export.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/results/legend_placement.h"
#include "ui/results/results_data.h"
#include "core/store/store_reader.h"
#include "tst_results_fixture.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
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


// Ratio curves from values (image share %, mean, std) without a store.
SweepResults curves(const QVector<QVector<double>>& means, const QVector<double>& x, double sd) {
  SweepResults r;
  r.table.metric = "test_top1";
  const QStringList labels = {QStringLiteral("Image only"), QStringLiteral("+ Reed captions"),
                              QStringLiteral("+ LLM descriptions")};
  for (int i = 0; i < means.size(); ++i) r.curves << CurveSeries{labels[i], x, means[i], QVector<double>(x.size(), sd)};
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
