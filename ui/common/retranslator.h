// Language change without restart. The workbench has one translator,
// RecordingTranslator: it answers from the chosen language's translators and
// remembers, for every text it hands out, how that text was made (context,
// source, disambiguation). On QEvent::LanguageChange each window's texts
// (labels, buttons, group boxes, tabs, menus and actions, combo items, item
// views' items and headers, spin box affixes, tooltips, placeholders, window
// titles, plot axes/legends/titles, the status bar) are made again from that
// record in the new language — the widgets themselves, their state (inputs,
// selections, plots' data) and user data are left alone. Texts built with
// arg() are matched against their pattern and rebuilt with the same
// arguments (numbers and paths unchanged; translated arguments re-translated).
// Models whose data()/headerData() call tr() are told through
// headerDataChanged/dataChanged.
#pragma once

#include <QHash>
#include <QString>
#include <QVector>
#include <QTranslator>

#include <memory>
#include <vector>

class QObject;
class QWidget;

namespace plumage::ui {

class RecordingTranslator : public QTranslator {
 public:
  // The application's recorder, installed on first use.
  static RecordingTranslator* instance();

  // The translators that answer from now on (first answer wins; none = the
  // English source texts), then a LanguageChange for every window.
  void setTranslators(std::vector<std::unique_ptr<QTranslator>> translators);

  QString translate(const char* context, const char* sourceText, const char* disambiguation = nullptr,
                    int n = -1) const override;
  bool isEmpty() const override { return false; }  // else Qt would skip it

  // `shown` (a text handed out earlier, in any language, maybe with its
  // arguments filled in) in the language now installed; `shown` itself when
  // it was not made by a translation. `where` (optional) picks the context
  // when several made the same text: the one of a class it belongs to.
  QString retranslate(const QString& shown, const QObject* where = nullptr) const;

  // Counts setTranslators() calls: which language change a window has had.
  int generation() const;

  ~RecordingTranslator() override;

 private:
  RecordingTranslator();
  struct Impl;
  std::unique_ptr<Impl> d_;
};

// Re-translates every text of `window` and its children (see above).
void retranslateWindow(QWidget* window);

// "%1 of %2" → a regular expression that captures the arguments (used for
// texts built from core's English patterns, too). Sets *argOrder to the
// placeholder numbers in the order they appear (0 for %n).
QString patternToRegex(const QString& pattern, QVector<int>* argOrder);
// Fills %1..%99 (and %L1..) of `pattern` with args[number].
QString fillPattern(const QString& pattern, const QHash<int, QString>& args);

}  // namespace plumage::ui
