# %% [markdown] id="intro" lang="ja"
# # 00 準備の確認
#
# このノートブックでは、キットを使う準備ができているかを確かめます。
#
# 1. Python、JupyterLab、ipywidgets、ipykernel のバージョンと、ポート 49152 が空いているか
# 2. ウィジェット (ボタンなど) が表示されるか
# 3. 記事の最後に出てくる `SyntaxError: invalid non-printable character U+00A0` を再現して、直し方を試す
#
# 上から順にセルを実行してください。

# %% [markdown] id="intro" lang="en"
# # 00 Setup check
#
# This notebook checks that your computer is ready for the kit:
#
# 1. the versions of Python, JupyterLab, ipywidgets and ipykernel, and that port 49152 is free;
# 2. that widgets (buttons and the like) are shown;
# 3. the article's closing trouble, `SyntaxError: invalid non-printable character U+00A0`: reproduce it and fix it.
#
# Run the cells from top to bottom.

# %% id="import-labkit"
import labkit

labkit.set_language(L("ja", "en"))  # ja: labkit のメッセージを日本語にする # en: labkit's messages in English

# %% [markdown] id="versions-port" lang="ja"
# ## バージョンとポート
#
# `labkit.check_setup()` が項目ごとに `[OK]` か、何をどう直せばよいか (`[要対応]`) を表示します。
#
# - Python 3.10 以上、JupyterLab 4.2 以上、ipywidgets 8.1 以上。
# - ipykernel 7.1 以上。7.0 では、バックグラウンドのスレッド (このキットのサーバ) の出力が消えてしまいます。
# - `127.0.0.1` のポート 49152 (記事のサーバのポート) が空いていること。
#   使用中なら、別のカーネルで 01〜03 のノートブックがサーバを動かしているかもしれません。

# %% [markdown] id="versions-port" lang="en"
# ## Versions and port
#
# `labkit.check_setup()` shows `[OK]` for each item, or what to fix and how (`[FIX]`).
#
# - Python 3.10 or newer, JupyterLab 4.2 or newer, ipywidgets 8.1 or newer.
# - ipykernel 7.1 or newer: 7.0 loses the output of background threads (this kit's server runs in one).
# - Port 49152 on `127.0.0.1` (the article's server port) is free.
#   If it is in use, a notebook 01-03 in another kernel may be running a server.

# %% id="check-setup"
print(labkit.check_setup())

# %% [markdown] id="are-widgets-shown" lang="ja"
# ## ウィジェットが表示されるか
#
# 下にボタンが表示されれば、ウィジェットは動いています。押すと文字が変わります。
# ボタンではなく `Button(...)` という文字だけが表示されたら、ipywidgets が JupyterLab に入っていません
# (`conda install -c conda-forge ipywidgets` の後、JupyterLab を開き直します)。

# %% [markdown] id="are-widgets-shown" lang="en"
# ## Are widgets shown?
#
# If a button appears below, widgets work. Click it and its text changes.
# If you see only the text `Button(...)` instead of a button, ipywidgets is missing from JupyterLab
# (`conda install -c conda-forge ipywidgets`, then reopen JupyterLab).

# %% id="widget-shown"
import ipywidgets as widgets

button = widgets.Button(description=L("押してください", "Click me"))
button.add_class("labkit-setup-widget")


def on_click(b):
    b.description = L("OK: ウィジェットは動いています", "OK: widgets work")


button.on_click(on_click)
button

# %% [markdown] id="articles-syntaxerror-invalid-non" lang="ja"
# ## 記事の `SyntaxError: invalid non-printable character U+00A0`
#
# Web ページからコードをコピーして貼り付けると、インデントのスペースが U+00A0 (ノーブレークスペース) に
# なっていることがあります。見た目は普通のスペースと同じですが、Python はこれをスペースとして扱わず、
# セルを実行する前 (構文を読む段階) で止まります。
#
# 下のセルは、記事の失敗する行を貼り付けたものです。`client` の前の 4 文字は U+00A0 です。
# 実行すると記事と同じエラーになります (構文エラーなので、`accept()` は実行されません)。

