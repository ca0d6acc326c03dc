// plumage-cli tokenize: CLIP token ids of texts, exactly as the reference
// tokenizer produces them (for checking descriptions against the 77-token
// context, and for scripts that feed CLIP elsewhere).
#include "app/cli/command_registry.h"
#include "core/data/tokenizer/tokenizer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace plumage::cli {
namespace {

struct TokenizeArgs {
  std::string vocab;
  bool truncate = false;
  bool json = false;
  std::vector<std::string> texts;
};

void run_tokenize(const TokenizeArgs& a) {
  std::unique_ptr<data::ClipTokenizer> tok;
  try {
    tok = std::make_unique<data::ClipTokenizer>(data::ClipTokenizer::load(a.vocab));
  } catch (const data::TokenizerError& e) {
    throw ExitError(2, e.what());
  }
  for (const std::string& text : a.texts) {
    const std::vector<int32_t> ids =
        a.truncate ? tok->context_ids(text, data::ClipTokenizer::kDefaultContext, data::Overflow::Truncate)
                   : tok->ids(text);
    if (a.json) {
      // Invalid UTF-8 in an argument is replaced, not a reason to fail.
      nlohmann::ordered_json row{{"text", text}, {"ids", ids}};
      std::cout << row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
      std::cout << "\n";
    }
  }
}

const CommandRegistrar kRegister(40, [](CLI::App& app) {
  auto args = std::make_shared<TokenizeArgs>();
  CLI::App* cmd = app.add_subcommand("tokenize", "Print CLIP token ids (SOT ... EOT) of each TEXT");
  cmd->add_option("--vocab", args->vocab,
                  "bpe_simple_vocab_16e6.txt.gz, a Hugging Face vocab.json (merges.txt beside it), or a directory")
      ->required();
  cmd->add_flag("--truncate", args->truncate, "Cut to the 77-token context (last id EOT) and zero-pad to 77");
  cmd->add_flag("--json", args->json, "One JSON object per line: {\"text\": ..., \"ids\": [...]}");
  cmd->add_option("TEXT", args->texts, "Texts to tokenize")->required();
  cmd->callback([args] { run_tokenize(*args); });
});

}  // namespace
}  // namespace plumage::cli
