# %% [markdown] id="intro" lang="ja"
# # 06 エラーをわざと起こす
#
# ソケットのプログラムで初心者が出会うエラーは、だいたい決まっています。
# このノートブックでは、それぞれを **わざと起こして**、何が起きたのかを説明し、直し方を試します。
#
# | エラー | ひとことで言うと |
# |---|---|
# | `ConnectionRefusedError` | そのポートで待っているサーバがいない |
# | `OSError: Address already in use` | そのポートはもう誰かが使っている (または TIME_WAIT) |
# | `TimeoutError` | 決めた時間内に返事が来なかった |
# | `ConnectionResetError` | 相手が接続をいきなり切った |
# | `TypeError: a bytes-like object is required` | `str` をそのまま送ろうとした |
# | `UnicodeDecodeError` | 文字の途中で切れたバイト列を文字に戻そうとした |
#
# エラーの文章 (特に `[Errno 111]` のような番号) は OS によって違います。そのようなエラーは
# `try` / `except` で受け止めて、エラーの **種類** (`type(error).__name__`) を表示します。

# %% [markdown] id="intro" lang="en"
# # 06 Errors, on purpose
#
# The errors a beginner meets in socket programs are few and always the same.
# This notebook triggers each one **on purpose**, explains what happened, and tries the fix.
#
# | Error | In one line |
# |---|---|
# | `ConnectionRefusedError` | no server is waiting on that port |
# | `OSError: Address already in use` | someone already uses that port (or TIME_WAIT) |
# | `TimeoutError` | no answer within the time you allowed |
# | `ConnectionResetError` | the other side cut the connection abruptly |
# | `TypeError: a bytes-like object is required` | you tried to send a `str` as it is |
# | `UnicodeDecodeError` | you decoded bytes cut in the middle of a character |
#
# The wording of some errors (especially numbers such as `[Errno 111]`) differs between operating systems.
# Those errors are caught with `try` / `except`, and we print the error's **type** (`type(error).__name__`).

# %% id="imports"
import codecs
import socket

import labkit

labkit.set_language(L("ja", "en"))

HOST = "127.0.0.1"

# %% [markdown] id="1-connectionrefusederror-server-not" lang="ja"
# ## 1. `ConnectionRefusedError`: サーバが動いていない (落とし穴 11)
#
# 記事のクライアント (002) を、サーバ (001) を起動する前に実行するとこうなります。
# ここでは、サーバを起動してポート番号を覚え、すぐに止めます。「サーバのノートブックを止めてしまった」状態です。

# %% [markdown] id="1-connectionrefusederror-server-not" lang="en"
# ## 1. `ConnectionRefusedError`: the server is not running (pitfall 11)
#
# This is what happens when you run the article's client (002) before its server (001).
# Here we start a server, remember its port, and stop it at once: "the server notebook is not running".

# %% id="stop-then-connect"
server = labkit.LabServer(port=0).start()
PORT = server.address[1]
server.stop()                      # ja: サーバを止めた (= 起動していない) # en: the server has stopped (= is not running)

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    client.connect((HOST, PORT))
except OSError as error:
    print(type(error).__name__)
finally:
    client.close()

# %% [markdown] id="note-what-happened-clients" lang="ja"
# **何が起きたか:** クライアントの「接続したい」(SYN) に対して、相手の OS が「そのポートには誰もいない」(RST) と答えました。
# `labkit.fetch` は同じエラーを、何をすればよいかが分かる文章にして伝えます。

# %% [markdown] id="note-what-happened-clients" lang="en"
# **What happened:** the client's "I want to connect" (SYN) was answered by the other OS with "nobody is on that port" (RST).
# `labkit.fetch` raises the same error with a sentence that says what to do.

# %% id="refused-sentence"
try:
    labkit.fetch(HOST, PORT)
except ConnectionRefusedError as error:
    print(error)

# %% [markdown] id="note-fix-start-server" lang="ja"
# **直し方:** 先にサーバを起動してから接続します。同じポートでサーバを起動し直すと、接続できます。

# %% [markdown] id="note-fix-start-server" lang="en"
# **The fix:** start the server first, then connect. Start a server on the same port again, and the connection works.

