#include "ui/common/retranslator.h"

#include <qcustomplot.h>

#include <QAbstractButton>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGroupBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMutex>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabBar>
#include <QTableWidget>
#include <QTextEdit>
#include <QToolBox>
#include <QTreeWidget>

#include <algorithm>
#include <utility>

namespace plumage::ui {

namespace {

struct Origin {
  QByteArray context, source, disambiguation;
  bool operator==(const Origin& o) const {
    return context == o.context && source == o.source && disambiguation == o.disambiguation;
  }
};

// A handed-out text with placeholders, compiled for matching shown texts.
struct Pattern {
  QString text;
  QRegularExpression re;
  QVector<int> order;
  QString literal;  // its longest fixed part: a cheap pre-check before the regex
  int fixedLength = 0;  // all fixed parts: the more, the more specific ("%1 min %2 s" before "%1 s")
  bool hasWords = false;
};

bool hasPlaceholder(const QString& s) {
  static const QRegularExpression p(QStringLiteral("%L?[1-9]|%n"));
  return p.match(s).hasMatch();
}

// Posts nothing itself: the LanguageChange events that Qt sends to every
// window after a translator change reach this filter first.
class LanguageChangeFilter : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* obj, QEvent* event) override {
    if (event->type() == QEvent::LanguageChange && obj->isWidgetType()) {
      auto* w = static_cast<QWidget*>(obj);
      if (w->isWindow()) retranslateWindow(w);
    }
    return false;
  }
};

}  // namespace

struct RecordingTranslator::Impl {
  mutable QMutex mutex;  // translate() runs on worker threads too
  std::vector<std::unique_ptr<QTranslator>> translators;
  QHash<QString, QVector<Origin>> records;
  QStringList uncompiled;             // new texts with placeholders
  mutable QVector<Pattern> patterns;  // GUI thread only
  int generation = 0;

  Origin pick(const QVector<Origin>& origins, const QObject* where) const;
  QString retranslate(const QString& shown, const QObject* where, int depth);
};

RecordingTranslator* RecordingTranslator::instance() {
  static RecordingTranslator* recorder = nullptr;
  if (!recorder) {
    recorder = new RecordingTranslator;
    recorder->setParent(QCoreApplication::instance());
    QCoreApplication::installTranslator(recorder);
    QCoreApplication::instance()->installEventFilter(new LanguageChangeFilter(recorder));
  }
  return recorder;
}

RecordingTranslator::RecordingTranslator() : d_(std::make_unique<Impl>()) {}
RecordingTranslator::~RecordingTranslator() = default;

void RecordingTranslator::setTranslators(std::vector<std::unique_ptr<QTranslator>> translators) {
  {
    QMutexLocker lock(&d_->mutex);
    d_->translators = std::move(translators);
    ++d_->generation;
  }
  QEvent event(QEvent::LanguageChange);  // QApplication passes it on to every window
  QCoreApplication::sendEvent(QCoreApplication::instance(), &event);
}

QString RecordingTranslator::translate(const char* context, const char* sourceText, const char* disambiguation,
                                       int n) const {
  if (!sourceText || !*sourceText) return {};
  QMutexLocker lock(&d_->mutex);
  QString result;
  for (const auto& t : d_->translators) {
    result = t->translate(context, sourceText, disambiguation, n);
    if (!result.isEmpty()) break;
  }
  if (result.isEmpty()) result = QString::fromUtf8(sourceText);
  const Origin origin{QByteArray(context), QByteArray(sourceText), QByteArray(disambiguation)};
  QVector<Origin>& origins = d_->records[result];
  if (!origins.contains(origin)) {
    if (origins.isEmpty() && hasPlaceholder(result)) d_->uncompiled << result;
    origins << origin;
  }
  return result;
}

// Several contexts made the same text: prefer one of the classes `where`
// (or a parent of it) is an instance of, else the latest.
Origin RecordingTranslator::Impl::pick(const QVector<Origin>& origins, const QObject* where) const {
  if (origins.size() > 1)
    for (const QObject* o = where; o; o = o->parent())
      for (const QMetaObject* m = o->metaObject(); m; m = m->superClass())
        for (const Origin& origin : origins)
          if (origin.context == m->className()) return origin;
  return origins.last();
}

int RecordingTranslator::generation() const {
  QMutexLocker lock(&d_->mutex);
  return d_->generation;
}

QString RecordingTranslator::retranslate(const QString& shown, const QObject* where) const {
  return d_->retranslate(shown, where, 0);
}

