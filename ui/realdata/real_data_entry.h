// The ways into the "Real experiment" dialog: Help → Real Experiment…, and a
// status-bar button shown while the open dataset is the demo's, so a new user
// sees where the real data goes. Also its `plumage --screenshot --page real-data`.
#pragma once

class QMenu;

namespace plumage::ui {

class MainWindow;
struct ScreenshotRequest;

// Adds the menu action and the status-bar button to `window` (they follow
// language changes).
void installRealDataEntry(MainWindow* window, QMenu* helpMenu);

// Opens the dialog (900 x 880, every line shown) over `window` with the
// remembered choices, waits for their checks and writes the dialog's image to
// request.file; cut text is reported, and the exit code given, as takeScreenshot does.
int takeRealDataScreenshot(MainWindow& window, const ScreenshotRequest& request);

}  // namespace plumage::ui
