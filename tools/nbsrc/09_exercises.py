# %% [markdown] id="intro" lang="ja"
# # 09 練習問題 (自動チェック付き)
#
# ここまでのノートブックで学んだことを、自分で書いて確かめます。問題は 5 つです。
#
# 1. エコーサーバ (受け取ったものをそのまま返す)
# 2. サーバが閉じるまで読むクライアント
# 3. 大文字にして返すサーバ
# 4. 長さプレフィックスで送る `send_msg`
# 5. 長さプレフィックスで受け取る `recv_msg`
#
# **進め方**: 各問題の説明を読み、`# TODO` のある関数を書き換えて実行し、その下の
# **チェックのセル** を実行します。`labkit.check_exercise(...)` があなたの関数を
# `127.0.0.1` 上の本物のソケットで動かし、結果を表示します。
#
# - `合格` ... できています。
# - `未回答` ... まだ書いていません (`...` のまま)。
# - `もう一息` ... どこが違うかのヒントが出ます。直して、関数のセルとチェックのセルをもう一度実行します。
#
# チェックは意地悪です。データを何回かに分けて、間を空けて送り、UTF-8 の文字の途中や長さプレフィックスの途中で切ります。
# 実際のネットワークでも起きることなので、`recv` が 1 回で全部返すことを前提にしたコードは合格しません (04 で見た落とし穴 5)。
#
# 解答例は `10_solutions` にありますが、まず自分で考えてみましょう。

# %% [markdown] id="intro" lang="en"
# # 09 Exercises (checked automatically)
#
# Time to write what the earlier notebooks taught, and check it. There are five exercises:
#
# 1. an echo server (send back what it receives);
# 2. a client that reads until the server closes;
# 3. a server that replies in upper case;
# 4. `send_msg`, sending with a length prefix;
# 5. `recv_msg`, receiving with a length prefix.
#
# **How it works**: read each exercise, replace the function marked `# TODO`, run it, then run the
# **check cell** below it. `labkit.check_exercise(...)` runs your function against real sockets on
# `127.0.0.1` and shows the verdict:
#
# - `PASS` ... done.
# - `NOT DONE YET` ... you have not written it yet (still `...`).
# - `TRY AGAIN` ... a hint says what is wrong. Fix it, then run the function cell and the check cell again.
#
# The checker is awkward on purpose: it sends data in pieces with pauses, cut in the middle of a
# UTF-8 character or of a length prefix. Real networks do that too, so code that assumes one `recv`
# returns everything does not pass (pitfall 5, seen in notebook 04).
#
# Worked answers are in `10_solutions`, but try first.

# %% id="imports"
import socket
import struct

import labkit

labkit.set_language(L("ja", "en"))

# %% [markdown] id="exercise-1-echo-server" lang="ja"
# ## 問題 1: エコーサーバ
#
# `LabServer(handler=関数)` は、クライアントが接続するたびに `関数(client, addr)` を呼びます。
# `client` は接続済みのソケット、`addr` はクライアントのアドレスです。関数から戻るとサーバが `client` を閉じます。
#
# `my_echo` を書いてください。クライアントから受け取ったバイトを **すべて** そのまま送り返します。
#
# - クライアントは全部送ったら送信側を閉じます (`shutdown(SHUT_WR)`)。すると `client.recv(4096)` は `b''` を返します。
# - 1 回の `recv` で全部届くとは限りません。`b''` が返るまで繰り返します。
# - 送り返すのは `client.sendall(data)` です (`send` は一部しか送らないことがあります)。

# %% [markdown] id="exercise-1-echo-server" lang="en"
# ## Exercise 1: an echo server
#
# `LabServer(handler=function)` calls `function(client, addr)` for every client that connects:
# `client` is the connected socket, `addr` the client's address. When the function returns, the
# server closes `client`.
#
# Write `my_echo`: send back **every** byte the client sends, unchanged.
#
# - When the client has sent everything it closes its sending side (`shutdown(SHUT_WR)`); then
#   `client.recv(4096)` returns `b''`.
# - One `recv` does not always return everything: repeat until it returns `b''`.
# - Send with `client.sendall(data)` (`send` may send only part).

# %% id="def-my-echo-client"
def my_echo(client, addr):
    L("""クライアントから受け取ったバイトを、相手が閉じるまですべて送り返す。""",
      """Send back every byte the client sends, until it closes its side.""")
    ...  # ja: TODO: ここを書く # en: TODO: write this

# %% id="labkit-check-exercise-echo"
labkit.check_exercise("echo", my_echo)