# %% [markdown] id="articles-syntaxerror-invalid-non" lang="en"
# ## The article's `SyntaxError: invalid non-printable character U+00A0`
#
# Code copied from a web page may carry U+00A0 (NO-BREAK SPACE) in its indentation.
# It looks like a normal space, but Python does not treat it as one and stops before the cell runs
# (while reading the syntax).
#
# The cell below is the article's failing line, pasted: the 4 characters before `client` are U+00A0.
# Running it gives the article's error (a syntax error, so `accept()` never runs).

# %% id="pasted-article-code" lang="ja" tags=["raises-exception"] active="ipynb"
# # 記事のソースをコピーして貼り付けたもの
# while True:
#     client, addr = server.accept()

# %% id="pasted-article-code" lang="en" tags=["raises-exception"] active="ipynb"
# # The article's code, copied and pasted
# while True:
#     client, addr = server.accept()

# %% [markdown] id="find-invisible-characters-fix" lang="ja"
# ## 見えない文字を見つけて直す
#
# 記事の対策は「スペース 4 個を削除して、再度スペースを 4 個入力する」です。
# `labkit.check_source(テキスト)` は、そのような文字が何行目の何列目にあるかを示し、直したテキスト (`.fixed`) を返します。
# 下のセルでは、上のセルと同じテキストを文字列にしています (`\u00a0` が U+00A0)。

# %% [markdown] id="find-invisible-characters-fix" lang="en"
# ## Find the invisible characters and fix them
#
# The article's cure: "delete the 4 spaces and type 4 spaces again".
# `labkit.check_source(text)` shows the line and column of each such character and returns the fixed text (`.fixed`).
# The cell below holds the same text as the cell above, as a string (`\u00a0` is U+00A0).

# %% id="check-source"
pasted = "while True:\n\u00a0\u00a0\u00a0\u00a0client, addr = server.accept()\n"

result = labkit.check_source(pasted)
print(result)  # ja: 何行目の何列目に、何の文字があるか # en: which character, at which line and column

# ja: 直したテキストは構文エラーにならない (compile は構文を確かめるだけで、実行はしない)
# en: The fixed text is no syntax error any more (compile checks the syntax; it runs nothing)
compile(result.fixed, "fixed", "exec")
print("OK:", result.fixed.splitlines()[1].strip())

# %% [markdown] id="note-labkit-check-notebook" lang="ja"
# `labkit.check_notebook("ファイル名.ipynb")` は、ノートブックのファイルのコードセルをすべて調べます。
# セルの番号はファイルの中のコードセルの順番 (1 から) です。下のセルはこのノートブック自身を調べます。
# 引数なしの `labkit.check_notebook()` は、このカーネルでこれまでに実行したセルを調べます
# (番号は左側の `[5]` のような実行番号)。貼り付けたコードが動かないときに試してください。

# %% [markdown] id="note-labkit-check-notebook" lang="en"
# `labkit.check_notebook("name.ipynb")` checks every code cell of a notebook file,
# numbering the code cells from 1 in file order. The cell below checks this very notebook.
# Without an argument, `labkit.check_notebook()` checks the cells this kernel has run so far
# (numbered by execution count, the `[5]` on their left). Try it when pasted code will not run.

# %% id="check-notebook"
print(labkit.check_notebook("00_setup.ipynb"))  # ja: このノートブックのファイル (保存された内容) # en: this notebook's file (as saved)

# %% [markdown] id="note-fix-failing-cell" lang="ja"
# エラーの出たセルを直すには、`client` の前の空白を消して、スペースキーで 4 個入力し直します。
# `print(result.fixed)` の出力をコピーして貼り付けても直せます。次の方法なら、手で直す必要もありません。

# %% [markdown] id="note-fix-failing-cell" lang="en"
# To fix the failing cell, delete the blanks before `client` and type 4 spaces with the space bar.
# Copying the output of `print(result.fixed)` and pasting it works too. With the next way you need not fix anything by hand.


# %% [markdown] id="cure-pasted-code" lang="ja"
# ## 自分のセルに貼り付けたコードを、1 回の呼び出しで直す
#
# `labkit.fix_pasted_code()` を 1 回実行すると、それ以降このカーネルで実行するセルは、実行の直前に labkit が調べます。
# U+00A0 などの見えない文字のせいで構文エラーになるセルだけを直し、何を置き換えたかを 1 行で表示します
# (日本語の文字列の中の全角スペースのように、そのままで動くセルには手を付けません)。
# 止めるには `labkit.fix_pasted_code(False)` を実行します。

