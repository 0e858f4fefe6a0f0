# %% [markdown] id="intro" lang="ja"
# # 03 サーバとクライアントを 1 つのカーネルで
#
# 記事では、サーバ (001) とクライアント (002) を 2 つのノートブックで動かしました。
# このノートブックでは `labkit` を使って、**1 つのカーネルの中で** サーバとクライアントの両方を動かします。
#
# - サーバの `while True: accept()` ループはバックグラウンドのスレッドで動くので、カーネルは固まりません。
# - クライアントは `labkit.fetch(...)` です。記事の 002 と同じく接続して受信しますが、サーバが切断するまで読み続けます。
# - 最後にウィジェットのパネルで、ボタンを押してサーバの起動・停止と接続を試します。
#
# 上から順にセルを実行してください。

# %% [markdown] id="intro" lang="en"
# # 03 Server and client in one kernel
#
# In the article, the server (001) and the client (002) run in two notebooks.
# Here `labkit` runs **both in one kernel**.
#
# - The server's `while True: accept()` loop runs in a background thread, so the kernel never freezes.
# - The client is `labkit.fetch(...)`: it connects and receives like the article's 002, but keeps reading until the server closes.
# - At the end, a widget panel lets you start and stop the server and connect with buttons.
#
# Run the cells from top to bottom.

# %% id="import-labkit"
import labkit

labkit.set_language(L("ja", "en"))  # ja: labkit のメッセージを日本語にする # en: labkit's messages in English

# %% [markdown] id="start-server" lang="ja"
# ## サーバを起動する
#
# `labkit.LabServer()` は記事のサーバと同じく `127.0.0.1` のポート `49152` で待ち受けます。
# `start()` はポートが待ち受け状態になったらすぐ戻ります。受け付けはバックグラウンドで続きます。

# %% [markdown] id="start-server" lang="en"
# ## Start the server
#
# `labkit.LabServer()` listens on `127.0.0.1`, port `49152`, like the article's server.
# `start()` returns as soon as the port is listening; accepting goes on in the background.

# %% id="same-address-port-as"
# ja: 記事と同じアドレスとポート
# en: The same address and port as the article
HOST = "127.0.0.1"
# ja: 記事の 49152 が空いていれば 49152、別のユーザーやプログラムが使っていれば
# ja: あなた専用のポート (そのときは 1 文で知らせる。どのノートブックでも同じ番号になる)
# en: The article's 49152 when it is free; when another user or program holds it,
# en: a port of your own (said in one sentence; every notebook of yours gets the same one)
D_PORT_NO = labkit.student_port()

server = labkit.LabServer(HOST, D_PORT_NO).start()
print(server)

# %% [markdown] id="connect-as-client" lang="ja"
# ## クライアントで接続する
#
# 同じカーネルからクライアントとして接続します。1 回目は `Server accessed.(1)` が届きます。
# このセルを再実行すると `(2)`, `(3)` と増えていきます (記事の「再度クライアントを実行すると」と同じ)。

# %% [markdown] id="connect-as-client" lang="en"
# ## Connect as a client
#
# Connect as a client from the same kernel. The first reply is `Server accessed.(1)`.
# Re-run this cell and the number goes up: `(2)`, `(3)` (as in the article: "run the client again").

# %% id="fetch-once"
reply = labkit.fetch(HOST, D_PORT_NO)
print(L("サーバからの受信データ", "Data received from the server"), reply)

# %% [markdown] id="note-instead-re-running" lang="ja"
# 再実行の代わりに、あと 2 回続けて接続してみます。

# %% [markdown] id="note-instead-re-running" lang="en"
# Instead of re-running, connect twice more in a row.

# %% id="fetch-again"
for _ in range(2):
    reply = labkit.fetch(HOST, D_PORT_NO)
    print(L("サーバからの受信データ", "Data received from the server"), reply)

# %% [markdown] id="what-happened-server-side" lang="ja"
# ## サーバ側で何が起きたか
#
# サーバのスレッドが `print` すると、出力はそのとき実行中の別のセルに紛れ込みます (落とし穴 4)。
# `LabServer` はサーバ側の出来事をログに記録し、`print_log()` で **このセルに** 表示します。
# クライアントのポート番号は接続ごとに OS が選ぶ一時的な番号です (テストでは `PORT` に置き換えて比較します)。

