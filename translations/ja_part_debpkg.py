# Japanese for Settings → Language (ui/main_window) and the message shown after a change.
JA = {
"&Settings": "設定(&S)",
"&Language": "言語(&L)",
"Language": "言語",
"System Default (%1)": "システムの既定 (%1)",
"The new language is used the next time Plumage starts.": "新しい言語は次回 Plumage を起動したときに適用されます。",
}
