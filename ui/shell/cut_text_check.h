// Finds text that a window shows cut off: labels, buttons, group and tab
// titles, header sections and item-view cells whose text needs more width
// than they have. Used by `plumage --screenshot` (reported on stderr) and by
// the layout test that opens every page at 1280 x 800 and 1920 x 1080.
// A cell that does not fit but carries its whole text as a tooltip is
// allowed (elided on purpose, shown on hover); so is a word-wrapped label
// that fits in height.
#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace plumage::ui {

struct CutText {
  QString where;  // widget class and object name (or the path to it)
  QString text;   // the text that does not fit
  int needed = 0, available = 0;  // pixels
  QString describe() const;
};

// Every visible cut text under `root` (hidden widgets and widgets on hidden
// pages are skipped). Item views are checked on their visible rows only.
QList<CutText> findCutTexts(QWidget* root);

}  // namespace plumage::ui