# %% id="start-server-first"
server = labkit.LabServer(HOST, PORT).start()
print(L("サーバからの受信データ", "Data received from the server"), labkit.fetch(HOST, PORT))

# %% [markdown] id="2-address-already-use" lang="ja"
# ## 2. `Address already in use`: ポートが使用中 (落とし穴 1)
#
# ### 2a. 前のサーバがまだ動いている
#
# 記事のサーバのセルをもう一度実行すると、こうなります。上で起動した `server` がまだポート `PORT` を使っているところに、
# 新しいソケットを同じアドレスに `bind` してみます。

# %% [markdown] id="2-address-already-use" lang="en"
# ## 2. `Address already in use` (pitfall 1)
#
# ### 2a. The earlier server still runs
#
# This is what re-running the article's server cell does. The `server` started above still holds port `PORT`;
# bind a new socket to the same address.

# %% id="second-bind"
second = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    second.bind((HOST, PORT))
except OSError as error:
    print(type(error).__name__ + ":", error.strerror)
finally:
    second.close()

# %% [markdown] id="note-what-happened-only" lang="ja"
# **何が起きたか:** 1 つのポートで待ち受けられるのは 1 つのソケットだけです。Jupyter ではセルを実行し終えても
# サーバのソケットは生きたままなので、同じセルをもう一度実行すると、**自分の前のサーバ** とぶつかります。
#
# **直し方:** 前のサーバを止めてから起動します (`server.stop()`)。`LabServer` は、このカーネルの前のサーバが
# 同じアドレスにいれば、自動で止めてから起動します。

# %% [markdown] id="note-what-happened-only" lang="en"
# **What happened:** only one socket may listen on a port. In Jupyter the server's socket stays alive after its cell
# finishes, so running the same cell again collides with **your own earlier server**.
#
# **The fix:** stop the earlier server first (`server.stop()`). `LabServer` does it for you: if this kernel's earlier
# server is on the same address, it stops it, then starts.

# %% id="start-again"
server = labkit.LabServer(HOST, PORT).start()   # ja: 同じアドレスでもう一度起動 # en: start again on the same address
print(server)
print(L("サーバからの受信データ", "Data received from the server"), labkit.fetch(HOST, PORT))
server.stop()

# %% [markdown] id="2b-use-although-server" lang="ja"
# ### 2b. サーバを止めたのに使用中: TIME_WAIT
#
# サーバを **止めた後** でも、すぐに同じポートで起動し直すと `Address already in use` になることがあります。
# 接続を **先に閉じた側** の OS は、その接続を **TIME_WAIT** という状態でしばらく (Linux では 60 秒) 覚えておくからです。
# ネットワークに残っている古いパケットが、同じポートの新しい接続に紛れ込まないようにするためです。
#
# 記事のサーバは、メッセージを送ったら自分から `client.close()` します。つまりサーバが先に閉じる側です。
# そのとおりに、`labkit` を使わない素のソケットで再現します。

# %% [markdown] id="2b-use-although-server" lang="en"
# ### 2b. In use although the server stopped: TIME_WAIT
#
# Even **after** the server has stopped, restarting it at once on the same port can fail with `Address already in use`.
# The OS of the side that **closed the connection first** remembers that connection for a while
# (60 s on Linux) in a state called **TIME_WAIT**, so that old packets still in the network cannot slip into a new
# connection on the same port.
#
# The article's server calls `client.close()` itself after sending, so the server closes first.
# Reproduce it exactly so, with plain sockets and no `labkit`:

# %% id="time-wait-without-reuse"
def serve_one_client(reuse):
    L("""記事のサーバで 1 クライアントだけ処理して止める (サーバが先に close)。ポート番号を返す""",
      """The article's server, for one client, then stop (the server closes first). Returns its port.""")
    server_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if reuse:
        labkit.reuse_address(server_sock)   # ja: SO_REUSEADDR (Windows では何もしない) # en: SO_REUSEADDR (nothing on Windows)
    server_sock.bind((HOST, 0))              # ja: 0: 空いているポートを OS に選ばせる # en: 0: let the OS pick a free port
    server_sock.listen(2)
    port = server_sock.getsockname()[1]
    client = socket.create_connection((HOST, port))
    conn, addr = server_sock.accept()
    conn.sendall("Server accessed.(1)".encode("UTF-8"))
    conn.close()                             # ja: サーバが先に閉じる -> サーバ側の接続が TIME_WAIT になる # en: the server closes first -> its side enters TIME_WAIT
    client.recv(4096)
    client.close()
    server_sock.close()                      # ja: サーバを止めた # en: the server has stopped
    return port


