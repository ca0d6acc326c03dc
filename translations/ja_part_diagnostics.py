JA = {
# ui/results/diagnostics_figures.cpp (context "Figure")
"Image-paired texts": "画像と対になったテキスト",
"cos(converted text, paired image)": "cos(変換後テキスト, 対応する画像)",
"Image": "画像",
"Raw text": "元のテキスト",
"Converted text": "変換後のテキスト",
"PC 1 (%1 %)": "第 1 主成分 (%1 %)",
"PC 2 (%1 %)": "第 2 主成分 (%1 %)",
# ui/results/diagnostics_panel.cpp, results_page.cpp
"Conversion Diagnostics": "変換の診断",
"Class indices to project, e.g. \"0, 3, 5\" or \"0-4\"": "射影するクラスの番号。例: \"0, 3, 5\" や \"0-4\"",
"Compute": "計算",
"Export Histogram…": "ヒストグラムを書き出す…",
"Export Projection…": "射影図を書き出す…",
"Image features:": "画像の特徴量:",
"Text features:": "テキストの特徴量:",
"Converter:": "変換器:",
"Classes:": "クラス:",
"Choose an image feature file, a text feature file and a converter checkpoint.": "画像の特徴量ファイル、テキストの特徴量ファイル、変換器のチェックポイントを選んでください。",
"Classes: write indices such as \"0, 3, 5\" or \"0-4\".": "クラス: \"0, 3, 5\" や \"0-4\" のように番号で指定してください。",
"Computing conversion diagnostics": "変換の診断を計算中",
"Diagnostics failed: %1": "診断に失敗しました: %1",
"Computing…": "計算中…",
"%1 converter: %2 image-paired texts, %3 gallery images. R@1 %4 %, R@5 %5 %, mean cosine %6, modality gap %7. PCA explains %8 % + %9 % of the variance.":
    "%1 変換器: 画像と対になったテキスト %2 件、検索対象の画像 %3 枚。R@1 %4 %、R@5 %5 %、平均コサイン類似度 %6、モダリティギャップ %7。PCA は分散の %8 % + %9 % を説明します。",
}
