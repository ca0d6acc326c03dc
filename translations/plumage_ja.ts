<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ConfigSummary</name>
    <message>
        <source>image only</source>
        <translation>画像のみ</translation>
    </message>
    <message>
        <source>per-class ratios</source>
        <translation>クラス別の比率</translation>
    </message>
    <message>
        <source>images %1%</source>
        <translation>画像 %1%</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>シード %1</translation>
    </message>
    <message>
        <source>zero-shot</source>
        <translation>ゼロショット</translation>
    </message>
    <message>
        <source>linear probe</source>
        <translation>線形プローブ</translation>
    </message>
    <message>
        <source>+ Reed</source>
        <translation>+ Reed</translation>
    </message>
    <message>
        <source>+ LLM</source>
        <translation>+ LLM</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等変換</translation>
    </message>
    <message>
        <source>image features</source>
        <translation>画像特徴量</translation>
    </message>
    <message>
        <source>text features (%1)</source>
        <translation>テキスト特徴量 (%1)</translation>
    </message>
    <message>
        <source>class text</source>
        <translation>クラステキスト</translation>
    </message>
    <message>
        <source>converter</source>
        <translation>変換器</translation>
    </message>
</context>
<context>
    <name>ConverterCatalog</name>
    <message>
        <source>val cos %1</source>
        <translation>検証コサイン %1</translation>
    </message>
    <message>
        <source>(file missing)</source>
        <translation>（ファイルがありません）</translation>
    </message>
    <message>
        <source>Cannot read the converters in %1: %2</source>
        <translation>%1 の変換器を読み込めません: %2</translation>
    </message>
</context>
<context>
    <name>ConverterTraining</name>
    <message>
        <source>%1 comes from CLIP %2 but %3 from CLIP %4; use features made with one CLIP model.</source>
        <translation>%1 は CLIP %2 の特徴量ですが、%3 は CLIP %4 の特徴量です。同じ CLIP モデルで作った特徴量を使ってください。</translation>
    </message>
    <message>
        <source>The identity converter has nothing to train; choose mean shift, noise, ridge or Q-Former.</source>
        <translation>恒等変換器には学習するものがありません。平均シフト、ノイズ、リッジ、Q-Former のいずれかを選んでください。</translation>
    </message>
    <message>
        <source>Choose the image feature file.</source>
        <translation>画像特徴量ファイルを選んでください。</translation>
    </message>
    <message>
        <source>Image feature file not found: %1</source>
        <translation>画像特徴量ファイルが見つかりません: %1</translation>
    </message>
    <message>
        <source>Choose the text feature file (texts paired with those images).</source>
        <translation>テキスト特徴量ファイル（それらの画像と対になるテキスト）を選んでください。</translation>
    </message>
    <message>
        <source>Text feature file not found: %1</source>
        <translation>テキスト特徴量ファイルが見つかりません: %1</translation>
    </message>
    <message>
        <source>Give the converter a name.</source>
        <translation>変換器に名前を付けてください。</translation>
    </message>
    <message>
        <source>No output file.</source>
        <translation>出力ファイルがありません。</translation>
    </message>
    <message>
        <source>%1 already exists; choose another name.</source>
        <translation>%1 はすでに存在します。別の名前を選んでください。</translation>
    </message>
    <message>
        <source>Ridge lambda must be greater than 0.</source>
        <translation>リッジの λ は 0 より大きくなければなりません。</translation>
    </message>
    <message>
        <source>Noise sigma must not be negative.</source>
        <translation>ノイズの σ は負にできません。</translation>
    </message>
    <message>
        <source>Q-Former: queries, layers, epochs and batch size must be at least 1 and the learning rate above 0.</source>
        <translation>Q-Former: クエリ数・層数・エポック数・バッチサイズは 1 以上、学習率は 0 より大きくなければなりません。</translation>
    </message>
    <message>
        <source>Q-Former: the hidden size (%1) must be a multiple of the number of heads (%2).</source>
        <translation>Q-Former: 隠れ次元（%1）はヘッド数（%2）の倍数でなければなりません。</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message>
        <source>Training the Q-Former</source>
        <translation>Q-Former を学習中</translation>
    </message>
    <message>
        <source>Fitting</source>
        <translation>フィッティング中</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, loss %3</source>
        <translation>エポック %1 / %2、損失 %3</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>%1 is not a converter checkpoint (no config).</source>
        <translation>%1 は変換器のチェックポイントではありません（設定がありません）。</translation>
    </message>
    <message>
        <source>%1 is not a Q-Former checkpoint.</source>
        <translation>%1 は Q-Former のチェックポイントではありません。</translation>
    </message>
    <message>
        <source>%1 holds no training state (optimizer, epoch) to continue from.</source>
        <translation>%1 には続きから学習するための状態（最適化・エポック）がありません。</translation>
    </message>
    <message>
        <source>The checkpoint to continue from is gone: %1</source>
        <translation>続きから学習するチェックポイントが見つかりません: %1</translation>
    </message>
</context>
<context>
    <name>CurvePlotWidget</name>
    <message>
        <source>Epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
</context>
<context>
    <name>FeatureCatalog</name>
    <message>
        <source>training data unknown</source>
        <translation>学習データ不明</translation>
    </message>
    <message>
        <source>⚠ trained on test images</source>
        <translation>⚠ テスト画像でも学習済み</translation>
    </message>
    <message>
        <source>%1 (unreadable)</source>
        <translation>%1（読み込めません）</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n クラス</numerusform>
        </translation>
    </message>
    <message>
        <source>one text per field</source>
        <translation>フィールドごとに 1 テキスト</translation>
    </message>
    <message>
        <source>one text per description</source>
        <translation>記述ごとに 1 テキスト</translation>
    </message>
    <message>
        <source>pairs only, for converters</source>
        <translation>ペアのみ・変換器用</translation>
    </message>
</context>
<context>
    <name>FeatureExtraction</name>
    <message>
        <source>%1: %2/%3 (%4/s)</source>
        <translation>%1: %2/%3 (%4/秒)</translation>
    </message>
    <message>
        <source>image features</source>
        <translation>画像特徴量</translation>
    </message>
    <message>
        <source>caption features</source>
        <translation>キャプション特徴量</translation>
    </message>
    <message>
        <source>description features</source>
        <translation>説明文特徴量</translation>
    </message>
    <message>
        <source>class prompt features</source>
        <translation>クラスプロンプト特徴量</translation>
    </message>
    <message>
        <source>Choose a CLIP model file.</source>
        <translation>CLIP モデルのファイルを選んでください。</translation>
    </message>
    <message>
        <source>%1: no such file or folder.</source>
        <translation>%1: ファイルまたはフォルダーがありません。</translation>
    </message>
    <message>
        <source>Nothing to extract: choose images, captions, descriptions or class prompts.</source>
        <translation type="vanished">抽出する対象がありません。画像・キャプション・説明文・クラスプロンプトのいずれかを選んでください。</translation>
    </message>
    <message>
        <source>%1: %2 is up to date (%3 rows)</source>
        <translation>%1: %2 は最新です（%3 行）</translation>
    </message>
    <message>
        <source>%1: %2, %3 rows in %4 s</source>
        <translation>%1: %2、%3 行（%4 秒）</translation>
    </message>
    <message>
        <source>skipped %1: %2</source>
        <translation>スキップ %1: %2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告: %1</translation>
    </message>
    <message>
        <source>COCO images</source>
        <translation>COCO 画像</translation>
    </message>
    <message>
        <source>COCO captions</source>
        <translation>COCO キャプション</translation>
    </message>
    <message numerus="yes">
        <source>%n COCO image(s) not on disk, left out:</source>
        <translation>
            <numerusform>ディスクにない COCO 画像 %n 枚を除外しました:</numerusform>
        </translation>
    </message>
    <message>
        <source>COCO pairs: %1 (%2 images), %3 (%4 captions)</source>
        <translation>COCO ペア: %1(画像 %2 枚)、%3(キャプション %4 件)</translation>
    </message>
    <message>
        <source>COCO pairs</source>
        <translation>COCO ペア</translation>
    </message>
    <message>
        <source>Choose the COCO captions file (captions_*.json).</source>
        <translation>COCO キャプションファイル(captions_*.json)を選んでください。</translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation>%1: ファイルがありません。</translation>
    </message>
    <message>
        <source>%1: no such folder.</source>
        <translation>%1: フォルダーがありません。</translation>
    </message>
    <message>
        <source>Nothing to extract: choose images, captions, descriptions, class prompts or COCO pairs.</source>
        <translation>抽出する対象がありません。画像・キャプション・説明文・クラスプロンプト・COCO ペアのいずれかを選んでください。</translation>
    </message>
</context>
<context>
    <name>Figure</name>
    <message>
        <source>Image share of training data (%)</source>
        <translation>学習データに占める画像の割合 (%)</translation>
    </message>
    <message>
        <source>Top-1 accuracy (%)</source>
        <translation>Top-1 正解率 (%)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>% of true class</source>
        <translation>正解クラスに対する割合 (%)</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>予測クラス</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>正解クラス</translation>
    </message>
    <message>
        <source>%1 better</source>
        <translation>%1 が優位</translation>
    </message>
    <message>
        <source>Class (sorted by difference)</source>
        <translation>クラス（差の大きい順）</translation>
    </message>
    <message>
        <source>Accuracy difference (points)</source>
        <translation>正解率の差（ポイント）</translation>
    </message>
    <message>
        <source>Image-paired texts</source>
        <translation>画像と対になったテキスト</translation>
    </message>
    <message>
        <source>cos(converted text, paired image)</source>
        <translation>cos(変換後テキスト, 対応する画像)</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>Raw text</source>
        <translation>元のテキスト</translation>
    </message>
    <message>
        <source>Converted text</source>
        <translation>変換後のテキスト</translation>
    </message>
    <message>
        <source>PC 1 (%1 %)</source>
        <translation>第 1 主成分 (%1 %)</translation>
    </message>
    <message>
        <source>PC 2 (%1 %)</source>
        <translation>第 2 主成分 (%1 %)</translation>
    </message>
    <message>
        <source>Accuracy gain (points)</source>
        <translation>正解率の向上（ポイント）</translation>
    </message>
    <message>
        <source>95 % CI of the mean (t; none where n = 1)</source>
        <translation>平均の 95 % 信頼区間（t。n = 1 の点にはなし）</translation>
    </message>
    <message>
        <source>95 % CI of the mean (t)</source>
        <translation>平均の 95 % 信頼区間（t）</translation>
    </message>
</context>
<context>
    <name>FigureCommand</name>
    <message>
        <source>Write a results figure (PDF, SVG or PNG) without opening a window.</source>
        <translation>ウィンドウを開かずに結果の図 (PDF, SVG, PNG) を書き出します。</translation>
    </message>
    <message>
        <source>The subcommand.</source>
        <translation>サブコマンド。</translation>
    </message>
    <message>
        <source>Workspace folder (holds workspace.sqlite).</source>
        <translation>ワークスペースのフォルダー（workspace.sqlite を含む）。</translation>
    </message>
    <message>
        <source>Sweep id or name.</source>
        <translation>スイープの ID または名前。</translation>
    </message>
    <message>
        <source>ratio-curve, per-class, confusion or class-difference.</source>
        <translation>ratio-curve, per-class, confusion, class-difference のいずれか。</translation>
    </message>
    <message>
        <source>Output file: .pdf, .svg or .png.</source>
        <translation>出力ファイル: .pdf, .svg, .png。</translation>
    </message>
    <message>
        <source>Run id for per-class/confusion (default: the sweep&apos;s best run).</source>
        <translation>per-class / confusion に使う実行の ID（既定: スイープ内で最良の実行）。</translation>
    </message>
    <message>
        <source>Second run for class-difference (B − run).</source>
        <translation>class-difference の比較対象の実行（B − run）。</translation>
    </message>
    <message>
        <source>Width in mm (default 85: one column; 175: two columns).</source>
        <translation>幅 (mm)（既定 85: 1 段組、175: 2 段組）。</translation>
    </message>
    <message>
        <source>Height in mm (default 60).</source>
        <translation>高さ (mm)（既定 60）。</translation>
    </message>
    <message>
        <source>Font family (default: Noto Sans CJK JP).</source>
        <translation>フォント（既定: Noto Sans CJK JP）。</translation>
    </message>
    <message>
        <source>Font size in pt (default 8).</source>
        <translation>フォントサイズ (pt)（既定 8）。</translation>
    </message>
    <message>
        <source>Line width in pt (default 1).</source>
        <translation>線の太さ (pt)（既定 1）。</translation>
    </message>
    <message>
        <source>PNG resolution (default 300).</source>
        <translation>PNG の解像度（既定 300）。</translation>
    </message>
    <message>
        <source>X axis label.</source>
        <translation>X 軸のラベル。</translation>
    </message>
    <message>
        <source>Y axis label.</source>
        <translation>Y 軸のラベル。</translation>
    </message>
    <message>
        <source>--%1 is required</source>
        <translation>--%1 は必須です</translation>
    </message>
    <message>
        <source>--kind %1: expected ratio-curve, per-class, confusion or class-difference</source>
        <translation>--kind %1: ratio-curve, per-class, confusion, class-difference のいずれかを指定してください</translation>
    </message>
    <message>
        <source>--out %1: the file must end in .pdf, .svg or .png</source>
        <translation>--out %1: ファイル名は .pdf, .svg, .png で終わる必要があります</translation>
    </message>
    <message>
        <source>--%1 %2: expected a number from %3 to %4</source>
        <translation>--%1 %2: %3 から %4 までの数値を指定してください</translation>
    </message>
    <message>
        <source>--legend %1: unknown position</source>
        <translation>--legend %1: 不明な位置です</translation>
    </message>
    <message>
        <source>%1: no experiment store (is --workspace a workspace with runs?)</source>
        <translation>%1: 実験ストアがありません（--workspace は実行結果のあるワークスペースですか？）</translation>
    </message>
    <message>
        <source>auto (the corner that hides the least; default), top-right, top-left, bottom-right, bottom-left or none.</source>
        <translation type="vanished">auto（隠れるデータが最も少ない隅。既定）、top-right, top-left, bottom-right, bottom-left, none のいずれか。</translation>
    </message>
    <message>
        <source>ratio-curve: a second sweep overlaid dashed (e.g. global sampling beside per-class).</source>
        <translation>ratio-curve: 2 つ目のスイープを破線で重ねて描きます（例: クラス別サンプリングに全体サンプリングを重ねる）。</translation>
    </message>
    <message>
        <source>auto (a corner over no data, else outside the axes; default), top-right, top-left, bottom-right, bottom-left or none.</source>
        <translation>auto（データに重ならない隅。なければ軸の外。既定）、top-right, top-left, bottom-right, bottom-left, none のいずれか。</translation>
    </message>
    <message>
        <source>ratio-curve: spread over seeds: std (± std error bars; default), ci95 (95 % confidence band of the mean, t over seeds; none where n = 1), both or none.</source>
        <translation>ratio-curve: シード間のばらつき: std（± 標準偏差のエラーバー。既定）、ci95（平均の 95 % 信頼帯、シード間の t。n = 1 の点にはなし）、both または none。</translation>
    </message>
    <message>
        <source>--band %1: expected std, ci95, both or none</source>
        <translation>--band %1: std、ci95、both、none のいずれかを指定してください</translation>
    </message>
