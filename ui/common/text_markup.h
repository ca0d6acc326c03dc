// Marks up description texts for reading at a glance: words naming colors and
// words naming body parts are highlighted (word lists are data, in
// resources/wordlists/), and the part of a text that CLIP's 77-token context
// cuts off is greyed out. Output is HTML for QLabel / QTextDocument.
#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

namespace plumage::ui {

class WordLists {
 public:
  // The lists compiled into the program (resources/wordlists/*.txt).
  static const WordLists& builtIn();
  // Parses one list: a word or phrase a line, lowercase; '#' comments, blank lines ignored.
  static QSet<QString> parse(const QString& text);

  QSet<QString> colors;
  QSet<QString> bodyParts;
};

enum class WordKind { None, Color, BodyPart };

// Classifies one word (case-insensitive; plural "-s"/"-es" and "-ish"/"-ed"
// forms of listed words count, e.g. "reddish", "wings", "streaked").
WordKind classifyWord(const QString& word, const WordLists& lists);

struct MarkupOptions {
  bool highlightColors = true;
  bool highlightBodyParts = true;
  // Character offset where the text stops fitting CLIP's context; -1 = fits.
  int truncatedAt = -1;
};

// HTML of `text` (escaped) with the highlights and the greyed-out tail.
QString markupHtml(const QString& text, const MarkupOptions& options, const WordLists& lists = WordLists::builtIn());

// Colors used by markupHtml, for a legend.
QString colorWordStyle();
QString bodyPartStyle();
QString truncatedStyle();

}  // namespace plumage::ui
