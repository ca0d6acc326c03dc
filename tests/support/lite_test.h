// A small test harness for targets that must build without Qt (core/engine
// and its tests build on GPU servers that have only LibTorch). The macros
// keep Qt Test's names and meaning so engine tests read like the rest of the
// suite: QVERIFY, QCOMPARE, QSKIP, plus QVERIFY_THROWS_WITH for messages.
//
// Each test is a function registered with PLUMAGE_TEST(name). The executable
// runs all tests, or those named on the command line, and ends with
// "Totals: N passed, N failed, N skipped"; its exit code is the failure count.
#pragma once

#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace plumage::test {

struct Failure {
  std::string message;
};
struct Skip {
  std::string reason;
};

struct Case {
  const char* name;
  void (*fn)();
};

inline std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}

struct Registrar {
  Registrar(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

template <typename T, typename = void>
struct Printable : std::false_type {};
template <typename T>
struct Printable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <typename T>
std::string show(const T& v) {
  if constexpr (Printable<T>::value) {
    std::ostringstream os;
    os << v;
    return os.str();
  } else {
    return "<value>";
  }
}

inline std::string where(const char* file, int line) {
  return std::string(file) + ":" + std::to_string(line);
}

// Directory of ../shared/data (or $PLUMAGE_SHARED_DATA); empty when absent.
std::string shared_data_dir();
// Path under the shared data directory, or empty when it does not exist.
std::string shared_data(const std::string& relative);
// A fresh temporary directory, removed at exit.
std::string temp_dir();

int run_all(int argc, char** argv);

}  // namespace plumage::test

#define PLUMAGE_TEST(name)                                                      \
  static void name();                                                           \
  static ::plumage::test::Registrar plumage_registrar_##name(#name, &name);     \
  static void name()

#define QVERIFY(cond)                                                                     \
  do {                                                                                    \
    if (!(cond))                                                                          \
      throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) +         \
                                     ": QVERIFY(" #cond ") failed"};                      \
  } while (0)

#define QVERIFY2(cond, msg)                                                               \
  do {                                                                                    \
    if (!(cond))                                                                          \
      throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) +         \
                                     ": QVERIFY(" #cond ") failed: " + std::string(msg)}; \
  } while (0)

#define QCOMPARE(actual, expected)                                                        \
  do {                                                                                    \
    const auto& plumage_a = (actual);                                                     \
    const auto& plumage_e = (expected);                                                   \
    if (!(plumage_a == plumage_e))                                                        \
      throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) +         \
                                     ": QCOMPARE(" #actual ", " #expected ") failed: " +  \
                                     ::plumage::test::show(plumage_a) + " != " +          \
                                     ::plumage::test::show(plumage_e)};                   \
  } while (0)

#define QSKIP(reason) throw ::plumage::test::Skip{reason}

#define QFAIL(msg) throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) + ": " + std::string(msg)}

// Expects `expr` to throw a std::exception whose what() contains `needle`.
#define QVERIFY_THROWS_WITH(expr, needle)                                                 \
  do {                                                                                    \
    bool plumage_thrown = false;                                                          \
    std::string plumage_msg;                                                              \
    try {                                                                                 \
      (void)(expr);                                                                       \
    } catch (const std::exception& plumage_ex) {                                          \
      plumage_thrown = true;                                                              \
      plumage_msg = plumage_ex.what();                                                    \
    }                                                                                     \
    if (!plumage_thrown)                                                                  \
      throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) + ": " #expr \
                                     " did not throw"};                                   \
    if (plumage_msg.find(needle) == std::string::npos)                                    \
      throw ::plumage::test::Failure{::plumage::test::where(__FILE__, __LINE__) + ": " #expr \
                                     " threw '" + plumage_msg + "', expected it to mention '" + \
                                     std::string(needle) + "'"};                          \
  } while (0)

#define PLUMAGE_TEST_MAIN() \
  int main(int argc, char** argv) { return ::plumage::test::run_all(argc, argv); }