# %% [markdown] id="exercise-2-client-reads" lang="ja"
# ## 問題 2: サーバが閉じるまで読むクライアント
#
# 記事のクライアント (002) は `recv(4096)` を 1 回だけ呼びます。返事が長かったり、何回かに分かれて届いたりすると、
# 最初の一部しか読めません。
#
# `my_client(host, port)` を書いてください。`(host, port)` に接続し、サーバが接続を閉じるまで
# (`recv` が `b''` を返すまで) 読み続け、受け取ったバイトを **全部つなげた `bytes`** を返します。
#
# - 接続は `socket.create_connection((host, port), timeout=5)` が簡単です。`with` で使えば必ず閉じられます。
# - 受け取った断片はリストに集め、最後に `b''.join(...)` でつなげます。
# - `decode` はしません。`bytes` のまま返します。

# %% [markdown] id="exercise-2-client-reads" lang="en"
# ## Exercise 2: a client that reads until the server closes
#
# The article's client (002) calls `recv(4096)` once. When the reply is long, or arrives in several
# pieces, it reads only the first part.
#
# Write `my_client(host, port)`: connect to `(host, port)`, keep reading until the server closes the
# connection (until `recv` returns `b''`), and return **all the bytes joined together** as one `bytes`.
#
# - `socket.create_connection((host, port), timeout=5)` connects in one line; inside `with` it is
#   always closed.
# - Collect the pieces in a list and join them at the end with `b''.join(...)`.
# - Do not `decode`: return `bytes`.

# %% id="def-my-client-host"
def my_client(host, port):
    L("""(host, port) に接続し、サーバが閉じるまでに届いたバイトを全部返す。""",
      """Connect to (host, port) and return every byte the server sends before it closes.""")
    ...  # ja: TODO: ここを書く # en: TODO: write this

# %% id="server-for-client"
with labkit.LabServer(port=0) as server:  # the article's server: "Server accessed.(1)"
    print(my_client(*server.address))

# %% id="labkit-check-exercise-client"
labkit.check_exercise("client", my_client)

# %% [markdown] id="exercise-3-upper-case" lang="ja"
# ## 問題 3: 大文字にして返すサーバ
#
# `my_upper(client, addr)` を書いてください。クライアントのメッセージを **最後まで** 受け取り
# (`recv` が `b''` を返すまで)、UTF-8 の文字列として大文字にして送り返します。
#
# - `"café".upper()` は `"CAFÉ"` ですが、`b"caf\xc3\xa9".upper()` は ASCII の英字しか大文字にしません。
# - TCP は文字の途中でも分割します。`é` (2 バイト) の 1 バイト目だけを `decode` すると `UnicodeDecodeError` になります。
#   全部集めてから 1 回だけ `decode` します。

# %% [markdown] id="exercise-3-upper-case" lang="en"
# ## Exercise 3: an upper-case server
#
# Write `my_upper(client, addr)`: receive the client's whole message (until `recv` returns `b''`),
# then send it back in upper case, as UTF-8 text.
#
# - `"café".upper()` is `"CAFÉ"`, but `b"caf\xc3\xa9".upper()` changes only ASCII letters.
# - TCP may cut in the middle of a character: decoding only the first byte of `é` (two bytes) raises
#   `UnicodeDecodeError`. Collect everything, then decode once.

# %% id="def-my-upper-client"
def my_upper(client, addr):
    L("""メッセージを最後まで受け取り、大文字にして送り返す。""",
      """Receive the whole message, send it back in upper case.""")
    ...  # ja: TODO: ここを書く # en: TODO: write this

# %% id="labkit-check-exercise-upper"
labkit.check_exercise("upper", my_upper)

# %% [markdown] id="exercise-4-send-msg" lang="ja"
# ## 問題 4: 長さプレフィックスで送る `send_msg`
#
# 1 つの接続で何通もメッセージを送るには、受信側が「どこまでが 1 通か」を知る必要があります。
# 04 で学んだ方法の 1 つが **長さプレフィックス** です。メッセージの前に、その長さ (バイト数) を
# **4 バイトのビッグエンディアン** で付けて送ります。
#
# ```
# b"hello"  ->  b"\x00\x00\x00\x05hello"
# ```
#
# `my_send_msg(sock, data)` を書いてください。`data` は `bytes` です。
#
# - 4 バイトのビッグエンディアンは `struct.pack("!I", n)` (または `n.to_bytes(4, "big")`) で作れます。
# - 長さはバイト数です (`"こんにちは"` は 5 文字ですが UTF-8 で 15 バイト)。
# - 空のメッセージ `b""` も、長さ 0 のプレフィックスとして送ります。

