// `plumage --screenshot FILE [--page ID] [--workspace DIR] [--size WxH]
// [--scale F]`: renders the main window (normally on the offscreen platform)
// to a PNG once its pages are idle, and reports any text the page shows cut
// off (cut_text_check.h) on stderr.
#pragma once

#include <QSize>
#include <QString>

class QWidget;

namespace plumage::ui {

class MainWindow;

struct ScreenshotRequest {
  QString file;          // PNG to write
  QString page;          // page id, or "page/section" (results/class-gains); empty = the first page
  int timeoutMs = 120000;  // longest wait for loading to finish before the shot is taken anyway
  QSize size{1280, 800};   // the window's size in device-independent pixels
  bool failOnCutText = false;  // exit 3 when some text is cut off
  // Both set: the Descriptions page scores its descriptions with this CLIP
  // model and image feature file before the shot.
  QString scoreModel, scoreImages;
};

// Shows `page`, waits until window.isBusy() is false (or the timeout), grabs
// the window and writes the PNG. Returns 0 on success; on failure prints the
// reason to stderr and returns a non-zero exit code.
int takeScreenshot(MainWindow& window, const ScreenshotRequest& request);

// Reports `widget`'s cut text on stderr, grabs it and writes request.file;
// 0, 1 when the PNG cannot be written, 3 for cut text with failOnCutText.
int writeScreenshot(QWidget* widget, const ScreenshotRequest& request);

// Runs the event loop until `isBusy()` stays false for a short settle time or
// `timeoutMs` passes; returns false on timeout.
bool waitUntilIdle(MainWindow& window, int timeoutMs);

}  // namespace plumage::ui
