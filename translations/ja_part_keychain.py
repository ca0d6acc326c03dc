# Japanese for the API key source of the description-generation dialog
# (ui/llm: environment variable or system keychain) and the keychain store.
JA = {
# GenerateDescriptionsDialog
"Environment variable": "環境変数",
"System keychain": "システムのキーチェーン",
"The name the key is saved under in the system keychain (service \"plumage\"); empty = the endpoint URL, so each endpoint has its own key":
    "システムのキーチェーン（サービス「plumage」）でキーを保存する名前。空欄ならエンドポイントの URL（エンドポイントごとに別のキー）",
"Save Key to Keychain…": "キーをキーチェーンに保存…",
"Save Key to Keychain": "キーをキーチェーンに保存",
"Forget Key": "キーを削除",
"API key from:": "API キーの取得元:",
"Environment variable:": "環境変数:",
"Keychain entry:": "キーチェーンの項目名:",
"Name a keychain entry (or an endpoint) first.": "先にキーチェーンの項目名（またはエンドポイント）を入力してください。",
"Reading the key from %1…": "%1 からキーを読み込んでいます…",
"Key read from %1.": "%1 からキーを読み込みました。",
"The keychain entry \"%1\" is empty.": "キーチェーンの項目「%1」は空です。",
"Save a key with \"Save Key to Keychain…\", or take it from an environment variable.":
    "「キーをキーチェーンに保存…」でキーを保存するか、環境変数から取得してください。",
"The key source is now the environment variable %1, which holds a key: press Start to use it.":
    "キーの取得元を環境変数 %1 に切り替えました。この変数にはキーがあります。使うには「開始」を押してください。",
"The key source is now the environment variable %1, which is not set: set it before starting Plumage, or use a local server that needs no key.":
    "キーの取得元を環境変数 %1 に切り替えましたが、この変数は設定されていません。Plumage を起動する前に設定するか、キー不要のローカルサーバーを使ってください。",
"Try again, or take the key from an environment variable.": "もう一度試すか、キーを環境変数から取得してください。",
"Not started: %1": "開始しませんでした: %1",
"Cancelled before the key was read; nothing was sent.": "キーを読み込む前にキャンセルしました。何も送信していません。",
"The key is read from %1, entry \"%2\", when the batch starts.": "バッチ開始時に %1 の項目「%2」からキーを読み込みます。",
"API key to save in %1 as \"%2\":": "%1 に「%2」として保存する API キー:",
"The key is empty: nothing was saved.": "キーが空です。何も保存していません。",
"Saving the key in %1…": "%1 にキーを保存しています…",
"Key saved in %1 as \"%2\".": "%1 に「%2」としてキーを保存しました。",
"Nothing was saved: take the key from an environment variable instead.": "何も保存していません。代わりに環境変数からキーを取得してください。",
"Remove the key saved as \"%1\" from %2?": "「%1」として保存したキーを %2 から削除しますか？",
"Key \"%1\" removed from %2.": "キー「%1」を %2 から削除しました。",
"No key was saved as \"%1\": nothing to remove.": "「%1」として保存したキーはありません。削除するものはありません。",
# GenerationSettings
"API key source must be env or keychain, not \"%1\"": "API キーの取得元は env か keychain です（「%1」は無効）",
# SystemKeychainStore
"there is no D-Bus session bus, so there is no Secret Service or KWallet to ask (usual on headless machines and CI)":
    "D-Bus セッションバスがないため、問い合わせる Secret Service も KWallet もありません（ヘッドレス環境や CI では普通です）",
"no Secret Service (GNOME Keyring, KeePassXC) or KWallet answered on the session bus":
    "セッションバス上の Secret Service（GNOME Keyring、KeePassXC）も KWallet も応答しませんでした",
"the platform keychain service did not respond": "OS のキーチェーンサービスが応答しませんでした",
"The system keychain is not available: %1 (QtKeychain: %2).": "システムのキーチェーンを使えません: %1（QtKeychain: %2）。",
"No key is saved in the system keychain under \"%1\".": "システムのキーチェーンに「%1」というキーは保存されていません。",
"The system keychain refused access to \"%1\" (%2).": "システムのキーチェーンが「%1」へのアクセスを拒否しました（%2）。",
"The system keychain reported an error for \"%1\" (%2).": "システムのキーチェーンが「%1」についてエラーを返しました（%2）。",
"On Linux the keychain needs a Secret Service (GNOME Keyring or KeePassXC, through libsecret) or KWallet running in the session.":
    "Linux では、セッションで Secret Service（libsecret 経由の GNOME Keyring または KeePassXC）か KWallet が動いている必要があります。",
"The system keychain did not answer within %1 s (is it locked, waiting for a password prompt?).":
    "システムのキーチェーンが %1 秒以内に応答しませんでした（ロックされていて、パスワード入力を待っていませんか？）。",
"the system keychain (service \"%1\")": "システムのキーチェーン（サービス「%1」）",
}