def restart(port, reuse):
    L("""同じポートですぐに起動し直す""", """Start again at once on the same port.""")
    restarted = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if reuse:
        labkit.reuse_address(restarted)
    try:
        restarted.bind((HOST, port))
        restarted.listen(2)
        return L("bind できた", "bind worked")
    except OSError as error:
        return type(error).__name__ + ": " + error.strerror
    finally:
        restarted.close()


port = serve_one_client(reuse=False)
print(L("SO_REUSEADDR なし:", "without SO_REUSEADDR:"), restart(port, reuse=False))

# %% [markdown] id="note-fix-set-socket" lang="ja"
# **直し方:** サーバのソケットに、`bind` の前にソケットオプション `SO_REUSEADDR` を設定します。
# TIME_WAIT の接続が残っていても、同じポートで待ち受けを始められます (ポートを **今** 使っているサーバがいれば、
# やはり失敗するので安全です)。Linux では、前のサーバと新しいサーバの **両方** のソケットに設定されている必要があります。
# サーバのコードに書いておけば、毎回そうなります。
#
# `labkit.reuse_address(sock)` は OS に合った設定をします。Windows では `SO_REUSEADDR` の意味が違い
# (別のプログラムが同じポートを横取りできてしまう)、しかも TIME_WAIT があっても `bind` できるので、何も設定しません
# (`socket.create_server` と同じ)。`LabServer` はいつもこれを使っています。

# %% [markdown] id="note-fix-set-socket" lang="en"
# **The fix:** set the socket option `SO_REUSEADDR` on the server's socket, before `bind`. The server can then listen
# on the port even while TIME_WAIT connections remain (it still fails if a server is using the port **now**, so it is
# safe). On Linux it must be set on **both** the earlier and the new server's socket: put it in your server code,
# and it always is.
#
# `labkit.reuse_address(sock)` sets the right option for your OS. On Windows `SO_REUSEADDR` means something else
# (another program could steal the port), and `bind` works during TIME_WAIT anyway, so it sets nothing there
# (as `socket.create_server` does). `LabServer` always uses it.

# %% id="time-wait-with-reuse"
port = serve_one_client(reuse=True)
print(L("SO_REUSEADDR あり:", "with SO_REUSEADDR:"), restart(port, reuse=True))

# %% [markdown] id="3-timeouterror-no-answer" lang="ja"
# ## 3. `TimeoutError`: 返事が来ない (落とし穴 2)
#
# 接続はできたのに、サーバが何も送ってこないことがあります (サーバが忙しい、固まっている、プロトコルの勘違い)。
# 下の「だんまりサーバ」は `listen` しているだけで、`accept` も送信もしません。OS が接続までは済ませてくれます。
#
# 記事のクライアントのように `recv` をそのまま呼ぶと、**永久に** 待ち続け、カーネルが固まります
# (Windows では「Interrupt」でも止まらないことがあります)。だから `settimeout` で待つ時間の上限を決めます。

# %% [markdown] id="3-timeouterror-no-answer" lang="en"
# ## 3. `TimeoutError`: no answer (pitfall 2)
#
# Sometimes the connection works but the server sends nothing (it is busy, stuck, or expects you to speak first).
# The "silent server" below only `listen`s: it never `accept`s and never sends. The OS completes the connection anyway.
#
# A plain `recv`, as in the article's client, would wait **forever** and freeze the kernel
# (on Windows even "Interrupt" may not stop it). So set a limit with `settimeout`.

# %% id="silent-server-recv" tags=["raises-exception"]
silent = socket.create_server((HOST, 0))     # ja: 待ち受けるだけで、何も送らないサーバ # en: listens, but never sends anything

client = socket.create_connection(silent.getsockname())
client.settimeout(1.0)                        # ja: 1 秒だけ待つ # en: wait at most 1 s
client.recv(4096)