QString RecordingTranslator::Impl::retranslate(const QString& shown, const QObject* where, int depth) {
  if (shown.isEmpty() || depth > 2) return shown;
  Origin origin;
  {
    QMutexLocker lock(&mutex);
    const auto it = records.constFind(shown);
    if (it != records.constEnd()) origin = pick(*it, where);
    for (const QString& text : std::as_const(uncompiled)) {
      Pattern p;
      p.text = text;
      p.re = QRegularExpression(patternToRegex(text, &p.order), QRegularExpression::DotMatchesEverythingOption);
      QString fixed;
      for (const QString& part : QString(text).split(QRegularExpression(QStringLiteral("%L?[1-9][0-9]?|%n")))) {
        if (part.size() > p.literal.size()) p.literal = part;
        fixed += part;
      }
      p.fixedLength = int(fixed.size());
      p.hasWords = fixed.contains(QRegularExpression(QStringLiteral("\\p{L}")));  // "%1 s" has, "%1: %2" has not
      if (!p.literal.trimmed().isEmpty()) patterns << p;
    }
    if (!uncompiled.isEmpty())
      std::stable_sort(patterns.begin(), patterns.end(),
                       [](const Pattern& a, const Pattern& b) { return a.fixedLength > b.fixedLength; });
    uncompiled.clear();
  }
  if (!origin.source.isEmpty())
    return QCoreApplication::translate(origin.context.constData(), origin.source.constData(),
                                       origin.disambiguation.isEmpty() ? nullptr : origin.disambiguation.constData());
  // A copy: matching arguments below may compile (append) new patterns.
  const QVector<Pattern> candidates = patterns;
  for (const Pattern& p : candidates) {
    if (!shown.contains(p.literal)) continue;
    const QRegularExpressionMatch m = p.re.match(shown);
    if (!m.hasMatch()) continue;
    QHash<int, QString> args;
    int n = -1;
    bool changed = false;
    for (int i = 0; i < p.order.size(); ++i) {
      const QString captured = m.captured(i + 1);
      if (p.order[i] == 0) {
        n = captured.toInt();
        continue;
      }
      const QString again = retranslate(captured, where, depth + 1);
      changed |= again != captured;
      args.insert(p.order[i], again);
    }
    if (!p.hasWords && !changed) continue;  // "%1: %2" alone says nothing about the text
    {
      QMutexLocker lock(&mutex);
      origin = pick(records.value(p.text), where);
    }
    const QString pattern =
        QCoreApplication::translate(origin.context.constData(), origin.source.constData(),
                                    origin.disambiguation.isEmpty() ? nullptr : origin.disambiguation.constData(), n);
    return fillPattern(pattern, args);
  }
  // Messages listed one per line (a dialog's problems): line by line.
  if (depth == 0 && shown.contains(QLatin1Char('\n'))) {
    QStringList lines = shown.split(QLatin1Char('\n'));
    for (QString& line : lines) line = retranslate(line, where, depth + 1);
    return lines.join(QLatin1Char('\n'));
  }
  return shown;
}

QString patternToRegex(const QString& pattern, QVector<int>* argOrder) {
  static const QRegularExpression placeholder(QStringLiteral("%(L?)([1-9][0-9]?)|%n"));
  QString re = QStringLiteral("^");
  int pos = 0;
  for (auto it = placeholder.globalMatch(pattern); it.hasNext();) {
    const QRegularExpressionMatch m = it.next();
    re += QRegularExpression::escape(pattern.mid(pos, m.capturedStart() - pos));
    const bool n = m.captured(0) == QLatin1String("%n");
    re += n ? QStringLiteral("(-?[0-9]+)") : QStringLiteral("(.*?)");
    argOrder->push_back(n ? 0 : m.captured(2).toInt());
    pos = m.capturedEnd();
  }
  return re + QRegularExpression::escape(pattern.mid(pos)) + QLatin1Char('$');
}

QString fillPattern(const QString& pattern, const QHash<int, QString>& args) {
  static const QRegularExpression placeholder(QStringLiteral("%L?([1-9][0-9]?)"));
  QString out;
  int pos = 0;
  for (auto it = placeholder.globalMatch(pattern); it.hasNext();) {
    const QRegularExpressionMatch m = it.next();
    out += pattern.mid(pos, m.capturedStart() - pos);
    const int k = m.captured(1).toInt();
    out += args.contains(k) ? args.value(k) : m.captured(0);
    pos = m.capturedEnd();
  }
  return out + pattern.mid(pos);
}

