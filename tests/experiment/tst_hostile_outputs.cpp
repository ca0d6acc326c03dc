// Generated text that other programs read: the Slurm sbatch script (bash and
// sbatch's #SBATCH parser) and LaTeX tables. User strings with newlines,
// quotes, $(), backticks, backslashes and TeX specials stay data.
#include "tst_experiment_classes.h"

#include "core/experiment/results_table.h"
#include "core/experiment/slurm_export.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace plumage::experiment;

namespace {

QTemporaryDir g_out;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The arguments of one #SBATCH line as sbatch's own parser reads them
// (src/sbatch/opt.c _get_argument, Slurm 18+: a backslash takes the next
// byte but whitespace still ends the argument outside quotes, single or
// double quotes group, an unescaped # outside quotes starts a comment).
std::vector<std::string> sbatch_args(const std::string& line) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size()) break;
    std::string arg;
    char quote = 0;
    bool esc = false;
    while (i < line.size() && (quote || !std::isspace(static_cast<unsigned char>(line[i])))) {
      const char c = line[i];
      if (esc) {
        esc = false;
      } else if (c == '\\') {
        esc = true;
        ++i;
        continue;
      } else if (quote) {
        if (c == quote) {
          quote = 0;
          ++i;
          continue;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        ++i;
        continue;
      } else if (c == '#') {
        return args;
      }
      arg += c;
      ++i;
    }
    args.push_back(arg);
  }
  return args;
}

SweepPlan one_run_plan(const std::string& name) {
  SweepPlan plan;
  plan.name = name;
  plan.hash = "0123";
  PlannedRun r;
  r.key = "k0";
  plan.runs.push_back(r);
  return plan;
}

const std::string kNastyName =
    "evil\ntouch NAME_INJECTED\n#SBATCH --wrap=touch_WRAP\r'q' \"d\" $(touch SUB) `touch BT` back\\slash";

}  // namespace

void TestHostileOutputs::initTestCase() { QVERIFY(g_out.isValid()); }

void TestHostileOutputs::shellQuoteRoundTripsThroughBash() {
  const std::vector<std::string> values = {
      "",       "plain",     "it's",     "a\nb",  "$(touch SUB)", "`touch BT`", "back\\slash\\",
      "\"dq\"", "tab\there", "cr\rlf\n", "'\\''", "$'x'",         "\x01\x7f",   "héllo ±",
      "-n",     "*",         "!x",       "\\x41",
  };
  for (const auto& v : values) {
    const std::string q = shell_quote(v);
    QVERIFY2(q.find('\n') == std::string::npos && q.find('\r') == std::string::npos, q.c_str());
    QProcess p;
    p.setWorkingDirectory(g_out.path());
    p.start("bash", {"-c", QString::fromStdString("printf %s " + q)});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(p.readAllStandardOutput().toStdString(), v);
  }
  QVERIFY(!QFile::exists(g_out.path() + "/SUB") && !QFile::exists(g_out.path() + "/BT"));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, shell_quote(std::string("a\0b", 3)));
}

