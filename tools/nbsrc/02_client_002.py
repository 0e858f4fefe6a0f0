# %% [markdown] id="intro" lang="ja"
# # 02 ソケット-クライアント機能 (002)
#
# 記事のクライアントのプログラムを、セルごとに分けて実行します。コメントと `print` は記事のままです。
#
# **記事の手順:** 先に別のタブで `01_server_001` を実行してサーバを起動しておき、このノートブックを上から実行します。
# 01 が動いていなければ、このノートブックが自分でサーバを起動するので、これだけでも試せます。

# %% [markdown] id="intro" lang="en"
# # 02 Socket client (002)
#
# The article's client program, one cell at a time, with its comments and `print`s
# (translated here; the Japanese notebook keeps the article's text).
#
# **The article's walkthrough:** first run `01_server_001` in another tab to start the server, then run this notebook from the top.
# If 01 is not running, this notebook starts a server itself, so it also works alone.

# %% id="imports"
# ******************************
# ja: ソケット-クライアント機能(002)
# ja: TCPクライアント
# en: Socket client (002)
# en: TCP client
# ******************************


# ja: モジュールのインポート
# en: Import the module
import socket

# ja: このキットの補助ライブラリ
# en: This kit's helper library
import labkit

labkit.set_language(L("ja", "en"))

# %% id="global-variables" tags=["nbval-ignore-output"]
# ja: グローバル変数
# ja: 接続先ホストの名前(localhost)
# en: Global variables
# en: Name of the host to connect to (localhost)
HOST = "127.0.0.1"
# ja: サーバ側のダイナミックポート番号(49152~65535)
# en: The server's dynamic port number (49152-65535)
# ja: 記事の 49152 が空いていれば 49152、別のユーザーやプログラムが使っていれば
# ja: あなた専用のポート (そのときは 1 文で知らせる。どのノートブックでも同じ番号になる)
# en: The article's 49152 when it is free; when another user or program holds it,
# en: a port of your own (said in one sentence; every notebook of yours gets the same one)
D_PORT_NO = labkit.student_port()
# ja: 受信バッファの大きさ
# en: Size of the receive buffer
BUFSIZE = 4096

# %% [markdown] id="server-running" lang="ja"
# ## サーバは動いていますか
#
# サーバがいないと、`connect` は `ConnectionRefusedError` で失敗します (落とし穴 11)。
# `labkit.ensure_server` は、`HOST:D_PORT_NO` で待ち受けているサーバがなければ labkit のサーバを起動し、
# すでに待ち受けていれば (別のカーネルの 01 など) そのまま使うと教えてくれます。
#
# 確かめるために接続はしません。接続するとサーバのアクセス回数を 1 回使ってしまうからです。
# 代わりにサーバの起動を試し、ポートが使用中ならサーバがいる、と判断します。

# %% [markdown] id="server-running" lang="en"
# ## Is the server running?
#
# Without a server, `connect` fails with `ConnectionRefusedError` (pitfall 11).
# `labkit.ensure_server` starts a labkit server on `HOST:D_PORT_NO` if nothing listens there,
# and tells you when a server already listens (01 in another kernel, say) and will be used.
#
# It does not connect to find out: that would use up one of the server's access counts.
# Instead it tries to start a server, and a port in use means a server is there.

# %% id="ensure-server"
# ja: サーバがいなければ、このカーネルでサーバを起動する (このノートブックだけでも動くように)
# en: If no server is there, start one in this kernel (so this notebook also runs alone)
lab = labkit.ensure_server(HOST, D_PORT_NO)
print(lab)

# %% [markdown] id="articles-client-from-here" lang="ja"
# ## ここから記事のクライアント

# %% [markdown] id="articles-client-from-here" lang="en"
# ## The article's client from here on

