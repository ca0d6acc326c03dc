// Japanese UI: with the embedded plumage_ja translation installed, every
// visible text of the main window's pages (labels, buttons, group boxes,
// tabs, page list, menus and actions) is Japanese — none is left in English.
#include "ui/shell/language.h"
#include "core/experiment/demo_workspace.h"
#include "results_fixture.h"
#include "ui_fixtures.h"
#include "ui/common/core_texts.h"
#include "ui/common/job.h"
#include "ui/common/retranslator.h"
#include "ui/features/extract_features_dialog.h"
#include "ui/llm/generate_descriptions_dialog.h"
#include "ui/results/figure_builder.h"
#include "ui/results/figure_export_dialog.h"
#include "ui/results/results_page.h"
#include "ui/setup/train_converter_dialog.h"
#include "ui/shell/dataset_session.h"
#include "ui/shell/job_status_widget.h"
#include "ui/shell/workspace.h"
#include "ui/runs/config_summary.h"
#include "ui/setup/ratio_commands.h"
#include "ui/features/feature_extraction.h"
#include "ui/shell/main_window.h"
#include "ui/shell/workspace_page.h"

#include <nlohmann/json.hpp>

#include <QAbstractButton>
#include <QAction>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFontComboBox>
#include <QHeaderView>
#include <QSet>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <qcustomplot.h>

#include <atomic>
#include <memory>

using namespace plumage;
using namespace plumage::ui;
using plumage::ui::results::buildRatioCurve;
using plumage::ui::results::FigureExportDialog;
using plumage::ui::results::FigureStyle;

namespace {

// Text that needs no translation: names, numbers, units and symbols.
bool needsNoTranslation(QString text) {
  static const QStringList names = {QStringLiteral("Plumage"), QStringLiteral("CLIP"), QStringLiteral("CUB"),
                                    QStringLiteral("JSON"), QStringLiteral("PDF"), QStringLiteral("SVG"),
                                    QStringLiteral("PNG"), QStringLiteral("LLM"), QStringLiteral("Reed"),
                                    QStringLiteral("Slurm"), QStringLiteral("Q-Former"), QStringLiteral("CSV"),
                                    QStringLiteral("LaTeX"), QStringLiteral("Okabe"), QStringLiteral("Ito"),
                                    QStringLiteral("CPU"), QStringLiteral("CUDA"), QStringLiteral("Top-1"),
                                    QStringLiteral("ID")};
  text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));  // rich text tags
  text.remove(QLatin1Char('&'));
  for (const QString& n : names) text.remove(n, Qt::CaseSensitive);
  // English needs a word of letters; anything with kana/kanji is translated.
  static const QRegularExpression japanese(QStringLiteral("[\\x{3040}-\\x{30ff}\\x{4e00}-\\x{9fff}]"));
  static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
  return japanese.match(text).hasMatch() || !word.match(text).hasMatch();
}

void check(const QString& where, const QString& text, QStringList* untranslated) {
  if (!text.trimmed().isEmpty() && !needsNoTranslation(text)) *untranslated << where + QStringLiteral(": ") + text;
}

void walk(QWidget* root, const QString& page, QStringList* out) {
  for (QWidget* w : root->findChildren<QWidget*>()) {
    const QString where = page + QLatin1Char('/') + QString::fromLatin1(w->metaObject()->className());
    if (auto* l = qobject_cast<QLabel*>(w)) check(where, l->text(), out);
    if (auto* b = qobject_cast<QAbstractButton*>(w)) check(where, b->text(), out);
    if (auto* g = qobject_cast<QGroupBox*>(w)) check(where, g->title(), out);
    if (auto* e = qobject_cast<QLineEdit*>(w)) check(where + QStringLiteral("[placeholder]"), e->placeholderText(), out);
    if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) check(where + QStringLiteral("[tab]"), t->tabText(i), out);
    for (QAction* a : w->actions()) check(where + QStringLiteral("[action]"), a->text(), out);
    if (!w->toolTip().isEmpty()) check(where + QStringLiteral("[tooltip]"), w->toolTip(), out);
  }
}