# %% [markdown] id="what-happened-server-side" lang="en"
# ## What happened on the server side
#
# When a server thread calls `print`, the text lands in whatever cell happens to run at that moment (pitfall 4).
# `LabServer` records what happens on the server side in a log, and `print_log()` shows it **in this cell**.
# The client's port number is a temporary one the OS picks for each connection (the tests compare it as `PORT`).

# %% id="server-print-log"
server.print_log()

# %% [markdown] id="re-running-start-cell" lang="ja"
# ## 起動セルを再実行しても大丈夫
#
# 記事のサーバのセルをもう一度実行すると、前のサーバがポートを握ったままなので
# `OSError: [Errno 98] Address already in use` になります (落とし穴 1)。
# `LabServer` は、このカーネルで同じアドレスに前回のサーバが動いていれば、先にそれを止めてから起動します。
# 下のセルは上の起動セルと同じコードです。新しいサーバなので、アクセス回数は 1 から数え直しです。

# %% [markdown] id="re-running-start-cell" lang="en"
# ## Re-running the start cell is safe
#
# Re-running the article's server cell fails with `OSError: [Errno 98] Address already in use`,
# because the earlier server still holds the port (pitfall 1).
# `LabServer` first stops this kernel's earlier server on the same address, then starts.
# The cell below is the same code as the start cell above. It is a new server, so the count starts again at 1.

# %% id="restart-server"
server = labkit.LabServer(HOST, D_PORT_NO).start()
print(server)
print(L("サーバからの受信データ", "Data received from the server"), labkit.fetch(HOST, D_PORT_NO))

# %% [markdown] id="note-before-using-panel" lang="ja"
# パネルを使う前に、セルで起動したサーバを止めます。`stop()` はクライアントが来なくてもすぐ戻ります。

# %% [markdown] id="note-before-using-panel" lang="en"
# Before using the panel, stop the server this notebook started. `stop()` returns at once, even when no client comes.

# %% id="server-stop"
server.stop()
print(server)

# %% [markdown] id="widget-panel" lang="ja"
# ## ウィジェットのパネル
#
# `labkit.lab_panel()` はボタンで操作できるパネルです。
# パネルは、これまでのセルと同じ公開 API (`LabServer(...).start()`, `stop()`, `labkit.fetch(...)`) を呼ぶだけです。
#
# - **ホスト** と **ポート**: サーバを起動するアドレス (既定は `127.0.0.1` と `labkit.student_port()`、ふつうは `49152`)。
# - **Start (起動)** / **Stop (停止)**: サーバを起動・停止します。アクセス回数が横に、状態がその下に表示されます。
#   Start のたびに新しいサーバになり、受信したメッセージの一覧も新しくなります。
# - **Connect (接続)**: クライアントとして 1 回接続し、受信したメッセージを表示します。
# - **サーバログ (新しい順)**: サーバ側の出来事がその場で、新しいものから上に表示されます。表示は最新の 200 行までで、
#   それより古い行は「古い行を N 行省略」とまとめられるので、何千回接続してもブラウザが重くなりません。
#
# 試してみましょう:
#
# 1. Start を押してから Connect を何回か押す。`Server accessed.(1)`, `(2)`, ... と増えていきます。
# 2. Stop を押してから Connect を押す。サーバがないので接続できません (落とし穴 11)。
# 3. もう一度 Start を押す。すぐに同じポートで起動できます (TIME_WAIT の対策)。
# 4. ポートを `70000` や `abc` にして Start を押す。何がいけないか、どうすればよいかが表示されます。
#    動いているサーバはそのまま動き続けます。

# %% [markdown] id="widget-panel" lang="en"
# ## The widget panel
#
# `labkit.lab_panel()` is a panel you drive with buttons.
# It only calls the same public API as the cells above (`LabServer(...).start()`, `stop()`, `labkit.fetch(...)`).
#
# - **Host** and **Port**: the address the server listens on (default `127.0.0.1` and `labkit.student_port()`, usually `49152`).
# - **Start** / **Stop**: start and stop the server; the access count shows beside them, the status below.
#   Each Start makes a new server, with a new list of the messages received.
# - **Connect**: connect once as a client and show the message received.
# - **server log (newest first)**: what happens on the server side, live, the newest line at the top. It keeps the latest 200 lines and
#   sums up older ones as "N older line(s) dropped", so thousands of connections never slow the browser down.
#
# Things to try:
#
# 1. Click Start, then Connect a few times: `Server accessed.(1)`, `(2)`, ... counts up.
# 2. Click Stop, then Connect: no server, so the connection is refused (pitfall 11).
# 3. Click Start again: it starts at once on the same port (the TIME_WAIT cure).
# 4. Set the port to `70000` or `abc` and click Start: the panel says what is wrong and what to do.
#    A running server keeps running.