# %% [markdown] id="exercise-4-send-msg" lang="en"
# ## Exercise 4: `send_msg`, with a length prefix
#
# To send many messages over one connection, the receiver must know where each one ends.
# One way from notebook 04 is a **length prefix**: before the message, send its length in bytes as
# **4 bytes, big-endian**.
#
# ```
# b"hello"  ->  b"\x00\x00\x00\x05hello"
# ```
#
# Write `my_send_msg(sock, data)`; `data` is `bytes`.
#
# - `struct.pack("!I", n)` (or `n.to_bytes(4, "big")`) makes the 4 big-endian bytes.
# - The length counts bytes (`"こんにちは"` is 5 characters but 15 bytes in UTF-8).
# - An empty message `b""` is still sent, as a prefix of length 0.

# %% id="def-my-send-msg"
def my_send_msg(sock, data):
    L("""4 バイトのビッグエンディアンの長さ、続けて data を送る。""",
      """Send the length of data as 4 big-endian bytes, then data.""")
    ...  # ja: TODO: ここを書く # en: TODO: write this

# %% id="labkit-check-exercise-send"
labkit.check_exercise("send_msg", my_send_msg)

# %% [markdown] id="exercise-5-recv-msg" lang="ja"
# ## 問題 5: 長さプレフィックスで受け取る `recv_msg`
#
# `my_recv_msg(sock)` を書いてください。`send_msg` で送られたメッセージを **1 通だけ** 受け取り、
# その中身 (プレフィックスを除いた `bytes`) を返します。
#
# - まず 4 バイトを読み、`struct.unpack("!I", header)[0]` で長さ `n` を得ます。続けてちょうど `n` バイト読みます。
# - `sock.recv(4)` や `sock.recv(n)` は、**指定より少ない** バイトで返ることがあります。
#   「ちょうど n バイトそろうまで繰り返し読む」関数を先に作ると、両方に使えます。
# - 読みすぎてはいけません。次のメッセージの先頭まで読んでしまうと、次の `recv_msg` が壊れます。

# %% [markdown] id="exercise-5-recv-msg" lang="en"
# ## Exercise 5: `recv_msg`, with a length prefix
#
# Write `my_recv_msg(sock)`: receive **one** message sent by `send_msg` and return its payload
# (`bytes`, without the prefix).
#
# - Read 4 bytes first; `struct.unpack("!I", header)[0]` gives the length `n`. Then read exactly `n` bytes.
# - `sock.recv(4)` and `sock.recv(n)` may return **fewer** bytes than asked. A helper that reads until
#   it has exactly n bytes serves both.
# - Do not read too much: reading into the next message's prefix breaks the next `recv_msg`.

# %% id="def-my-recv-msg"
def my_recv_msg(sock):
    L("""send_msg で送られたメッセージを 1 通受け取り、中身の bytes を返す。""",
      """Receive one message sent with send_msg and return its payload (bytes).""")
    ...  # ja: TODO: ここを書く # en: TODO: write this

# %% [markdown] id="note-try-your-two" lang="ja"
# `send_msg` と `recv_msg` を組み合わせて試せます。`socket.socketpair()` は、つながった 2 つのソケットを作ります。
# `timeout` を付けているので、書きかけでも固まりません。

# %% [markdown] id="note-try-your-two" lang="en"
# Try your two functions together: `socket.socketpair()` makes two connected sockets.
# With a timeout, an unfinished answer cannot freeze the kernel.

# %% id="try-recv-msg"
a, b = socket.socketpair()
with a, b:
    b.settimeout(2)
    my_send_msg(a, "こんにちは".encode("utf-8"))
    my_send_msg(a, b"bye")
    print(my_recv_msg(b))
    print(my_recv_msg(b))

# %% id="labkit-check-exercise-recv"
labkit.check_exercise("recv_msg", my_recv_msg)

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# 5 つとも `合格` になったら、`10_solutions` の解答例と比べてみましょう。
# どの問題にも共通するのは、**`recv` が `b''` を返すまで、または必要なバイト数がそろうまで繰り返す** ことです。
# TCP はバイトの流れを運ぶだけで、メッセージの区切りは運びません。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# When all five say `PASS`, compare with the worked answers in `10_solutions`.
# One idea runs through every exercise: **repeat `recv` until it returns `b''`, or until you have
# the bytes you need**. TCP carries a stream of bytes, not the boundaries of messages.
