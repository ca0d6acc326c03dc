// Shared by the description-generation dialog tests: a workspace with a tiny
// loaded dataset, and a prompt template the fake chat server understands
// (it reads the class name between << and >>).
#pragma once

#include "ui/shell/workspace.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace plumage::test {

struct LlmWorkspace {
  QTemporaryDir tmp;
  std::unique_ptr<plumage::ui::Workspace> ws;
  QString templatePath;
};

// Fills `f` with a workspace of `classes` classes (2 images each), waits until
// its descriptions are loaded, and writes the template. False on any failure.
bool makeLlmWorkspace(LlmWorkspace& f, int classes);

}  // namespace plumage::test
