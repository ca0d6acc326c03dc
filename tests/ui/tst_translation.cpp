// Japanese UI: with the embedded plumage_ja translation installed, every
// visible text of the main window's pages (labels, buttons, group boxes,
// tabs, page list, menus and actions) is Japanese — none is left in English.
#include "ui/shell/language.h"
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

using namespace plumage::ui;

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

  // Settings → Language saves the choice; a window created afterwards (the
  // next start) shows it checked and main() resolves it to that language.
  void languageMenuRoundTrip() {
    QSettings().remove(QStringLiteral("ui/language"));
    {
      MainWindow window(/*restoreState=*/false);
      auto* system = window.findChild<QAction*>(QStringLiteral("languageAction_system"));
      QVERIFY(system);
      QVERIFY(system->isChecked());  // nothing saved: follows the system locale
      system->trigger();             // already in effect: no message, nothing saved
      QVERIFY(!window.findChild<QMessageBox*>(QStringLiteral("languageChangedMessage")));
    }
    for (const QString& code : {QStringLiteral("ja"), QStringLiteral("en"), QStringLiteral("system")}) {
      {
        MainWindow window(/*restoreState=*/false);
        auto* action = window.findChild<QAction*>(QStringLiteral("languageAction_") + code);
        QVERIFY(action);
        QVERIFY2(!action->isChecked(), qPrintable(code));
        action->trigger();
        QCOMPARE(savedLanguageSetting(), code);
        auto* box = window.findChild<QMessageBox*>(QStringLiteral("languageChangedMessage"));
        QVERIFY2(box, "no message that the language changes at the next start");
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("next time")));
        box->close();
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
  }

  // The message itself is translated (it is shown in the language in use).
  void languageMessageIsTranslated() {
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
    QVERIFY2(installTranslations(QStringLiteral("ja")), "the Japanese .qm is not embedded");
    {
      MainWindow window(/*restoreState=*/false);
      auto* ja = window.findChild<QAction*>(QStringLiteral("languageAction_ja"));
      QVERIFY(ja);
      ja->trigger();
      auto* box = window.findChild<QMessageBox*>(QStringLiteral("languageChangedMessage"));
      QVERIFY(box);
      QCOMPARE(box->windowTitle(), QStringLiteral("言語"));
      QVERIFY2(box->text().contains(QStringLiteral("次回")), qPrintable(box->text()));
      box->close();
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