# %% id="panel"
panel = labkit.lab_panel()
panel

# %% [markdown] id="drive-panel-from-code" lang="ja"
# ## パネルをコードで操作する
#
# ボタンはコードからも押せます (`button.click()`)。ブラウザを使わないテストもこの方法でパネルを確かめています。

# %% [markdown] id="drive-panel-from-code" lang="en"
# ## Drive the panel from code
#
# Buttons can be clicked from code too (`button.click()`); the kit's tests check the panel this way, without a browser.

# %% id="panel-start-button-click"
panel.start_button.click()    # ja: Start (起動) を押す # en: click Start
panel.connect_button.click()  # ja: Connect (接続) を 2 回押す # en: click Connect twice
panel.connect_button.click()

print(panel.server)
print(panel.count_label.value)
for line in panel.received.value.split("<br>"):
    print(line)

# %% [markdown] id="pitfall-4-threads-print" lang="ja"
# ## 落とし穴 4: スレッドの print は別のセルに出る
#
# なぜ `LabServer` はサーバ側の `print` をログに集めるのでしょう。ふつうのスレッドで試します。
# 下のセルはスレッドを起動するだけで、スレッドは「クライアントが来た」合図を待ってから `print` します。

# %% [markdown] id="pitfall-4-threads-print" lang="en"
# ## Pitfall 4: a thread's print lands in another cell
#
# Why does `LabServer` collect the server side's `print`s into a log? Try a plain thread.
# The cell below only starts a thread; the thread waits for a "client arrived" signal, then calls `print`.

# %% id="chatty-thread"
import threading

ready = threading.Event()


def chatty_server():
    ready.wait(300)  # ja: クライアントを待つ代わり (最大 5 分) # en: stands for waiting for a client (at most 5 minutes)
    print(L("server: クライアントから接続要求あり", "server: a client connected"))


chatty = threading.Thread(target=chatty_server, daemon=True)
chatty.start()
print(L("スレッドを起動しました", "thread started"))

# %% id="another-cell"
print(L("別のセル: 1 + 1 =", "another cell: 1 + 1 ="), 1 + 1)
ready.set()     # ja: 「クライアントが来た」 # en: "a client arrived"
chatty.join(5)  # ja: スレッドが print して終わるまで、このセルはまだ実行中 # en: this cell is still running while the thread prints and ends

# %% [markdown] id="note-servers-line-appeared" lang="ja"
# サーバの行が、スレッドを起動したセルではなく **そのとき実行中のセル** に出ました。
# どのセルも実行中でなければ、出力は消えたように見えます。
# `LabServer` はハンドラの `print` をサーバのログに記録するので、こうはなりません:
# `print_log()` (上の「サーバ側で何が起きたか」) やパネルのログに、決まった場所で表示されます。

# %% [markdown] id="note-servers-line-appeared" lang="en"
# The server's line appeared in **the cell that was running at that moment**, not in the cell that started the thread.
# When no cell is running, the output seems to vanish.
# `LabServer` records a handler's `print`s in the server's log instead, so this cannot happen:
# they show up in one known place, `print_log()` (see "What happened on the server side" above) or the panel's log.

# %% [markdown] id="clean-up" lang="ja"
# ## 後片付け
#
# パネルのサーバを止め (Stop ボタンと同じ)、このカーネルで動いている labkit のサーバがないことを確かめます。
# ポート 49152 は空くので、パネルの Start を押せばまた起動できますし、01 や 02 のノートブックでも使えます。

# %% [markdown] id="clean-up" lang="en"
# ## Clean up
#
# Stop the panel's server (like the Stop button) and check that no labkit server runs in this kernel.
# Port 49152 is free again: click Start on the panel to start it again, or use it from notebooks 01 and 02.

# %% id="panel-stop"
panel.stop()
labkit.stop_all()
print(labkit.running_servers())
