// `plumage figure --workspace DIR --sweep ID [--paren-sweep ID] --kind KIND --out FILE.pdf|svg|png
// [--run ID] [--compare-run ID] [--width-mm W --height-mm H --font F
// --font-size P --line-width P --dpi N --legend POS --x-label T --y-label T]`:
// writes one results figure without opening a window (offscreen platform).
#pragma once

#include <QStringList>

namespace plumage::ui::results {

// `arguments` as QCoreApplication::arguments() (program name first, then
// "figure"). Returns the exit code: 0 written, 2 bad arguments/input, 1 I/O.
int runFigureCommand(const QStringList& arguments);

}  // namespace plumage::ui::results