// Every text a user can see in `root` and its children, as "where: text":
// labels, buttons, group boxes, tabs, placeholders, tooltips, combo items,
// window titles, actions and menus (all levels), the header data of every
// item view's model, and plot axis labels, legend entries and titles.
void collect(QWidget* root, const QString& where, QStringList* out) {
  const auto add = [&](const QWidget* w, const QString& kind, const QString& text) {
    if (!text.trimmed().isEmpty())
      *out << where + QLatin1Char('/') + QString::fromLatin1(w->metaObject()->className()) + kind + QStringLiteral(": ") + text;
  };
  QList<QWidget*> widgets = root->findChildren<QWidget*>();
  widgets.prepend(root);
  QSet<QAction*> actions;
  for (QWidget* w : widgets) {
    if (w->isWindow()) add(w, QStringLiteral("[title]"), w->windowTitle());
    if (auto* l = qobject_cast<QLabel*>(w)) add(w, {}, l->text());
    if (auto* b = qobject_cast<QAbstractButton*>(w)) add(w, {}, b->text());
    if (auto* g = qobject_cast<QGroupBox*>(w)) add(w, {}, g->title());
    if (auto* e = qobject_cast<QLineEdit*>(w)) add(w, QStringLiteral("[placeholder]"), e->placeholderText());
    if (auto* t = qobject_cast<QTabBar*>(w))
      for (int i = 0; i < t->count(); ++i) add(w, QStringLiteral("[tab]"), t->tabText(i));
    if (auto* c = qobject_cast<QComboBox*>(w); c && !qobject_cast<QFontComboBox*>(w))  // font names are names
      for (int i = 0; i < c->count(); ++i) add(w, QStringLiteral("[item]"), c->itemText(i));
    if (auto* v = qobject_cast<QAbstractItemView*>(w); v && v->model() && !qobject_cast<QHeaderView*>(w)) {
      QAbstractItemModel* m = v->model();
      for (int c = 0; c < m->columnCount(); ++c) add(w, QStringLiteral("[header]"), m->headerData(c, Qt::Horizontal).toString());
      if (qobject_cast<QTableView*>(w) && static_cast<QTableView*>(w)->verticalHeader()->isVisible())
        for (int r = 0; r < m->rowCount(); ++r) add(w, QStringLiteral("[row]"), m->headerData(r, Qt::Vertical).toString());
    }
    if (auto* plot = qobject_cast<QCustomPlot*>(w)) {
      for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) add(w, QStringLiteral("[axis]"), axis->label());
      for (int i = 0; i < plot->plottableCount(); ++i) add(w, QStringLiteral("[legend]"), plot->plottable(i)->name());
      for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
        if (auto* t = qobject_cast<QCPTextElement*>(e)) add(w, QStringLiteral("[plot title]"), t->text());
    }
    if (!w->toolTip().isEmpty()) add(w, QStringLiteral("[tooltip]"), w->toolTip());
    for (QAction* a : w->actions()) actions.insert(a);
  }
  for (QAction* a : std::as_const(actions)) {
    if (a->isSeparator()) continue;
    *out << where + QStringLiteral("[action]: ") + a->text();
    if (a->menu()) collect(a->menu(), where + QStringLiteral("/") + a->text(), out);
  }
}

// The text part of "where: text".
QString textOf(const QString& entry) { return entry.section(QStringLiteral(": "), 1); }

// Entries with English left: words of Latin letters that are not names,
// units, file names or the user's data (the fixture's class and file names).
QStringList english(const QStringList& entries) {
  QStringList out;
  static const QRegularExpression userData(
      QStringLiteral("[0-9]*\\.?Test[_ ]Bird[_ ][A-Za-z0-9_]*|\\S+\\.(jpg|json|safetensors|csv|png|svg|pdf|tex|txt|sqlite)\\b|"
                     "https?://\\S+|English|ms\\b|px\\b|"
                     // the fixture's description variants and their model, optimizer and preset names
                     "\\bv1\\b|menon|test-model|\\bAdamW?\\b|\\bSGD\\b|"
                     "baselines|thesis-global|thesis-per-class|zero-shot-prompts|Top-5"));
  for (const QString& e : entries) {
    QString t = textOf(e);
    t.remove(userData);
    if (!needsNoTranslation(t)) out << e;
  }
  out.removeDuplicates();
  return out;
}

