# %% [markdown] id="intro" lang="ja"
# # 01 ソケット-サーバ機能 (001)
#
# 記事のサーバのプログラムを、セルごとに分けて実行します。コメントと `print` は記事のままです。
#
# 記事との違いは 1 つだけです。最後の `while True:` ループをセルでそのまま実行すると、
# `accept()` がクライアントを待ち続けてカーネルが固まってしまいます (落とし穴 2)。
# そこでループの中身を関数にして、ループ自体は `labkit` がバックグラウンドのスレッドで動かします。
#
# **使い方 (記事の 2 つのノートブックでの確認):**
# このノートブックを上から順に実行したら、別のタブで `02_client_002` を開いて実行します。
# このノートブックだけでも、最後のセルで同じカーネルから 1 回接続して確かめられます。

# %% [markdown] id="intro" lang="en"
# # 01 Socket server (001)
#
# The article's server program, one cell at a time, with its comments and `print`s.
# The Japanese notebook keeps the article's Japanese text; here the comments and prints are translated.
#
# One thing differs from the article. Run as a cell, the final `while True:` loop waits in `accept()`
# for clients forever and the kernel freezes (pitfall 2). So the loop's body becomes a function,
# and `labkit` runs the loop itself in a background thread.
#
# **How to use it (the article's two-notebook walkthrough):**
# run this notebook from top to bottom, then open `02_client_002` in another tab and run it.
# This notebook also works alone: its last cells connect once from this same kernel.

# %% id="imports"
# ******************************
# ja: ソケット-サーバ機能(001)
# en: Socket server (001)
# ******************************


# ja: モジュールのインポート
# ja: 低水準ネットワークインターフェース
# en: Import the module
# en: Low-level networking interface
import socket

# ja: このキットの補助ライブラリ (バックグラウンドのサーバとログ)
# en: This kit's helper library (background server and its log)
import labkit

labkit.set_language(L("ja", "en"))

# %% id="global-variables" tags=["nbval-ignore-output"]
# ja: グローバル変数
# ja: ダイナミックポート番号(49152~65535)
# en: Global variables
# en: Dynamic port number (49152-65535)
# ja: 記事の 49152 が空いていれば 49152、別のユーザーやプログラムが使っていれば
# ja: あなた専用のポート (そのときは 1 文で知らせる。どのノートブックでも同じ番号になる)
# en: The article's 49152 when it is free; when another user or program holds it,
# en: a port of your own (said in one sentence; every notebook of yours gets the same one)
D_PORT_NO = labkit.student_port()
# ja: クライアントアクセス回数
# en: Number of client accesses
access_cnt = 0

# %% [markdown] id="create-socket" lang="ja"
# ## ソケットの作成
#
# 記事のサーバのセルをもう一度実行すると、前のサーバがポート 49152 を握ったままなので
# `bind` が `Address already in use` で失敗します (落とし穴 1)。
# そこでソケットを作る前に `labkit.stop_all()` で、このカーネルで動いている前回のサーバを止めます。
#
# ソケットを作った後の `labkit.reuse_address(server)` は、サーバを止めた直後でも同じポートで `bind` できるようにします。
# クライアントと通信した後のポートは、しばらく (Linux では約 60 秒) TIME_WAIT という状態で残るからです。
# Linux と macOS では `SO_REUSEADDR` を設定し、Windows では何も設定しません (`socket.create_server` と同じ)。
# Windows では TIME_WAIT があっても `bind` でき、Windows の `SO_REUSEADDR` は他のプログラムにポートを横取りさせてしまうためです。

# %% [markdown] id="create-socket" lang="en"
# ## Create the socket
#
# Re-running the article's server cell makes `bind` fail with `Address already in use`,
# because the earlier server still holds port 49152 (pitfall 1).
# So before creating the socket, `labkit.stop_all()` stops this kernel's earlier server.
#
# After creating it, `labkit.reuse_address(server)` lets `bind` use the same port right after the server stopped:
# a port that talked to a client stays in the TIME_WAIT state for a while (about 60 s on Linux).
# It sets `SO_REUSEADDR` on Linux and macOS and nothing on Windows, as `socket.create_server` does:
# there `bind` already works during TIME_WAIT, and `SO_REUSEADDR` would let another program steal the port.

# %% id="socket-create"
# ja: 再実行しても前回のサーバがポートを握ったままにならないように、
# ja: このカーネルで動いている labkit のサーバを先に止める (落とし穴 1)
# en: Stop this kernel's earlier labkit server first, so that a re-run
# en: does not leave the old server holding the port (pitfall 1)
labkit.stop_all()


# ja: ソケットの作成
# ja:  AF_INET:ネットワーク層はIPv4を利用
# ja:  SOCK_STREAM:TCPプロトコルを利用する
# en: Create the socket
# en:  AF_INET: use IPv4 for the network layer
# en:  SOCK_STREAM: use the TCP protocol
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# ja: 止めた直後でも同じポートで bind できるようにする (TIME_WAIT 対策)
# en: Allow bind on the same port right after a stop (TIME_WAIT)
labkit.reuse_address(server)