void TestHostileOutputs::slurmScriptKeepsUserStringsAsData() {
  namespace fs = std::filesystem;
  const std::string root = g_out.path().toStdString();
  const std::string dir = root + "/out 'q' $(touch DIRSUB) `touch DIRBT` \"d\" #h 100%p x&y";
  const std::string cli_dir = root + "/cli\nnl $(touch CLISUB) 'q' \\";
  fs::create_directories(cli_dir);
  const std::string fake_cli = cli_dir + "/fake cli";
  std::ofstream(fake_cli) << "#!/bin/bash\nprintf '%s\\0' \"$@\" > \"$ARGS_OUT\"\n";
  fs::permissions(fake_cli, fs::perms::owner_all);

  SlurmOptions o;
  o.dir = dir;
  o.cli_path = fake_cli;
  o.device = "cuda:0'; touch DEVINJ; '$(x)`y`\\";
  o.gres = "gpu:a100:1 #x";
  o.partition = "p\"art";
  const SlurmExport ex = write_slurm_array(one_run_plan(kNastyName), o);
  QCOMPARE(QString::fromStdString(ex.script_path), QString::fromStdString(dir + "/plumage-sweep.sbatch"));
  const std::string text = read_all(ex.script_path);

  // Every #SBATCH line is one of ours and reads back as the value given.
  std::vector<std::vector<std::string>> sbatch;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    QVERIFY2(line.find('\r') == std::string::npos, line.c_str());
    if (line.rfind("#SBATCH", 0) == 0) sbatch.push_back(sbatch_args(line.substr(7)));
    start = end + 1;
  }
  QCOMPARE(sbatch.size(), size_t(7));  // job-name, array, cpus, time, output, gres, partition
  for (const auto& a : sbatch) QVERIFY2(a.size() == 1, text.c_str());
  const std::string job = sbatch[0][0];
  QVERIFY2(job.rfind("--job-name=plumage-", 0) == 0, job.c_str());
  for (char c : job.substr(11))
    QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.', job.c_str());
  QCOMPARE(QString::fromStdString(slurm_job_name("a b/c\nd")), QString("plumage-a_b_c_d"));
  QCOMPARE(QString::fromStdString(sbatch[4][0]),
           QString::fromStdString("--output=" + root +
                                  "/out 'q' $(touch DIRSUB) `touch DIRBT` \"d\" #h 100%%p x&y" +
                                  "/logs/task-%a.out"));
  QCOMPARE(QString::fromStdString(sbatch[5][0]), QString("--gres=gpu:a100:1 #x"));
  QCOMPARE(QString::fromStdString(sbatch[6][0]), QString("--partition=p\"art"));

  QProcess syntax;
  syntax.start("bash", {"-n", QString::fromStdString(ex.script_path)});
  QVERIFY(syntax.waitForFinished(10000));
  QVERIFY2(syntax.exitCode() == 0, syntax.readAllStandardError().constData());

  // Run task 0 with the default CLI (the fake one): it gets exactly our
  // arguments, and nothing from the names ran.
  const QString cwd = g_out.path() + "/cwd";
  QVERIFY(QDir().mkpath(cwd));
  const QString args_out = g_out.path() + "/args.bin";
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove("PLUMAGE_CLI");
  env.insert("SLURM_ARRAY_TASK_ID", "0");
  env.insert("TMPDIR", g_out.path() + "/tmp");
  env.insert("ARGS_OUT", args_out);
  QVERIFY(QDir().mkpath(g_out.path() + "/tmp"));
  QProcess run;
  run.setProcessEnvironment(env);
  run.setWorkingDirectory(cwd);
  run.start("bash", {QString::fromStdString(ex.script_path)});
  QVERIFY(run.waitForFinished(30000));
  QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
  QCOMPARE(QDir(cwd).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
  for (const char* f : {"NAME_INJECTED", "SUB", "BT", "DIRSUB", "DIRBT", "CLISUB", "DEVINJ"}) {
    QVERIFY2(!fs::exists(cwd.toStdString() + "/" + f) && !fs::exists(root + "/" + f), f);
  }
  const std::string raw = read_all(args_out.toStdString());
  std::vector<std::string> args;
  for (size_t p = 0; p < raw.size();) {
    const size_t z = raw.find('\0', p);
    args.push_back(raw.substr(p, z - p));
    p = z + 1;
  }
  QCOMPARE(args.size(), size_t(7));
  QCOMPARE(QString::fromStdString(args[0]), QString("run-task"));
  QCOMPARE(QString::fromStdString(args[2]), QString::fromStdString(dir + "/tasks/task-0000.json"));
  QCOMPARE(QString::fromStdString(args[6]), QString::fromStdString(o.device));
  // The task file carries the name unchanged.
  QVERIFY(read_all(args[2]).find(nlohmann::json(kNastyName).dump()) != std::string::npos);
}

void TestHostileOutputs::slurmRefusesWhatAnSbatchLineCannotHold() {
  const std::string root = g_out.path().toStdString();
  SlurmOptions o;
  o.cli_path = "/bin/true";
  o.dir = root + "/new\nline";
  try {
    write_slurm_array(one_run_plan("x"), o);
    QFAIL("a newline in the output folder was accepted");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(std::string(e.what()).find("#SBATCH --output: the value contains a control character") == 0,
             e.what());
  }
  QVERIFY(!std::filesystem::exists(o.dir));  // refused before anything was written
  o.dir = root + "/ok";
  o.gres = "gpu:1\n#SBATCH --wrap=x";
  try {
    write_slurm_array(one_run_plan("x"), o);
    QFAIL("a newline in --gres was accepted");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(std::string(e.what()).find("#SBATCH --gres: the value contains a control character") == 0,
             e.what());
  }
  o.gres.clear();
  o.dir = root + "/back\\slash";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, write_slurm_array(one_run_plan("x"), o));
  o.dir = root + "/empty";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, write_slurm_array(SweepPlan{}, o));
}

void TestHostileOutputs::latexEscapesUserTextAndKeepsMath() {
  ResultsTable t;
  t.metric = "test_top1";
  t.max_seeds = 3;
  t.row_key = "lr & {x}";
  t.row_labels = {"0.1_a\nb"};
  t.column_labels = {"+ $HOME <b>|c"};
  TableCell cell;
  cell.planned = 2;
  cell.values = {50.0, 52.0};
  t.cells = {{cell}};
  const std::string name = "a_b & $x$ \\pm {y} 100% #1 ~^";
  const std::string caption = default_table_caption(t, name);
  QCOMPARE(QString::fromStdString(caption),
           QString::fromStdString(
               "Top-1 accuracy (%) on the test set, mean ± std over 3 seeds. Sweep: " + name + "."));
  const std::string latex = table_to_latex(t, caption, true);
  const std::string expect_caption =
      "\\caption{Top-1 accuracy (\\%) on the test set, mean $\\pm$ std over 3 seeds. Sweep: a\\_b \\& "
      "\\$x\\$ "
      "\\textbackslash{}pm \\{y\\} 100\\% \\#1 \\textasciitilde{}\\textasciicircum{}.}\n";
  QVERIFY2(latex.find(expect_caption) != std::string::npos, latex.c_str());
  QVERIFY2(latex.find("lr \\& \\{x\\} & + \\$HOME \\textless{}b\\textgreater{}\\textbar{}c \\\\\n") !=
               std::string::npos,
           latex.c_str());
  QVERIFY2(latex.find("0.1\\_a b & 51.00 $\\pm$ 1.41 \\\\\n") != std::string::npos, latex.c_str());
  QCOMPARE(QString::fromStdString(latex_escape("± 1")), QString("$\\pm$ 1"));
}
