# %% [markdown] id="intro" lang="ja"
# # 10 練習問題の解答例
#
# `09_exercises` の解答例です。どれも同じチェック (`labkit.check_exercise`) で `合格` になります。
# いくつかの問題では、よくある間違いと、そのときチェックが出すヒントも見せます。
#
# 解答は 1 つではありません。自分の答えが `合格` なら、それも正解です。

# %% [markdown] id="intro" lang="en"
# # 10 Worked answers to the exercises
#
# Answers to `09_exercises`. Each passes the same check (`labkit.check_exercise`).
# For some exercises a typical wrong answer follows, with the hint the checker gives it.
#
# There is more than one right answer: if yours says `PASS`, it is right too.

# %% id="imports"
import socket
import struct

import labkit

labkit.set_language(L("ja", "en"))

# %% [markdown] id="exercise-1-echo-server" lang="ja"
# ## 問題 1: エコーサーバ
#
# `recv` が `b''` (クライアントが送信側を閉じた印) を返すまで、受け取った分をそのまま `sendall` で返します。
# `if not data` は `b''` のときに真になります。`data == ""` と書くと `str` と比べることになり、永遠に一致しません。

# %% [markdown] id="exercise-1-echo-server" lang="en"
# ## Exercise 1: an echo server
#
# Send back each piece with `sendall` until `recv` returns `b''` (the client closed its sending side).
# `if not data` is true for `b''`; writing `data == ""` compares with a `str` and is never true.

# %% id="def-my-echo-client"
def my_echo(client, addr):
    L("""クライアントから受け取ったバイトを、相手が閉じるまですべて送り返す。""",
      """Send back every byte the client sends, until it closes its side.""")
    while True:
        data = client.recv(4096)
        if not data:  # ja: b'': クライアントが送信側を閉じた # en: b'': the client closed its sending side
            break
        client.sendall(data)  # ja: send() は一部しか送らないことがある # en: send() may send only part

# %% id="echo-server-check"
with labkit.LabServer(port=0, handler=my_echo) as server:
    print(repr(labkit.fetch(*server.address, send="hello")))

# %% id="labkit-check-exercise-echo"
labkit.check_exercise("echo", my_echo)

# %% [markdown] id="note-typical-mistake-receiving" lang="ja"
# よくある間違い: 受け取ったのに送り返していない。

# %% [markdown] id="note-typical-mistake-receiving" lang="en"
# A typical mistake: receiving, but never sending back.

# %% id="echo-mistake"
def echo_that_forgets(client, addr):
    data = client.recv(4096)


labkit.check_exercise("echo", echo_that_forgets)

# %% [markdown] id="exercise-2-client-reads" lang="ja"
# ## 問題 2: サーバが閉じるまで読むクライアント
#
# 記事の 002 の `recv(4096)` 1 回を、`b''` が返るまでのループに変えたものです。
# `labkit.fetch_bytes(host, port)` も同じことをしています。

# %% [markdown] id="exercise-2-client-reads" lang="en"
# ## Exercise 2: a client that reads until the server closes
#
# The article's single `recv(4096)` (002) becomes a loop that ends when `recv` returns `b''`.
# `labkit.fetch_bytes(host, port)` does the same.

# %% id="def-my-client-host"
def my_client(host, port):
    L("""(host, port) に接続し、サーバが閉じるまでに届いたバイトを全部返す。""",
      """Connect to (host, port) and return every byte the server sends before it closes.""")
    chunks = []
    with socket.create_connection((host, port), timeout=5) as sock:
        while True:
            chunk = sock.recv(4096)
            if not chunk:  # ja: b'': サーバが接続を閉じた # en: b'': the server closed the connection
                break
            chunks.append(chunk)
    return b"".join(chunks)

# %% id="server-for-client"
with labkit.LabServer(port=0) as server:  # the article's server: "Server accessed.(1)"
    print(my_client(*server.address))

# %% id="labkit-check-exercise-client"
labkit.check_exercise("client", my_client)

# %% [markdown] id="exercise-3-upper-case" lang="ja"
# ## 問題 3: 大文字にして返すサーバ
#
# 全部のバイトを集めてから 1 回だけ `decode` し、`str` の `upper()` を使い、`encode` して返します。

# %% [markdown] id="exercise-3-upper-case" lang="en"
# ## Exercise 3: an upper-case server
#
# Collect every byte, decode once, use `str.upper()`, encode, send back.

# %% id="def-my-upper-client"
def my_upper(client, addr):
    L("""メッセージを最後まで受け取り、大文字にして送り返す。""",
      """Receive the whole message, send it back in upper case.""")
    chunks = []
    while True:
        data = client.recv(4096)
        if not data:
            break
        chunks.append(data)
    text = b"".join(chunks).decode("utf-8")  # ja: 全部そろってから decode する # en: decode only once everything is here
    client.sendall(text.upper().encode("utf-8"))

# %% id="upper-server-check"
with labkit.LabServer(port=0, handler=my_upper) as server:
    print(repr(labkit.fetch(*server.address, send="hello, café")))

