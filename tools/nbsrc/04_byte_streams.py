# %% [markdown] id="intro" lang="ja"
# # 04 バイトストリームとフレーミング
#
# 記事のクライアントは `recv(4096)` を **1 回だけ** 呼んで、それを「サーバからのメッセージ」として表示します。
# 短いメッセージを同じパソコンの中で送るだけなら、たいていうまくいきます。でも TCP が運ぶのは
# **メッセージではなくバイトの列 (バイトストリーム)** です。TCP は「どこまでが 1 つのメッセージか」を覚えていません。
#
# そのため、実際のプログラムでは次のことが起きます (落とし穴 5):
#
# - 1 回の `recv` が、メッセージの **一部だけ** を返す。
# - 続けて送られた 2 つのメッセージが、1 回の `recv` で **くっついて** 届く。
#
# このノートブックでは、まずその 2 つを自分の目で確かめ、それから 3 つの対策
# (相手が閉じるまで読む、改行で区切る、長さを先に送る) を試します。
# サーバはすべて `labkit.LabServer(port=0)` で起動します。`port=0` は「空いているポートを OS に選ばせる」
# という意味で、他のプログラムとポートを取り合いません。

# %% [markdown] id="intro" lang="en"
# # 04 Byte streams and framing
#
# The article's client calls `recv(4096)` **once** and prints what it got as "the server's message".
# For a short message inside one computer, that usually works. But TCP carries
# **bytes, not messages (a byte stream)**: it does not remember where one message ends.
#
# So in a real program two things happen (pitfall 5):
#
# - one `recv` returns **only part** of a message;
# - two messages sent one after the other arrive **glued together** in one `recv`.
#
# This notebook first shows both with your own eyes, then tries three cures
# (read until the other side closes, end each message with a newline, send the length first).
# Every server here is `labkit.LabServer(port=0)`: `port=0` lets the OS pick a free port,
# so we never fight another program for one.

# %% id="import-socket"
import socket
import struct

import labkit

labkit.set_language(L("ja", "en"))

# %% [markdown] id="one-recv-returns-part" lang="ja"
# ## 1 回の `recv` がメッセージの一部しか返さない
#
# `labkit.chunked_handler` は、1 つのメッセージを 12 バイトずつ送るサーバです。
# 遅いネットワークや混んだサーバでは、実際にこのように少しずつ届きます。
# ここでは、いつ実行しても同じ結果になるように、サーバは **クライアントに頼まれたときだけ** 次の 12 バイトを送ります
# (`on_request=True`)。
#
# 記事と同じクライアント (接続して `recv(4096)` を 1 回) で受信してみます。

# %% [markdown] id="one-recv-returns-part" lang="en"
# ## One `recv` returns part of a message
#
# `labkit.chunked_handler` is a server that sends one message 12 bytes at a time.
# On a slow network or a busy server, data really does arrive like this, bit by bit.
# Here, so that every run shows the same thing, the server sends the next 12 bytes **only when the client asks**
# (`on_request=True`).
#
# Receive it with the article's client: connect, then call `recv(4096)` once.

# %% id="part-message"
MESSAGE = "Hello, TCP! This is one message."

chunky = labkit.LabServer(port=0, handler=labkit.chunked_handler(MESSAGE, chunk_size=12, on_request=True))
chunky.start()

# ja: 記事のクライアントと同じ: 接続して recv を 1 回だけ
# en: The article's client: connect, then recv once
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(chunky.address)
data = client.recv(4096)
client.close()

print(L("受信データ      :", "received    :"), data.decode("UTF-8"))
print(L("送られたメッセージ:", "message sent:"), MESSAGE)
print(L("全部届いた?", "all of it?"), data.decode("UTF-8") == MESSAGE)

# %% [markdown] id="note-4096-recv-4096" lang="ja"
# `recv(4096)` の 4096 は「**最大** 4096 バイトまで」という意味で、「4096 バイト貯まるまで待つ」ではありません。
# `recv` は何バイトかでも届いた時点で、届いた分だけを返します。
#
# `recv` を繰り返し呼んで、毎回何が返るかを並べてみます。`recv` が `b""` (空のバイト列) を返したら、
# それは「相手が接続を閉じた」という合図です。

