"""01_server_001: the article's server (001), cell by cell, with its accept loop in the background."""

from tools.nbspec import code, md

CELLS = [
    md(
        ja="""
# 01 ソケット-サーバ機能 (001)

記事のサーバのプログラムを、セルごとに分けて実行します。コメントと `print` は記事のままです。

記事との違いは 1 つだけです。最後の `while True:` ループをセルでそのまま実行すると、
`accept()` がクライアントを待ち続けてカーネルが固まってしまいます (落とし穴 2)。
そこでループの中身を関数にして、ループ自体は `labkit` がバックグラウンドのスレッドで動かします。

**使い方 (記事の 2 つのノートブックでの確認):**
このノートブックを上から順に実行したら、別のタブで `02_client_002` を開いて実行します。
このノートブックだけでも、最後のセルで同じカーネルから 1 回接続して確かめられます。
""",
        en="""
# 01 Socket server (001)

The article's server program, one cell at a time, with its comments and `print`s.
The Japanese notebook keeps the article's Japanese text; here the comments and prints are translated.

One thing differs from the article. Run as a cell, the final `while True:` loop waits in `accept()`
for clients forever and the kernel freezes (pitfall 2). So the loop's body becomes a function,
and `labkit` runs the loop itself in a background thread.

**How to use it (the article's two-notebook walkthrough):**
run this notebook from top to bottom, then open `02_client_002` in another tab and run it.
This notebook also works alone: its last cells connect once from this same kernel.
""",
    ),
    code(
        ja="""
# ******************************
# ソケット-サーバ機能(001)
# ******************************


# モジュールのインポート
# 低水準ネットワークインターフェース
import socket

# このキットの補助ライブラリ (バックグラウンドのサーバとログ)
import labkit

labkit.set_language("ja")
""",
        en="""
# ******************************
# Socket server (001)
# ******************************


# Import the module
# Low-level networking interface
import socket

# This kit's helper library (background server and its log)
import labkit

labkit.set_language("en")
""",
    ),
    code(
        ja="""
# グローバル変数
# ダイナミックポート番号(49152~65535)
D_PORT_NO = 49152
# クライアントアクセス回数
access_cnt = 0
""",
        en="""
# Global variables
# Dynamic port number (49152-65535)
D_PORT_NO = 49152
# Number of client accesses
access_cnt = 0
""",
    ),
    md(
        ja="""
## ソケットの作成

記事のサーバのセルをもう一度実行すると、前のサーバがポート 49152 を握ったままなので
`bind` が `Address already in use` で失敗します (落とし穴 1)。
そこでソケットを作る前に `labkit.stop_all()` で、このカーネルで動いている前回のサーバを止めます。

ソケットを作った後の `labkit.reuse_address(server)` は、サーバを止めた直後でも同じポートで `bind` できるようにします。
クライアントと通信した後のポートは、しばらく (Linux では約 60 秒) TIME_WAIT という状態で残るからです。
Linux と macOS では `SO_REUSEADDR`、Windows では `SO_EXCLUSIVEADDRUSE` を設定します
(Windows の `SO_REUSEADDR` は他のプログラムにポートを横取りさせてしまうため)。
""",
        en="""
## Create the socket

Re-running the article's server cell makes `bind` fail with `Address already in use`,
because the earlier server still holds port 49152 (pitfall 1).
So before creating the socket, `labkit.stop_all()` stops this kernel's earlier server.

After creating it, `labkit.reuse_address(server)` lets `bind` use the same port right after the server stopped:
a port that talked to a client stays in the TIME_WAIT state for a while (about 60 s on Linux).
It sets `SO_REUSEADDR` on Linux and macOS and `SO_EXCLUSIVEADDRUSE` on Windows
(where `SO_REUSEADDR` would let another program steal the port).
""",
    ),
    code(
        ja="""
# 再実行しても前回のサーバがポートを握ったままにならないように、
# このカーネルで動いている labkit のサーバを先に止める (落とし穴 1)
labkit.stop_all()


# ソケットの作成
#  AF_INET:ネットワーク層はIPv4を利用
#  SOCK_STREAM:TCPプロトコルを利用する
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# 止めた直後でも同じポートで bind できるようにする (TIME_WAIT 対策)
labkit.reuse_address(server)
""",
        en="""
# Stop this kernel's earlier labkit server first, so that a re-run
# does not leave the old server holding the port (pitfall 1)
labkit.stop_all()


# Create the socket
#  AF_INET: use IPv4 for the network layer
#  SOCK_STREAM: use the TCP protocol
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# Allow bind on the same port right after a stop (TIME_WAIT)
labkit.reuse_address(server)
""",
    ),
    md(
        ja="""
1 つのソケットは 1 回しか `bind` できません。サーバを作り直すときは、上の「ソケットの作成」のセルから実行し直してください
(`bind` のセルだけを再実行すると `OSError: [Errno 22] Invalid argument` になります)。
`bind` で `Address already in use` になったら、別のカーネル (02 や 03 など) のサーバがポート 49152 を使っています。
そのノートブックで `labkit.stop_all()` を実行するか、そのカーネルを再起動してください。
""",
        en="""
A socket can be bound only once. To build the server again, re-run from the "Create the socket" cell above
(re-running only the `bind` cell gives `OSError: [Errno 22] Invalid argument`).
If `bind` says `Address already in use`, a server in another kernel (02 or 03, say) holds port 49152:
run `labkit.stop_all()` in that notebook, or restart its kernel.
""",
    ),
    code(
        ja="""
# 接続させたいホスト名(またはアドレス)とポート番号を設定
server.bind(("127.0.0.1", D_PORT_NO))
""",
        en="""
# Set the host name (or address) and port number to accept connections on
server.bind(("127.0.0.1", D_PORT_NO))
""",
    ),
    md(
        ja="""
## listen(2)

`listen(2)` の 2 は「最大接続数」というより、`accept()` を待っている接続の待ち行列の長さです。
この手順ではクライアントは 1 度に 1 つしか来ないので、2 で十分です。
たくさんのクライアントが一斉に来ると、待ち行列があふれたクライアントは何も言わずに止まってしまいます。
それはレッスン 05 で試します (`labkit.LabServer` の既定値は十分大きくしてあります)。
""",
        en="""
## listen(2)

The 2 in `listen(2)` is not really a "maximum number of connections": it is the length of the queue of
connections waiting for `accept()`. In this walkthrough clients come one at a time, so 2 is enough.
When many clients arrive at once, those that overflow the queue hang silently:
lesson 05 shows it (`labkit.LabServer`'s default is large enough).
""",
    ),
    code(
        ja="""
# クライアントからの接続の待ち受け開始
# 最大接続数は2に設定
server.listen(2)
""",
        en="""
# Start listening for connections from clients
# Maximum number of connections set to 2
server.listen(2)
""",
    ),
    code(
        ja="""
print("サーバ起動しました。クライアントの接続待ち")
""",
        en="""
print("Server started. Waiting for a client to connect")
""",
    ),
    md(
        ja="""
## クライアント接続時の処理

記事はここで `while True:` ループの中で `client, addr = server.accept()` を呼びます。
セルでそのまま実行すると、`accept()` がクライアントを待つ間カーネルは他のセルを実行できません。
割り込み (■) でも止まらないことがあります (特に Windows、落とし穴 2)。

そこで、ループの中身 (1 つのクライアントへの処理) を関数 `handle_client(client, addr)` にします。
中身は記事と同じです。ループ (`accept()` を呼んで `handle_client` を呼ぶ) は、
次のセルで `labkit.LabServer` がバックグラウンドのスレッドで動かします。

バックグラウンドのスレッドが `print` すると、その文字はそのとき実行中の別のセルに紛れ込みます (落とし穴 4)。
`LabServer` は `handle_client` の `print` を **サーバのログ** に集めます。最後のセルの `lab.print_log("print")` で表示できます。

記事の `print("クラアインとから接続要求あり")` は「クライアントから」の誤字なので、ここでは直してあります。
""",
        en="""
## What to do when a client connects

Here the article calls `client, addr = server.accept()` inside a `while True:` loop.
Run as a cell, the kernel cannot run any other cell while `accept()` waits for a client,
and Interrupt (■) may not stop it (especially on Windows: pitfall 2).

So the loop's body (serving one client) becomes the function `handle_client(client, addr)`,
with the article's code unchanged. The loop itself (call `accept()`, then `handle_client`)
is run by `labkit.LabServer` in a background thread, in the next cell.

When a background thread calls `print`, the text lands in whatever cell is running at that moment (pitfall 4).
`LabServer` collects `handle_client`'s prints in **the server's log** instead; `lab.print_log("print")` in the last cells shows them.

The article's Japanese print says クラアインとから接続要求あり, a typo for クライアントから ("from a client");
the Japanese notebook corrects it.
""",
    ),
    code(
        ja="""
# クライアント接続時の処理 (記事の while True: ループの中身)
# client:クライアントのソケット情報
# addr(アドレス):リモート接続のアドレス
def handle_client(client, addr):
    global access_cnt

    print("クライアントから接続要求あり")
    print("クライアントのソケット情報=", client)
    print("リモート接続のアドレス", addr)


    # メッセージの作成
    access_cnt += 1
    sending_message = "Server accessed.(" + str(access_cnt) + ")"

    print("送信メッセージ=", sending_message)


    # メッセージの送信
    client.sendall(sending_message.encode("UTF-8"))


    print("送信メッセージ送信完了")


    # クライアントの接続を切断
    client.close()

    print("クライアント切断完了")
""",
        en="""
# What to do when a client connects (the body of the article's while True: loop)
# client: the client's socket
# addr (address): the address of the remote connection
def handle_client(client, addr):
    global access_cnt

    print("Connection request from a client")
    print("Client socket info=", client)
    print("Remote address", addr)


    # Build the message
    access_cnt += 1
    sending_message = "Server accessed.(" + str(access_cnt) + ")"

    print("Message to send=", sending_message)


    # Send the message
    client.sendall(sending_message.encode("UTF-8"))


    print("Message sent")


    # Disconnect the client
    client.close()

    print("Client disconnected")
""",
    ),
    code(
        ja="""
# 記事の「while True: client, addr = server.accept()」のループを
# バックグラウンドのスレッドで動かす。接続のたびに handle_client(client, addr) が呼ばれる。
# このセルを再実行すると、前回のループを止めて同じソケットで動かし直す
# (handle_client を書き換えたら、このセルを再実行する)。
lab = labkit.LabServer(sock=server, handler=handle_client).start()
print(lab)
""",
        en="""
# Run the article's "while True: client, addr = server.accept()" loop
# in a background thread: each connection calls handle_client(client, addr).
# Re-running this cell stops the earlier loop and serves the same socket again
# (re-run it after you change handle_client).
lab = labkit.LabServer(sock=server, handler=handle_client).start()
print(lab)
""",
    ),
    md(
        ja="""
## 同じカーネルから 1 回接続してみる

サーバはバックグラウンドで待っているので、カーネルは空いています。
このノートブックだけで確かめられるように、同じカーネルからクライアントとして 1 回接続します
(`labkit.fetch` は記事の 002 と同じく接続して受信し、サーバが切断するまで読みます)。
""",
        en="""
## Connect once from this kernel

The server waits in the background, so the kernel is free.
To check this notebook on its own, connect once as a client from this same kernel
(`labkit.fetch` connects and receives like the article's 002, reading until the server closes).
""",
    ),
    code(
        ja="""
reply = labkit.fetch("127.0.0.1", D_PORT_NO)
print("サーバからの受信データ", reply)
""",
        en="""
reply = labkit.fetch("127.0.0.1", D_PORT_NO)
print("Data received from the server", reply)
""",
    ),
    md(
        ja="""
`handle_client` が `print` した内容 (記事の「サーバ側のアウトプット」) を、このセルに表示します。
各行の先頭の `[1]` は何番目のアクセスかを表します。
クライアントのポート番号 (`raddr` とアドレス) は接続ごとに OS が選ぶ一時的な番号です。
""",
        en="""
Show here what `handle_client` printed (the article's "server side output").
The `[1]` at the start of each line is the access number.
The client's port (in `raddr` and the address) is a temporary number the OS picks for each connection.
""",
    ),
    code('lab.print_log("print")'),
    md(
        ja="""
## 次は 02 のクライアント

このノートブックのサーバは動いたままです。

1. 別のタブで `02_client_002` を開き、上から実行します。`サーバからの受信データ Server accessed.(2)` のように表示されます
   (このノートブックでもう 1 回接続したので 2 から)。
2. このノートブックに戻り、上の `lab.print_log("print")` のセルを再実行すると、02 からのアクセスのサーバ側の出力が表示されます。
   新しい行がなければ「サーバログに新しい行はありません」と表示されます。

サーバを止めるには `lab.stop()` を実行するか、カーネルを再起動します。
""",
        en="""
## Next: the client in 02

This notebook's server keeps running.

1. Open `02_client_002` in another tab and run it from the top. It shows `Data received from the server Server accessed.(2)`
   (2, because this notebook already connected once).
2. Come back here and re-run the `lab.print_log("print")` cell above: it shows the server side of 02's accesses.
   When there is nothing new, it says "(no new server log lines)".

To stop the server, run `lab.stop()` or restart the kernel.
""",
    ),
]