# %% [markdown] id="note-what-happened-not" lang="ja"
# **何が起きたか:** 1 秒待っても 1 バイトも届かなかったので、`recv` が `TimeoutError: timed out` で戻りました
# (Python 3.10 より前は `socket.timeout` という名前でした)。
#
# **直し方:** タイムアウトはバグではなく、プログラムが固まらないための安全装置です。`except` で受け止めて、
# 利用者に何が起きたかを伝えます。`labkit.fetch` はタイムアウト (既定 5 秒) を必ず設定し、次のように伝えます。

# %% [markdown] id="note-what-happened-not" lang="en"
# **What happened:** not one byte arrived within 1 s, so `recv` gave up with `TimeoutError: timed out`
# (called `socket.timeout` before Python 3.10).
#
# **The fix:** a timeout is not a bug but the safety catch that keeps a program from freezing. Catch it and tell the
# user what happened. `labkit.fetch` always sets a timeout (5 s by default) and says this:

# %% id="timeout-sentence"
client.close()
try:
    labkit.fetch(*silent.getsockname(), timeout=1.0)
except TimeoutError as error:
    print(error)
silent.close()

# %% [markdown] id="4-connectionreseterror-other-side" lang="ja"
# ## 4. `ConnectionResetError`: 相手がいきなり切った
#
# ふつうの `close()` では、相手には「もう送るものはありません」(FIN) が届き、`recv` は `b""` を返します。
# ところが、相手のプログラムが落ちたときなどは、OS が「この接続は破棄」(RST) を送ります。
# `labkit.reset_handler()` は、リクエストを最後まで受け取った直後に、わざと RST で接続を切るサーバです。

# %% [markdown] id="4-connectionreseterror-other-side" lang="en"
# ## 4. `ConnectionResetError`: the other side cut the connection
#
# With a normal `close()`, the other side receives "nothing more to send" (FIN) and its `recv` returns `b""`.
# But when a program crashes, say, its OS sends "this connection is aborted" (RST) instead.
# `labkit.reset_handler()` is a server that aborts with an RST right after it has received the whole request.

# %% id="reset-server"
rude = labkit.LabServer(port=0, handler=labkit.reset_handler()).start()

client = socket.create_connection(rude.address)
client.sendall(b"Hello?")
client.shutdown(socket.SHUT_WR)      # ja: リクエストはここまで (ハーフクローズ) # en: the request is complete
try:
    client.recv(4096)
except OSError as error:
    print(type(error).__name__ + ":", error.strerror)
finally:
    client.close()

# %% [markdown] id="note-what-happened-servers" lang="ja"
# **何が起きたか:** サーバ側の OS が RST を送ったので、クライアントの `recv` は `b""` ではなくエラーになりました。
# Windows の文章は違いますが、エラーの種類は同じ `ConnectionResetError` です。
#
# **直し方:** 相手が突然いなくなるのは、ネットワークでは普通のことです。`ConnectionError`
# (`ConnectionResetError` や `ConnectionRefusedError` の親クラス) を受け止めて、プログラムは動き続けます。
# `LabServer` も、クライアントの処理でエラーが起きたらログに書いて、次のクライアントを待ち続けます。

# %% [markdown] id="note-what-happened-servers" lang="en"
# **What happened:** the server's OS sent an RST, so the client's `recv` raised an error instead of returning `b""`.
# Windows words it differently, but the type is the same: `ConnectionResetError`.
#
# **The fix:** peers vanishing suddenly is normal on a network. Catch `ConnectionError` (the parent class of
# `ConnectionResetError` and `ConnectionRefusedError`) and keep the program running.
# `LabServer` does the same: an error while serving a client goes to its log, and it waits for the next client.

# %% id="reset-client"
def ask(address, message):
    L("""メッセージを送って返事を返す。相手が切ったら、その旨を返す""",
      """Send a message and return the reply, or say that the other side hung up.""")
    try:
        return labkit.fetch(*address, send=message)
    except ConnectionError as error:
        return L(f"接続が切れました ({type(error).__name__})。サーバのログを確認して、もう一度試します。",
                 f"The connection was cut ({type(error).__name__}). Check the server's log and try again.")


print(ask(rude.address, "Hello?"))
rude.stop()

with labkit.LabServer(port=0, handler=labkit.echo_handler()) as polite:
    print(ask(polite.address, "Hello?"))

