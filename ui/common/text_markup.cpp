#include "ui/common/text_markup.h"

#include <QFile>
#include <QRegularExpression>

static void initWordListResources() { Q_INIT_RESOURCE(wordlists); }

namespace plumage::ui {

namespace {
QString readResource(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll());
}
}  // namespace

QSet<QString> WordLists::parse(const QString& text) {
  QSet<QString> out;
  const QStringList lines = text.split(QLatin1Char('\n'));
  for (QString line : lines) {
    const int hash = line.indexOf(QLatin1Char('#'));
    if (hash >= 0) line.truncate(hash);
    line = line.trimmed().toLower();
    if (!line.isEmpty()) out.insert(line);
  }
  return out;
}

const WordLists& WordLists::builtIn() {
  static const WordLists lists = [] {
    initWordListResources();
    WordLists l;
    l.colors = parse(readResource(QStringLiteral(":/wordlists/colors.txt")));
    l.bodyParts = parse(readResource(QStringLiteral(":/wordlists/body_parts.txt")));
    return l;
  }();
  return lists;
}

WordKind classifyWord(const QString& word, const WordLists& lists) {
  const QString w = word.toLower();
  auto in = [&](const QSet<QString>& set) {
    if (set.contains(w)) return true;
    // Inflected forms of a listed stem: wings, reddish, streaked, grayer, ...
    for (const char* suffix : {"s", "es", "ish", "dish", "ed", "er", "y"}) {
      const QString s = QString::fromLatin1(suffix);
      if (w.size() > s.size() + 2 && w.endsWith(s) && set.contains(w.left(w.size() - s.size()))) return true;
    }
    return false;
  };
  if (in(lists.colors)) return WordKind::Color;
  if (in(lists.bodyParts)) return WordKind::BodyPart;
  return WordKind::None;
}

QString colorWordStyle() { return QStringLiteral("color:#b23c00;font-weight:600"); }
QString bodyPartStyle() { return QStringLiteral("color:#1d5fa8;text-decoration:underline"); }
QString truncatedStyle() { return QStringLiteral("color:#9a9a9a"); }

QString markupHtml(const QString& text, const MarkupOptions& options, const WordLists& lists) {
  // Words: letters/digits with inner hyphens or apostrophes ("eye-ring", "bird's").
  static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*"));
  const int cut = options.truncatedAt >= 0 && options.truncatedAt < text.size() ? options.truncatedAt : int(text.size());
  const QString head = text.left(cut);
  // A word the cut splits is left plain: its visible half is not the word.
  const bool cutInWord = cut < text.size() && cut > 0 && text[cut].isLetterOrNumber() && text[cut - 1].isLetterOrNumber();
  QString html;
  html.reserve(text.size() * 2);
  int pos = 0;
  QRegularExpressionMatchIterator it = word.globalMatch(head);
  while (it.hasNext()) {
    const QRegularExpressionMatch m = it.next();
    const int s = int(m.capturedStart()), e = int(m.capturedEnd());
    if (cutInWord && e == cut) break;
    const WordKind kind = classifyWord(m.captured(), lists);
    QString style;
    if (kind == WordKind::Color && options.highlightColors) style = colorWordStyle();
    if (kind == WordKind::BodyPart && options.highlightBodyParts) style = bodyPartStyle();
    if (style.isEmpty()) continue;
    html += head.mid(pos, s - pos).toHtmlEscaped();
    html += QStringLiteral("<span style=\"%1\">%2</span>").arg(style, m.captured().toHtmlEscaped());
    pos = e;
  }
  html += head.mid(pos).toHtmlEscaped();
  // What CLIP never sees is greyed and carries no highlights.
  if (cut < text.size())
    html += QStringLiteral("<span style=\"%1\">%2</span>").arg(truncatedStyle(), text.mid(cut).toHtmlEscaped());
  return html;
}

}  // namespace plumage::ui
