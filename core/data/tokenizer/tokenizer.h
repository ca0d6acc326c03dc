// CLIP's byte-level BPE tokenizer, matching OpenAI's simple_tokenizer.py (the
// reference for every CLIP checkpoint) id for id.
//
//   auto tok = ClipTokenizer::load("bpe_simple_vocab_16e6.txt.gz");
//   std::vector<int32_t> ids = tok.context_ids("a photo of a bird", 77, Overflow::Truncate);
//
// Vocabularies: OpenAI's merges file (gzip), or Hugging Face's vocab.json +
// merges.txt. Thread-safe: a tokenizer may be shared by worker threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumage::data {

class TokenizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The most bytes a vocabulary file may hold, or decompress to (gzip): the
// real ones are about 1.3 MB (OpenAI's merges) and 2 MB (vocab.json).
constexpr size_t kMaxVocabularyBytes = size_t{64} << 20;

// What to do with a text longer than the context.
enum class Overflow {
  Error,     // throw TokenizerError (the reference tokenizer's default)
  Truncate,  // keep the first context-1 ids, then EOT
};

// How a text fits a context window; for the UI's "too long" warning.
struct TokenCount {
  size_t tokens = 0;     // ids including SOT and EOT; a lower bound when !exact
  bool exact = true;     // false: the text has more than kCountReach x context tokens
  size_t context = 77;
  bool fits = true;      // tokens <= context
  // When it does not fit: byte offset in the original UTF-8 text where the
  // first dropped token begins (what a UI greys out); npos when it fits.
  size_t truncated_at = std::string::npos;
};

// One BPE token of a text: its id and the bytes of the input it came from.
struct TokenSpan {
  int32_t id = 0;
  size_t begin = 0;  // byte offsets into the original text (half-open)
  size_t end = 0;
};

class ClipTokenizer {
 public:
  static constexpr size_t kDefaultContext = 77;

  // OpenAI's bpe_simple_vocab_16e6.txt.gz (or the same text uncompressed).
  static ClipTokenizer from_openai_merges(const std::string& path);
  // Hugging Face tokenizer files (vocab.json + merges.txt).
  static ClipTokenizer from_hf(const std::string& vocab_json, const std::string& merges_txt);
  // A .gz/.txt merges file, or a directory holding either vocab.json +
  // merges.txt or bpe_simple_vocab_16e6.txt.gz.
  static ClipTokenizer load(const std::string& path);

  ClipTokenizer(ClipTokenizer&&) noexcept;
  ClipTokenizer& operator=(ClipTokenizer&&) noexcept;
  ~ClipTokenizer();

  // BPE ids of the text, without SOT/EOT. These three tokenize the whole
  // text: O(n log n) in its length (a word's merges use a heap), so a
  // multi-MB word takes seconds, not hours; prefer context_ids()/count()
  // where only the context matters.
  std::vector<int32_t> encode(const std::string& text) const;
  // Same, with the byte range of the input each token came from.
  std::vector<TokenSpan> encode_spans(const std::string& text) const;
  // SOT + encode(text) + EOT, untruncated.
  std::vector<int32_t> ids(const std::string& text) const;
  // Exactly `context` ids: SOT, tokens, EOT, zero padding. With
  // Overflow::Truncate a long text keeps its first context-2 BPE tokens and
  // ends with EOT (`truncated`, when given, tells whether it was cut); with
  // Overflow::Error it throws TokenizerError. The work is bounded by the
  // context, not the text: tokenizing stops after context-1 tokens, and a
  // word longer than the context can use is BPE'd only on a prefix (twice
  // what the remaining tokens can cover), so a multi-MB word costs no more
  // than a short text.
  std::vector<int32_t> context_ids(const std::string& text, size_t context = kDefaultContext,
                                   Overflow overflow = Overflow::Error, bool* truncated = nullptr) const;
  // Tokens of `text` against `context`, bounded like context_ids: counting
  // stops after kCountReach x context tokens (then `exact` is false).
  static constexpr size_t kCountReach = 8;
  TokenCount count(const std::string& text, size_t context = kDefaultContext) const;

  // Text of ids (special tokens dropped), as the reference decode():
  // "</w>" becomes a space, invalid UTF-8 becomes U+FFFD.
  std::string decode(const std::vector<int32_t>& ids) const;

  int32_t sot() const;
  int32_t eot() const;
  size_t vocab_size() const;
  size_t merge_count() const;
  // Token string of an id as stored in the vocabulary (byte-mapped form).
  const std::string& token_string(int32_t id) const;
  // Where the vocabulary came from (for metadata).
  const std::string& source() const;

 private:
  struct Impl;
  explicit ClipTokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// OpenAI's bytes_to_unicode(): byte -> printable code point.
uint32_t clip_byte_to_unicode(uint8_t byte);

}  // namespace plumage::data