# %% [markdown] id="note-4096-recv-4096" lang="en"
# The 4096 in `recv(4096)` means "**at most** 4096 bytes", not "wait until 4096 bytes are here".
# `recv` returns as soon as some bytes have arrived, with just those bytes.
#
# Call `recv` again and again and list what each call returns. When `recv` returns `b""`
# (empty bytes), the other side has closed the connection.
# After each piece, the client asks for the next one by sending a byte.

# %% id="read-until-closed-loop"
pieces = []
with socket.create_connection(chunky.address) as client:
    while True:
        chunk = client.recv(4096)
        if not chunk:          # ja: b"": サーバが閉じた = メッセージはここで終わり # en: b"": the server closed = the message ends here
            break
        pieces.append(chunk)
        client.sendall(b"n")   # ja: 「次をください」 # en: "next, please"

print(L("recv の回数:", "recv calls:"), len(pieces))
for piece in pieces:
    print("  ", piece)
print(L("つなげると:", "joined:"), b"".join(pieces).decode("UTF-8"))

# %% [markdown] id="two-messages-arrive-glued" lang="ja"
# ## 2 つのメッセージがくっついて届く
#
# 今度は逆です。`labkit.two_messages_handler` は `sendall` を 2 回続けて呼び、
# `"Hello!"` と `"How are you?"` の 2 つのメッセージを送ります。
# クライアントは、2 つとも届くまで待ってから `recv` を 1 回呼びます (忙しいプログラムは、すぐには `recv` できないものです)。
# `labkit.wait_for_bytes(client, n)` は、n バイトが届くまで待ちます (読み出さずに覗くだけです)。

# %% [markdown] id="two-messages-arrive-glued" lang="en"
# ## Two messages arrive glued together
#
# Now the opposite. `labkit.two_messages_handler` calls `sendall` twice in a row,
# sending two messages, `"Hello!"` and `"How are you?"`.
# The client waits until both have arrived before its one `recv` (a busy program rarely calls `recv` at once).
# `labkit.wait_for_bytes(client, n)` waits until n bytes have arrived (it only peeks: they stay there for `recv`).

# %% id="glued-messages"
with labkit.LabServer(port=0, handler=labkit.two_messages_handler("Hello!", "How are you?")) as glued:
    with socket.create_connection(glued.address) as client:
        labkit.wait_for_bytes(client, len("Hello!How are you?"))  # ja: 2 つとも届くまで待つ # en: wait until both have arrived
        data = client.recv(4096)

print(L("1 回の recv で受信:", "one recv received:"), data)

# %% [markdown] id="note-receiver-cannot-tell" lang="ja"
# 受信側からは、`"Hello!How are you?"` が 1 つのメッセージなのか、2 つなのか、3 つなのか区別できません。
# TCP は送った **バイトの順番** は必ず守りますが、**区切り** は運びません。
#
# 区切りは、送る側と受け取る側があらかじめ決めておく必要があります。これを **フレーミング** と呼びます。
# よく使われる方法は 3 つです。
#
# | 方法 | 区切りの決め方 | 向いている場面 |
# |---|---|---|
# | 相手が閉じるまで読む | 1 回の接続で 1 メッセージ。`recv` が `b""` を返したら終わり | 記事のサーバ、HTTP/1.0 |
# | 改行で区切る | メッセージの最後に `\n` | チャット、SMTP などのテキストのプロトコル |
# | 長さを先に送る | 先頭 4 バイトにメッセージの長さ | バイナリデータ、改行を含むテキスト |

# %% [markdown] id="note-receiver-cannot-tell" lang="en"
# The receiver cannot tell whether `"Hello!How are you?"` was one message, two or three.
# TCP always keeps the **order of the bytes**, but it does not carry the **boundaries**.
#
# Sender and receiver must agree on the boundaries beforehand. This is called **framing**.
# Three ways are common:
#
# | Way | Where a message ends | Good for |
# |---|---|---|
# | Read until the other side closes | one message per connection; `recv` returns `b""` at the end | the article's server, HTTP/1.0 |
# | End each message with a newline | a `\n` after each message | chat, text protocols such as SMTP |
# | Send the length first | the first 4 bytes give the message's length | binary data, text containing newlines |

# %% [markdown] id="cure-1-read-until" lang="ja"
# ## 対策 1: 相手が閉じるまで読む
#
# 記事のサーバは、メッセージを送ったらすぐに接続を閉じます。だから「閉じるまで読む」のが正しい受け取り方です。
# 上で書いたループは `labkit.recv_all(sock)` にまとめてあります (長すぎるデータで
# メモリを使い切らないよう、上限 `max_bytes` 付き)。`labkit.fetch` も同じことをしています。
#
# 今度のサーバは、頼まれるのを待たずに 12 バイトずつ 0.1 秒おきに送ります (`delay=0.1`)。
# かけらがいつ届いても、閉じるまで読めばメッセージ全体がそろいます。

