#include "ui/common/core_texts.h"

#include "ui/common/retranslator.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QVector>

namespace plumage::ui {

namespace {

// Every English text core/experiment hands to the UI, as it makes them
// (%1.. for what it fills in). Longer patterns of a line come first: the
// first one that matches wins. Keep in step with demo_workspace.cpp,
// results_table.cpp and combined_table.cpp.
const char* const kCoreTexts[] = {
    // Demo job (core/experiment/demo_workspace.cpp): "[4/10] image features: done in 3.1 s (599 images)".
    QT_TRANSLATE_NOOP("core", "[%1/%2] %3: done in %4 (%5)"),
    QT_TRANSLATE_NOOP("core", "[%1/%2] %3: cached in %4 (%5)"),
    QT_TRANSLATE_NOOP("core", "[%1/%2] %3: done in %4"),
    QT_TRANSLATE_NOOP("core", "[%1/%2] %3: cached in %4"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: done in %4 (%5)"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: FAILED in %4 (%5)"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: cancelled in %4 (%5)"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: done in %4"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: FAILED in %4"),
    QT_TRANSLATE_NOOP("core", "run %1/%2 %3: cancelled in %4"),
    QT_TRANSLATE_NOOP("core", "CLIP epoch %1/%2: loss %3"),
    QT_TRANSLATE_NOOP("core", "dataset"),
    QT_TRANSLATE_NOOP("core", "vocabulary"),
    QT_TRANSLATE_NOOP("core", "random CLIP model"),
    QT_TRANSLATE_NOOP("core", "trained CLIP model"),
    QT_TRANSLATE_NOOP("core", "image features"),
    QT_TRANSLATE_NOOP("core", "caption features"),
    QT_TRANSLATE_NOOP("core", "description features"),
    QT_TRANSLATE_NOOP("core", "class prompt features"),
    QT_TRANSLATE_NOOP("core", "ridge converter"),
    QT_TRANSLATE_NOOP("core", "qformer converter"),
    QT_TRANSLATE_NOOP("core", "sweep"),
    QT_TRANSLATE_NOOP("core", "%1 classes x %2 images"),
    QT_TRANSLATE_NOOP("core", "%1 tokens, %2 merges"),
    QT_TRANSLATE_NOOP("core", "%1 images"),
    QT_TRANSLATE_NOOP("core", "%1 texts, with tokens"),
    QT_TRANSLATE_NOOP("core", "%1 texts"),
    QT_TRANSLATE_NOOP("core", "val cosine %1, R@1 %2"),
    QT_TRANSLATE_NOOP("core", "%1 runs: %2 already done, %3 done now, %4 failed"),
    QT_TRANSLATE_NOOP("core", "%1 pairs, %2 epochs, loss %3 -> %4, %5"),
    // clip::describe(): the model's architecture.
    QT_TRANSLATE_NOOP("core", "%1: embed %2; vision %3 wide, %4 layers, %5 heads, patch %6, %7 px; text %8 wide, "
                              "%9 layers, %10 heads, context %11, vocab %12; %13"),
    // Results tables (results_table.cpp, combined_table.cpp): column and row labels, sides.
    QT_TRANSLATE_NOOP("core", "Image only"),
    QT_TRANSLATE_NOOP("core", "+ Reed captions"),
    QT_TRANSLATE_NOOP("core", "+ LLM descriptions"),
    QT_TRANSLATE_NOOP("core", "+ %1"),
    QT_TRANSLATE_NOOP("core", "per-class sampling"),
    QT_TRANSLATE_NOOP("core", "global sampling"),
    QT_TRANSLATE_NOOP("core", "%1 sampling"),
    QT_TRANSLATE_NOOP("core", "all runs"),
    QT_TRANSLATE_NOOP("core", "values"),
    QT_TRANSLATE_NOOP("core", "values in parentheses"),
    QT_TRANSLATE_NOOP("core", "Top-1 accuracy (%) on the test set"),
    QT_TRANSLATE_NOOP("core", "mean ± std"),
};

struct Known {
  const char* source;
  QRegularExpression re;  // empty pattern: matched whole
  QVector<int> order;
};

const QVector<Known>& known() {
  static const QVector<Known> table = [] {
    QVector<Known> t;
    for (const char* s : kCoreTexts) {
      Known k{s, {}, {}};
      const QString text = QString::fromUtf8(s);
      if (text.contains(QRegularExpression(QStringLiteral("%[1-9]"))))
        k.re = QRegularExpression(patternToRegex(text, &k.order), QRegularExpression::DotMatchesEverythingOption);
      t << k;
    }
    return t;
  }();
  return table;
}

QString translateCore(const QString& english, int depth) {
  if (english.isEmpty() || depth > 2) return english;
  const QString trimmed = english.trimmed();
  for (const Known& k : known())
    if (k.order.isEmpty() && trimmed == QLatin1String(k.source))
      return QCoreApplication::translate("core", k.source);
  for (const Known& k : known()) {
    if (k.order.isEmpty()) continue;
    const QRegularExpressionMatch m = k.re.match(trimmed);
    if (!m.hasMatch()) continue;
    QHash<int, QString> args;
    for (int i = 0; i < k.order.size(); ++i) args.insert(k.order[i], translateCore(m.captured(i + 1), depth + 1));
    return fillPattern(QCoreApplication::translate("core", k.source), args);
  }
  return english;
}

}  // namespace

QString coreText(const QString& english) { return translateCore(english, 0); }

}  // namespace plumage::ui