</context>
<context>
    <name>FigureExport</name>
    <message>
        <source>%1: unknown figure format (use .pdf, .svg or .png)</source>
        <translation>%1: 不明な図の形式です（.pdf, .svg, .png を使ってください）</translation>
    </message>
    <message>
        <source>figure size %1 × %2 mm is out of range (10–1000 mm)</source>
        <translation>図のサイズ %1 × %2 mm は範囲外です（10–1000 mm）</translation>
    </message>
    <message>
        <source>cannot create folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
</context>
<context>
    <name>GenerationSettings</name>
    <message>
        <source>Prompt template not found: %1</source>
        <translation>プロンプトテンプレートが見つかりません: %1</translation>
    </message>
    <message>
        <source>Language must be en or ja, not &quot;%1&quot;</source>
        <translation>言語は en か ja にしてください（&quot;%1&quot; は使えません）</translation>
    </message>
    <message>
        <source>unknown (no price for this model)</source>
        <translation>不明（このモデルの価格がありません）</translation>
    </message>
    <message>
        <source>%1 request(s) to send, %2 already done.</source>
        <translation>送信するリクエスト %1 件、生成済み %2 件。</translation>
    </message>
    <message>
        <source>About %1 prompt tokens and %2 completion tokens (at most %3).</source>
        <translation>プロンプト約 %1 トークン、応答約 %2 トークン（最大 %3）。</translation>
    </message>
    <message>
        <source>Expected cost: %1; at most: %2.</source>
        <translation>見込み費用: %1、最大: %2。</translation>
    </message>
    <message>
        <source>API key source must be env or keychain, not &quot;%1&quot;</source>
        <translation>API キーの取得元は env か keychain です（「%1」は無効）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>edit description of %1</source>
        <translation>%1 の説明を編集</translation>
    </message>
    <message>
        <source>mark %1 %2 as %3</source>
        <translation>%1 %2 を %3 としてマーク</translation>
    </message>
    <message>
        <source>Descriptions: %1 classes matched from %2</source>
        <translation>説明: %2 から %1 クラスが一致</translation>
    </message>
    <message numerus="yes">
        <source>%n name(s) in the descriptions file match no class of this dataset: %1</source>
        <translation>
            <numerusform>説明ファイル内の %n 個の名前がこのデータセットのどのクラスとも一致しません: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>reading image lists</source>
        <translation>画像リストを読み込み中</translation>
    </message>
    <message>
        <source>reading captions</source>
        <translation>キャプションを読み込み中</translation>
    </message>
    <message>
        <source>reading descriptions</source>
        <translation>説明を読み込み中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>ファイルが見つかりません</translation>
    </message>
    <message>
        <source>no CLIP vocabulary (%1) found; looked in: %2</source>
        <translation>CLIP の語彙 (%1) が見つかりません。検索した場所: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>RatioCommands</name>
    <message>
        <source>Reset class ratio</source>
        <translation>クラスの比率をリセット</translation>
    </message>
    <message>
        <source>Reset %1 class ratios</source>
        <translation>%1 クラスの比率をリセット</translation>
    </message>
    <message>
        <source>Set class ratio to %1%</source>
        <translation>クラスの比率を %1% に設定</translation>
    </message>
    <message>
        <source>Set %1 class ratios to %2%</source>
        <translation>%1 クラスの比率を %2% に設定</translation>
    </message>
    <message>
        <source>Set image ratio to %1%</source>
        <translation>画像比率を %1% に設定</translation>
    </message>
</context>
<context>
    <name>RealDataChecks</name>
    <message>
        <source>%1 (and %2 more problems)</source>
        <translation>%1（ほかに %2 件の問題）</translation>
    </message>
    <message>
        <source>%1 classes, %2 images (%3 train, %4 test)</source>
        <translation>%1 クラス、%2 枚の画像（学習 %3、テスト %4）</translation>
    </message>
    <message>
        <source>; a manifest, not the CUB-200-2011 layout</source>
        <translation>。CUB-200-2011 の構成ではなくマニフェストです</translation>
    </message>
    <message>
        <source>; a subset (the study uses all 200 classes)</source>
        <translation>。サブセットです（研究では全 200 クラスを使います）</translation>
    </message>
    <message>
        <source>%1: no such folder</source>
        <translation>%1: そのようなフォルダーはありません</translation>
    </message>
    <message>
        <source>Choose the CUB folder first: the captions are matched to its images.</source>
        <translation>先に CUB フォルダーを選んでください。キャプションはその画像と照合されます。</translation>
    </message>
    <message>
        <source>The CUB folder cannot be read: %1</source>
        <translation>CUB フォルダーを読み込めません: %1</translation>
    </message>
    <message>
        <source>%1: no caption file matches an image of %2 (expected &lt;class folder&gt;/&lt;image name&gt;.txt, as in text_c10)</source>
        <translation>%1: %2 の画像に対応するキャプションファイルがありません（text_c10 のように &lt;クラスのフォルダー&gt;/&lt;画像名&gt;.txt を想定）</translation>
    </message>
    <message>
        <source>%1 captions for %2 of %3 images of the chosen CUB</source>
        <translation>選んだ CUB の画像 %3 枚のうち %2 枚にキャプション %1 件</translation>
    </message>
    <message>
        <source>%1 caption folders match no class of the chosen CUB</source>
        <translation>%1 個のキャプションフォルダーが選んだ CUB のどのクラスにも一致しません</translation>
    </message>
    <message>
        <source>image folder not found</source>
        <translation>画像フォルダーが見つかりません</translation>
    </message>
    <message>
        <source>%1 images, %2 captions (images in %3)</source>
        <translation>画像 %1 枚、キャプション %2 件（画像は %3）</translation>
    </message>
    <message>
        <source>; not on disk: %1 of them, left out when encoding (first: %2)</source>
        <translation>。ディスクにないもの: %1 枚（エンコード時に除外。最初: %2）</translation>
    </message>
    <message>
        <source>; the study uses ViT-B/16</source>
        <translation>。研究では ViT-B/16 を使います</translation>
    </message>
    <message>
        <source>weights xxh64:%1</source>
        <translation>重み xxh64:%1</translation>
    </message>
    <message>
        <source>%1 is set (the key is not shown)</source>
        <translation>%1 は設定されています（キーは表示しません）</translation>
    </message>
    <message>
        <source>%1 is not set in Plumage&apos;s environment: export it before starting Plumage, or keep the key in the system keychain (File → Generate Descriptions)</source>
        <translation>%1 は Plumage の環境に設定されていません。Plumage を起動する前に export するか、キーをシステムのキーチェーンに保存してください（ファイル → 説明の生成）</translation>
    </message>
</context>
<context>
    <name>RealDataEntry</name>
    <message>
        <source>&amp;Real Experiment…</source>
        <translation>実データでの実験(&amp;R)…</translation>
    </message>
    <message>
        <source>What the study needs beyond the demo, where it comes from, and a check of your files</source>
        <translation>デモのほかに研究で必要なもの、その入手先、選んだファイルの確認</translation>
    </message>
    <message>
        <source>Demo data: set up the real experiment…</source>
        <translation>デモデータ: 実データでの実験を準備…</translation>
    </message>
</context>
<context>
    <name>SystemKeychainStore</name>
    <message>
        <source>there is no D-Bus session bus, so there is no Secret Service or KWallet to ask (usual on headless machines and CI)</source>
        <translation>D-Bus セッションバスがないため、問い合わせる Secret Service も KWallet もありません（ヘッドレス環境や CI では普通です）</translation>
    </message>
    <message>
        <source>no Secret Service (GNOME Keyring, KeePassXC) or KWallet answered on the session bus</source>
        <translation>セッションバス上の Secret Service（GNOME Keyring、KeePassXC）も KWallet も応答しませんでした</translation>
    </message>
    <message>
        <source>the platform keychain service did not respond</source>
        <translation>OS のキーチェーンサービスが応答しませんでした</translation>
    </message>
    <message>
        <source>The system keychain is not available: %1 (QtKeychain: %2).</source>
        <translation>システムのキーチェーンを使えません: %1（QtKeychain: %2）。</translation>
    </message>
    <message>
        <source>No key is saved in the system keychain under &quot;%1&quot;.</source>
        <translation>システムのキーチェーンに「%1」というキーは保存されていません。</translation>
    </message>
    <message>
        <source>The system keychain refused access to &quot;%1&quot; (%2).</source>
        <translation>システムのキーチェーンが「%1」へのアクセスを拒否しました（%2）。</translation>
    </message>
    <message>
        <source>The system keychain reported an error for &quot;%1&quot; (%2).</source>
        <translation>システムのキーチェーンが「%1」についてエラーを返しました（%2）。</translation>
    </message>
    <message>
        <source>On Linux the keychain needs a Secret Service (GNOME Keyring or KeePassXC, through libsecret) or KWallet running in the session.</source>
        <translation>Linux では、セッションで Secret Service（libsecret 経由の GNOME Keyring または KeePassXC）か KWallet が動いている必要があります。</translation>
    </message>
    <message>
        <source>The system keychain did not answer within %1 s (is it locked, waiting for a password prompt?).</source>
        <translation>システムのキーチェーンが %1 秒以内に応答しませんでした（ロックされていて、パスワード入力を待っていませんか？）。</translation>
    </message>
    <message>
        <source>the system keychain (service &quot;%1&quot;)</source>
        <translation>システムのキーチェーン（サービス「%1」）</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>[%1/%2] %3: done in %4 (%5)</source>
        <translation>[%1/%2] %3: %4 で完了（%5）</translation>
    </message>
    <message>
        <source>[%1/%2] %3: cached in %4 (%5)</source>
        <translation>[%1/%2] %3: キャッシュ済み、%4（%5）</translation>
    </message>
    <message>
        <source>[%1/%2] %3: done in %4</source>
        <translation>[%1/%2] %3: %4 で完了</translation>
    </message>
    <message>
        <source>[%1/%2] %3: cached in %4</source>
        <translation>[%1/%2] %3: キャッシュ済み、%4</translation>
    </message>
    <message>
        <source>run %1/%2 %3: done in %4 (%5)</source>
        <translation>実行 %1/%2 %3: %4 で完了（%5）</translation>
    </message>
    <message>
        <source>run %1/%2 %3: FAILED in %4 (%5)</source>
        <translation>実行 %1/%2 %3: %4 で失敗（%5）</translation>
    </message>
    <message>
        <source>run %1/%2 %3: cancelled in %4 (%5)</source>
        <translation>実行 %1/%2 %3: %4 で中止（%5）</translation>
    </message>
    <message>
        <source>run %1/%2 %3: done in %4</source>
        <translation>実行 %1/%2 %3: %4 で完了</translation>
    </message>
    <message>
        <source>run %1/%2 %3: FAILED in %4</source>
        <translation>実行 %1/%2 %3: %4 で失敗</translation>
    </message>
    <message>
        <source>run %1/%2 %3: cancelled in %4</source>
        <translation>実行 %1/%2 %3: %4 で中止</translation>
    </message>
    <message>
        <source>CLIP epoch %1/%2: loss %3</source>
        <translation>CLIP エポック %1/%2: 損失 %3</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>語彙</translation>
    </message>
    <message>
        <source>random CLIP model</source>
        <translation>ランダム重みの CLIP モデル</translation>
    </message>
    <message>
        <source>trained CLIP model</source>
        <translation>学習済み CLIP モデル</translation>
    </message>
    <message>
        <source>image features</source>
        <translation>画像特徴量</translation>
    </message>
    <message>
        <source>caption features</source>
        <translation>キャプション特徴量</translation>
    </message>
    <message>
        <source>description features</source>
        <translation>説明文特徴量</translation>
    </message>
    <message>
        <source>class prompt features</source>
        <translation>クラスプロンプト特徴量</translation>
    </message>
    <message>
        <source>ridge converter</source>
        <translation>リッジ回帰の変換器</translation>
    </message>
    <message>
        <source>qformer converter</source>
        <translation>Q-Former の変換器</translation>
    </message>
    <message>
        <source>sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <source>%1 classes x %2 images</source>
        <translation>%1 クラス × 画像 %2 枚</translation>
    </message>
    <message>
        <source>%1 tokens, %2 merges</source>
        <translation>%1 トークン、%2 マージ</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>画像 %1 枚</translation>
    </message>
    <message>
        <source>%1 texts, with tokens</source>
        <translation>テキスト %1 件（トークン付き）</translation>
    </message>
    <message>
        <source>%1 texts</source>
        <translation>テキスト %1 件</translation>
    </message>
    <message>
        <source>val cosine %1, R@1 %2</source>
        <translation>検証コサイン %1、R@1 %2</translation>
    </message>
    <message>
        <source>%1 runs: %2 already done, %3 done now, %4 failed</source>
        <translation>実行 %1 件: 完了済み %2、今回完了 %3、失敗 %4</translation>
    </message>
    <message>
        <source>%1 pairs, %2 epochs, loss %3 -&gt; %4, %5</source>
        <translation>ペア %1 件、%2 エポック、損失 %3 → %4、%5</translation>
    </message>
    <message>
        <source>%1: embed %2; vision %3 wide, %4 layers, %5 heads, patch %6, %7 px; text %8 wide, %9 layers, %10 heads, context %11, vocab %12; %13</source>
        <translation>%1: 埋め込み %2、画像側 幅 %3・%4 層・%5 ヘッド・パッチ %6・%7 px、テキスト側 幅 %8・%9 層・%10 ヘッド・文脈長 %11・語彙 %12、%13</translation>
    </message>
    <message>
        <source>Image only</source>
        <translation>画像のみ</translation>
    </message>
    <message>
        <source>+ Reed captions</source>
        <translation>+ Reed のキャプション</translation>
    </message>
    <message>
        <source>+ LLM descriptions</source>
        <translation>+ LLM による説明</translation>
    </message>
    <message>
        <source>+ %1</source>
        <translation>+ %1</translation>
    </message>
    <message>
        <source>per-class sampling</source>
        <translation>クラスごとのサンプリング</translation>
    </message>
    <message>
        <source>global sampling</source>
        <translation>全体からのサンプリング</translation>
    </message>
    <message>
        <source>%1 sampling</source>
        <translation>%1 サンプリング</translation>
    </message>
    <message>
        <source>all runs</source>
        <translation>すべての実行</translation>
    </message>
    <message>
        <source>values</source>
        <translation>値</translation>
    </message>
    <message>
        <source>values in parentheses</source>
        <translation>括弧内の値</translation>
    </message>
    <message>
        <source>Top-1 accuracy (%) on the test set</source>
        <translation>テストセットでの Top-1 正解率 (%)</translation>
    </message>
    <message>
        <source>mean ± std</source>
        <translation>平均 ± 標準偏差</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for fine-grained image classification with text-derived training data</source>
        <translation type="vanished">テキスト由来の学習データを用いた細粒度画像分類のためのワークベンチ</translation>
    </message>
    <message>
        <source>Open the workspace in &lt;dir&gt;.</source>
        <translation type="vanished">&lt;dir&gt; のワークスペースを開きます。</translation>
    </message>
    <message>
        <source>Render the window to &lt;file&gt; (PNG) and exit.</source>
        <translation type="vanished">ウィンドウを &lt;file&gt; (PNG) に描画して終了します。</translation>
    </message>
    <message>
        <source>Page to show: browser, descriptions, setup, runs, results.</source>
        <translation type="vanished">表示するページ: browser, descriptions, setup, runs, results。</translation>
    </message>
    <message>
        <source>UI language: ja, en or system (saved for next time).</source>
        <translation type="vanished">UI の言語: ja, en, system（次回以降も保存されます）。</translation>
    </message>