# %% [markdown] id="cure-1-read-until" lang="en"
# ## Cure 1: read until the other side closes
#
# The article's server closes the connection right after sending its message, so "read until it closes"
# is the right way to receive it. The loop above is `labkit.recv_all(sock)` (with a `max_bytes` limit,
# so a huge reply cannot use up the memory). `labkit.fetch` does the same.
#
# This time the server does not wait to be asked: it sends 12 bytes every 0.1 s (`delay=0.1`).
# Whenever the pieces arrive, reading until the close collects the whole message.

# %% id="recv-all"
chunky.stop()
paced = labkit.LabServer(port=0, handler=labkit.chunked_handler(MESSAGE, chunk_size=12, delay=0.1))
paced.start()

with socket.create_connection(paced.address) as client:
    data = labkit.recv_all(client)       # ja: b"" が返るまで recv を繰り返す # en: recv again and again until b""

print(L("受信データ:", "received:"), data.decode("UTF-8"))
print(L("全部届いた?", "all of it?"), data.decode("UTF-8") == MESSAGE)
paced.stop()

# %% [markdown] id="note-weak-point-one" lang="ja"
# この方法の弱点: 1 回の接続で 1 つのメッセージしか送れません。やり取りを続けたいときは、次の 2 つを使います。
#
# ## 対策 2: 改行で区切る
#
# 送る側は、メッセージの最後に必ず `\n` を付けます (`labkit.send_line`)。
# 受け取る側は、`\n` が来るまで受信したバイトを貯めておき、`\n` までを 1 行として取り出します。
# **`\n` の後ろに続いていたバイトは捨てずに、次の行のために取っておく** のがポイントです
# (`labkit.LineReader` がそのバッファを持っています)。
#
# くっついて届く `"Hello!\n"` と `"How are you?\n"` を、行ごとに分けて読めるか試します。

# %% [markdown] id="note-weak-point-one" lang="en"
# The weak point: one message per connection. To keep talking, use one of the next two.
#
# ## Cure 2: end each message with a newline
#
# The sender ends every message with `\n` (`labkit.send_line`).
# The receiver keeps the bytes it receives until a `\n` arrives, and takes everything up to it as one line.
# **The bytes after the `\n` are not thrown away but kept for the next line**
# (`labkit.LineReader` holds that buffer).
#
# Check that `"Hello!\n"` and `"How are you?\n"`, arriving glued together, are read as two lines.

# %% id="read-lines"
with labkit.LabServer(port=0, handler=labkit.two_messages_handler("Hello!\n", "How are you?\n")) as glued:
    with socket.create_connection(glued.address) as client:
        labkit.wait_for_bytes(client, len("Hello!\nHow are you?\n"))  # ja: 2 行とも届くまで待つ # en: wait until both lines have arrived
        reader = labkit.LineReader(client)
        first = reader.readline()
        print(L("1 行目:", "line 1:"), repr(first))
        print(L("バッファに残っているバイト:", "bytes left in the buffer:"), bytes(reader.buffer))
        second = reader.readline()
        print(L("2 行目:", "line 2:"), repr(second))
        print(L("その次:",
                "next:"), reader.readline(), L("(None = 相手が閉じた)",
                                                       "(None = the other side closed)"))

# %% [markdown] id="note-line-based-server" lang="ja"
# 行単位のサーバも書けます。下のハンドラは、受け取った行を 1 行ずつ大文字にして返します。
# クライアントは 3 行送ってから `shutdown(SHUT_WR)` で「もう送りません」と伝え (ハーフクローズ)、返事を 1 行ずつ読みます。

# %% [markdown] id="note-line-based-server" lang="en"
# A line-based server is just as easy. The handler below upper-cases each line it receives and sends it back.
# The client sends three lines, says "I am done sending" with `shutdown(SHUT_WR)` (a half-close), and reads the replies line by line.

# %% id="line-server"
def shout(client, addr):
    # ja: 1 行受け取るたびに、大文字にして 1 行返す
    # en: For each line received, send it back in upper case
    for line in labkit.LineReader(client):
        labkit.send_line(client, line.upper())