# %% id="labkit-check-exercise-upper"
labkit.check_exercise("upper", my_upper)

# %% [markdown] id="note-typical-mistake-upper" lang="ja"
# よくある間違い: `bytes` のまま `upper()` する (ASCII の英字しか変わらない)。

# %% [markdown] id="note-typical-mistake-upper" lang="en"
# A typical mistake: `upper()` on the bytes (only ASCII letters change).

# %% id="upper-mistake"
def upper_on_bytes(client, addr):
    chunks = []
    while data := client.recv(4096):
        chunks.append(data)
    client.sendall(b"".join(chunks).upper())


labkit.check_exercise("upper", upper_on_bytes)

# %% [markdown] id="exercise-4-send-msg" lang="ja"
# ## 問題 4: `send_msg`
#
# 長さ (バイト数) を `struct.pack("!I", ...)` で 4 バイトのビッグエンディアンにし、データと一緒に `sendall` します。
# `!` は「ネットワークバイトオーダー (ビッグエンディアン)」、`I` は 4 バイトの符号なし整数です。

# %% [markdown] id="exercise-4-send-msg" lang="en"
# ## Exercise 4: `send_msg`
#
# Pack the length in bytes with `struct.pack("!I", ...)` (4 bytes, big-endian) and `sendall` it with the data.
# `!` means network byte order (big-endian); `I` is a 4-byte unsigned integer.

# %% id="def-my-send-msg"
def my_send_msg(sock, data):
    L("""4 バイトのビッグエンディアンの長さ、続けて data を送る。""",
      """Send the length of data as 4 big-endian bytes, then data.""")
    sock.sendall(struct.pack("!I", len(data)) + data)

# %% id="print-struct-pack-i"
print(struct.pack("!I", 5) + b"hello")
labkit.check_exercise("send_msg", my_send_msg)

# %% [markdown] id="note-typical-mistake-packing" lang="ja"
# よくある間違い: `"<I"` (リトルエンディアン) で長さを詰める。

# %% [markdown] id="note-typical-mistake-packing" lang="en"
# A typical mistake: packing the length with `"<I"` (little-endian).

# %% id="little-endian-mistake"
def send_msg_little_endian(sock, data):
    sock.sendall(struct.pack("<I", len(data)) + data)


labkit.check_exercise("send_msg", send_msg_little_endian)

# %% [markdown] id="exercise-5-recv-msg" lang="ja"
# ## 問題 5: `recv_msg`
#
# 「ちょうど n バイト読む」関数 `recv_exactly` を作り、プレフィックスの 4 バイトにもデータにも使います。
# 途中で相手が閉じたら (`b''`)、そのまま待ち続けずにエラーにします。

# %% [markdown] id="exercise-5-recv-msg" lang="en"
# ## Exercise 5: `recv_msg`
#
# A helper `recv_exactly` reads exactly n bytes; it serves both the 4-byte prefix and the data.
# If the other side closes half-way (`b''`), it raises instead of waiting for ever.

# %% id="def-recv-exactly-sock"
def recv_exactly(sock, n):
    L("""ちょうど n バイトそろうまで recv を繰り返す。""", """Call recv until exactly n bytes have arrived.""")
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))  # ja: 残りの分だけ頼む: 次のメッセージまで読まない # en: ask only for the rest: never read the next message
        if not chunk:
            raise ConnectionError(L(f"相手が閉じました: {n} バイト中 {len(data)} バイトで",
                                    f"the other side closed after {len(data)} of {n} bytes"))
        data += chunk
    return data


def my_recv_msg(sock):
    L("""send_msg で送られたメッセージを 1 通受け取り、中身の bytes を返す。""",
      """Receive one message sent with send_msg and return its payload (bytes).""")
    (size,) = struct.unpack("!I", recv_exactly(sock, 4))
    return recv_exactly(sock, size)

# %% id="try-recv-msg"
a, b = socket.socketpair()
with a, b:
    b.settimeout(2)
    my_send_msg(a, "こんにちは".encode("utf-8"))
    my_send_msg(a, b"bye")
    print(my_recv_msg(b).decode("utf-8"))
    print(my_recv_msg(b))

# %% id="labkit-check-exercise-recv"
labkit.check_exercise("recv_msg", my_recv_msg)

# %% [markdown] id="note-labkit-has-same" lang="ja"
# labkit にも同じ考え方の `labkit.send_msg` / `labkit.recv_msg` があります (04 で使いました)。
# あなたの関数と組み合わせても動きます。どちらも同じ約束 (4 バイトのビッグエンディアンの長さ + データ) に従っているからです。

# %% [markdown] id="note-labkit-has-same" lang="en"
# labkit has the same idea as `labkit.send_msg` / `labkit.recv_msg` (used in notebook 04).
# They work with your functions, because both follow the same rule (4-byte big-endian length, then the data).

# %% id="try-recv-all"
a, b = socket.socketpair()
with a, b:
    b.settimeout(2)
    labkit.send_msg(a, b"from labkit")
    my_send_msg(a, b"from me")
    print(my_recv_msg(b), labkit.recv_msg(b))
