#include "batch_test_support.h"

#include <cstdio>

namespace plumage::test {

const char* const kTestKey = "sk-test-9f8e7d6c5b4a3210SECRET";

std::vector<std::string> test_fields() { return {"Size", "Coloration", "Beak"}; }

std::vector<llm::ClassTarget> test_classes(int count) {
  std::vector<llm::ClassTarget> out;
  for (int i = 1; i <= count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%03d", i);
    const std::string n = std::to_string(i);
    out.push_back({std::string(id) + ".Test_Bird_" + n, "Test Bird " + n});
  }
  return out;
}

llm::BatchConfig fast_config(const std::string& base_url) {
  llm::BatchConfig c;
  c.client.base_url = base_url;
  c.client.model = "gpt-4o-mini";
  c.client.api_key = kTestKey;
  c.client.timeout_s = 0.4;
  c.client.connect_timeout_s = 1;
  c.client.max_tokens = 200;
  c.prompt_template = llm::PromptTemplate::parse(
      "# test template\n[system]\nYou describe {{domain}}.\n[user]\nDescribe <<{{class_name}}>> in {{language}}.\n"
      "{{fields}}\n{{output_format}}\n",
      "test-template");
  c.fields = test_fields();
  c.concurrency = 4;
  c.retry.max_attempts = 4;
  c.retry.max_validation_retries = 1;
  c.retry.base_delay_s = 0.01;
  c.retry.max_delay_s = 0.05;
  return c;
}

int run_child_batch(const std::string& base_url, const std::string& store, int count) {
  llm::BatchConfig c = fast_config(base_url);
  c.concurrency = 2;
  const auto report = llm::run_batch(store, test_classes(count), c);
  return report.ok() ? 0 : 1;
}

}  // namespace plumage::test