with labkit.LabServer(port=0, handler=shout) as server:
    with socket.create_connection(server.address) as client:
        for text in ["hello", "tcp", "こんにちは"]:
            labkit.send_line(client, text)
        client.shutdown(socket.SHUT_WR)      # ja: もう送らない (受信はまだできる) # en: no more sending (we can still receive)
        for line in labkit.LineReader(client):
            print(L("返事:", "reply:"), line)

# %% [markdown] id="cure-3-send-length" lang="ja"
# ## 対策 3: 長さを先に送る
#
# 改行で区切る方法では、メッセージの中に改行を入れられません。画像などのバイナリデータも送れません。
# そこで、メッセージの前に **長さ** を固定の 4 バイトで送ります。受け取る側は、まず 4 バイト読んで長さを知り、
# それからちょうどその長さだけ読みます。4 バイトの数は「ビッグエンディアン」(ネットワークバイトオーダー、
# `struct` の書式 `"!I"`) で並べるのが決まりです。

# %% [markdown] id="cure-3-send-length" lang="en"
# ## Cure 3: send the length first
#
# With newline framing, a message cannot contain a newline, and binary data such as images cannot be sent.
# So send the **length** first, in a fixed 4 bytes. The receiver reads 4 bytes to learn the length,
# then reads exactly that many bytes. The 4-byte number is "big-endian"
# (network byte order, `struct` format `"!I"`), by convention.

# %% id="length-prefix-bytes"
payload = L("2 行の\nメッセージ", "a message\non two lines").encode("UTF-8")
prefix = struct.pack("!I", len(payload))       # ja: 長さを 4 バイトのビッグエンディアンに # en: the length as 4 big-endian bytes
print(L("メッセージの長さ:", "message length:"), len(payload), L("バイト", "bytes"))
print(L("長さの 4 バイト :", "length prefix :"), prefix)
print(L("実際に送るバイト:", "bytes on the wire:"), prefix + payload)

# %% [markdown] id="note-labkit-send-msg" lang="ja"
# `labkit.send_msg` と `labkit.recv_msg` がこの決まりで送受信します。
# サーバは 2 つのメッセージを続けて送りますが、くっついて届いても、長さのおかげで正しく分けられます。
# `recv_msg` は、相手が (メッセージの区切りで) 閉じたら `None` を返します。

# %% [markdown] id="note-labkit-send-msg" lang="en"
# `labkit.send_msg` and `labkit.recv_msg` send and receive with this rule.
# The server sends two messages back to back; even glued together, the lengths split them correctly.
# `recv_msg` returns `None` when the other side has closed (between two messages).

# %% id="length-prefix-server"
def two_framed(client, addr):
    labkit.send_msg(client, L("2 行の\nメッセージ", "a message\non two lines"))
    labkit.send_msg(client, b"\x00\x01\x02 binary")


with labkit.LabServer(port=0, handler=two_framed) as server:
    with socket.create_connection(server.address) as client:
        while (message := labkit.recv_msg(client)) is not None:
            print(L("メッセージ:", "message:"), repr(message.decode("UTF-8", errors="backslashreplace")))

# %% [markdown] id="note-what-if-other" lang="ja"
# 相手が **メッセージの途中で** 接続を閉じたら? 下のサーバは「10 バイト送ります」と言っておきながら
# 3 バイトで閉じてしまいます。`recv_msg` はそれを黙って受け入れず、何バイト届いたかを説明するエラーにします。

# %% [markdown] id="note-what-if-other" lang="en"
# What if the other side closes **in the middle of** a message? The server below announces 10 bytes,
# then closes after 3. `recv_msg` does not silently accept that: it raises an error saying how many bytes arrived.

# %% id="incomplete-message"
def broken(client, addr):
    client.sendall(struct.pack("!I", 10) + b"abc")   # ja: 10 バイトと言って 3 バイトで終わる # en: announces 10 bytes, sends 3


with labkit.LabServer(port=0, handler=broken) as server:
    with socket.create_connection(server.address) as client:
        try:
            labkit.recv_msg(client)
        except labkit.IncompleteMessageError as error:
            print(type(error).__name__)
            print(error)
            print(L("届いた分:", "what arrived:"), error.partial)