bool hasJapanese(const QString& text) {
  static const QRegularExpression japanese(QStringLiteral("[\\x{3040}-\\x{30ff}\\x{4e00}-\\x{9fff}]"));
  return japanese.match(text).hasMatch();
}

// The workbench on a small workspace: a loaded dataset (Browser and
// Descriptions have content) and a finished sweep (Results has a table and
// curves). Class names and the sweep's name are the user's data.
struct Workbench {
  QTemporaryDir dir;
  std::unique_ptr<MainWindow> window;
  bool open() {
    const test::TinyCub cub = test::writeTinyCub(dir.path(), 3, 2);
    QString error;
    const QString root = dir.filePath(QStringLiteral("ws"));
    {
      std::unique_ptr<Workspace> ws(Workspace::create(root, &error));
      if (!ws || !ws->addDataset({QStringLiteral("鳥"), cub.root, cub.captionsDir, cub.descriptions, QStringLiteral("auto")}, &error))
        return false;
      test::writeSyntheticSweep(ws->storePath(), 4, /*japaneseNames=*/true, QStringLiteral("合成"));
    }
    window = std::make_unique<MainWindow>(/*restoreState=*/false);
    window->show();
    if (!window->openWorkspace(root, &error)) return false;
    return QTest::qWaitFor([&] { return !window->isBusy() && window->workspace()->session()->dataset(); }, 20000);
  }
};
}  // namespace

