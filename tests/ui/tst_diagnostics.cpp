// Conversion diagnostics (results page tab): synthetic feature files written
// with the engine's writers, a ridge converter trained here, the numbers from
// the panel's Job against core's own diagnostics, the histogram and PCA
// figures, vector/PNG export, and errors for bad input.
// LibTorch before Qt: Qt's "slots" macro breaks ATen headers included after it.
#include "core/engine/analysis/conversion_analysis.h"
#include "core/engine/train/converter.h"
#include "core/engine/train/feature_sets.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "ui/common/job.h"
#include "ui/results/diagnostics_data.h"
#include "ui/results/diagnostics_figures.h"
#include "ui/results/diagnostics_panel.h"
#include "ui/results/figure_export.h"
#include "ui/results/results_page.h"
#include "ui/setup/converter_catalog.h"
#include "ui/shell/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include <memory>

using namespace plumage;
using namespace plumage::ui;
using namespace plumage::ui::results;

class TestDiagnostics : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString image_, text_, converter_;
  train::ConversionDiagnostics expected_;

  QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    at::Generator g = at::make_generator<at::CPUGeneratorImpl>(11);
    const int64_t n = 240, e = 16, k = 6;
    train::ImageFeatureSet images;
    // Class structure so the projection has something to show.
    const at::Tensor labels = at::arange(n, at::kLong) % k;
    images.features = at::randn({k, e}, g).index_select(0, labels) * 2.0 + at::randn({n, e}, g);
    images.labels = labels;
    images.is_train = at::ones({n}, at::kByte);
    images.image_ids = at::arange(n, at::kLong) + 1;
    images.class_names = {"Laysan Albatross", "Sooty Albatross", "Crested Auklet", "Least Auklet", "Parakeet Auklet",
                          "Rhinoceros Auklet"};
    images.model = "test";
    images.dataset = "synthetic";
    train::TextFeatureSet texts;
    texts.features = at::mm(images.features, at::randn({e, e}, g) / 4.0) + 1.5 + 0.05 * at::randn({n, e}, g);
    texts.labels = labels.clone();
    texts.image_ids = images.image_ids.clone();
    texts.text_index = at::arange(n, at::kLong);
    texts.source = "reed";
    texts.model = "test";
    image_ = path("img.safetensors");
    text_ = path("txt.safetensors");
    converter_ = path("ridge.safetensors");
    train::save_image_features(image_.toStdString(), images);
    train::save_text_features(text_.toStdString(), texts);
    train::ConverterConfig cfg;
    cfg.kind = train::ConverterKind::Ridge;
    cfg.device = "cpu";
    train::train_converter(cfg, images, texts, converter_.toStdString());
    // Core's own diagnostics of the saved converter on all pairs.
    const auto conv = train::load_converter(converter_.toStdString());
    expected_ = analysis::analyze_conversion(*conv, train::load_image_features(image_.toStdString()),
                                             train::load_text_features(text_.toStdString(), k))
                    .diagnostics;
  }

  void computeMatchesCore() {
    DiagnosticsRequest req{image_, text_, converter_, {0, 2, 4}, 1500};
    const DiagnosticsData d = computeDiagnostics(req);
    QCOMPARE(d.converterKind, QStringLiteral("ridge"));
    QCOMPARE(d.pairs, qint64(240));
    QCOMPARE(d.cosines.size(), 240);
    QCOMPARE(d.rAt1, expected_.r_at_1);
    QCOMPARE(d.rAt5, expected_.r_at_5);
    QVERIFY(qAbs(d.meanCosine - expected_.cosine) < 1e-9);
    double sum = 0;
    for (double c : d.cosines) sum += c;
    QVERIFY(qAbs(sum / d.cosines.size() - d.meanCosine) < 1e-5);
    QVERIFY(d.rAt1 > 0.5);
    QCOMPARE(d.classNames, QStringList({"Laysan Albatross", "Crested Auklet", "Parakeet Auklet"}));
    QCOMPARE(d.image.x.size(), 120);  // 3 classes x 40 images
    QCOMPARE(d.rawText.x.size(), 120);
    QCOMPARE(d.convertedText.x.size(), 120);
    QVERIFY(d.explained[0] > 0 && d.explained[0] + d.explained[1] <= 1.0 + 1e-9);
    for (int slot : d.image.classSlot) QVERIFY(slot >= 0 && slot < 3);
    // The raw texts sit across the modality gap: their centroid is farther
    // from the images' than the converted texts' centroid is.
    auto centroid = [](const ProjectedGroup& g) {
      double x = 0, y = 0;
      for (int i = 0; i < g.x.size(); ++i) x += g.x[i], y += g.y[i];
      return QPointF(x / g.x.size(), y / g.y.size());
    };
    const QPointF ci = centroid(d.image), cr = centroid(d.rawText), cc = centroid(d.convertedText);
    QVERIFY(QLineF(ci, cr).length() > QLineF(ci, cc).length());
  }

  void badInputErrors() {
    DiagnosticsRequest req{image_, text_, converter_, {0, 99}, 1500};
    try {
      computeDiagnostics(req);
      QFAIL("class 99 accepted");
    } catch (const std::exception& e) {
      QVERIFY2(QString::fromUtf8(e.what()).contains("class index 99"), e.what());
    }
    req.classes = {0};
    req.converterPath = path("missing.safetensors");
    QVERIFY_THROWS_EXCEPTION(std::exception, computeDiagnostics(req));
    // The checkpoint between stages stops the work (a Job's cancellation).
    int calls = 0;
    DiagnosticsRequest ok{image_, text_, converter_, {0}, 1500};
    try {
      computeDiagnostics(ok, [&calls] {
        if (++calls == 2) throw std::runtime_error("stopped");
      });
      QFAIL("checkpoint ignored");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("stopped"));
    }
    QCOMPARE(calls, 2);
    QVector<int> cls;
    QVERIFY(parseClassList(QStringLiteral("0, 3, 5-7"), &cls));
    QCOMPARE(cls, QVector<int>({0, 3, 5, 6, 7}));
    QVERIFY(!parseClassList(QStringLiteral("a"), &cls));
    QVERIFY(!parseClassList(QStringLiteral("5-2"), &cls));
    QVERIFY(!parseClassList(QString(), &cls));
  }

  // Images, texts and the converter must come from one CLIP model: a
  // converter trained on another model's features is refused, naming both.
  void mixedClipModelsAreRefused() {
    const std::string b16 = R"({"name":"ViT-B/16","weights_hash":"aaaa1111bbbb2222"})";
    const std::string b32 = R"({"name":"ViT-B/32","weights_hash":"cccc3333dddd4444"})";
    train::ImageFeatureSet images = train::read_image_set(image_.toStdString());
    train::TextFeatureSet texts = train::read_text_set(text_.toStdString());
    const QString img16 = path("img16.safetensors"), txt16 = path("txt16.safetensors"), conv32 = path("conv32.safetensors");
    images.model = b16;
    texts.model = b16;
    train::save_image_features(img16.toStdString(), images);
    train::save_text_features(txt16.toStdString(), texts);
    images.model = b32;
    texts.model = b32;
    train::ImageFeatureSet img32 = images;
    train::TextFeatureSet txt32 = texts;
    img32.metadata["model"] = b32;
    txt32.metadata["model"] = b32;
    train::ConverterConfig cfg;
    cfg.kind = train::ConverterKind::Ridge;
    cfg.device = "cpu";
    train::train_converter(cfg, img32, txt32, conv32.toStdString());
    DiagnosticsRequest req{img16, txt16, conv32, {0}, 1500};
    try {
      computeDiagnostics(req);
      QFAIL("a converter of another CLIP model was accepted");
    } catch (const std::exception& e) {
      const QString what = QString::fromUtf8(e.what());
      for (const QString& s : {conv32, img16, QStringLiteral("ViT-B/16"), QStringLiteral("ViT-B/32")})
        QVERIFY2(what.contains(s), e.what());
    }
  }

  // Pairs-only sets (COCO from encode-coco: no classes, labels -1) give the
  // pair diagnostics; a class list for the projection is refused, saying why.
  void pairsOnlySetsGivePairDiagnostics() {
    train::ImageFeatureSet images = train::read_image_set(image_.toStdString());
    train::TextFeatureSet texts = train::read_text_set(text_.toStdString());
    images.class_names.clear();
    images.labels = at::full_like(images.labels, -1);
    images.metadata["pairs_only"] = "true";
    texts.labels = at::full_like(texts.labels, -1);
    const QString img = path("coco_img.safetensors"), txt = path("coco_txt.safetensors");
    train::save_image_features(img.toStdString(), images);
    train::save_text_features(txt.toStdString(), texts);
    DiagnosticsRequest req{img, txt, converter_, {}, 1500};
    const DiagnosticsData d = computeDiagnostics(req);
    QCOMPARE(d.pairs, qint64(240));
    QCOMPARE(d.rAt1, expected_.r_at_1);
    QVERIFY(qAbs(d.meanCosine - expected_.cosine) < 1e-9);
    QVERIFY(d.classNames.isEmpty());
    req.classes = {0};
    try {
      computeDiagnostics(req);
      QFAIL("a class projection of a pairs-only set was accepted");
    } catch (const std::exception& e) {
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("pairs only")), e.what());
      QVERIFY2(QString::fromUtf8(e.what()).contains(img), e.what());
    }
    // The panel runs it with an empty class list and says no PCA.
    DiagnosticsPanel panel;
    panel.setPaths(img, txt, converter_);
    panel.setClasses(QString());
    QSignalSpy done(&panel, &DiagnosticsPanel::computed);
    QVERIFY(panel.compute());
    QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);
    QVERIFY2(panel.summaryText().contains(QStringLiteral("R@1")), qPrintable(panel.summaryText()));
    QVERIFY(!panel.summaryText().contains(QStringLiteral("PCA")));
  }

  // A workspace's files are offered by kind and the first of each is chosen:
  // image features, caption features, a converter from the converters folder.
  void panelOffersTheWorkspaceFiles() {
    QTemporaryDir tmp;
    QString error;
    std::unique_ptr<Workspace> ws(Workspace::create(tmp.filePath(QStringLiteral("ws")), &error));
    QVERIFY2(ws, qPrintable(error));
    const QString cache = ws->featureCacheDir(), convDir = workspaceConverterDir(ws->root());
    QVERIFY(QDir().mkpath(cache) && QDir().mkpath(convDir));
    QVERIFY(QFile::copy(image_, cache + QStringLiteral("/img.safetensors")));
    QVERIFY(QFile::copy(text_, cache + QStringLiteral("/txt.safetensors")));
    QVERIFY(QFile::copy(converter_, convDir + QStringLiteral("/ridge.safetensors")));
    DiagnosticsPanel panel;
    panel.setWorkspace(ws.get());
    const auto box = [&](const char* name) { return panel.findChild<QComboBox*>(QString::fromLatin1(name)); };
    QCOMPARE(box("diagnosticsImage")->currentText(), cache + QStringLiteral("/img.safetensors"));
    QCOMPARE(box("diagnosticsText")->currentText(), cache + QStringLiteral("/txt.safetensors"));
    QCOMPARE(box("diagnosticsConverter")->currentText(), convDir + QStringLiteral("/ridge.safetensors"));
    QCOMPARE(box("diagnosticsImage")->count(), 1);  // texts and converters are not offered as images
    panel.setWorkspace(nullptr);
  }

  void panelComputesInJobAndExports() {
    ResultsPage page;
    auto* panel = page.findChild<DiagnosticsPanel*>(QStringLiteral("diagnosticsPanel"));
    QVERIFY(panel);
    auto* tabs = page.findChild<QTabWidget*>();
    QVERIFY(tabs && tabs->indexOf(panel) >= 0);
    panel->setPaths(image_, text_, converter_);
    panel->setClasses(QStringLiteral("0-2"));
    QSignalSpy done(panel, &DiagnosticsPanel::computed);
    QVERIFY(panel->compute());
    QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);  // the signal may already have come
    QVERIFY(panel->data());
    QCOMPARE(panel->data()->rAt1, expected_.r_at_1);
    QVERIFY(panel->summaryText().contains(QStringLiteral("R@1")));
    QCustomPlot* hist = panel->histogramPlot();
    QCOMPARE(hist->plottableCount(), 1);
    auto* bars = qobject_cast<QCPBars*>(hist->plottable(0));
    QVERIFY(bars);
    double total = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) total += it->value;
    QCOMPARE(total, 240.0);
    // 3 classes x 3 modalities, plus legend swatches: 3 modalities and 3 classes.
    QCOMPARE(panel->projectionPlot()->graphCount(), 15);
    // Written where PLUMAGE_EXAMPLE_FIGURES_DIR says (docs/figures), else in the test's temporary folder.
    const QString keep = qEnvironmentVariable("PLUMAGE_EXAMPLE_FIGURES_DIR", dir_.path());
    for (const char* suffix : {"pdf", "svg", "png"}) {
      QString error;
      FigureStyle style;
      const QString hist = keep + QStringLiteral("/cosine-histogram.") + QLatin1String(suffix);
      buildCosineHistogram(panel->histogramPlot(), *panel->data(), style);
      QVERIFY2(exportFigure(panel->histogramPlot(), style, hist, &error), qPrintable(error));
      QVERIFY(QFileInfo(hist).size() > 500);
      style.heightMm = 75;
      const QString pca = keep + QStringLiteral("/modality-pca.") + QLatin1String(suffix);
      QVERIFY2(exportFigure(panel->projectionPlot(), style, pca, &error), qPrintable(error));
      QVERIFY(QFileInfo(pca).size() > 500);
    }
  }

  void panelReportsFailure() {
    DiagnosticsPanel panel;
    QVERIFY(!panel.compute());  // no paths
    panel.setPaths(image_, path("nope.safetensors"), converter_);
    QSignalSpy failed(&panel, &DiagnosticsPanel::computeFailed);
    QVERIFY(panel.compute());
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() > 0, 20000);  // the signal may already have come
    QVERIFY(panel.summaryText().contains(QStringLiteral("nope.safetensors")));
  }
};

QTEST_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