# %% [markdown] id="echo-server" lang="ja"
# ## エコーサーバ
#
# 最後に、受け取ったメッセージを最後まで読んでから返す **エコーサーバ** を `LabServer(handler=labkit.reply_after_eof_handler())` で作ります。
# フレーミングは対策 1 と同じ「閉じるまで読む」です。ただし、サーバはクライアントが送り終えたことを知る必要があります。
# そこでクライアントは送信後に `shutdown(SHUT_WR)` (ハーフクローズ) をします。
# `labkit.fetch(..., send=...)` は送信してからハーフクローズし、返事を閉じるまで読みます。
# (標準のエコー `labkit.echo_handler()` (RFC 862) は区切りを気にせず、届いた分をその場で返します。ハーフクローズしないクライアントにも返事が届きます。)

# %% [markdown] id="echo-server" lang="en"
# ## An echo server
#
# Finally, an **echo server** that reads the whole message, then sends it back: `LabServer(handler=labkit.reply_after_eof_handler())`.
# Its framing is cure 1, "read until closed"; but the server must learn that the client has finished sending.
# So the client half-closes with `shutdown(SHUT_WR)` after sending.
# `labkit.fetch(..., send=...)` sends, half-closes, then reads the reply until the server closes.
# (The standard echo, `labkit.echo_handler()` (RFC 862), needs no framing: it sends back each piece as it arrives, so a client that never half-closes gets its echo too.)

# %% id="echo-labkit-labserver-port"
echo = labkit.LabServer(port=0, handler=labkit.reply_after_eof_handler()).start()

reply = labkit.fetch(*echo.address, send=L("こんにちは、TCP!", "Hello, TCP!"))
print(L("エコーの返事:", "echo reply:"), reply)

# %% [markdown] id="note-servers-log-there" lang="ja"
# サーバ側のログです。`recv` が 2 回あり、2 回目の空の受信 (`''`) が「クライアントが送り終えた」合図です。
# クライアントのポート番号は接続ごとに変わるので、テストでは `PORT` に置き換えて比べています (落とし穴 10)。

# %% [markdown] id="note-servers-log-there" lang="en"
# The server's log. There are two `recv`s; the second, empty one (`''`) is the signal that the client has finished sending.
# The client's port changes with every connection, so the tests compare it as `PORT` (pitfall 10).

# %% id="echo-print-log"
echo.print_log()

# %% [markdown] id="note-read-until-closed" lang="ja"
# 「閉じるまで読む」サーバは、とても長いメッセージを送りつけられるとメモリを使い切ってしまいます。
# `reply_after_eof_handler(max_bytes=...)` は上限を超えたメッセージを、上限を書いた 1 行の返事で断ります。

# %% [markdown] id="note-read-until-closed" lang="en"
# A "read until closed" server could run out of memory when a client sends a huge message.
# `reply_after_eof_handler(max_bytes=...)` refuses a message over the limit with a one-line reply naming the limit.

# %% id="echo-stop"
echo.stop()
small_echo = labkit.LabServer(port=0, handler=labkit.reply_after_eof_handler(max_bytes=16)).start()

print(labkit.fetch(*small_echo.address, send="short"))
print(labkit.fetch(*small_echo.address, send="x" * 1000), end="")
small_echo.stop()

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# - TCP はバイトの **順番** を守りますが、メッセージの **区切り** は運びません。
#   1 回の `recv` は、メッセージの一部しか返さないことも、2 つのメッセージをくっつけて返すこともあります。
# - 区切りは送る側と受け取る側で決めます: 閉じるまで読む (`recv_all`)、改行 (`send_line` / `LineReader`)、
#   長さを先に送る (`send_msg` / `recv_msg`)。
# - 受け取る量には必ず上限を付けます。
#
# 次のノートブック `05_backlog_burst` では、たくさんのクライアントが同時に来たときに記事の `listen(2)` サーバで何が起きるかを見ます。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# - TCP keeps the **order** of the bytes but does not carry message **boundaries**.
#   One `recv` may return part of a message, or two messages glued together.
# - Sender and receiver agree on the boundaries: read until closed (`recv_all`), newlines
#   (`send_line` / `LineReader`), or the length first (`send_msg` / `recv_msg`).
# - Always put a limit on how much you read.
#
# The next notebook, `05_backlog_burst`, shows what happens to the article's `listen(2)` server when many clients come at once.

# %% id="check-every-server-notebook"
# ja: このノートブックで起動したサーバがすべて止まっていることを確かめる
# en: Check that every server this notebook started has stopped
print(L("動いているサーバ:", "servers running:"), labkit.running_servers())