# %% [markdown] id="note-socket-can-be" lang="ja"
# 1 つのソケットは 1 回しか `bind` できません。サーバを作り直すときは、上の「ソケットの作成」のセルから実行し直してください
# (`bind` のセルだけを再実行すると `OSError: [Errno 22] Invalid argument` になります)。
# `bind` で `Address already in use` になったら、別のカーネル (02 や 03 など) のサーバがポート 49152 を使っています。
# そのノートブックで `labkit.stop_all()` を実行するか、そのカーネルを再起動してください。
# JupyterHub のように何人もが 1 台のマシンを使うときは、`D_PORT_NO = labkit.student_port()` が
# 49152 を使っている他の人を避けて、あなた専用のポートを選んでいます。それでも `bind` が失敗したら、
# 次のセルに進まずにソケットの作成からやり直してください (失敗したソケットで `listen` すると、
# OS がすべてのアドレス 0.0.0.0 と適当なポートに結び付けてしまいます。`LabServer` はそれを見つけて、そう伝えます)。

# %% [markdown] id="note-socket-can-be" lang="en"
# A socket can be bound only once. To build the server again, re-run from the "Create the socket" cell above
# (re-running only the `bind` cell gives `OSError: [Errno 22] Invalid argument`).
# If `bind` says `Address already in use`, a server in another kernel (02 or 03, say) holds port 49152:
# run `labkit.stop_all()` in that notebook, or restart its kernel.
# When many people share one machine (a JupyterHub), `D_PORT_NO = labkit.student_port()` has already
# picked a port of your own, away from anyone else holding 49152. If `bind` still fails, do not run on:
# re-run from the socket cell (`listen` on a socket whose `bind` failed makes the OS bind it to every
# address, 0.0.0.0, and a port it picks; `LabServer` notices and says so).

# %% id="bind"
# ja: 接続させたいホスト名(またはアドレス)とポート番号を設定
# en: Set the host name (or address) and port number to accept connections on
server.bind(("127.0.0.1", D_PORT_NO))

# %% [markdown] id="listen-2" lang="ja"
# ## listen(2)
#
# `listen(2)` の 2 は「最大接続数」というより、`accept()` を待っている接続の待ち行列の長さです。
# この手順ではクライアントは 1 度に 1 つしか来ないので、2 で十分です。
# たくさんのクライアントが一斉に来ると、待ち行列があふれたクライアントは何も言わずに止まってしまいます。
# それはレッスン 05 で試します (`labkit.LabServer` の既定値は十分大きくしてあります)。

# %% [markdown] id="listen-2" lang="en"
# ## listen(2)
#
# The 2 in `listen(2)` is not really a "maximum number of connections": it is the length of the queue of
# connections waiting for `accept()`. In this walkthrough clients come one at a time, so 2 is enough.
# When many clients arrive at once, those that overflow the queue hang silently:
# lesson 05 shows it (`labkit.LabServer`'s default is large enough).

# %% id="listen"
# ja: クライアントからの接続の待ち受け開始
# ja: 最大接続数は2に設定
# en: Start listening for connections from clients
# en: Maximum number of connections set to 2
server.listen(2)

# %% id="print-started"
print(L("サーバ起動しました。クライアントの接続待ち", "Server started. Waiting for a client to connect"))

# %% [markdown] id="when-a-client-connects" lang="ja"
# ## クライアント接続時の処理
#
# 記事はここで `while True:` ループの中で `client, addr = server.accept()` を呼びます。
# セルでそのまま実行すると、`accept()` がクライアントを待つ間カーネルは他のセルを実行できません。
# 割り込み (■) でも止まらないことがあります (特に Windows、落とし穴 2)。
#
# そこで、ループの中身 (1 つのクライアントへの処理) を関数 `handle_client(client, addr)` にします。
# 中身は記事と同じです。ループ (`accept()` を呼んで `handle_client` を呼ぶ) は、
# 次のセルで `labkit.LabServer` がバックグラウンドのスレッドで動かします。
#
# バックグラウンドのスレッドが `print` すると、その文字はそのとき実行中の別のセルに紛れ込みます (落とし穴 4)。
# `LabServer` は `handle_client` の `print` を **サーバのログ** に集めます。最後のセルの `lab.print_log("print")` で表示できます。
#
# 記事の `print("クラアインとから接続要求あり")` は「クライアントから」の誤字なので、ここでは直してあります。

# %% [markdown] id="when-a-client-connects" lang="en"
# ## What to do when a client connects
#
# Here the article calls `client, addr = server.accept()` inside a `while True:` loop.
# Run as a cell, the kernel cannot run any other cell while `accept()` waits for a client,
# and Interrupt (■) may not stop it (especially on Windows: pitfall 2).
#
# So the loop's body (serving one client) becomes the function `handle_client(client, addr)`,
# with the article's code unchanged. The loop itself (call `accept()`, then `handle_client`)
# is run by `labkit.LabServer` in a background thread, in the next cell.
#
# When a background thread calls `print`, the text lands in whatever cell is running at that moment (pitfall 4).
# `LabServer` collects `handle_client`'s prints in **the server's log** instead; `lab.print_log("print")` in the last cells shows them.
#
# The article's Japanese print says クラアインとから接続要求あり, a typo for クライアントから ("from a client");
# the Japanese notebook corrects it.

