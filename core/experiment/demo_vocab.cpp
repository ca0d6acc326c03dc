#include "core/experiment/demo_vocab.h"

#include "core/data/tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace plumage::experiment {
namespace {

void append_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string byte_symbol(uint8_t b) {
  std::string s;
  append_utf8(s, data::clip_byte_to_unicode(b));
  return s;
}

// CLIP's split, approximately: runs of letters, single digits, runs of other
// non-space characters. Only the merge statistics depend on it; any text
// still tokenizes through the byte symbols.
void split_words(const std::string& text, std::map<std::string, int64_t>& counts) {
  std::string word;
  int kind = 0;  // 1 letters, 2 other
  const auto flush = [&] {
    if (!word.empty()) ++counts[word];
    word.clear();
    kind = 0;
  };
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      flush();
    } else if (std::isdigit(c)) {
      flush();
      counts[std::string(1, static_cast<char>(c))]++;
    } else {
      const int k = (std::isalpha(c) || c >= 0x80) ? 1 : 2;
      if (k != kind) flush();
      kind = k;
      word += static_cast<char>(std::tolower(c));
    }
  }
  flush();
}

void write_atomically(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) throw std::runtime_error(tmp.string() + ": cannot write");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

BpeVocabulary learn_bpe_vocabulary(const std::vector<std::string>& texts, std::size_t max_merges) {
  std::map<std::string, int64_t> word_counts;
  for (const auto& t : texts) split_words(t, word_counts);

  struct Word {
    std::vector<std::string> symbols;
    int64_t count;
  };
  std::vector<Word> words;
  for (const auto& [w, n] : word_counts) {
    Word word{{}, n};
    for (unsigned char c : w) word.symbols.push_back(byte_symbol(c));
    word.symbols.back() += "</w>";
    words.push_back(std::move(word));
  }

  BpeVocabulary v;
  for (int b = 0; b < 256; ++b) v.tokens.push_back(byte_symbol(static_cast<uint8_t>(b)));
  for (int b = 0; b < 256; ++b) v.tokens.push_back(byte_symbol(static_cast<uint8_t>(b)) + "</w>");
  std::set<std::string> known(v.tokens.begin(), v.tokens.end());
  while (v.merges.size() < max_merges) {
    std::map<std::pair<std::string, std::string>, int64_t> pairs;
    for (const auto& w : words)
      for (size_t i = 0; i + 1 < w.symbols.size(); ++i) pairs[{w.symbols[i], w.symbols[i + 1]}] += w.count;
    auto best = pairs.end();
    for (auto it = pairs.begin(); it != pairs.end(); ++it)
      if (best == pairs.end() || it->second > best->second) best = it;  // first in spelling order wins ties
    if (best == pairs.end() || best->second < 2) break;
    const auto [a, b] = best->first;
    const std::string merged = a + b;
    for (auto& w : words) {
      std::vector<std::string> out;
      for (size_t i = 0; i < w.symbols.size(); ++i) {
        if (i + 1 < w.symbols.size() && w.symbols[i] == a && w.symbols[i + 1] == b) {
          out.push_back(merged);
          ++i;
        } else {
          out.push_back(w.symbols[i]);
        }
      }
      w.symbols = std::move(out);
    }
    v.merges.emplace_back(a, b);
    // Two merge paths can spell the same symbol ("a"+"bc", "ab"+"c"): one id.
    if (known.insert(merged).second) v.tokens.push_back(merged);
  }
  v.tokens.push_back("<|startoftext|>");
  v.tokens.push_back("<|endoftext|>");
  return v;
}

void write_hf_vocabulary(const BpeVocabulary& vocab, const std::string& dir) {
  std::filesystem::create_directories(dir);
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t i = 0; i < vocab.tokens.size(); ++i) j[vocab.tokens[i]] = static_cast<int64_t>(i);
  std::string merges = "#version: 0.2\n";
  for (const auto& [a, b] : vocab.merges) merges += a + " " + b + "\n";
  write_atomically(std::filesystem::path(dir) / "vocab.json", j.dump());
  write_atomically(std::filesystem::path(dir) / "merges.txt", merges);
}

}  // namespace plumage::experiment