</context>
<context>
    <name>plumage::ui</name>
    <message>
        <source>Inputs:</source>
        <translation>入力:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>rows unknown</source>
        <translation>行数不明</translation>
    </message>
    <message>
        <source>%1 training pairs</source>
        <translation>学習ペア %1 件</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>CLIP model: %1</source>
        <translation>CLIP モデル: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>trained on the %1 split of %2 + %3</source>
        <translation>%2 + %3 の %1 分割で学習</translation>
    </message>
</context>
<context>
    <name>plumage::ui::AddDatasetDialog</name>
    <message>
        <source>Add Dataset</source>
        <translation>データセットの追加</translation>
    </message>
    <message>
        <source>CUB-200-2011 layout folder (images.txt, classes.txt, …) or a manifest</source>
        <translation>CUB-200-2011 形式のフォルダー（images.txt, classes.txt, …）またはマニフェスト</translation>
    </message>
    <message>
        <source>optional: Reed et al. text_c10 folder</source>
        <translation>任意: Reed らの text_c10 フォルダー</translation>
    </message>
    <message>
        <source>optional: descriptions JSON</source>
        <translation>任意: 説明の JSON</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自動判別</translation>
    </message>
    <message>
        <source>Plumage descriptions</source>
        <translation>Plumage 形式の説明</translation>
    </message>
    <message>
        <source>Menon &amp; Vondrick descriptors</source>
        <translation>Menon &amp; Vondrick 形式の記述子</translation>
    </message>
    <message>
        <source>CuPL sentences</source>
        <translation>CuPL 形式の文</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>データセット(&amp;D):</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>データセットのフォルダー</translation>
    </message>
    <message>
        <source>&amp;Captions:</source>
        <translation>キャプション(&amp;C):</translation>
    </message>
    <message>
        <source>Captions folder (text_c10)</source>
        <translation>キャプションのフォルダー (text_c10)</translation>
    </message>
    <message>
        <source>Descriptions file</source>
        <translation>説明ファイル</translation>
    </message>
    <message>
        <source>D&amp;escriptions:</source>
        <translation>説明(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>確認(&amp;H)</translation>
    </message>
    <message>
        <source>Check the dataset to see what it holds.</source>
        <translation>データセットを確認して内容を表示します。</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>警告:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON ファイル (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Choose the dataset folder first.</source>
        <translation>先にデータセットのフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>%1 を確認中</translation>
    </message>
    <message>
        <source>&lt;b&gt;This dataset cannot be used:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;このデータセットは使用できません:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 classes, %3 images (%4 train, %5 test).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 クラス、画像 %3 枚（学習 %4、テスト %5）。</translation>
    </message>
    <message>
        <source>CUB-200-2011 layout</source>
        <translation>CUB-200-2011 形式</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>マニフェスト</translation>
    </message>
    <message>
        <source> Captions: %1 for %2 of %3 images.</source>
        <translation> キャプション: 画像 %3 枚中 %2 枚に %1 件。</translation>
    </message>
    <message>
        <source> Descriptions: %1 of %2 classes.</source>
        <translation> 説明: %2 クラス中 %1 クラス。</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Descriptions cannot be read:&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;説明を読み込めません:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;No warnings.</source>
        <translation>&lt;br&gt;警告はありません。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;br&gt;%n warning(s) below; the entries concerned are skipped.</source>
        <translation>
            <numerusform>&lt;br&gt;以下に %n 件の警告があります。該当する項目はスキップされます。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>plumage::ui::BrowserPage</name>
    <message>
        <source>Dataset of this workspace</source>
        <translation>このワークスペースのデータセット</translation>
    </message>
    <message>
        <source>&amp;Add Dataset…</source>
        <translation>データセットの追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>データセット(&amp;D):</translation>
    </message>
    <message>
        <source>Search classes (Ctrl+F)</source>
        <translation>クラスを検索 (Ctrl+F)</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>すべてのクラス</translation>
    </message>
    <message>
        <source>With a description</source>
        <translation>説明あり</translation>
    </message>
    <message>
        <source>Without a description</source>
        <translation>説明なし</translation>
    </message>
    <message>
        <source>Description lacks a field</source>
        <translation>説明に欠けている項目あり</translation>
    </message>
    <message>
        <source>Train and test</source>
        <translation>学習とテスト</translation>
    </message>
    <message>
        <source>Train only</source>
        <translation>学習のみ</translation>
    </message>
    <message>
        <source>Test only</source>
        <translation>テストのみ</translation>
    </message>
    <message>
        <source>Bounding &amp;boxes</source>
        <translation>バウンディングボックス(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Split badges</source>
        <translation>分割バッジ(&amp;S)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>No workspace is open (File → Open Workspace).</source>
        <translation>ワークスペースが開かれていません（ファイル → ワークスペースを開く）。</translation>
    </message>
    <message>
        <source>This workspace has no dataset yet: add one with “Add Dataset…”.</source>
        <translation>このワークスペースにはまだデータセットがありません。「データセットの追加…」で追加してください。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot load this dataset:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;このデータセットを読み込めません:&lt;/b&gt; %1</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es), %1 images (%2 train, %3 test)</source>
        <translation>
            <numerusform>%n クラス、画像 %1 枚（学習 %2、テスト %3）</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 captions</source>
        <translation>、キャプション %1 件</translation>
    </message>
    <message>
        <source>; &lt;b&gt;descriptions not loaded:&lt;/b&gt; %1</source>
        <translation>、&lt;b&gt;説明は読み込まれていません:&lt;/b&gt; %1</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>警告 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>画像 %n 枚</numerusform>
        </translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>閲覧</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ClassListModel</name>
    <message numerus="yes">
        <source>%n description variant(s); every declared field present</source>
        <translation>
            <numerusform>説明のバリアント %n 件。宣言されたすべての項目あり</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n description variant(s); missing: %1</source>
        <translation>
            <numerusform>説明のバリアント %n 件。欠けている項目: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message numerus="yes">
        <source>%n variant(s)</source>
        <translation>
            <numerusform>バリアント %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n variant(s), lacks %1</source>
        <translation>
            <numerusform>バリアント %n 件、%1 なし</numerusform>
        </translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>Captioned</source>
        <translation>キャプションあり</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
</context>
<context>
    <name>plumage::ui::CurvePlotWidget</name>
    <message>
        <source>Train loss</source>
        <translation>学習損失</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>正解率 (%)</translation>
    </message>
    <message>
        <source>Select one or more runs to see their curves.</source>
        <translation>実行を 1 つ以上選ぶと曲線が表示されます。</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DatasetSession</name>
    <message>
        <source>Loading %1</source>
        <translation>%1 を読み込み中</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DescriptionEditDialog</name>
    <message>
        <source>Edit description — %1</source>
        <translation>説明の編集 — %1</translation>
    </message>
    <message>
        <source>Saving keeps variant “%1” unchanged and adds the edited text as a new variant.</source>
        <translation>保存してもバリアント「%1」は変更されず、編集したテキストが新しいバリアントとして追加されます。</translation>
    </message>
    <message>
        <source>One descriptor or sentence per line</source>
        <translation>1 行に 1 つの記述子または文</translation>
    </message>
    <message>
        <source>Sentences:</source>
        <translation>文:</translation>
    </message>
    <message>
        <source>&lt;i&gt;empty — the field will be left out&lt;/i&gt;</source>
        <translation>&lt;i&gt;空 — この項目は省かれます&lt;/i&gt;</translation>
    </message>
    <message>
        <source>token count unavailable (no CLIP vocabulary)</source>
        <translation>トークン数は表示できません（CLIP の語彙がありません）</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#c62828&quot;&gt;%1 tokens — over CLIP&apos;s %2, the end is cut off&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#c62828&quot;&gt;%1 トークン — CLIP の上限 %2 を超えているため末尾が切り捨てられます&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 of %2 tokens</source>
        <translation>%1 / %2 トークン</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DescriptionScoresModel</name>
    <message>
        <source>cos %1 · top-1 %2% · top-5 %3%</source>
        <translation>コサイン %1 · top-1 %2% · top-5 %3%</translation>
    </message>
    <message>
        <source>(whole text)</source>
        <translation>（全文）</translation>
    </message>
    <message>
        <source>%1 training images of this class (scores use training images only)</source>
        <translation>このクラスの訓練画像 %1 枚（スコアは訓練画像のみで計算）</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>バリアント</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>フィールド</translation>
    </message>
    <message>
        <source>Centroid cos</source>
        <translation>重心コサイン</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Top-5</source>
        <translation>Top-5</translation>
    </message>
    <message>
        <source>Confused with</source>
        <translation>混同先</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>フラグ</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Cosine between the text and the mean of the class&apos;s training image features</source>
        <translation>テキストと、クラスの訓練画像特徴の平均とのコサイン類似度</translation>
    </message>
    <message>
        <source>Training images of the class whose own class ranks first / in the first five when this text alone stands for the class (other classes: their usable descriptions)</source>
        <translation>このテキストだけでクラスを表したとき、自クラスが1位／上位5位に入る訓練画像の割合（他のクラスは使用可能な記述で表す）</translation>
    </message>
    <message>
        <source>Classes ranked first instead, with how many training images each took</source>
        <translation>代わりに1位になったクラスと、それぞれが取った訓練画像の枚数</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DescriptionsDocument</name>
    <message>
        <source>Descriptions not saved: %1</source>
        <translation>説明は保存されていません: %1</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DescriptionsPage</name>
    <message>
        <source>Class (Alt+Up / Alt+Down)</source>
        <translation>クラス (Alt+↑ / Alt+↓)</translation>
    </message>
    <message>
        <source>Previous class (Alt+Up)</source>
        <translation>前のクラス (Alt+↑)</translation>
    </message>
    <message>
        <source>Next class (Alt+Down)</source>
        <translation>次のクラス (Alt+↓)</translation>
    </message>
    <message>
        <source>&amp;Colors</source>
        <translation>色(&amp;C)</translation>
    </message>
    <message>
        <source>Body &amp;parts</source>
        <translation>体の部位(&amp;P)</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;%1&quot;&gt;color&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;body part&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;beyond CLIP&apos;s 77 tokens&lt;/span&gt;</source>
        <translation type="vanished">&lt;span style=&quot;%1&quot;&gt;色&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;体の部位&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;CLIP の 77 トークンを超える部分&lt;/span&gt;</translation>
    </message>
    <message>
        <source>C&amp;lass:</source>
        <translation>クラス(&amp;L):</translation>
    </message>
    <message>
        <source>Previous image of this class (Alt+Left)</source>
        <translation>このクラスの前の画像 (Alt+←)</translation>
    </message>
    <message>
        <source>Next image of this class (Alt+Right)</source>
        <translation>このクラスの次の画像 (Alt+→)</translation>
    </message>
    <message>
        <source>Captions of the image</source>
        <translation>画像のキャプション</translation>
    </message>
    <message>
        <source>&lt;b&gt;Captions of this image&lt;/b&gt; (Reed et al.)</source>
        <translation>&lt;b&gt;この画像のキャプション&lt;/b&gt;（Reed ら）</translation>
    </message>
    <message>
        <source>Description variants</source>
        <translation>説明のバリアント</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>承認(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>却下(&amp;R)</translation>
    </message>
    <message>
        <source>Clear &amp;Mark</source>
        <translation>マークを消去(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Edit as New Variant…</source>
        <translation>新しいバリアントとして編集(&amp;E)…</translation>
    </message>
    <message>
        <source>Training uses approved variants when a class has any</source>
        <translation>クラスに承認済みのバリアントがあれば、学習ではそれを使います</translation>
    </message>
    <message>
        <source>Rejected variants are never used for training</source>
        <translation>却下したバリアントは学習に使われません</translation>
    </message>
    <message>
        <source>Selected variant:</source>
        <translation>選択中のバリアント:</translation>
    </message>
    <message>
        <source>Cannot read this image.</source>
        <translation>この画像を読み込めません。</translation>
    </message>
    <message>
        <source>Token counts unavailable: %1. &lt;a href=&quot;choose&quot;&gt;Choose the CLIP vocabulary file…&lt;/a&gt;</source>
        <translation>トークン数を表示できません: %1。&lt;a href=&quot;choose&quot;&gt;CLIP の語彙ファイルを選ぶ…&lt;/a&gt;</translation>
    </message>
    <message>
        <source>CLIP vocabulary</source>
        <translation>CLIP の語彙</translation>
    </message>
    <message>
        <source>CLIP BPE vocabulary (*.txt.gz *.txt *.json)</source>
        <translation>CLIP の BPE 語彙 (*.txt.gz *.txt *.json)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>No dataset is open.</source>
        <translation>データセットが開かれていません。</translation>
    </message>
    <message>
        <source>This dataset has no descriptions file. Add one with File → Add Dataset.</source>
        <translation>このデータセットには説明ファイルがありません。ファイル → データセットの追加 で追加してください。</translation>
    </message>
    <message>
        <source>No description for this class.</source>
        <translation>このクラスの説明はありません。</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b05000&quot;&gt;no description&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#b05000&quot;&gt;説明なし&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b05000&quot;&gt;lacks: %1&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#b05000&quot;&gt;欠けている項目: %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 · %2 · id %3</source>
        <translation>%1 · %2 · ID %3</translation>
    </message>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>&lt;i&gt;no captions for this image&lt;/i&gt;</source>
        <translation>&lt;i&gt;この画像にはキャプションがありません&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;this dataset has no captions folder&lt;/i&gt;</source>
        <translation>&lt;i&gt;このデータセットにはキャプションのフォルダーがありません&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Provenance of variant %1</source>
        <translation>バリアント %1 の出所</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>レビュー</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>ソース</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>パラメーター</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>プロンプトのテンプレート</translation>
    </message>
    <message>
        <source>Template hash</source>
        <translation>テンプレートのハッシュ</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>Raw output</source>
        <translation>生の出力</translation>
    </message>
    <message>
        <source>Saved as variant %1; %2 is unchanged.</source>
        <translation>バリアント %1 として保存しました。%2 は変更されていません。</translation>
    </message>
    <message>
        <source>Descriptions</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;%1&quot;&gt;color&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;body part&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;beyond CLIP&apos;s 77 tokens&lt;/span&gt; · &lt;span style=&quot;color:#c62828&quot;&gt;⚑ flagged (non-visual, another class, duplicate)&lt;/span&gt;</source>
        <translation type="vanished">&lt;span style=&quot;%1&quot;&gt;色&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;体の部位&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;CLIP の 77 トークンを超える部分&lt;/span&gt; · &lt;span style=&quot;color:#c62828&quot;&gt;⚑ 要確認（視覚以外の内容・他クラス名・重複）&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b style=&quot;color:#c62828&quot;&gt;⚑ %n flag(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b style=&quot;color:#c62828&quot;&gt;⚑ 要確認 %n 件&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Score with CLIP</source>
        <translation>CLIP でスコア付け(&amp;S)</translation>
    </message>
    <message>
        <source>Score every description text with the Extract Features CLIP model and the workspace&apos;s image features of it (computed on training images only)</source>
        <translation>特徴量の抽出で選んだ CLIP モデルと、そのモデルによるワークスペースの画像特徴量で、すべての記述テキストをスコア付けします（訓練画像のみで計算）</translation>
    </message>
    <message>
        <source>Description scores, worst first</source>
        <translation>記述のスコア（悪い順）</translation>
    </message>
    <message>
        <source>Computed on training images only. Double-click a row to open it above.</source>
        <translation>訓練画像のみで計算。行をダブルクリックすると上に表示します。</translation>
    </message>
    <message>
        <source>Score Descriptions</source>
        <translation>記述のスコア付け</translation>
    </message>
    <message>
        <source>Choose a CLIP model and extract the image features with it first (File → Extract Features).</source>
        <translation>先に CLIP モデルを選び、そのモデルで画像特徴量を抽出してください（ファイル → 特徴量の抽出）。</translation>
    </message>
    <message>
        <source>No image features of this dataset made with %1 (expected %2). Extract them first (File → Extract Features).</source>
        <translation>このデータセットの %1 による画像特徴量がありません（%2 を想定）。先に抽出してください（ファイル → 特徴量の抽出）。</translation>
    </message>
    <message>
        <source>Scoring descriptions</source>
        <translation>記述をスコア付け中</translation>
    </message>
    <message>
        <source>Encoding description texts</source>
        <translation>記述テキストをエンコード中</translation>
    </message>
    <message>
        <source>&lt;b&gt;Scores, worst first across all classes&lt;/b&gt; — computed on training images only (%1 texts; %2)</source>
        <translation>&lt;b&gt;スコア（全クラスを通して悪い順）&lt;/b&gt; — 訓練画像のみで計算（%1 テキスト、%2）</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;%1&quot;&gt;color&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;body part&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;beyond 77 tokens&lt;/span&gt; · &lt;span style=&quot;color:#c62828&quot;&gt;⚑ flagged&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;%1&quot;&gt;色&lt;/span&gt; · &lt;span style=&quot;%2&quot;&gt;体の部位&lt;/span&gt; · &lt;span style=&quot;%3&quot;&gt;77 トークンを超える部分&lt;/span&gt; · &lt;span style=&quot;color:#c62828&quot;&gt;⚑ 要確認&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Color words and body parts are highlighted; text past CLIP&apos;s 77-token context is greyed (the model never reads it); ⚑ marks text flagged as non-visual, naming another class, or duplicated</source>
        <translation>色を表す語と体の部位を強調表示します。CLIP の 77 トークンの文脈を超える部分は灰色です（モデルは読みません）。⚑ は視覚以外の内容・他クラス名・重複として要確認の箇所を示します</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DiagnosticsDialog</name>
    <message>
        <source>&amp;Copy All</source>
        <translation>すべてコピー(&amp;C)</translation>
    </message>
</context>
<context>
    <name>plumage::ui::DiagnosticsView</name>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>(note)</source>
        <translation>（注記）</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ExperimentForm</name>
    <message>
        <source>optional, e.g. thesis (90, 10) + Reed</source>
        <translation>任意。例: 論文 (90, 10) + Reed</translation>
    </message>
    <message>
        <source>Adapter (image + text samples)</source>
        <translation>アダプター（画像 + テキストのサンプル）</translation>
    </message>
    <message>
        <source>Linear probe (baseline)</source>
        <translation>線形プローブ（ベースライン）</translation>
    </message>
    <message>
        <source>Zero-shot (baseline)</source>
        <translation>ゼロショット（ベースライン）</translation>
    </message>
    <message>
        <source>(choose image features)</source>
        <translation>（画像の特徴量を選んでください）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Feature files (*.safetensors);;All files (*)</source>
        <translation>特徴量ファイル (*.safetensors);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>None (image only)</source>
        <translation>なし（画像のみ）</translation>
    </message>
    <message>
        <source>Reed captions</source>
        <translation>Reed のキャプション</translation>
    </message>
    <message>
        <source>LLM descriptions</source>
        <translation>LLM による説明</translation>
    </message>
    <message>
        <source>One per turned image, redrawn each epoch</source>
        <translation>置き換えた画像ごとに 1 件、エポックごとに引き直し</translation>
    </message>
    <message>
        <source>All texts of each turned image</source>
        <translation>置き換えた画像ごとにすべてのテキスト</translation>
    </message>
    <message>
        <source>Identity (text features as they are)</source>
        <translation>恒等変換（テキストの特徴量をそのまま使用）</translation>
    </message>
    <message>
        <source>Per class (stratified)</source>
        <translation>クラスごと（層化）</translation>
    </message>
    <message>
        <source>Global random</source>
        <translation>全体からランダム</translation>
    </message>
    <message>
        <source>Per class keeps the same fraction of every class&apos;s images; global random draws the image samples from all training images, so class counts vary</source>
        <translation>クラスごと: 各クラスの画像を同じ割合だけ残します。全体からランダム: すべての学習画像から画像サンプルを抽出するため、クラスごとの枚数はばらつきます</translation>
    </message>
    <message>
        <source>Validation split carved from each class&apos;s training images (model selection)</source>
        <translation>各クラスの学習画像から切り出す検証用データ（モデル選択用）</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>線形</translation>
    </message>
    <message>
        <source>Residual bottleneck (CLIP-Adapter)</source>
        <translation>残差ボトルネック (CLIP-Adapter)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>L2-normalize embeddings</source>
        <translation>埋め込みを L2 正規化</translation>
    </message>
    <message>
        <source>Initialize from zero-shot class weights</source>
        <translation>ゼロショットのクラス重みで初期化</translation>
    </message>
    <message>
        <source>One seed, or several (&quot;0, 1, 2&quot; or &quot;0-4&quot;): one run per seed</source>
        <translation>シードを 1 つ、または複数（&quot;0, 1, 2&quot; や &quot;0-4&quot;）。シードごとに 1 回実行します</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>実験</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>手法(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Seeds:</source>
        <translation>シード(&amp;S):</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>デバイス(&amp;V):</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特徴量</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>画像:</translation>
    </message>
    <message>
        <source>Choose the image feature file</source>
        <translation>画像の特徴量ファイルを選ぶ</translation>
    </message>
    <message>
        <source>Reed captions:</source>
        <translation>Reed のキャプション:</translation>
    </message>
    <message>
        <source>Choose the Reed caption feature file</source>
        <translation>Reed のキャプションの特徴量ファイルを選ぶ</translation>
    </message>
    <message>
        <source>LLM descriptions:</source>
        <translation>LLM による説明:</translation>
    </message>
    <message>
        <source>Choose the LLM description feature file</source>
        <translation>LLM による説明の特徴量ファイルを選ぶ</translation>
    </message>
    <message>
        <source>Class prompts:</source>
        <translation>クラスのプロンプト:</translation>
    </message>
    <message>
        <source>Choose the class prompt feature file</source>
        <translation>クラスのプロンプトの特徴量ファイルを選ぶ</translation>
    </message>
    <message>
        <source>Text samples</source>
        <translation>テキストのサンプル</translation>
    </message>
    <message>
        <source>&amp;Text source:</source>
        <translation>テキストの種類(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Captions:</source>
        <translation>キャプション(&amp;C):</translation>
    </message>
    <message>
        <source>Converter:</source>
        <translation>変換器:</translation>
    </message>
    <message>
        <source>Choose a converter checkpoint</source>
        <translation>変換器のチェックポイントを選ぶ</translation>
    </message>
    <message>
        <source>Sa&amp;mpling:</source>
        <translation>サンプリング(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Validation fraction:</source>
        <translation>検証データの割合(&amp;V):</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>アダプター</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>エポック数(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>バッチサイズ(&amp;B):</translation>
    </message>
    <message>
        <source>Learning &amp;rate:</source>
        <translation>学習率(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Weight decay:</source>
        <translation>重み減衰(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation>最適化手法(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Head:</source>
        <translation>ヘッド(&amp;H):</translation>
    </message>
    <message>
        <source>Label &amp;smoothing:</source>
        <translation>ラベル平滑化(&amp;S):</translation>
    </message>
    <message>
        <source>Early stopping &amp;patience:</source>
        <translation>早期終了の猶予(&amp;P):</translation>
    </message>
    <message>
        <source>seed: &apos;%1&apos; is not a non-negative integer or range like 0-4</source>
        <translation>シード: &apos;%1&apos; は 0 以上の整数でも 0-4 のような範囲でもありません</translation>
    </message>
    <message>
        <source>seed: give at least one seed</source>
        <translation>シード: 少なくとも 1 つ指定してください</translation>
    </message>
    <message>
        <source>Train…</source>
        <translation>学習…</translation>
    </message>
    <message>
        <source>Train a converter on paired image/text features of this workspace</source>
        <translation>このワークスペースの画像・テキスト対応特徴量で変換器を学習します</translation>
    </message>
    <message>
        <source>(none yet: File → Extract Features…)</source>
        <translation>（まだありません: ファイル → 特徴量の抽出…）</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ExtractFeaturesDialog</name>
    <message>
        <source>Extract Features — %1</source>
        <translation>特徴量の抽出 — %1</translation>
    </message>
    <message>
        <source>CLIP weights: OpenAI .pt, safetensors, or a Hugging Face folder</source>
        <translation>CLIP の重み: OpenAI .pt、safetensors、または Hugging Face のフォルダー</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>画像(&amp;I)</translation>
    </message>
    <message>
        <source>No dataset is open.</source>
        <translation>データセットが開かれていません。</translation>
    </message>
    <message>
        <source>Reed &amp;captions</source>
        <translation>Reed キャプション(&amp;C)</translation>
    </message>
    <message>
        <source>This dataset has no Reed captions folder.</source>
        <translation>このデータセットには Reed キャプションのフォルダーがありません。</translation>
    </message>
    <message>
        <source>Class &amp;descriptions</source>
        <translation>クラス説明文(&amp;D)</translation>
    </message>
    <message>
        <source>This dataset has no descriptions.</source>
        <translation>このデータセットには説明文がありません。</translation>
    </message>
    <message>
        <source>Keep per-token text outputs (a Q-Former converter needs them; larger files)</source>
        <translation>テキストのトークンごとの出力を保存（Q-Former 変換器に必要。ファイルが大きくなります）</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>自動（CUDA が使えれば CUDA）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CLIP &amp;model:</source>
        <translation>CLIP モデル(&amp;M):</translation>
    </message>
    <message>
        <source>Extract:</source>
        <translation>抽出:</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>デバイス(&amp;V):</translation>
    </message>
    <message>
        <source>Image &amp;batch:</source>
        <translation>画像バッチ(&amp;B):</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <source>&amp;Extract</source>
        <translation>抽出(&amp;E)</translation>
    </message>
    <message>
        <source>CLIP Model</source>
        <translation>CLIP モデル</translation>
    </message>
    <message>
        <source>CLIP weights (*.pt *.safetensors *.bin *.pth);;All files (*)</source>
        <translation>CLIP の重み (*.pt *.safetensors *.bin *.pth);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>%1
in %2</source>
        <translation>%1
保存先: %2</translation>
    </message>
    <message>
        <source>Class &amp;prompts (for the zero-shot baseline)</source>
        <translation>クラスプロンプト（ゼロショットのベースライン用）(&amp;P)</translation>
    </message>
    <message>
        <source>Each class named in: %1</source>
        <translation>各クラス名を次に当てはめます: %1</translation>
    </message>
    <message>
        <source>One text per description (cut at 77 tokens)</source>
        <translation>記述ごとに 1 テキスト（77 トークンで切り詰め）</translation>
    </message>
    <message>
        <source>One text per field (each within 77 tokens)</source>
        <translation>フィールドごとに 1 テキスト（各 77 トークン以内）</translation>
    </message>
    <message>
        <source>A whole structured description is usually longer than CLIP&apos;s 77 tokens; per field, every field is encoded in full. The choice is recorded in the feature file and shown on the Setup page.</source>
        <translation>構造化された記述全体は通常 CLIP の 77 トークンより長くなります。フィールドごとに符号化すると、各フィールドが切り詰められずに符号化されます。この選択は特徴量ファイルに記録され、設定ページに表示されます。</translation>
    </message>
    <message>
        <source>Desc&amp;riptions as:</source>
        <translation>記述の単位(&amp;R):</translation>
    </message>
    <message>
        <source>C&amp;OCO caption pairs (to train a converter)</source>
        <translation>COCO キャプションのペア(変換器の学習用)(&amp;O)</translation>
    </message>
    <message>
        <source>A COCO captions file and its images: image features with the COCO image ids (no classes) and caption features paired with them by id. Images missing on disk are reported and left out.</source>
        <translation>COCO キャプションファイルとその画像から、COCO 画像 ID を持つ画像特徴(クラスなし)と、ID で対応づけたキャプション特徴を作ります。ディスクにない画像は報告して除外します。</translation>
    </message>
    <message>
        <source>captions_train2017.json or captions_val2017.json</source>
        <translation>captions_train2017.json または captions_val2017.json</translation>
    </message>
    <message>
        <source>Image folder (empty: train2017/ or val2017/ beside the captions file)</source>
        <translation>画像フォルダー(空欄: キャプションファイルの近くの train2017/ または val2017/)</translation>
    </message>
    <message>
        <source>COCO ca&amp;ptions:</source>
        <translation>COCO キャプション(&amp;P):</translation>
    </message>
    <message>
        <source>COCO ima&amp;ges:</source>
        <translation>COCO 画像(&amp;G):</translation>
    </message>
    <message>
        <source>COCO Captions</source>
        <translation>COCO キャプション</translation>
    </message>
    <message>
        <source>COCO captions (captions_*.json);;JSON (*.json)</source>
        <translation>COCO キャプション (captions_*.json);;JSON (*.json)</translation>
    </message>
    <message>
        <source>COCO Images</source>
        <translation>COCO 画像</translation>
    </message>
</context>
<context>
    <name>plumage::ui::GenerateDescriptionsDialog</name>
    <message>
        <source>Generate Descriptions</source>
        <translation>説明文の生成</translation>
    </message>
    <message>
        <source>A shipped template name, or the path of a template file</source>
        <translation>同梱テンプレートの名前、またはテンプレートファイルのパス</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>Comma-separated; empty = the fields of the descriptions file (else the default bird fields)</source>
        <translation>カンマ区切り。空欄なら説明ファイルの項目（なければ鳥の既定の項目）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Endpoint (base URL):</source>
        <translation>エンドポイント（ベース URL）:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation>プロンプトテンプレート:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <source>Fields:</source>
        <translation>項目:</translation>
    </message>
    <message>
        <source>Variants per class:</source>
        <translation>クラスあたりのバリアント数:</translation>
    </message>
    <message>
        <source>Requests in flight:</source>
        <translation>同時リクエスト数:</translation>
    </message>
    <message>
        <source>Max tokens per answer:</source>
        <translation>応答あたりの最大トークン数:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度 (temperature):</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>クラス:</translation>
    </message>
    <message>
        <source>Estimate Cost</source>
        <translation>費用を見積もる</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Cancel Batch</source>
        <translation>バッチをキャンセル</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Key found in the environment.</source>
        <translation>環境変数にキーがあります。</translation>
    </message>
    <message>
        <source>No key in the environment (fine for local servers that need none).</source>
        <translation>環境変数にキーがありません（キー不要のローカルサーバーなら問題ありません）。</translation>
    </message>
    <message>
        <source>No dataset is open.</source>
        <translation>データセットが開かれていません。</translation>
    </message>
    <message>
        <source>Select at least one class.</source>
        <translation>クラスを 1 つ以上選んでください。</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>開始できません: %1</translation>
    </message>
    <message>
        <source>Writing to %1</source>
        <translation>書き込み先: %1</translation>
    </message>
    <message>
        <source>Generating descriptions</source>
        <translation>説明文を生成中</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>%1 described, %2 failed, %3 already done; %4 prompt + %5 completion tokens; cost %6.</source>
        <translation>生成 %1 件、失敗 %2 件、生成済み %3 件。トークン: プロンプト %4 + 応答 %5。費用 %6。</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>停止しました: %1</translation>
    </message>
    <message>
        <source>Aborting the requests in flight.</source>
        <translation>送信中のリクエストを中止しています。</translation>
    </message>
    <message>
        <source>Abort Now</source>
        <translation>今すぐ中止</translation>
    </message>
    <message>
        <source>Cancelling: the requests in flight are finished and saved.</source>
        <translation>キャンセル中: 送信中のリクエストは応答を受け取って保存します。</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>環境変数</translation>
    </message>
    <message>
        <source>System keychain</source>
        <translation>システムのキーチェーン</translation>
    </message>
    <message>
        <source>The name the key is saved under in the system keychain (service &quot;plumage&quot;); empty = the endpoint URL, so each endpoint has its own key</source>
        <translation>システムのキーチェーン（サービス「plumage」）でキーを保存する名前。空欄ならエンドポイントの URL（エンドポイントごとに別のキー）</translation>
    </message>
    <message>
        <source>Save Key to Keychain…</source>
        <translation>キーをキーチェーンに保存…</translation>
    </message>
    <message>
        <source>Forget Key</source>
        <translation>キーを削除</translation>
    </message>
    <message>
        <source>API key from:</source>
        <translation>API キーの取得元:</translation>
    </message>
    <message>
        <source>Environment variable:</source>
        <translation>環境変数:</translation>
    </message>
    <message>
        <source>Keychain entry:</source>
        <translation>キーチェーンの項目名:</translation>
    </message>
    <message>
        <source>Name a keychain entry (or an endpoint) first.</source>
        <translation>先にキーチェーンの項目名（またはエンドポイント）を入力してください。</translation>
    </message>
    <message>
        <source>Reading the key from %1…</source>
        <translation>%1 からキーを読み込んでいます…</translation>
    </message>
    <message>
        <source>Key read from %1.</source>
        <translation>%1 からキーを読み込みました。</translation>
    </message>
    <message>
        <source>The keychain entry &quot;%1&quot; is empty.</source>
        <translation>キーチェーンの項目「%1」は空です。</translation>
    </message>
    <message>
        <source>Save a key with &quot;Save Key to Keychain…&quot;, or take it from an environment variable.</source>
        <translation>「キーをキーチェーンに保存…」でキーを保存するか、環境変数から取得してください。</translation>
    </message>
    <message>
        <source>The key source is now the environment variable %1, which holds a key: press Start to use it.</source>
        <translation>キーの取得元を環境変数 %1 に切り替えました。この変数にはキーがあります。使うには「開始」を押してください。</translation>
    </message>
    <message>
        <source>The key source is now the environment variable %1, which is not set: set it before starting Plumage, or use a local server that needs no key.</source>
        <translation>キーの取得元を環境変数 %1 に切り替えましたが、この変数は設定されていません。Plumage を起動する前に設定するか、キー不要のローカルサーバーを使ってください。</translation>
    </message>
    <message>
        <source>Try again, or take the key from an environment variable.</source>
        <translation>もう一度試すか、キーを環境変数から取得してください。</translation>
    </message>
    <message>
        <source>Not started: %1</source>
        <translation>開始しませんでした: %1</translation>
    </message>
    <message>
        <source>Cancelled before the key was read; nothing was sent.</source>
        <translation>キーを読み込む前にキャンセルしました。何も送信していません。</translation>
    </message>
    <message>
        <source>The key is read from %1, entry &quot;%2&quot;, when the batch starts.</source>
        <translation>バッチ開始時に %1 の項目「%2」からキーを読み込みます。</translation>
    </message>
    <message>
        <source>Save Key to Keychain</source>
        <translation>キーをキーチェーンに保存</translation>
    </message>
    <message>
        <source>API key to save in %1 as &quot;%2&quot;:</source>
        <translation>%1 に「%2」として保存する API キー:</translation>
    </message>
    <message>
        <source>The key is empty: nothing was saved.</source>
        <translation>キーが空です。何も保存していません。</translation>
    </message>
    <message>
        <source>Saving the key in %1…</source>
        <translation>%1 にキーを保存しています…</translation>
    </message>
    <message>
        <source>Key saved in %1 as &quot;%2&quot;.</source>
        <translation>%1 に「%2」としてキーを保存しました。</translation>
    </message>
    <message>
        <source>Nothing was saved: take the key from an environment variable instead.</source>
        <translation>何も保存していません。代わりに環境変数からキーを取得してください。</translation>
    </message>
    <message>
        <source>Remove the key saved as &quot;%1&quot; from %2?</source>
        <translation>「%1」として保存したキーを %2 から削除しますか？</translation>
    </message>
    <message>
        <source>Key &quot;%1&quot; removed from %2.</source>
        <translation>キー「%1」を %2 から削除しました。</translation>
    </message>
    <message>
        <source>No key was saved as &quot;%1&quot;: nothing to remove.</source>
        <translation>「%1」として保存したキーはありません。削除するものはありません。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ImageGridModel</name>
    <message>
        <source>%1
%2 — %3 — id %4</source>
        <translation>%1
%2 — %3 — ID %4</translation>
    </message>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ImageViewer</name>
    <message>
        <source>Image</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>Show &amp;bounding box</source>
        <translation>バウンディングボックスを表示(&amp;B)</translation>
    </message>
    <message>
        <source>Captions:</source>
        <translation>キャプション:</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ 前へ(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>次へ(&amp;N) ▶</translation>
    </message>
    <message>
        <source>Cannot read this image.</source>
        <translation>この画像を読み込めません。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;id %3 · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;ID %3 · %4</translation>
    </message>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>(no captions for this image)</source>
        <translation>（この画像にはキャプションがありません）</translation>
    </message>
    <message>
        <source>(no captions folder)</source>
        <translation>（キャプションのフォルダーなし）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
</context>
<context>
    <name>plumage::ui::Job</name>
    <message>
        <source>unknown error</source>
        <translation>不明なエラー</translation>
    </message>
    <message>
        <source>unknown error (non-standard exception)</source>
        <translation>不明なエラー（標準外の例外）</translation>
    </message>
</context>
<context>
    <name>plumage::ui::JobStatusWidget</name>
    <message>
        <source>Cancel this job</source>
        <translation>このジョブを中止</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1: done in %2</source>
        <translation>%1: %2 で完了</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 が失敗しました: %2</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: 中止しました</translation>
    </message>
    <message>
        <source> (+%1 more)</source>
        <translation> （ほか %1 件）</translation>
    </message>
    <message>
        <source>%p% — %1 left</source>
        <translation>%p% — 残り %1</translation>
    </message>
</context>
<context>
    <name>plumage::ui::MainWindow</name>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>新しいワークスペース(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>ワークスペースを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったワークスペース(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Demo Workspace</source>
        <translation>デモ用ワークスペースを開く(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Add Dataset…</source>
        <translation>データセットの追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Plumage</source>
        <translation>Plumage について(&amp;A)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>New Workspace: choose an empty folder</source>
        <translation>新しいワークスペース: 空のフォルダーを選んでください</translation>
    </message>
    <message>
        <source>New Workspace</source>
        <translation>新しいワークスペース</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>ワークスペースを開く</translation>
    </message>
    <message>
        <source>Plumage</source>
        <translation>Plumage</translation>
    </message>
    <message>
        <source>%1 — %2 — Plumage</source>
        <translation>%1 — %2 — Plumage</translation>
    </message>
    <message>
        <source>%1 — Plumage</source>
        <translation>%1 — Plumage</translation>
    </message>
    <message>
        <source>Demo workspace unavailable: %1</source>
        <translation>デモ用ワークスペースを使用できません: %1</translation>
    </message>
    <message>
        <source>Add Dataset</source>
        <translation>データセットの追加</translation>
    </message>
    <message>
        <source>Open or create a workspace first (File menu).</source>
        <translation>先にワークスペースを開くか作成してください（ファイルメニュー）。</translation>
    </message>
    <message>
        <source>About Plumage</source>
        <translation>Plumage について</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Plumage&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Fine-grained image classification with text-derived training data.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Plumage&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;テキスト由来の学習データを用いた細粒度画像分類。&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;ライセンス: GPL-3.0-or-later。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Generate Descriptions…</source>
        <translation>説明文を生成(&amp;G)…</translation>
    </message>
    <message>
        <source>Generate Descriptions</source>
        <translation>説明文の生成</translation>
    </message>
    <message>
        <source>Open a workspace with a loaded dataset first.</source>
        <translation>先にデータセットを読み込んだワークスペースを開いてください。</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System Default (%1)</source>
        <translation>システムの既定 (%1)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="vanished">言語</translation>
    </message>
    <message>
        <source>The new language is used the next time Plumage starts.</source>
        <translation type="vanished">新しい言語は次回 Plumage を起動したときに適用されます。</translation>
    </message>
    <message>
        <source>Preparing the demo workspace</source>
        <translation>デモ用ワークスペースを準備中</translation>
    </message>
    <message>
        <source>E&amp;xtract Features…</source>
        <translation>特徴量の抽出(&amp;X)…</translation>
    </message>
    <message>
        <source>Extract Features</source>
        <translation>特徴量の抽出</translation>
    </message>
    <message>
        <source>Open a workspace with a dataset first.</source>
        <translation>先にデータセットのあるワークスペースを開いてください。</translation>
    </message>
    <message>
        <source>Features are being extracted; wait for that job to end or cancel it.</source>
        <translation>特徴量を抽出中です。そのジョブの終了を待つか、キャンセルしてください。</translation>
    </message>
    <message>
        <source>Extracting features</source>
        <translation>特徴量を抽出中</translation>
    </message>
    <message>
        <source>Features were written, with these notes:

%1</source>
        <translation>特徴量を書き出しました。注意事項:

%1</translation>
    </message>
    <message>
        <source>Load the workspace&apos;s dataset to open class %1.</source>
        <translation>クラス %1 を開くには、ワークスペースのデータセットを読み込んでください。</translation>
    </message>
    <message>
        <source>Class %1 is not in the open dataset.</source>
        <translation>クラス %1 は開いているデータセットにありません。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::RatioEditor</name>
    <message>
        <source>Global image ratio</source>
        <translation>全体の画像比率</translation>
    </message>
    <message>
        <source>Fraction of each class&apos;s training images kept as images; the rest become text samples</source>
        <translation>各クラスの学習画像のうち画像として残す割合。残りはテキストのサンプルになります</translation>
    </message>
    <message>
        <source>&amp;Image ratio (all classes):</source>
        <translation>画像比率（全クラス）(&amp;I):</translation>
    </message>
    <message>
        <source>Filter classes…</source>
        <translation>クラスを絞り込む…</translation>
    </message>
    <message>
        <source>&amp;Set to…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>Set the image ratio of the selected classes</source>
        <translation>選択したクラスの画像比率を設定</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>リセット(&amp;R)</translation>
    </message>
    <message>
        <source>The selected classes follow the global ratio again</source>
        <translation>選択したクラスを再び全体の比率に従わせます</translation>
    </message>
    <message>
        <source>Reset &amp;all</source>
        <translation>すべてリセット(&amp;A)</translation>
    </message>
    <message>
        <source>Reset selected classes</source>
        <translation>選択したクラスをリセット</translation>
    </message>
    <message>
        <source>Set Image Ratio</source>
        <translation>画像比率の設定</translation>
    </message>
    <message numerus="yes">
        <source>Image ratio for %n selected class(es) (%):</source>
        <translation>
            <numerusform>選択した %n クラスの画像比率 (%):</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an image feature file to see the classes and their sample counts.</source>
        <translation>画像の特徴量ファイルを選ぶと、クラスとサンプル数が表示されます。</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n クラス</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n with their own ratio</source>
        <translation>
            <numerusform>、うち %n クラスは個別の比率</numerusform>
        </translation>
    </message>
    <message>
        <source> (global random sampling: one ratio over all images)</source>
        <translation> （全体からランダムにサンプリング: 全画像に 1 つの比率）</translation>
    </message>
    <message>
        <source> → %1 image samples, %2 text samples per epoch</source>
        <translation> → エポックあたり画像サンプル %1 件、テキストサンプル %2 件</translation>
    </message>
</context>
<context>
    <name>plumage::ui::RatioTableModel</name>
    <message>
        <source>Choose a text feature file to count the text samples.</source>
        <translation>テキストの特徴量ファイルを選ぶと、テキストのサンプル数が数えられます。</translation>
    </message>
    <message>
        <source>%1 training images: %2 for the ratio plan, %3 held out for validation</source>
        <translation>学習画像 %1 枚: 比率の計画に %2 枚、検証用に %3 枚</translation>
    </message>
    <message>
        <source>Set for this class (global ratio: %1 %)</source>
        <translation>このクラスに個別に設定（全体の比率: %1 %）</translation>
    </message>
    <message>
        <source>Follows the global ratio</source>
        <translation>全体の比率に従う</translation>
    </message>
    <message>
        <source>Image only: the %1 other images of this class are left out</source>
        <translation>画像のみ: このクラスの残り %1 枚の画像は使いません</translation>
    </message>
    <message>
        <source>%1 images turned into text samples</source>
        <translation>%1 枚の画像をテキストのサンプルに置き換え</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>比率</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Training images of the class (including the validation split)</source>
        <translation>このクラスの学習画像（検証用を含む）</translation>
    </message>
    <message>
        <source>Image ratio r of the class (bold: set for this class)</source>
        <translation>このクラスの画像比率 r（太字: クラス個別の設定）</translation>
    </message>
    <message>
        <source>Training images kept as image samples (k = round(r · n))</source>
        <translation>画像サンプルとして残す学習画像 (k = round(r · n))</translation>
    </message>
    <message>
        <source>Text samples per epoch that replace the other images</source>
        <translation>残りの画像を置き換える、エポックあたりのテキストサンプル</translation>
    </message>
</context>
<context>
    <name>plumage::ui::RealDataDialog</name>
    <message>
        <source>Real Experiment</source>
        <translation>実際の実験</translation>
    </message>
    <message>
        <source>The demo workspace runs every step on a small generated dataset. The study itself needs the files below; Plumage never downloads anything. Choose each one where you keep it: it is checked at once, with the same checks the rest of Plumage uses, and remembered.</source>
        <translation>デモのワークスペースは小さな生成データセットで全ステップを実行します。研究そのものには以下のファイルが必要です。Plumage は何もダウンロードしません。保存した場所でそれぞれを選ぶと、Plumage のほかの部分と同じ検査でその場で確認し、記憶します。</translation>
    </message>
    <message>
        <source>CUB-200-2011 (the birds: images, classes, train/test split)</source>
        <translation>CUB-200-2011（鳥の画像、クラス、学習/テスト分割）</translation>
    </message>
    <message>
        <source>Reed et al. captions (text source “+ Reed”)</source>
        <translation>Reed らのキャプション（テキストソース「+ Reed」）</translation>
    </message>
    <message>
        <source>MS-COCO 2017 captions (stage 1: training the text→image converter)</source>
        <translation>MS-COCO 2017 のキャプション（第 1 段階: テキスト→画像の変換器の学習）</translation>
    </message>
    <message>
        <source>CLIP ViT-B/16 checkpoint</source>
        <translation>CLIP ViT-B/16 のチェックポイント</translation>
    </message>
    <message>
        <source>LLM API key (text source “+ LLM”)</source>
        <translation>LLM の API キー（テキストソース「+ LLM」）</translation>
    </message>
    <message>
        <source>From Caltech: https://www.vision.caltech.edu/datasets/cub_200_2011/ (CUB_200_2011.tgz). Unpack it and choose the CUB_200_2011 folder (images.txt, classes.txt, images/). Disk: 1.2 GB.</source>
        <translation>Caltech から: https://www.vision.caltech.edu/datasets/cub_200_2011/ (CUB_200_2011.tgz)。展開して CUB_200_2011 フォルダー（images.txt、classes.txt、images/）を選んでください。ディスク: 1.2 GB。</translation>
    </message>
    <message>
        <source>From Reed et al., “Learning Deep Representations of Fine-Grained Visual Descriptions”, CVPR 2016: https://github.com/reedscot/cvpr2016, the CUB captions download (cvpr2016_cub). Choose its text_c10 folder (10 captions per image); it is matched to the CUB folder above. Disk: 60 MB.</source>
        <translation>Reed ら「Learning Deep Representations of Fine-Grained Visual Descriptions」(CVPR 2016) から: https://github.com/reedscot/cvpr2016 の CUB キャプション (cvpr2016_cub)。その text_c10 フォルダー（画像 1 枚につきキャプション 10 件）を選んでください。上の CUB フォルダーと照合します。ディスク: 60 MB。</translation>
    </message>
    <message>
        <source>From https://cocodataset.org/#download: 2017 Train images (train2017/), 2017 Val images (val2017/) and 2017 Train/Val annotations (annotations/captions_train2017.json, captions_val2017.json). Choose a captions file; its image folder is found beside it (../train2017) or chosen on the second line. Disk: 19 GB, plus about 47 GB for the per-token caption features made from it later.</source>
        <translation>https://cocodataset.org/#download から: 2017 Train images (train2017/)、2017 Val images (val2017/)、2017 Train/Val annotations (annotations/captions_train2017.json、captions_val2017.json)。キャプションファイルを選ぶと、画像フォルダーはその隣 (../train2017) から見つけるか、2 行目で選びます。ディスク: 19 GB。さらに後で作るトークンごとのキャプション特徴量に約 47 GB。</translation>
    </message>
    <message>
        <source>Any format Plumage loads: OpenAI&apos;s ViT-B-16.pt (its URL is listed in clip/clip.py of https://github.com/openai/CLIP), an open_clip checkpoint (.pt or .safetensors), or Hugging Face openai/clip-vit-base-patch16 (its model.safetensors, beside config.json). Disk: 335 MB (OpenAI, fp16) to 600 MB (Hugging Face, fp32).</source>
        <translation>Plumage が読み込めるどの形式でも構いません: OpenAI の ViT-B-16.pt（URL は https://github.com/openai/CLIP の clip/clip.py にあります）、open_clip のチェックポイント（.pt または .safetensors）、Hugging Face の openai/clip-vit-base-patch16（config.json の隣の model.safetensors）。ディスク: 335 MB（OpenAI、fp16）から 600 MB（Hugging Face、fp32）。</translation>
    </message>
    <message>
        <source>For the class descriptions: a key for an OpenAI-compatible chat-completions endpoint, read from the environment variable named here. Not needed when you import published descriptors instead (plumage-cli descriptions import). Disk: under 1 MB of descriptions.</source>
        <translation>クラスの説明用: OpenAI 互換の chat-completions エンドポイントのキー。ここで名前を指定した環境変数から読みます。公開済みの記述子を取り込む場合（plumage-cli descriptions import）は不要です。ディスク: 説明で 1 MB 未満。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選ぶ…</translation>
    </message>
    <message>
        <source>CUB_200_2011 folder</source>
        <translation>CUB_200_2011 フォルダー</translation>
    </message>
    <message>
        <source>text_c10 folder</source>
        <translation>text_c10 フォルダー</translation>
    </message>
    <message>
        <source>annotations/captions_train2017.json (or captions_val2017.json)</source>
        <translation>annotations/captions_train2017.json（または captions_val2017.json）</translation>
    </message>
    <message>
        <source>image folder (optional: train2017/ or val2017/ beside the annotations)</source>
        <translation>画像フォルダー（省略可: アノテーションの隣の train2017/ または val2017/）</translation>
    </message>
    <message>
        <source>ViT-B-16.pt, open_clip file, or Hugging Face model folder</source>
        <translation>ViT-B-16.pt、open_clip のファイル、または Hugging Face のモデルフォルダー</translation>
    </message>
    <message>
        <source>environment variable, e.g. OPENAI_API_KEY</source>
        <translation>環境変数。例: OPENAI_API_KEY</translation>
    </message>
    <message>
        <source>Add CUB as a Dataset of This Workspace</source>
        <translation>CUB をこのワークスペースのデータセットに追加</translation>
    </message>
    <message>
        <source>Next steps: %1 (in Plumage&apos;s sources) lists what to run, as commands and as dialogs, from these files to the study&apos;s table and ratio figure, with times and disk use.</source>
        <translation>次のステップ: %1（Plumage のソース内）に、これらのファイルから研究の表と比率の図までに実行するものを、コマンドとダイアログの両方で、所要時間とディスク使用量とともに記載しています。</translation>
    </message>
    <message>
        <source>COCO captions (captions_*.json);;JSON files (*.json)</source>
        <translation>COCO のキャプション (captions_*.json);;JSON ファイル (*.json)</translation>
    </message>
    <message>
        <source>CLIP checkpoints (*.pt *.bin *.safetensors);;All files (*)</source>
        <translation>CLIP のチェックポイント (*.pt *.bin *.safetensors);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Waiting for the CUB folder&apos;s check (the captions are matched to its images) …</source>
        <translation>CUB フォルダーの確認を待っています（キャプションはその画像と照合されます）…</translation>
    </message>
    <message>
        <source>Checking %1 …</source>
        <translation>%1 を確認中…</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>%1 を確認中</translation>
    </message>
    <message>
        <source>Checking %1 … %2 of %3 images read</source>
        <translation>%1 を確認中… %3 枚中 %2 枚の画像を読み込みました</translation>
    </message>
    <message>
        <source>Not chosen yet.</source>
        <translation>まだ選ばれていません。</translation>
    </message>
    <message>
        <source>✔ %1</source>
        <translation>✔ %1</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>Open or create a workspace first (File menu).</source>
        <translation>先にワークスペースを開くか作成してください（ファイル メニュー）。</translation>
    </message>
    <message>
        <source>Registers the checked CUB folder (and the Reed folder when it checked too) in %1.</source>
        <translation>確認済みの CUB フォルダー（確認できていれば Reed のフォルダーも）を %1 に登録します。</translation>
    </message>
    <message>
        <source>Choose a CUB folder that checks first.</source>
        <translation>先に確認済みの CUB フォルダーを選んでください。</translation>
    </message>
    <message>
        <source>Added “%1” to workspace %2; it is now the open dataset.</source>
        <translation>「%1」をワークスペース %2 に追加しました。現在開いているデータセットです。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::RunsPage</name>
    <message>
        <source>All statuses</source>
        <translation>すべての状態</translation>
    </message>
    <message>
        <source>Running or queued</source>
        <translation>実行中または待機中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Cancelled or interrupted</source>
        <translation>中止または中断</translation>
    </message>
    <message>
        <source>All sweeps</source>
        <translation>すべてのスイープ</translation>
    </message>
    <message>
        <source>Filter runs (config, key, error)…</source>
        <translation>実行を絞り込む（設定、キー、エラー）…</translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation>実行を中止(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the run in progress (it ends CANCELLED; the rest of its sweep stays queued)</source>
        <translation>実行中の処理を止めます（CANCELLED で終了し、スイープの残りは待機したままです）</translation>
    </message>
    <message>
        <source>Select a run to see its configuration, or the reason it failed.</source>
        <translation>実行を選ぶと、その設定または失敗の理由が表示されます。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>中止しています…</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>実行に失敗しました: %1</translation>
    </message>
    <message>
        <source>Sweep %1</source>
        <translation>スイープ %1</translation>
    </message>
    <message>
        <source>%1 (#%2)</source>
        <translation>%1 (#%2)</translation>
    </message>
    <message>
        <source>No runs</source>
        <translation>実行なし</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s): </source>
        <translation>
            <numerusform>%n 件の実行: </numerusform>
        </translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>実行 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n runs selected: their curves are overlaid.</source>
        <translation>
            <numerusform>%n 件の実行を選択中: 曲線を重ねて表示しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>Run %1 · %2 · key %3 · seed %4</source>
        <translation>実行 %1 · %2 · キー %3 · シード %4</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>
Test top-1: %1 %</source>
        <translation>
テスト Top-1: %1 %</translation>
    </message>
    <message>
        <source>
%1: %2</source>
        <translation>
%1: %2</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Run %1 · %2 · top-1 %3 · %4</source>
        <translation>実行 %1 · %2 · Top-1 %3 · %4</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Runs not in this workspace&apos;s store: %1</source>
        <translation>このワークスペースのストアにない実行: %1</translation>
    </message>
</context>
<context>
    <name>plumage::ui::RunsTableModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Run %1 on %2, seed %3</source>
        <translation>実行 %1（%2、シード %3）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Top-1 %</source>
        <translation>Top-1 %</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始日時</translation>
    </message>
</context>
<context>
    <name>plumage::ui::SetupPage</name>
    <message>
        <source>&amp;Load Preset</source>
        <translation>プリセットを読み込む(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open Config…</source>
        <translation>設定を開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Sa&amp;ve Config…</source>
        <translation>設定を保存(&amp;V)…</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>プリセット:</translation>
    </message>
    <message>
        <source>Image / text ratio</source>
        <translation>画像 / テキストの比率</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <source>e.g. 1, 0.9, 0.5, 0.1 — empty: the ratio above</source>
        <translation>例: 1, 0.9, 0.5, 0.1 — 空欄: 上の比率</translation>
    </message>
    <message>
        <source>One run per image ratio (and per seed)</source>
        <translation>画像比率ごと（およびシードごと）に 1 回実行</translation>
    </message>
    <message>
        <source>Clear Sweep</source>
        <translation>スイープを消去</translation>
    </message>
    <message>
        <source>Image &amp;ratios:</source>
        <translation>画像比率(&amp;R):</translation>
    </message>
    <message>
        <source>Also varies:</source>
        <translation>ほかに変える項目:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>問題:</translation>
    </message>
    <message>
        <source>Resolved configuration:</source>
        <translation type="vanished">解決済みの設定:</translation>
    </message>
    <message>
        <source>Load Preset</source>
        <translation>プリセットの読み込み</translation>
    </message>
    <message>
        <source>Open Experiment or Sweep Config</source>
        <translation>実験またはスイープの設定を開く</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON ファイル (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Open Config</source>
        <translation>設定を開く</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>(no presets found)</source>
        <translation>（プリセットが見つかりません）</translation>
    </message>
    <message>
        <source>Reading feature files</source>
        <translation>特徴量ファイルを読み込み中</translation>
    </message>
    <message>
        <source>Cannot read the feature files: %1</source>
        <translation>特徴量ファイルを読み込めません: %1</translation>
    </message>
    <message>
        <source>sweep image ratios: &apos;%1&apos; is not a ratio in [0, 1] (or a percentage)</source>
        <translation>スイープの画像比率: &apos;%1&apos; は [0, 1] の比率（または百分率）ではありません</translation>
    </message>
    <message>
        <source>ratio plan: %1</source>
        <translation>比率の計画: %1</translation>
    </message>
    <message>
        <source>Choose a text feature file to count the text samples.</source>
        <translation>テキストの特徴量ファイルを選ぶと、テキストのサンプル数が数えられます。</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>問題は見つかりませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Run Sweep (%n runs)</source>
        <translation>
            <numerusform>スイープを実行(&amp;R)（%n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>A sweep is running (see Runs).</source>
        <translation>スイープを実行中です（「実行」ページを参照）。</translation>
    </message>
    <message>
        <source>Open a workspace to run experiments.</source>
        <translation>実験を行うにはワークスペースを開いてください。</translation>
    </message>
    <message>
        <source>(nothing else)</source>
        <translation>（ほかになし）</translation>
    </message>
    <message>
        <source>Classes not in the image features: %1</source>
        <translation>画像の特徴量にないクラス: %1</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 を読み込みました</translation>
    </message>
    <message>
        <source>Save Experiment Config</source>
        <translation>実験の設定を保存</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON ファイル (*.json)</translation>
    </message>
    <message>
        <source>Save Config</source>
        <translation>設定を保存</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>No workspace is open.</source>
        <translation>ワークスペースが開かれていません。</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>開始: %1</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>実験の設定</translation>
    </message>
    <message>
        <source>Trained converter %1</source>
        <translation>変換器 %1 を学習しました</translation>
    </message>
    <message>
        <source>(none loaded)</source>
        <translation>（未読み込み）</translation>
    </message>
    <message>
        <source>Resolved configuration</source>
        <translation>解決済みの設定</translation>
    </message>
    <message>
        <source>Show or hide the configuration a run would get, with every default filled in</source>
        <translation>実行に渡される設定（すべての既定値を補ったもの）の表示・非表示を切り替えます</translation>
    </message>
</context>
<context>
    <name>plumage::ui::StorePollWorker</name>
    <message>
        <source>No runs yet: the workspace has no run store (%1).</source>
        <translation>まだ実行がありません: ワークスペースに実行ストアがありません (%1)。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::ThumbnailDelegate</name>
    <message>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
</context>
<context>
    <name>plumage::ui::TrainConverterDialog</name>
    <message>
        <source>Also train on test images (their adapter test accuracy is then not clean)</source>
        <translation>テスト画像でも学習する（アダプタのテスト精度は汚染されます）</translation>
    </message>
    <message>
        <source>Off: only texts of training-split images are paired. The choice is stored in the checkpoint and shown wherever the converter is chosen.</source>
        <translation>オフ: 学習分割の画像のテキストだけを対にします。この選択はチェックポイントに保存され、変換器を選ぶ場所すべてに表示されます。</translation>
    </message>
    <message>
        <source>Train a Converter</source>
        <translation>変換器の学習</translation>
    </message>
    <message>
        <source>Mean shift (moves texts across the modality gap)</source>
        <translation>平均シフト（モダリティギャップを越えてテキストを移動）</translation>
    </message>
    <message>
        <source>Noise injection (texts plus Gaussian noise)</source>
        <translation>ノイズ注入（テキストにガウスノイズを加える）</translation>
    </message>
    <message>
        <source>Ridge regression (closed form, seconds)</source>
        <translation>リッジ回帰（閉形式、数秒）</translation>
    </message>
    <message>
        <source>Q-Former (trained; needs token features)</source>
        <translation>Q-Former（学習型、トークン特徴量が必要）</translation>
    </message>
    <message>
        <source>Texts tied to images (e.g. Reed captions): each text is paired with its image</source>
        <translation>画像に結び付いたテキスト（Reed のキャプションなど）: 各テキストをその画像と対にします</translation>
    </message>
    <message>
        <source>L2-normalize text and image features</source>
        <translation>テキストと画像の特徴量を L2 正規化</translation>
    </message>
    <message>
        <source>Images held out (with all their texts) for the validation diagnostics</source>
        <translation>検証用の診断のために取り置く画像（そのテキストすべてを含む）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Converter</source>
        <translation>変換器</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>種類(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Image features:</source>
        <translation>画像特徴量(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Text features:</source>
        <translation>テキスト特徴量(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Validation fraction:</source>
        <translation>検証データの割合(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>シード(&amp;S):</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>デバイス(&amp;V):</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>オプション</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>学習(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Cancel Training</source>
        <translation>学習をキャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>中止しています…</translation>
    </message>
    <message>
        <source>No options: adds the difference between the mean image and the mean text feature of the training pairs.</source>
        <translation>オプションはありません。学習ペアの画像特徴量の平均とテキスト特徴量の平均の差を加えます。</translation>
    </message>
    <message>
        <source>Noise &amp;sigma:</source>
        <translation>ノイズの σ(&amp;S):</translation>
    </message>
    <message>
        <source>Ridge &amp;lambda:</source>
        <translation>リッジの λ(&amp;L):</translation>
    </message>
    <message>
        <source>L2 penalty, times the number of pairs</source>
        <translation>L2 ペナルティ（ペア数倍）</translation>
    </message>
    <message>
        <source>&amp;Layers:</source>
        <translation>層数(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Queries:</source>
        <translation>クエリ数(&amp;Q):</translation>
    </message>
    <message>
        <source>&amp;Hidden size:</source>
        <translation>隠れ次元(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Heads:</source>
        <translation>ヘッド数(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>エポック数(&amp;E):</translation>
    </message>
    <message>
        <source>Learning &amp;rate:</source>
        <translation>学習率(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>バッチサイズ(&amp;B):</translation>
    </message>
    <message>
        <source>(choose image features)</source>
        <translation>（画像の特徴量を選んでください）</translation>
    </message>
    <message>
        <source>(choose text features)</source>
        <translation>（テキスト特徴量を選択）</translation>
    </message>
    <message>
        <source>[tokens]</source>
        <translation>[トークン]</translation>
    </message>
    <message>
        <source>The Q-Former reads per-token text features; %1 has none (encode the texts with tokens).</source>
        <translation>Q-Former はトークンごとのテキスト特徴量を使いますが、%1 にはありません（トークン付きでテキストをエンコードしてください）。</translation>
    </message>
    <message>
        <source>Open a workspace first: converters are kept in it.</source>
        <translation>先にワークスペースを開いてください。変換器はその中に保存されます。</translation>
    </message>
    <message>
        <source>A training is already running.</source>
        <translation>学習はすでに実行中です。</translation>
    </message>
    <message>
        <source>Training converter %1</source>
        <translation>変換器 %1 を学習中</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>学習に失敗しました: %1</translation>
    </message>
    <message>
        <source>Cancelled; no checkpoint was written.</source>
        <translation>キャンセルしました。チェックポイントは書き込まれていません。</translation>
    </message>
    <message>
        <source>Saved %1 (%2 s).</source>
        <translation>%1 を保存しました（%2 秒）。</translation>
    </message>
    <message numerus="yes">
        <source>Validation (%n pairs): mean cosine %1, R@1 %2, R@5 %3</source>
        <translation>
            <numerusform>検証（%n ペア）: 平均コサイン %1、R@1 %2、R@5 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Training pairs: mean cosine %1</source>
        <translation>学習ペア: 平均コサイン %1</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n エポック</numerusform>
        </translation>
    </message>
    <message>
        <source>Recorded in the store as run %1.</source>
        <translation>ストアに実行 %1 として記録しました。</translation>
    </message>
    <message>
        <source>Not recorded in a store.</source>
        <translation>ストアには記録していません。</translation>
    </message>
    <message>
        <source>Continue an earlier Q-Former training for more epochs: the architecture, loss, validation split and optimizer state come from the checkpoint</source>
        <translation>以前の Q-Former の学習をさらにエポックを重ねて続けます。構造・損失・検証分割・最適化の状態はチェックポイントから引き継ぎます</translation>
    </message>
    <message>
        <source>(new training)</source>
        <translation>（新規の学習）</translation>
    </message>
    <message numerus="yes">
        <source>Trained %n epoch(s); training continues up to the epoch count below.</source>
        <translation>
            <numerusform>%n エポック学習済み。下のエポック数まで学習を続けます。</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;ontinue from:</source>
        <translation>続きから(&amp;O):</translation>
    </message>
    <message numerus="yes">
        <source>The checkpoint has trained %n epoch(s); set more epochs to continue it.</source>
        <translation>
            <numerusform>このチェックポイントは %n エポック学習済みです。続けるにはそれより多いエポック数を指定してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>Custom (the values below)</source>
        <translation>カスタム(以下の値)</translation>
    </message>
    <message>
        <source>Small: hidden 256, 4 layers, 16 queries (trains on a CPU)</source>
        <translation>小: 隠れ層 256、4 層、クエリ 16(CPU で学習可能)</translation>
    </message>
    <message>
        <source>BLIP-2 shape: hidden 768, 12 layers, 12 heads, 32 queries, cross-attention every other layer (COCO, GPU)</source>
        <translation>BLIP-2 の形: 隠れ層 768、12 層、12 ヘッド、クエリ 32、1 層おきにクロスアテンション(COCO、GPU)</translation>
    </message>
    <message>
        <source>Fills in the settings below; the BLIP-2 shape is the study&apos;s stage 1, trained on COCO train2017 pairs (File → Extract Features → COCO)</source>
        <translation>以下の設定を埋めます。BLIP-2 の形は研究の第 1 段階で、COCO train2017 のペアで学習します(ファイル → 特徴抽出 → COCO)</translation>
    </message>
    <message>
        <source>Cross-attention to the text tokens in layers 1, 1 + k, 1 + 2k, …</source>
        <translation>テキストトークンへのクロスアテンションを第 1、1 + k、1 + 2k、… 層で行います</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>プリセット(&amp;P):</translation>
    </message>
    <message>
        <source>Cross-attention e&amp;very:</source>
        <translation>クロスアテンションの間隔(&amp;V):</translation>
    </message>
    <message>
        <source>A fraction of the training images</source>
        <translation>学習画像の一部</translation>
    </message>
    <message>
        <source>Files of their own (e.g. COCO val2017)</source>
        <translation>専用のファイル（例: COCO val2017）</translation>
    </message>
    <message>
        <source>Validation &amp;pairs:</source>
        <translation>検証ペア(&amp;P):</translation>
    </message>
    <message>
        <source>Validation i&amp;mages:</source>
        <translation>検証用の画像(&amp;M):</translation>
    </message>
    <message>
        <source>Validation te&amp;xts:</source>
        <translation>検証用のテキスト(&amp;X):</translation>
    </message>
    <message>
        <source>Choose both validation files (image features and the texts paired with them).</source>
        <translation>検証用のファイルを両方選んでください（画像の特徴量と、それと対になったテキスト）。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::TrainingLauncher</name>
    <message>
        <source>A run or sweep is already in progress; cancel it or wait until it ends.</source>
        <translation>実行またはスイープがすでに進行中です。中止するか終了を待ってください。</translation>
    </message>
    <message>
        <source>No run store: open a workspace first.</source>
        <translation>実行ストアがありません: 先にワークスペースを開いてください。</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Checking the configuration</source>
        <translation>設定を確認中</translation>
    </message>
    <message>
        <source>Run %1 of %2</source>
        <translation>実行 %1 / %2</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3</source>
        <translation>実行 %1 / %2: %3</translation>
    </message>
    <message>
        <source>Run %1 of %2, epoch %3 of %4</source>
        <translation>実行 %1 / %2、エポック %3 / %4</translation>
    </message>
    <message>
        <source>%1 done, %2 failed</source>
        <translation>完了 %1 件、失敗 %2 件</translation>
    </message>
    <message numerus="yes">
        <source>, %n already done</source>
        <translation>
            <numerusform>、%n 件は完了済み</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>中止</translation>
    </message>
</context>
<context>
    <name>plumage::ui::VariantComparisonModel</name>
    <message>
        <source>Descriptors / sentences</source>
        <translation>記述子 / 文</translation>
    </message>
    <message>
        <source>Whole text</source>
        <translation>テキスト全体</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>missing field</source>
        <translation>欠けている項目</translation>
    </message>
    <message>
        <source>Declared field</source>
        <translation>宣言された項目</translation>
    </message>
    <message>
        <source>Variant %1 — %2 — review: %3</source>
        <translation>バリアント %1 — %2 — レビュー: %3</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>whole text</source>
        <translation>全文</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>要確認: %1</translation>
    </message>
</context>
<context>
    <name>plumage::ui::Workspace</name>
    <message>
        <source>%1 already holds a workspace; open it instead.</source>
        <translation>%1 にはすでにワークスペースがあります。そちらを開いてください。</translation>
    </message>
    <message>
        <source>%1 is not empty; choose an empty or new folder for a workspace.</source>
        <translation>%1 は空ではありません。ワークスペースには空のフォルダーか新しいフォルダーを選んでください。</translation>
    </message>
    <message>
        <source>Cannot create folder %1.</source>
        <translation>フォルダー %1 を作成できません。</translation>
    </message>
    <message>
        <source>%1 is not a Plumage workspace (no %2).</source>
        <translation>%1 は Plumage のワークスペースではありません（%2 がありません）。</translation>
    </message>
    <message>
        <source>A dataset needs a name.</source>
        <translation>データセットには名前が必要です。</translation>
    </message>
    <message>
        <source>No dataset number %1.</source>
        <translation>データセット番号 %1 はありません。</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 読み込めません: %2</translation>
    </message>
    <message>
        <source>%1: offset %2: %3</source>
        <translation>%1: オフセット %2: %3</translation>
    </message>
    <message>
        <source>%1: expected a JSON object</source>
        <translation>%1: JSON オブジェクトが必要です</translation>
    </message>
    <message>
        <source>%1: key &quot;format&quot;: unsupported workspace format %2 (this Plumage reads up to %3)</source>
        <translation>%1: キー &quot;format&quot;: ワークスペース形式 %2 には対応していません（この Plumage が読めるのは %3 まで）</translation>
    </message>
    <message>
        <source>%1: key &quot;datasets&quot;: expected a list</source>
        <translation>%1: キー &quot;datasets&quot;: リストが必要です</translation>
    </message>
    <message>
        <source>%1: key &quot;datasets[%2]&quot;: needs &quot;name&quot; and &quot;root&quot;</source>
        <translation>%1: キー &quot;datasets[%2]&quot;: &quot;name&quot; と &quot;root&quot; が必要です</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: 書き込めません: %2</translation>
    </message>
    <message>
        <source>Demo birds</source>
        <translation>デモ用の鳥</translation>
    </message>
    <message>
        <source>%1: file of %2 bytes is larger than the limit of %3 bytes</source>
        <translation>%1: ファイルが %2 バイトあり、上限の %3 バイトを超えています</translation>
    </message>
</context>
<context>
    <name>plumage::ui::results::ClassGainsModel</name>
    <message>
        <source>No CLIP vocabulary found: set one on the Descriptions page to count tokens.</source>
        <translation>CLIP の語彙ファイルが見つかりません。トークン数を数えるには「説明文」ページで設定してください。</translation>
    </message>
    <message>
        <source>Longer than CLIP&apos;s %1-token context: a single encoding cuts the text.</source>
        <translation>CLIP のコンテキスト長 %1 トークンを超えています。1 回のエンコードではテキストが切り詰められます。</translation>
    </message>
    <message>
        <source>Double-click to open the class on the Descriptions page</source>
        <translation>ダブルクリックで「説明文」ページにこのクラスを開きます</translation>
    </message>
    <message>
        <source>Accuracy of %1 (%)</source>
        <translation>%1 の正解率 (%)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>A (%)</source>
        <translation>A (%)</translation>
    </message>
    <message>
        <source>B (%)</source>
        <translation>B (%)</translation>
    </message>
    <message>
        <source>Gain (A − B)</source>
        <translation>向上 (A − B)</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>テスト画像</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>トークン</translation>
    </message>
</context>
<context>
    <name>plumage::ui::results::ClassGainsPanel</name>
    <message>
        <source>Export CSV…</source>
        <translation>CSV を書き出す…</translation>
    </message>
    <message>
        <source>Export Figure…</source>
        <translation>図を書き出す…</translation>
    </message>
    <message>
        <source>Row:</source>
        <translation>行:</translation>
    </message>
    <message>
        <source>A:</source>
        <translation>A:</translation>
    </message>
    <message>
        <source>minus B:</source>
        <translation>− B:</translation>
    </message>
    <message>
        <source>Choose a sweep with finished runs: the classes of two of its columns are compared here.</source>
        <translation>完了した実行のあるスイープを選んでください。その 2 つの列のクラスをここで比較します。</translation>
    </message>
    <message>
        <source>Choose two different columns to compare.</source>
        <translation>比較する 2 つの異なる列を選んでください。</translation>
    </message>
    <message>
        <source>%1 classes at %2: %3 gain, %4 lose with %5 instead of %6. Double-click a class to open its descriptions.</source>
        <translation>%2 の %1 クラス: %6 の代わりに %5 を使うと %3 クラスで向上、%4 クラスで低下。クラスをダブルクリックすると説明文を開きます。</translation>
    </message>
    <message>
        <source>No per-class comparison: %1</source>
        <translation>クラス別の比較ができません: %1</translation>
    </message>
    <message>
        <source>Export Class Gains</source>
        <translation>クラス別の向上を書き出す</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>this sweep</source>
        <translation>このスイープ</translation>
    </message>
    <message>
        <source>Take column B from another sweep: runs are paired by seed</source>
        <translation>列 B を別のスイープから取ります（実行はシードで対応付け）</translation>
    </message>
    <message>
        <source>B from:</source>
        <translation>B の出典:</translation>
    </message>
    <message>
        <source>Column B&apos;s sweep cannot be read: %1</source>
        <translation>列 B のスイープを読めません: %1</translation>
    </message>
</context>
<context>
    <name>plumage::ui::results::DiagnosticsPanel</name>
    <message>
        <source>Class indices to project, e.g. &quot;0, 3, 5&quot; or &quot;0-4&quot;</source>
        <translation type="vanished">射影するクラスの番号。例: &quot;0, 3, 5&quot; や &quot;0-4&quot;</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>Export Histogram…</source>
        <translation>ヒストグラムを書き出す…</translation>
    </message>
    <message>
        <source>Export Projection…</source>
        <translation>射影図を書き出す…</translation>
    </message>
    <message>
        <source>Image features:</source>
        <translation>画像の特徴量:</translation>
    </message>
    <message>
        <source>Text features:</source>
        <translation>テキストの特徴量:</translation>
    </message>
    <message>
        <source>Converter:</source>
        <translation>変換器:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>クラス:</translation>
    </message>
    <message>
        <source>Choose an image feature file, a text feature file and a converter checkpoint.</source>
        <translation>画像の特徴量ファイル、テキストの特徴量ファイル、変換器のチェックポイントを選んでください。</translation>
    </message>
    <message>
        <source>Classes: write indices such as &quot;0, 3, 5&quot; or &quot;0-4&quot;.</source>
        <translation>クラス: &quot;0, 3, 5&quot; や &quot;0-4&quot; のように番号で指定してください。</translation>
    </message>
    <message>
        <source>Computing conversion diagnostics</source>
        <translation>変換の診断を計算中</translation>
    </message>
    <message>
        <source>Diagnostics failed: %1</source>
        <translation>診断に失敗しました: %1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>%1 converter: %2 image-paired texts, %3 gallery images. R@1 %4 %, R@5 %5 %, mean cosine %6, modality gap %7. PCA explains %8 % + %9 % of the variance.</source>
        <translation type="vanished">%1 変換器: 画像と対になったテキスト %2 件、検索対象の画像 %3 枚。R@1 %4 %、R@5 %5 %、平均コサイン類似度 %6、モダリティギャップ %7。PCA は分散の %8 % + %9 % を説明します。</translation>
    </message>
    <message>
        <source>Class indices to project, e.g. &quot;0, 3, 5&quot; or &quot;0-4&quot;; empty: no projection (pairs-only sets such as COCO have no classes)</source>
        <translation>射影するクラスの番号。例: &quot;0, 3, 5&quot; や &quot;0-4&quot;。空欄: 射影なし（COCO のようなペアのみのセットにはクラスがありません）</translation>
    </message>
    <message>
        <source>%1 converter: %2 image-paired texts, %3 gallery images. R@1 %4 %, R@5 %5 %, mean cosine %6, modality gap %7.</source>
        <translation>%1 変換器: 画像と対になったテキスト %2 件、検索対象の画像 %3 枚。R@1 %4 %、R@5 %5 %、平均コサイン類似度 %6、モダリティギャップ %7。</translation>
    </message>
    <message>
        <source>PCA explains %1 % + %2 % of the variance.</source>
        <translation>PCA は分散の %1 % + %2 % を説明します。</translation>
    </message>
</context>
<context>
    <name>plumage::ui::results::FigureExportDialog</name>
    <message>
        <source>Export Figure</source>
        <translation>図の書き出し</translation>
    </message>
    <message>
        <source>One column (85 mm)</source>
        <translation>1 段組 (85 mm)</translation>
    </message>
    <message>
        <source>Two columns (175 mm)</source>
        <translation>2 段組 (175 mm)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>カスタム</translation>
    </message>
    <message>
        <source>Width preset:</source>
        <translation>幅のプリセット:</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>幅:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>高さ:</translation>
    </message>
    <message>
        <source>Font:</source>
        <translation>フォント:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>フォントサイズ:</translation>
    </message>
    <message>
        <source>Line width:</source>
        <translation>線の太さ:</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>PNG resolution:</source>
        <translation>PNG の解像度:</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>右上</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>左上</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>右下</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>左下</translation>
    </message>
    <message>
        <source>No legend</source>
        <translation>凡例なし</translation>
    </message>
    <message>
        <source>Legend:</source>
        <translation>凡例:</translation>
    </message>
    <message>
        <source>default label</source>
        <translation>既定のラベル</translation>
    </message>
    <message>
        <source>X axis label:</source>
        <translation>X 軸のラベル:</translation>
    </message>
    <message>
        <source>Y axis label:</source>
        <translation>Y 軸のラベル:</translation>
    </message>
    <message>
        <source>Colors: Okabe–Ito (color-blind safe)</source>
        <translation>配色: Okabe–Ito（色覚多様性に配慮）</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>名前を付けて保存…</translation>
    </message>
    <message>
        <source>Save Figure</source>
        <translation>図を保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>Automatic (least overlap)</source>
        <translation type="vanished">自動（重なりが最も少ない位置）</translation>
    </message>
    <message>
        <source>Automatic (over no data, else outside)</source>
        <translation>自動（データに重ならない位置。なければ軸の外）</translation>
    </message>
    <message>
        <source>± std error bars</source>
        <translation>± 標準偏差のエラーバー</translation>
    </message>
    <message>
        <source>95 % confidence band</source>
        <translation>95 % 信頼帯</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>両方</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Accuracy vs ratio: the spread over seeds. The band is the 95 % confidence interval of the mean, mean ± t(0.975, n−1)·s/√n; cells with one finished seed get no band.</source>
        <translation>正解率と比率: シード間のばらつき。帯は平均の 95 % 信頼区間で、平均 ± t(0.975, n−1)·s/√n です。完了したシードが 1 つのセルには帯を描きません。</translation>
    </message>
    <message>
        <source>Spread over seeds:</source>
        <translation>シード間のばらつき:</translation>
    </message>
</context>
<context>
    <name>plumage::ui::results::ResultsPage</name>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Export Figure…</source>
        <translation>図を書き出す…</translation>
    </message>
    <message>
        <source>Export All Figures…</source>
        <translation>すべての図を書き出す…</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>スイープ:</translation>
    </message>
    <message>
        <source>Accuracy vs Ratio</source>
        <translation>比率と正解率</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>実行:</translation>
    </message>
    <message>
        <source>Per-Class Accuracy</source>
        <translation>クラス別正解率</translation>
    </message>
    <message>
        <source>Confusion Matrix</source>
        <translation>混同行列</translation>
    </message>
    <message>
        <source>Run A:</source>
        <translation>実行 A:</translation>
    </message>
    <message>
        <source>Run B:</source>
        <translation>実行 B:</translation>
    </message>
    <message>
        <source>Run vs Run</source>
        <translation>実行の比較</translation>
    </message>
    <message>
        <source>Open a workspace with finished runs to see results.</source>
        <translation>結果を見るには、完了した実行のあるワークスペースを開いてください。</translation>
    </message>
    <message>
        <source>No runs yet: start a sweep on the Setup page.</source>
        <translation>まだ実行がありません。「実験の設定」ページでスイープを開始してください。</translation>
    </message>
    <message>
        <source>Cannot read the run store: %1</source>
        <translation>実行ストアを読み込めません: %1</translation>
    </message>
    <message>
        <source>No sweeps in this workspace yet.</source>
        <translation>このワークスペースにはまだスイープがありません。</translation>
    </message>
    <message>
        <source>Results of this sweep cannot be shown: %1</source>
        <translation>このスイープの結果は表示できません: %1</translation>
    </message>
    <message>
        <source>%1 runs done, %2 pending, %3 failed: the plot and table show finished runs only.</source>
        <translation>完了 %1 件、未完了 %2 件、失敗 %3 件: グラフと表には完了した実行のみを表示しています。</translation>
    </message>
    <message numerus="yes">
        <source>%n seed(s) finished</source>
        <translation type="vanished">
            <numerusform>%n 個のシードが完了</numerusform>
        </translation>
    </message>
    <message>
        <source>True: %1
Predicted: %2
%3 images (%4 % of the true class)</source>
        <translation>正解: %1
予測: %2
画像 %3 枚（正解クラスの %4 %）</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>図の書き出し</translation>
    </message>
    <message>
        <source>Nothing to export: choose a sweep with finished runs.</source>
        <translation>書き出すものがありません。完了した実行のあるスイープを選んでください。</translation>
    </message>
    <message>
        <source>No sweep results to export.</source>
        <translation>書き出すスイープの結果がありません。</translation>
    </message>
    <message>
        <source>Export All Figures</source>
        <translation>すべての図の書き出し</translation>
    </message>
    <message>
        <source>Export All Figures: choose a folder</source>
        <translation>すべての図の書き出し: フォルダーを選んでください</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>形式:</translation>
    </message>
    <message numerus="yes">
        <source>%n figure(s) written to %1</source>
        <translation>
            <numerusform>%n 枚の図を %1 に書き出しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Conversion Diagnostics</source>
        <translation>変換の診断</translation>
    </message>
    <message>
        <source>%1 of %2 run(s) finished</source>
        <translation>%2 件中 %1 件の実行が完了</translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation>実行: %1</translation>
    </message>
    <message>
        <source>Mark &amp;best per row</source>
        <translation>行ごとに最良値を強調(&amp;B)</translation>
    </message>
    <message>
        <source>Bold for the best value of each row, underline for the second (as runs table --mark-best)</source>
        <translation>各行の最良値を太字、2 番目を下線で示します（runs table --mark-best と同じ）</translation>
    </message>
    <message>
        <source>Show a second sweep&apos;s values in parentheses in the table and dashed in the ratio figure, e.g. global sampling beside per-class (as runs table --paren-sweep)</source>
        <translation>2 つ目のスイープの値を表では括弧内に、比率の図では破線で示します。例: クラス別サンプリングの横に全体サンプリング（runs table --paren-sweep と同じ）</translation>
    </message>
    <message>
        <source>In parentheses:</source>
        <translation>括弧内:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>%1: %2 of %3 run(s) finished</source>
        <translation>%1: %3 件中 %2 件の実行が完了</translation>
    </message>
    <message>
        <source>Class Gains</source>
        <translation>クラス別の向上</translation>
    </message>
    <message>
        <source>No test against %1: %2</source>
        <translation>%1 に対する検定なし: %2</translation>
    </message>
    <message>
        <source>Against %1: difference %2, p = %3 (paired t-test, %4 seeds)%5</source>
        <translation>%1 との比較: 差 %2、p = %3（対応のある t 検定、シード %4 個）%5</translation>
    </message>
    <message>
        <source>Mark with † each cell whose paired difference from this column&apos;s cell in the same row is significant (Student&apos;s paired t-test over seeds, p &lt; 0.05; as runs table --mark-vs)</source>
        <translation>同じ行のこの列のセルとの対応のある差が有意なセルに † を付けます（シード間の Student の対応のある t 検定、p &lt; 0.05。runs table --mark-vs と同じ）</translation>
    </message>
    <message>
        <source>Mark significant vs:</source>
        <translation>有意差の基準列:</translation>
    </message>
    <message>
        <source>Double-click: show these runs</source>
        <translation>ダブルクリック: これらの実行を表示</translation>
    </message>
    <message>
        <source>Cannot mark significant cells: %1</source>
        <translation>有意なセルを示せません: %1</translation>
    </message>
    <message>
        <source>† p &lt; %1 against %2 in the same row (Student&apos;s paired t-test over seeds, two-sided).</source>
        <translation>† 同じ行の %2 に対して p &lt; %1（シード間の Student の対応のある t 検定、両側）。</translation>
    </message>
    <message>
        <source>† p &lt; %1 against %2 in the same row, for the value and the value in parentheses each within its own side (Student&apos;s paired t-test over seeds, two-sided).</source>
        <translation>† 同じ行の %2 に対して p &lt; %1。値と括弧内の値はそれぞれ自分の側の中で比較（シード間の Student の対応のある t 検定、両側）。</translation>
    </message>
    <message numerus="yes">
        <source>Show Runs (%n)</source>
        <translation>
            <numerusform>実行を表示 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo workspace: these numbers come from a small CLIP trained in a minute or two on the procedurally drawn demo birds. They show how the method behaves; they are not results on CUB-200-2011.</source>
        <translation>デモのワークスペース: これらの数値は、手続き的に描いたデモの鳥で 1〜2 分学習した小さな CLIP によるものです。手法のふるまいを示すもので、CUB-200-2011 での結果ではありません。</translation>
    </message>
    <message>
        <source>± std</source>
        <translation>± 標準偏差</translation>
    </message>
    <message>
        <source>95 % CI band</source>
        <translation>95 % 信頼帯</translation>
    </message>
    <message>
        <source>± std and band</source>
        <translation>± 標準偏差と信頼帯</translation>
    </message>
    <message>
        <source>No spread</source>
        <translation>ばらつきなし</translation>
    </message>
    <message>
        <source>95 % confidence band of the mean over the finished seeds, mean ± t(0.975, n−1)·s/√n (Student&apos;s t). Cells with one finished seed (n = 1) get no band.</source>
        <translation>完了したシードにわたる平均の 95 % 信頼帯。平均 ± t(0.975, n−1)·s/√n（Student の t）。完了したシードが 1 つ（n = 1）のセルには帯を描きません。</translation>
    </message>
    <message>
        <source>± sample standard deviation over seeds as error bars</source>
        <translation>シード間の標本標準偏差をエラーバーで ± 表示</translation>
    </message>
    <message>
        <source>Means only</source>
        <translation>平均のみ</translation>
    </message>
    <message>
        <source>Spread:</source>
        <translation>ばらつき:</translation>
    </message>
</context>
</TS>
