// What TestRunner's source files share: the temporary folder, the feature
// fixture (made in initTestCase), a small thesis sweep, store paths and
// quiet runner options.
#pragma once

#include "experiment_fixture.h"
#include "core/experiment/runner.h"
#include "core/experiment/sweep_config.h"

#include <QTemporaryDir>

#include <string>

namespace runner_test {

extern QTemporaryDir g_dir;
extern plumage::test::Fixture g_fix;

plumage::experiment::SweepPlan small_plan(int seeds = 2, int epochs = 5);
std::string db_path(const char* name);
plumage::experiment::RunnerOptions quiet();

}  // namespace runner_test