# %% [markdown] id="5-typeerror-str-versus" lang="ja"
# ## 5. `TypeError`: `str` と `bytes` (落とし穴 9)
#
# ソケットが運ぶのは **バイト** (`bytes`) です。文字列 (`str`) をそのまま `sendall` に渡すとエラーになります。

# %% [markdown] id="5-typeerror-str-versus" lang="en"
# ## 5. `TypeError`: `str` versus `bytes` (pitfall 9)
#
# Sockets carry **bytes** (`bytes`). Passing a string (`str`) straight to `sendall` is an error.

# %% id="send-str" tags=["raises-exception"]
echo = labkit.LabServer(port=0, handler=labkit.echo_handler()).start()

client = socket.create_connection(echo.address)
client.sendall("Hello")

# %% [markdown] id="note-what-happened-hello" lang="ja"
# **何が起きたか:** `"Hello"` は文字 (`str`) で、バイトではありません。文字をバイトにする方法
# (**エンコーディング**) は何通りもあるので、Python は勝手に選びません。
#
# **直し方:** 送る前に `.encode("UTF-8")` でバイトにし、受け取ったら `.decode("UTF-8")` で文字に戻します (記事と同じ)。
# `b"Hello"` と書けば、最初から `bytes` です。

# %% [markdown] id="note-what-happened-hello" lang="en"
# **What happened:** `"Hello"` is text (`str`), not bytes. There are many ways to turn text into bytes
# (**encodings**), so Python does not pick one for you.
#
# **The fix:** `.encode("UTF-8")` before sending, and `.decode("UTF-8")` after receiving (as the article does).
# Writing `b"Hello"` gives `bytes` from the start.

# %% id="send-bytes"
client.sendall("Hello".encode("UTF-8"))      # str -> bytes
client.shutdown(socket.SHUT_WR)              # ja: 送り終えた (サーバは返し終えて閉じる) # en: done sending (the server echoes the rest and closes)
data = labkit.recv_all(client)
client.close()
print(L("受信した bytes:", "bytes received:"), data)
print(L("decode した str:", "decoded str   :"), data.decode("UTF-8"))   # bytes -> str
echo.stop()

# %% [markdown] id="6-unicodedecodeerror-bytes-cut" lang="ja"
# ## 6. `UnicodeDecodeError`: 文字の途中で切れたバイト列
#
# UTF-8 では、日本語の 1 文字は 3 バイトです。「こんにちは」は 15 バイトになります。
# ノートブック 04 で見たとおり、`recv` はメッセージの途中で切れることがあり、その切れ目は **文字の途中** かもしれません。
# 最初の 4 バイト (1 文字と、2 文字目の 3 分の 1) だけを文字に戻そうとすると、こうなります。

# %% [markdown] id="6-unicodedecodeerror-bytes-cut" lang="en"
# ## 6. `UnicodeDecodeError`: bytes cut in the middle of a character
#
# In UTF-8 a Japanese character takes 3 bytes: "こんにちは" is 15 bytes.
# As notebook 04 showed, `recv` may cut a message anywhere, possibly **in the middle of a character**.
# Decode only the first 4 bytes (one character and a third of the next) and you get this:

# %% id="decode-cut-bytes" tags=["raises-exception"]
data = "こんにちは".encode("UTF-8")
print(len(data), "bytes:", data)
piece = data[:4]               # what one recv might return
piece.decode("UTF-8")

# %% [markdown] id="note-what-happened-4th" lang="ja"
# **何が起きたか:** 4 バイト目の `0xe3` は「3 バイトの文字の 1 バイト目」ですが、続きがありません (`unexpected end of data`)。
# 実際のネットワークでも起きます。下のサーバは「こんにちは」を 4 バイトずつ送ります。
# 届いたかけらを 1 つずつ見てみます。

# %% [markdown] id="note-what-happened-4th" lang="en"
# **What happened:** the 4th byte, `0xe3`, starts a 3-byte character, but the rest is missing (`unexpected end of data`).
# It happens on a real network too. The server below sends "こんにちは" 4 bytes at a time.
# Look at the pieces as they arrive:

# %% id="decode-chunks"
sender = labkit.LabServer(port=0, handler=labkit.chunked_handler("こんにちは", chunk_size=4, on_request=True))
sender.start()