# %% [markdown] id="cure-pasted-code" lang="en"
# ## Repair pasted code in your own cells, with one call
#
# Run `labkit.fix_pasted_code()` once, and from then on labkit looks at every cell of this kernel just before it runs.
# It repairs only a cell that would be a syntax error because of invisible characters such as U+00A0, and says in one line
# what it replaced (a cell that runs as it is, say with a full-width space inside a Japanese string, is left alone).
# `labkit.fix_pasted_code(False)` switches it off.

# %% id="fix-pasted-code"
labkit.fix_pasted_code()

# %% [markdown] id="article-loop-pasted" lang="ja"
# 記事のサーバのループを、Web ページからそのまま貼り付けて試します。インデントは記事のとおり U+00A0 とスペースが
# 交互に並んでいます (直さずに実行すると `SyntaxError` です)。`while True:` だけを `for _ in range(1):` に変えたので、
# 待っているクライアント 1 人に応えたら終わり、カーネルは固まりません。
# 先に、記事と同じサーバのソケット (空いている番号のポート) と、接続してきたクライアントを用意します。

# %% [markdown] id="article-loop-pasted" lang="en"
# Try it on the article's server loop, pasted from the web page as it is: its indentation alternates U+00A0 and spaces,
# as in the article (run unrepaired, it is a `SyntaxError`). Only `while True:` became `for _ in range(1):`, so it
# serves the one waiting client and ends instead of freezing the kernel.
# First, a server socket as in the article (on a free port) and a client that has connected.

# %% id="article-socket-and-client"
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", 0))   # ja: 記事は 49152、ここでは空いているポート # en: the article uses 49152; here any free port
server.listen(2)
visitor = socket.create_connection(server.getsockname())   # ja: 接続してきたクライアント # en: a client that has connected
access_cnt = 0

# %% id="pasted-article-loop" lang="ja" active="ipynb"
# # 記事のループを貼り付けたもの (while True: だけ for _ in range(1): に変更)
# for _ in range(1):
#
#
# # 通信用ソケットの取得
# # client:クライアントのソケット情報
# # addr(アドレス):リモート接続のアドレス
#     client, addr = server.accept()
#     
#     print("クラアインとから接続要求あり")
#     print("クライアントのソケット情報=", client)
#     print("リモート接続のアドレス", addr)
#
#
# # メッセージの作成
#     access_cnt += 1
#     sending_message = "Server accessed.(" + str(access_cnt) + ")"
#     
#     print("送信メッセージ=",sending_message)
#
#
# # メッセージの送信
#     client.sendall(sending_message.encode("UTF-8"))
#
#
#     print("送信メッセージ送信完了")
#
#
# #クライアントの接続を切断
#     client.close()
#     
#     print("クライアント切断完了")

# %% id="pasted-article-loop" lang="en" active="ipynb"
# # The article's loop, pasted (only while True: became for _ in range(1):)
# for _ in range(1):
#
#
# # Get the socket for talking to the client
# # client: the client's socket
# # addr (address): the address of the remote connection
#     client, addr = server.accept()
#     
#     print("Connection request from a client")
#     print("Client socket info=", client)
#     print("Remote address", addr)
#
#
# # Build the message
#     access_cnt += 1
#     sending_message = "Server accessed.(" + str(access_cnt) + ")"
#     
#     print("Message to send=",sending_message)
#
#
# # Send the message
#     client.sendall(sending_message.encode("UTF-8"))
#
#
#     print("Message sent")
#
#
# # Disconnect the client
#     client.close()
#     
#     print("Client disconnected")

# %% id="visitor-got-reply"
print(visitor.recv(4096))   # ja: クライアントに届いた、記事のサーバの返事 # en: the reply of the article's server, as the client got it
visitor.close()
server.close()

# %% [markdown] id="next-lesson" lang="ja"
# 準備ができたら `01_server_001` に進みましょう。

# %% [markdown] id="next-lesson" lang="en"
# When everything is ready, go on with `01_server_001`.