class TestTranslation : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings under ~/.qttest, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlumageTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translation"));
  }
  void cleanupTestCase() { QSettings().remove(QStringLiteral("ui/language")); }

  void languageSettingValues() {
    for (const char* ok : {"", "system", "en", "ja", "JA", " en "}) QVERIFY2(isLanguageSetting(QString::fromLatin1(ok)), ok);
    for (const char* bad : {"fr", "japanese", "ja_JP", "e"}) QVERIFY2(!isLanguageSetting(QString::fromLatin1(bad)), bad);
    QCOMPARE(nativeLanguageName(QStringLiteral("ja")), QStringLiteral("日本語"));
    QCOMPARE(nativeLanguageName(QStringLiteral("en")), QStringLiteral("English"));
  }

  // Settings → Language saves the choice and applies it at once; a window
  // created afterwards (the next start) shows it checked and main() resolves
  // it to that language.
  void languageMenuRoundTrip() {
    QSettings().remove(QStringLiteral("ui/language"));
    QVERIFY(installTranslations(QStringLiteral("en")));
    {
      MainWindow window(/*restoreState=*/false);
      auto* system = window.findChild<QAction*>(QStringLiteral("languageAction_system"));
      QVERIFY(system);
      QVERIFY(system->isChecked());  // nothing saved: follows the system locale
    }
    for (const QString& code : {QStringLiteral("ja"), QStringLiteral("en"), QStringLiteral("system")}) {
      {
        MainWindow window(/*restoreState=*/false);
        auto* action = window.findChild<QAction*>(QStringLiteral("languageAction_") + code);
        QVERIFY(action);
        QVERIFY2(!action->isChecked(), qPrintable(code));
        action->trigger();
        QCOMPARE(savedLanguageSetting(), code);
        QCoreApplication::processEvents();
        const bool japanese = resolveLanguage(code) == QLatin1String("ja");
        QCOMPARE(window.page(QStringLiteral("results"))->pageTitle(), japanese ? QStringLiteral("結果") : QStringLiteral("Results"));
        QCOMPARE(window.menuBar()->actions().first()->text(),
                 japanese ? QCoreApplication::translate("plumage::ui::MainWindow", "&File") : QStringLiteral("&File"));
      }
      MainWindow next(/*restoreState=*/false);
      int checked = 0;
      for (const char* c : {"system", "en", "ja"}) {
        auto* a = next.findChild<QAction*>(QStringLiteral("languageAction_") + QLatin1String(c));
        QVERIFY(a);
        checked += a->isChecked();
        QCOMPARE(a->isChecked(), code == QLatin1String(c));
      }
      QCOMPARE(checked, 1);
      QCOMPARE(resolveLanguage(savedLanguageSetting()), code == QLatin1String("system") ? resolveLanguage(QString()) : code);
    }
    installTranslations(QStringLiteral("en"));
  }

  // Texts made outside widgets (QCoreApplication::translate with a context
  // of their own: extraction steps, run summaries, undo commands) reach the
  // translation too: lupdate and the runtime must agree on the context.
  void textsOutsideWidgetsAreTranslated() {
    FeatureExtractionStep images;
    images.kind = FeatureExtractionStep::Images;
    QVERIFY(installTranslations(QStringLiteral("ja")));
    QCOMPARE(images.title(), QStringLiteral("画像特徴量"));
    QString error;
    QVERIFY(planFeatureExtraction({}, {}, &error).isEmpty());
    QCOMPARE(error, QStringLiteral("CLIP モデルのファイルを選んでください。"));
    const QString summary = summarizeConfig(nlohmann::json{{"text_source", "none"}, {"seed", 3}});
    QVERIFY2(!summary.contains(QStringLiteral("image only")) && !summary.contains(QStringLiteral("seed")),
             qPrintable(summary));
    QVERIFY2(!SetGlobalRatioCommand(nullptr, 1.0, 0.5).text().startsWith(QStringLiteral("Set")),
             qPrintable(SetGlobalRatioCommand(nullptr, 1.0, 0.5).text()));
    installTranslations(QStringLiteral("en"));
    QCOMPARE(images.title(), QStringLiteral("image features"));
  }

  // Settings → Language at run time: every page of the main window and the
  // main dialogs (open, not modal) re-translate with nothing English left —
  // texts, tabs, menus, combo items, table headers (core's column labels
  // too), plot axes and legends — and keep their state; back to English,
  // no Japanese is left.
  void switchingAtRunTimeRetranslatesEverything() {
    QSettings().remove(QStringLiteral("ui/language"));
    QVERIFY(installTranslations(QStringLiteral("en")));
    Workbench wb;
    QVERIFY2(wb.open(), "the workspace did not open");
    MainWindow& window = *wb.window;
    auto* results = qobject_cast<results::ResultsPage*>(window.page(QStringLiteral("results")));
    QVERIFY(results);
    for (const QString& id : window.pageIds()) {
      QVERIFY(window.showPage(id));
      QCoreApplication::processEvents();
    }
    QTRY_VERIFY(results->table()->columnCount() == 3);
    QCOMPARE(results->table()->horizontalHeaderItem(0)->text(), QStringLiteral("Image only"));
    QVERIFY(results->ratioPlot()->graphCount() > 0);

    // The main dialogs, as the File menu and the pages open them (modeless here).
    auto* train = new TrainConverterDialog({}, wb.dir.path(), window.workspace()->storePath(), &window);
    FeatureExtractionInputs inputs;
    inputs.outputDir = wb.dir.path();
    auto* extract = new ExtractFeaturesDialog(inputs, FeatureExtractionSettings{}, &window);
    auto* figure = new FigureExportDialog(
        [results](QCustomPlot* plot, const FigureStyle& style) { buildRatioCurve(plot, *results->sweepResults(), style); },
        FigureStyle{}, wb.dir.filePath(QStringLiteral("ratio")), &window);
    auto* generate = new GenerateDescriptionsDialog(window.workspace(), &window);
    const QList<QDialog*> dialogs{train, extract, figure, generate};
    for (QDialog* d : dialogs) d->show();
    QCoreApplication::processEvents();

    // State to keep: what the user typed and chose.
    auto* typed = extract->findChild<QLineEdit*>();
    QVERIFY(typed);
    typed->setText(QStringLiteral("/tmp/some model.pt"));
    results->findChild<QTabWidget*>()->setCurrentIndex(1);
    const int rows = results->table()->rowCount();
    const QString sweep = results->findChild<QComboBox*>()->currentText();

    const auto everything = [&] {
      QStringList texts;
      for (const QString& id : window.pageIds()) {
        window.showPage(id);
        QCoreApplication::processEvents();
        texts << window.page(id)->pageTitle();
      }
      collect(&window, QStringLiteral("window"), &texts);
      for (QDialog* d : dialogs) collect(d, QString::fromLatin1(d->metaObject()->className()), &texts);
      return texts;
    };
    QVERIFY2(!english(everything()).isEmpty(), "the walk sees no English in the English UI");

    auto* ja = window.findChild<QAction*>(QStringLiteral("languageAction_ja"));
    QVERIFY(ja);
    QElapsedTimer switching;
    switching.start();
    ja->trigger();  // what Settings → Language → 日本語 does
    QCoreApplication::processEvents();
    qInfo("switching to Japanese with every page and 4 dialogs open took %lld ms", switching.elapsed());
    const QStringList left = english(everything());
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("\n") + left.join(QLatin1Char('\n'))));
    QCOMPARE(results->table()->horizontalHeaderItem(0)->text(),
             QCoreApplication::translate("core", "Image only"));
    QVERIFY(results->table()->horizontalHeaderItem(0)->text() != QStringLiteral("Image only"));
    QCOMPARE(typed->text(), QStringLiteral("/tmp/some model.pt"));
    QCOMPARE(results->table()->rowCount(), rows);
    QCOMPARE(results->findChild<QComboBox*>()->currentText(), sweep);

    window.findChild<QAction*>(QStringLiteral("languageAction_en"))->trigger();
    QCoreApplication::processEvents();
    QStringList japanese;
    static const QRegularExpression userData(QStringLiteral("鳥[0-9]*|合成|日本語"));
    for (const QString& e : everything())
      if (hasJapanese(QString(textOf(e)).remove(userData))) japanese << e;
    japanese.removeDuplicates();
    QVERIFY2(japanese.isEmpty(), qPrintable(QStringLiteral("\n") + japanese.join(QLatin1Char('\n'))));
    QCOMPARE(results->table()->horizontalHeaderItem(0)->text(), QStringLiteral("Image only"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
    QCOMPARE(typed->text(), QStringLiteral("/tmp/some model.pt"));
  }

  // The demo job's progress lines (made in core, in English) reach the
  // status bar in the UI language and follow a language change; numbers
  // stay as they are. The first line comes from core itself.
  void demoProgressLinesAreTranslated() {
    QVERIFY(installTranslations(QStringLiteral("en")));
    QTemporaryDir dir;
    experiment::DemoWorkspaceOptions o;
    o.workspace = dir.filePath(QStringLiteral("demo")).toStdString();
    o.classes = 2;
    o.images_per_class = 2;
    o.image_size = 64;
    std::atomic<bool> stop{false};
    QStringList lines;
    experiment::run_demo_workspace(
        o, [&](const std::string& line, int, int) { lines << QString::fromStdString(line).trimmed(), stop = true; }, &stop);
    QVERIFY(!lines.isEmpty());
    QVERIFY2(lines[0].startsWith(QStringLiteral("[1/")), qPrintable(lines[0]));
    lines << QStringLiteral("[4/10] image features: done in 3.1 s (599 images)")
          << QStringLiteral("[6/10] description features: cached in 0.0 s (120 texts, with tokens)")
          << QStringLiteral("run 3/16 {\"image_ratio\":0.5,\"seed\":1,\"text_source\":\"reed\"}: done in 1.2 s")
          << QStringLiteral("[9/10] sweep: done in 40.2 s (16 runs: 0 already done, 16 done now, 0 failed)");
    QVERIFY(installTranslations(QStringLiteral("ja")));
    for (const QString& line : lines) {
      const QString shown = coreText(line);
      QVERIFY2(hasJapanese(shown) && english({QStringLiteral("core: ") + shown}).isEmpty(), qPrintable(shown));
    }
    QVERIFY(coreText(lines[1]).contains(QStringLiteral("3.1 s")) && coreText(lines[1]).contains(QStringLiteral("599")));
    QCOMPARE(coreText(QStringLiteral("Image only")), QCoreApplication::translate("core", "Image only"));
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCOMPARE(coreText(lines[1]), lines[1]);

    // In the status bar, as the demo job reports them.
    std::atomic<bool> release{false};
    Job job(QCoreApplication::translate("plumage::ui::MainWindow", "Preparing the demo workspace"),
            [&](JobContext& ctx) {
              ctx.progress(1, 10, lines[0]);
              while (!release) QThread::msleep(5);
              return QVariant();
            });
    JobStatusWidget status;
    status.track(&job);
    job.start();
    auto* label = status.findChild<QLabel*>();
    QVERIFY(label);
    QTRY_VERIFY2(label->text().contains(QStringLiteral("dataset: done in")), qPrintable(label->text()));
    QVERIFY(installTranslations(QStringLiteral("ja")));
    QCoreApplication::processEvents();
    QVERIFY2(hasJapanese(label->text()) && english({QStringLiteral("status: ") + label->text()}).isEmpty(),
             qPrintable(label->text()));
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCoreApplication::processEvents();
    QVERIFY2(label->text().startsWith(QStringLiteral("Preparing the demo workspace: [1/10] dataset: done in")),
             qPrintable(label->text()));
    release = true;
    QTRY_VERIFY(!job.isRunning());
  }

  // A text built with arg() is matched against its pattern (the most
  // specific one first) and rebuilt in the new language with the same
  // arguments; a text no translation made is left as it is.
  void textsWithArgumentsAreRebuilt() {
    QVERIFY(installTranslations(QStringLiteral("en")));
    const QString seconds = JobStatusWidget::formatDuration(7), minutes = JobStatusWidget::formatDuration(185);
    QCOMPARE(minutes, QStringLiteral("3 min 5 s"));
    QVERIFY(installTranslations(QStringLiteral("ja")));
    const RecordingTranslator* rec = RecordingTranslator::instance();
    QVERIFY(JobStatusWidget::formatDuration(185) != minutes);
    QCOMPARE(rec->retranslate(minutes), JobStatusWidget::formatDuration(185));
    QCOMPARE(rec->retranslate(seconds), JobStatusWidget::formatDuration(7));
    QCOMPARE(rec->retranslate(QStringLiteral("/data/cub 200/images.txt")), QStringLiteral("/data/cub 200/images.txt"));
    const QString japanese = JobStatusWidget::formatDuration(185);
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCOMPARE(rec->retranslate(japanese), minutes);
  }

  void languageFollowsTheOverride() {
    QCOMPARE(resolveLanguage(QStringLiteral("ja")), QStringLiteral("ja"));
    QCOMPARE(resolveLanguage(QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(resolveLanguage(QStringLiteral("xx")), QStringLiteral("en"));
    QVERIFY(!installTranslations(QStringLiteral("xx")));
  }

  void mainPagesAreFullyJapanese() {
    QVERIFY2(installTranslations(QStringLiteral("ja")), "the Japanese .qm is not embedded");
    QCOMPARE(QCoreApplication::translate("plumage::ui::results::ResultsPage", "Results"), QStringLiteral("結果"));
    MainWindow window(/*restoreState=*/false);
    window.show();
    QStringList untranslated;
    for (const QString& id : window.pageIds()) {
      QVERIFY(window.showPage(id));
      QCoreApplication::processEvents();
      check(id + QStringLiteral("[title]"), window.page(id)->pageTitle(), &untranslated);
      walk(window.page(id), id, &untranslated);
    }
    if (auto* list = window.findChild<QListWidget*>(QStringLiteral("pageList")))
      for (int i = 0; i < list->count(); ++i) check(QStringLiteral("pageList"), list->item(i)->text(), &untranslated);
    for (QAction* menu : window.menuBar()->actions()) {
      check(QStringLiteral("menu"), menu->text(), &untranslated);
      if (menu->menu())
        for (QAction* a : menu->menu()->actions()) check(QStringLiteral("menu/") + menu->text(), a->text(), &untranslated);
    }
    untranslated.removeDuplicates();
    QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("\n") + untranslated.join(QLatin1Char('\n'))));
    installTranslations(QStringLiteral("en"));
  }
};

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