# %% id="create-socket"
# ja: ソケットの作成
# ja:  AF_INET:ネットワーク層はIPv4を利用
# ja:  SOCK_STREAM:TCPプロトコルを利用する
# en: Create the socket
# en:  AF_INET: use IPv4 for the network layer
# en:  SOCK_STREAM: use the TCP protocol
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)


print("client=", client)


print(L("ソケットの作成", "Socket created"))

# %% id="connect-server"
# ja: サーバとの接続
# en: Connect to the server
client.connect((HOST, D_PORT_NO))


print(L("サーバと接続完了", "Connected to the server"))

# %% id="receive-message-from-server"
# ja: サーバからのメッセージの受信
# en: Receive the message from the server
server_reception_data = client.recv(BUFSIZE)


print(L("サーバからの受信データ", "Data received from the server"),server_reception_data.decode("UTF-8"))

# %% [markdown] id="note-article-calls-recv" lang="ja"
# 記事は `recv(BUFSIZE)` を 1 回だけ呼びます。TCP はバイトの流れなので、1 回の `recv` で届くのは
# メッセージの一部だけかもしれませんし、2 つのメッセージがくっついて届くこともあります (落とし穴 5)。
# ここではメッセージが 19 バイトと短く、同じパソコンの中の通信なので、1 回で全部届きます。
# 確実に受け取るには、サーバが切断する (`recv` が `b""` を返す) まで読み続けます。`labkit.fetch` はそうしています。
# 詳しくはレッスン 04 で試します。

# %% [markdown] id="note-article-calls-recv" lang="en"
# The article calls `recv(BUFSIZE)` once. TCP is a stream of bytes: one `recv` may return only part of a message,
# or two messages glued together (pitfall 5). Here the message is short (19 bytes) and travels inside one computer,
# so it arrives in one piece. To be sure to get all of it, keep reading until the server closes
# (`recv` returns `b""`), as `labkit.fetch` does. Lesson 04 shows it.

# %% id="disconnect-from-server"
# ja: サーバの接続を切断
# en: Disconnect from the server
client.close()


print(L("サーバの切断完了", "Disconnected from the server"))

# %% [markdown] id="run-client-again" lang="ja"
# ## もう一度クライアントを実行する
#
# 記事のとおり、クライアントをもう一度実行すると、サーバの数えた次の番号が届きます。
# 上の「ソケットの作成」のセルから「サーバの切断」のセルまでを再実行してみてください。
#
# 下のセルは、同じことを `labkit.fetch` で 2 回続けて行います。
# 01 と並べて動かしているなら `(3)` と `(4)` が届きます (01 が自分で 1 回、上のセルが 1 回接続したので)。
# このノートブックだけなら `(2)` と `(3)` です。上のセルを再実行した後なら、もっと大きな番号になります。

# %% [markdown] id="run-client-again" lang="en"
# ## Run the client again
#
# As in the article, running the client again receives the server's next number.
# Try it: re-run the cells from "Create the socket" to "Disconnect from the server" above.
#
# The cell below does the same twice in a row with `labkit.fetch`.
# Beside 01 (the walkthrough) it receives `(3)` and `(4)`: 01 connected once itself, and the cells above once.
# With this notebook alone it receives `(2)` and `(3)`. Higher numbers if you re-ran the cells above.

# %% id="run-client-twice"
for _ in range(2):
    reply = labkit.fetch(HOST, D_PORT_NO, bufsize=BUFSIZE)
    print(L("サーバからの受信データ", "Data received from the server"), reply)

# %% [markdown] id="clean-up" lang="ja"
# ## 後片付け
#
# このノートブックがサーバを起動していたら、ここで止めます (ポート 49152 が空くので、01 や 03 で使えます)。
# 01 のサーバは別のカーネルで動いているので、ここでは止まりません。

# %% [markdown] id="clean-up" lang="en"
# ## Clean up
#
# If this notebook started a server, stop it here (port 49152 is then free for 01 and 03).
# A server of 01 runs in another kernel, so it is not stopped here.

# %% id="stop-server"
print(lab.stop())