namespace {

QString again(const QString& text, const QObject* where) {
  return text.isEmpty() ? text : RecordingTranslator::instance()->retranslate(text, where);
}

// QAction's automatic tooltip: its text without '&' and a trailing "...".
QString strippedActionText(QString s) {
  s.remove(QStringLiteral("..."));
  s.remove(QLatin1Char('&'));
  return s.trimmed();
}

void retranslateAction(QAction* a) {
  const bool ownTip = a->toolTip() != strippedActionText(a->text());
  a->setText(again(a->text(), a));
  if (ownTip) a->setToolTip(again(a->toolTip(), a));
  a->setStatusTip(again(a->statusTip(), a));
}

void retranslateStandardItems(QStandardItemModel* m, QObject* where) {
  for (int c = 0; c < m->columnCount(); ++c)
    if (QStandardItem* h = m->horizontalHeaderItem(c)) h->setText(again(h->text(), where));
  for (int r = 0; r < m->rowCount(); ++r)
    if (QStandardItem* h = m->verticalHeaderItem(r)) h->setText(again(h->text(), where));
  for (int r = 0; r < m->rowCount(); ++r)
    for (int c = 0; c < m->columnCount(); ++c)
      if (QStandardItem* i = m->item(r, c)) {
        i->setText(again(i->text(), where));
        i->setToolTip(again(i->toolTip(), where));
      }
}

void retranslateTreeItem(QTreeWidgetItem* item, QObject* where) {
  for (int c = 0; c < item->columnCount(); ++c) {
    item->setText(c, again(item->text(c), where));
    item->setToolTip(c, again(item->toolTip(c), where));
  }
  for (int i = 0; i < item->childCount(); ++i) retranslateTreeItem(item->child(i), where);
}

// Models that compute their texts with tr() at call time: ask views to read again.
void announceModel(QAbstractItemModel* m, QSet<QAbstractItemModel*>* done) {
  while (m && !done->contains(m)) {
    done->insert(m);
    if (auto* s = qobject_cast<QStandardItemModel*>(m)) retranslateStandardItems(s, s);
    const int rows = m->rowCount(), cols = m->columnCount();
    if (cols > 0) emit m->headerDataChanged(Qt::Horizontal, 0, cols - 1);
    if (rows > 0) emit m->headerDataChanged(Qt::Vertical, 0, rows - 1);
    if (rows > 0 && cols > 0) emit m->dataChanged(m->index(0, 0), m->index(rows - 1, cols - 1));
    auto* proxy = qobject_cast<QAbstractProxyModel*>(m);
    m = proxy ? proxy->sourceModel() : nullptr;
  }
}

void retranslatePlot(QCustomPlot* plot) {
  for (QCPAxisRect* rect : plot->axisRects())
    for (QCPAxis* axis : rect->axes()) {
      axis->setLabel(again(axis->label(), plot));
      if (auto text = axis->ticker().dynamicCast<QCPAxisTickerText>()) {
        QMap<double, QString> ticks = text->ticks();
        for (auto it = ticks.begin(); it != ticks.end(); ++it) it.value() = again(it.value(), plot);
        text->setTicks(ticks);
      }
    }
  for (int i = 0; i < plot->plottableCount(); ++i)
    plot->plottable(i)->setName(again(plot->plottable(i)->name(), plot));
  for (int i = 0; i < plot->itemCount(); ++i)
    if (auto* t = qobject_cast<QCPItemText*>(plot->item(i))) t->setText(again(t->text(), plot));
  for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
    if (auto* t = qobject_cast<QCPTextElement*>(e)) t->setText(again(t->text(), plot));
  plot->replot();
}

void retranslateWidget(QWidget* w, QSet<QAction*>* actions, QSet<QAbstractItemModel*>* models) {
  if (!w->windowTitle().isEmpty()) w->setWindowTitle(again(w->windowTitle(), w));
  if (!w->toolTip().isEmpty()) w->setToolTip(again(w->toolTip(), w));
  if (!w->statusTip().isEmpty()) w->setStatusTip(again(w->statusTip(), w));
  if (!w->accessibleName().isEmpty()) w->setAccessibleName(again(w->accessibleName(), w));
  for (QAction* a : w->actions()) actions->insert(a);
  if (auto* l = qobject_cast<QLabel*>(w)) {
    if (!l->text().isEmpty()) l->setText(again(l->text(), w));
  } else if (auto* b = qobject_cast<QAbstractButton*>(w)) {
    if (!b->text().isEmpty()) b->setText(again(b->text(), w));
  } else if (auto* g = qobject_cast<QGroupBox*>(w)) {
    g->setTitle(again(g->title(), w));
  } else if (auto* e = qobject_cast<QLineEdit*>(w)) {
    e->setPlaceholderText(again(e->placeholderText(), w));
  } else if (auto* e = qobject_cast<QPlainTextEdit*>(w)) {
    e->setPlaceholderText(again(e->placeholderText(), w));
  } else if (auto* e = qobject_cast<QTextEdit*>(w)) {
    e->setPlaceholderText(again(e->placeholderText(), w));
  } else if (auto* t = qobject_cast<QTabBar*>(w)) {
    for (int i = 0; i < t->count(); ++i) {
      t->setTabText(i, again(t->tabText(i), w));
      t->setTabToolTip(i, again(t->tabToolTip(i), w));
    }
  } else if (auto* t = qobject_cast<QToolBox*>(w)) {
    for (int i = 0; i < t->count(); ++i) t->setItemText(i, again(t->itemText(i), w));
  } else if (auto* c = qobject_cast<QComboBox*>(w)) {
    if (qobject_cast<QStandardItemModel*>(c->model()))  // its own items; a custom model is announced below
      for (int i = 0; i < c->count(); ++i) c->setItemText(i, again(c->itemText(i), w));
    else
      announceModel(c->model(), models);
  } else if (auto* s = qobject_cast<QSpinBox*>(w)) {
    s->setPrefix(again(s->prefix(), w));
    s->setSuffix(again(s->suffix(), w));
    s->setSpecialValueText(again(s->specialValueText(), w));
  } else if (auto* s = qobject_cast<QDoubleSpinBox*>(w)) {
    s->setPrefix(again(s->prefix(), w));
    s->setSuffix(again(s->suffix(), w));
    s->setSpecialValueText(again(s->specialValueText(), w));
  } else if (auto* p = qobject_cast<QProgressBar*>(w)) {
    p->setFormat(again(p->format(), w));
  } else if (auto* t = qobject_cast<QTableWidget*>(w)) {
    for (int c = 0; c < t->columnCount(); ++c)
      if (QTableWidgetItem* h = t->horizontalHeaderItem(c)) h->setText(again(h->text(), w));
    for (int r = 0; r < t->rowCount(); ++r)
      if (QTableWidgetItem* h = t->verticalHeaderItem(r)) h->setText(again(h->text(), w));
    for (int r = 0; r < t->rowCount(); ++r)
      for (int c = 0; c < t->columnCount(); ++c)
        if (QTableWidgetItem* i = t->item(r, c)) {
          i->setText(again(i->text(), w));
          i->setToolTip(again(i->toolTip(), w));
        }
  } else if (auto* t = qobject_cast<QTreeWidget*>(w)) {
    retranslateTreeItem(t->headerItem(), w);
    for (int i = 0; i < t->topLevelItemCount(); ++i) retranslateTreeItem(t->topLevelItem(i), w);
  } else if (auto* l = qobject_cast<QListWidget*>(w)) {
    for (int i = 0; i < l->count(); ++i) {
      l->item(i)->setText(again(l->item(i)->text(), w));
      l->item(i)->setToolTip(again(l->item(i)->toolTip(), w));
    }
  } else if (auto* v = qobject_cast<QAbstractItemView*>(w)) {
    if (!qobject_cast<QHeaderView*>(w)) announceModel(v->model(), models);
  } else if (auto* p = qobject_cast<QCustomPlot*>(w)) {
    retranslatePlot(p);
  } else if (auto* s = qobject_cast<QStatusBar*>(w)) {
    if (!s->currentMessage().isEmpty()) s->showMessage(again(s->currentMessage(), w), 10000);
  }
}

}  // namespace

namespace {
// Child windows (dialogs, menus) get a LanguageChange of their own.
void walk(QWidget* w, QSet<QAction*>* actions, QSet<QAbstractItemModel*>* models) {
  retranslateWidget(w, actions, models);
  for (QObject* child : w->children())
    if (child->isWidgetType() && !static_cast<QWidget*>(child)->isWindow())
      walk(static_cast<QWidget*>(child), actions, models);
}
}  // namespace

void retranslateWindow(QWidget* window) {
  // Qt delivers a language change to a window more than once (from the
  // application and from its parent): once per change is enough.
  const char* const done = "plumageLanguageGeneration";
  const int generation = RecordingTranslator::instance()->generation();
  if (window->property(done).toInt() == generation) return;
  window->setProperty(done, generation);
  QSet<QAction*> actions;
  QSet<QAbstractItemModel*> models;
  walk(window, &actions, &models);
  for (QAction* a : std::as_const(actions)) retranslateAction(a);
}

}  // namespace plumage::ui