# %% id="handle-client"
# ja: クライアント接続時の処理 (記事の while True: ループの中身)
# ja: client:クライアントのソケット情報
# ja: addr(アドレス):リモート接続のアドレス
# en: What to do when a client connects (the body of the article's while True: loop)
# en: client: the client's socket
# en: addr (address): the address of the remote connection
def handle_client(client, addr):
    global access_cnt

    print(L("クライアントから接続要求あり", "Connection request from a client"))
    print(L("クライアントのソケット情報=", "Client socket info="), client)
    print(L("リモート接続のアドレス", "Remote address"), addr)


    # ja: メッセージの作成
    # en: Build the message
    access_cnt += 1
    sending_message = "Server accessed.(" + str(access_cnt) + ")"

    print(L("送信メッセージ=", "Message to send="), sending_message)


    # ja: メッセージの送信
    # en: Send the message
    client.sendall(sending_message.encode("UTF-8"))


    print(L("送信メッセージ送信完了", "Message sent"))


    # ja: クライアントの接続を切断
    # en: Disconnect the client
    client.close()

    print(L("クライアント切断完了", "Client disconnected"))

# %% id="server-loop"
# ja: 記事の「while True: client, addr = server.accept()」のループを
# ja: バックグラウンドのスレッドで動かす。接続のたびに handle_client(client, addr) が呼ばれる。
# ja: このセルを再実行すると、前回のループを止めて同じソケットで動かし直す
# ja: (handle_client を書き換えたら、このセルを再実行する)。
# en: Run the article's "while True: client, addr = server.accept()" loop
# en: in a background thread: each connection calls handle_client(client, addr).
# en: Re-running this cell stops the earlier loop and serves the same socket again
# en: (re-run it after you change handle_client).
lab = labkit.LabServer(sock=server, handler=handle_client).start()
print(lab)

# %% [markdown] id="connect-once-from-kernel" lang="ja"
# ## 同じカーネルから 1 回接続してみる
#
# サーバはバックグラウンドで待っているので、カーネルは空いています。
# このノートブックだけで確かめられるように、同じカーネルからクライアントとして 1 回接続します
# (`labkit.fetch` は記事の 002 と同じく接続して受信し、サーバが切断するまで読みます)。

# %% [markdown] id="connect-once-from-kernel" lang="en"
# ## Connect once from this kernel
#
# The server waits in the background, so the kernel is free.
# To check this notebook on its own, connect once as a client from this same kernel
# (`labkit.fetch` connects and receives like the article's 002, reading until the server closes).

# %% id="fetch-once"
reply = labkit.fetch("127.0.0.1", D_PORT_NO)
print(L("サーバからの受信データ", "Data received from the server"), reply)

# %% [markdown] id="note-show-here-what" lang="ja"
# `handle_client` が `print` した内容 (記事の「サーバ側のアウトプット」) を、このセルに表示します。
# 各行の先頭の `[1]` は何番目のアクセスかを表します。
# クライアントのポート番号 (`raddr` とアドレス) は接続ごとに OS が選ぶ一時的な番号です。

# %% [markdown] id="note-show-here-what" lang="en"
# Show here what `handle_client` printed (the article's "server side output").
# The `[1]` at the start of each line is the access number.
# The client's port (in `raddr` and the address) is a temporary number the OS picks for each connection.

# %% id="print-server-log"
lab.print_log("print")

# %% [markdown] id="next-client-02" lang="ja"
# ## 次は 02 のクライアント
#
# このノートブックのサーバは動いたままです。
#
# 1. 別のタブで `02_client_002` を開き、上から実行します。`サーバからの受信データ Server accessed.(2)` のように表示されます
#    (このノートブックでもう 1 回接続したので 2 から)。
# 2. このノートブックに戻り、上の `lab.print_log("print")` のセルを再実行すると、02 からのアクセスのサーバ側の出力が表示されます。
#    新しい行がなければ「サーバログに新しい行はありません」と表示されます。
#
# サーバを止めるには `lab.stop()` を実行するか、カーネルを再起動します。

# %% [markdown] id="next-client-02" lang="en"
# ## Next: the client in 02
#
# This notebook's server keeps running.
#
# 1. Open `02_client_002` in another tab and run it from the top. It shows `Data received from the server Server accessed.(2)`
#    (2, because this notebook already connected once).
# 2. Come back here and re-run the `lab.print_log("print")` cell above: it shows the server side of 02's accesses.
#    When there is nothing new, it says "(no new server log lines)".
#
# To stop the server, run `lab.stop()` or restart the kernel.
