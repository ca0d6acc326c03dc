// Thesis figure export: PNG at the chosen DPI and size in mm; PDF and SVG
// rendered back with pdftoppm / rsvg-convert have the page size asked for and
// look like the on-screen plot (QCustomPlot::toPixmap); Japanese labels embed
// a CJK font; the export dialog previews; `plumage figure` writes files offscreen.
#include "ui/results/figure_builder.h"
#include "ui/results/figure_export.h"
#include "ui/results/figure_export_dialog.h"
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