with socket.create_connection(sender.address) as client:
    pieces = []
    while chunk := client.recv(4096):
        pieces.append(chunk)
        client.sendall(b"n")   # ja: 「次をください」(04 と同じ) # en: "next, please" (as in 04)

for piece in pieces:
    print(piece, "->", piece.decode("UTF-8", errors="replace"))   # ja: かけらごとに decode すると文字化け # en: decoding each piece garbles it

# %% [markdown] id="note-errors-replace-there" lang="ja"
# `errors="replace"` を付けるとエラーにはなりませんが、切れた文字は `�` (U+FFFD) に置き換わり、**文字が失われます**。
# 表示だけならそれでもよいのですが、データとしては壊れています。
#
# **直し方 (2 通り):**
#
# 1. **バイトのまま貯めて、メッセージ全体がそろってから decode する。** 04 のフレーミング
#    (`recv_all`, `LineReader`, `recv_msg`) はどれも、そろったメッセージだけを decode します。
# 2. **インクリメンタルデコーダを使う。** 文字の途中で切れたバイトを覚えておき、次のかけらとつなげてから文字にします。

# %% [markdown] id="note-errors-replace-there" lang="en"
# With `errors="replace"` there is no error, but a cut character becomes `�` (U+FFFD): **the text is lost**.
# That may do for a display, but the data is broken.
#
# **The fix (two ways):**
#
# 1. **Keep the bytes, and decode once the whole message is there.** The framings of notebook 04
#    (`recv_all`, `LineReader`, `recv_msg`) all decode complete messages only.
# 2. **Use an incremental decoder.** It remembers the bytes of a cut character and joins them with the next piece.

# %% id="decode-when-complete"
# ja: 1. 全部そろってから decode
# en: 1. Decode once everything is there
print(L("まとめて decode:", "decoded at once:"), b"".join(pieces).decode("UTF-8"))

# ja: 2. インクリメンタルデコーダ: かけらごとに渡しても、文字が切れない
# en: 2. An incremental decoder: feed it piece by piece, no character is cut
decoder = codecs.getincrementaldecoder("UTF-8")()
for piece in pieces:
    print(piece, "->", repr(decoder.decode(piece)))
print(L("最後:", "end:"), repr(decoder.decode(b"", final=True)))
sender.stop()

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# | エラー | 原因 | 直し方 |
# |---|---|---|
# | `ConnectionRefusedError` | そのポートで待っているサーバがいない | 先にサーバを起動する。ホストとポートを確かめる |
# | `Address already in use` | 前のサーバがまだ動いている / TIME_WAIT | 前のサーバを止める。`SO_REUSEADDR` (`labkit.reuse_address`) |
# | `TimeoutError` | 決めた時間内に返事がない | `settimeout` を必ず設定し、`except` で知らせる |
# | `ConnectionResetError` | 相手が接続を破棄した (RST) | `except ConnectionError` で受け止めて動き続ける |
# | `TypeError: a bytes-like object is required` | `str` を送ろうとした | `.encode("UTF-8")` / `.decode("UTF-8")` |
# | `UnicodeDecodeError` | 文字の途中で切れたバイト列を decode した | そろってから decode する。インクリメンタルデコーダ |
#
# 次のノートブック `07_white_hat` では、ループバックの中だけで、サーバを外から見るとどう見えるかを調べます。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# | Error | Cause | Fix |
# |---|---|---|
# | `ConnectionRefusedError` | no server waits on that port | start the server first; check host and port |
# | `Address already in use` | the earlier server still runs / TIME_WAIT | stop the earlier server; `SO_REUSEADDR` (`labkit.reuse_address`) |
# | `TimeoutError` | no answer within the time allowed | always `settimeout`, and report it in an `except` |
# | `ConnectionResetError` | the other side aborted the connection (RST) | catch `ConnectionError` and keep running |
# | `TypeError: a bytes-like object is required` | you sent a `str` | `.encode("UTF-8")` / `.decode("UTF-8")` |
# | `UnicodeDecodeError` | you decoded bytes cut mid-character | decode complete messages; an incremental decoder |
#
# The next notebook, `07_white_hat`, looks at a server from the outside, on loopback only.

# %% id="print-servers-running-labkit"
print(L("動いているサーバ:", "servers running:"), labkit.running_servers())
